"""Is grading deterministic, schema-valid, and safe against unreadable submissions?"""

from __future__ import annotations

import json

import jsonschema
import pytest

from autograder.course import UnknownAssignment
from autograder.results import GradingResult, without_timing
from autograder.runner import grade_submission
from tests.conftest import ROOT

SCHEMA = json.loads((ROOT / "autograder" / "results-schema.json").read_text())
EXAMPLES = ROOT / "examples" / "a1"


def test_does_grading_twice_give_identical_results(course):
    path = EXAMPLES / "sin_cos_swapped.ipynb"  # failures go through hypothesis shrinking
    first = grade_submission(path, course=course).to_dict()
    second = grade_submission(path, course=course).to_dict()
    assert json.dumps(without_timing(first)) == json.dumps(without_timing(second))
    assert first["score"] < first["max_score"]


@pytest.mark.parametrize("name", ["solution.ipynb", "stub.ipynb", "infinite_loop.ipynb", "not_a_notebook.ipynb"])
def test_does_every_report_follow_the_published_schema(grade, name):
    data = json.loads(grade(EXAMPLES / name).to_json())
    jsonschema.validate(data, SCHEMA)
    assert GradingResult.from_dict(data).to_dict() == data


@pytest.mark.parametrize(("name", "reason"), [
    ("not_a_notebook.ipynb", "not valid JSON"),
    ("empty.ipynb", "is empty"),
    ("old_format.ipynb", "old notebook"),
])
def test_does_an_unreadable_submission_get_zero_and_a_reason(grade, name, reason):
    result = grade(EXAMPLES / name)
    assert result.score == 0 and result.max_score > 0
    assert reason in result.error and result.tests == []


def test_are_broken_cells_reported_with_their_cell_number(grade):
    result = grade(EXAMPLES / "syntax_error.ipynb")
    (cell,) = result.cells
    assert cell.status == "error" and "SyntaxError" in cell.error and cell.cell > 1


def test_does_huge_output_stay_out_of_the_report(grade):
    result = grade(EXAMPLES / "huge_output.ipynb")
    assert result.full_marks and len(result.to_json()) < 20_000


def test_does_check_run_only_public_tests_without_the_reference(course):
    result = grade_submission(EXAMPLES / "solution.ipynb", course=course, visibilities=("public",))
    assert result.tests and {t.visibility for t in result.tests} == {"public"}
    assert result.full_marks


def test_is_an_unknown_assignment_a_usage_error(course, tmp_path):
    path = tmp_path / "mystery.py"
    path.write_text("x = 1\n")
    with pytest.raises(UnknownAssignment, match="--assignment"):
        grade_submission(path, course=course)


def test_is_a_python_file_graded_like_a_notebook(course, tmp_path):
    path = tmp_path / "a1_answers.py"
    path.write_text("import numpy as np\n\ndef row_dot(X, Y):\n    return (X * Y).sum(axis=1)\n")
    result = grade_submission(path, course=course)
    row_dot = [t for t in result.tests if t.task == "row_dot"]
    assert all(t.status == "passed" for t in row_dot)
    assert 0 < result.score < result.max_score
