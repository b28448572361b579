"""Do the public fixtures that a2 and a3 hand to student code behave as documented?"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from autograder import fixtures


def test_does_the_batch_only_gradient_refuse_single_points():
    grad = fixtures.build("quadratic_gradient_on_batches", {"A": [[2.0, 0.0], [0.0, 4.0]], "b": [1.0, 1.0], "rows": 3})
    X = np.arange(6.0).reshape(3, 2)
    np.testing.assert_allclose(grad(X), X * [2.0, 4.0] - 1.0)
    with pytest.raises(ValueError, match="all 3 starting points at once"):
        grad(X[0])
    with pytest.raises(ValueError, match="all 3 starting points at once"):
        grad(X[:1])


def test_is_log_sum_exp_a_number_for_a_point_and_a_vector_for_a_batch():
    A, b = np.array([[1.0, 2.0], [-1.0, 0.5], [0.3, -1.0]]), np.array([0.0, 0.5, -0.2])
    lse = fixtures.build("log_sum_exp", {"A": A, "b": b})
    X = np.array([[0.3, -0.2], [100.0, 50.0]])  # the second row would overflow a naive exp
    expected = torch.logsumexp(torch.tensor(X @ A.T + b), dim=-1).numpy()
    assert isinstance(lse(X[0]), float)
    np.testing.assert_allclose(lse(X[0]), expected[0], rtol=1e-12)
    np.testing.assert_allclose(lse(X), expected, rtol=1e-12)


def test_does_the_random_generator_fixture_repeat_from_its_seed():
    first = fixtures.build("random_generator", {"seed": 7}).permutation(10)
    again = fixtures.build("random_generator", {"seed": 7}).permutation(10)
    np.testing.assert_array_equal(first, again)
    np.testing.assert_array_equal(first, np.random.default_rng(7).permutation(10))
