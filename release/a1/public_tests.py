"""Public self-checks for a1: a few hand-computed values per task.

Students run these from their notebook; the grader runs them too. They use
known answers only (no reference solution), so they can be shipped.
"""

import numpy as np
import torch

from autograder.checks import check_close, check_library


def f_mistakes(X):
    """What common wrong versions of f give at X, with the hidden tests' hint for each."""
    s, c = np.sin, np.cos
    return {
        "sin and cos look swapped: f(x) = sin(x1) cos(x2) + sin(0.5 x1) cos(0.5 x2)":
            c(X[:, 0]) * s(X[:, 1]) + c(0.5 * X[:, 0]) * s(0.5 * X[:, 1]),
        "the second term needs the factor 0.5 inside both sin and cos: sin(0.5 x1) cos(0.5 x2)":
            2 * s(X[:, 0]) * c(X[:, 1]),
        "only one of the two terms is there: f adds sin(x1) cos(x2) and sin(0.5 x1) cos(0.5 x2)":
            s(X[:, 0]) * c(X[:, 1]),
        "the 0.5 factor is only in one of the two places: use sin(0.5 x1) and cos(0.5 x2)":
            s(0.5 * X[:, 0]) * c(X[:, 1]) + s(X[:, 0]) * c(X[:, 1]),
    }


def test_f_numpy_known_values(student):
    X = np.array([[0.0, 0.0], [np.pi / 2, 0.0], [np.pi, np.pi]])
    # f(0, 0) = 0;  f(pi/2, 0) = 1 + sin(pi/4);  f(pi, pi) = 0 + sin(pi/2) cos(pi/2) = 0
    expected = np.array([0.0, 1.0 + np.sqrt(0.5), 0.0])
    check_close(student.f_numpy(X), expected, call="f_numpy(X)", library="numpy", inputs={"X": X},
                mistakes=f_mistakes(X))


def test_f_torch_known_values(student):
    X = torch.tensor([[0.0, 0.0], [np.pi / 2, 0.0], [np.pi, np.pi]], dtype=torch.float64)
    expected = np.array([0.0, 1.0 + np.sqrt(0.5), 0.0])
    got = student.f_torch(X)
    check_library(got, "torch", call="f_torch(X)", inputs={"X": X.numpy()})
    check_close(got, expected, call="f_torch(X)", inputs={"X": X.numpy()}, mistakes=f_mistakes(X.numpy()))


def test_linear_model_known_values(student):
    X = np.array([[1.0, 2.0, 3.0], [0.0, -1.0, 0.5]])
    w = np.array([0.5, -1.0, 2.0])
    b = 0.25
    # row 1: 0.5 - 2 + 6 + 0.25 = 4.75;  row 2: 0 + 1 + 1 + 0.25 = 2.25
    check_close(student.linear_model(X, w, b), np.array([4.75, 2.25]), call="linear_model(X, w, b)", library="numpy",
                inputs={"X": X, "w": w, "b": b}, mistakes={
        "the bias b is missing: the model is X w + b": np.array([4.5, 2.0]),
        "the bias is subtracted: the model is X w + b, not X w - b": np.array([4.25, 1.75]),
    })


def test_row_dot_known_values(student):
    X = np.array([[0.1, 0.0, -0.3], [1.0, 2.0, 3.0]])
    Y = np.array([[-4.0, 0.05, 0.1], [1.0, 1.0, 1.0]])
    # <[0.1, 0, -0.3], [-4, 0.05, 0.1]> = -0.4 + 0 - 0.03 = -0.43
    check_close(student.row_dot(X, Y), np.array([-0.43, 6.0]), call="row_dot(X, Y)", library="numpy", inputs={"X": X, "Y": Y})


#: A hint the hidden tests give too (they import it from here).
W_RESHAPED = ("W is reshaped instead of transposed: W.reshape(d, m) keeps the entries in their old order, "
              "W.T swaps the axes")


def test_apply_linear_known_values(student):
    X = np.array([[1.0, 2.0], [3.0, 4.0], [-1.0, 0.0]])
    W = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])  # (3, 2): maps R^2 to R^3
    expected = np.array([[1.0, 4.0, 3.0], [3.0, 8.0, 7.0], [-1.0, 0.0, -1.0]])
    check_close(student.apply_linear(X, W), expected, call="apply_linear(X, W)", library="numpy", inputs={"X": X, "W": W},
                mistakes={"the result looks transposed: check the order of the matrix product or add .T": expected.T,
                          W_RESHAPED: X @ W.reshape(2, 3)})
