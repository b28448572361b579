"""Hidden tests for a1 (secret: never shipped to students): the reference's values on hypothesis-drawn batches,
with hints for known mistakes; the dtype, shape and inputs where the notebook promises them; vectorization."""

import numpy as np
import torch

from autograder.checks import (central_difference, check_close, check_dtype, check_gradient, check_not_modified,
                               check_vectorized, torch_gradient)
from autograder.testkit import Call, check_call, check_result, check_unchanged, example, given, st, tolerances
from autograder.testkit.strategies import arrays, batches, normal_arrays
from autograder.testrun.modules import public_tests_for

PUBLIC = public_tests_for(__file__)  # the public tests (shipped to students) hold the hints both sides give

#: A generic batch: distinct, well-scaled entries, so every known mistake of f changes the result.
GENERIC_POINTS = np.array([[1.3, 4.1], [7.2, 0.6], [2.9, 8.8]])
points = batches(dim=2, low=0.0, high=10.0)  # the seed's domain for f, [0, 10]^2; some_points have a row or more
some_points = batches(dim=2, rows=st.integers(1, 10), low=0.0, high=10.0)


def wrong_f(terms):  # a mistake model of f: terms(x1, x2) of X's float64 columns (X an array or a tensor)
    return lambda X: terms(*np.asarray(X, dtype=np.float64).T)


s, c = np.sin, np.cos
F_MISTAKES = {  # cos(x1) sin(x2) is also f with x1 and x2 swapped: one mistake, so one hint naming both readings
    "sin and cos look swapped (or, what gives the same values, x1 and x2): f(x) = sin(x1) cos(x2) + "
    "sin(0.5 x1) cos(0.5 x2), with x1 the first column X[:, 0] and x2 the second X[:, 1]":
        wrong_f(lambda a, b: c(a) * s(b) + c(0.5 * a) * s(0.5 * b)),
    "the second term needs the factor 0.5 inside both sin and cos: sin(0.5 x1) cos(0.5 x2)":
        wrong_f(lambda a, b: 2 * s(a) * c(b)),
    "only one of the two terms is there: f adds sin(x1) cos(x2) and sin(0.5 x1) cos(0.5 x2)":
        wrong_f(lambda a, b: s(a) * c(b)),
    "the 0.5 factor is only in one of the two places: use sin(0.5 x1) and cos(0.5 x2)":
        wrong_f(lambda a, b: s(0.5 * a) * c(b) + s(a) * c(b)),
}


def check_keeps_dtype(student, call, expected, why):
    """``call`` returns ``expected`` (to the precision of its dtype), of the dtype of its input X."""
    got = check_call(student, call, expected, mistakes=F_MISTAKES)
    check_dtype(got, np.asarray(call.inputs["X"]).dtype, call=call.text, inputs=call.shown, why=why)


@given(X=points)
@example(X=GENERIC_POINTS)
def test_f_numpy_matches_definition(student, reference, X):
    check_call(student, Call("f_numpy", X=X), reference.f_numpy, mistakes=F_MISTAKES)


@given(X=some_points)
def test_f_numpy_shape_and_dtype(student, reference, X):
    """Shape (n,), float64 in, float64 out, and float32 in, float32 out (values to float32 precision)."""
    check_keeps_dtype(student, Call("f_numpy", X=X), reference.f_numpy,
                      "float64 input must give a float64 result; do not convert to float32 or to Python lists")
    check_keeps_dtype(student, Call("f_numpy", X=X.astype(np.float32)), lambda X: reference.f_numpy(X.astype(float)),
                      "the result keeps the dtype of the input: float32 in, float32 out (np.sin and np.cos keep it; "
                      "converting X with np.asarray(X, dtype=float) or multiplying by a float64 array does not)")


def test_f_numpy_empty_and_single_row(student, reference):
    for X in (np.zeros((0, 2)), np.array([[1.0, 2.0]])):
        check_call(student, Call("f_numpy", X=X), reference.f_numpy, mistakes=F_MISTAKES)


@given(X=some_points)
def test_f_numpy_leaves_input_unchanged(student, X):
    check_unchanged(student, Call("f_numpy", X=X))


def test_f_numpy_is_vectorized(student, code):
    check_vectorized(code, student.f_numpy, np.ones((3, 2)))


@given(X=points, dtype=st.sampled_from([torch.float64, torch.float32]))
@example(X=GENERIC_POINTS, dtype=torch.float32)
def test_f_torch_matches_definition(student, reference, X, dtype):
    check_keeps_dtype(student, Call("f_torch", X=torch.tensor(X, dtype=dtype)), lambda X: reference.f_torch(X.double()),
                      "the result keeps the dtype of X: torch.sin and torch.cos do, but .to(torch.float64), "
                      ".double() or a float64 buffer do not")


@given(X=batches(dim=2, rows=st.integers(1, 8), low=0.0, high=10.0))
def test_f_torch_gradient_flows(student, reference, X):
    """backward() through the student's f_torch gives torch's gradient of the reference (and finite differences')."""
    call, text = Call("f_torch", X=X), "the gradient of f_torch(X).sum() with respect to X"
    try:
        (grad,) = student.f_torch.call(torch.tensor(X, requires_grad=True), backward={"wrt": [0]}).grads
    except Exception as exc:  # noqa: BLE001 - the student's function or backward failed
        raise call.failure(f"could not be differentiated (X.requires_grad=True, then .sum().backward()): {exc}",
                           hint="keep everything in torch (no .numpy(), .item(), .detach() or torch.tensor(...) of "
                                "intermediate results) so autograd can follow the computation") from None
    check_close(grad, torch_gradient(reference.f_torch, X), call=text, inputs=call.shown)
    check_gradient(grad, central_difference(reference.f_numpy, X), call=text, inputs=call.shown,
                   tol=tolerances.FINITE_DIFFERENCE)


def test_f_torch_is_vectorized(student, code):
    check_vectorized(code, student.f_torch, torch.ones((3, 2), dtype=torch.float64))


sizes = st.tuples(st.integers(0, 12), st.integers(1, 5))  # (n, d)


@given(problem=sizes.flatmap(lambda nd: st.tuples(arrays(shape=nd), arrays(shape=nd[1:]), st.floats(-10, 10))))
@example(problem=(np.array([[1.5, -2.0, 0.3], [0.7, 4.0, -1.1]]), np.array([0.4, -1.3, 2.2]), 0.75))
def test_linear_model_matches_definition(student, reference, problem):
    call = Call("linear_model", X=problem[0], w=problem[1], b=problem[2])
    result = call.result(student)
    check_result(call, result.value, reference.linear_model, mistakes={
        "the bias b is missing: the model is X w + b": lambda X, w, b: X @ w,
        "the bias is subtracted: the model is X w + b, not X w - b": lambda X, w, b: X @ w - b})
    check_not_modified(result.mutated, call=call.text, inputs=call.shown)


def test_linear_model_is_vectorized(student, code):
    check_vectorized(code, student.linear_model, np.ones((3, 2)), np.ones(2), 0.5)


@given(pair=sizes.flatmap(lambda nd: st.tuples(arrays(shape=nd), arrays(shape=nd))))
@example(pair=(np.array([[1.5, -2.0, 0.3], [0.7, 4.0, -1.1], [2.0, 0.1, 0.9]]),
               np.array([[0.4, -1.3, 2.2], [3.1, 0.2, -0.6], [-1.0, 1.7, 0.5]])))
def test_row_dot_matches_definition(student, reference, pair):
    check_call(student, Call("row_dot", X=pair[0], Y=pair[1]), reference.row_dot, mistakes={
        "you summed over the wrong axis: each row's products are summed, so use axis=1":
            lambda X, Y: np.sum(X * Y, axis=0)})


def test_row_dot_is_vectorized(student, code):
    check_vectorized(code, student.row_dot, np.ones((3, 2)), np.ones((3, 2)))


@st.composite
def matrix_batches(draw):
    """X (n, d) and W (m, d); half the time W is square and generic (not symmetric, no constant rows), where X @ W,
    X @ W.reshape(d, m) and X @ W.T all differ (hypothesis's favourite equal entries and zeros cannot tell them)."""
    n, d, m = draw(st.integers(0, 10)), draw(st.integers(1, 4)), draw(st.integers(1, 4))
    if draw(st.booleans()):
        n, d = max(n, 1), max(d, 2)
        return draw(normal_arrays(shape=(n, d), scale=2.0)), draw(normal_arrays(shape=(d, d), scale=2.0))
    return draw(arrays(shape=(n, d))), draw(arrays(shape=(m, d)))


@given(problem=matrix_batches())  # a square, non-symmetric W and a wide one: every mix-up of W's axes shows
@example(problem=(np.array([[1.0, 2.0], [0.3, -1.2], [-0.5, 2.5]]), np.array([[0.5, -1.5], [2.0, 0.25]])))
@example(problem=(np.array([[1.0, 2.0], [0.3, -1.2]]), np.array([[0.5, -1.5], [2.0, 0.25], [-0.7, 1.1]])))
def test_apply_linear_matches_definition(student, reference, problem):
    check_call(student, Call("apply_linear", X=problem[0], W=problem[1]), reference.apply_linear, mistakes={
        "W is used untransposed: with one point per row, W x_i for every i is X @ W.T": lambda X, W: X @ W,
        PUBLIC.W_RESHAPED:  # for a square W this is X @ W, the mistake above
            lambda X, W: X @ W.reshape(W.shape[1], W.shape[0]) if W.shape[0] != W.shape[1] else None})


def test_apply_linear_is_vectorized(student, code):
    check_vectorized(code, student.apply_linear, np.ones((3, 2)), np.ones((4, 2)))
