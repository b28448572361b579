"""Does the command line print what it promises and exit with the documented codes?"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys

import pytest

from autograder.cli import main
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples" / "a1"


def test_does_grade_print_a_table_and_exit_0_on_full_marks(capsys):
    assert main(["grade", str(EXAMPLES / "solution.ipynb")]) == 0
    out = capsys.readouterr().out
    assert "test_f_numpy_matches_definition" in out and "Total: 26 / 26" in out


def test_does_a_lost_point_explain_itself_and_exit_1_only_when_strict(capsys):
    assert main(["grade", str(EXAMPLES / "column_output.ipynb")]) == 0
    out = capsys.readouterr().out
    assert "What went wrong" in out and "(n, 1)" in out
    assert main(["grade", "--strict", str(EXAMPLES / "column_output.ipynb")]) == 1
    assert main(["grade", "--strict", str(EXAMPLES / "solution.ipynb")]) == 0


def test_does_format_json_print_the_report_and_report_write_it(capsys, tmp_path):
    report = tmp_path / "out" / "report.json"
    assert main(["grade", str(EXAMPLES / "stub.ipynb"), "--format", "json", "--report", str(report)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(report.read_text())
    assert printed["score"] == 0 and printed["schema_version"] == 1


def test_does_check_run_only_public_tests(capsys):
    assert main(["check", str(EXAMPLES / "solution.ipynb"), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {t["visibility"] for t in data["tests"]} == {"public"}


def test_are_usage_errors_exit_2(capsys, tmp_path):
    assert main(["grade", str(tmp_path / "missing.ipynb")]) == 2
    assert main(["grade", str(EXAMPLES / "solution.ipynb"), "--assignment", "nope"]) == 2
    assert "unknown assignment 'nope'" in capsys.readouterr().err


def test_does_release_check_find_nothing_stale(capsys):
    assert main(["release", "--check"]) == 0, capsys.readouterr().out


@pytest.mark.parametrize("command", [[], ["grade"], ["check"], ["release"]])
def test_does_every_command_have_help(command):
    done = subprocess.run([sys.executable, "-m", "autograder.cli", *command, "--help"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "usage: autograder" in done.stdout and "Exit codes" in done.stdout


def test_does_grading_a_folder_of_examples_skip_helpers_and_name_students_by_file(capsys, tmp_path):
    examples = tmp_path / "examples" / "a1"
    (examples / "mutants").mkdir(parents=True)
    for name in ("stub", "not_a_notebook"):
        shutil.copy(EXAMPLES / f"{name}.ipynb", examples)
    shutil.copy(EXAMPLES / "mutants" / "column_output.py", examples / "mutants")
    out = tmp_path / "g"
    assert main(["grade", str(tmp_path / "examples"), "--out", str(out), "--jobs", "1"]) == 0
    captured = capsys.readouterr()
    assert "skipped 1 file: .py file in a folder of notebooks" in captured.err
    rows = list(csv.DictReader((out / "gradebook.csv").open()))
    assert sorted((r["student"], r["assignment"]) for r in rows) == [("not_a_notebook", "a1"), ("stub", "a1")]


def test_does_a_glob_over_students_name_each_row_by_its_folder(capsys, tmp_path):
    for student in ("ada", "bob"):
        folder = tmp_path / "submitted" / student / "a1"
        folder.mkdir(parents=True)
        shutil.copy(EXAMPLES / "stub.ipynb", folder / "a1_vectorized.ipynb")
    assert main(["grade", *map(str, sorted(tmp_path.glob("submitted/*/a1/*.ipynb"))), "--format", "json"]) == 0
    assert [r["student"] for r in json.loads(capsys.readouterr().out)] == ["ada", "bob"]


def test_does_a_batch_with_an_unknown_assignment_say_so(capsys, tmp_path):
    (tmp_path / "inbox").mkdir()
    shutil.copy(EXAMPLES / "stub.ipynb", tmp_path / "inbox" / "ada.ipynb")
    assert main(["grade", str(tmp_path / "inbox"), "--assignment", "a9", "--out", str(tmp_path / "g")]) == 2
    assert "unknown assignment 'a9'" in capsys.readouterr().err
