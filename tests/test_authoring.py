"""Are the student and solution notebooks generated from one source, and kept fresh?"""

from __future__ import annotations

import pytest

from autograder import authoring
from autograder.course import Course
from tests.conftest import ROOT


def test_are_all_generated_files_up_to_date(course):
    stale = authoring.stale_files(course)
    assert stale == [], "run `autograder release` and commit: " + ", ".join(str(p) for p in stale)


def test_does_a_stub_keep_signature_and_docstring_and_name_its_task():
    source = 'def f(X, y=2):\n    """Doc."""\n    return X + y\n'
    stub = authoring.stub_source(source, "task_f")
    assert stub.startswith('def f(X, y=2):\n    """Doc."""')
    assert 'raise NotImplementedError("task task_f: ' in stub and "return X + y" not in stub


def test_does_the_template_parser_know_every_cell_kind():
    cells = authoring.parse_template("# %% [markdown]\n# # Title\n# text\n\n# %%\nx = 1\n\n"
                                     "# %% solution f g\n\n# %% selfcheck f\n")
    assert [(c.kind, c.names) for c in cells] == [("markdown", ()), ("code", ()), ("solution", ("f", "g")),
                                                   ("selfcheck", ("f",))]
    assert cells[0].text == "# Title\ntext" and cells[1].text == "x = 1"


@pytest.mark.parametrize("aid", Course(ROOT).assignment_ids())
def test_does_the_release_hold_no_solution_code_or_hidden_test(course, aid):
    files = course.assignment(aid)
    released = "\n".join(p.read_text() for p in files.release_dir.iterdir() if p.is_file())
    for name, source in authoring.function_sources(files.solution).items():
        body = source.split('"""')[-1].strip()  # the code after the docstring
        assert body not in released, f"solution code of {name} leaked into release/{aid}"
    for name, source in authoring.function_sources(files.hidden_tests).items():
        if not name.startswith("test_"):
            continue  # helpers may hold public course code (a later notebook gives an earlier function)
        body = "\n".join(source.splitlines()[1:]).strip()  # names are public (in the spec), code is not
        assert body not in released, f"the code of hidden test {name} leaked into release/{aid}"


def test_does_a_mutant_without_expectations_get_refused(tmp_path):
    path = tmp_path / "bad.py"
    path.write_text('"""No expectation here."""\ndef f():\n    pass\n')
    with pytest.raises(ValueError, match="expect"):
        authoring.Mutant.load(path)
