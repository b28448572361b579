"""Does a busy or CPU-starved machine change any grade?

Every reference solution is graded once on the machine as it is, then again while
four busy processes saturate it, and again with the sandbox confined to half a CPU
(a cgroup CPU quota where the test may create one, else one core) shared with a
busy neighbour. Reports must be identical apart from durations. Time limits count
the child's CPU time, so neither load changes a grade; a function that never
returns still times out, with the same message. Nothing here asserts a duration.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from autograder.course import Course
from autograder.results import without_timing
from autograder.runner import grade_submission
from autograder.sandbox import zygote
from autograder.sandbox.process import Limits
from autograder.sandbox.session import CallFailure, StudentSession
from autograder.sandbox.warmup import LAZY_MODULES
from autograder.student import NotRunAfterTimeout, Student, StudentTimeout
from tests.conftest import ROOT

COURSE = Course(ROOT)
SUBMISSIONS = [(aid, ROOT / "solutions" / aid / "solution.py") for aid in COURSE.assignment_ids()]
# A function that never returns: its time-out message must not depend on the load either.
SUBMISSIONS.append(("a1", ROOT / "examples" / "a1" / "row_dot_hangs.ipynb"))
CPU_CGROUPS = Path("/sys/fs/cgroup/cpu")


def grade_all() -> dict[str, dict]:
    """Every submission, graded in this (warm) process, with timing fields zeroed."""
    return {f"{aid}/{path.name}": without_timing(grade_submission(path, course=COURSE, assignment=aid).to_dict())
            for aid, path in SUBMISSIONS}


@pytest.fixture(scope="module")
def unloaded() -> dict[str, dict]:
    return grade_all()


@contextlib.contextmanager
def busy_processes(count: int, *, cpus: set[int] | None = None, cgroup: Path | None = None) -> Iterator[list[int]]:
    """``count`` CPU-bound processes, optionally pinned to ``cpus`` or placed in ``cgroup``; always stopped."""
    started: list[subprocess.Popen] = []
    try:
        for _ in range(count):
            process = subprocess.Popen([sys.executable, "-S", "-c", "while True: pass"])
            started.append(process)
            if cpus is not None:
                os.sched_setaffinity(process.pid, cpus)
            if cgroup is not None:
                (cgroup / "cgroup.procs").write_text(str(process.pid))
        yield [p.pid for p in started]
    finally:
        for process in started:
            process.kill()
        for process in started:
            process.wait()


def _cpu_cgroup_of(pid: int) -> Path:
    for line in Path(f"/proc/{pid}/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if "cpu" in controllers.split(","):
            return CPU_CGROUPS / path.lstrip("/")
    raise OSError("no cgroup v1 cpu controller")


@contextlib.contextmanager
def half_a_cpu(pid: int) -> Iterator[dict]:
    """Confine ``pid`` and the processes it forks from now on to half a CPU, shared with a busy
    neighbour: a cgroup v1 quota of 50 ms per 100 ms where one can be made, else one core."""
    group = CPU_CGROUPS / f"autograder-test-load-{os.getpid()}"
    try:
        original = _cpu_cgroup_of(pid)
        group.mkdir()
        (group / "cpu.cfs_period_us").write_text("100000")
        (group / "cpu.cfs_quota_us").write_text("50000")
        (group / "cgroup.procs").write_text(str(pid))
    except OSError:
        with contextlib.suppress(OSError):
            group.rmdir()
        affinity = os.sched_getaffinity(pid)
        core = {min(affinity)}
        os.sched_setaffinity(pid, core)
        try:
            with busy_processes(1, cpus=core):
                yield {"confined_by": "affinity", "cpus": core}
        finally:
            os.sched_setaffinity(pid, affinity)
        return
    try:
        with busy_processes(1, cgroup=group):
            yield {"confined_by": "cgroup", "group": group}
    finally:
        (original / "cgroup.procs").write_text(str(pid))
        for _ in range(50):  # the busy neighbour leaves the group as it is reaped
            with contextlib.suppress(OSError):
                group.rmdir()
                break
            time.sleep(0.1)


def test_do_the_solutions_get_full_marks_and_the_same_reports_on_a_saturated_machine(unloaded):
    for key, report in unloaded.items():
        if "solution" in key:
            assert report["score"] == report["max_score"] > 0, (key, report["tests"])
    with busy_processes(4):
        loaded = grade_all()
    assert loaded == unloaded


def test_do_the_solutions_get_the_same_reports_with_the_sandbox_on_half_a_cpu(unloaded):
    sandbox = zygote.shared()._process.pid  # every child is forked from it, and inherits its confinement
    with half_a_cpu(sandbox) as confinement:
        starved = grade_all()
        if confinement["confined_by"] == "cgroup":
            forked = {int(p) for p in (confinement["group"] / "cgroup.procs").read_text().split()}
            assert sandbox in forked
    assert starved == unloaded


def test_does_a_hung_function_time_out_naming_the_cpu_limit_and_the_next_tests_say_not_run(unloaded):
    report = unloaded["a1/row_dot_hangs.ipynb"]
    tests = {t["id"]: t for t in report["tests"] if t["task"] == "row_dot"}
    first = tests["test_row_dot_known_values"]
    assert first["status"] == "timeout"
    assert "did not return within 2 s of CPU time (the per-call limit" in first["message"]
    for later in ("test_row_dot_matches_definition", "test_row_dot_is_vectorized"):
        assert tests[later]["status"] == "not_run"
        assert tests[later]["message"] == "not run: row_dot timed out in test_row_dot_known_values"
    others = [t for t in report["tests"] if t["task"] != "row_dot"]
    assert others and all(t["status"] == "passed" for t in others)


def session(*cells: str, **limits: float) -> StudentSession:
    s = StudentSession(list(enumerate(cells, start=1)),
                       limits=Limits(**{"call_seconds": 1, "cell_seconds": 1, "submission_seconds": 30, **limits}),
                       protected=[ROOT / "solutions"], course_root=ROOT)
    s.run_cells()
    return s


def test_does_code_that_sleeps_stop_at_the_wall_clock_backstop_naming_it():
    with session("import time\ndef nap():\n    time.sleep(1000)\ndef one():\n    return 1", call_seconds=0.5) as s:
        with pytest.raises(CallFailure) as failure:
            s.call("nap")
        assert failure.value.kind == "timeout"
        assert "of wall-clock time (the limit for code that sleeps or waits; it used 0.0 s of CPU time)" \
            in failure.value.message
        assert s.call("one").value == 1


def test_does_a_cell_that_sleeps_stop_at_the_backstop_and_a_spinning_cell_at_the_cpu_limit():
    with session("import time\ntime.sleep(1000)", "while True:\n    pass", "x = 1", cell_seconds=0.5) as s:
        assert [run.status for run in s.cell_runs] == ["timeout", "timeout", "ok"]
        assert "wall-clock time" in s.cell_runs[0].error
        assert "within 0.5 s of CPU time (the per-cell limit" in s.cell_runs[1].error


def test_is_the_graders_own_work_between_calls_never_charged_to_the_student():
    with session("def one():\n    return 1", submission_seconds=1.0) as s:
        s.call("one")
        spent = time.process_time()
        while time.process_time() - spent < 1.5:  # the grader computes (an oracle, shrinking) for longer
            pass                                   # than the student's whole allowance
        time.sleep(0.2)
        assert s.call("one").value == 1
        assert s.remaining() > 0.5


def test_is_a_function_that_timed_out_still_a_time_out_in_its_own_test_and_not_run_in_later_ones():
    with session("def spin():\n    while True:\n        pass", call_seconds=0.3) as s:
        student = Student(s)
        student.current_test("test_first")
        with pytest.raises(StudentTimeout) as first:
            student.spin()
        with pytest.raises(StudentTimeout) as again:  # e.g. hypothesis runs the test again after a replay
            student.spin()
        assert str(again.value) == str(first.value)
        assert "did not return within 0.3 s of CPU time" in str(first.value)
        student.current_test("test_second")
        with pytest.raises(NotRunAfterTimeout) as later:
            student.spin()
        assert later.value.status == "not_run"
        assert str(later.value) == "not run: spin timed out in test_first"


def test_is_the_zygote_single_threaded_after_its_warm_up():
    pid = zygote.shared()._process.pid
    with session("x = 1"):  # the zygote has finished its warm-up once it forked a child
        assert os.listdir(f"/proc/{pid}/task") == [str(pid)]


def test_does_a_childs_first_backward_import_nothing():
    cells = ("import sys\nimport torch\n"
             "def count():\n    return len(sys.modules)\n"
             "def not_loaded(names):\n    return [n for n in names if n not in sys.modules]\n"
             "def square_sum(x):\n    return (x ** 2).sum()",)
    with session(*cells) as s:
        assert s.call("not_loaded", (list(LAZY_MODULES),)).value == []
        before = s.call("count").value
        import torch

        x = torch.ones(3, dtype=torch.float64, requires_grad=True)
        grads = s.call("square_sum", (x,), backward={"wrt": [0]}).grads
        assert grads[0].tolist() == [2.0, 2.0, 2.0]
        assert s.call("count").value == before
