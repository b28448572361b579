"""Does ``autograder check`` work in a student's folder, with only what the student received?

The folder holds ``release/a3/`` (notebook, ``spec.toml``, ``public_tests.py``) and a
filled-in notebook; there is no course around it (no ``assignments/``, no
``solutions/``, no ``$AUTOGRADER_COURSE``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from autograder import cli
from autograder.release_folder import find_release
from tests.conftest import ROOT

NOTEBOOK = "a3_momentum.ipynb"


@pytest.fixture
def student_folder(tmp_path, monkeypatch):
    """``tmp/a3/`` as the student received it; the current directory is ``tmp``."""
    monkeypatch.delenv("AUTOGRADER_COURSE", raising=False)
    folder = tmp_path / "a3"
    shutil.copytree(ROOT / "release" / "a3", folder)
    monkeypatch.chdir(tmp_path)
    return folder


def filled_in(folder, example: str, name: str = NOTEBOOK):
    """The released notebook with the functions of ``examples/a3/<example>.ipynb`` (as a student saves it)."""
    shutil.copy(ROOT / "examples" / "a3" / f"{example}.ipynb", folder / name)
    return folder / name


def test_does_a_correct_notebook_pass_every_public_check(student_folder, capsys):
    assert cli.main(["check", str(filled_in(student_folder, "solution")), "--format", "json", "--strict"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["assignment"] == "a3" and result["score"] == result["max_score"] == 9
    assert {t["visibility"] for t in result["tests"]} == {"public"}


def test_does_a_wrong_notebook_get_the_graders_message_and_hint(student_folder, capsys):
    notebook = filled_in(student_folder, "gradient_norms_squared", "my_work.ipynb")  # renamed: found by metadata
    assert cli.main(["check", str(notebook)]) == 0
    out = capsys.readouterr().out
    assert "Total: 8 / 9" in out
    assert "hint: this is the squared norm: take the square root of the sum of squares" in out
    assert cli.main(["check", str(notebook), "--strict"]) == 1


def test_does_check_find_the_release_from_the_folder_above(student_folder, tmp_path, capsys):
    notebook = filled_in(student_folder, "solution")
    moved = shutil.move(notebook, tmp_path / NOTEBOOK)  # notebook beside the a3/ folder, not in it
    assert find_release(moved).root == student_folder
    assert cli.main(["check", NOTEBOOK]) == 0
    assert "Total: 9 / 9" in capsys.readouterr().out


@pytest.mark.parametrize("missing", ["public_tests.py", "spec.toml"])
def test_does_check_say_which_release_file_is_missing(student_folder, capsys, missing):
    notebook = filled_in(student_folder, "solution")
    (student_folder / missing).unlink()
    assert cli.main(["check", str(notebook)]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert "they need spec.toml and public_tests.py" in err
    assert f"{student_folder}: no {missing}" in err


def test_does_the_command_run_outside_any_course(student_folder):
    """The installed command, from the student's folder (a fresh process, so nothing of this checkout's
    course is imported or found)."""
    notebook = filled_in(student_folder, "gradient_norms_squared")
    done = subprocess.run([sys.executable, "-m", "autograder.cli", "check", NOTEBOOK], cwd=student_folder,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert notebook.name in done.stdout and "squared norm" in done.stdout and "Total: 8 / 9" in done.stdout
