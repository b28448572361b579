"""Do all report formats agree on every score, and does each follow its published format?"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import jsonschema
import pytest

from autograder.reports import (
    render_gradebook,
    render_gradescope,
    render_html,
    render_json,
    render_junit,
    render_markdown,
    render_text,
)
from tests.conftest import ROOT

NAMES = ["solution", "column_output", "stub", "syntax_error", "not_a_notebook"]

#: Gradescope's results.json, as published in its autograder specification (field names and types).
GRADESCOPE_SCHEMA = {
    "type": "object",
    "properties": {
        "score": {"type": "number"},
        "execution_time": {"type": "integer"},
        "output": {"type": "string"},
        "output_format": {"enum": ["text", "html", "simple_format", "md", "ansi"]},
        "visibility": {"enum": ["hidden", "after_due_date", "after_published", "visible"]},
        "stdout_visibility": {"enum": ["hidden", "after_due_date", "after_published", "visible"]},
        "extra_data": {"type": "object"},
        "tests": {"type": "array", "items": {
            "type": "object",
            "required": ["score", "max_score"],
            "properties": {
                "score": {"type": "number"},
                "max_score": {"type": "number"},
                "status": {"enum": ["passed", "failed"]},
                "name": {"type": "string"},
                "number": {"type": "string"},
                "output": {"type": "string"},
                "tags": {"type": "array", "items": {"type": "string"}},
                "visibility": {"enum": ["hidden", "after_due_date", "after_published", "visible"]},
                "extra_data": {"type": "object"},
            },
            "additionalProperties": False,
        }},
    },
    "additionalProperties": False,
}


@pytest.fixture(scope="module")
def results(grade):
    return [grade(ROOT / "examples" / "a1" / f"{name}.ipynb") for name in NAMES]


def scores_by_format(result):
    text = float(re.search(r"Total: ([\d.]+) /", render_text(result)).group(1))
    markdown = float(re.search(r"Score: ([\d.]+) /", render_markdown(result)).group(1))
    html = float(re.search(r"Score: ([\d.]+) /", render_html(result)).group(1))
    as_json = json.loads(render_json(result))["score"]
    suite = ET.fromstring(render_junit(result))
    junit = float(suite.find("properties/property[@name='score']").get("value"))
    junit_tasks = sum(float(p.get("value")) for p in suite.findall("testcase/properties/property[@name='points']"))
    gradescope = json.loads(render_gradescope(result))
    gradescope_tests = sum(t["score"] for t in gradescope["tests"])
    return {"text": text, "markdown": markdown, "html": html, "json": as_json, "junit": junit,
            "junit tasks": junit_tasks, "gradescope": gradescope["score"], "gradescope tests": gradescope_tests}


def test_do_all_formats_agree_on_every_score(results):
    for result in results:
        assert set(scores_by_format(result).values()) == {result.score}, result.submission


def test_does_the_gradebook_agree_with_the_results(results):
    for result in results:
        result.student = result.submission.removesuffix(".ipynb")
    rows = list(csv.DictReader(io.StringIO(render_gradebook(results))))
    assert [r["student"] for r in rows] == sorted(r.student for r in results)
    for row in rows:
        result = next(r for r in results if r.student == row["student"])
        assert float(row["score"]) == result.score and float(row["max_score"]) == result.max_score
        task_sum = sum(float(v) for k, v in row.items() if k.startswith("a1:") and v)
        assert task_sum == result.score
        assert row["error"] == result.error


def test_is_gradescope_output_valid_against_its_published_fields(results):
    for result in results:
        data = json.loads(render_gradescope(result))
        jsonschema.validate(data, GRADESCOPE_SCHEMA)
        assert {t["visibility"] for t in data["tests"]} <= {"visible", "after_published"}


def test_has_junit_one_test_case_per_task_with_points(results):
    solution, mutant = results[0], results[1]
    suite = ET.fromstring(render_junit(mutant))
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == list(mutant.task_points())
    failed = [c.get("name") for c in cases if c.find("failure") is not None or c.find("error") is not None]
    assert failed == ["f_numpy"] and suite.get("tests") == str(len(cases))
    assert ET.fromstring(render_junit(solution)).get("failures") == "0"


def test_does_feedback_explain_lost_points_and_escape_html(results):
    mutant = copy.deepcopy(results[1])
    assert "(n, 1)" in render_markdown(mutant)
    mutant.tests[1].message = "<script>alert(1)</script>"
    page = render_html(mutant)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "What to fix" in page and "(n, 1)" in page
