"""Run one submission's cells in a sandboxed child and call its functions.

A session owns at most one child at a time. It runs the student's code cells
in order, as the student would have, and records what happened to each. If a
call later kills or hangs the child, the session starts a fresh child and
replays the cells that had run normally, so one bad call costs only the test
that made it. Cells that themselves killed or hung a child are not replayed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autograder.sandbox.process import ChildFailure, ChildProcess, Limits
from autograder.sandbox.wire import decode, encode


@dataclass
class CellRun:
    """What happened when one code cell ran."""

    index: int  # position among the notebook's cells, counted from 1
    status: str  # "ok", "error", "timeout" or "crashed"
    error: str = ""  # one line: exception type and message
    traceback: str = ""
    output: str = ""


@dataclass
class CallFailure(Exception):
    """A call into student code did not return a value."""

    kind: str  # "exception", "not_implemented", "missing", "timeout", "crashed", "forbidden", ...
    error_type: str
    message: str
    traceback: str = ""
    output: str = ""

    def __str__(self) -> str:
        return self.message


@dataclass
class CallResult:
    value: Any
    mutated: list[str]  # positional indices or keyword names of array arguments the call changed
    grads: list[Any] | None
    output: str


class StudentSession:
    """The student's code, running in a sandbox, seen from the grader."""

    def __init__(self, cells: list[tuple[int, str]], *, limits: Limits, protected: list[Path],
                 course_root: Path) -> None:
        self.cells = cells  # (notebook index, source) of each code cell, in order
        self.limits = limits
        self._protected = protected
        self._course_root = course_root
        self._child: ChildProcess | None = None
        self._replayable: list[tuple[int, str]] = []
        self._used = 0.0  # seconds spent waiting for the child: what the submission limit counts
        self.cell_runs: list[CellRun] = []
        self.restarts = 0
        self._hung: dict[str, str] = {}  # functions that timed out once are not called again

    # ------------------------------------------------------------------ lifecycle

    def __enter__(self) -> "StudentSession":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._child is not None:
            self._child.close()
            self._child = None

    def remaining(self) -> float:
        """Seconds left of the submission's time limit (only time spent in student code counts)."""
        return self.limits.submission_seconds - self._used

    def _request(self, message: dict[str, Any], timeout: float) -> dict[str, Any]:
        started = time.monotonic()
        try:
            return self._child.request(message, timeout=timeout)
        finally:
            self._used += time.monotonic() - started

    def _new_child(self) -> ChildProcess:
        return ChildProcess(limits=self.limits, protected=self._protected, course_root=self._course_root)

    # ------------------------------------------------------------------ cells

    def run_cells(self) -> list[CellRun]:
        """Run every code cell once, recording each outcome."""
        for index, source in self.cells:
            run = self._run_cell(index, source)
            self.cell_runs.append(run)
            if run.status in ("ok", "error"):
                self._replayable.append((index, source))
        return self.cell_runs

    def _run_cell(self, index: int, source: str) -> CellRun:
        if self._child is None or not self._child.alive:
            self._child = self._new_child()
            if not self._replay():
                return CellRun(index, "crashed", "the sandbox could not be restarted")
        timeout = min(self.limits.cell_seconds, max(self.remaining(), 0.0))
        try:
            reply = self._request({"op": "exec_cell", "index": index, "source": source}, timeout)
        except ChildFailure as failure:
            status = "timeout" if failure.kind == "timeout" else "crashed"
            what = f"the cell {failure.reason}" if status == "timeout" else f"Python {failure.reason}"
            return CellRun(index, status, what)
        if reply.get("ok"):
            return CellRun(index, "ok", output=str(reply.get("output", "")))
        error = reply.get("error", {})
        return CellRun(index, "error", f"{error.get('type', 'Error')}: {error.get('message', '')}",
                       str(error.get("traceback", "")), str(reply.get("output", "")))

    def _replay(self) -> bool:
        """Bring a fresh child to the state the cells left the old one in."""
        for index, source in self._replayable:
            timeout = min(self.limits.cell_seconds, max(self.remaining(), 0.0))
            try:
                self._request({"op": "exec_cell", "index": index, "source": source}, timeout)
            except ChildFailure:
                return False
        return True

    # ------------------------------------------------------------------ calls

    def call(self, function: str, args: tuple[Any, ...] = (), kwargs: dict[str, Any] | None = None, *,
             forbid_autograd: bool = False, backward: dict[str, Any] | None = None,
             timeout: float | None = None) -> CallResult:
        """Call the student's ``function`` in the child; raises :class:`CallFailure`."""
        remaining = self.remaining()
        if remaining <= 0:
            raise CallFailure("timeout", "Timeout", "the submission used up its total time limit of "
                              f"{self.limits.submission_seconds:g} s before this test could run")
        if function in self._hung:
            raise CallFailure("timeout", "Timeout", self._hung[function])
        if self._child is None or not self._child.alive:
            self.restarts += 1
            self._child = self._new_child()
            if not self._replay():
                raise CallFailure("crashed", "Crashed", "the sandbox could not be restarted: "
                                  "re-running your cells failed")
        request = call_request(function, args, kwargs, forbid_autograd=forbid_autograd, backward=backward)
        limit = min(timeout or self.limits.call_seconds, remaining)
        try:
            reply = self._request(request, limit)
        except ChildFailure as failure:
            if failure.kind == "timeout":
                self._hung[function] = hung_message(function, limit)
                raise CallFailure("timeout", "Timeout", self._hung[function]) from None
            raise CallFailure(failure.kind, "Crashed", f"Python {failure.reason} while running {function}") from None
        return call_result(function, reply, request)


def hung_message(function: str, seconds: float) -> str:
    """What a student reads when ``function`` timed out (it is not called again)."""
    return (f"{function} did not return within {seconds:g} s (an infinite loop, or far too slow); "
            "after one time-out it is not called again")


def call_request(function: str, args: tuple[Any, ...] = (), kwargs: dict[str, Any] | None = None, *,
                 forbid_autograd: bool = False, backward: dict[str, Any] | None = None) -> dict[str, Any]:
    """The channel message that asks for ``function(*args, **kwargs)``."""
    return {
        "op": "call",
        "function": function,
        "args": encode(list(args)),
        "kwargs": encode(dict(kwargs or {})),
        "forbid_autograd": forbid_autograd,
        "backward": None if backward is None else {
            "wrt": list(backward["wrt"]), "cotangent": encode(backward.get("cotangent"))},
    }


def call_result(function: str, reply: dict[str, Any], request: dict[str, Any] | None = None) -> CallResult:
    """Decode the child's reply to a call; raises :class:`CallFailure` if the call failed.

    With the ``request`` the grader also compares, itself, the arrays it sent with the arguments as the
    child returned them after the call (see :func:`changed_arguments`): a child that reports no
    change does not hide one.
    """
    output = str(reply.get("output", ""))
    if not reply.get("ok"):
        error = reply.get("error", {})
        raise CallFailure(str(error.get("kind", "exception")), str(error.get("type", "Error")),
                          str(error.get("message", "")), str(error.get("traceback", "")), output)
    try:
        value = decode(reply.get("value"))
        grads = decode(reply["grads"]) if "grads" in reply else None
    except Exception as exc:  # a malformed reply is the student's problem, not the grader's
        raise CallFailure("protocol", "ProtocolError", f"{function} returned a value the grader "
                          f"cannot read: {exc}") from None
    mutated = [str(m) for m in reply.get("mutated", [])]
    if request is not None:
        mutated += [m for m in changed_arguments(request, reply.get("after")) if m not in mutated]
    return CallResult(value, mutated, grads, output)


def changed_arguments(request: dict[str, Any], after: Any) -> list[str]:
    """Labels (positional index or keyword) of the array arguments whose bytes differ from what was sent."""
    sent = list(request.get("args", [])) + list(request.get("kwargs", {}).get("__dict__", {}).values())
    labels = [str(i) for i in range(len(request.get("args", [])))] + list(request.get("kwargs", {}).get("__dict__", {}))
    if not isinstance(after, list) or len(after) != len(sent):
        return [label for label, value in zip(labels, sent) if array_leaves(value)]  # cannot tell: assume changed
    return [label for label, before, now in zip(labels, sent, after)
            if array_leaves(before) and array_leaves(before) != array_leaves(now)]


def array_leaves(data: Any, depth: int = 0) -> list[tuple[Any, ...]]:
    """The arrays inside an encoded value (their bytes, dtype and shape, in order), for comparisons."""
    if depth > 60:
        return [("too deep",)]
    if isinstance(data, list):
        return [leaf for item in data for leaf in array_leaves(item, depth + 1)]
    if not isinstance(data, dict):
        return []
    if "__ndarray__" in data:
        return [(data.get("__ndarray__"), data.get("dtype"), str(data.get("shape")))]
    if "__tuple__" in data:
        return array_leaves(data["__tuple__"], depth + 1)
    if "__dict__" in data and isinstance(data["__dict__"], dict):
        return [(key,) + leaf for key, value in data["__dict__"].items() for leaf in array_leaves(value, depth + 1)]
    return []
