"""The grader's handle on one sandboxed child process.

Children are forked from a zygote that imported numpy, torch and matplotlib
once (see :mod:`autograder.sandbox.zygote`), so starting a child costs a fork,
not a Python start-up. Each child gets its own scratch
directory, its own resource limits and one end of a socket pair; the grader
keeps the other end and talks to it with :mod:`autograder.sandbox.wire`.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autograder.sandbox import layers, zygote
from autograder.sandbox.wire import ChannelClosed, ProtocolError, check_reply, receive_message, send_message


@dataclass(frozen=True)
class Limits:
    """Resource limits for one submission. Assignment specs override them."""

    call_seconds: float = 10.0  # one call of a student function
    cell_seconds: float = 30.0  # one notebook cell
    submission_seconds: float = 300.0  # everything the child does for one submission
    memory_mb: int = 2048  # address space the child may add to what the fork server had
    output_chars: int = 20_000  # printed output kept per cell or call


#: The sandbox layers the last child started in this process lacked (they are the machine's, so the
#: same for every child); what results are stamped with (see :func:`autograder.sandbox.layers.stamp`).
last_missing: dict[str, str] = {}


class ChildFailure(Exception):
    """The child could not answer: it timed out, crashed, exited or broke the protocol."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind  # "timeout", "crashed" or "protocol"
        self.reason = reason


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
        self.alive = True
        self.exitcode: int | None = None
        try:
            layers.check(self.missing)  # fail closed: no student code runs in an incomplete sandbox
        except layers.SandboxUnavailable:
            self.kill()
            raise

    def request(self, message: dict[str, Any], *, timeout: float) -> dict[str, Any]:
        """Send ``message`` and wait at most ``timeout`` seconds for the reply.

        Raises :class:`ChildFailure`; after a failure the child is dead.
        """
        if not self.alive:
            raise ChildFailure("crashed", "the sandbox process is no longer running")
        deadline = time.monotonic() + max(timeout, 0.0)
        try:
            send_message(self._sock, message)
            return check_reply(receive_message(self._sock, deadline=deadline))
        except socket.timeout:
            self.kill()
            raise ChildFailure("timeout", f"did not finish within {timeout:g} s") from None
        except (ChannelClosed, BrokenPipeError, ConnectionResetError):
            exitcode = self.kill()
            raise ChildFailure("crashed", describe_exit(exitcode)) from None
        except ProtocolError as exc:
            self.kill()
            raise ChildFailure("protocol", f"sent a reply the grader cannot read ({exc})") from None

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
            shutil.rmtree(self.workdir, ignore_errors=True)
        return self.exitcode

    def close(self) -> None:
        self.kill()

