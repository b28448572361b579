"""A warm process that forks sandboxed children on request.

Starting Python and importing numpy, torch and matplotlib takes seconds;
forking a process that has already done so takes milliseconds. The zygote is
started once per grader process with nothing secret in memory (it never sees
a reference solution or a hidden test), imports :mod:`autograder.sandbox.child`
and then waits on a control socket. For each request it receives one end of a
fresh socket pair (by SCM_RIGHTS) plus the child's limits, forks, and the new
child serves the grader on that socket. ``multiprocessing``'s fork server is
not used because it re-runs the grader's ``__main__`` module in every child.

Control messages are newline-free JSON, one per ``sendmsg``:

- ``{"op": "fork", "limits": {...}}`` with one fd attached → ``{"pid": n}``
- ``{"op": "wait", "pid": n}`` → ``{"status": s}`` (``os.waitpid`` status)
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
from typing import Any

_MAX_CONTROL = 1 << 16


def main(control_fd: int) -> None:
    """The zygote's loop (runs in its own process)."""
    from autograder.sandbox.warmup import prepare_zygote

    prepare_zygote()  # the expensive imports, and what a child's first call would load (warmup.py)
    from autograder.sandbox import child

    control = socket.socket(fileno=control_fd)
    statuses: dict[int, int] = {}
    while True:
        try:
            data, fds, _flags, _addr = socket.recv_fds(control, _MAX_CONTROL, 1)
        except OSError:
            return
        if not data:
            return  # the grader went away
        request = json.loads(data)
        if request["op"] == "fork":
            pid = os.fork()
            if pid == 0:
                control.close()
                code = 0
                try:
                    _die_with_parent()
                    child.serve(socket.socket(fileno=fds[0]), request["limits"])
                except BaseException:  # noqa: BLE001 - the child must never return into the loop
                    code = 70
                os._exit(code)
            for fd in fds:
                os.close(fd)
            reply: dict[str, Any] = {"pid": pid}
        elif request["op"] == "wait":
            pid = int(request["pid"])
            if pid not in statuses:
                _, statuses[pid] = os.waitpid(pid, 0)
            reply = {"status": statuses.pop(pid)}
        else:
            reply = {"error": f"unknown op {request['op']!r}"}
        control.sendall(json.dumps(reply).encode() + b"\n")


def _die_with_parent() -> None:
    """Ask Linux to kill this child if the zygote dies (so no child outlives a grader)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, 9)
    except (OSError, AttributeError):
        pass


class Zygote:
    """The grader's client for one zygote process."""

    def __init__(self) -> None:
        ours, theirs = socket.socketpair()
        self._scratch = tempfile.mkdtemp(prefix="autograder-zygote-")
        env = dict(os.environ, MPLBACKEND="Agg", OMP_NUM_THREADS="1", PYTHONDONTWRITEBYTECODE="1")
        self._process = subprocess.Popen(
            [sys.executable, "-c", f"from autograder.sandbox.zygote import main; main({theirs.fileno()})"],
            pass_fds=[theirs.fileno()], cwd=self._scratch, env=env,
            stdin=subprocess.DEVNULL,
        )
        theirs.close()
        self._control = ours
        self._replies = ours.makefile("rb")
        self._lock = threading.Lock()

    def _ask(self, request: dict[str, Any], fds: list[int] = ()) -> dict[str, Any]:
        with self._lock:
            socket.send_fds(self._control, [json.dumps(request).encode()], list(fds))
            line = self._replies.readline()
        if not line:
            raise RuntimeError("the sandbox zygote exited")
        return json.loads(line)

    def fork(self, channel: socket.socket, limits: dict[str, Any]) -> int:
        """Start a child that serves on ``channel``; returns its pid."""
        return int(self._ask({"op": "fork", "limits": limits}, [channel.fileno()])["pid"])

    def wait(self, pid: int) -> int:
        """Reap a child that has ended (or been killed); returns its ``waitpid`` status."""
        return int(self._ask({"op": "wait", "pid": pid})["status"])

    def close(self) -> None:
        self._control.close()
        self._process.wait(10)


_zygote: Zygote | None = None
_zygote_lock = threading.Lock()


def shared() -> Zygote:
    """The zygote of this grader process, started on first use."""
    global _zygote
    with _zygote_lock:
        if _zygote is None or _zygote._process.poll() is not None:
            _zygote = Zygote()
        return _zygote
