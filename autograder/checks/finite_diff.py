"""Central finite differences in float64, and comparing a gradient against them.

For a scalar function f and a point x, coordinate i of the gradient is
approximated by (f(x + h e_i) - f(x - h e_i)) / 2h, whose error is O(h^2).
Errors are measured per coordinate with the relative metric
|a - n| / max(|a|, |n|, floor), so that tiny gradients are judged by absolute
error and large ones by relative error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograder.checks.compare import CheckFailure, describe_call, show
from autograder.checks.tolerances import FINITE_DIFFERENCE_STEP, Tolerance


def central_difference(fun: Callable[[np.ndarray], Any], x: np.ndarray, *,
                       h: float = FINITE_DIFFERENCE_STEP) -> np.ndarray:
    """The gradient of the scalar ``fun`` at ``x`` (any shape), by central differences in float64.

    ``fun`` may return an array; its sum is differentiated, which for a
    function applied row by row gives every row's gradient at once.
    """
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    flat, out = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        saved = flat[i]
        flat[i] = saved + h
        plus = float(np.sum(fun(x)))
        flat[i] = saved - h
        minus = float(np.sum(fun(x)))
        flat[i] = saved
        out[i] = (plus - minus) / (2 * h)
    return grad


@dataclass(frozen=True)
class GradientComparison:
    """The worst coordinate of an analytic gradient against a numeric one."""

    index: tuple[int, ...]
    analytic: float
    numeric: float
    abs_error: float
    rel_error: float
    ok: bool


def relative_error(analytic: np.ndarray, numeric: np.ndarray, *, floor: float) -> np.ndarray:
    return np.abs(analytic - numeric) / np.maximum(np.maximum(np.abs(analytic), np.abs(numeric)), floor)


def compare_gradient(analytic: np.ndarray, numeric: np.ndarray, tol: Tolerance) -> GradientComparison:
    """Locate the worst coordinate; ``ok`` when every coordinate is within ``tol``.

    A coordinate passes when its absolute error is below ``tol.atol`` or its
    relative error below ``tol.rtol``.
    """
    analytic = np.asarray(analytic, dtype=np.float64)
    numeric = np.asarray(numeric, dtype=np.float64)
    abs_err = np.abs(analytic - numeric)
    rel_err = relative_error(analytic, numeric, floor=tol.atol)
    bad = np.nan_to_num(np.minimum(abs_err / tol.atol, rel_err / tol.rtol), nan=np.inf)
    bad = np.where(np.isnan(analytic) | np.isnan(numeric), np.inf, bad)
    if analytic.size == 0:
        return GradientComparison((), 0.0, 0.0, 0.0, 0.0, True)
    worst = np.unravel_index(int(np.argmax(bad)), analytic.shape)
    return GradientComparison(
        index=tuple(int(i) for i in worst),
        analytic=float(analytic[worst]), numeric=float(numeric[worst]),
        abs_error=float(abs_err[worst]), rel_error=float(rel_err[worst]),
        ok=bool(np.all(bad <= 1.0)),
    )


def check_gradient(analytic: Any, numeric: np.ndarray, *, call: str, inputs: dict[str, Any],
                   tol: Tolerance, hint: str | None = None) -> None:
    """Fail with the worst coordinate unless ``analytic`` matches the finite-difference ``numeric``."""
    try:
        analytic_arr = np.asarray(analytic, dtype=np.float64)
    except (TypeError, ValueError):
        raise CheckFailure(f"{describe_call(call, inputs)}\nreturned {show(analytic)}; expected a gradient: an array "
                           f"of numbers of shape {numeric.shape}.") from None
    if analytic_arr.shape != numeric.shape:
        raise CheckFailure(f"{describe_call(call, inputs)}\nreturned a gradient of shape {analytic_arr.shape}; "
                           f"the gradient has the shape of the input, {numeric.shape}.")
    result = compare_gradient(analytic_arr, numeric, tol)
    if result.ok:
        return
    lines = [
        describe_call(call, inputs),
        "returned a gradient that disagrees with central finite differences.",
        f"  worst coordinate {result.index}: yours {show(result.analytic)}, "
        f"finite differences {show(result.numeric)} (abs error {result.abs_error:.3g}, "
        f"rel error {result.rel_error:.3g}; tolerance rtol={tol.rtol:g}, atol={tol.atol:g})",
    ]
    if hint:
        lines.append(f"hint: {hint}")
    raise CheckFailure("\n".join(lines))
