"""The JSON report: the results model, as documented in docs/results.md."""

from __future__ import annotations

from autograder.results import GradingResult


def render_json(result: GradingResult) -> str:
    return result.to_json(indent=2) + "\n"
