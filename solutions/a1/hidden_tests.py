"""Hidden tests for a1 (secret: never shipped to students)."""

import numpy as np
import torch
from hypothesis import example, given
from hypothesis import strategies as st

from autograder.checks import (
    CheckFailure,
    central_difference,
    check_against,
    check_close,
    check_dtype,
    check_gradient,
    check_library,
    check_vectorized,
    check_not_modified,
    check_shape,
    tolerances,
    torch_gradient,
)
from autograder.checks.strategies import arrays, batches, normal_arrays
from autograder.testrun.modules import public_tests_for

# The public tests (shipped to students) hold the hints both sides give.
PUBLIC = public_tests_for(__file__)

#: A generic batch: distinct, well-scaled entries, so every known mistake of f changes the result.
GENERIC_POINTS = np.array([[1.3, 4.1], [7.2, 0.6], [2.9, 8.8]])

#: The seed's domain for f: [0, 10]^2.
points = batches(dim=2, low=0.0, high=10.0)


def _f_mistakes(reference):
    """What common wrong versions of f return, each with the hint it deserves."""
    s, c = np.sin, np.cos
    return {
        # cos(x1) sin(x2) is also f with x1 and x2 swapped: one mistake, so one hint that names both readings
        "sin and cos look swapped (or, what gives the same values, x1 and x2): f(x) = sin(x1) cos(x2) + "
        "sin(0.5 x1) cos(0.5 x2), with x1 the first column X[:, 0] and x2 the second X[:, 1]":
            lambda X: c(X[:, 0]) * s(X[:, 1]) + c(0.5 * X[:, 0]) * s(0.5 * X[:, 1]),
        "the second term needs the factor 0.5 inside both sin and cos: sin(0.5 x1) cos(0.5 x2)":
            lambda X: 2 * s(X[:, 0]) * c(X[:, 1]),
        "only one of the two terms is there: f adds sin(x1) cos(x2) and sin(0.5 x1) cos(0.5 x2)":
            lambda X: s(X[:, 0]) * c(X[:, 1]),
        "the 0.5 factor is only in one of the two places: use sin(0.5 x1) and cos(0.5 x2)":
            lambda X: s(0.5 * X[:, 0]) * c(X[:, 1]) + s(X[:, 0]) * c(X[:, 1]),
    }


# ----------------------------------------------------------------- f_numpy


@given(X=points)
@example(X=GENERIC_POINTS)
def test_f_numpy_matches_definition(student, reference, X):
    check_against(student.f_numpy, reference.f_numpy, X=X, mistakes=_f_mistakes(reference))


@given(X=batches(dim=2, rows=st.integers(1, 10), low=0.0, high=10.0))
def test_f_numpy_shape_and_dtype(student, X):
    got = student.f_numpy(X)
    check_library(got, "numpy", call="f_numpy(X)", inputs={"X": X})
    got = check_shape(got, (len(X),), call="f_numpy(X)", inputs={"X": X})
    check_dtype(got, np.float64, call="f_numpy(X)", inputs={"X": X},
                why="float64 input must give a float64 result; do not convert to float32 or to Python lists")
    X32 = X.astype(np.float32)
    got32 = check_shape(student.f_numpy(X32), (len(X),), call="f_numpy(X32)", inputs={"X32": X32})
    check_dtype(got32, np.float32, call="f_numpy(X32)", inputs={"X32": X32},
                why="the result keeps the dtype of the input: float32 in, float32 out (np.sin and np.cos keep "
                    "it; converting X with np.asarray(X, dtype=float) or multiplying by a float64 array does not)")
    check_close(got32, _reference_f64(X32), call="f_numpy(X32)",
                inputs={"X32": X32}, tol=tolerances.FLOAT32)


def _reference_f64(X):
    X = np.asarray(X, dtype=np.float64)
    return np.sin(X[:, 0]) * np.cos(X[:, 1]) + np.sin(0.5 * X[:, 0]) * np.cos(0.5 * X[:, 1])


def test_f_numpy_empty_and_single_row(student, reference):
    empty = np.zeros((0, 2))
    check_shape(student.f_numpy(empty), (0,), call="f_numpy(X)", inputs={"X": empty})
    one = np.array([[1.0, 2.0]])
    check_against(student.f_numpy, reference.f_numpy, X=one, mistakes=_f_mistakes(reference))


@given(X=batches(dim=2, rows=st.integers(1, 10), low=0.0, high=10.0))
def test_f_numpy_leaves_input_unchanged(student, X):
    result = student.f_numpy.call(X)
    check_not_modified(result.mutated, call="f_numpy(X)", inputs={"X": X})


def test_f_numpy_is_vectorized(student, code):
    check_vectorized(code, student.f_numpy, np.ones((3, 2)))


# ----------------------------------------------------------------- f_torch


@given(X=points, dtype=st.sampled_from([torch.float64, torch.float32]))
@example(X=GENERIC_POINTS, dtype=torch.float32)
def test_f_torch_matches_definition(student, reference, X, dtype):
    T = torch.tensor(X, dtype=dtype)
    got = student.f_torch(T)
    call = f"f_torch(X) with X of dtype {dtype}"
    check_library(got, "torch", call=call, inputs={"X": T.numpy()})
    check_dtype(got, T.numpy().dtype, call=call, inputs={"X": T.numpy()},
                why="the result keeps the dtype of X: torch.sin and torch.cos do, but .to(torch.float64), "
                    ".double() or a float64 buffer do not")
    check_close(got, _reference_f64(T.numpy()), call=f"f_torch(X) with X of dtype {dtype}",
                inputs={"X": T.numpy()}, mistakes={h: m(T.numpy().astype(np.float64))
                                                   for h, m in _f_mistakes(reference).items()})


@given(X=batches(dim=2, rows=st.integers(1, 8), low=0.0, high=10.0))
def test_f_torch_gradient_flows(student, reference, X):
    T = torch.tensor(X, dtype=torch.float64, requires_grad=True)
    try:
        result = student.f_torch.call(T, backward={"wrt": [0]})
    except Exception as exc:  # noqa: BLE001 - the student's function or backward failed
        raise CheckFailure(f"f_torch(X) with X.requires_grad=True could not be differentiated: {exc}\n"
                           "hint: keep everything in torch (no .numpy(), .item(), .detach() or torch.tensor(...) "
                           "of intermediate results) so autograd can follow the computation") from None
    (grad,) = result.grads
    call = "the gradient of f_torch(X).sum() with respect to X"
    expected = torch_gradient(reference.f_torch, X)
    check_close(grad, expected, call=call, inputs={"X": X})
    check_gradient(grad, central_difference(reference.f_numpy, X), call=call, inputs={"X": X},
                   tol=tolerances.FINITE_DIFFERENCE)


def test_f_torch_is_vectorized(student, code):
    check_vectorized(code, student.f_torch, torch.ones((3, 2), dtype=torch.float64))


# ----------------------------------------------------------------- linear_model


@st.composite
def linear_problems(draw):
    n, d = draw(st.integers(0, 12)), draw(st.integers(1, 5))
    X = draw(arrays(shape=(n, d)))
    w = draw(arrays(shape=(d,)))
    b = draw(st.floats(-10, 10))
    return X, w, b


@given(problem=linear_problems())
@example(problem=(np.array([[1.5, -2.0, 0.3], [0.7, 4.0, -1.1]]), np.array([0.4, -1.3, 2.2]), 0.75))
def test_linear_model_matches_definition(student, reference, problem):
    X, w, b = problem
    check_against(student.linear_model, reference.linear_model, X=X, w=w, b=b, mistakes={
        "the bias b is missing: the model is X w + b": lambda X, w, b: X @ w,
        "the bias is subtracted: the model is X w + b, not X w - b": lambda X, w, b: X @ w - b,
    })
    result = student.linear_model.call(X, w, b)
    check_not_modified(result.mutated, call="linear_model(X, w, b)", inputs={"X": X, "w": w, "b": b})


def test_linear_model_is_vectorized(student, code):
    check_vectorized(code, student.linear_model, np.ones((3, 2)), np.ones(2), 0.5)


# ----------------------------------------------------------------- row_dot


@st.composite
def row_pairs(draw):
    n, d = draw(st.integers(0, 12)), draw(st.integers(1, 5))
    return draw(arrays(shape=(n, d))), draw(arrays(shape=(n, d)))


@given(pair=row_pairs())
@example(pair=(np.array([[1.5, -2.0, 0.3], [0.7, 4.0, -1.1], [2.0, 0.1, 0.9]]),
               np.array([[0.4, -1.3, 2.2], [3.1, 0.2, -0.6], [-1.0, 1.7, 0.5]])))
def test_row_dot_matches_definition(student, reference, pair):
    X, Y = pair
    check_against(student.row_dot, reference.row_dot, X=X, Y=Y, mistakes={
        "you summed over the wrong axis: each row's products are summed, so use axis=1":
            lambda X, Y: np.sum(X * Y, axis=0),
    })


def test_row_dot_is_vectorized(student, code):
    check_vectorized(code, student.row_dot, np.ones((3, 2)), np.ones((3, 2)))


# ----------------------------------------------------------------- apply_linear


@st.composite
def matrix_batches(draw):
    """X (n, d) and W (m, d); half the time W is square, with generic (normally distributed) entries.

    A square, generic W is not symmetric and has no constant rows, so X @ W,
    X @ W.reshape(d, m) and X @ W.T all differ: the grid-like arrays
    hypothesis likes to draw (equal entries, zeros) cannot tell them apart.
    """
    n, d, m = draw(st.integers(0, 10)), draw(st.integers(1, 4)), draw(st.integers(1, 4))
    if draw(st.booleans()):
        n, d = max(n, 1), max(d, 2)
        return draw(normal_arrays(shape=(n, d), scale=2.0)), draw(normal_arrays(shape=(d, d), scale=2.0))
    return draw(arrays(shape=(n, d))), draw(arrays(shape=(m, d)))


#: A square, non-symmetric, well-scaled W and a non-square one: every way of mixing up W's axes shows.
SQUARE_W = (np.array([[1.0, 2.0], [0.3, -1.2], [-0.5, 2.5]]), np.array([[0.5, -1.5], [2.0, 0.25]]))
WIDE_W = (np.array([[1.0, 2.0], [0.3, -1.2]]), np.array([[0.5, -1.5], [2.0, 0.25], [-0.7, 1.1]]))


@given(problem=matrix_batches())
@example(problem=SQUARE_W)
@example(problem=WIDE_W)
def test_apply_linear_matches_definition(student, reference, problem):
    X, W = problem
    check_against(student.apply_linear, reference.apply_linear, X=X, W=W, mistakes={
        "W is used untransposed: with one point per row, W x_i for every i is X @ W.T":
            lambda X, W: X @ W,
        PUBLIC.W_RESHAPED:  # for a square W this is X @ W, the mistake above
            lambda X, W: X @ W.reshape(W.shape[1], W.shape[0]) if W.shape[0] != W.shape[1] else None,
    })


def test_apply_linear_is_vectorized(student, code):
    check_vectorized(code, student.apply_linear, np.ones((3, 2)), np.ones((4, 2)))
