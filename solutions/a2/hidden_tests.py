"""Hidden tests for a2 (secret: never shipped to students): every hand-written gradient against torch autograd of the
forward function (the oracle, in float64) and central finite differences, on hypothesis-drawn inputs from each
function's domain. Structural tests run the function with autograd switched off, then read its source."""

import numpy as np
import torch
from hypothesis import assume
from hypothesis.extra import numpy as hnp

from autograder.checks import (central_difference, check_close, check_dtype, check_gradient, check_library,
                               check_shape, check_vectorized, torch_forward, torch_gradient)
from autograder.testkit import (Call, Shown, by_hand, check_call, check_result, check_unchanged, example, given, handed,
                                st, tolerances)
from autograder.testkit.strategies import arrays, batches, floats, shapes
from autograder.testrun.modules import public_tests_for

PUBLIC = public_tests_for(__file__)  # the public tests (shipped to students) hold the hints both sides give
FD, STEP = tolerances.FINITE_DIFFERENCE, tolerances.FINITE_DIFFERENCE_STEP


def check_by_differences(call, got, numeric, part=""):  # the gradient got agrees with finite differences too
    check_gradient(got, numeric, call=call.text + part, inputs=call.shown, tol=FD)


def with_gradients(forward, *wrt):
    """The oracle of a forward-and-backward function: forward's value, then torch's gradient for each of ``wrt``."""
    return lambda *args: (torch_forward(forward, *args), *torch_gradient(forward, *args, wrt=wrt))


def _f(X):
    return torch.sin(X[:, 0]) * torch.cos(X[:, 1]) + torch.sin(0.5 * X[:, 0]) * torch.cos(0.5 * X[:, 1])


def f_numpy(X):
    return torch_forward(_f, X)


def grad_f(X):
    """torch's gradient of f in float64 at the points X holds, as an array of X's library."""
    grad = torch_gradient(_f, np.asarray(X, dtype=np.float64))
    return torch.from_numpy(grad) if isinstance(X, torch.Tensor) else grad


s, c = np.sin, np.cos


def wrong_gradient(k=0.5, sign=-1, swap=False, cross=False):
    """A mistake model of grad f: inner factor k, sign of df/dx2, columns swapped, both factors differentiated."""
    def wrong(X):
        a, b = np.asarray(X, dtype=np.float64).T
        d = [c(a) * c(b) + k * c(a / 2) * c(b / 2), sign * (s(a) * s(b) + k * s(a / 2) * s(b / 2))]
        d = [-(c(a) * s(b) + k * c(a / 2) * s(b / 2))] * 2 if cross else d
        return np.stack(d[::-1] if swap else d, axis=1)
    return wrong


GRAD_F_MISTAKES = {
    PUBLIC.INNER_FACTOR: wrong_gradient(k=1.0), PUBLIC.DX2_SIGN: wrong_gradient(sign=1),
    PUBLIC.COLUMNS_SWAPPED: wrong_gradient(swap=True),
    "both factors were differentiated at once: for df/dx1 only sin(x1) depends on x1, cos(x2) stays as it is":
        wrong_gradient(cross=True),
    "only the first term is differentiated: f has two terms and its gradient is the sum of both gradients":
        wrong_gradient(k=0.0),
}


def check_keeps_dtype(student, call, why):
    """``call`` returns the gradient of f (to the precision of its dtype), of the dtype of its input X."""
    got = check_call(student, call, grad_f, mistakes=GRAD_F_MISTAKES)
    check_dtype(got, np.asarray(call.inputs["X"]).dtype, call=call.text, inputs=call.shown, why=why)


GENERIC_POINTS = np.array([[1.3, 4.1], [7.2, 0.6], [2.9, 8.8]])  # distinct, well-scaled: every known mistake shows
points = batches(dim=2, low=0.0, high=10.0)  # the seed's domain for f, [0, 10]^2


@given(X=points)
@example(X=GENERIC_POINTS)
def test_grad_f_numpy_matches_autograd(student, X):
    call = Call("grad_f_numpy", X=X)
    check_by_differences(call, check_call(student, call, grad_f, mistakes=GRAD_F_MISTAKES),
                         central_difference(f_numpy, X))


@given(X=batches(dim=2, rows=st.integers(1, 12), low=0.0, high=10.0),
       V=arrays(shape=(12, 2), low=-1.0, high=1.0))
def test_grad_f_numpy_gives_directional_derivatives(student, X, V):
    """<grad f(x), v> is the slope of f along v: (f(x + hv) - f(x - hv)) / 2h."""
    V, call = V[:len(X)], Call("grad_f_numpy", X=X)
    grad = call.run(student)
    check_library(grad, "numpy", call=call.text, inputs=call.shown)
    check_gradient(np.sum(check_shape(grad, X.shape, call=call.text, inputs=call.shown) * V, axis=1),
                   (f_numpy(X + STEP * V) - f_numpy(X - STEP * V)) / (2 * STEP), inputs={"X": X, "V": V}, tol=FD,
                   call="<grad_f_numpy(X)[i], V[i]> for each row i, against (f(X[i] + h V[i]) - f(X[i] - h V[i])) / 2h",
                   hint="the inner product of your gradient with a direction must be the slope of f along that "
                        "direction; check each partial derivative separately")


@given(X=batches(dim=2, rows=st.integers(1, 10), low=0.0, high=10.0))
def test_grad_f_numpy_shape_and_dtype(student, X):
    """Shape (n, 2) and the dtype of X (float64 in, float64 out; float32 in, float32 out), also for no rows."""
    check_keeps_dtype(student, Call("grad_f_numpy", X=X), "float64 input must give a float64 result")
    check_keeps_dtype(student, Call("grad_f_numpy", X=X.astype(np.float32)),
                      "the gradient keeps the dtype of X, as the notebook asks: float32 in, float32 out "
                      "(np.cos and np.sin keep it; np.asarray(X, dtype=float) does not)")
    check_call(student, Call("grad_f_numpy", X=np.zeros((0, 2))), np.zeros((0, 2)))


def test_grad_f_numpy_is_vectorized(student, code):
    check_vectorized(code, student.grad_f_numpy, np.ones((3, 2)))


def test_grad_f_numpy_uses_no_autograd(student, code):
    by_hand(student, code, Call("grad_f_numpy", X=np.ones((3, 2))))


@given(X=points, dtype=st.sampled_from([torch.float64, torch.float32]))
def test_grad_f_torch_matches_autograd(student, X, dtype):
    check_keeps_dtype(student, Call("grad_f_torch", X=torch.tensor(X, dtype=dtype)),
                      "the gradient has the dtype of X; constants such as 0.5 are fine, but do not create "
                      "float64 tensors or convert the result")


def test_grad_f_torch_is_vectorized(student, code):
    check_vectorized(code, student.grad_f_torch, torch.ones((3, 2), dtype=torch.float64))


def test_grad_f_torch_uses_no_autograd(student, code):
    by_hand(student, code, Call("grad_f_torch", X=torch.ones((3, 2), dtype=torch.float64)))


def _poly(x):
    return 2 * x**4 + x**3 - 3 * x**2


@given(x=arrays(shape=shapes(min_dims=1, max_dims=2, max_side=8), low=-3.0, high=3.0))
@example(x=np.array([-2.3, -0.7, 0.4, 1.1, 2.6]))
def test_poly_derivative_matches_autograd(student, x):
    call = Call("poly_derivative", x=x)
    check_by_differences(call, check_call(student, call, lambda x: torch_gradient(_poly, x), mistakes={
        PUBLIC.POWER_RULE_OLD_EXPONENT: lambda x: 2 * x**3 + x**2 - 3 * x,
        PUBLIC.LAST_TERM_SIGN: lambda x: 8 * x**3 + 3 * x**2 + 6 * x,
        PUBLIC.EXPONENTS_NOT_LOWERED: lambda x: 8 * x**4 + 3 * x**3 - 6 * x**2}), central_difference(_poly, x))


def test_poly_derivative_is_vectorized_by_hand(student, code):
    by_hand(student, code, Call("poly_derivative", x=np.linspace(-2.0, 2.0, 5)), loops=False)


@given(xyz=st.integers(1, 10).flatmap(lambda n: st.tuples(*[arrays(shape=(n,), low=-10.0, high=10.0)] * 3)))
@example(xyz=(np.array([-2.0, 1.5, 0.3]), np.array([5.0, -0.4, 2.2]), np.array([-4.0, 3.0, 0.7])))
def test_add_mul_graph_matches_autograd(student, xyz):
    check_call(student, Call("add_mul_graph", x=xyz[0], y=xyz[1], z=xyz[2]),
               with_gradients(lambda x, y, z: (x + y) * z, 0, 1, 2), parts=("L", "dL/dx", "dL/dy", "dL/dz"), mistakes={
        PUBLIC.ADD_MUL_SWAPPED: lambda x, y, z: ((x + y) * z, x + y, x + y, z),
        PUBLIC.SUM_NODE_ONES: lambda x, y, z: ((x + y) * z, 1 + 0 * x, 1 + 0 * x, x + y),
        PUBLIC.DZ_IS_Z: lambda x, y, z: ((x + y) * z, z, z, z)})


def test_add_mul_graph_is_vectorized_by_hand(student, code):
    by_hand(student, code, Call("add_mul_graph", x=np.array([-2.0, 1.0]), y=np.array([5.0, 2.0]),
                                z=np.array([-4.0, 3.0])), loops=False)


def neuron_oracle(X, w, b):
    """torch's forward and gradients with one copy of w and b per row, so that autograd gives them per row."""
    return with_gradients(lambda X, W, B: torch.sigmoid(torch.sum(X * W, dim=1) + B), 0, 1, 2)(
        X, np.tile(w, (len(X), 1)), np.full(len(X), b))


def wrong_neuron(local=lambda s, z: s * (1 - s), sign=1, swap=False):
    """A mistake model: the local gradient ``local(s, z)``, the forward 1 - s (sign -1), grad_X and grad_w swapped."""
    def wrong(X, w, b):
        z = X @ w + b
        s = 1.0 / (1.0 + np.exp(-z))
        g = sign * local(s, z)
        grads = (g[:, None] * w, g[:, None] * X)
        return (s if sign > 0 else 1 - s, *(grads[::-1] if swap else grads), g)
    return wrong


@given(problem=st.integers(1, 10).flatmap(lambda n: st.tuples(
    arrays(shape=(n, 2), low=-5.0, high=5.0), arrays(shape=(2,), low=-3.0, high=3.0), floats(low=-3.0, high=3.0))))
@example(problem=(np.array([[1.5, -2.0], [0.7, 3.1], [-2.4, 0.2]]), np.array([0.8, -1.3]), 0.4))
def test_sigmoid_neuron_matches_autograd(student, problem):
    call = Call("sigmoid_neuron", X=problem[0], w=problem[1], b=problem[2])
    got = call.run(student)
    PUBLIC.check_one_gradient_per_example(got, problem[0], call=call.text, inputs=call.shown)
    check_result(call, got, neuron_oracle, parts=("out", "grad_X", "grad_w", "grad_b"), mistakes={
        PUBLIC.LOCAL_GRADIENT_MISSING: wrong_neuron(local=lambda s, z: np.ones_like(z)),
        PUBLIC.LOCAL_GRADIENT_OF_Z: wrong_neuron(local=lambda s, z: z * (1 - z)),
        PUBLIC.NEURON_SWAPPED: wrong_neuron(swap=True),
        "the forward pass has the wrong sign: sigmoid(z) = 1 / (1 + exp(-z))": wrong_neuron(sign=-1)})


def test_sigmoid_neuron_is_vectorized_by_hand(student, code):
    by_hand(student, code, Call("sigmoid_neuron", X=np.ones((3, 2)), w=np.array([2.0, -3.0]), b=-3.0), loops=False)


def _y(x, z):  # y = e^{xz} + xz / ln x + sin(ln x) / (xz)
    return torch.exp(x * z) + x * z / torch.log(x) + torch.sin(torch.log(x)) / (x * z)


def y_partials(x, z):  # torch's (dy/dx, dy/dz)
    return torch_gradient(_y, x, z, wrt=(0, 1))


def wrong_partials(change):  # a mistake model: change(x, z, dx, dz) of the right partial derivatives
    return lambda x, z: change(x, z, *y_partials(x, z))


#: x > 0 and away from 1, where ln(x) = 0 and y has a pole; z away from 0.
log_safe_x = st.one_of(st.floats(0.2, 0.9), st.floats(1.1, 4.0))
nonzero_z = st.one_of(st.floats(-3.0, -0.25), st.floats(0.25, 3.0))


@given(xz=st.integers(1, 10).flatmap(lambda n: st.tuples(hnp.arrays(np.float64, n, elements=log_safe_x),
                                                          hnp.arrays(np.float64, n, elements=nonzero_z))))
def test_y_partials_matches_autograd(student, xz):
    (x, z), call = xz, Call("y_partials", x=xz[0], z=xz[1])
    got = check_call(student, call, y_partials, parts=("dy/dx", "dy/dz"), mistakes={
        PUBLIC.EXP_CHAIN: wrong_partials(lambda x, z, dx, dz: (dx - (z - 1) * np.exp(x * z),
                                                               dz - (x - 1) * np.exp(x * z))),
        PUBLIC.LOG_INNER: wrong_partials(lambda x, z, dx, dz: (dx + (x - 1) * np.cos(np.log(x)) / (x**2 * z), dz)),
        PUBLIC.QUOTIENT_SIGN: wrong_partials(lambda x, z, dx, dz: (dx + 2 * z / np.log(x) ** 2, dz)),
        PUBLIC.PARTIALS_SWAPPED: wrong_partials(lambda x, z, dx, dz: (dz, dx))})
    check_by_differences(call, got[0], (torch_forward(_y, x + STEP, z) - torch_forward(_y, x - STEP, z)) / (2 * STEP),
                         "[0] (dy/dx)")


def test_y_partials_is_vectorized_by_hand(student, code):
    by_hand(student, code, Call("y_partials", x=np.array([2.0, 0.5]), z=np.array([3.0, -1.0])), loops=False)


def as_pair(got):  # a gradient returned as a tuple or list of two numbers counts as the array [dL/dw, dL/db]
    pair = isinstance(got, (tuple, list)) and len(got) == 2 and all(np.ndim(v) == 0 for v in got)
    return np.array([float(v) for v in got]) if pair else got


def mse_gradient(x, y, w, b):  # torch's [dL/dw, dL/db] of L(w, b) = mean((w x + b - y)^2)
    x, y = torch.tensor(x), torch.tensor(y)
    return np.array(torch_gradient(lambda w, b: torch.mean((w * x + b - y) ** 2), w, b, wrt=(0, 1)))


def wrong_mse(scale=2.0, reduce=np.mean, inner=True):
    """A mistake model: ``scale * reduce`` of the residuals r (times x for dL/dw when ``inner``)."""
    def wrong(x, y, w, b):
        r = w * x + b - y
        return scale * np.array([reduce(r * x if inner else r), reduce(r)])
    return wrong


line_data = st.integers(1, 15).flatmap(lambda n: st.tuples(
    arrays(shape=(n,), low=-5.0, high=5.0), arrays(shape=(n,), low=-10.0, high=10.0),
    floats(low=-3.0, high=3.0), floats(low=-3.0, high=3.0)))


@given(data=line_data)
@example(data=(np.array([-1.2, 0.5, 2.3, 3.9]), np.array([0.7, -2.1, 4.4, 1.0]), 1.3, -0.6))
def test_mse_line_gradient_matches_autograd(student, data):
    call = Call("mse_line_gradient", x=data[0], y=data[1], w=data[2], b=data[3])
    check_result(call, as_pair(call.run(student)), mse_gradient, mistakes={
        PUBLIC.MSE_FACTOR_TWO: wrong_mse(scale=1.0), PUBLIC.MSE_SUM: wrong_mse(reduce=np.sum),
        PUBLIC.MSE_RESIDUAL_SIGN: wrong_mse(scale=-2.0), PUBLIC.MSE_INNER: wrong_mse(inner=False)})


@given(data=line_data)
def test_mse_line_gradient_vanishes_at_least_squares_fit(student, data):
    """At the least-squares line both partial derivatives are zero."""
    x, y, _, _ = data
    assume(len(x) >= 2 and np.ptp(x) > 0.5)
    w, b = np.polyfit(x, y, 1)
    call = Call("mse_line_gradient", x=x, y=y, w=float(w), b=float(b))
    check_close(as_pair(call.run(student)), np.zeros(2), call=f"{call.text} at the least-squares fit (w, b)",
                inputs=call.shown, tol=tolerances.FLOAT64)


def test_mse_line_gradient_is_vectorized_by_hand(student, code):
    by_hand(student, code, Call("mse_line_gradient", x=np.array([1.0, 2.0, 3.0]), y=np.array([2.0, 4.0, 6.0]),
                                w=1.0, b=0.0), loops=False)


def log_sum_exp(A, b):  # the fixture, described with its A and b
    return Shown(handed("log_sum_exp", A=A, b=b), f"log(sum(exp(A x + b))) with A = {np.round(A, 4).tolist()} "
                                                  f"and b = {np.round(b, 4).tolist()}")


@st.composite
def lse_calls(draw):
    d, m = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    fun = log_sum_exp(draw(arrays(shape=(m, d), low=-2.0, high=2.0)), draw(arrays(shape=(m,), low=-2.0, high=2.0)))
    x, h = draw(arrays(shape=(d,), low=-2.0, high=2.0)), draw(st.sampled_from([1e-1, 1e-2, 1e-3, 1e-4]))
    return Call("central_difference_gradient", fun=fun, x=x, h=h)


def differences(fun, x, h, ahead=1, behind=1, over=2, steps=None):
    """(fun(x + ahead h e) - fun(x - behind h e)) / (over h) for each unit vector e (or each row of ``steps``)."""
    return np.array([(fun(x + ahead * h * e) - fun(x - behind * h * e)) / (over * h)
                     for e in (np.eye(len(x)) if steps is None else steps)])


@given(call=lse_calls())
def test_central_difference_matches_definition(student, reference, call):
    check_call(student, call, reference.central_difference_gradient, mistakes={
        PUBLIC.FORWARD_DIFFERENCE: lambda fun, x, h: differences(fun, x, h, behind=0, over=1),
        PUBLIC.BACKWARD_DIFFERENCE: lambda fun, x, h: differences(fun, x, h, ahead=0, over=1),
        PUBLIC.DIVIDED_BY_H: lambda fun, x, h: differences(fun, x, h, over=1),
        PUBLIC.ONE_COORDINATE: lambda fun, x, h: differences(fun, x, h, steps=np.ones((len(x), len(x))))})


def test_central_difference_error_shrinks_like_h_squared(student):
    """Shrinking h ten times must shrink the error about a hundred times (second-order accuracy)."""
    A, b = np.array([[1.0, 2.0], [-1.0, 0.5], [0.3, -1.0]]), np.array([0.0, 0.5, -0.2])  # third derivatives far from 0
    for x in ([0.3, -0.2], [-0.5, 0.4], [1.0, 1.0]):
        call, p = Call("central_difference_gradient", fun=log_sum_exp(A, b), x=np.array(x), h=1e-2), np.exp(A @ x + b)
        exact = p @ A / p.sum()  # softmax(A x + b) A
        errors = [np.max(np.abs(check_shape(c.run(student), (2,), call=c.text, inputs=c.shown) - exact))
                  for c in (call, call.but(h=1e-3))]
        ratio = errors[0] / errors[1] if errors[1] > 0 else np.inf
        if ratio < 30:
            raise call.failure(
                f"the largest error against the exact gradient is {errors[0]:.3g} for h = 1e-2 and {errors[1]:.3g} "
                f"for h = 1e-3, only {ratio:.3g} times smaller; a central difference is second-order accurate, so "
                "ten times smaller h should give about 100 times smaller error.",
                hint="a ratio near 10 means the error shrinks like h, as for a forward or backward difference; the "
                     "central difference (fun(x + h e_i) - fun(x - h e_i)) / (2h) cancels the h term"
                if 5 <= ratio <= 20 else "the error does not shrink with h: check that your step really is h and "
                                         "that you divide by 2h")


@given(call=lse_calls())
def test_central_difference_leaves_x_unchanged(student, call):
    check_unchanged(student, call)
