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


# ----------------------------------------------------------------- tolerances for results built on student code

#: Where an optimizer ended up when the gradient it follows was computed in float32 (a student's float32 helper).
OPTIMUM_FLOAT32 = Tolerance(
    rtol=1e-3, atol=1e-4,
    reason="a float32 gradient carries relative errors of ~1e-7 times the condition number, and its rounding "
           "moves the fixed point of the iteration by about that much; 1e-3 relative (1e-4 absolute) covers "
           "condition numbers up to ~1e3 and still tells a converged run from one that stalls or diverges",
)


def for_optimum(*dtypes: np.dtype | str | None) -> Tolerance:
    """The end-point tolerance of an optimizer whose ingredients (the student's helpers) had these dtypes.

    If any ingredient was float32 (or lower), the optimizer cannot be more
    accurate than float32, whatever the precision it runs in.
    """
    return OPTIMUM_FLOAT32 if any(for_dtype(d) is FLOAT32 for d in dtypes) else OPTIMUM


def for_values(*values: object, base: Tolerance | None = None) -> Tolerance:
    """The tolerance for a result computed from ``values`` (the student's own outputs), at least ``base``.

    A downstream check inherits the precision of what the student's code
    produced: one float32 ingredient makes the result a float32 result. The
    answer is the looser of ``base`` (default :data:`FLOAT64`) and the
    tolerance for the least precise ingredient.
    """
    base = base or FLOAT64
    least = FLOAT32 if any(for_dtype(getattr(v, "dtype", None)) is FLOAT32 for v in values) else FLOAT64
    if least.rtol <= base.rtol and least.atol <= base.atol:
        return base
    return Tolerance(rtol=max(base.rtol, least.rtol), atol=max(base.atol, least.atol),
                     reason=f"the looser of ({base.reason}) and ({least.reason})")
