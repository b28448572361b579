"""Is a float32 number returned by student code judged as float32 (a loss in np.float32, say)?"""

import numpy as np

from autograder.checks import check_close
from autograder.sandbox.wire import decode, encode


def test_a_float32_scalar_keeps_its_dtype_across_the_channel():
    got = decode(encode(np.float32(4.3575535)))
    assert got.dtype == np.float32 and got.shape == ()
    assert decode(encode(np.float64(1.5))) == 1.5


def test_a_float32_scalar_is_compared_at_float32_tolerance():
    exact = 4.3575535358425705
    check_close(decode(encode(np.float32(exact))), exact, call="ls_loss(X, y, theta)", inputs={})
