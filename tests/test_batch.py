"""Does batch grading find every submission, survive interruption, and shard deterministically?"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest

from autograder import batch
from autograder.course import UnknownAssignment
from autograder.progress import BarProgress, LogProgress, Progress, format_duration, progress_for
from autograder.results import without_timing
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples" / "a1"
CLASS = {"alice": "solution", "bob": "column_output", "carol": "stub", "dave": "not_a_notebook",
         "erin": "python_loop", "frank": "row_dot_broadcast"}


def nbgrader_layout(root, names=CLASS):
    for student, example in names.items():
        folder = root / "submitted" / student / "a1"
        folder.mkdir(parents=True)
        shutil.copy(EXAMPLES / f"{example}.ipynb", folder / "a1_vectorized.ipynb")
    return root / "submitted"


def test_does_discovery_read_both_layouts(course, tmp_path):
    jobs = batch.discover([nbgrader_layout(tmp_path / "nb")], course).jobs
    assert [(j.student, j.assignment) for j in jobs] == [(s, "a1") for s in sorted(CLASS)]
    flat = tmp_path / "flat"
    flat.mkdir()
    for student, example in CLASS.items():
        shutil.copy(EXAMPLES / f"{example}.ipynb", flat / f"{student}.ipynb")
    assert [j.student for j in batch.discover([flat], course, "a1").jobs] == sorted(CLASS)
    with pytest.raises(UnknownAssignment, match="--assignment"):
        batch.discover([flat / "dave.ipynb"], course)  # unreadable, and its name says nothing


def test_does_discovery_name_students_by_their_place_in_every_documented_layout(course, tmp_path):
    submitted = nbgrader_layout(tmp_path)
    one_student = batch.discover([submitted / "bob"], course).jobs
    assert [(j.student, j.assignment) for j in one_student] == [("bob", "a1")]
    globbed = sorted(submitted.glob("*/a1/*.ipynb"))  # what the shell makes of submitted/*/a1/*.ipynb
    assert [j.student for j in batch.discover(globbed, course).jobs] == sorted(CLASS)
    assert [j.student for j in batch.discover([submitted / "carol" / "a1"], course).jobs] == ["carol"]
    per_student = tmp_path / "inbox"
    (per_student / "zoe").mkdir(parents=True)
    shutil.copy(EXAMPLES / "solution.ipynb", per_student / "zoe" / "work.ipynb")
    assert [(j.student, j.assignment) for j in batch.discover([per_student], course, "a1").jobs] == [("zoe", "a1")]


def test_does_discovery_skip_what_is_not_a_submission_and_say_so(course, tmp_path):
    found = batch.discover([ROOT / "examples"], course)
    assert found.jobs and not any("mutants" in j.path.parts for j in found.jobs)
    assert {j.student for j in found.jobs if j.assignment == "a1"} >= {"solution", "stub", "column_output"}
    assert ("solution", "a3") in {(j.student, j.assignment) for j in found.jobs}
    assert "mutants" in found.skipped_summary() and "skipped" in found.skipped_summary()

    submitted = nbgrader_layout(tmp_path, {"alice": "solution"})
    checkpoints = submitted / "alice" / "a1" / ".ipynb_checkpoints"
    checkpoints.mkdir()
    shutil.copy(EXAMPLES / "stub.ipynb", checkpoints / "a1_vectorized-checkpoint.ipynb")
    (submitted / "alice" / "a1" / "helpers.py").write_text("def helper():\n    return 1\n")
    shutil.copy(EXAMPLES / "stub.ipynb", submitted / "alice" / "a1" / "scratch.ipynb")
    found = batch.discover([submitted], course)
    assert [(j.student, j.path.name) for j in found.jobs] == [("alice", "a1_vectorized.ipynb")]
    assert sorted(p.name for p, _ in found.skipped) == ["a1_vectorized-checkpoint.ipynb", "helpers.py",
                                                        "scratch.ipynb"]


def test_does_an_unknown_assignment_say_so(course, tmp_path):
    with pytest.raises(UnknownAssignment, match="unknown assignment 'a9'"):
        batch.discover([nbgrader_layout(tmp_path)], course, "a9")


def test_are_shards_a_deterministic_partition(course, tmp_path):
    jobs = batch.discover([nbgrader_layout(tmp_path)], course).jobs
    shards = [batch.shard(jobs, i, 3) for i in (1, 2, 3)]
    assert sorted(j.key for s in shards for j in s) == sorted(j.key for j in jobs)
    assert shards == [batch.shard(list(reversed(jobs)), i, 3) for i in (1, 2, 3)]
    with pytest.raises(ValueError, match="i/n"):
        batch.parse_shard("3")
    with pytest.raises(ValueError, match="1 <= i <= n"):
        batch.parse_shard("4/3")


def test_does_a_parallel_batch_match_single_grading_and_write_every_output(course, tmp_path, grade):
    jobs = batch.discover([nbgrader_layout(tmp_path / "in")], course).jobs
    out = tmp_path / "out"
    summary = batch.grade_batch(jobs, course=course, out=out, workers=2)
    assert sorted(summary.graded) == sorted(j.key for j in jobs)
    rows = {r["student"]: r for r in csv.DictReader((out / "gradebook.csv").open())}
    for student, example in CLASS.items():
        single = grade(EXAMPLES / f"{example}.ipynb")
        stored = json.loads((out / "results" / student / "a1.json").read_text())
        assert stored["student"] == student
        assert [t["status"] for t in stored["tests"]] == [t.status for t in single.tests]
        assert float(rows[student]["score"]) == single.score
        assert (out / "feedback" / student / "a1.md").is_file() and (out / "feedback" / student / "a1.html").is_file()


def test_are_finished_results_kept_and_stale_ones_regraded_only_when_asked(course, tmp_path):
    jobs = batch.discover([nbgrader_layout(tmp_path / "in", {"alice": "solution", "bob": "stub"})], course).jobs
    out = tmp_path / "out"
    batch.grade_batch(jobs, course=course, out=out, workers=1)
    again = batch.grade_batch(jobs, course=course, out=out, workers=1)
    assert again.graded == [] and sorted(again.skipped) == ["alice/a1", "bob/a1"]

    stored = out / "results" / "bob" / "a1.json"
    data = json.loads(stored.read_text())
    data["fingerprint"] = "older-tests"
    stored.write_text(json.dumps(data))
    kept = batch.grade_batch(jobs, course=course, out=out, workers=1)
    assert kept.stale == ["bob/a1"] and kept.graded == []
    regraded = batch.grade_batch(jobs, course=course, out=out, workers=1, regrade=True)
    assert regraded.graded == ["bob/a1"]

    shutil.copy(EXAMPLES / "solution.ipynb", jobs[1].path)  # bob submits again
    resubmitted = batch.grade_batch(jobs, course=course, out=out, workers=1)
    assert resubmitted.graded == ["bob/a1"]
    assert json.loads(stored.read_text())["score"] == 26


def test_do_shard_outputs_merge_into_the_single_run_gradebook(course, tmp_path):
    submitted = nbgrader_layout(tmp_path / "in")
    jobs = batch.discover([submitted], course).jobs
    for i in (1, 2):
        batch.grade_batch(batch.shard(jobs, i, 2), course=course, out=tmp_path / f"shard{i}", workers=1)
    from autograder.cli import main

    assert main(["merge", str(tmp_path / "shard1"), str(tmp_path / "shard2"), "--out", str(tmp_path / "merged")]) == 0
    batch.grade_batch(jobs, course=course, out=tmp_path / "single", workers=1)
    assert (tmp_path / "merged" / "gradebook.csv").read_text() == (tmp_path / "single" / "gradebook.csv").read_text()
    for student in CLASS:
        merged = json.loads((tmp_path / "merged" / "results" / student / "a1.json").read_text())
        single = json.loads((tmp_path / "single" / "results" / student / "a1.json").read_text())
        assert without_timing(merged) == without_timing(single)


def test_does_a_killed_batch_resume_without_regrading_or_half_files(tmp_path):
    submitted = nbgrader_layout(tmp_path / "in")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "autograder.cli", "grade", str(submitted), "--out", str(out),
               "--jobs", "1", "--course", str(ROOT)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(out.glob("results/*/*.json"))) < 2:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    finished = {p: p.stat().st_mtime_ns for p in out.glob("results/*/*.json")}
    assert 2 <= len(finished) < len(CLASS), "the batch should have been killed part-way"
    assert not (out / "gradebook.csv").exists()
    for path in finished:
        json.loads(path.read_text())  # every stored result is complete
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"already graded {len(finished)}" in done.stdout
    assert {p: p.stat().st_mtime_ns for p in finished} == finished
    rows = list(csv.DictReader((out / "gradebook.csv").open()))
    assert sorted(r["student"] for r in rows) == sorted(CLASS)


def test_does_grading_one_file_into_a_class_folder_keep_the_other_rows(course, tmp_path):
    submitted = nbgrader_layout(tmp_path / "in", {"alice": "stub", "bob": "stub", "dave": "not_a_notebook"})
    out = tmp_path / "out"
    batch.grade_batch(batch.discover([submitted], course).jobs, course=course, out=out, workers=1)
    shutil.copy(EXAMPLES / "syntax_error.ipynb", submitted / "bob" / "a1" / "a1_vectorized.ipynb")
    one = batch.discover([submitted / "bob" / "a1" / "a1_vectorized.ipynb"], course).jobs
    assert [j.key for j in one] == ["bob/a1"]
    batch.grade_batch(one, course=course, out=out, workers=1)
    rows = {r["student"]: r for r in csv.DictReader((out / "gradebook.csv").open())}
    assert sorted(rows) == ["alice", "bob", "dave"]
    assert rows["dave"]["error"] and not rows["alice"]["error"]
    assert json.loads((out / "results" / "bob" / "a1.json").read_text())["cells"], "bob's new notebook is graded"


class KillWorkerOf(Progress):
    """Kills the worker that takes ``student``'s submission, the first ``times`` times it does."""

    def __init__(self, student, times):
        self.student, self.times, self.killed = student, times, 0

    def started(self, job, worker_pid):
        if job.student == self.student and self.killed < self.times:
            self.killed += 1
            os.kill(worker_pid, signal.SIGKILL)


@pytest.mark.parametrize("kills", [1, 2])
def test_does_a_batch_survive_a_killed_worker(course, tmp_path, kills):
    names = {"alice": "stub", "bob": "not_a_notebook", "carol": "stub", "dave": "empty"}
    jobs = batch.discover([nbgrader_layout(tmp_path / "in", names)], course).jobs
    out = tmp_path / "out"
    killer = KillWorkerOf("carol", kills)
    summary = batch.grade_batch(jobs, course=course, out=out, workers=2, progress=killer)
    assert killer.killed == kills
    assert sorted(summary.graded) == sorted(j.key for j in jobs)
    rows = {r["student"]: r for r in csv.DictReader((out / "gradebook.csv").open())}
    assert sorted(rows) == sorted(names)
    carol = json.loads((out / "results" / "carol" / "a1.json").read_text())
    if kills == 1:  # graded again by a fresh worker
        assert carol["error"] == "" and carol["tests"]
    else:  # lost twice: an error for carol, graded again by the next run
        assert "died 2 times" in carol["error"] and "SIGKILL" in carol["error"] and rows["carol"]["error"]
        again = batch.grade_batch(jobs, course=course, out=out, workers=1)
        assert again.graded == ["carol/a1"]
    assert not rows["alice"]["error"] and rows["bob"]["error"]


def test_does_log_progress_print_counts_errors_and_an_eta(course, tmp_path):
    jobs = batch.discover([nbgrader_layout(tmp_path / "in", {"alice": "stub", "bob": "not_a_notebook",
                                                               "carol": "stub"})], course).jobs
    log = io.StringIO()
    batch.grade_batch(jobs, course=course, out=tmp_path / "out", workers=1, progress=LogProgress(log, interval=0))
    lines = log.getvalue().splitlines()
    assert lines[0] == "grading 3 submissions"
    assert re.fullmatch(r"1/3 graded, 0 errors, ETA [0-9hms]+", lines[1]), lines
    assert lines[2].startswith("2/3 graded, 1 error, ETA ") and lines[3] == "3/3 graded, 1 error"
    assert format_duration(100) == "1m40s" and format_duration(3720) == "1h02m"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_does_a_terminal_get_a_bar_whose_rate_starts_after_the_warm_up():
    assert isinstance(progress_for(io.StringIO()), LogProgress)  # a log, a pipe, a CI job
    screen = Terminal()
    progress = progress_for(screen)
    assert isinstance(progress, BarProgress)
    progress.begin(total=4, workers=2, already=1)
    assert "1 already graded" in screen.getvalue() and "starting workers" in screen.getvalue()
    assert progress.bar is None  # no grading rate, so no ETA, while the workers warm up
    ready_at = time.time()
    progress.worker_ready(12.0)
    assert progress.bar.start_t >= ready_at  # the rate and the ETA count grading time only
    for failed in (False, True, False):
        progress.graded(failed)
    progress.end()
    shown = screen.getvalue()
    assert "first worker ready after 12s" in shown
    assert "3/4" in shown and "1 error" in shown


def test_does_ctrl_c_stop_the_workers_keep_results_and_say_how_to_resume(tmp_path):
    psutil = pytest.importorskip("psutil")
    # Each of these spends seconds of CPU in a call that hangs until its limit, so the batch is still
    # grading when Ctrl-C comes, however busy the machine (warm solutions could all finish meanwhile).
    submitted = nbgrader_layout(tmp_path / "in", {f"s{i:02d}": "row_dot_hangs" for i in range(12)})
    out = tmp_path / "out"
    command = [sys.executable, "-m", "autograder.cli", "grade", str(submitted), "--out", str(out),
               "--jobs", "2", "--course", str(ROOT)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    parent = psutil.Process(process.pid)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and not list(out.glob("results/*/*.json")):
        time.sleep(0.1)
    descendants = parent.children(recursive=True)
    assert descendants, "the batch runs in worker processes"
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C on a terminal does
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert "interrupted" in stderr and "run the same command to resume" in stderr
    assert "Traceback" not in stderr
    _, alive = psutil.wait_procs(descendants, timeout=10)
    assert not alive, f"still running after the batch exited: {alive}"
    kept = sorted(out.glob("results/*/*.json"))
    assert kept and len(kept) < 12 and not (out / "gradebook.csv").exists()
    for path in kept:
        assert json.loads(path.read_text())["tests"]
