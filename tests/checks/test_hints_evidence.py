"""Are value hints given only when the evidence supports them (issue 13)?"""

import numpy as np
import pytest

from autograder.checks import CheckFailure, check_close, check_library, hints, tolerances
from autograder.checks.returns import blame_helpers, check_losses
from autograder.sandbox.wire import TensorValue

TOL = tolerances.FLOAT64


@pytest.mark.parametrize("expected, got", [
    (np.array([3.0]), np.array([6.0])),  # one entry: a sign slip, the old x, anything
    (np.array([2.0, 2.0, 2.0]), np.array([6.0, 6.0, 6.0])),  # equal entries: summing all pairs
    (np.array([0.0, 0.0, 1.5]), np.array([0.0, 0.0, 3.0])),  # one nonzero entry
])
def test_is_no_factor_sign_or_offset_read_from_too_little_evidence(expected, got):
    assert hints.for_values(got, expected, tol=TOL) is None
    assert hints.for_values(-expected, expected, tol=TOL) is None


def test_is_a_constant_factor_named_when_several_distinct_entries_agree():
    expected = np.array([1.0, -2.0, 3.5])
    assert "constant factor of about 2" in hints.for_values(2 * expected, expected, tol=TOL)
    assert "opposite sign" in hints.for_values(-expected, expected, tol=TOL)


def test_is_neither_of_two_equally_good_mistakes_named():
    expected, got = np.array([1.0, 2.0]), np.array([5.0, 7.0])
    both = {"mistake A": got.copy(), "mistake B": lambda: got.copy(), "mistake C": np.zeros(2)}
    assert hints.for_values(got, expected, tol=TOL, mistakes=both) is None
    assert hints.for_values(got, expected, tol=TOL, mistakes={"mistake A": got, "C": np.zeros(2)}) == "mistake A"


def test_does_check_library_tell_numpy_results_from_tensors():
    tensor = TensorValue(np.ones(3), requires_grad=False, has_grad_fn=False)
    check_library(np.ones(3), "numpy", call="f(X)", inputs={})
    check_library(tensor, "torch", call="f(X)", inputs={})
    with pytest.raises(CheckFailure, match="returned a torch.Tensor; expected a NumPy array"):
        check_close(tensor, np.ones(3), call="f(X)", inputs={}, library="numpy")
    with pytest.raises(CheckFailure, match="must return a torch.Tensor"):
        check_library(np.ones(3), "torch", call="f(X)", inputs={})


def test_are_non_finite_losses_called_non_finite():
    with pytest.raises(CheckFailure, match="not all finite"):
        check_losses(np.array([1.0, np.nan, np.inf]), 2, call="train(...)", inputs={})


def test_is_a_list_of_vectors_as_losses_a_failure_not_a_crash():
    with pytest.raises(CheckFailure, match="entry 0"):
        check_losses([np.ones(3), np.ones(3)], 1, call="train(...)", inputs={})


class _Student:
    @staticmethod
    def gradient(x):
        return np.cumsum(np.full(1000, x, dtype=np.float32))  # correct, accumulated in float32


class _Reference:
    @staticmethod
    def gradient(x):
        return np.cumsum(np.full(1000, x))


def test_is_a_float32_helper_accepted_by_its_own_tolerance_not_blamed():
    x = 0.1
    got, want = _Student.gradient(x), _Reference.gradient(x)
    assert not np.allclose(got, want, rtol=tolerances.FLOAT64.rtol, atol=tolerances.FLOAT64.atol)  # float64 would blame
    check_close(got, want, call="gradient(x)", inputs={"x": x})  # its own test accepts it
    with pytest.raises(CheckFailure) as raised:
        blame_helpers(CheckFailure("descent ended elsewhere"), _Student, _Reference, {"gradient": (x,)},
                      user="gradient descent")
    assert "fix that task first" not in str(raised.value)


def test_is_a_wrong_helper_still_blamed():
    class Wrong:
        @staticmethod
        def gradient(x):
            return 2 * _Reference.gradient(x)

    with pytest.raises(CheckFailure, match="fix that task first"):
        blame_helpers(CheckFailure("descent ended elsewhere"), Wrong, _Reference, {"gradient": (0.1,)},
                      user="gradient descent")


def test_do_downstream_tolerances_follow_the_students_dtype():
    assert tolerances.for_optimum(np.float32) is tolerances.OPTIMUM_FLOAT32
    assert tolerances.for_optimum(np.float64) is tolerances.OPTIMUM
    loose = tolerances.for_values(np.ones(2, dtype=np.float32), base=tolerances.OPTIMUM)
    assert loose.rtol >= tolerances.FLOAT32.rtol and loose.atol >= tolerances.OPTIMUM.atol
    assert tolerances.for_values(np.ones(2), base=tolerances.OPTIMUM) is tolerances.OPTIMUM


def test_is_a_tuple_mistake_named_only_when_it_explains_every_part():
    got = (np.array([1.0, 2.0]), np.array([0.0, 0.0]))
    found = hints.whole_tuple_mistakes(got, {
        "swapped": (np.array([1.0, 2.0]), np.array([0.0, 0.0])),  # explains both parts
        "zero gradient only": lambda: (np.array([5.0, 6.0]), np.array([0.0, 0.0])),  # one part only
        "a model that fails": lambda: 1 / 0,
    })
    assert list(found) == ["swapped"]
    assert np.array_equal(found["swapped"][0], got[0])
