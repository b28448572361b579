"""Hypothesis strategies for the course's data.

Options are keyword-only and accept either a value or a strategy, so
``batches(rows=5)`` and ``batches(rows=st.integers(0, 3))`` both work.
Floats are drawn without NaN or infinity and, by default, away from values
so large that float64 itself overflows in the course's formulas.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

SearchStrategy = st.SearchStrategy


def _strategy(value: Any) -> SearchStrategy:
    return value if isinstance(value, SearchStrategy) else st.just(value)


def _check_range(low: float, high: float) -> None:
    if not low < high:
        raise ValueError(f"need low < high, got low={low!r}, high={high!r}")


def floats(*, low: float, high: float, width: int = 64) -> SearchStrategy:
    """Finite floats in [low, high]."""
    _check_range(low, high)
    return st.floats(low, high, allow_nan=False, allow_infinity=False, width=width)


def arrays(*, shape: Any, low: float = -10.0, high: float = 10.0, dtype: Any = np.float64) -> SearchStrategy:
    """Float arrays of ``shape`` (a tuple or a strategy of tuples) with entries in [low, high]."""
    _check_range(low, high)
    dtype = np.dtype(dtype)
    return _strategy(shape).flatmap(
        lambda s: hnp.arrays(dtype, s, elements=floats(low=low, high=high, width=dtype.itemsize * 8)))


def batches(*, dim: Any = 2, rows: Any = None, low: float = -10.0, high: float = 10.0,
            dtype: Any = np.float64) -> SearchStrategy:
    """Batches X of shape (n, dim): n points of a domain, one per row.

    ``rows`` defaults to 0..20, so the empty batch and a single point are
    always among the candidates (hypothesis tries small sizes first).
    """
    rows = st.integers(0, 20) if rows is None else rows
    shape = st.tuples(_strategy(rows), _strategy(dim))
    return arrays(shape=shape, low=low, high=high, dtype=dtype)


def shapes(*, min_dims: int = 1, max_dims: int = 3, min_side: int = 0, max_side: int = 6) -> SearchStrategy:
    """Array shapes."""
    return hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side)


def well_conditioned_matrices(*, rows: Any, cols: Any, max_condition: float = 1e3) -> SearchStrategy:
    """Matrices with full column rank and condition number at most ``max_condition``.

    Built as U diag(s) Vᵀ from a seeded random orthogonal U, V and singular
    values in [1, max_condition], so the linear-algebra checks are not at the
    mercy of a nearly singular draw.
    """
    if max_condition < 1:
        raise ValueError(f"max_condition must be at least 1, got {max_condition!r}")

    @st.composite
    def build(draw: Any) -> np.ndarray:
        n, d = draw(_strategy(rows)), draw(_strategy(cols))
        if n < d:
            raise ValueError(f"full column rank needs rows >= cols, got {n} x {d}")
        seed = draw(st.integers(0, 2**32 - 1))
        rng = np.random.default_rng(seed)
        u, _ = np.linalg.qr(rng.standard_normal((n, d)))
        v, _ = np.linalg.qr(rng.standard_normal((d, d)))
        s = draw(hnp.arrays(np.float64, d, elements=st.floats(1.0, max_condition)))
        if d:
            s[0] = 1.0  # pin one singular value at 1 so the condition number is at most max_condition
        return (u * s) @ v.T

    return build()


def logits(*, rows: Any = None, classes: Any = None, magnitude: float = 50.0) -> SearchStrategy:
    """Logit matrices (n, k); ``magnitude`` up to 1000 exercises overflow-safe code."""
    rows = st.integers(1, 8) if rows is None else rows
    classes = st.integers(2, 5) if classes is None else classes
    return arrays(shape=st.tuples(_strategy(rows), _strategy(classes)), low=-magnitude, high=magnitude)


def labels(*, rows: Any, classes: Any) -> SearchStrategy:
    """Integer class labels of shape (n,) with values in 0..classes-1."""
    return st.tuples(_strategy(rows), _strategy(classes)).flatmap(
        lambda nk: hnp.arrays(np.int64, nk[0], elements=st.integers(0, nk[1] - 1)))


def positive_definite_matrices(*, dim: Any, condition: Any = 10.0) -> SearchStrategy:
    """Symmetric positive definite matrices (d, d) with eigenvalues in [1, condition].

    Built as Q diag(λ) Qᵀ from a seeded random orthogonal Q. The smallest
    eigenvalue is pinned at 1 and, when d ≥ 2, the largest at ``condition``,
    so the condition number is known exactly: the quadratic ½xᵀAx − bᵀx is
    strictly convex, its unique minimiser is A⁻¹b, and its gradient is
    ``condition``-Lipschitz (a safe step size is 1 / condition).
    """

    @st.composite
    def build(draw: Any) -> np.ndarray:
        d, kappa = draw(_strategy(dim)), float(draw(_strategy(condition)))
        if kappa < 1:
            raise ValueError(f"condition must be at least 1, got {kappa!r}")
        seed = draw(st.integers(0, 2**32 - 1))
        q, _ = np.linalg.qr(np.random.default_rng(seed).standard_normal((d, d)))
        eigenvalues = draw(hnp.arrays(np.float64, d, elements=st.floats(1.0, kappa)))
        if d:
            eigenvalues[0] = 1.0
        if d >= 2:
            eigenvalues[-1] = kappa
        matrix = (q * eigenvalues) @ q.T
        return 0.5 * (matrix + matrix.T)  # exactly symmetric despite rounding

    return build()


def normal_arrays(*, shape: Any, scale: float = 1.0) -> SearchStrategy:
    """Arrays of ``shape`` drawn from a seeded normal distribution with standard deviation ``scale``.

    Hypothesis draws the shape and the seed (and shrinks both); the entries are
    generic, so no entry is exactly 0 and no two entries tie, with probability 1.
    Use it where exact zeros would be degenerate, e.g. at ReLU's kink.
    """
    return st.tuples(_strategy(shape), st.integers(0, 2**32 - 1)).map(
        lambda shape_seed: scale * np.random.default_rng(shape_seed[1]).standard_normal(shape_seed[0]))


def layer_widths(*, depth: Any = None, width: Any = None) -> SearchStrategy:
    """Widths ``[d, h1, ..., k]`` of an MLP with ``depth`` linear layers (default 1..4), each width 1..6 by default."""
    depth = st.integers(1, 4) if depth is None else depth
    width = st.integers(1, 6) if width is None else width
    return _strategy(depth).flatmap(lambda layers: st.lists(_strategy(width), min_size=layers + 1,
                                                            max_size=layers + 1))


def mlp_parameters(*, widths: Any, scale: float = 1.0) -> SearchStrategy:
    """Parameters ``[(W1, b1), ..., (WL, bL)]`` of an MLP with layer ``widths`` (a list or a strategy).

    ``W_l`` has shape (widths[l-1], widths[l]) and ``b_l`` shape (widths[l],). Entries
    come from a seeded normal distribution (see :func:`normal_arrays`): ``W_l`` with
    standard deviation ``scale / sqrt(fan_in)``, so activations keep a moderate size
    at any depth, and ``b_l`` with standard deviation ``scale / 2``.
    """

    @st.composite
    def build(draw: Any) -> list[tuple[np.ndarray, np.ndarray]]:
        sizes = draw(_strategy(widths))
        if len(sizes) < 2:
            raise ValueError(f"an MLP needs at least an input and an output width, got {sizes!r}")
        return [(draw(normal_arrays(shape=(fan_in, fan_out), scale=scale / np.sqrt(fan_in))),
                 draw(normal_arrays(shape=(fan_out,), scale=scale / 2)))
                for fan_in, fan_out in zip(sizes[:-1], sizes[1:])]

    return build()
