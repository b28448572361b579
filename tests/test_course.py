"""Does the course keep its secrets: the solutions, the nbgrader source notebooks, other students' work?"""

from __future__ import annotations

import pytest

from autograder.course import AssignmentFiles, Course
from autograder.nbgrader_source import source_notebook_path
from autograder.sandbox.process import Limits
from autograder.sandbox.session import CallFailure, StudentSession
from tests.conftest import ROOT


def test_are_the_source_notebooks_and_nbgraders_folders_secret(course):
    secret = set(course.secret_paths)
    for aid in course.assignment_ids():
        assert source_notebook_path(course.assignment(aid)) in secret
    for name in ("solutions", "downloaded", "submitted", "autograded", "feedback", "gradebook.db"):
        assert ROOT / name in secret


def test_can_student_code_not_read_a_source_notebook_or_a_submitted_one(course):
    source = source_notebook_path(course.assignment(course.assignment_ids()[0]))
    submitted = ROOT / "submitted" / "someone" / "a1" / "a1_vectorized.ipynb"
    cells = [(1, f"def peek():\n    return open({str(source)!r}).read()"),
             (2, f"def other():\n    return open({str(submitted)!r}).read()")]
    limits = Limits(call_seconds=5, cell_seconds=5, submission_seconds=60)
    with StudentSession(cells, limits=limits, protected=Course(ROOT).secret_paths, course_root=ROOT) as session:
        session.run_cells()
        for name in ("peek", "other"):
            with pytest.raises(CallFailure) as failure:
                session.call(name)
            assert failure.value.kind == "forbidden"


def test_does_a_helper_module_of_the_hidden_tests_change_the_fingerprint(tmp_path):
    """A helper next to the hidden tests (a6's mlp_checks.py) decides grades too: a changed helper
    must not reuse examples recorded or results graded with the old one."""
    import shutil

    for folder in ("assignments/a6", "solutions/a6"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    before = AssignmentFiles(tmp_path, "a6").fingerprint
    helper = tmp_path / "solutions" / "a6" / "mlp_checks.py"
    helper.write_text(helper.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert AssignmentFiles(tmp_path, "a6").fingerprint != before
