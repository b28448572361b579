"""Do the MLP strategies draw consistent shapes and generic values?"""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from autograder.checks.strategies import layer_widths, mlp_parameters, normal_arrays


@given(widths=layer_widths(depth=st.integers(1, 3), width=st.integers(1, 4)))
def test_are_widths_one_longer_than_the_depth(widths):
    assert 2 <= len(widths) <= 4 and all(1 <= w <= 4 for w in widths)


@given(params=mlp_parameters(widths=layer_widths()))
def test_do_consecutive_layers_fit_together(params):
    for (W, b), (W_next, _) in zip(params, params[1:]):
        assert W.shape[1] == b.shape[0] == W_next.shape[0]


@given(a=normal_arrays(shape=(3, 4), scale=2.0))
def test_are_normal_arrays_free_of_exact_zeros(a):
    assert a.shape == (3, 4) and np.all(a != 0)
