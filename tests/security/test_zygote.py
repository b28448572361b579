"""A zygote that stops answering or dies is replaced; the submission is still graded."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from autograder.sandbox import zygote
from autograder.sandbox.process import Limits
from autograder.sandbox.session import StudentSession

ROOT = Path(__file__).resolve().parents[2]


def answer() -> int:
    with StudentSession([(1, "def f():\n    return 41 + 1")], limits=Limits(call_seconds=30, cell_seconds=30),
                        protected=[], course_root=ROOT) as session:
        session.run_cells()
        return session.call("f").value


def test_is_a_stopped_zygote_replaced(monkeypatch):
    monkeypatch.setattr(zygote, "REPLY_SECONDS", 5.0)
    assert answer() == 42  # the zygote is up and has answered
    stopped = zygote.shared()
    os.kill(stopped.pid, signal.SIGSTOP)
    assert answer() == 42
    assert zygote.shared() is not stopped and stopped.broken
    assert stopped._process.poll() is not None  # killed, not left stopped


def test_is_a_dead_zygote_replaced():
    dead = zygote.shared()
    os.kill(dead.pid, signal.SIGKILL)
    dead._process.wait(30)
    assert answer() == 42
    assert zygote.shared() is not dead
