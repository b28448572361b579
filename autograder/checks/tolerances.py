"""Every numerical tolerance the checks use, each with the reason for its size.

A check picks its tolerance from here by name; nothing else in the grader
invents a tolerance. Comparisons pass when ``|got - expected| <= atol + rtol*|expected|``
elementwise (``numpy.isclose``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Tolerance:
    rtol: float
    atol: float
    reason: str


#: A float64 result computed by a different but equivalent formula.
FLOAT64 = Tolerance(
    rtol=1e-7, atol=1e-9,
    reason="equivalent float64 formulas differ by a few ulps (~1e-16), amplified by cancellation "
           "and by sums over up to thousands of terms; 1e-7 is far above that and far below any real mistake",
)

#: A correct result computed in float32 (or compared with a float64 reference).
FLOAT32 = Tolerance(
    rtol=2e-4, atol=1e-5,
    reason="float32 keeps ~7 significant digits (eps 1.2e-7); sums, exp and trigonometry lose a few more, "
           "so a correct float32 computation must pass at 2e-4",
)

#: A float64 probability that may be tiny (σ(−700) ≈ 1e−304), judged by its relative error.
TAIL_PROBABILITY = Tolerance(
    rtol=1e-9, atol=1e-300,
    reason="stable formulas keep ~1e-15 relative precision down to 1e-300, while 1 − σ(−z) or (1 + tanh(z/2))/2 "
           "lose every digit there; the atol only forgives results that underflow into subnormal numbers",
)

#: A gradient compared with central finite differences in float64.
FINITE_DIFFERENCE = Tolerance(
    rtol=1e-5, atol=1e-6,
    reason="central differences with h = 1e-6 have truncation error O(h^2) ~ 1e-12 and round-off "
           "~ eps*|f|/h ~ 1e-10 for |f| <= 1e3; 1e-5 leaves room for curvature and still catches a wrong gradient",
)

#: A student's float32 gradient compared with finite differences of the float64 reference.
FINITE_DIFFERENCE_FLOAT32 = Tolerance(
    rtol=5e-4, atol=5e-5,
    reason="the student's float32 round-off (~1e-6 relative, amplified by the formula) dominates the "
           "finite-difference error",
)

#: Where an optimizer ended up, compared with the exact minimiser (or a gradient norm with 0).
OPTIMUM = Tolerance(
    rtol=1e-6, atol=1e-6,
    reason="tests run enough steps for the contraction to bring the error below 1e-10; 1e-6 leaves room "
           "for rounding in long runs and still tells a converged run from one that stalls",
)

#: Finite-difference step in float64: balances truncation (h^2) and round-off (eps/h).
FINITE_DIFFERENCE_STEP = 1e-6


def for_dtype(dtype: np.dtype | str | None) -> Tolerance:
    """The value tolerance for a result of this dtype: float32 and below are judged as float32."""
    if dtype is not None and np.dtype(dtype).kind in "fc" and np.dtype(dtype).itemsize <= 4 * (
            2 if np.dtype(dtype).kind == "c" else 1):
        return FLOAT32
    return FLOAT64


def for_gradient(dtype: np.dtype | str | None) -> Tolerance:
    """The tolerance for a gradient of this dtype against finite differences."""
    return FINITE_DIFFERENCE_FLOAT32 if for_dtype(dtype) is FLOAT32 else FINITE_DIFFERENCE
