"""Public callables that the grader can hand to student code.

Some graded functions take a function as an argument: gradient descent takes
the gradient, a finite-difference routine takes the function to
differentiate. The grader cannot send a Python function over the channel (it
never pickles), so it sends a :class:`autograder.sandbox.wire.Fixture`: the
name of a builder registered here plus plain-data parameters. The child calls
the builder and passes the callable it returns to the student's code.

Everything in this module is public course material: none of it may depend on
a reference solution.
"""

from __future__ import annotations

from collections.abc import Callable
from types import FunctionType
from typing import Any

import numpy as np

_BUILDERS: dict[str, Callable[..., Callable[..., Any]]] = {}


def fixture(builder: Callable[..., Callable[..., Any]]) -> Callable[..., Callable[..., Any]]:
    """Register ``builder`` under its own name."""
    _BUILDERS[builder.__name__] = builder
    return builder


def build(name: str, params: dict[str, Any]) -> Callable[..., Any]:
    """The callable that fixture ``name`` builds from ``params``."""
    try:
        builder = _BUILDERS[name]
    except KeyError:
        raise LookupError(f"unknown fixture {name!r}") from None
    built = builder(**params)
    if isinstance(built, FunctionType):  # how to build it again: lets the grader store recorded examples
        built.fixture_source = (name, params)  # (see autograder.corpus)
    return built


@fixture
def quadratic(A: Any, b: Any) -> Callable[[np.ndarray], np.ndarray]:
    """q(x) = ½ xᵀAx − bᵀx, evaluated on a batch of points (rows of x)."""
    A, b = np.asarray(A, dtype=float), np.asarray(b, dtype=float)

    def q(x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        return 0.5 * np.einsum("...i,ij,...j->...", x, A, x) - x @ b

    return q


@fixture
def quadratic_gradient(A: Any, b: Any) -> Callable[[np.ndarray], np.ndarray]:
    """∇q(x) = ½(A + Aᵀ)x − b, for a single point or a batch of points (rows)."""
    A, b = np.asarray(A, dtype=float), np.asarray(b, dtype=float)
    sym = 0.5 * (A + A.T)

    def grad(x: np.ndarray) -> np.ndarray:
        return np.asarray(x, dtype=float) @ sym.T - b

    return grad


@fixture
def polynomial(coefficients: list[float]) -> Callable[[Any], Any]:
    """p(x) = Σ cₖ xᵏ (highest degree first, as numpy.polyval), elementwise."""
    coefficients = [float(c) for c in coefficients]
    return lambda x: np.polyval(coefficients, x)


@fixture
def quadratic_gradient_on_batches(A: Any, b: Any, rows: int) -> Callable[[np.ndarray], np.ndarray]:
    """∇q(x) = ½(A + Aᵀ)x − b that only accepts a batch of exactly ``rows`` points, shape (rows, d).

    Gradient descent from several starts should evaluate the gradient at all
    starts at once; this gradient refuses anything else, so a loop over the
    starts fails with a message that says so.
    """
    plain = quadratic_gradient(A, b)
    d = np.asarray(b).shape[0]

    def grad(x: np.ndarray) -> np.ndarray:
        shape = np.shape(x)
        if shape != (rows, d):
            raise ValueError(f"the gradient was called on an array of shape {shape}, but it expects all "
                             f"{rows} starting points at once, shape ({rows}, {d}): update every start in "
                             "the same step instead of looping over the starts")
        return plain(x)

    return grad


@fixture
def log_sum_exp(A: Any, b: Any) -> Callable[[np.ndarray], Any]:
    """lse(x) = log Σⱼ exp((Ax + b)ⱼ): smooth, convex and not quadratic.

    A single point x of shape (d,) gives a number; a batch (n, d) gives one
    value per row. A test function whose third derivatives are not zero, so
    finite-difference errors behave as they do on real models.
    """
    A, b = np.asarray(A, dtype=float), np.asarray(b, dtype=float)

    def lse(x: np.ndarray) -> Any:
        z = np.asarray(x, dtype=float) @ A.T + b
        top = np.max(z, axis=-1, keepdims=True)
        value = np.squeeze(top, axis=-1) + np.log(np.sum(np.exp(z - top), axis=-1))
        return float(value) if np.ndim(value) == 0 else value

    return lse


@fixture
def random_generator(seed: int) -> np.random.Generator:
    """A NumPy random generator, ``numpy.random.default_rng(seed)``, for code that must be reproducible."""
    return np.random.default_rng(int(seed))
