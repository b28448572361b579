"""Run one submission's cells in a sandboxed child and call its functions.

A session owns at most one child at a time. It runs the student's code cells
in order, as the student would have, and records what happened to each. If a
call later kills or hangs the child, the session starts a fresh child and
replays the cells that had run normally, so one bad call costs only the test
that made it. Cells that themselves killed or hung a child are not replayed.

Time limits count the child's CPU time (see
:meth:`autograder.sandbox.process.ChildProcess.request`), so a busy machine does
not change a grade; the grader's own work happens in another process and is
never counted. A function that timed out once is not called again, and the
first call of every function runs twice to catch results that depend on
randomness or the clock (:mod:`autograder.sandbox.repeat`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from collections.abc import Sequence
from typing import Any

from autograder.sandbox.failure import CallFailure
from autograder.sandbox.objects import Program, ProgramResult, StaleHandle, program_result
from autograder.sandbox.process import ChildFailure, ChildProcess, Limits, Usage
from autograder.sandbox.repeat import outcomes_agree
from autograder.sandbox.wire import MAX_MESSAGE_BYTES, batch_payload, decode, encode, message_bytes


@dataclass
class CellRun:
    """What happened when one code cell ran."""

    index: int  # position among the notebook's cells, counted from 1
    status: str  # "ok", "error", "timeout" or "crashed"
    error: str = ""  # one line: exception type and message
    traceback: str = ""
    output: str = ""


@dataclass
class CallResult:
    value: Any
    mutated: list[str]  # positional indices or keyword names of array arguments the call changed
    grads: list[Any] | None
    output: str
    lines: int | None = None  # lines of the student's code the call ran (asked for with count_lines)


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
        self._used = 0.0  # CPU seconds the child spent on requests: what the submission limit counts
        self.cell_runs: list[CellRun] = []
        self.restarts = 0
        self._hung: dict[str, str] = {}  # functions that timed out once are not called again
        self._nondeterministic: dict[str, str] = {}  # functions whose two runs disagreed
        self._repeated: set[str] = set()  # functions whose first returned call ran twice and agreed
        self.check_repeats = True  # run the first call of each function twice
        self.call_usage: list[tuple[str, Usage]] = []  # (function, cost) of every call, for bench/
        self.handle_scope = 0  # which handle table is current (see autograder.sandbox.objects)
        self._handles_made = False

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
        """CPU seconds left of the submission's limit (only the child's CPU time counts)."""
        return self.limits.submission_seconds - self._used

    def _budget(self, per_request: float) -> tuple[float, str]:
        """CPU seconds for the next request, and the name of the limit that sets them."""
        left = max(self.remaining(), 0.0)
        if left < per_request:
            return left, f"what was left of the submission's {self.limits.submission_seconds:g} s"
        return per_request, ""

    def _request(self, message: dict[str, Any], cpu_seconds: float, *, charge: bool = True) -> dict[str, Any]:
        """One request; the submission is charged the child's CPU time for it."""
        try:
            return self._child.request(message, cpu_seconds=cpu_seconds)
        finally:
            if charge:
                self._used += self._child.last_usage.cpu

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
        seconds, limit = self._budget(self.limits.cell_seconds)
        try:
            reply = self._request({"op": "exec_cell", "index": index, "source": source}, seconds)
        except ChildFailure as failure:
            if failure.kind == "timeout":
                return CellRun(index, "timeout", "the cell " + time_out_text(
                    "did not finish", failure, seconds, limit or "the per-cell limit"))
            return CellRun(index, "crashed", f"Python {failure.reason}")
        if reply.get("ok"):
            return CellRun(index, "ok", output=str(reply.get("output", "")))
        error = reply.get("error", {})
        return CellRun(index, "error", f"{error.get('type', 'Error')}: {error.get('message', '')}",
                       str(error.get("traceback", "")), str(reply.get("output", "")))

    def _replay(self) -> bool:
        """Bring a fresh child to the state the cells left the old one in."""
        for index, source in self._replayable:
            try:
                self._request({"op": "exec_cell", "index": index, "source": source},
                              self._budget(self.limits.cell_seconds)[0])
            except ChildFailure:
                return False
        return True

    # ------------------------------------------------------------------ calls

    def call(self, function: str, args: tuple[Any, ...] = (), kwargs: dict[str, Any] | None = None, *,
             forbid_autograd: bool = False, backward: dict[str, Any] | None = None,
             timeout: float | None = None, count_lines: bool = False) -> CallResult:
        """Call the student's ``function`` in the child; raises :class:`CallFailure`.

        ``timeout`` overrides the spec's per-call CPU limit for this call; ``count_lines``
        asks the child to count the lines of student code the call runs.
        """
        self._refuse(function)
        self._ensure_child()
        request = call_request(function, args, kwargs, forbid_autograd=forbid_autograd, backward=backward,
                               count_lines=count_lines)
        seconds, limit = self._budget(timeout or self.limits.call_seconds)
        twice = self.check_repeats and function not in self._repeated
        if not twice:
            return call_result(function, self._call_once(function, request, seconds, limit), request)
        first = self._call_once(function, {**request, "repeat": "first"}, seconds, limit)
        # The second run is the grader's check, not the student's work: it is not charged.
        again = self._call_once(function, {**request, "repeat": "again"}, seconds, limit, charge=False)
        if not outcomes_agree(first, again):
            self._nondeterministic[function] = nondeterministic_message(function)
            raise CallFailure("nondeterministic", "Nondeterministic", self._nondeterministic[function])
        if first.get("ok"):
            self._repeated.add(function)
        return call_result(function, first, request)

    def call_many(self, function: str, calls: Sequence[tuple[tuple[Any, ...], dict[str, Any] | None]], *,
                  forbid_autograd: bool = False, backward: dict[str, Any] | None = None,
                  timeout: float | None = None, count_lines: bool = False) -> list[CallResult]:
        """``[self.call(function, args, kwargs, ...) for args, kwargs in calls]`` in fewer round trips.

        The same calls run in the same order with the same results: each has its own CPU limit, and the
        first that fails raises exactly what :meth:`call` raises for it, the later ones never running.
        The calls that :meth:`call` would treat specially go through it one at a time: the first of a
        function (run twice, :mod:`autograder.sandbox.repeat`) and any call once nothing may run. The
        others go to the child in requests of several calls (``{"op": "calls"}``, each at most
        :data:`~autograder.sandbox.wire.MAX_MESSAGE_BYTES`), which the child answers with one reply per
        call as each finishes, so that the grader times and checks each call as it would a single one.
        """
        calls = [(tuple(args), dict(kwargs or {})) for args, kwargs in calls]
        options = {"forbid_autograd": forbid_autograd, "backward": backward, "count_lines": count_lines}
        results: list[CallResult] = []
        while calls and (len(calls) == 1 or not self._batchable(function)):
            args, kwargs = calls.pop(0)
            results.append(self.call(function, args, kwargs, timeout=timeout, **options))
        requests = [call_request(function, args, kwargs, **options) for args, kwargs in calls]
        for chunk in batches(requests):
            results.extend(self._call_batch(function, chunk, timeout))
        return results

    def _call_batch(self, function: str, chunk: list[tuple[dict[str, Any], bytes]],
                    timeout: float | None) -> list[CallResult]:
        """The calls of one request (see :meth:`call_many`); a chunk of one is sent as a single call."""
        results = []
        for number, (request, _) in enumerate(chunk):
            if number:
                if self.remaining() <= 0:
                    # The child has started this call, which single calls would never have made: it goes,
                    # with whatever the call changed (every later call is refused for want of time anyway).
                    self._child.kill()
                self._refuse(function)
            else:
                self._refuse(function)
                self._ensure_child()
            seconds, limit = self._budget(timeout or self.limits.call_seconds)
            if len(chunk) == 1:
                reply = self._call_once(function, request, seconds, limit)
            else:
                send = batch_payload([payload for _, payload in chunk]) if number == 0 else None
                reply = self._call_once(function, request, seconds, limit, batched=True, send=send)
            try:
                results.append(call_result(function, reply, request))
            except CallFailure:
                if reply.get("ok") and number + 1 < len(chunk):
                    # A reply the grader cannot read that the child thought fine: it has gone on to the next
                    # call, which single calls would never have made.
                    self._child.kill()
                raise
        return results

    def _refuse(self, function: str) -> None:
        """Raise the :class:`CallFailure` of a call of ``function`` that may not run now, if it may not."""
        if self.remaining() <= 0:
            raise CallFailure("timeout", "Timeout", "the submission used up its total time limit of "
                              f"{self.limits.submission_seconds:g} s of CPU time before this test could run")
        if function in self._hung:
            raise CallFailure("not_run", "NotRun", self._hung[function])
        if function in self._nondeterministic:
            raise CallFailure("nondeterministic", "Nondeterministic", self._nondeterministic[function])

    def _batchable(self, function: str) -> bool:
        """Whether the next call of ``function`` may go in a batch: :meth:`call` would just send it."""
        return (self.remaining() > 0 and function not in self._hung and function not in self._nondeterministic
                and not (self.check_repeats and function not in self._repeated))

    def _ensure_child(self) -> None:
        """A live child with the cells replayed; objects held by a replaced child are gone."""
        if self._child is None or not self._child.alive:
            self.restarts += 1
            self.handle_scope += 1
            self._child = self._new_child()
            if not self._replay():
                raise CallFailure("crashed", "Crashed", "the sandbox could not be restarted: "
                                  "re-running your cells failed")

    # ------------------------------------------------------------------ objects held by handle

    def run_objects(self, program: Program, *, timeout: float | None = None) -> ProgramResult:
        """Run an object program in the child (:mod:`autograder.sandbox.objects`); raises :class:`CallFailure`.

        Charged and limited like a call of a function named ``program.label``; never repeated
        (methods such as ``backward()`` change the objects they run on).
        """
        if self.remaining() <= 0:
            raise CallFailure("timeout", "Timeout", "the submission used up its total time limit of "
                              f"{self.limits.submission_seconds:g} s of CPU time before this test could run")
        if program.label in self._hung:
            raise CallFailure("not_run", "NotRun", self._hung[program.label])
        program.request(self.handle_scope)  # a handle of an earlier test is the test's mistake: StaleHandle
        self._ensure_child()
        try:
            request = program.request(self.handle_scope)
        except StaleHandle:
            raise CallFailure("crashed", "Crashed", "the sandbox was restarted after a crash or a time-out, and "
                              "the objects made before it are gone") from None
        seconds, limit = self._budget(timeout or self.limits.call_seconds)
        self._handles_made = True
        return program_result(program, self._call_once(program.label, request, seconds, limit), self.handle_scope)

    def release_handles(self) -> None:
        """Forget every object the grader holds a handle to (before each test)."""
        self.handle_scope += 1
        if self._handles_made and self._child is not None and self._child.alive:
            self._handles_made = False
            try:
                self._request({"op": "release"}, self.limits.call_seconds, charge=False)
            except ChildFailure:
                pass  # a child that cannot empty its table is replaced at the next request

    def _call_once(self, function: str, request: dict[str, Any], seconds: float, limit: str, *,
                   charge: bool = True, batched: bool = False, send: bytes | None = None) -> dict[str, Any]:
        """One call's reply: a request of its own, or (``batched``) the next reply of a batch (``send``: the
        batch's request, sent first)."""
        try:
            if not batched:
                return self._request(request, seconds, charge=charge)
            try:
                if send is not None:
                    self._child.send(send, cpu_seconds=seconds)
                return self._child.next_reply(cpu_seconds=seconds)
            finally:
                self._used += self._child.last_usage.cpu
        except ChildFailure as failure:
            self._call_failed(function, failure, seconds, limit)
        finally:
            self.call_usage.append((function, self._child.last_usage))

    def _call_failed(self, function: str, failure: ChildFailure, seconds: float, limit: str) -> None:
        """Raise the :class:`CallFailure` a call of ``function`` that ended in ``failure`` raises."""
        if failure.kind == "timeout":
            self._hung[function] = hung_message(function, failure, seconds, limit)
            raise CallFailure("timeout", "Timeout", self._hung[function]) from None
        raise CallFailure(failure.kind, "Crashed", f"Python {failure.reason} while running {function}") from None


def time_out_text(verb: str, failure: ChildFailure, seconds: float, limit: str) -> str:
    """``did not finish within 3 s of CPU time (the per-cell limit, ...)``: which limit ran out and how
    much CPU time the code used, worded so that grading the same code twice gives the same text."""
    if failure.limit == "wall":
        return (f"{verb} within {round(failure.seconds, 1):g} s of wall-clock time (the limit for code that sleeps or "
                f"waits; it used {failure.usage.cpu:.1f} s of CPU time)")
    return (f"{verb} within {round(seconds, 1):g} s of CPU time ({limit}, used up entirely: an infinite loop, "
            "or far too slow)")


def hung_message(function: str, failure: ChildFailure, seconds: float, limit: str = "") -> str:
    """What a student reads when ``function`` timed out (it is not called again)."""
    what = time_out_text("did not return", failure, seconds, limit or "the per-call limit")
    return f"{function} {what}; after one time-out it is not called again"


def nondeterministic_message(function: str) -> str:
    """What a student reads when ``function`` gave two different results for the same input."""
    return (f"{function} is nondeterministic: called twice with the same input, it returned different results, "
            "so its grade would change from one grading to the next. It depends on something other than its "
            "arguments: the time, fresh randomness (os.urandom, random.SystemRandom, np.random.default_rng() "
            "without a seed) or a variable an earlier call changed.\nhint: take random numbers only from a "
            "generator you are given (or seed one with a fixed number), and compute the result from the "
            "arguments alone")


def call_request(function: str, args: tuple[Any, ...] = (), kwargs: dict[str, Any] | None = None, *,
                 forbid_autograd: bool = False, backward: dict[str, Any] | None = None,
                 count_lines: bool = False) -> dict[str, Any]:
    """The channel message that asks for ``function(*args, **kwargs)``."""
    request = {
        "op": "call",
        "function": function,
        "args": encode(list(args)),
        "kwargs": encode(dict(kwargs or {})),
        "forbid_autograd": forbid_autograd,
        "backward": None if backward is None else {
            "wrt": list(backward["wrt"]), "cotangent": encode(backward.get("cotangent"))},
    }
    if count_lines:
        request["count_lines"] = True
    return request


def batches(requests: list[dict[str, Any]]) -> list[list[tuple[dict[str, Any], bytes]]]:
    """``requests`` (calls) in order, each with its encoded bytes, in runs that fit one message each."""
    room = MAX_MESSAGE_BYTES - len(batch_payload([]))
    chunks: list[list[tuple[dict[str, Any], bytes]]] = []
    size = room + 1
    for request in requests:
        payload = message_bytes(request)
        if size + len(payload) + 1 > room:
            chunks.append([])
            size = 0
        chunks[-1].append((request, payload))
        size += len(payload) + 1
    return chunks


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
    lines = reply.get("lines")
    return CallResult(value, mutated, grads, output, lines if isinstance(lines, int) else None)


def changed_arguments(request: dict[str, Any], after: Any) -> list[str]:
    """Labels (positional index or keyword) of the array arguments whose bytes differ from what was sent."""
    sent = list(request.get("args", [])) + list(request.get("kwargs", {}).get("__dict__", {}).values())
    labels = [str(i) for i in range(len(request.get("args", [])))] + list(request.get("kwargs", {}).get("__dict__", {}))
    if not isinstance(after, list) or len(after) != len(sent):
        return [label for label, value in zip(labels, sent) if array_leaves(value)]  # cannot tell: assume changed
    changed = []
    for label, before, now in zip(labels, sent, after):
        leaves = array_leaves(before)
        if leaves and leaves != array_leaves(now):
            changed.append(label)
    return changed


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
