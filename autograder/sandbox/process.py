"""The grader's handle on one sandboxed child process.

Children are forked from a zygote that imported numpy, torch and matplotlib
once (see :mod:`autograder.sandbox.zygote`), so starting a child costs a fork,
not a Python start-up. Each child gets its own scratch
directory, its own resource limits and one end of a socket pair; the grader
keeps the other end and talks to it with :mod:`autograder.sandbox.wire`.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import socket
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from autograder.sandbox import layers, zygote
from autograder.sandbox.wire import ChannelClosed, ProtocolError, receive_reply, send_message


@dataclass(frozen=True)
class Limits:
    """Resource limits for one submission. Assignment specs override them."""

    call_seconds: float = 10.0  # one call of a student function
    cell_seconds: float = 30.0  # one notebook cell
    submission_seconds: float = 300.0  # everything the child does for one submission
    memory_mb: int = 2048  # address space the child may add to what the fork server had
    output_chars: int = 20_000  # printed output kept per cell or call


#: The wall-clock backstop of a request is this many times its CPU budget, plus WALL_SLACK seconds.
WALL_FACTOR = 4.0
WALL_SLACK = 2.0
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def wall_backstop(cpu_seconds: float) -> float:
    """Seconds of wall-clock time a request may take (not counting time spent waiting for a CPU)."""
    return WALL_FACTOR * cpu_seconds + WALL_SLACK


@dataclass(frozen=True)
class Usage:
    """What one request cost the child."""

    cpu: float = 0.0  # CPU seconds (user + system, all threads): what the budgets charge
    wall: float = 0.0  # seconds from sending the request to the reply
    waiting: float = 0.0  # of ``wall``, seconds the child was ready to run but had no CPU (load)

    @property
    def own_wall(self) -> float:
        """Wall time minus time lost to other processes: computing, sleeping or blocked."""
        return max(self.wall - self.waiting, 0.0)
#: The sandbox layers the last child started in this process lacked (they are the machine's, so the
#: same for every child); what results are stamped with (see :func:`autograder.sandbox.layers.stamp`).
last_missing: dict[str, str] = {}


class ChildFailure(Exception):
    """The child could not answer: it timed out, crashed, exited or broke the protocol."""

    def __init__(self, kind: str, reason: str, *, limit: str = "", seconds: float = 0.0,
                 usage: Usage | None = None) -> None:
        super().__init__(reason)
        self.kind = kind  # "timeout", "crashed" or "protocol"
        self.reason = reason
        self.limit = limit  # for a time-out: "cpu" (the budget) or "wall" (the backstop)
        self.seconds = seconds  # for a time-out: the limit that ran out
        self.usage = usage or Usage()


class ProcTimes:
    """``/proc/<pid>/stat`` and ``schedstat`` of one process, opened once.

    Every reading is one ``pread`` on a descriptor opened when the process started,
    not an open, read and close of a path (a grader reads them a few times per
    request, hundreds of requests per submission), and a descriptor keeps naming
    that process: once it is reaped, reads fail rather than find another process
    that was given the same pid.
    """

    def __init__(self, pid: int) -> None:
        self._fds: dict[str, int] = {}
        for name in ("stat", "schedstat"):
            try:
                self._fds[name] = os.open(f"/proc/{pid}/{name}", os.O_RDONLY | os.O_CLOEXEC)
            except OSError:
                pass

    def _read(self, name: str) -> bytes:
        fd = self._fds.get(name)
        if fd is None:
            raise OSError(f"/proc/.../{name} is not open")
        return os.pread(fd, 4096, 0)

    def cpu(self) -> float | None:
        """CPU seconds, user + system, of every thread (fields 14 and 15 of stat)."""
        try:
            fields = self._read("stat").rsplit(b")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS
        except (OSError, IndexError, ValueError):
            return None

    def wait(self) -> float | None:
        """Seconds the main thread was runnable but not running (second field of schedstat)."""
        try:
            return int(self._read("schedstat").split()[1]) / 1e9
        except (OSError, IndexError, ValueError):
            return None

    def close(self) -> None:
        for fd in self._fds.values():
            os.close(fd)
        self._fds.clear()


class ChildClock:
    """A process's CPU time and run-queue wait (:class:`ProcTimes`), relative to a start.

    CPU time is ``utime + stime`` of ``/proc/<pid>/stat`` (every thread of the
    process). The wait is the second field of ``/proc/<pid>/schedstat``: time the
    main thread was runnable but not running, because other processes had the CPUs
    or a cgroup quota throttled it. Where the kernel does not provide it the wait
    reads as zero, and the backstop falls back to plain wall time.
    """

    def __init__(self, times: ProcTimes, *, since: tuple[float, float, float] | None = None) -> None:
        self._times = times
        if since is None:
            self._started = time.monotonic()
            self._cpu0 = times.cpu() or 0.0
            self._wait0 = times.wait() or 0.0
        else:  # the next call of a batch starts where the previous one ended (see ChildProcess.next_reply)
            self._started, self._cpu0, self._wait0 = since
        self.fresh = since is None  # started now: nothing used yet
        self._last = Usage()
        self.read_at: tuple[float, float, float] = (self._started, self._cpu0, self._wait0)

    @property
    def start(self) -> tuple[float, float, float]:
        """The readings it counts from: monotonic time, CPU seconds, wait seconds."""
        return self._started, self._cpu0, self._wait0

    def usage(self) -> Usage:
        """Cost since the start; once the process is gone, the CPU and wait last read."""
        now, cpu, wait = time.monotonic(), self._times.cpu(), self._times.wait()
        self._last = Usage(self._last.cpu if cpu is None else max(cpu - self._cpu0, 0.0),
                           now - self._started,
                           self._last.waiting if wait is None else max(wait - self._wait0, 0.0))
        self.read_at = (now, self._cpu0 + self._last.cpu, self._wait0 + self._last.waiting)  # absolute readings
        return self._last


_POLL_SECONDS = 0.05  # how often a waiting grader reads the child's CPU time
_MIN_POLL_SECONDS = 0.005


class _OutOfTime(Exception):
    def __init__(self, limit: str, reason: str, usage: Usage) -> None:
        super().__init__(reason)
        self.limit, self.reason, self.usage = limit, reason, usage


#: Why a child killed by a signal ended, in words a student can act on.
_SIGNAL_REASONS = {
    signal.SIGKILL: "was killed (SIGKILL), usually because it used too much memory",
    signal.SIGXCPU: "used up its CPU time limit",
    signal.SIGSEGV: "crashed with a segmentation fault (often a too-deep recursion)",
    signal.SIGABRT: "aborted (SIGABRT)",
    signal.SIGBUS: "crashed with a bus error",
}


def describe_exit(exitcode: int | None) -> str:
    """A sentence about why a child process ended."""
    if exitcode is None:
        return "stopped answering"
    if exitcode < 0:
        try:
            sig = signal.Signals(-exitcode)
        except ValueError:
            return f"was killed by signal {-exitcode}"
        return _SIGNAL_REASONS.get(sig, f"was killed by {sig.name}")
    return f"exited with status {exitcode} (os._exit or a crash in native code)"


def warm_up() -> None:
    """Start the zygote now (it imports numpy and torch) rather than at the first child."""
    zygote.shared()


class ChildProcess:
    """One running child: send a request, get a reply within a deadline."""

    def __init__(self, *, limits: Limits, protected: list[Path], course_root: Path) -> None:
        self.workdir = Path(tempfile.mkdtemp(prefix="autograder-child-"))
        parent_end, child_end = socket.socketpair()
        child_limits = {
            "workdir": str(self.workdir),
            "memory_bytes": limits.memory_mb * 1024 * 1024,
            "cpu_seconds": int(limits.submission_seconds) + 10,
            "output_chars": limits.output_chars,
            "protected_paths": [str(p) for p in protected],
            "course_root": str(course_root),
        }
        os.chmod(self.workdir, 0o700)
        for attempt in (1, 2):  # a zygote that died or stopped answering is replaced once
            self._zygote = zygote.shared()
            try:
                self.pid, self.missing = self._zygote.fork(child_end, child_limits)
                break
            except zygote.ZygoteFailure:
                if attempt == 2:
                    child_end.close()
                    parent_end.close()
                    shutil.rmtree(self.workdir, ignore_errors=True)
                    raise
        child_end.close()
        global last_missing
        last_missing = dict(self.missing)
        self._sock = parent_end
        self._times = ProcTimes(self.pid)
        self.alive = True
        self.exitcode: int | None = None
        self.last_usage = Usage()  # of the most recent request
        try:
            layers.check(self.missing)  # fail closed: no student code runs in an incomplete sandbox
        except layers.SandboxUnavailable:
            self.kill()
            raise

    def request(self, message: dict[str, Any], *, cpu_seconds: float,
                wall_seconds: float | None = None) -> dict[str, Any]:
        """Send ``message`` and wait for the reply while the child has CPU time left.

        The budget is ``cpu_seconds`` of the child's CPU time, so a loaded machine
        (which slows the child down without making it compute more) changes
        nothing. ``wall_seconds`` (default: :func:`wall_backstop`) stops code that
        sleeps or blocks; it does not count time the child spent waiting for a CPU.
        :attr:`last_usage` says what the request cost. Raises
        :class:`ChildFailure`; after a failure the child is dead.
        """
        self.send(message, cpu_seconds=cpu_seconds, wall_seconds=wall_seconds)
        return self.next_reply(cpu_seconds=cpu_seconds, wall_seconds=wall_seconds)

    def send(self, message: dict[str, Any] | bytes, *, cpu_seconds: float,
             wall_seconds: float | None = None) -> None:
        """Send a request whose replies :meth:`next_reply` reads (one, or one per call of a batch).

        The first reply's CPU time counts from here; the limits are those of the first reply (a send
        that times out says so). Raises :class:`ChildFailure` (the child is dead).
        """
        if not self.alive:
            raise ChildFailure("crashed", "the sandbox process is no longer running")
        cpu_seconds = max(cpu_seconds, 0.0)
        wall_seconds = wall_backstop(cpu_seconds) if wall_seconds is None else wall_seconds
        self._clock = ChildClock(self._times)
        self._send(message, wall_seconds)

    def next_reply(self, *, cpu_seconds: float, wall_seconds: float | None = None) -> dict[str, Any]:
        """Wait for the next reply to the request :meth:`send` sent, within its own limits.

        Its CPU time counts from the end of the previous reply of the same request (for the first,
        from sending): when the grader read that reply, or earlier, when the child says it was already
        done (its ``"cpu"``: the child's own CPU clock as it sent it). The child's figure only counts
        if it is lower than the grader's reading, so a child that lies can only shorten its own next
        call. Raises :class:`ChildFailure`; after a failure the child is dead.
        """
        if not self.alive:
            raise ChildFailure("crashed", "the sandbox process is no longer running")
        cpu_seconds = max(cpu_seconds, 0.0)
        wall_seconds = wall_backstop(cpu_seconds) if wall_seconds is None else wall_seconds
        reply = self._read_reply(self._clock, cpu_seconds, wall_seconds)
        started, cpu, wait = self._clock.read_at
        said = reply.pop("cpu", None)  # a float (check_reply), or absent
        if said is not None and self._clock.start[1] <= said < cpu:
            cpu = said
        self._clock = ChildClock(self._times, since=(started, cpu, wait))
        return reply

    def _send(self, message: dict[str, Any] | bytes, wall_seconds: float) -> None:
        try:
            send_message(self._sock, message)
        except socket.timeout:
            self._fail(self._clock, "timeout", f"did not take the request within {wall_seconds:g} s", "wall",
                       wall_seconds)
        except (ChannelClosed, BrokenPipeError, ConnectionResetError):
            self._fail(self._clock, "crashed")

    def _read_reply(self, clock: ChildClock, cpu_seconds: float, wall_seconds: float) -> dict[str, Any]:
        """The next reply, timed by ``clock``."""
        try:
            self._await_reply(clock, cpu_seconds, wall_seconds)
            # The reply has started: the child only sends now, the backstop covers a stalled one.
            reply = receive_reply(self._sock, deadline=time.monotonic() + wall_seconds)
        except _OutOfTime as out:
            self._fail(clock, "timeout", out.reason, out.limit, cpu_seconds if out.limit == "cpu" else wall_seconds,
                       out.usage)
        except socket.timeout:
            self._fail(clock, "timeout", f"did not finish its reply within {wall_seconds:g} s", "wall", wall_seconds)
        except (ChannelClosed, BrokenPipeError, ConnectionResetError):
            self._fail(clock, "crashed")
        except ProtocolError as exc:
            self._fail(clock, "protocol", f"sent a reply the grader cannot read ({exc})")
        self.last_usage = clock.usage()
        return reply

    def _fail(self, clock: ChildClock, kind: str, reason: str = "", limit: str = "", seconds: float = 0.0,
              usage: Usage | None = None) -> NoReturn:
        """Kill the child and raise the :class:`ChildFailure` (a crash's reason is how it ended, known once reaped)."""
        self.last_usage = clock.usage()  # once, while the child's /proc entry still exists
        exitcode = self.kill()
        raise ChildFailure(kind, reason or describe_exit(exitcode), limit=limit, seconds=seconds,
                           usage=usage or self.last_usage) from None

    def _await_reply(self, clock: ChildClock, cpu_seconds: float, wall_seconds: float) -> None:
        """Return once the reply starts arriving; raise :class:`_OutOfTime` when a limit runs out."""
        # Just sent: nothing used yet, so no reading before the first wait. The next call of a batch has been
        # running since the previous reply, perhaps already past its limit.
        usage = Usage() if clock.fresh else clock.usage()
        while True:
            if usage.cpu >= cpu_seconds:
                raise _OutOfTime("cpu", f"used up its {cpu_seconds:g} s of CPU time", usage)
            if usage.own_wall >= wall_seconds:
                raise _OutOfTime("wall", f"was still running after {wall_seconds:g} s of wall-clock time, "
                                 f"having used {usage.cpu:.1f} s of CPU", usage)
            pause = min(_POLL_SECONDS, max(cpu_seconds - usage.cpu, _MIN_POLL_SECONDS),
                        max(wall_seconds - usage.own_wall, _MIN_POLL_SECONDS))
            readable, _, _ = select.select([self._sock], [], [], pause)
            if readable:
                return
            usage = clock.usage()

    def kill(self) -> int | None:
        """Stop the child for good; returns its exit code (negative: the signal that ended it)."""
        if self.alive:
            self.alive = False
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            try:
                self.exitcode = os.waitstatus_to_exitcode(self._zygote.wait(self.pid))
            except (zygote.ZygoteFailure, ValueError):
                self.exitcode = None  # the zygote is gone, and with it the child (it dies with its parent)
            self._sock.close()
            self._times.close()
            shutil.rmtree(self.workdir, ignore_errors=True)
        return self.exitcode

    def close(self) -> None:
        self.kill()

