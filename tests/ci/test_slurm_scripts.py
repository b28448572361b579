"""The batch scripts `autograder slurm submit` writes, run by bash without a cluster: a task grades its
own shard and marks it done only on success; the merge refuses an incomplete class."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from autograder.slurm import Plan, merge_script, shard_script


def run(script: str, tmp_path: Path, **env) -> subprocess.CompletedProcess:
    path = tmp_path / "script.sh"
    path.write_text(script)
    return subprocess.run(["bash", str(path)], capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, **env))


def plan(tmp_path: Path, command: list[str]) -> Plan:
    made = Plan(out=str(tmp_path / "out"), submissions=[str(tmp_path / "class")], shards=3, assignment="a1",
                cpus_per_task=2, jobs=1, autograder=command)
    made.folder.mkdir(parents=True)
    return made


def test_does_a_task_grade_its_shard_and_mark_it_done(tmp_path):
    made = plan(tmp_path, ["echo"])
    done = run(shard_script(made), tmp_path, SLURM_ARRAY_TASK_ID="2", SLURM_JOB_ID="77")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["grade", str(tmp_path / "class"), "--jobs", "1", "--assignment", "a1",
                                   "--shard", "2/3", "--out", str(tmp_path / "out" / "shard-2")]
    assert made.done_marker(2).read_text().strip() == "77" and made.unfinished() == [1, 3]


def test_does_a_failed_task_leave_no_done_marker(tmp_path):
    made = plan(tmp_path, ["false"])
    made.done_marker(1).write_text("old")  # from an earlier run: removed when the task starts again
    done = run(shard_script(made), tmp_path, SLURM_ARRAY_TASK_ID="1", SLURM_JOB_ID="78")
    assert done.returncode != 0 and made.unfinished() == [1, 2, 3]


def test_does_the_merge_refuse_until_every_shard_is_done_then_merge_all(tmp_path):
    made = plan(tmp_path, ["echo"])
    for index in (1, 3):
        made.done_marker(index).write_text("1")
    refused = run(merge_script(made), tmp_path)
    assert refused.returncode == 1 and "shard not finished" in refused.stderr and "done-2" in refused.stderr
    made.done_marker(2).write_text("1")
    merged = run(merge_script(made), tmp_path)
    out = tmp_path / "out"
    assert merged.returncode == 0 and merged.stdout.split() == [
        "merge", *(str(out / f"shard-{i}") for i in (1, 2, 3)), "--out", str(out / "grades")]
