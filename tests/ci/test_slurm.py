"""Does a class graded as a Slurm job array (3 shards + a dependent merge) give the single run's gradebook,
and does a killed shard get re-run without grading anything twice? On a real single-node Slurm."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.ci.slurm_cluster import SlurmCluster, SlurmUnavailable, ensure_installed
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples" / "a1"
#: Sorted by student, shard i/3 takes every third from the i-th: shard 2 gets s2 and s5, the two slow ones
#: (a hanging function and an endless loop cost their time limits), so it is still running when it is killed.
CLASS = {"s1": "solution", "s2": "row_dot_hangs", "s3": "column_output", "s4": "missing_half",
         "s5": "infinite_loop", "s6": "not_a_notebook"}


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    try:
        ensure_installed()
    except SlurmUnavailable as exc:
        pytest.skip(f"Slurm's Debian packages cannot be installed here: {exc}")
    slurm = SlurmCluster(tmp_path_factory.mktemp("slurm")).start()  # a failure to start is a failure
    try:
        yield slurm
    finally:
        slurm.stop()


def autograder(cluster, *arguments, check=True):
    env = dict(cluster.env, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "autograder.cli", *map(str, arguments)], env=env,
                          capture_output=True, text=True, timeout=900)
    if check:
        assert done.returncode == 0, done.stdout + done.stderr + cluster.logs()
    return done


def slurm(cluster, *arguments):
    return subprocess.run(list(arguments), env=cluster.env, capture_output=True, text=True, check=True).stdout


def state_of(cluster, job: str) -> str:
    return slurm(cluster, "squeue", "--noheader", "--format=%T", f"--jobs={job}").strip()


def stored_results(out: Path) -> dict[str, tuple[int, int]]:
    """Each stored result file → (inode, mtime): a result graded again is a new file."""
    return {str(p.relative_to(out)): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(out.glob("shard-*/results/*/*.json"))}


def comparable(path: Path):
    """A stored result without what may differ between two runs: timings and the path given."""
    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in ("duration", "submission")}
        return [strip(v) for v in value] if isinstance(value, list) else value
    return strip(json.loads(path.read_text()))


def test_does_a_slurm_array_with_a_killed_shard_give_the_single_runs_gradebook(cluster, tmp_path):
    submissions = tmp_path / "class"
    submissions.mkdir()
    for student, example in CLASS.items():
        shutil.copy(EXAMPLES / f"{example}.ipynb", submissions / f"{student}.ipynb")
    single, out = tmp_path / "single", tmp_path / "slurm-run"
    autograder(cluster, "grade", submissions, "--assignment", "a1", "--course", ROOT, "--out", single, "--jobs", "1")

    submitted = autograder(cluster, "slurm", "submit", submissions, "--assignment", "a1", "--course", ROOT,
                           "--shards", 3, "--out", out,
                           # One grader at a time on the 2-CPU test node, as in the single run: the
                           # grader's time limits are wall-clock, so two graders on two busy cores
                           # could turn a slow call into a time-out in one run and not the other.
                           "--cpus-per-task", 2, "--jobs", 1)
    plan = json.loads((out / "slurm" / "plan.json").read_text())
    array, merge = plan["submitted"][0]["array"], plan["submitted"][0]["merge"]
    assert f"array job {array}" in submitted.stdout and f"merge job {merge}" in submitted.stdout

    # Kill shard 2 while it grades (it holds the two slow submissions).
    deadline = time.monotonic() + 300
    while state_of(cluster, f"{array}_2") != "RUNNING":
        assert time.monotonic() < deadline, "shard 2 never started\n" + cluster.logs()
        time.sleep(0.1)
    slurm(cluster, "scancel", "--signal=KILL", "--full", f"{array}_2")
    waited = autograder(cluster, "slurm", "wait", out, "--poll", 1, check=False)
    assert waited.returncode == 1 and "unfinished shards: 2" in waited.stdout, waited.stdout + waited.stderr
    assert not (out / "grades" / "gradebook.csv").exists()  # the merge never ran on an incomplete class
    assert sorted(p.name for p in (out / "slurm").glob("done-*")) == ["done-1", "done-3"]
    before = stored_results(out)
    left_by_killed_task = len([k for k in before if k.startswith("shard-2/")])
    assert left_by_killed_task < 2

    resumed = autograder(cluster, "slurm", "resume", out)
    assert "(shards 2)" in resumed.stdout
    assert autograder(cluster, "slurm", "wait", out, "--poll", 1).stdout.startswith("complete")

    assert (out / "grades" / "gradebook.csv").read_text() == (single / "gradebook.csv").read_text()
    merged = sorted(p.relative_to(out / "grades") for p in (out / "grades" / "results").glob("*/*.json"))
    assert merged == sorted(p.relative_to(single) for p in (single / "results").glob("*/*.json"))
    assert len(merged) == len(CLASS)
    for name in merged:
        assert comparable(out / "grades" / name) == comparable(single / name)
    # Nothing graded twice: every result stored before the resume is the same file, untouched,
    # shards 1 and 3 ran once, and the re-run of shard 2 graded only what the killed task had not stored.
    after = stored_results(out)
    assert {k: after[k] for k in before} == before
    assert len(after) == len(CLASS)
    for index in (1, 3):
        log = (out / "slurm" / f"shard-{index}.log").read_text()
        assert re.findall(r"graded now (\d+), already graded (\d+)", log) == [("2", "0")], log
    log = (out / "slurm" / "shard-2.log").read_text()
    assert re.findall(r"graded now (\d+), already graded (\d+)", log) == [
        (str(2 - left_by_killed_task), str(left_by_killed_task))], log
