"""The JSON report: the results model, as documented in docs/results.md."""

from __future__ import annotations

from autograder.reports.safe import clean_result
from autograder.results import GradingResult


def render_json(result: GradingResult) -> str:
    return clean_result(result).to_json(indent=2) + "\n"
