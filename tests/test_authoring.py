"""Are the student and solution notebooks generated from one source, and kept fresh?"""

from __future__ import annotations

import re
import shutil

import pytest

from autograder import authoring
from autograder.course import Course
from autograder.nbgrader_source import source_notebook_path
from tests.conftest import ROOT
from tests.leaks import leaks, public_text, secret_lines, visible_text


def test_are_all_generated_files_up_to_date(course):
    stale = authoring.stale_files(course)
    assert stale == [], "run `autograder release` and commit: " + ", ".join(str(p) for p in stale)


def test_does_a_stub_keep_signature_and_docstring_and_name_its_task():
    source = 'def f(X, y=2):\n    """Doc."""\n    return X + y\n'
    stub = authoring.stub_source(source, "task_f")
    assert stub.startswith('def f(X, y=2):\n    """Doc."""')
    assert 'raise NotImplementedError("task task_f: ' in stub and "return X + y" not in stub


CLASS = 'class V:\n    """Doc."""\n\n    def get(self):\n        """Get."""\n        return 1\n\n    def put(self):\n        return 2\n'


def test_does_a_class_stub_keep_every_method_signature_and_name_each_methods_task():
    stub = authoring.stub_source(CLASS, "v_task", {"put": "put_task"})
    assert stub.startswith('class V:\n    """Doc."""\n\n    def get(self):\n        """Get."""\n')
    assert 'raise NotImplementedError("task v_task: ' in stub and 'raise NotImplementedError("task put_task: ' in stub
    assert "return 1" not in stub and "return 2" not in stub
    public, secret = authoring.public_and_secret_lines(CLASS)
    assert "    def put(self):" in public and [line.strip() for line in secret] == ["return 1", "return 2"]


def test_does_a_mutant_replace_one_method_and_keep_the_rest_of_the_class():
    changed = authoring.map_methods(CLASS, lambda name, code: "def put(self):\n    return 3" if name == "put" else code)
    assert changed == CLASS.replace("return 2", "return 3").rstrip("\n")


def test_does_the_template_parser_know_every_cell_kind():
    cells = authoring.parse_template("# %% [markdown]\n# # Title\n# text\n\n# %%\nx = 1\n\n"
                                     "# %% solution f g\n\n# %% selfcheck f\n")
    assert [(c.kind, c.names) for c in cells] == [("markdown", ()), ("code", ()), ("solution", ("f", "g")),
                                                   ("selfcheck", ("f",))]
    assert cells[0].text == "# Title\ntext" and cells[1].text == "x = 1"


@pytest.mark.parametrize("aid", Course(ROOT).assignment_ids())
def test_does_the_release_hold_no_solution_code_or_hidden_test(course, aid):
    files = course.assignment(aid)
    secrets, public = secret_lines(files), public_text(files)
    for path in sorted(p for p in files.release_dir.rglob("*") if p.is_file()):
        text = visible_text(path)
        assert not re.search(r"(BEGIN|END) (SOLUTION|HIDDEN TESTS)", text), path
        assert leaks(text, secrets, allowed=public) == [], f"solution or hidden test code leaked into {path}"


@pytest.mark.parametrize("aid", Course(ROOT).assignment_ids())
def test_does_the_leak_check_find_the_solution_in_the_source_notebook(course, aid):
    files = course.assignment(aid)
    source = visible_text(source_notebook_path(files))
    assert leaks(source, secret_lines(files), allowed=public_text(files)) != []


def test_does_release_check_flag_a_file_left_over_in_the_release(tmp_path):
    for name in ("nbgrader_config.py", "assignments", "solutions", "release", "examples"):
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
        copy(ROOT / name, tmp_path / name)
    aid = Course(ROOT).assignment_ids()[0]
    leftover = tmp_path / "release" / aid / "old_notebook.ipynb"
    leftover.write_text("{}")
    copied = Course(tmp_path)
    assert authoring.stale_files(copied, [aid]) == [leftover]
    assert leftover in authoring.write_generated(copied, [aid]) and not leftover.exists()


def test_does_a_mutant_without_expectations_get_refused(tmp_path):
    path = tmp_path / "bad.py"
    path.write_text('"""No expectation here."""\ndef f():\n    pass\n')
    with pytest.raises(ValueError, match="expect"):
        authoring.Mutant.load(path)
