"""CI policies: when a graded report counts as a pass (``autograder report --policy``).

    graded       every report that exists passes
    full-marks   only the maximum score passes
    min-score=N  a score of at least N passes

A policy is parsed, and a wrong one refused with a specific message, before any
report is read.
"""

from __future__ import annotations

from collections.abc import Callable

from autograder.results import GradingResult

Policy = Callable[[GradingResult], bool]

_FIXED: dict[str, Policy] = {
    "graded": lambda result: True,
    "full-marks": lambda result: result.full_marks,
}


def parse_policy(text: str) -> Policy:
    """The policy named by ``text``; ``ValueError`` naming the choices when there is none."""
    if text in _FIXED:
        return _FIXED[text]
    name, _, value = text.partition("=")
    if name == "min-score":
        try:
            least = float(value)
        except ValueError:
            raise ValueError(f"policy {text!r}: min-score needs a number, e.g. min-score=8") from None
        return lambda result: not result.error and result.score >= least
    raise ValueError(f"unknown policy {text!r}: use graded, full-marks or min-score=N")


def passes_policy(result: GradingResult, policy: str) -> bool:
    """Whether ``result`` passes the policy named ``policy``."""
    return parse_policy(policy)(result)
