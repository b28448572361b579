"""Can CI reach the hidden material? The bundle, the student workflow's reach, both workflows' lint."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from autograder.bundle import write_bundle
from autograder.cli import _parser
from autograder.course import Course
from tests.conftest import ROOT
from tests.leaks import leaks, public_text, secret_lines

STUDENT = ROOT / "examples" / "student-repo"
INSTRUCTOR = ROOT / "examples" / "instructor-repo"
WORKFLOWS = [STUDENT / ".github" / "workflows" / "self-check.yml", INSTRUCTOR / ".github" / "workflows" / "grade.yml"]
ACTION = INSTRUCTOR / ".github" / "actions" / "setup-grader" / "action.yml"
EXAMPLES = ROOT / "examples" / "a1"
VENV_BIN = Path(sys.prefix) / "bin"


def test_does_the_bundle_hold_the_grader_and_only_this_assignment(course, tmp_path):
    names = zipfile.ZipFile(write_bundle(course, "a1", tmp_path / "b.zip")).namelist()
    assert {"pyproject.toml", "README.md", "autograder/cli.py", "assignments/a1/spec.toml",
            "solutions/a1/hidden_tests.py", "solutions/a1/solution.py"} <= set(names)
    assert not [n for n in names if n.startswith(("release/", "examples/", "tests/"))]
    assert not [n for n in names if n.startswith(("solutions/", "assignments/")) and "/a1/" not in n]
    again = write_bundle(course, "a1", tmp_path / "again.zip")
    assert again.read_bytes() == (tmp_path / "b.zip").read_bytes()  # reproducible


# ------------------------------------------------------------------ what the student workflow can reach


def build_wheel(tmp_path: Path) -> Path:
    """The grader's wheel, as the instructor publishes it for the student workflow (built from a copy,
    so the checkout gets no build/ or egg-info)."""
    source = tmp_path / "source"
    shutil.copytree(ROOT / "autograder", source / "autograder", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(tmp_path / "dist"), str(source)], check=True, capture_output=True, timeout=600)
    return next((tmp_path / "dist").glob("autograder-*.whl"))


def reachable_texts(tmp_path: Path) -> dict[str, str]:
    """Every file the student workflow can read or install: the template, the releases, the wheel."""
    texts = {}
    for folder in (STUDENT, ROOT / "release"):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                texts[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
    with zipfile.ZipFile(build_wheel(tmp_path)) as wheel:
        for name in wheel.namelist():
            texts[f"wheel:{name}"] = wheel.read(name).decode("utf-8", errors="replace")
    return texts


def secrets_of(course: Course) -> dict[str, tuple[set[str], str]]:
    return {aid: (secret_lines(course.assignment(aid)), public_text(course.assignment(aid)))
            for aid in course.assignment_ids()}


def test_can_nothing_the_student_workflow_reaches_show_a_hidden_test_or_the_solution(course, tmp_path):
    texts = reachable_texts(tmp_path)
    assert any(name.startswith("wheel:autograder/cli.py") for name in texts)
    assert not [name for name in texts if "solutions/" in name or "hidden_tests" in name]
    for name, text in texts.items():  # the wheel holds the package's files as they are, and its metadata
        if name.startswith("wheel:autograder/"):
            assert (ROOT / name[len("wheel:"):]).read_text(encoding="utf-8") == text, name
        elif name.startswith("wheel:"):
            assert name.startswith("wheel:autograder-") and ".dist-info/" in name, name
    # A wheel entry leaks when it holds a secret line that is not a line of the grader's (public) source: a
    # solution or a test file that packaging swept in.
    package_lines = grader_lines()
    for aid, (secrets, allowed) in secrets_of(course).items():
        assert len(secrets) > 10, aid  # the check has something to look for
        for name, text in texts.items():
            if name.startswith("release/") and not name.startswith(f"release/{aid}/"):
                continue  # a later release may give an earlier assignment's solution (a2 starts from a1's f)
            if name.startswith("wheel:"):
                found = sorted({line.strip() for line in text.splitlines()} & secrets - package_lines
                               - {line for line in secrets if line in allowed})
            else:
                found = leaks(text, secrets, allowed=allowed)
            assert found == [], f"{name} shows hidden material of {aid}"


def grader_lines() -> set[str]:
    """The lines of the grader's own source. It is public (students install it), and a few generic lines of it
    ("return grads", "result = call.result(student)") also occur in hidden tests: they are no secret."""
    return {line.strip() for p in (ROOT / "autograder").rglob("*") if p.is_file() and p.suffix != ".pyc"
            for line in p.read_text(encoding="utf-8").splitlines()}


def test_would_the_leak_check_catch_the_old_workflows_download(course, tmp_path):
    """The check can fail: the grader bundle the old student workflow downloaded holds the hidden tests."""
    secrets, allowed = secrets_of(course)["a1"]
    secrets -= grader_lines()
    with zipfile.ZipFile(write_bundle(course, "a1", tmp_path / "bundle.zip")) as bundle:
        found = {name for name in bundle.namelist()
                 if leaks(bundle.read(name).decode("utf-8", errors="replace"), secrets, allowed=allowed)}
    # the hidden tests, the solution, and the nbgrader source notebook (it holds the solution cells)
    assert found == {"solutions/a1/hidden_tests.py", "solutions/a1/solution.py", "assignments/a1/a1_vectorized.ipynb"}


def test_does_the_student_workflow_hold_no_secret_and_download_nothing_hidden():
    for path in sorted(STUDENT.rglob("*")):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert "secrets." not in text and "bundle" not in text.lower(), path
            assert not re.search(r"\bcurl\b|\bwget\b|gh release", text), path
    workflow = yaml.safe_load(WORKFLOWS[0].read_text())
    assert workflow["permissions"] == {"contents": "read"}
    steps = workflow["jobs"]["self-check"]["steps"]
    cache = next(step for step in steps if str(step.get("uses", "")).startswith("actions/cache"))
    install = next(step for step in steps if "pip install" in step.get("run", ""))
    assert install["if"] == f"steps.{cache['id']}.outputs.cache-hit != 'true'"  # torch only on a cache miss
    assert "hashFiles('.github/autograder/requirements.txt')" in cache["with"]["key"]
    assert any(step.get("run") == "bash .github/autograder/check.sh" for step in steps)


def student_repository(tmp_path: Path, example: str) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(STUDENT, repo)
    for path in (ROOT / "release" / "a1").iterdir():
        shutil.copy(path, repo / path.name)
    shutil.copy(EXAMPLES / f"{example}.ipynb", repo / "a1_vectorized.ipynb")
    return repo


def test_does_the_self_check_run_the_public_tests_only_and_fill_the_job_summary(tmp_path):
    repo = student_repository(tmp_path, "column_output")
    summary = tmp_path / "summary.md"
    env = dict(os.environ, AUTOGRADER_ASSIGNMENT="a1", AUTOGRADER_VENV=sys.prefix, GITHUB_STEP_SUMMARY=str(summary),
               PYTHONPATH=str(ROOT))
    done = subprocess.run(["bash", ".github/autograder/check.sh"], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads((repo / "self-check" / "report.json").read_text())
    assert {test["visibility"] for test in report["tests"]} == {"public"}
    assert report["score"] == 4 and report["max_score"] == 5
    text = summary.read_text()
    assert "Self-check with the public tests only" in text and "**Score: 4 / 5**" in text and "(n, 1)" in text


# ------------------------------------------------------------------ lint


@pytest.mark.parametrize("path, schema", [*((w, "vendor.github-workflows") for w in WORKFLOWS),
                                          (ACTION, "vendor.github-actions")])
def test_does_each_workflow_validate_against_githubs_schema(path, schema):
    done = subprocess.run([str(VENV_BIN / "check-jsonschema"), "--builtin-schema", schema, str(path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_would_the_schema_check_reject_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOWS[1].read_text().replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest", 1))
    done = subprocess.run([str(VENV_BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
                           str(broken)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "runs_on" in done.stdout


def autograder_commands(workflow: dict) -> list[tuple[str, list[str]]]:
    """(job, argv) of every `autograder ...` line of the workflow, with expressions and variables filled in."""
    commands = []
    for job_name, job in workflow["jobs"].items():
        for step in job["steps"]:
            for line in step.get("run", "").splitlines():
                if line.strip().startswith("autograder "):
                    line = re.sub(r"\$\{\{\s*matrix\.shard\s*\}\}", "2", line)
                    line = line.replace("$ASSIGNMENT", "a1").replace("$ORG", "course").replace("$POST", "issue")
                    assert "${{" not in line and "$" not in line, line
                    commands.append((job_name, shlex.split(line)[1:]))
    return commands


def test_does_every_autograder_command_of_the_instructor_workflow_parse():
    workflow = yaml.safe_load(WORKFLOWS[1].read_text())
    commands = autograder_commands(workflow)
    verbs = [(job, argv[0] if argv[0] != "ci" else f"ci {argv[1]}") for job, argv in commands]
    assert verbs == [("fetch", "ci fetch"), ("fetch", "ci collect"), ("grade", "grade"), ("publish", "merge"),
                     ("publish", "ci post"), ("publish", "ci post")]
    for _, argv in commands:
        _parser().parse_args(argv)  # exits (fails the test) on an unknown verb or option
    shards = workflow["jobs"]["grade"]["strategy"]["matrix"]["shard"]
    grade = next(argv for job, argv in commands if job == "grade")
    assert grade[grade.index("--shard") + 1] == f"2/{len(shards)}"
    merge = next(argv for _, argv in commands if argv[0] == "merge")
    assert merge[1:1 + len(shards)] == [f"shards/shard-{i}" for i in shards]


def test_do_only_the_fetch_and_publish_jobs_see_the_token():
    workflow = yaml.safe_load(WORKFLOWS[1].read_text())
    holders = {job for job, body in workflow["jobs"].items() if "secrets." in json.dumps(body)}
    assert holders == {"fetch", "publish"}  # the grading jobs, where student code runs, get none
    assert set(workflow[True]) == {"schedule", "workflow_dispatch"}  # YAML 1.1 reads the key `on` as True


@pytest.mark.parametrize("command", [["slurm", "submit"], ["slurm", "resume"], ["slurm", "wait"], ["ci", "fetch"],
                                     ["ci", "collect"], ["ci", "post"], ["ci", "gradescope"]])
def test_does_every_ci_verb_have_help(command):
    done = subprocess.run([sys.executable, "-m", "autograder.cli", *command, "--help"], capture_output=True,
                          text=True, timeout=60, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert done.returncode == 0 and f"usage: autograder {' '.join(command)}" in done.stdout
