"""Do the helpers for returned tuples, training curves and failing helpers explain themselves?"""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import CheckFailure
from autograder.checks.returns import blame_helpers, call_explained, check_losses, check_tuple
from autograder.student import NotImplementedByStudent, StudentError


class FakeStudent:
    """Student functions as plain callables; raising StudentError like the sandbox does."""

    def __init__(self, **functions):
        self.functions = functions

    def __getattr__(self, name):
        function = self.functions[name]

        def call(*args):
            try:
                return function(*args)
            except NotImplementedError as exc:
                raise NotImplementedByStudent(str(exc)) from None
            except Exception as exc:  # noqa: BLE001 - mirrors the sandbox's translation
                raise StudentError(f"{name} raised {type(exc).__name__}: {exc}") from None

        return call


class Reference:
    @staticmethod
    def double(x):
        return 2 * x

    @staticmethod
    def pair(x):
        return x, x + 1


def test_does_call_explained_add_the_hint_to_the_error():
    student = FakeStudent(f=lambda x: 1 / 0)
    with pytest.raises(CheckFailure, match=r"(?s)f\(x\) failed:.*ZeroDivisionError.*hint: divide less"):
        call_explained(student.f, 1.0, call="f(x)", hint="divide less")


def test_does_check_tuple_name_the_expected_entries():
    assert check_tuple((1, 2), ("a", "b"), call="f()") == (1, 2)
    with pytest.raises(CheckFailure, match=r"must return a tuple \(a, b\)"):
        check_tuple([1, 2], ("a", "b"), call="f()")


def test_does_check_losses_explain_a_missing_initial_loss():
    assert check_losses([3.0, 2.0, 1.0], 2, call="train()", inputs={}).shape == (3,)
    with pytest.raises(CheckFailure, match="before the first step"):
        check_losses(np.ones(2), 2, call="train()", inputs={})


def test_does_check_losses_take_one_loss_per_epoch_without_an_initial_one():
    assert check_losses([3.0, np.float32(2.0)], 2, call="train()", inputs={}, initial=False).shape == (2,)
    with pytest.raises(CheckFailure, match="shape"):
        check_losses(np.ones(3), 2, call="train()", inputs={}, initial=False)
    with pytest.raises(CheckFailure, match=r"entry 1 is nan .*\nhint: the loss overflowed$"):
        check_losses([1.0, np.nan], 2, call="train()", inputs={}, initial=False, hint="the loss overflowed")


def test_does_blame_helpers_name_only_the_wrong_helpers():
    student = FakeStudent(double=lambda x: 3 * x, pair=lambda x: (x, x + 1))
    with pytest.raises(CheckFailure, match="builds on your double, and it does not match"):
        blame_helpers(CheckFailure("wrong"), student, Reference, {"double": (1.0,), "pair": (1.0,)}, user="f")


def test_does_blame_helpers_skip_helpers_that_are_not_written():
    def stub(x):
        raise NotImplementedError("task double")

    student = FakeStudent(double=stub, pair=lambda x: (x, x + 1))
    with pytest.raises(CheckFailure, match="^wrong$"):
        blame_helpers(CheckFailure("wrong"), student, Reference, {"double": (1.0,), "pair": (1.0,)}, user="f")
