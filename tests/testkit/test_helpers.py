"""Does built_on give the helpers' precision and name the wrong helpers when a check fails?"""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks.compare import CheckFailure
from autograder.checks.tolerances import FLOAT32
from autograder.student import LocalCalls, Student
from autograder.testkit import AuthoringError, built_on


def square(x):
    return x**2


REFERENCE = type("Reference", (), {"square": staticmethod(square), "cube": staticmethod(lambda x: x**3)})


def student_with(**functions) -> Student:
    return Student(LocalCalls(dict(functions)))


def test_float64_helpers_give_no_tolerance_and_a_float32_helper_gives_float32():
    with built_on(student_with(square=square), REFERENCE, {"square": (np.array([2.0]),)}, user="f") as tol:
        assert tol is None
    float32 = student_with(square=lambda x: (x**2).astype(np.float32))
    with built_on(float32, REFERENCE, {"square": (np.array([2.0]),)}, user="f") as tol:
        assert (tol.rtol, tol.atol) == (FLOAT32.rtol, FLOAT32.atol)


def test_a_failure_names_the_wrong_helper_only():
    student = student_with(square=lambda x: 2 * x, cube=lambda x: x**3)
    calls = {"square": (np.array([3.0]),), "cube": (np.array([3.0]),)}
    with pytest.raises(CheckFailure) as failure:
        with built_on(student, REFERENCE, calls, user="the sum of powers"):
            raise CheckFailure("sum_of_powers(x) returned 33, expected 36")
    message = str(failure.value)
    assert message.startswith("sum_of_powers(x) returned 33, expected 36\nhint: the sum of powers builds on your square,")
    assert "cube" not in message


def test_a_failing_helper_does_not_stop_the_check_and_right_helpers_leave_the_failure_alone():
    def broken(x):
        raise ValueError("no")

    with pytest.raises(CheckFailure) as failure:
        with built_on(student_with(square=broken), REFERENCE, {"square": (np.array([1.0]),)}, user="f") as tol:
            assert tol is None
            raise CheckFailure("wrong")
    assert "builds on your square" in str(failure.value)
    with pytest.raises(CheckFailure, match="^wrong$"):
        with built_on(student_with(square=square), REFERENCE, {"square": (np.array([1.0]),)}, user="f"):
            raise CheckFailure("wrong")


def test_calls_must_map_names_to_argument_tuples():
    with pytest.raises(AuthoringError, match="tuple of arguments"):
        with built_on(student_with(square=square), REFERENCE, {"square": np.array([1.0])}, user="f"):
            pass


def layers(x):
    """A nested result, as an MLP's per-layer (W, b) pairs: arrays of different shapes in a list of tuples."""
    return [(np.outer(x, x), x), (x[:1] * 2, [x.sum(), x.sum()])]


NESTED = type("Reference", (), {"layers": staticmethod(layers)})


def test_a_float32_array_inside_a_nested_result_gives_float32():
    float32 = student_with(layers=lambda x: [(np.outer(x, x), x), (x[:1] * 2, [x.sum().astype(np.float32), x.sum()])])
    with built_on(float32, NESTED, {"layers": (np.array([1.0, 2.0]),)}, user="f") as tol:
        assert (tol.rtol, tol.atol) == (FLOAT32.rtol, FLOAT32.atol)


def test_nested_results_are_compared_array_by_array():
    x = np.array([1.0, 2.0])
    with pytest.raises(CheckFailure, match="^wrong$"):  # right helpers, the float32 one judged at float32
        with built_on(student_with(layers=lambda x: [(np.outer(x, x).astype(np.float32) * (1 + 1e-6), x),
                                                      (x[:1] * 2, [x.sum(), x.sum()])]), NESTED, {"layers": (x,)},
                      user="f"):
            raise CheckFailure("wrong")
    with pytest.raises(CheckFailure, match="builds on your layers"):  # one wrong array deep inside
        with built_on(student_with(layers=lambda x: [(np.outer(x, x), x), (x[:1] * 2, [x.sum(), 0.0])]), NESTED,
                      {"layers": (x,)}, user="f"):
            raise CheckFailure("wrong")
    with pytest.raises(CheckFailure, match="builds on your layers"):  # a layer missing
        with built_on(student_with(layers=lambda x: layers(x)[:1]), NESTED, {"layers": (x,)}, user="f"):
            raise CheckFailure("wrong")


def test_the_hint_for_a_failure_without_one_is_given_only_when_every_helper_agrees():
    calls = {"square": (np.array([3.0]),)}
    with pytest.raises(CheckFailure, match="^wrong\nhint: follow the recipe$"):
        with built_on(student_with(square=square), REFERENCE, calls, user="f", hint="follow the recipe"):
            raise CheckFailure("wrong")
    with pytest.raises(CheckFailure, match="^wrong\nhint: a known mistake$"):  # a failure's own hint stays alone
        with built_on(student_with(square=square), REFERENCE, calls, user="f", hint="follow the recipe"):
            raise CheckFailure("wrong\nhint: a known mistake")
    with pytest.raises(CheckFailure) as failure:  # a wrong helper: blamed, and the guess is left out
        with built_on(student_with(square=lambda x: 2 * x), REFERENCE, calls, user="f", hint="follow the recipe"):
            raise CheckFailure("wrong")
    assert "builds on your square" in str(failure.value) and "follow the recipe" not in str(failure.value)
