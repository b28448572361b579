"""Do the hypothesis strategies draw what their docstrings promise?"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from autograder.checks.strategies import positive_definite_matrices


@settings(max_examples=30, derandomize=True, database=None)
@given(data=st.data(), dim=st.integers(1, 4), condition=st.floats(1.0, 500.0))
def test_are_positive_definite_matrices_symmetric_with_the_stated_condition_number(data, dim, condition):
    A = data.draw(positive_definite_matrices(dim=dim, condition=condition))
    assert A.shape == (dim, dim)
    np.testing.assert_array_equal(A, A.T)
    eigenvalues = np.linalg.eigvalsh(A)
    np.testing.assert_allclose(eigenvalues[0], 1.0, rtol=1e-9)
    if dim >= 2:
        np.testing.assert_allclose(eigenvalues[-1], condition, rtol=1e-9)
    assert eigenvalues[-1] <= condition * (1 + 1e-9)
