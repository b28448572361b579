"""Do the strategies cover the edge cases the checks rely on and reject bad arguments?"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

from autograder.checks import strategies


def test_do_batches_include_the_empty_batch_and_a_single_point():
    assert find(strategies.batches(dim=2), lambda X: X.shape == (0, 2)).shape == (0, 2)
    assert find(strategies.batches(dim=2), lambda X: X.shape[0] == 1).shape == (1, 2)


@settings(max_examples=30, derandomize=True, database=None)
@given(X=strategies.batches(dim=3, rows=st.integers(1, 5), low=0.0, high=10.0))
def test_do_batches_respect_domain_and_shape(X):
    assert X.shape[1] == 3 and 1 <= X.shape[0] <= 5
    assert np.all((X >= 0) & (X <= 10))


@settings(max_examples=30, derandomize=True, database=None)
@given(A=strategies.well_conditioned_matrices(rows=st.integers(3, 8), cols=st.integers(1, 3), max_condition=50.0))
def test_are_well_conditioned_matrices_well_conditioned(A):
    assert np.linalg.matrix_rank(A) == A.shape[1]
    assert np.linalg.cond(A) <= 50.0 * (1 + 1e-9)


def test_do_logits_reach_large_magnitudes():
    found = find(strategies.logits(magnitude=1000.0), lambda Z: np.abs(Z).max() > 900)
    assert np.abs(found).max() <= 1000


@settings(max_examples=20, derandomize=True, database=None)
@given(y=strategies.labels(rows=6, classes=3))
def test_are_labels_valid_classes(y):
    assert y.shape == (6,) and y.dtype == np.int64 and set(y) <= {0, 1, 2}


def test_are_bad_arguments_rejected_with_a_message():
    with pytest.raises(ValueError, match="low < high"):
        strategies.batches(low=1.0, high=0.0)
    with pytest.raises(ValueError, match="max_condition"):
        strategies.well_conditioned_matrices(rows=3, cols=2, max_condition=0.5)


@settings(max_examples=30, derandomize=True, database=None)
@given(data=st.data(), dim=st.integers(1, 4), condition=st.floats(1.0, 500.0))
def test_are_positive_definite_matrices_symmetric_with_the_stated_condition_number(data, dim, condition):
    A = data.draw(strategies.positive_definite_matrices(dim=dim, condition=condition))
    assert A.shape == (dim, dim)
    np.testing.assert_array_equal(A, A.T)
    eigenvalues = np.linalg.eigvalsh(A)
    np.testing.assert_allclose(eigenvalues[0], 1.0, rtol=1e-9)
    if dim >= 2:
        np.testing.assert_allclose(eigenvalues[-1], condition, rtol=1e-9)
    assert eigenvalues[-1] <= condition * (1 + 1e-9)
