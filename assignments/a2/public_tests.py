"""Public self-checks for a2: hand-computed values, including the lecture's worked examples.

Students run these from their notebook; the grader runs them too. They use
known answers only (no reference solution), so they can be shipped.
"""

import numpy as np
import torch

from autograder.checks import CheckFailure, check_close, check_library
from autograder.sandbox.wire import Fixture


def check_each(got, expected, *, names, call, inputs):
    """Compare a returned tuple with the expected values, one named part at a time."""
    if not isinstance(got, (tuple, list)) or len(got) != len(expected):
        raise CheckFailure(f"{call} must return a tuple of {len(expected)} arrays ({', '.join(names)}), "
                           f"got {type(got).__name__}")
    for i, (name, part, want) in enumerate(zip(names, got, expected)):
        check_close(part, want, call=f"{call}, returned part {i} ({name})", inputs=inputs)


# Points where sin and cos take simple values. At (pi, pi):
#   df/dx1 = cos(pi) cos(pi) + 0.5 cos(pi/2) cos(pi/2) = 1
#   df/dx2 = -sin(pi) sin(pi) - 0.5 sin(pi/2) sin(pi/2) = -0.5
# At (0, 0): df/dx1 = 1 + 0.5 = 1.5, df/dx2 = 0.
# At (pi/2, pi): df/dx1 = 0 + 0.5 cos(pi/4) cos(pi/2) = 0, df/dx2 = -1 * 0 - 0.5 sin(pi/4) sin(pi/2) = -0.5 sqrt(0.5)
GRAD_F_POINTS = np.array([[np.pi, np.pi], [0.0, 0.0], [np.pi / 2, np.pi]])
GRAD_F_VALUES = np.array([[1.0, -0.5], [1.5, 0.0], [0.0, -0.5 * np.sqrt(0.5)]])


def test_grad_f_numpy_known_values(student):
    X = GRAD_F_POINTS
    check_close(student.grad_f_numpy(X), GRAD_F_VALUES, call="grad_f_numpy(X)", inputs={"X": X}, library="numpy")


def test_grad_f_torch_known_values(student):
    X = torch.tensor(GRAD_F_POINTS, dtype=torch.float64)
    got = student.grad_f_torch(X)
    check_library(got, "torch", call="grad_f_torch(X)", inputs={"X": X.numpy()})
    check_close(got, GRAD_F_VALUES, call="grad_f_torch(X)", inputs={"X": X.numpy()})


def test_poly_derivative_known_values(student):
    x = np.array([2.0, 0.0, 1.0, -1.0])
    # p'(x) = 8x^3 + 3x^2 - 6x:  p'(2) = 64 + 12 - 12 = 64,  p'(1) = 5,  p'(-1) = -8 + 3 + 6 = 1
    check_close(student.poly_derivative(x), np.array([64.0, 0.0, 5.0, 1.0]), call="poly_derivative(x)",
                inputs={"x": x})


def test_add_mul_graph_lecture_example(student):
    # The lecture's example x = -2, y = 5, z = -4: q = 3, L = -12, dL/dx = dL/dy = z = -4, dL/dz = q = 3.
    # A second column: x = 1, y = 2, z = 0.5 gives L = 1.5 and gradients 0.5, 0.5, 3.
    x, y, z = np.array([-2.0, 1.0]), np.array([5.0, 2.0]), np.array([-4.0, 0.5])
    expected = (np.array([-12.0, 1.5]), np.array([-4.0, 0.5]), np.array([-4.0, 0.5]), np.array([3.0, 3.0]))
    check_each(student.add_mul_graph(x, y, z), expected, names=("L", "dL/dx", "dL/dy", "dL/dz"),
               call="add_mul_graph(x, y, z)", inputs={"x": x, "y": y, "z": z})


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
    check_each(student.sigmoid_neuron(X, w, b), expected, names=("out", "grad_X", "grad_w", "grad_b"),
               call="sigmoid_neuron(X, w, b)", inputs={"X": X, "w": w, "b": b})


def test_y_partials_lecture_example(student):
    # The lecture's point x = 2, z = 3 (values from the derivative formulas, checked with autograd).
    x, z = np.array([2.0]), np.array([3.0])
    check_each(student.y_partials(x, z), (np.array([1208.3812151266095]), np.array([809.707479218564])),
               names=("dy/dx", "dy/dz"), call="y_partials(x, z)", inputs={"x": x, "z": z})


def test_mse_line_gradient_known_values(student):
    # The line y = 2x through x = 1, 2, 3 with w = 1, b = 0: residuals -1, -2, -3,
    # dL/dw = 2 * mean(-1, -4, -9) = -28/3 and dL/db = 2 * mean(-1, -2, -3) = -4.
    x, y = np.array([1.0, 2.0, 3.0]), np.array([2.0, 4.0, 6.0])
    got = student.mse_line_gradient(x, y, 1.0, 0.0)
    if isinstance(got, (tuple, list)) and len(got) == 2 and all(np.ndim(v) == 0 for v in got):  # a pair is fine
        got = np.array([float(v) for v in got])
    check_close(got, np.array([-28.0 / 3.0, -4.0]),
                call="mse_line_gradient(x, y, w, b)", inputs={"x": x, "y": y, "w": 1.0, "b": 0.0})


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
                mistakes={"this looks like the forward difference (q(x + h e_i) - q(x)) / h; use the central "
                          "difference (q(x + h e_i) - q(x - h e_i)) / (2h)": forward})
