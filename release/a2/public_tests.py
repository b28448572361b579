"""Public self-checks for a2: hand-computed values, including the lecture's worked examples.

Students run these from their notebook; the grader runs them too. They use
known answers only (no reference solution), so they can be shipped.
"""

import numpy as np
import torch

from autograder.checks import CheckFailure, check_close, check_library, hints
from autograder.checks.compare import describe_call, show
from autograder.values import Fixture

# The hints of the mistakes these checks recognise; the hidden tests give the same hints (they import them from here).
INNER_FACTOR = ("the inner factor 0.5 is missing: by the chain rule d/dx1 sin(0.5 x1) = 0.5 cos(0.5 x1), "
                "so the second term of each partial derivative carries a factor 0.5")
DX2_SIGN = "the sign of df/dx2 is wrong: d/dx2 cos(x2) = -sin(x2)"
COLUMNS_SWAPPED = "the two columns look swapped: column 0 is df/dx1 and column 1 is df/dx2"
POWER_RULE_OLD_EXPONENT = ("the power rule multiplies by the old exponent: d/dx 2x^4 = 8x^3, d/dx x^3 = 3x^2, "
                           "d/dx 3x^2 = 6x")
LAST_TERM_SIGN = "the sign of the last term is wrong: d/dx (-3x^2) = -6x"
EXPONENTS_NOT_LOWERED = "the exponents were not lowered: d/dx x^k = k x^(k-1)"
ADD_MUL_SWAPPED = ("dL/dz and dL/dx look swapped: the product node sends z back to q (so to x and y) and q = x + y "
                   "back to z")
SUM_NODE_ONES = "the sum node passes its upstream gradient dL/dq = z on unchanged: dL/dx = dL/dq * 1 = z, not 1"
DZ_IS_Z = "dL/dz is the other input of the product, q = x + y, not z itself"
LOCAL_GRADIENT_MISSING = ("the sigmoid's local gradient is missing: on the way back multiply by "
                          "sigmoid(z) (1 - sigmoid(z))")
LOCAL_GRADIENT_OF_Z = ("the sigmoid's local gradient is sigmoid(z) (1 - sigmoid(z)), computed from the output, "
                       "not z (1 - z)")
NEURON_SWAPPED = "grad_X and grad_w look swapped: d(w x)/dx = w and d(w x)/dw = x"
PER_EXAMPLE = ("return one gradient per example (row i holds the gradient of out[i]); do not add them up over "
               "the batch")
EXP_CHAIN = "the chain rule is missing in exp(xz): d/dx exp(xz) = z exp(xz) and d/dz exp(xz) = x exp(xz)"
LOG_INNER = "d/dx sin(ln x) = cos(ln x) / x: the inner derivative 1/x of ln x is missing"
QUOTIENT_SIGN = ("the quotient rule for xz / ln(x) gives z / ln(x) - z / ln(x)^2: check the sign of the "
                 "second part")
PARTIALS_SWAPPED = "the two partial derivatives look swapped: return (dy/dx, dy/dz) in that order"
MSE_FACTOR_TWO = "the factor 2 from differentiating the square is missing: d/dr r^2 = 2r"
MSE_SUM = "the loss is a mean, so its gradient is a mean too: divide the sum by n"
MSE_RESIDUAL_SIGN = ("the residual has the wrong sign: with L = mean((w x + b - y)^2) the gradient uses "
                     "(w x + b - y)")
MSE_INNER = "dL/dw needs the inner derivative x_i of the prediction w x_i + b: dL/dw = mean(2 r_i x_i)"
FORWARD_DIFFERENCE = ("this is the forward difference (fun(x + h e_i) - fun(x)) / h, whose error only shrinks "
                      "like h; use the central difference (fun(x + h e_i) - fun(x - h e_i)) / (2h)")
BACKWARD_DIFFERENCE = ("this is the backward difference (fun(x) - fun(x - h e_i)) / h; use the central difference "
                       "(fun(x + h e_i) - fun(x - h e_i)) / (2h)")
DIVIDED_BY_H = "the two points are 2h apart, so divide their difference by 2h, not h"
ONE_COORDINATE = "move one coordinate at a time: x + h e_i changes only coordinate i"


def check_parts(got, expected, *, names, call, inputs, mistakes=None):
    """Compare a returned tuple part by part; a failure names the part.

    ``mistakes`` maps a hint to the whole tuple a known wrong implementation
    gives (or a function of no arguments returning it).
    """
    if not isinstance(got, (tuple, list)) or len(got) != len(expected):
        raise CheckFailure(f"{describe_call(call, inputs)}\nreturned {show(got)}\nexpected a tuple of "
                           f"{len(expected)} arrays: ({', '.join(names)}).")
    for i, (name, part, want) in enumerate(zip(names, got, expected)):
        check_library(part, "numpy", call=f"{call}, returned part {i} ({name})", inputs=inputs)
    # A known mistake explains the result only if it explains every part: one part alone (say an all-zero
    # grad_X) is often matched by several unrelated mistakes.
    explaining = hints.whole_tuple_mistakes(got, mistakes or {})
    for i, (name, part, want) in enumerate(zip(names, got, expected)):
        check_close(part, want, call=f"{call}, returned part {i} ({name})", inputs=inputs,
                    mistakes={hint: wrong[i] for hint, wrong in explaining.items()})


def check_one_gradient_per_example(got, X, *, call, inputs):
    """grad_X and grad_w hold one row per example: a (d,) part was summed over the batch."""
    for index, name in ((1, "grad_X"), (2, "grad_w")):
        if isinstance(got, (tuple, list)) and len(got) == 4 and np.shape(got[index]) == (X.shape[1],) != X.shape:
            raise CheckFailure(f"{describe_call(call, inputs)}\nreturned part {index} ({name}) of shape "
                               f"{np.shape(got[index])}, expected shape {X.shape}.\nhint: {PER_EXAMPLE}")


# Points where sin and cos take simple values. At (pi, pi):
#   df/dx1 = cos(pi) cos(pi) + 0.5 cos(pi/2) cos(pi/2) = 1
#   df/dx2 = -sin(pi) sin(pi) - 0.5 sin(pi/2) sin(pi/2) = -0.5
# At (0, 0): df/dx1 = 1 + 0.5 = 1.5, df/dx2 = 0.
# At (pi/2, pi): df/dx1 = 0 + 0.5 cos(pi/4) cos(pi/2) = 0, df/dx2 = -1 * 0 - 0.5 sin(pi/4) sin(pi/2) = -0.5 sqrt(0.5)
GRAD_F_POINTS = np.array([[np.pi, np.pi], [0.0, 0.0], [np.pi / 2, np.pi]])
GRAD_F_VALUES = np.array([[1.0, -0.5], [1.5, 0.0], [0.0, -0.5 * np.sqrt(0.5)]])
#: What common wrong gradients give at these points (the same sums with a factor or a sign changed).
GRAD_F_MISTAKES = {INNER_FACTOR: [[1.0, -1.0], [2.0, 0.0], [0.0, -np.sqrt(0.5)]],
                   DX2_SIGN: [[1.0, 0.5], [1.5, 0.0], [0.0, 0.5 * np.sqrt(0.5)]],
                   COLUMNS_SWAPPED: [[-0.5, 1.0], [0.0, 1.5], [-0.5 * np.sqrt(0.5), 0.0]]}


def test_grad_f_numpy_known_values(student):
    X = GRAD_F_POINTS
    check_close(student.grad_f_numpy(X), GRAD_F_VALUES, call="grad_f_numpy(X)", inputs={"X": X}, library="numpy",
                mistakes=GRAD_F_MISTAKES)


def test_grad_f_torch_known_values(student):
    X = torch.tensor(GRAD_F_POINTS, dtype=torch.float64)
    got = student.grad_f_torch(X)
    check_library(got, "torch", call="grad_f_torch(X)", inputs={"X": X.numpy()})
    check_close(got, GRAD_F_VALUES, call="grad_f_torch(X)", inputs={"X": X.numpy()}, mistakes=GRAD_F_MISTAKES)


def test_poly_derivative_known_values(student):
    x = np.array([2.0, 0.0, 1.0, -1.0])
    # p'(x) = 8x^3 + 3x^2 - 6x:  p'(2) = 64 + 12 - 12 = 64,  p'(1) = 5,  p'(-1) = -8 + 3 + 6 = 1
    check_close(student.poly_derivative(x), np.array([64.0, 0.0, 5.0, 1.0]), call="poly_derivative(x)",
                inputs={"x": x}, mistakes={POWER_RULE_OLD_EXPONENT: [14.0, 0.0, 0.0, 2.0],  # 2x^3 + x^2 - 3x
                                           LAST_TERM_SIGN: [88.0, 0.0, 17.0, -11.0],  # 8x^3 + 3x^2 + 6x
                                           EXPONENTS_NOT_LOWERED: [128.0, 0.0, 5.0, -1.0]})  # 8x^4 + 3x^3 - 6x^2


def test_add_mul_graph_lecture_example(student):
    # The lecture's example x = -2, y = 5, z = -4: q = 3, L = -12, dL/dx = dL/dy = z = -4, dL/dz = q = 3.
    # A second column: x = 1, y = 2, z = 0.5 gives L = 1.5 and gradients 0.5, 0.5, 3.
    x, y, z = np.array([-2.0, 1.0]), np.array([5.0, 2.0]), np.array([-4.0, 0.5])
    expected = (np.array([-12.0, 1.5]), np.array([-4.0, 0.5]), np.array([-4.0, 0.5]), np.array([3.0, 3.0]))
    L, q, ones = expected[0], np.array([3.0, 3.0]), np.ones(2)
    check_parts(student.add_mul_graph(x, y, z), expected, names=("L", "dL/dx", "dL/dy", "dL/dz"),
                call="add_mul_graph(x, y, z)", inputs={"x": x, "y": y, "z": z},
                mistakes={ADD_MUL_SWAPPED: (L, q, q, z), SUM_NODE_ONES: (L, ones, ones, q), DZ_IS_Z: (L, z, z, z)})


def test_sigmoid_neuron_known_values(student):
    # w = (2, -3), b = -3 and x = (-1, -2): z = -2 + 6 - 3 = 1, sigmoid(1) = 0.7310585786300049 and its
    # local gradient sigmoid(1) (1 - sigmoid(1)) = 0.19661193324148185 =: s.
    # grad_x = s * w, grad_w = s * x, grad_b = s. A second row x = (0, 0) gives z = -3.
    X = np.array([[-1.0, -2.0], [0.0, 0.0]])
    w, b = np.array([2.0, -3.0]), -3.0
    s1, sig3 = 0.19661193324148185, 0.04742587317756678  # sig3 = sigmoid(-3)
    s3 = sig3 * (1 - sig3)
    expected = (np.array([0.7310585786300049, sig3]),
                np.array([[2 * s1, -3 * s1], [2 * s3, -3 * s3]]),
                np.array([[-s1, -2 * s1], [0.0, 0.0]]),
                np.array([s1, s3]))
    call, inputs = "sigmoid_neuron(X, w, b)", {"X": X, "w": w, "b": b}
    got = student.sigmoid_neuron(X, w, b)
    check_one_gradient_per_example(got, X, call=call, inputs=inputs)
    out = expected[0]
    check_parts(got, expected, names=("out", "grad_X", "grad_w", "grad_b"), call=call, inputs=inputs, mistakes={
        LOCAL_GRADIENT_MISSING: (out, [[2.0, -3.0], [2.0, -3.0]], X, [1.0, 1.0]),
        LOCAL_GRADIENT_OF_Z: (out, [[0.0, 0.0], [-24.0, 36.0]], [[0.0, 0.0], [0.0, 0.0]], [0.0, -12.0]),  # z = 1, -3
        NEURON_SWAPPED: (out, expected[2], expected[1], expected[3])})


def test_y_partials_lecture_example(student):
    # The lecture's point x = 2, z = 3 (values from the derivative formulas, checked with autograd).
    x, z = np.array([2.0]), np.array([3.0])
    dx, dz = np.array([1208.3812151266095]), np.array([809.707479218564])
    check_parts(student.y_partials(x, z), (dx, dz), names=("dy/dx", "dy/dz"), call="y_partials(x, z)",
                inputs={"x": x, "z": z}, mistakes={  # each mistake changes one term of the derivative
                    EXP_CHAIN: ([401.5236281411393], [406.2786857258289]),
                    LOG_INNER: ([1208.4453183683897], dz), QUOTIENT_SIGN: ([1220.8694290126432], dz),
                    PARTIALS_SWAPPED: (dz, dx)})


def test_mse_line_gradient_known_values(student):
    # The line y = 2x through x = 1, 2, 3 with w = 1, b = 0: residuals -1, -2, -3,
    # dL/dw = 2 * mean(-1, -4, -9) = -28/3 and dL/db = 2 * mean(-1, -2, -3) = -4.
    x, y = np.array([1.0, 2.0, 3.0]), np.array([2.0, 4.0, 6.0])
    got = student.mse_line_gradient(x, y, 1.0, 0.0)
    if isinstance(got, (tuple, list)) and len(got) == 2 and all(np.ndim(v) == 0 for v in got):  # a pair is fine
        got = np.array([float(v) for v in got])
    check_close(got, np.array([-28.0 / 3.0, -4.0]),
                call="mse_line_gradient(x, y, w, b)", inputs={"x": x, "y": y, "w": 1.0, "b": 0.0}, mistakes={
                    MSE_FACTOR_TWO: [-14.0 / 3.0, -2.0], MSE_SUM: [-28.0, -12.0], MSE_RESIDUAL_SIGN: [28.0 / 3.0, 4.0],
                    MSE_INNER: [-4.0, -4.0]})


def test_central_difference_on_a_quadratic(student):
    # For q(x) = 1/2 x^T A x - b^T x with symmetric A the central difference is exact (up to
    # rounding): its error term involves third derivatives, which are zero. The gradient is A x - b.
    A = np.array([[3.0, 1.0], [1.0, 2.0]])
    b = np.array([1.0, -1.0])
    x, h = np.array([0.5, -1.0]), 1e-3
    expected = A @ x - b
    forward = expected + 0.5 * h * np.diag(A)  # what (q(x + h e_i) - q(x)) / h gives
    got = student.central_difference_gradient(Fixture("quadratic", {"A": A, "b": b}), x, h)
    check_close(got, expected, call="central_difference_gradient(q, x, h)", inputs={"x": x, "h": h},
                mistakes={FORWARD_DIFFERENCE: forward, BACKWARD_DIFFERENCE: expected - 0.5 * h * np.diag(A),
                          DIVIDED_BY_H: 2 * expected})
