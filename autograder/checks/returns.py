"""Checks on what a student function returned, and on how it failed.

Small helpers shared by assignments whose functions return tuples or
training curves, or build on other graded functions:

- :func:`call_explained` turns an exception from student code into a failure
  with a hint (a traceback alone rarely says which convention was missed);
- :func:`check_tuple` and :func:`check_losses` check a result's structure;
- :func:`blame_helpers` adds to a failure which of the student's own helper
  functions (other tasks) are still wrong, so a cascade points at its cause;
  :func:`agrees` compares two (nested) results as it does, and :func:`leaves`
  lists a nested result's arrays.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from autograder.checks import tolerances
from autograder.checks.compare import CheckFailure, check_shape, describe_call
from autograder.checks.tolerances import Tolerance
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


def check_losses(losses: Any, epochs: int, *, call: str, inputs: Mapping[str, Any], initial: bool = True,
                 hint: str | None = None) -> np.ndarray:
    """The training curve as an array of shape (epochs + 1,): the loss before the first step and after each.

    With ``initial=False`` the curve has one loss per epoch, shape (epochs,). ``hint`` replaces the
    default hint for losses that are not finite.
    """
    if isinstance(losses, (list, tuple)):
        if not all(np.size(v) == 1 and np.asarray(v).dtype.kind in "biuf" for v in losses):
            bad = next(i for i, v in enumerate(losses) if not (np.size(v) == 1 and np.asarray(v).dtype.kind in "biuf"))
            raise CheckFailure(f"{describe_call(call, inputs)}\nreturned a list of losses whose entry {bad} is "
                               f"{_short(losses[bad])}; expected one number per entry.\nhint: record the loss as a "
                               "number (float(loss)), not an array of per-example losses or parameters")
        losses = np.asarray([float(np.asarray(v).reshape(())) for v in losses])
    if initial and np.shape(losses) == (epochs,):
        raise CheckFailure(f"{call} returned {epochs} losses, expected {epochs + 1}.\nhint: the losses start with "
                           "the loss before the first step (at the initial parameters), then one after each step")
    array = check_shape(losses, (epochs + 1 if initial else epochs,), call=f"{call} (the losses)", inputs=inputs)
    if array.dtype.kind in "biuf" and not np.isfinite(array).all():
        first = int(np.argmax(~np.isfinite(array)))
        raise CheckFailure(f"{describe_call(call, inputs)}\nreturned losses of shape {array.shape} that are not all "
                           f"finite: entry {first} is {array[first]} ({int((~np.isfinite(array)).sum())} of "
                           f"{array.size} are NaN or inf).\nhint: " + (hint or "the training diverged or divided by "
                           "zero; check the gradient's sign and scale and the step size"))
    return array


def _short(value: Any) -> str:
    from autograder.checks.compare import show
    return show(value)


def leaves(value: Any) -> list[Any]:
    """The arrays (or numbers) of a result nested in lists and tuples, at any depth, in order."""
    return [leaf for v in value for leaf in leaves(v)] if isinstance(value, (list, tuple)) else [value]


def agrees(got: Any, expected: Any, tol: Tolerance | None = None) -> bool:
    """Does ``got`` match ``expected`` part by part, judged as the helper's own test judges it?

    Parts nested in lists and tuples (a list of per-layer (W, b) pairs) are compared
    one by one, at any depth. Without ``tol``, each part gets the tolerance of its own
    dtype, as :func:`~autograder.checks.compare.check_close` gives it by default: a
    float32 result accepted by its own task is not blamed here.
    """
    got = got if isinstance(got, tuple) else (got,)
    expected = expected if isinstance(expected, tuple) else (expected,)
    if len(got) != len(expected):
        return False
    for g, e in zip(got, expected):
        if isinstance(g, (list, tuple)) and isinstance(e, (list, tuple)):
            if not (len(g) == len(e) and all(agrees((a,), (b,), tol) for a, b in zip(g, e))):
                return False
            continue
        try:
            g_arr, e_arr = np.asarray(g, dtype=float), np.asarray(e, dtype=float)
        except (TypeError, ValueError):
            return False
        part_tol = tol or tolerances.for_dtype(getattr(g, "dtype", None))
        if g_arr.shape != e_arr.shape or not np.allclose(g_arr, e_arr, rtol=part_tol.rtol, atol=part_tol.atol,
                                                          equal_nan=True):
            return False
    return True


def blame_helpers(failure: CheckFailure, student: Any, reference: Any, calls: Mapping[str, tuple[Any, ...]], *,
                  user: str, tols: Mapping[str, Tolerance] | None = None, otherwise: str | None = None) -> None:
    """Re-raise ``failure``, adding which helper functions of the student disagree with the reference.

    ``calls`` maps a helper's name to arguments to try it on; ``user`` names what
    builds on them ("gradient descent"). Helpers that are not written are skipped:
    the failing function cannot be relying on them. A helper is judged with the
    tolerance its own test uses: ``tols[name]`` if given, else the tolerance for
    the dtype it returned (as ``check_close`` does by default). When every helper
    agrees, a failure without a hint gets ``otherwise`` as its hint (a guess at the
    function's own mistake, which only right helpers support).
    """
    wrong = []
    for name, args in calls.items():
        try:
            if not agrees(getattr(student, name)(*args), getattr(reference, name)(*args), (tols or {}).get(name)):
                wrong.append(name)
        except StudentError:
            wrong.append(name)
        except StudentAborted:
            continue
    if wrong:
        names, verb = " and ".join(wrong), ("they do" if len(wrong) > 1 else "it does")
        raise CheckFailure(f"{failure}\nhint: {user} builds on your {names}, and {verb} not match the definition "
                           "on this input yet: fix that task first") from None
    if otherwise and "\nhint: " not in f"\n{failure}":
        raise CheckFailure(f"{failure}\nhint: {otherwise}") from None
    raise failure
