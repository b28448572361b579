"""Checks of a function that builds on the student's other graded functions (its helpers).

When gradient descent calls the student's own loss, gradient and step size, a wrong
helper shows up as a wrong descent, and a float32 helper (accepted by its own task)
makes the descent a float32 computation. :func:`built_on` handles both::

    helpers = {"ls_loss": (X, y, theta0), "ls_gradient": (X, y, theta0)}
    with built_on(student, reference, helpers, user="gradient descent") as tol:
        check_result(call, call.run(student), reference.ls_gradient_descent, tol=tol)
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

from autograder.checks import tolerances
from autograder.checks.compare import CheckFailure
from autograder.checks.returns import blame_helpers, leaves
from autograder.checks.tolerances import Tolerance
from autograder.student import StudentAborted, StudentError
from autograder.testkit.calls import AuthoringError


@contextlib.contextmanager
def built_on(student: Any, reference: Any, calls: Mapping[str, tuple[Any, ...]], *,
             user: str, hint: str | None = None) -> Iterator[Tolerance | None]:
    """Check, in the block, a function built on the student's helpers ``calls`` (name -> arguments to try).

    The block gets the tolerance the helpers' results deserve: ``None`` when they are
    float64 (each result is then judged by its own dtype, as ``check_close`` does by
    default), the float32 tolerance when a helper returns float32 on its arguments (any
    array of a result nested in lists and tuples counts). A
    helper that raises or is not written does not count. A :class:`CheckFailure` in the
    block is re-raised by :func:`~autograder.checks.returns.blame_helpers`, naming the
    helpers that disagree with the reference (each judged as its own test judges it,
    nested results array by array);
    ``user`` says what builds on them ("gradient descent"). ``hint`` is given to a failure
    of the block that has none when every helper agrees (a guess at the function's own
    mistake, which wrong helpers would not support).
    """
    if not isinstance(calls, Mapping) or not all(isinstance(args, tuple) for args in calls.values()):
        raise AuthoringError(f"built_on: calls must map each helper's name to a tuple of arguments, got {calls!r}")
    results = []
    for name, args in calls.items():
        try:
            results.append(getattr(student, name)(*args))
        except (StudentError, StudentAborted):  # not written or failing: blamed below if the check fails
            continue
    tol = tolerances.for_values(*leaves(results))
    try:
        yield None if tol is tolerances.FLOAT64 else tol
    except CheckFailure as failure:
        blame_helpers(failure, student, reference, calls, user=user, otherwise=hint)


__all__ = ["built_on"]
