"""Hidden tests for a2 (secret: never shipped to students).

Every hand-written gradient is compared with torch autograd of the forward
function (the oracle, in float64) and with central finite differences, on
hypothesis-drawn inputs from each function's domain. Structural tests run the
function with autograd switched off, then read its source.
"""

import numpy as np
import torch
from hypothesis import assume, example, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograder import fixtures
from autograder.checks import (
    CheckFailure,
    central_difference,
    check_close,
    check_dtype,
    check_gradient,
    check_library,
    check_no_autograd,
    check_no_python_loops,
    check_not_modified,
    check_shape,
    check_vectorized,
    tolerances,
    torch_forward,
    torch_gradient,
)
from autograder.checks.strategies import arrays, batches, floats, shapes
from autograder.testrun.modules import public_tests_for
from autograder.values import Fixture

# The public tests (shipped to students) hold the hints both sides give.
PUBLIC = public_tests_for(__file__)
check_parts, check_one_gradient_per_example = PUBLIC.check_parts, PUBLIC.check_one_gradient_per_example

#: The seed's domain for f: [0, 10]^2.
points = batches(dim=2, low=0.0, high=10.0)


# ----------------------------------------------------------------- helpers


def check_by_hand(code, function, *sample_args):
    """Run ``function`` with every autograd entry point disabled, then read its source.

    The run comes first, so a stub earns nothing; the source must contain no
    Python loop and no call into automatic differentiation.
    """
    function.call(*sample_args, forbid_autograd=True)
    check_no_python_loops(code, function.__name__)
    check_no_autograd(code, function.__name__)


# ----------------------------------------------------------------- f and its gradient


def _f_numpy(X):
    return np.sin(X[:, 0]) * np.cos(X[:, 1]) + np.sin(0.5 * X[:, 0]) * np.cos(0.5 * X[:, 1])


def _f_torch(X):
    return torch.sin(X[:, 0]) * torch.cos(X[:, 1]) + torch.sin(0.5 * X[:, 0]) * torch.cos(0.5 * X[:, 1])


def _grad_f_mistakes(X):
    """What common wrong gradients of f return on X, each with the hint it deserves."""
    X = np.asarray(X, dtype=np.float64)
    a, b = X[:, 0], X[:, 1]
    s, c = np.sin, np.cos

    def stack(d1, d2):
        return np.stack([d1, d2], axis=1)

    return {
        PUBLIC.INNER_FACTOR:
            lambda: stack(c(a) * c(b) + c(0.5 * a) * c(0.5 * b), -s(a) * s(b) - s(0.5 * a) * s(0.5 * b)),
        PUBLIC.DX2_SIGN:
            lambda: stack(c(a) * c(b) + 0.5 * c(0.5 * a) * c(0.5 * b), s(a) * s(b) + 0.5 * s(0.5 * a) * s(0.5 * b)),
        PUBLIC.COLUMNS_SWAPPED:
            lambda: stack(-s(a) * s(b) - 0.5 * s(0.5 * a) * s(0.5 * b), c(a) * c(b) + 0.5 * c(0.5 * a) * c(0.5 * b)),
        "both factors were differentiated at once: for df/dx1 only sin(x1) depends on x1, cos(x2) stays as it is":
            lambda: stack(-c(a) * s(b) - 0.5 * c(0.5 * a) * s(0.5 * b), -c(a) * s(b) - 0.5 * c(0.5 * a) * s(0.5 * b)),
        "only the first term is differentiated: f has two terms and its gradient is the sum of both gradients":
            lambda: stack(c(a) * c(b), -s(a) * s(b)),
    }


#: Distinct, well-scaled points: every known mistake of the gradient changes the result here.
GENERIC_POINTS = np.array([[1.3, 4.1], [7.2, 0.6], [2.9, 8.8]])


@given(X=points)
@example(X=GENERIC_POINTS)
def test_grad_f_numpy_matches_autograd(student, X):
    got = student.grad_f_numpy(X)
    call = "grad_f_numpy(X)"
    check_close(got, torch_gradient(_f_torch, X), call=call, inputs={"X": X}, mistakes=_grad_f_mistakes(X),
                library="numpy")
    check_gradient(got, central_difference(_f_numpy, X), call=call, inputs={"X": X},
                   tol=tolerances.FINITE_DIFFERENCE)


@given(X=batches(dim=2, rows=st.integers(1, 12), low=0.0, high=10.0),
       V=arrays(shape=(12, 2), low=-1.0, high=1.0))
def test_grad_f_numpy_gives_directional_derivatives(student, X, V):
    """<grad f(x), v> is the slope of f along v: (f(x + hv) - f(x - hv)) / 2h."""
    V = V[:len(X)]
    grad = student.grad_f_numpy(X)
    check_library(grad, "numpy", call="grad_f_numpy(X)", inputs={"X": X})
    grad = check_shape(grad, X.shape, call="grad_f_numpy(X)", inputs={"X": X})
    h = tolerances.FINITE_DIFFERENCE_STEP
    slopes = (_f_numpy(X + h * V) - _f_numpy(X - h * V)) / (2 * h)
    check_gradient(np.sum(grad * V, axis=1), slopes, inputs={"X": X, "V": V},
                   call="<grad_f_numpy(X)[i], V[i]> for each row i, against (f(X[i] + h V[i]) - f(X[i] - h V[i])) / 2h",
                   tol=tolerances.FINITE_DIFFERENCE,
                   hint="the inner product of your gradient with a direction must be the slope of f along "
                        "that direction; check each partial derivative separately")


@given(X=batches(dim=2, rows=st.integers(1, 10), low=0.0, high=10.0))
def test_grad_f_numpy_shape_and_dtype(student, X):
    got = student.grad_f_numpy(X)
    check_library(got, "numpy", call="grad_f_numpy(X)", inputs={"X": X})
    got = check_shape(got, (len(X), 2), call="grad_f_numpy(X)", inputs={"X": X})
    check_dtype(got, np.float64, call="grad_f_numpy(X)", inputs={"X": X},
                why="float64 input must give a float64 result")
    X32 = X.astype(np.float32)
    got32 = check_shape(student.grad_f_numpy(X32), (len(X), 2), call="grad_f_numpy(X32)", inputs={"X32": X32})
    check_dtype(got32, np.float32, call="grad_f_numpy(X32)", inputs={"X32": X32},
                why="the gradient keeps the dtype of X, as the notebook asks: float32 in, float32 out "
                    "(np.cos and np.sin keep it; np.asarray(X, dtype=float) does not)")
    check_close(got32, torch_gradient(_f_torch, X32), call="grad_f_numpy(X32)", inputs={"X32": X32},
                tol=tolerances.FLOAT32, mistakes=_grad_f_mistakes(X32))
    empty = np.zeros((0, 2))
    check_shape(student.grad_f_numpy(empty), (0, 2), call="grad_f_numpy(X)", inputs={"X": empty})


def test_grad_f_numpy_is_vectorized(student, code):
    check_vectorized(code, student.grad_f_numpy, np.ones((3, 2)))


def test_grad_f_numpy_uses_no_autograd(student, code):
    student.grad_f_numpy.call(np.ones((3, 2)), forbid_autograd=True)
    check_no_autograd(code, "grad_f_numpy")


@given(X=points, dtype=st.sampled_from([torch.float64, torch.float32]))
def test_grad_f_torch_matches_autograd(student, X, dtype):
    T = torch.tensor(X, dtype=dtype)
    call = f"grad_f_torch(X) with X of dtype {dtype}"
    got = student.grad_f_torch(T)
    check_library(got, "torch", call=call, inputs={"X": T.numpy()})
    check_dtype(got, T.numpy().dtype, call=call, inputs={"X": T.numpy()},
                why="the gradient has the dtype of X; constants such as 0.5 are fine, but do not create "
                    "float64 tensors or convert the result")
    X64 = T.numpy().astype(np.float64)
    check_close(got, torch_gradient(_f_torch, X64), call=call, inputs={"X": T.numpy()},
                mistakes=_grad_f_mistakes(X64))


def test_grad_f_torch_is_vectorized(student, code):
    check_vectorized(code, student.grad_f_torch, torch.ones((3, 2), dtype=torch.float64))


def test_grad_f_torch_uses_no_autograd(student, code):
    student.grad_f_torch.call(torch.ones((3, 2), dtype=torch.float64), forbid_autograd=True)
    check_no_autograd(code, "grad_f_torch")


# ----------------------------------------------------------------- the polynomial


def _poly_torch(x):
    return 2 * x**4 + x**3 - 3 * x**2


@given(x=arrays(shape=shapes(min_dims=1, max_dims=2, max_side=8), low=-3.0, high=3.0))
@example(x=np.array([-2.3, -0.7, 0.4, 1.1, 2.6]))
def test_poly_derivative_matches_autograd(student, x):
    got = student.poly_derivative(x)
    check_close(got, torch_gradient(_poly_torch, x), call="poly_derivative(x)", inputs={"x": x}, library="numpy",
                mistakes={
        PUBLIC.POWER_RULE_OLD_EXPONENT:
            lambda: 2 * x**3 + x**2 - 3 * x,
        PUBLIC.LAST_TERM_SIGN: lambda: 8 * x**3 + 3 * x**2 + 6 * x,
        PUBLIC.EXPONENTS_NOT_LOWERED: lambda: 8 * x**4 + 3 * x**3 - 6 * x**2,
    })
    check_gradient(got, central_difference(_poly_torch, x), call="poly_derivative(x)",
                   inputs={"x": x}, tol=tolerances.FINITE_DIFFERENCE)


def test_poly_derivative_is_vectorized_by_hand(student, code):
    check_by_hand(code, student.poly_derivative, np.linspace(-2.0, 2.0, 5))


# ----------------------------------------------------------------- L = (x + y) z


def _add_mul_torch(x, y, z):
    return (x + y) * z


@st.composite
def three_arrays(draw, low=-10.0, high=10.0):
    shape = (draw(st.integers(1, 10)),)
    return tuple(draw(arrays(shape=shape, low=low, high=high)) for _ in range(3))


@given(xyz=three_arrays())
@example(xyz=(np.array([-2.0, 1.5, 0.3]), np.array([5.0, -0.4, 2.2]), np.array([-4.0, 3.0, 0.7])))
def test_add_mul_graph_matches_autograd(student, xyz):
    x, y, z = xyz
    q = x + y
    ones = np.ones_like(x)
    expected = (torch_forward(_add_mul_torch, x, y, z), *torch_gradient(_add_mul_torch, x, y, z, wrt=(0, 1, 2)))
    check_parts(student.add_mul_graph(x, y, z), expected, names=("L", "dL/dx", "dL/dy", "dL/dz"),
                call="add_mul_graph(x, y, z)", inputs={"x": x, "y": y, "z": z}, mistakes={
        PUBLIC.ADD_MUL_SWAPPED:
            lambda: (q * z, q, q, z),
        PUBLIC.SUM_NODE_ONES:
            lambda: (q * z, ones, ones, q),
        PUBLIC.DZ_IS_Z: lambda: (q * z, z, z, z),
    })


def test_add_mul_graph_is_vectorized_by_hand(student, code):
    check_by_hand(code, student.add_mul_graph, np.array([-2.0, 1.0]), np.array([5.0, 2.0]), np.array([-4.0, 3.0]))


# ----------------------------------------------------------------- the sigmoid neuron


def _neuron_torch(X, W, B):
    """The neuron with one copy of the parameters per row, so autograd gives per-row gradients."""
    return torch.sigmoid(torch.sum(X * W, dim=1) + B)


@st.composite
def neurons(draw):
    n = draw(st.integers(1, 10))
    X = draw(arrays(shape=(n, 2), low=-5.0, high=5.0))
    w = draw(arrays(shape=(2,), low=-3.0, high=3.0))
    b = draw(floats(low=-3.0, high=3.0))
    return X, w, b


def _neuron_mistakes(X, w, b):
    z = X @ w + b
    s = 1.0 / (1.0 + np.exp(-z))
    local = s * (1 - s)
    wrong = z * (1 - z)
    ones = np.ones_like(z)
    return {
        PUBLIC.LOCAL_GRADIENT_MISSING:
            lambda: (s, ones[:, None] * w, X, ones),
        PUBLIC.LOCAL_GRADIENT_OF_Z:
            lambda: (s, wrong[:, None] * w, wrong[:, None] * X, wrong),
        PUBLIC.NEURON_SWAPPED:
            lambda: (s, local[:, None] * X, local[:, None] * w, local),
        "the forward pass has the wrong sign: sigmoid(z) = 1 / (1 + exp(-z))":
            lambda: (1 - s, -local[:, None] * w, -local[:, None] * X, -local),
    }


@given(problem=neurons())
@example(problem=(np.array([[1.5, -2.0], [0.7, 3.1], [-2.4, 0.2]]), np.array([0.8, -1.3]), 0.4))
def test_sigmoid_neuron_matches_autograd(student, problem):
    X, w, b = problem
    W, B = np.tile(w, (len(X), 1)), np.full(len(X), b)
    out = torch_forward(_neuron_torch, X, W, B)
    grads = torch_gradient(_neuron_torch, X, W, B, wrt=(0, 1, 2))
    got = student.sigmoid_neuron(X, w, b)
    call, inputs = "sigmoid_neuron(X, w, b)", {"X": X, "w": w, "b": b}
    check_one_gradient_per_example(got, X, call=call, inputs=inputs)
    check_parts(got, (out, *grads), names=("out", "grad_X", "grad_w", "grad_b"), call=call, inputs=inputs,
                mistakes=_neuron_mistakes(X, w, b))


def test_sigmoid_neuron_is_vectorized_by_hand(student, code):
    check_by_hand(code, student.sigmoid_neuron, np.ones((3, 2)), np.array([2.0, -3.0]), -3.0)


# ----------------------------------------------------------------- y = e^{xz} + xz/ln x + sin(ln x)/(xz)


def _y_torch(x, z):
    return torch.exp(x * z) + x * z / torch.log(x) + torch.sin(torch.log(x)) / (x * z)


#: x > 0 and away from 1, where ln(x) = 0 and y has a pole; z away from 0.
log_safe_x = st.one_of(st.floats(0.2, 0.9), st.floats(1.1, 4.0))
nonzero_z = st.one_of(st.floats(-3.0, -0.25), st.floats(0.25, 3.0))


@st.composite
def y_inputs(draw):
    n = draw(st.integers(1, 10))
    return (draw(hnp.arrays(np.float64, n, elements=log_safe_x)), draw(hnp.arrays(np.float64, n, elements=nonzero_z)))


@given(xz=y_inputs())
def test_y_partials_matches_autograd(student, xz):
    x, z = xz
    lx, e = np.log(x), np.exp(x * z)
    dx = z * e + z / lx - z / lx**2 + (np.cos(lx) - np.sin(lx)) / (x**2 * z)
    dz = x * e + x / lx - np.sin(lx) / (x * z**2)
    got = student.y_partials(x, z)
    check_parts(got, torch_gradient(_y_torch, x, z, wrt=(0, 1)), names=("dy/dx", "dy/dz"),
                call="y_partials(x, z)", inputs={"x": x, "z": z}, mistakes={
        PUBLIC.EXP_CHAIN:
            lambda: (dx - (z - 1) * e, dz - (x - 1) * e),
        PUBLIC.LOG_INNER:
            lambda: (dx + (x - 1) * np.cos(lx) / (x**2 * z), dz),
        PUBLIC.QUOTIENT_SIGN:
            lambda: (dx + 2 * z / lx**2, dz),
        PUBLIC.PARTIALS_SWAPPED: lambda: (dz, dx),
    })
    h = tolerances.FINITE_DIFFERENCE_STEP
    numeric_dx = (_y_numpy(x + h, z) - _y_numpy(x - h, z)) / (2 * h)
    check_gradient(got[0], numeric_dx, call="y_partials(x, z)[0] (dy/dx)", inputs={"x": x, "z": z},
                   tol=tolerances.FINITE_DIFFERENCE)


def _y_numpy(x, z):
    return np.exp(x * z) + x * z / np.log(x) + np.sin(np.log(x)) / (x * z)


def test_y_partials_is_vectorized_by_hand(student, code):
    check_by_hand(code, student.y_partials, np.array([2.0, 0.5]), np.array([3.0, -1.0]))


# ----------------------------------------------------------------- MSE of a line


def as_pair(got):
    """A gradient returned as a tuple or list of two numbers counts as the array [dL/dw, dL/db]."""
    if isinstance(got, (tuple, list)) and len(got) == 2 and all(np.ndim(v) == 0 for v in got):
        return np.array([float(v) for v in got])
    return got


def _mse_torch(w, b, x, y):
    return torch.mean((w * x + b - y) ** 2)


@st.composite
def line_data(draw):
    n = draw(st.integers(1, 15))
    x = draw(arrays(shape=(n,), low=-5.0, high=5.0))
    y = draw(arrays(shape=(n,), low=-10.0, high=10.0))
    return x, y, draw(floats(low=-3.0, high=3.0)), draw(floats(low=-3.0, high=3.0))


def _mse_mistakes(x, y, w, b):
    r = w * x + b - y
    return {
        PUBLIC.MSE_FACTOR_TWO:
            lambda: np.array([np.mean(r * x), np.mean(r)]),
        PUBLIC.MSE_SUM:
            lambda: np.array([2 * np.sum(r * x), 2 * np.sum(r)]),
        PUBLIC.MSE_RESIDUAL_SIGN:
            lambda: np.array([-2 * np.mean(r * x), -2 * np.mean(r)]),
        PUBLIC.MSE_INNER:
            lambda: np.array([2 * np.mean(r), 2 * np.mean(r)]),
    }


@given(data=line_data())
@example(data=(np.array([-1.2, 0.5, 2.3, 3.9]), np.array([0.7, -2.1, 4.4, 1.0]), 1.3, -0.6))
def test_mse_line_gradient_matches_autograd(student, data):
    x, y, w, b = data
    dw, db = torch_gradient(lambda w_, b_: _mse_torch(w_, b_, torch.tensor(x), torch.tensor(y)), w, b, wrt=(0, 1))
    check_close(as_pair(student.mse_line_gradient(x, y, w, b)), np.array([dw, db]), call="mse_line_gradient(x, y, w, b)",
                inputs={"x": x, "y": y, "w": w, "b": b}, mistakes=_mse_mistakes(x, y, w, b), library="numpy")


@given(data=line_data())
def test_mse_line_gradient_vanishes_at_least_squares_fit(student, data):
    """At the least-squares line both partial derivatives are zero."""
    x, y, _, _ = data
    assume(len(x) >= 2 and np.ptp(x) > 0.5)
    w, b = np.polyfit(x, y, 1)
    check_close(as_pair(student.mse_line_gradient(x, y, float(w), float(b))), np.zeros(2),
                call="mse_line_gradient(x, y, w, b) at the least-squares fit (w, b)",
                inputs={"x": x, "y": y, "w": float(w), "b": float(b)}, tol=tolerances.FLOAT64)


def test_mse_line_gradient_is_vectorized_by_hand(student, code):
    check_by_hand(code, student.mse_line_gradient, np.array([1.0, 2.0, 3.0]), np.array([2.0, 4.0, 6.0]), 1.0, 0.0)


# ----------------------------------------------------------------- central differences


@st.composite
def lse_problems(draw):
    d, m = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    params = {"A": draw(arrays(shape=(m, d), low=-2.0, high=2.0)), "b": draw(arrays(shape=(m,), low=-2.0, high=2.0))}
    x = draw(arrays(shape=(d,), low=-2.0, high=2.0))
    h = draw(st.sampled_from([1e-1, 1e-2, 1e-3, 1e-4]))
    return params, x, h


def _difference_mistakes(fun, x, h):
    eye = np.eye(len(x))
    base = fun(x)
    return {
        PUBLIC.FORWARD_DIFFERENCE:
            lambda: np.array([(fun(x + h * e) - base) / h for e in eye]),
        PUBLIC.BACKWARD_DIFFERENCE:
            lambda: np.array([(base - fun(x - h * e)) / h for e in eye]),
        PUBLIC.DIVIDED_BY_H:
            lambda: np.array([(fun(x + h * e) - fun(x - h * e)) / h for e in eye]),
        PUBLIC.ONE_COORDINATE:
            lambda: np.full(len(x), (fun(x + h) - fun(x - h)) / (2 * h)),
    }


@given(problem=lse_problems())
def test_central_difference_matches_definition(student, reference, problem):
    params, x, h = problem
    fun = fixtures.build("log_sum_exp", params)
    got = student.central_difference_gradient(Fixture("log_sum_exp", params), x, h)
    check_close(got, reference.central_difference_gradient(fun, x, h), call="central_difference_gradient(fun, x, h)",
                library="numpy",
                inputs={"fun": "log(sum(exp(A x + b)))", **params, "x": x, "h": h},
                mistakes=_difference_mistakes(fun, x, h))


#: A fixed test function and points where the third derivatives are far from zero.
CURVED = {"A": [[1.0, 2.0], [-1.0, 0.5], [0.3, -1.0]], "b": [0.0, 0.5, -0.2]}


def _lse_torch(x):
    A, b = torch.tensor(CURVED["A"], dtype=torch.float64), torch.tensor(CURVED["b"], dtype=torch.float64)
    return torch.logsumexp(x @ A.T + b, dim=-1)


def test_central_difference_error_shrinks_like_h_squared(student):
    """Shrinking h ten times must shrink the error about a hundred times (second-order accuracy)."""
    for point in ([0.3, -0.2], [-0.5, 0.4], [1.0, 1.0]):
        x = np.array(point)
        exact = torch_gradient(_lse_torch, x)
        errors = []
        for h in (1e-2, 1e-3):
            got = check_shape(student.central_difference_gradient(Fixture("log_sum_exp", CURVED), x, h), x.shape,
                              call=f"central_difference_gradient(fun, x, h={h:g})", inputs={"x": x})
            errors.append(float(np.max(np.abs(got - exact))))
        ratio = errors[0] / errors[1] if errors[1] > 0 else np.inf
        if ratio < 30:
            hint = ("a ratio near 10 means the error shrinks like h, as for a forward or backward difference; "
                    "the central difference (fun(x + h e_i) - fun(x - h e_i)) / (2h) cancels the h term"
                    if 5 <= ratio <= 20 else
                    "the error does not shrink with h: check that your step really is h and that you "
                    "divide by 2h")
            raise CheckFailure(
                f"central_difference_gradient(fun, x, h) with fun = log(sum(exp(A x + b))) at x = {point}:\n"
                f"the largest error against the exact gradient is {errors[0]:.3g} for h = 1e-2 and "
                f"{errors[1]:.3g} for h = 1e-3, only {ratio:.3g} times smaller; a central difference is "
                f"second-order accurate, so ten times smaller h should give about 100 times smaller error.\n"
                f"hint: {hint}")


@given(problem=lse_problems())
def test_central_difference_leaves_x_unchanged(student, problem):
    params, x, h = problem
    result = student.central_difference_gradient.call(Fixture("log_sum_exp", params), x, h)
    check_not_modified(result.mutated, call="central_difference_gradient(fun, x, h)",
                       inputs={"fun": "log(sum(exp(A x + b)))", "x": x, "h": h})
