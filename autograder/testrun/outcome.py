"""What a test's ending means: an exception (or none) becomes a status and a message.

A parametrized test (``@pytest.mark.parametrize``) is one test of the spec with
several cases: it earns its points only when every case passes, and otherwise
ends as its first case that did not pass, whose message names the case.
"""

from __future__ import annotations

from dataclasses import dataclass

from autograder.checks.compare import CheckFailure
from autograder.status import Status
from autograder.student import StudentAborted, StudentError


@dataclass(frozen=True)
class Outcome:
    status: Status
    message: str
    duration: float = 0.0


def _message(exc: BaseException) -> str:
    text = str(exc).strip()
    notes = [n for n in getattr(exc, "__notes__", []) if n.startswith("Falsifying example")]
    if notes and not isinstance(exc, CheckFailure):
        text += "\n" + "\n".join(notes)
    return text


def classify(exc: BaseException | None, test: str) -> tuple[Status, str]:
    """(status, message) for a test that raised ``exc`` (``None``: it passed)."""
    if exc is None:
        return Status.PASSED, ""
    if isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        return classify(exc.exceptions[0], test)
    if isinstance(exc, StudentAborted):
        return Status(exc.status), _message(exc)
    if isinstance(exc, AssertionError):
        return Status.FAILED, _message(exc) or "a check failed"
    if isinstance(exc, StudentError):
        return Status.ERROR, _message(exc)
    return Status.ERROR, (f"grader error in {test}: {type(exc).__name__}: {exc} "
                          "(please report this to your instructor)")


def combine(cases: list[tuple[str, Outcome]]) -> Outcome:
    """One outcome for a test from its cases, ``(case name, outcome)`` in the order they ran.

    A test that is not parametrized has one case and keeps its outcome unchanged.
    """
    duration = sum(outcome.duration for _, outcome in cases)
    for name, outcome in cases:
        if not outcome.status.earns_points:
            message = outcome.message if len(cases) == 1 else f"in case {name}: {outcome.message}"
            return Outcome(outcome.status, message, duration)
    return Outcome(Status.PASSED, "", duration)
