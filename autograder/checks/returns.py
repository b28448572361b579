"""Checks on what a student function returned, and on how it failed.

Small helpers shared by assignments whose functions return tuples or
training curves, or build on other graded functions:

- :func:`call_explained` turns an exception from student code into a failure
  with a hint (a traceback alone rarely says which convention was missed);
- :func:`check_tuple` and :func:`check_losses` check a result's structure;
- :func:`blame_helpers` adds to a failure which of the student's own helper
  functions (other tasks) are still wrong, so a cascade points at its cause.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from autograder.checks.compare import CheckFailure, check_shape
from autograder.checks.tolerances import FLOAT64
from autograder.student import StudentAborted, StudentError


def call_explained(function: Callable[..., Any], *args: Any, call: str, hint: str) -> Any:
    """``function(*args)``; if the student's code raises, fail with the error and ``hint``."""
    try:
        return function(*args)
    except StudentError as exc:
        raise CheckFailure(f"{call} failed:\n{exc}\nhint: {hint}") from None


def check_tuple(result: Any, names: Sequence[str], *, call: str) -> tuple[Any, ...]:
    """``result`` if it is a tuple with one entry per name, else a failure naming the entries."""
    if not (isinstance(result, tuple) and len(result) == len(names)):
        raise CheckFailure(f"{call} returned {type(result).__name__}; it must return a tuple ({', '.join(names)}).")
    return result


def check_losses(losses: Any, epochs: int, *, call: str, inputs: Mapping[str, Any]) -> np.ndarray:
    """The training curve as an array of shape (epochs + 1,): the loss before the first step and after each."""
    if isinstance(losses, (list, tuple)):
        losses = np.asarray([float(np.asarray(v)) for v in losses])
    if np.shape(losses) == (epochs,):
        raise CheckFailure(f"{call} returned {epochs} losses, expected {epochs + 1}.\nhint: the losses start with "
                           "the loss before the first step (at the initial parameters), then one after each step")
    return check_shape(losses, (epochs + 1,), call=f"{call} (the losses)", inputs=inputs)


def _agrees(got: Any, expected: Any) -> bool:
    got = got if isinstance(got, tuple) else (got,)
    expected = expected if isinstance(expected, tuple) else (expected,)
    return len(got) == len(expected) and all(
        np.shape(g) == np.shape(e) and np.allclose(np.asarray(g, dtype=float), np.asarray(e, dtype=float),
                                                   rtol=FLOAT64.rtol, atol=FLOAT64.atol)
        for g, e in zip(got, expected))


def blame_helpers(failure: CheckFailure, student: Any, reference: Any, calls: Mapping[str, tuple[Any, ...]], *,
                  user: str) -> None:
    """Re-raise ``failure``, adding which helper functions of the student disagree with the reference.

    ``calls`` maps a helper's name to arguments to try it on; ``user`` names what
    builds on them ("gradient descent"). Helpers that are not written are skipped:
    the failing function cannot be relying on them.
    """
    wrong = []
    for name, args in calls.items():
        try:
            if not _agrees(getattr(student, name)(*args), getattr(reference, name)(*args)):
                wrong.append(name)
        except StudentError:
            wrong.append(name)
        except StudentAborted:
            continue
    if wrong:
        names, verb = " and ".join(wrong), ("they do" if len(wrong) > 1 else "it does")
        raise CheckFailure(f"{failure}\nhint: {user} builds on your {names}, and {verb} not match the definition "
                           "on this input yet: fix that task first") from None
    raise failure
