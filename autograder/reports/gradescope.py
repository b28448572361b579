"""Gradescope's results.json (the autograder output format: score, tests, visibility, output)."""

from __future__ import annotations

import json

from autograder.reports.safe import clean_result
from autograder.results import GradingResult
from autograder.status import Status

#: Public tests are the students' own self-checks: always visible. Hidden tests show once grades are published.
VISIBILITY = {"public": "visible", "hidden": "after_published"}
#: Gradescope knows two statuses: every way of losing the test's points is its "failed".
GRADESCOPE_STATUS = {status: "passed" if status.earns_points else "failed" for status in Status}


def gradescope_results(result: GradingResult) -> dict:
    result = clean_result(result)
    tests = [{
        "name": f"{test.task}: {test.id}",
        "score": test.points,
        "max_score": test.max_points,
        "status": GRADESCOPE_STATUS[test.status],
        "visibility": VISIBILITY[test.visibility],
        "output": test.message or "passed",
    } for test in result.tests]
    output = (f"Your submission could not be graded: {result.error}" if result.error else
              f"Score {result.score:g} / {result.max_score:g}.")
    if result.sandbox and result.sandbox != "strict":
        output += f"\nSandbox: {result.sandbox} (graded with --sandbox=weak)."
    if result.cells:
        output += "\nCells that did not run cleanly: " + "; ".join(
            f"cell {c.cell}: {c.error}" for c in result.cells)
    return {
        "score": result.score,
        "execution_time": int(round(result.duration)),
        "output": output,
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {"sandbox": result.sandbox, "flags": result.flags},
    }


def render_gradescope(result: GradingResult) -> str:
    return json.dumps(gradescope_results(result), indent=2) + "\n"
