"""How many examples a hypothesis test draws: one idiom.

Every hypothesis test runs under the grader's deterministic profile
(``autograder``: derandomized, no database, no deadline; 40 examples). A test
whose examples each cost many sandbox calls says so with ``@examples(n)``::

    @examples(10)  # each example runs 8 steps of the optimizer in the sandbox
    @given(problem=problems())
    def test_...(student, problem): ...

``examples(n)`` keeps every other setting of the active profile (the test
module is imported while the grading profile is loaded). ``draws(n, **strategies)``
is both decorators in one line::

    @draws(10, problem=problems())
    def test_...(student, problem): ...
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import given, settings
from hypothesis.errors import InvalidArgument

from autograder.testkit.calls import AuthoringError


def examples(count: int) -> settings:
    """The grading profile with ``count`` examples (a decorator)."""
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise AuthoringError(f"examples(count): count must be a positive int, got {count!r}")
    try:
        parent = settings.get_profile("autograder")
    except InvalidArgument:  # imported outside the grader (say, by a linter): the active profile
        parent = settings.default
    return settings(parent, max_examples=count)


def draws(count: int, **strategies: Any) -> Callable[[Callable[..., Any]], Any]:
    """``@examples(count)`` and ``@given(**strategies)`` in one decorator: a hypothesis test of ``count`` examples.

    The examples drawn are those of the two decorators written out (hypothesis does not
    see decorators when it seeds a test).
    """
    if not strategies:
        raise AuthoringError("draws(count, **strategies): name at least one argument and its strategy")
    profile = examples(count)
    return lambda test: profile(given(**strategies)(test))


__all__ = ["draws", "examples"]
