"""The sandboxed side: runs the student's cells and answers the grader's calls.

This module is imported once by the fork server (so numpy, torch and
matplotlib are already loaded when a child starts) and :func:`serve` runs in
a fresh forked child per submission. Everything the child learns arrives as
plain data over the channel; everything it says goes back the same way.

Requests (JSON objects):

- ``{"op": "exec_cell", "index": i, "source": text}`` runs one code cell.
- ``{"op": "objects", "steps": [...]}`` runs an object program on student objects held
  in the child's handle table, and ``{"op": "release"}`` empties the table
  (:mod:`autograder.sandbox.handles`).
- ``{"op": "calls", "calls": [call, ...]}`` answers each call (a request of op ``call``) in
  turn, with one reply per call, and stops after the first reply that says its call failed
  (:meth:`autograder.sandbox.session.StudentSession.call_many`).
- ``{"op": "call", "function": name, "args": [...], "kwargs": {...},
  "forbid_autograd": bool, "backward": null | {"wrt": [i...], "cotangent": v},
  "count_lines": bool}`` calls a student function. With ``backward`` the child
  also back-propagates ``cotangent`` (default: ones) through the result and
  returns the gradients of the positional arguments listed in ``wrt``. With
  ``count_lines`` the reply's ``"lines"`` counts the lines of the student's own
  code the call executed (-1 if the code switched the counting off), which
  tells a loop over the rows from whole-array operations.

Every reply has ``"ok"``, the captured ``"output"`` and either the result or
an ``"error"`` description.
"""

from __future__ import annotations

import contextlib
import io
import json
import linecache
import os
import resource
import signal
import sys
import tempfile
import time
import traceback
from typing import Any

import numpy as np

import matplotlib.pyplot as plt
import torch

from autograder import fixtures
from autograder.sandbox import isolation, policy, repeat
from autograder.sandbox.handles import HandleTable, answer_objects
from autograder.submission import strip_magics
from autograder.sandbox.wire import (
    ChannelClosed,
    Fixture,
    ProtocolError,
    StudentRef,
    decode,
    encode,
    receive_message,
    send_message,
)

FILE_BYTES = 64 * 1024 * 1024  # largest file student code may write in its scratch directory
THREADS = 256  # most threads (tasks of the child's own uid) at once


class BoundedOutput(io.TextIOBase):
    """A text stream that keeps the first ``limit`` characters and counts the rest."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[str] = []
        self.kept = 0
        self.dropped = 0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        text = str(text)
        room = self.limit - self.kept
        if room > 0:
            self.parts.append(text[:room])
            self.kept += min(room, len(text))
        self.dropped += max(0, len(text) - max(room, 0))
        return len(text)

    def take(self) -> str:
        text = "".join(self.parts)
        if self.dropped:
            text += f"\n... [{self.dropped} more characters of output were dropped]"
        self.parts, self.kept, self.dropped = [], 0, 0
        return text


def serve(sock: Any, limits: dict[str, Any], *, report_fd: int | None = None,
          missing: dict[str, str] | None = None) -> None:
    """Entry point of a sandboxed child: confine it, then answer requests until EOF.

    ``missing`` holds the layers the keeper could not apply; the runner adds
    its own and writes the whole list to ``report_fd`` for the zygote.
    """
    output = BoundedOutput(int(limits["output_chars"]))
    missing = dict(missing or {})
    skip = isolation.layers.simulated_missing()  # read before _confine empties the environment
    _confine(limits, output)
    keep = [sock.fileno()] + ([report_fd] if report_fd is not None else [])
    missing.update(isolation.lock(limits, keep, skip))
    if report_fd is not None:
        os.write(report_fd, json.dumps({"missing": missing}).encode() + b"\n")
        os.close(report_fd)
    namespace: dict[str, Any] = {"__name__": "__main__", "__builtins__": __builtins__}
    table = HandleTable()
    while True:
        try:
            request = receive_message(sock)
        except ChannelClosed:
            return
        op = request.get("op")
        if op == "exec_cell":
            reply = _exec_cell(namespace, int(request["index"]), str(request["source"]))
        elif op == "call":
            reply = answer_call(namespace, request)
        elif op == "calls":
            _answer_calls(sock, namespace, request, output)
            continue
        elif op == "objects":
            # An object program (a7's Value, Neuron, MLP) may draw random numbers (initial weights):
            # seeded per program, so its results do not depend on what ran before in this child.
            repeat.seed_global_random()
            reply = answer_objects(namespace, table, request, functions=_resolve(namespace), describe=_describe)
        elif op == "release":
            table.clear()
            reply = {"ok": True}
        elif op == "shutdown":
            return
        else:
            reply = {"ok": False, "error": {"kind": "protocol", "type": "ProtocolError",
                                            "message": f"unknown op {op!r}", "traceback": ""}}
        _send_reply(sock, reply, output)


def _send_reply(sock: Any, reply: dict[str, Any], output: BoundedOutput, clock: Any = None) -> bool:
    """Send ``reply`` with the output captured since the last one; False if the reply sent says it failed."""
    reply["output"] = output.take()
    plt.close("all")
    try:
        send_message(sock, reply, clock=clock)
    except (ProtocolError, ValueError):
        send_message(sock, {"ok": False, "output": "", "error": {
            "kind": "too_large", "type": "ValueError", "traceback": "",
            "message": "the result is too large to send back to the grader"}}, clock=clock)
        return False
    return bool(reply.get("ok"))


_process_time = time.process_time  # taken before any student code runs (it may replace time.process_time)


def _answer_calls(sock: Any, namespace: dict[str, Any], request: dict[str, Any], output: BoundedOutput) -> None:
    """A batch: answer each call in turn, one reply each, as if each had been its own request, and stop after
    the first reply that says the call failed (the grader stops there too). Each reply carries the child's
    CPU clock, so that the grader can time the next call from there (see ChildProcess.next_reply)."""
    calls = request.get("calls")
    if not isinstance(calls, list) or not all(isinstance(call, dict) for call in calls):
        _send_reply(sock, {"ok": False, "error": {"kind": "protocol", "type": "ProtocolError", "traceback": "",
                                                  "message": "a batch of calls must be a list of calls"}}, output)
        return
    for call in calls:
        if not _send_reply(sock, answer_call(namespace, call), output, clock=_process_time):
            return


def _confine(limits: dict[str, Any], output: BoundedOutput) -> None:
    """Apply the resource limits and the file-system policy, then hide the streams."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):  # C-level writes must not reach the grader's terminal
        os.dup2(devnull, fd)
    os.close(devnull)
    sys.stdin = io.StringIO("")
    sys.stdout = sys.stderr = output

    workdir = limits["workdir"]
    os.environ.clear()  # nothing of the grader's environment reaches student code
    os.environ.update(PATH="/usr/bin:/bin", HOME=workdir, TMPDIR=workdir, LANG="C.UTF-8", MPLBACKEND="Agg",
                      MPLCONFIGDIR=workdir, OMP_NUM_THREADS="1", PYTHONDONTWRITEBYTECODE="1",
                      AUTOGRADER_SANDBOX="1")  # notebook self-checks stand down (see autograder.selfcheck)
    os.chdir(workdir)
    address_space = _current_address_space() + int(limits["memory_bytes"])
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    cpu = int(limits["cpu_seconds"])
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    # No file larger than this (a full disk hurts everyone); a write past it fails instead of killing.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_BYTES, FILE_BYTES))
    resource.setrlimit(resource.RLIMIT_NPROC, (THREADS, THREADS))  # the child's uid is its own: its threads
    torch.set_num_threads(1)
    np.seterr(all="ignore")  # students see the NaNs in their results, not warnings
    tempfile.tempdir = limits["workdir"]  # temporary files go to the scratch directory too
    policy.install(protected=limits["protected_paths"], course_root=limits["course_root"],
                   workdir=limits["workdir"])


def _current_address_space() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


# ------------------------------------------------------------------- cells


def _exec_cell(namespace: dict[str, Any], index: int, source: str) -> dict[str, Any]:
    filename = f"<cell {index}>"
    source = strip_magics(source)
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    try:
        code = compile(source, filename, "exec")
    except SyntaxError as exc:
        where = f"line {exc.lineno}" if exc.lineno else "unknown line"
        return {"ok": False, "error": {"kind": "syntax", "type": "SyntaxError",
                                       "message": f"{exc.msg} ({where})",
                                       "traceback": "".join(traceback.format_exception_only(exc))}}
    try:
        exec(code, namespace)
    except BaseException as exc:  # noqa: BLE001 - a student cell may raise anything
        return {"ok": False, "error": _describe(exc)}
    return {"ok": True}


# ------------------------------------------------------------------- calls


def _resolve(namespace: dict[str, Any]):
    def resolve(marker: Fixture | StudentRef) -> Any:
        if isinstance(marker, StudentRef):
            return namespace[marker.name]
        return fixtures.build(marker.name, marker.params)

    return resolve


def _snapshot(value: Any, depth: int = 0) -> Any:
    """The bytes of an array argument, to detect in-place changes; ``None`` for other values.

    Lists, tuples and dicts that hold arrays (a network's parameters, a forward
    pass's cache) are snapshotted entry by entry, so that changing one of their
    arrays in place, or adding or removing entries, also counts as a change.
    """
    if isinstance(value, np.ndarray):
        return value.tobytes()
    if isinstance(value, torch.Tensor):
        return value.detach().numpy().tobytes()
    if depth < 8 and isinstance(value, (list, tuple, dict)):
        items = list(value.items()) if isinstance(value, dict) else list(enumerate(value))
        parts = tuple((key, _snapshot(item, depth + 1)) for key, item in items)
        return parts if any(part is not None for _, part in parts) else None
    return None


_random_states: dict[str, Any] = {}  # global random states around a call that will be repeated


def answer_call(namespace: dict[str, Any], request: dict[str, Any]) -> dict[str, Any]:
    """Call the student's function and describe the outcome.

    ``"repeat": "first"`` remembers the global random state before and after the
    call; the next request, the same call with ``"repeat": "again"``, runs from the
    state before and leaves the generators as the first run left them, so that
    only randomness from outside the seeded generators makes the two differ
    (see :mod:`autograder.sandbox.repeat`).
    """
    mode = request.get("repeat")
    if mode == "again" and "before" in _random_states:
        repeat.set_global_random_state(_random_states.pop("before"))
        try:
            return _answer_once(namespace, request)
        finally:
            repeat.set_global_random_state(_random_states.pop("after"))
    _random_states.clear()
    if mode == "first":
        _random_states["before"] = repeat.global_random_state()
    reply = _answer_once(namespace, request)
    if mode == "first":
        _random_states["after"] = repeat.global_random_state()
    return reply


def _answer_once(namespace: dict[str, Any], request: dict[str, Any]) -> dict[str, Any]:
    name = str(request["function"])
    function = namespace.get(name)
    if function is None:
        return {"ok": False, "error": {"kind": "missing", "type": "NameError", "traceback": "",
                                       "message": f"your submission does not define {name}"}}
    if not callable(function):
        return {"ok": False, "error": {"kind": "missing", "type": "TypeError", "traceback": "",
                                       "message": f"{name} is a {type(function).__name__}, not a function"}}
    try:
        resolve = _resolve(namespace)
        args = decode(request.get("args", []), resolve=resolve, as_torch=True)
        kwargs = decode(request.get("kwargs", {"__dict__": {}}), resolve=resolve, as_torch=True)
    except KeyError as exc:
        return {"ok": False, "error": {"kind": "missing", "type": "NameError", "traceback": "",
                                       "message": f"your submission does not define {exc.args[0]}"}}
    before = [_snapshot(a) for a in args] + [_snapshot(v) for v in kwargs.values()]
    backward = request.get("backward")
    guard = policy.autograd_forbidden() if request.get("forbid_autograd") else contextlib.nullcontext()
    counter = _LineCounter() if request.get("count_lines") else contextlib.nullcontext()
    try:
        with guard, counter:
            value = function(*args, **kwargs)
        grads = _backward(value, args, backward) if backward else None
    except BaseException as exc:  # noqa: BLE001
        return {"ok": False, "error": _describe(exc)}
    after = [_snapshot(a) for a in args] + [_snapshot(v) for v in kwargs.values()]
    labels = [str(i) for i in range(len(args))] + list(kwargs)
    mutated = [label for label, b, a in zip(labels, before, after) if b is not None and b != a]
    reply: dict[str, Any] = {"ok": True, "value": encode(value), "mutated": mutated,
                             "after": encode([*args, *kwargs.values()])}  # the grader compares them itself
    if grads is not None:
        reply["grads"] = encode(grads)
    if isinstance(counter, _LineCounter):
        reply["lines"] = counter.lines
    return reply


class _LineCounter:
    """Counts the lines executed in the student's own code (cells, ``exec``) while it is active.

    Library code (numpy, torch) is not traced, so the count is the Python-level work the
    student wrote: it stays the same for any batch size when the code uses whole-array
    operations, and grows by at least one per row when it loops over the rows.
    """

    def __init__(self) -> None:
        self.lines = 0
        self._previous: Any = None
        self._installed: Any = None

    def _line(self, frame: Any, event: str, arg: Any) -> Any:
        if event == "line":
            self.lines += 1
        return self._line

    def _call(self, frame: Any, event: str, arg: Any) -> Any:
        name = frame.f_code.co_filename
        if name.startswith("<") and not name.startswith("<frozen"):
            return self._line
        return None

    def __enter__(self) -> "_LineCounter":
        self._previous = sys.gettrace()
        sys.settrace(self._call)
        self._installed = sys.gettrace()  # a bound method is a new object at every attribute access
        return self

    def __exit__(self, *exc: Any) -> None:
        if sys.gettrace() is not self._installed:
            self.lines = -1  # the student's code changed the trace function: the count means nothing
        sys.settrace(self._previous)


def _backward(value: Any, args: list[Any], backward: dict[str, Any]) -> list[Any]:
    """Back-propagate through the student's result; gradients of the ``wrt`` arguments."""
    if not isinstance(value, torch.Tensor):
        raise TypeError(f"expected a torch.Tensor result, got {type(value).__name__}")
    if value.grad_fn is None:
        raise TypeError("the result is not connected to the autograd graph of the input "
                        "(did you convert to NumPy, call .detach(), .item() or build a new tensor?)")
    cotangent = decode(backward.get("cotangent"), as_torch=True)
    if cotangent is None:
        cotangent = torch.ones_like(value)
    value.backward(cotangent.to(value.dtype))
    grads = []
    for index in backward["wrt"]:
        grad = args[index].grad
        grads.append(None if grad is None else grad)
    return grads


def _describe(exc: BaseException) -> dict[str, Any]:
    """Describe an exception raised by student code, with the student's frames only."""
    if isinstance(exc, SystemExit):
        return {"kind": "exit", "type": "SystemExit", "traceback": "",
                "message": f"the code called sys.exit({exc.code!r}) or exit()"}
    kind = "not_implemented" if isinstance(exc, NotImplementedError) else "exception"
    if isinstance(exc, MemoryError):
        kind = "memory"
    if isinstance(exc, policy.Forbidden):
        kind = "forbidden"
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith("<cell ")]
    lines = traceback.format_list(frames[-5:]) + traceback.format_exception_only(type(exc), exc)
    return {"kind": kind, "type": type(exc).__name__, "message": str(exc)[:2000],
            "traceback": "".join(lines)[-4000:]}
