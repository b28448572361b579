"""Are finite differences accurate, and does the comparison find the worst coordinate?"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from autograder.checks import CheckFailure, central_difference, check_gradient, compare_gradient, tolerances
from autograder.checks.oracle import torch_gradient, torch_vjp


def f(X):
    return np.sin(X[:, 0]) * np.cos(X[:, 1])


def grad_f(X):
    return np.stack([np.cos(X[:, 0]) * np.cos(X[:, 1]), -np.sin(X[:, 0]) * np.sin(X[:, 1])], axis=1)


X = np.array([[0.3, 1.2], [2.0, -0.7], [5.0, 4.0]])


def test_do_central_differences_match_the_exact_gradient():
    numeric = central_difference(f, X)
    np.testing.assert_allclose(numeric, grad_f(X), rtol=1e-8, atol=1e-9)


def test_does_central_difference_leave_the_input_alone():
    before = X.copy()
    central_difference(f, X)
    np.testing.assert_array_equal(X, before)


def test_is_the_error_second_order_in_h():
    exact = grad_f(X)
    errors = [np.abs(central_difference(f, X, h=h) - exact).max() for h in (1e-2, 1e-3)]
    assert 50 < errors[0] / errors[1] < 200  # h^2: ten times smaller h, a hundred times smaller error


def test_does_compare_gradient_report_the_worst_coordinate():
    numeric = grad_f(X)
    analytic = numeric.copy()
    analytic[2, 1] += 0.5
    result = compare_gradient(analytic, numeric, tolerances.FINITE_DIFFERENCE)
    assert not result.ok and result.index == (2, 1)
    assert result.abs_error == pytest.approx(0.5)


def test_does_check_gradient_explain_a_wrong_gradient():
    wrong = grad_f(X) * np.array([1.0, -1.0])
    with pytest.raises(CheckFailure, match=r"worst coordinate \(\d, 1\)"):
        check_gradient(wrong, central_difference(f, X), call="grad_f(X)", inputs={"X": X},
                       tol=tolerances.FINITE_DIFFERENCE)
    check_gradient(grad_f(X), central_difference(f, X), call="grad_f(X)", inputs={"X": X},
                   tol=tolerances.FINITE_DIFFERENCE)


def test_does_the_torch_oracle_agree_with_the_formula():
    oracle = torch_gradient(lambda T: torch.sin(T[:, 0]) * torch.cos(T[:, 1]), X)
    np.testing.assert_allclose(oracle, grad_f(X), rtol=1e-12)


def test_does_the_vjp_use_the_cotangent_and_several_arguments():
    W, x, v = np.arange(6.0).reshape(2, 3), np.ones(3), np.array([1.0, -1.0])
    dW, dx = torch_vjp(lambda W, x: W @ x, W, x, cotangent=v, wrt=(0, 1))
    np.testing.assert_allclose(dW, np.outer(v, x))
    np.testing.assert_allclose(dx, W.T @ v)
