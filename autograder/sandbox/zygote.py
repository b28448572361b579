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
- ``{"op": "attach"}`` with one fd attached, no reply: the fd is one more control
  socket, served like the first. A batch starts one zygote and attaches each of
  its workers (:mod:`autograder.workers`), so the imports and warm-up are paid
  once per batch, not once per worker. The zygote ends when its first control
  socket closes; an attached one closing only drops that client.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from typing import Any

from autograder.sandbox import isolation

_MAX_CONTROL = 1 << 16


def main(control_fd: int) -> None:
    """The zygote's process: serve until the grader that started it goes away, then remove its home folder."""
    try:
        _serve(control_fd)
    finally:
        shutil.rmtree(os.getcwd(), ignore_errors=True)  # the scratch folder the grader made for it (``Zygote``)


def _serve(control_fd: int) -> None:
    """The zygote's loop."""
    from autograder.sandbox.warmup import prepare_zygote

    prepare_zygote()  # the expensive imports, and what a child's first call would load (warmup.py)

    owner = socket.socket(fileno=control_fd)
    controls = [owner]
    statuses: dict[int, int] = {}
    keepers: dict[int, int] = {}  # runner pid (what the grader knows) -> keeper pid (our child)
    while True:
        readable, _, _ = select.select(controls, [], [])
        for control in readable:
            try:
                data, fds, _flags, _addr = socket.recv_fds(control, _MAX_CONTROL, 1)
            except OSError:
                data, fds = b"", []
            if not data:  # a grader went away
                if control is owner:
                    return
                controls.remove(control)
                control.close()
                continue
            request = json.loads(data)
            if request["op"] == "attach":
                controls += [socket.socket(fileno=fd) for fd in fds]
                continue
            if request["op"] == "fork":
                reply = _fork_child(controls, request, fds, keepers)
            elif request["op"] == "wait":
                keeper = keepers.pop(int(request["pid"]), int(request["pid"]))
                if keeper not in statuses:
                    _, statuses[keeper] = os.waitpid(keeper, 0)
                reply = {"status": statuses.pop(keeper)}
            else:
                reply = {"error": f"unknown op {request['op']!r}"}
            try:
                control.sendall(json.dumps(reply).encode() + b"\n")
            except OSError:
                if control is owner:
                    return
                controls.remove(control)
                control.close()


def _fork_child(controls: list[socket.socket], request: dict[str, Any], fds: list[int],
                keepers: dict[int, int]) -> dict[str, Any]:
    """Fork a keeper that isolates itself and forks the runner (see :mod:`autograder.sandbox.isolation`).

    The reply names the runner's pid and the sandbox layers it could not apply.
    """
    from autograder.sandbox import child

    report_read, report_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        for control in controls:
            control.close()
        os.close(report_read)
        code = 0
        try:
            _die_with_parent()
            missing = isolation.enter(request["limits"], fds[0], report_write)
            child.serve(socket.socket(fileno=fds[0]), request["limits"], report_fd=report_write,
                        missing=missing)
        except BaseException as exc:  # noqa: BLE001 - the child must never return into the loop
            code = 70
            why = f"{type(exc).__name__}: {exc}"
            if os.environ.get("AUTOGRADER_SANDBOX_DEBUG"):
                why += "\n" + traceback.format_exc()[-600:]
            try:  # if confinement failed, the pipe is still open: say why (the grader refuses to go on)
                os.write(report_write, json.dumps({"failed": why}).encode() + b"\n")
            except OSError:
                pass
        os._exit(code)
    os.close(report_write)
    for fd in fds:
        os.close(fd)
    report = _read_report(report_read)
    runner = int(report.get("pid", pid))
    keepers[runner] = pid
    return {"pid": runner, "missing": report.get("missing", {
        "report": "the sandboxed child ended or stalled before it reported its layers"
                  + (f" ({report['failed']})" if "failed" in report else "")})}


def _read_report(fd: int, seconds: float = 30.0) -> dict[str, Any]:
    """The JSON lines the keeper and the runner write about themselves, merged, until both closed the pipe."""
    data = b""
    deadline = time.monotonic() + seconds
    with os.fdopen(fd, "rb", buffering=0) as pipe:
        while len(data) < _MAX_CONTROL:
            ready, _, _ = select.select([pipe], [], [], max(deadline - time.monotonic(), 0))
            if not ready:
                break
            chunk = pipe.read(4096)
            if not chunk:
                break
            data += chunk
    report: dict[str, Any] = {}
    for line in data.splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            continue
        if isinstance(item, dict):
            report.update(item)
    return report


def _die_with_parent() -> None:
    """Ask Linux to kill this child if the zygote dies (so no child outlives a grader)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, 9)
    except (OSError, AttributeError):
        pass


#: How long the grader waits for the zygote to answer before it replaces it (a stopped or
#: wedged zygote must not stall grading).
REPLY_SECONDS = 60.0
#: The first answer also waits for the zygote's imports (seconds on a busy machine).
START_SECONDS = 300.0

#: The only variables of the grader's environment the zygote inherits (plus the sandbox's own
#: ``AUTOGRADER_SANDBOX_*`` settings); children start from an empty environment anyway.
_INHERITED_VARIABLES = ("PATH", "LANG", "LC_ALL", "PYTHONPATH", "PYTHONHASHSEED")


def _matplotlib_cache() -> str:
    """Where zygotes keep matplotlib's font list: building it costs every new zygote ~0.5 s of CPU.

    A folder of the grader's cache (children cannot write it: they only write their scratch folder).
    """
    from autograder.cache import cache_dir

    folder = cache_dir() / "matplotlib"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return tempfile.mkdtemp(prefix="autograder-matplotlib-")
    return str(folder)


class ZygoteFailure(RuntimeError):
    """The zygote died, stopped answering or answered nonsense; it has been killed."""


class Zygote:
    """The grader's client for one zygote process: its own (started here), or, given ``control``,
    a batch's shared zygote that this process was attached to (see :meth:`attach`)."""

    def __init__(self, control: socket.socket | None = None) -> None:
        self._process: subprocess.Popen | None = None
        if control is None:
            control = self._start()
        self._control = control
        self._replies = control.makefile("rb")
        self._lock = threading.Lock()
        self.broken = False
        self._answered = False

    def _start(self) -> socket.socket:
        ours, theirs = socket.socketpair()
        self._scratch = tempfile.mkdtemp(prefix="autograder-zygote-")
        env = {name: value for name, value in os.environ.items()
               if name in _INHERITED_VARIABLES or name.startswith("AUTOGRADER_SANDBOX_")}
        env.update(MPLBACKEND="Agg", OMP_NUM_THREADS="1", PYTHONDONTWRITEBYTECODE="1", HOME=self._scratch,
                   MPLCONFIGDIR=_matplotlib_cache())
        self._process = subprocess.Popen(
            [sys.executable, "-c", f"from autograder.sandbox.zygote import main; main({theirs.fileno()})"],
            pass_fds=[theirs.fileno()], cwd=self._scratch, env=env,
            stdin=subprocess.DEVNULL,
        )
        theirs.close()
        return ours

    def attach(self) -> socket.socket:
        """A new control socket for another grader process (a batch worker) to use this zygote through.

        Does not wait for the zygote (which may still be importing): the request waits in the socket.
        """
        ours, theirs = socket.socketpair()
        with self._lock:
            try:
                if self.broken:
                    raise OSError("replaced")
                socket.send_fds(self._control, [json.dumps({"op": "attach"}).encode()], [theirs.fileno()])
            except OSError:
                ours.close()
                raise ZygoteFailure("the sandbox zygote is gone") from None
            finally:
                theirs.close()
        return ours

    @property
    def pid(self) -> int | None:
        """The zygote's pid, if this process started it."""
        return self._process.pid if self._process is not None else None

    def usable(self) -> bool:
        return not self.broken and (self._process is None or self._process.poll() is None)

    def _ask(self, request: dict[str, Any], fds: list[int] = ()) -> dict[str, Any]:
        with self._lock:
            if self.broken:
                raise ZygoteFailure("the sandbox zygote was replaced")
            try:
                self._control.settimeout(REPLY_SECONDS if self._answered else max(REPLY_SECONDS, START_SECONDS))
                socket.send_fds(self._control, [json.dumps(request).encode()], list(fds))
                line = self._replies.readline(_MAX_CONTROL)
            except OSError:  # includes the time-out
                self._abandon()
                raise ZygoteFailure(f"the sandbox zygote did not answer within {REPLY_SECONDS:g} s") from None
            if not line:
                self._abandon()
                raise ZygoteFailure("the sandbox zygote exited")
            try:
                reply = json.loads(line)
                if not isinstance(reply, dict):
                    raise ValueError("not an object")
            except ValueError:
                self._abandon()
                raise ZygoteFailure("the sandbox zygote sent an unreadable reply") from None
            self._answered = True
            return reply

    def kill(self) -> None:
        """Stop the zygote now, whatever it is doing (a batch's shared zygote, at the batch's end)."""
        if not self.broken:
            self._abandon()

    def _abandon(self) -> None:
        """Kill the zygote (if this process started it; its children follow it), or stop using it."""
        self.broken = True
        try:
            if self._process is not None:
                self._process.send_signal(signal.SIGKILL)
                self._process.wait(10)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self._control.close()
        self._remove_scratch()

    def fork(self, channel: socket.socket, limits: dict[str, Any]) -> tuple[int, dict[str, str]]:
        """Start a child that serves on ``channel``; returns its pid and the sandbox layers it lacks."""
        reply = self._ask({"op": "fork", "limits": limits}, [channel.fileno()])
        missing = reply.get("missing")
        if not isinstance(reply.get("pid"), int) or not isinstance(missing, dict):
            self._abandon()
            raise ZygoteFailure("the sandbox zygote sent a malformed fork reply")
        return reply["pid"], {str(k): str(v) for k, v in missing.items()}

    def wait(self, pid: int) -> int:
        """Reap a child that has ended (or been killed); returns its ``waitpid`` status."""
        return int(self._ask({"op": "wait", "pid": pid})["status"])

    def close(self) -> None:
        """Stop the zygote: it ends when its control socket closes (else it is killed)."""
        if not self.broken:
            self.broken = True
            self._replies.close()  # the file object holds the socket open too
            self._control.close()
            if self._process is None:
                return
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._remove_scratch()

    def _remove_scratch(self) -> None:
        """The zygote's home folder (matplotlib's font cache and the like), once the zygote has ended."""
        if self._process is not None and self._process.poll() is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)


_zygote: Zygote | None = None
_zygote_lock = threading.Lock()


def shared() -> Zygote:
    """The zygote of this grader process, started on first use (or when the one in use broke)."""
    global _zygote
    with _zygote_lock:
        if _zygote is None or not _zygote.usable():
            _zygote = Zygote()
        return _zygote


def use(control: socket.socket | None) -> None:
    """Make the zygote behind ``control`` (from :meth:`Zygote.attach` in another process) this process's.

    A batch worker calls it first thing; with None (no shared zygote) it starts its own on first use.
    The client inherited from a forking parent, if any, is dropped without touching the parent's zygote.
    """
    global _zygote
    with _zygote_lock:
        _zygote = Zygote(control) if control is not None else None
