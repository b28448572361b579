"""Do comparisons pass correct results (float32 included) and explain wrong ones?"""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import CheckFailure, check_against, check_close, check_not_modified, check_shape
from autograder.sandbox.wire import Opaque

X = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
EXPECTED = np.array([1.0, -2.0, 3.0])


def failure_message(got, expected=EXPECTED, **kwargs) -> str:
    with pytest.raises(CheckFailure) as failure:
        check_close(got, expected, call="f(X)", inputs={"X": X}, **kwargs)
    return str(failure.value)


def test_does_a_float32_result_of_a_correct_formula_pass():
    check_close((EXPECTED + 1e-6).astype(np.float32), EXPECTED, call="f(X)", inputs={"X": X})


def test_is_a_float64_result_held_to_float64_precision():
    assert "wrong values" in failure_message(EXPECTED + 1e-5)


def test_does_the_message_name_call_input_expected_got_and_worst_index():
    message = failure_message(np.array([1.0, -2.0, 4.0]))
    assert message.startswith("f(X)\n  X = array of shape (3, 2)")
    assert "1 of 3 entries differ" in message
    assert "largest error at index (2,): expected 3.0, got 4.0" in message


@pytest.mark.parametrize(("got", "hint"), [
    (EXPECTED.reshape(3, 1), "column (n, 1)"),
    (EXPECTED.reshape(3, 1) + EXPECTED, "broadcasting"),
    (EXPECTED.reshape(1, 3), "row (1, n)"),
    (np.float64(2.0), "single number"),
])
def test_are_shape_mistakes_explained(got, hint):
    assert hint in failure_message(got)


@pytest.mark.parametrize(("got", "hint"), [
    (-EXPECTED, "opposite sign"),
    (2 * EXPECTED, "constant factor of about 2"),
    (EXPECTED + 0.5, "off by a constant 0.5"),
    (np.array([1.0, np.nan, 3.0]), "NaN or inf"),
])
def test_are_value_mistakes_explained(got, hint):
    assert hint in failure_message(got)


def test_is_a_transposed_matrix_recognised():
    expected = np.array([[1.0, 2.0], [3.0, 4.0]])
    assert "transpose" in failure_message(expected.T, expected)


def test_does_a_known_mistake_get_its_own_hint():
    message = failure_message(EXPECTED * 3 + 1, mistakes={"you used 3x + 1": lambda: EXPECTED * 3 + 1})
    assert "hint: you used 3x + 1" in message


def test_is_a_missing_return_called_out():
    with pytest.raises(CheckFailure, match="forget to `return`"):
        check_shape(None, (3,), call="f(X)", inputs={"X": X})
    with pytest.raises(CheckFailure, match="a list object"):
        check_shape(Opaque("list", "[1, 2]"), (3,), call="f(X)", inputs={"X": X})


def test_does_check_against_call_both_sides_positionally():
    got = check_against(lambda a, b: a + b, lambda x, y: x + y, x=np.ones(2), y=np.ones(2))
    np.testing.assert_array_equal(got, [2.0, 2.0])
    with pytest.raises(CheckFailure, match=r"<lambda>\(x, y\)"):
        check_against(lambda a, b: a - b, lambda x, y: x + y, x=np.ones(2), y=np.ones(2))


def test_is_in_place_modification_named():
    with pytest.raises(CheckFailure, match="changed its input X in place"):
        check_not_modified(["0"], call="f(X)", inputs={"X": X})
    check_not_modified([], call="f(X)", inputs={"X": X})
