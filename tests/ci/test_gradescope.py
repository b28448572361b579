"""Does Gradescope grade the student's notebook, not a release file re-uploaded next to it, and say why?"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import nbformat
import pytest

from autograder.bundle import write_bundle
from autograder.ci.choose import choose_submission
from tests.conftest import ROOT
from tests.reports.test_writers import GRADESCOPE_SCHEMA

EXAMPLES = ROOT / "examples" / "a1"
RELEASE = ROOT / "release" / "a1"
VENV = Path(sys.prefix)


def upload(folder: Path, files: dict[str, Path]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, source in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, folder / name)
    return folder


def without_metadata(source: Path, target: Path) -> Path:
    notebook = nbformat.read(source, as_version=4)
    notebook.metadata.pop("autograder", None)
    nbformat.write(notebook, target)
    return target


WITH_RELEASE = {"public_tests.py": RELEASE / "public_tests.py", "spec.toml": RELEASE / "spec.toml"}


def test_is_the_notebook_chosen_over_the_release_files_uploaded_with_it(course, tmp_path):
    folder = upload(tmp_path / "up", {**WITH_RELEASE, "a1_vectorized.ipynb": EXAMPLES / "missing_half.ipynb"})
    choice = choose_submission(folder, course.assignment("a1"))
    assert choice.path == folder / "a1_vectorized.ipynb"
    assert "metadata names assignment a1" in choice.reason and choice.ignored == ["public_tests.py"]
    assert "Ignored public_tests.py" in choice.explanation(folder)


def test_is_a_renamed_copy_of_the_public_tests_ignored_too(course, tmp_path):
    folder = upload(tmp_path / "up", {"my_tests.py": RELEASE / "public_tests.py", "work.py": EXAMPLES.parent /
                                      "a1" / "mutants" / next(p.name for p in (EXAMPLES / "mutants").glob("*.py"))})
    choice = choose_submission(folder, course.assignment("a1"))
    assert choice.path == folder / "work.py" and choice.reason == "it is the only Python file"
    assert choice.ignored == ["my_tests.py"]


def test_does_the_notebook_name_decide_when_no_notebook_has_metadata(course, tmp_path):
    folder = tmp_path / "up"
    folder.mkdir()
    without_metadata(EXAMPLES / "solution.ipynb", folder / "a1_vectorized.ipynb")
    without_metadata(EXAMPLES / "stub.ipynb", folder / "scratch.ipynb")
    choice = choose_submission(folder, course.assignment("a1"))
    assert choice.path == folder / "a1_vectorized.ipynb" and "notebook name a1_vectorized.ipynb" in choice.reason


def test_is_a_single_renamed_notebook_in_a_subfolder_chosen(course, tmp_path):
    folder = upload(tmp_path / "up", {"work/My Notebook.ipynb": EXAMPLES / "column_output.ipynb",
                                      "work/.ipynb_checkpoints/My Notebook-checkpoint.ipynb": EXAMPLES / "stub.ipynb",
                                      **WITH_RELEASE})
    choice = choose_submission(folder, course.assignment("a1"))
    assert choice.path == folder / "work" / "My Notebook.ipynb"


@pytest.mark.parametrize("files, words", [
    ({"one.ipynb": "stub", "two.ipynb": "solution"}, ["2 files could be your work", "one.ipynb", "two.ipynb"]),
    ({"x.ipynb": "a2", **WITH_RELEASE}, ["another assignment", "x.ipynb is a2", "a1_vectorized.ipynb"]),
    (WITH_RELEASE, ["no notebook (.ipynb) or Python file"]),
])
def test_does_it_refuse_to_guess_and_say_why(course, tmp_path, files, words):
    folder = tmp_path / "up"
    folder.mkdir()
    for name, source in files.items():
        if source == "a2":
            shutil.copy(ROOT / "examples" / "a2" / "solution.ipynb", folder / name)
        elif isinstance(source, str):
            without_metadata(EXAMPLES / f"{source}.ipynb", folder / name)
        else:
            shutil.copy(source, folder / name)
    choice = choose_submission(folder, course.assignment("a1"))
    assert choice.path is None
    for word in words:
        assert word in choice.explanation(folder)


def gradescope_root(course, tmp_path):
    root = tmp_path / "autograder"
    with zipfile.ZipFile(write_bundle(course, "a1", tmp_path / "gs.zip", gradescope=True)) as archive:
        archive.extractall(root / "source")
        assert archive.namelist()[:2] == ["setup.sh", "run_autograder"]
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


def test_does_run_autograder_grade_the_notebook_uploaded_with_the_release_files(course, tmp_path):
    root = gradescope_root(course, tmp_path)
    upload(root / "submission", {**WITH_RELEASE, "a1_vectorized.ipynb": EXAMPLES / "missing_half.ipynb"})
    data = run_autograder(root)
    assert data["output"].startswith("Graded a1_vectorized.ipynb: its notebook metadata names assignment a1.")
    assert "Ignored public_tests.py" in data["output"]
    # The notebook's own mistake is what was marked (public_tests.py defines none of the functions: grading
    # it gave "does not define f_numpy" everywhere). 20 / 26 on a quiet machine; the grader's time limits
    # are wall-clock, so a heavily loaded one may also time out a call.
    assert sum(t["max_score"] for t in data["tests"]) == 26 and data["score"] <= 20
    assert any("factor 0.5" in t["output"] for t in data["tests"] if t["name"].startswith("f_numpy"))
    assert not any("does not define" in t["output"] for t in data["tests"])
    assert all(t["score"] == t["max_score"] for t in data["tests"] if t["name"].startswith("row_dot"))


def test_does_an_ambiguous_upload_get_a_valid_results_json_that_explains(course, tmp_path):
    root = gradescope_root(course, tmp_path)
    without_metadata(EXAMPLES / "stub.ipynb", root / "submission" / "draft.ipynb")
    without_metadata(EXAMPLES / "solution.ipynb", root / "submission" / "final.ipynb")
    data = run_autograder(root)
    assert data["score"] == 0 and data["tests"] == []
    assert data["output"].startswith("Nothing was graded: 2 files could be your work (draft.ipynb, final.ipynb)")


def test_does_an_empty_gradescope_submission_still_get_results(course, tmp_path):
    data = run_autograder(gradescope_root(course, tmp_path))
    assert data["score"] == 0 and "no notebook (.ipynb) or Python file" in data["output"]
