"""Do values keep their exact shape across the channel?"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from autograder.sandbox.wire import decode, encode


@pytest.mark.parametrize("value", [np.array(2.5), torch.tensor(3.0, dtype=torch.float64), np.zeros((0, 3))],
                         ids=["0-d array", "0-d tensor", "empty"])
def test_does_a_value_keep_its_shape(value):
    assert decode(encode(value)).shape == tuple(value.shape)
    assert tuple(decode(encode(value), as_torch=True).shape) == tuple(value.shape)
