"""Recognising common mistakes from the shape or values of a wrong result.

Every function here returns a hint (one sentence, addressed to the student)
or ``None``. They are only consulted once a comparison has already failed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from autograder.checks import tolerances
from autograder.checks.tolerances import Tolerance


def for_shape(got: tuple[int, ...], expected: tuple[int, ...]) -> str | None:
    if len(expected) == 1 and got == (expected[0], 1):
        return ("you returned a column (n, 1) instead of a flat vector (n,): reduce without keepdims, "
                "index with [:, 0] or call .reshape(-1)")
    if len(expected) == 1 and got == (expected[0], expected[0]) and expected[0] > 1:
        return ("an (n, n) result usually comes from broadcasting an (n, 1) column against an (n,) vector; "
                "make both operands the same shape before combining them")
    if len(expected) == 1 and got == (1, expected[0]):
        return "you returned a row (1, n) instead of a flat vector (n,): call .reshape(-1)"
    if got == tuple(reversed(expected)) and got != expected:
        return "the result looks transposed: check the order of the matrix product or add .T"
    if got == () and expected != ():
        return "you returned a single number: you probably summed or averaged over every axis instead of one"
    if int(np.prod(got)) == int(np.prod(expected)):
        return f"the result has the right number of entries but the wrong shape; reshape it to {expected}"
    if len(got) == len(expected) + 1 and got[:len(expected)] == expected:
        return "your result has an extra axis: reduce over the last axis or drop the trailing dimension"
    if len(got) + 1 == len(expected) or (len(got) == len(expected) > 1 and got[1:] == expected[1:]):
        return "check the axis you reduce over (axis=0 runs down the columns, axis=1 along each row)"
    return None


def _matches(candidate: Any, got: np.ndarray, tol: Tolerance) -> bool:
    candidate = np.asarray(candidate, dtype=got.dtype if got.dtype.kind == "c" else np.float64)
    return candidate.shape == got.shape and bool(
        np.allclose(got, candidate, rtol=tol.rtol, atol=tol.atol, equal_nan=True))


def for_values(got: np.ndarray, expected: np.ndarray, *, tol: Tolerance,
               mistakes: Mapping[str, Any] | None = None) -> str | None:
    """A hint for a result of the right shape but wrong values, only when the evidence supports it.

    A known mistake is named only if it alone explains ``got``: when two
    different mistakes give the same value on this input, neither is named.
    A sign, transpose, factor or offset is diagnosed only when ``expected``
    has at least two distinct nonzero entries, so that one number (or a
    vector of equal numbers) is never read as a pattern.
    """
    matching = matching_mistakes(got, tol=tol, mistakes=mistakes)
    if len(matching) == 1:
        return matching[0]
    if matching:
        return None  # several known mistakes explain this input equally well: naming one would mislead
    if not np.isfinite(got).all() and np.isfinite(expected).all():
        bad = np.argwhere(~np.isfinite(got))
        first = tuple(int(i) for i in bad[0]) if bad.size else ()
        return (f"your result contains NaN or inf (first at index {first}) where the answer is finite: "
                "look for a division by zero, a log of 0 or of a negative number, or an overflow in exp")
    if not has_pattern_evidence(expected):
        return None
    if _matches(-expected, got, tol):
        return "your result has the opposite sign: check the sign of each term (or of the update)"
    if got.ndim == 2 and got.shape[0] == got.shape[1] and _matches(expected.T, got, tol):
        return "your result is the transpose of the expected one"
    scale = _constant_factor(got, expected)
    if scale is not None:
        return (f"your result is off by a constant factor of about {scale:.4g}: look for a missing or extra "
                "constant (a 1/2, a 2, a 1/n, a mean versus a sum)")
    if np.ptp(got - expected) <= tol.atol + tol.rtol * float(np.max(np.abs(expected))):
        return f"your result is off by a constant {float(np.mean(got - expected)):.4g}: check additive terms such as a bias"
    return None


def matching_mistakes(got: np.ndarray, *, tol: Tolerance, mistakes: Mapping[str, Any] | None) -> list[str]:
    """The hints of every known mistake whose value matches ``got`` (a mistake model that fails does not match)."""
    found = []
    for hint, candidate in (mistakes or {}).items():
        try:
            value = candidate() if callable(candidate) else candidate
            if _matches(value, got, tol):
                found.append(hint)
        except Exception:  # noqa: BLE001 - a mistake model that fails on this input simply does not match
            continue
    return found


def has_pattern_evidence(expected: np.ndarray) -> bool:
    """Does ``expected`` have at least two distinct nonzero finite entries (enough to see a pattern)?"""
    values = np.asarray(expected)
    if np.iscomplexobj(values):
        return False
    values = values[np.isfinite(values) & (values != 0)]
    return np.unique(np.round(values, 12)).size >= 2


def _constant_factor(got: np.ndarray, expected: np.ndarray) -> float | None:
    """``c`` if ``got ≈ c * expected`` for one constant ``c`` not close to 1, else None."""
    if np.iscomplexobj(got) or not np.isfinite(got).all() or not np.isfinite(expected).all():
        return None
    denominator = float(np.vdot(expected, expected))
    if denominator == 0:
        return None
    c = float(np.vdot(expected, got)) / denominator
    if abs(c - 1) < 1e-3 or abs(c) < 1e-8 or abs(c + 1) < 1e-3:
        return None
    residual = np.abs(got - c * expected)
    if np.all(residual <= 1e-6 * max(1.0, float(np.max(np.abs(got))))):
        return c
    return None


def whole_tuple_mistakes(got: Any, mistakes: Mapping[str, Any]) -> dict[str, tuple[Any, ...]]:
    """The known mistakes (hint -> the wrong tuple, or a function giving it) that explain *every* part of ``got``.

    Each part is compared at its own dtype's tolerance. One part alone (say an all-zero
    gradient) is often matched by several unrelated mistakes, so a tuple's hint needs
    the whole tuple. A model that fails on this input explains nothing.
    """
    found = {}
    for hint, model in mistakes.items():
        try:
            wrong = tuple(model() if callable(model) else model)
            if len(wrong) == len(got) and all(
                    matching_mistakes(np.asarray(part), tol=tolerances.for_dtype(np.asarray(part).dtype),
                                      mistakes={"same": w})
                    for part, w in zip(got, wrong)):
                found[hint] = wrong
        except Exception:  # noqa: BLE001 - a mistake model that fails on this input does not explain it
            continue
    return found
