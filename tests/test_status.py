"""Is a status one typed value from the runner to every writer, with the JSON strings unchanged?"""

from __future__ import annotations

import json

import pytest

from autograder.ci.policy import parse_policy
from autograder.reports import WRITERS
from autograder.reports.gradescope import GRADESCOPE_STATUS
from autograder.reports.text import _MARK
from autograder.results import CellResult, GradingResult
from autograder.results import TestResult as Result
from autograder.status import CellStatus, Status
from tests.conftest import ROOT

SCHEMA = json.loads((ROOT / "autograder" / "results-schema.json").read_text())


def test_does_the_schema_list_exactly_the_statuses_of_the_enums():
    tests = SCHEMA["properties"]["tests"]["items"]["properties"]["status"]["enum"]
    cells = SCHEMA["properties"]["cells"]["items"]["properties"]["status"]["enum"]
    assert tests == [status.value for status in Status]
    assert cells == [status.value for status in CellStatus if status is not CellStatus.OK]


def test_does_a_result_read_back_typed_and_write_the_same_strings():
    result = GradingResult("a1", "x.ipynb", 1.0, 3.0, tests=[
        Result("test_a", "t", 1.0, 1.0, "passed", "", "public"),
        Result("test_b", "t", 0.0, 2.0, Status.NOT_RUN, "not run: f timed out in test_a", "hidden")],
        cells=[CellResult(2, "timeout", "the cell did not finish")])
    data = json.loads(result.to_json())
    assert [t["status"] for t in data["tests"]] == ["passed", "not_run"] and data["cells"][0]["status"] == "timeout"
    again = GradingResult.from_dict(data)
    assert [t.status for t in again.tests] == [Status.PASSED, Status.NOT_RUN]
    assert again.cells[0].status is CellStatus.TIMEOUT and again.to_dict() == data


def test_is_an_unknown_status_refused_when_the_result_is_made():
    with pytest.raises(ValueError, match="'skipped' is not a valid Status"):
        Result("test_a", "t", 0.0, 1.0, "skipped", "", "public")


def test_does_every_writer_have_a_word_for_every_status():
    assert set(_MARK) == set(Status) and set(GRADESCOPE_STATUS) == set(Status)
    for status in Status:
        result = GradingResult("a1", "x.ipynb", 0.0, 1.0, tests=[Result("test_a", "t", 0.0, 1.0, status,
                                                                            "why", "public")])
        for name, write in WRITERS.items():
            assert write(result), (name, status)


@pytest.mark.parametrize(("policy", "message"), [("min-score=lots", "needs a number"),
                                                 ("most-marks", "unknown policy")])
def test_is_a_wrong_policy_refused_before_any_report_is_read(policy, message):
    with pytest.raises(ValueError, match=message):
        parse_policy(policy)
