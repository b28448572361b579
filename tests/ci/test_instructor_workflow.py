"""Does every step of the instructor workflow run without GitHub: fetch (against a recorded fake),
collect, grade in shards, merge, render and post feedback? (tests/test_ci.py parses the workflow's
commands.)"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

from tests.ci.fake_github import FakeGitHub
from tests.conftest import ROOT

STUDENT_TEMPLATE = ROOT / "examples" / "student-repo"
EXAMPLES = ROOT / "examples" / "a1"
TOKEN = "test-token-not-a-secret"


def git(*arguments, cwd=None):
    return subprocess.run(["git", *arguments], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def student_repository(base: Path, name: str, files: dict[str, Path | str]) -> tuple[Path, str]:
    """A bare repository like a GitHub Classroom one: the template, the release, the student's files."""
    work = base / "work" / name
    shutil.copytree(STUDENT_TEMPLATE, work)
    for path in (ROOT / "release" / "a1").iterdir():
        shutil.copy(path, work / path.name)
    if "a1_vectorized.ipynb" not in files:  # the student removed the release notebook
        (work / "a1_vectorized.ipynb").unlink()
    for target, source in files.items():
        if source == "no-metadata-stub":
            notebook = nbformat.read(EXAMPLES / "stub.ipynb", as_version=4)
            notebook.metadata.pop("autograder", None)
            nbformat.write(notebook, work / target)
        else:
            shutil.copy(source, work / target)
    git("init", "--quiet", "--initial-branch=main", cwd=work)
    git("add", "-A", cwd=work)
    git("-c", "user.name=Student", "-c", "user.email=student@example.org", "commit", "--quiet", "-m", "work",
        cwd=work)
    bare = base / "remote" / f"{name}.git"
    git("clone", "--quiet", "--bare", str(work), str(bare))
    return bare, git("rev-parse", "HEAD", cwd=work)


def autograder(*arguments, env=None, cwd=None):
    done = subprocess.run([sys.executable, "-m", "autograder.cli", *map(str, arguments)], capture_output=True,
                          text=True, timeout=900, cwd=cwd, env=dict(os.environ, PYTHONPATH=str(ROOT), **(env or {})))
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_do_the_instructor_steps_grade_a_class_and_post_feedback_through_the_adapter(tmp_path):
    repos = {  # alice: the release notebook, solved; bob: the work renamed; carol: two drafts without metadata
        "a1-alice": {"a1_vectorized.ipynb": EXAMPLES / "solution.ipynb"},
        "a1-bob": {"my work.ipynb": EXAMPLES / "column_output.ipynb"},
        "a1-carol": {"draft1.ipynb": "no-metadata-stub", "draft2.ipynb": "no-metadata-stub"},
    }
    listing, commits = [], {}
    for name, files in repos.items():
        bare, commits[name] = student_repository(tmp_path, name, files)
        listing.append({"name": name, "full_name": f"course/{name}", "clone_url": bare.as_uri()})
    listing.append({"name": "a2-alice", "full_name": "course/a2-alice", "clone_url": "file:///nonexistent"})
    env = {"AUTOGRADER_GITHUB_API": "", "AUTOGRADER_GITHUB_TOKEN": TOKEN}
    with FakeGitHub("course", listing) as fake:
        env["AUTOGRADER_GITHUB_API"] = fake.url
        fetched = autograder("ci", "fetch", "--org", "course", "--prefix", "a1-", "--out", tmp_path / "clones",
                             env=env)
        assert "3 repositories" in fetched
        collected = autograder("ci", "collect", tmp_path / "clones", "--assignment", "a1",
                               "--out", tmp_path / "submissions")
        for shard in (1, 2):
            autograder("grade", tmp_path / "submissions", "--assignment", "a1", "--shard", f"{shard}/2",
                       "--out", tmp_path / f"shard-{shard}", "--jobs", "1")
        autograder("merge", tmp_path / "shard-1", tmp_path / "shard-2", "--out", tmp_path / "grades")
        posted = autograder("ci", "post", tmp_path / "grades", "--manifest", tmp_path / "submissions" / "manifest.json",
                            "--out", tmp_path / "posts", "--github", "commit-comment", env=env)

    assert "alice: Graded a1_vectorized.ipynb: its notebook metadata names assignment a1" in collected
    assert "bob: Graded my work.ipynb: its notebook metadata names assignment a1" in collected
    assert "carol: Nothing was graded: 2 files could be your work" in collected
    rows = {row["student"]: row for row in csv.DictReader((tmp_path / "grades" / "gradebook.csv").open())}
    assert sorted(rows) == ["alice", "bob"]
    assert "alice: commented on course/a1-alice@" in posted
    # The requests, exactly: two pages of the organisation's repositories, then one comment per student
    # on the commit that was graded, all with the token.
    assert [(r["method"], r["path"]) for r in fake.requests] == [
        ("GET", "/orgs/course/repos?type=all&per_page=100&page=1"),
        ("GET", "/orgs/course/repos?type=all&per_page=100&page=2"),
        *[("POST", f"/repos/course/{name}/commits/{commits[name]}/comments") for name in sorted(repos)]]
    assert {(r["authorization"], r["api_version"]) for r in fake.requests} == {(f"Bearer {TOKEN}", "2022-11-28")}
    bodies = {r["path"].split("/")[3]: r["body"]["body"] for r in fake.requests if r["method"] == "POST"}
    for name in ("a1-alice", "a1-bob"):
        row = rows[name[3:]]
        assert f"**Score: {row['score']} / {row['max_score']}**" in bodies[name]
        assert f"Autograder: a1, {row['score']} / {row['max_score']}" in bodies[name]
    assert "Ignored public_tests.py" in bodies["a1-alice"]
    assert "(n, 1)" in bodies["a1-bob"]  # the teaching message for bob's column output
    assert bodies["a1-carol"].startswith("## Autograder: a1 was not graded") and "draft1.ipynb" in bodies["a1-carol"]
    assert (tmp_path / "posts" / "bob.md").read_text() == bodies["a1-bob"]
    assert TOKEN not in fetched + collected + posted
