"""Does the course keep its secrets: the solutions, the nbgrader source notebooks, other students' work?"""

from __future__ import annotations

import pytest

from autograder.course import Course
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
