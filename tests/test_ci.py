"""Can CI grade a submission: the student-repository workflow, the bundle and Gradescope's entry point?"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import yaml

from autograder.bundle import write_bundle
from tests.conftest import ROOT
from tests.reports.test_writers import GRADESCOPE_SCHEMA

TEMPLATE = ROOT / "examples" / "student-repo"
EXAMPLES = ROOT / "examples" / "a1"
VENV = Path(sys.prefix)  # the test environment already has the grader installed


def test_does_the_bundle_hold_the_grader_and_only_this_assignment(course, tmp_path):
    names = zipfile.ZipFile(write_bundle(course, "a1", tmp_path / "b.zip")).namelist()
    assert {"pyproject.toml", "README.md", "autograder/cli.py", "assignments/a1/spec.toml",
            "solutions/a1/hidden_tests.py", "solutions/a1/solution.py"} <= set(names)
    assert not [n for n in names if n.startswith(("release/", "examples/", "tests/"))]
    assert not [n for n in names if n.startswith(("solutions/", "assignments/")) and "/a1/" not in n]
    again = write_bundle(course, "a1", tmp_path / "again.zip")
    assert again.read_bytes() == (tmp_path / "b.zip").read_bytes()  # reproducible


def student_repo(tmp_path, example):
    repo = tmp_path / "repo"
    shutil.copytree(TEMPLATE, repo)
    shutil.copy(EXAMPLES / f"{example}.ipynb", repo / "a1_vectorized.ipynb")
    return repo


def run_workflow_script(repo, bundle, policy, summary):
    env = dict(os.environ, AUTOGRADER_ASSIGNMENT="a1", AUTOGRADER_BUNDLE=str(bundle), AUTOGRADER_POLICY=policy,
               AUTOGRADER_VENV=str(VENV), GITHUB_STEP_SUMMARY=str(summary))
    return subprocess.run(["bash", ".github/autograder/grade.sh"], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=300)


def test_does_the_student_workflow_grade_summarise_and_apply_its_policy(course, tmp_path):
    bundle = write_bundle(course, "a1", tmp_path / "bundle.zip")
    repo = student_repo(tmp_path, "column_output")
    summary = tmp_path / "summary.md"
    done = run_workflow_script(repo, bundle, "graded", summary)
    assert done.returncode == 0, done.stderr
    report = json.loads((repo / "autograder-report" / "report.json").read_text())
    assert report["score"] == 20 and report["max_score"] == 26
    assert "**Score: 20 / 26**" in summary.read_text() and "(n, 1)" in summary.read_text()
    assert (repo / "autograder-report" / "junit.xml").read_text().startswith("<?xml")
    assert run_workflow_script(repo, bundle, "full-marks", summary).returncode == 1
    assert run_workflow_script(repo, bundle, "min-score=20", summary).returncode == 0


def test_does_the_workflow_run_that_script_and_upload_the_report():
    workflow = yaml.safe_load((TEMPLATE / ".github" / "workflows" / "autograde.yml").read_text())
    steps = workflow["jobs"]["grade"]["steps"]
    assert any(step.get("run") == "bash .github/autograder/grade.sh" for step in steps)
    upload = next(step for step in steps if str(step.get("uses", "")).startswith("actions/upload-artifact"))
    assert upload["with"]["path"] == "autograder-report/" and upload["if"] == "always()"
    assert "secrets.AUTOGRADER_BUNDLE_TOKEN" in (TEMPLATE / ".github" / "workflows" / "autograde.yml").read_text()


def gradescope_root(course, tmp_path):
    root = tmp_path / "autograder"
    with zipfile.ZipFile(write_bundle(course, "a1", tmp_path / "gs.zip", gradescope=True)) as archive:
        archive.extractall(root / "source")
        names = archive.namelist()
    assert names[:2] == ["setup.sh", "run_autograder"]
    (root / "submission").mkdir()
    return root


def run_autograder(root):
    env = dict(os.environ, GRADESCOPE_ROOT=str(root), AUTOGRADER_BIN=str(VENV / "bin" / "autograder"))
    done = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    data = json.loads((root / "results" / "results.json").read_text())
    jsonschema.validate(data, GRADESCOPE_SCHEMA)
    return data


def test_does_gradescopes_run_autograder_write_a_valid_results_json(course, tmp_path):
    root = gradescope_root(course, tmp_path)
    shutil.copy(EXAMPLES / "missing_half.ipynb", root / "submission" / "whatever_name.ipynb")
    data = run_autograder(root)
    assert data["score"] == 20 and sum(t["max_score"] for t in data["tests"]) == 26
    assert any("factor 0.5" in t["output"] for t in data["tests"])


def test_does_an_empty_gradescope_submission_still_get_results(course, tmp_path):
    data = run_autograder(gradescope_root(course, tmp_path))
    assert data["score"] == 0 and "No notebook" in data["output"]
