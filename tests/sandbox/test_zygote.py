"""One zygote can serve several grader processes (a batch's workers)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from autograder.sandbox import zygote
from autograder.sandbox.process import Limits
from autograder.sandbox.session import StudentSession

ROOT = Path(__file__).resolve().parents[2]


def answer() -> tuple[int, int]:
    """The answer of a sandboxed child, and the pid of the zygote that forked it (its keeper's parent)."""
    with StudentSession([(1, "def f():\n    return 41 + 1")], limits=Limits(call_seconds=30, cell_seconds=30),
                        protected=[], course_root=ROOT) as session:
        session.run_cells()
        keeper = parent_of(session._child.pid)
        return session.call("f").value, parent_of(keeper)


def parent_of(pid: int) -> int:
    with open(f"/proc/{pid}/stat", "rb") as stat:
        return int(stat.read().rsplit(b")", 1)[1].split()[1])


def test_does_an_attached_grader_fork_its_children_from_the_shared_zygote():
    """Are children forked by the one zygote, through a second control socket; does closing
    that socket leave the zygote serving its owner, and does the owner's close end it?"""
    owner = zygote.Zygote()
    try:
        zygote.use(owner.attach())
        value, forked_by = answer()
        assert value == 42 and forked_by == owner.pid
        zygote.shared().close()  # the attached client goes away
        zygote.use(owner.attach())
        assert answer() == (42, owner.pid)  # still serving, also a client attached later
        zygote.shared().close()
        zygote.use(None)
        assert zygote.shared() is not owner and answer()[1] != owner.pid  # a process of its own again
    finally:
        owner.close()
    assert owner._process.returncode is not None


def test_is_an_attached_grader_given_its_own_zygote_when_the_shared_one_dies():
    owner = zygote.Zygote()
    try:
        zygote.use(owner.attach())
        assert answer()[1] == owner.pid
        os.kill(owner.pid, signal.SIGKILL)
        owner._process.wait(30)
        value, forked_by = answer()
        assert value == 42 and forked_by == zygote.shared().pid != owner.pid
    finally:
        owner.close()
        zygote.use(None)


def test_does_a_zygote_leave_no_scratch_folder_behind():
    """Its home folder goes when it ends: closed by its grader, killed, or left when its grader went away."""
    closed, killed = zygote.Zygote(), zygote.Zygote()
    folders = [Path(closed._scratch), Path(killed._scratch)]
    assert all(folder.is_dir() for folder in folders)
    closed.close()
    killed.kill()
    assert not any(folder.exists() for folder in folders)

    orphan = subprocess.run([sys.executable, "-c", "from autograder.sandbox import zygote; z = zygote.Zygote(); "
                             "print(z._scratch, z.pid, flush=True); import os; os._exit(0)"],
                            capture_output=True, text=True, check=True, cwd=ROOT)
    folder, pid = orphan.stdout.split()
    deadline = time.monotonic() + 60  # the zygote notices its grader's socket closed, then cleans up and ends
    while (Path(folder).exists() or not _ended(int(pid))) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _ended(int(pid)) and not Path(folder).exists()


def _ended(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] in (b"Z", b"X")  # a zombie not yet reaped by init
    except FileNotFoundError:
        return True
