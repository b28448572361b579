"""Does a Call carry its inputs into every message, and hand fixtures to each side correctly?"""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks.compare import CheckFailure
from autograder.sandbox.wire import Fixture, StudentRef
from autograder.student import LocalCalls, Student, StudentError
from autograder.testkit import AuthoringError, Call, Shown, handed, results, student_function


def student_with(**functions) -> Student:
    return Student(LocalCalls(dict(functions)))


def test_text_names_the_function_and_its_inputs_in_order():
    call = Call("step", w=np.array([1.0, 2.0]), lr=0.1)
    assert call.text == "step(w, lr)"
    assert call.describe().splitlines() == ["step(w, lr)", "  w = array of shape (2,), float64: [1., 2.]",
                                            "  lr = 0.1"]


def test_a_tensor_input_is_sent_as_is_and_shown_as_the_array_it_holds():
    torch = pytest.importorskip("torch")
    z = torch.arange(20, dtype=torch.float64)
    call = Call("sigmoid", z=z)
    assert call.args[0] is z
    assert "z = array of shape (20,), float64: [ 0.,  1.,  2., ..., 17., 18., 19.]" in call.describe()


def test_shown_inputs_are_described_by_their_text_as_given_and_sent_as_their_value():
    call = Call("f", grad=Shown(3.0, "x -> 2x"), g=student_function("g"))
    assert call.args == (3.0, StudentRef("g"))
    assert call.describe().splitlines()[1:] == ["  grad = x -> 2x", "  g = your g"]  # descriptions, not strings


def test_a_fixture_is_a_marker_for_the_student_and_a_callable_for_the_reference():
    grad = handed("quadratic_gradient", A=[[2.0]], b=[0.0])
    call = Call("descend", grad=grad, x=np.array([3.0]))
    assert isinstance(call.args[0], Fixture)
    assert call.apply(lambda g, x: g(x)).tolist() == [6.0]
    assert "  grad = quadratic_gradient(A=[[2.0]], b=[0.0])\n" in call.describe()


def test_run_calls_the_student_function_with_the_inputs_in_order():
    student = student_with(sub=lambda a, b: a - b)
    assert Call("sub", a=5.0, b=2.0).run(student) == 3.0


def test_an_error_in_student_code_becomes_a_failure_with_the_hint_when_one_is_given():
    def broken(x):
        raise ValueError("shapes do not match")

    student = student_with(f=broken)
    with pytest.raises(StudentError):
        Call("f", x=1.0).run(student)
    with pytest.raises(CheckFailure) as failure:
        Call("f", x=1.0).run(student, hint="X has one row per point")
    message = str(failure.value)
    assert message.startswith("f(x)\n  x = 1.0\nraised an error: f raised ValueError: shapes do not match")
    assert message.endswith("hint: X has one row per point")


def test_but_replaces_inputs_and_renamed_keeps_them():
    call = Call("f", x=1.0, y=2.0)
    assert call.but(y=5.0).args == (1.0, 5.0)
    assert call.renamed("grad_f").text == "grad_f(x, y)"


def train(X, y, *, lr, epochs=1):
    return X - lr * epochs * y


def test_keyword_inputs_are_passed_by_name_to_the_student_and_to_apply():
    call = Call("train", X=np.array([1.0]), y=np.array([2.0])).with_keywords(lr=0.5, epochs=3)
    assert call.args == (call.inputs["X"], call.inputs["y"]) and call.kwargs == {"lr": 0.5, "epochs": 3}
    assert Call("train", X=1.0, y=2.0).with_keywords(lr=0.5, epochs=3).run(student_with(train=train)) == -2.0
    assert call.apply(train).tolist() == [-2.0]


def test_keyword_inputs_are_shown_in_the_text_and_every_input_in_messages():
    call = Call("train", X=1.0, y=2.0).with_keywords(lr=0.5, epochs=3)
    assert call.text == "train(X, y, lr=…, epochs=…)"
    assert call.describe().splitlines()[1:] == ["  X = 1.0", "  y = 2.0", "  lr = 0.5", "  epochs = 3"]


def test_but_and_renamed_keep_which_inputs_are_keywords():
    call = Call("train", X=1.0, y=2.0).with_keywords(lr=0.5)
    changed = call.but(lr=0.1, X=3.0)
    assert changed.args == (3.0, 2.0) and changed.kwargs == {"lr": 0.1}
    assert changed.run(student_with(train=train)) == 2.8
    assert call.renamed("fit").text == "fit(X, y, lr=…)"


def test_a_keyword_that_is_already_an_input_or_reserved_is_refused():
    with pytest.raises(AuthoringError, match="lr is already an input"):
        Call("train", X=1.0, lr=0.1).with_keywords(lr=0.5)
    with pytest.raises(AuthoringError, match="forbid_autograd is already an input or reserved"):
        Call("train", X=1.0).with_keywords(forbid_autograd=True)


@pytest.mark.parametrize("name", ["", "not a name", "class", 3])
def test_a_bad_function_name_is_refused_when_the_call_is_built(name):
    with pytest.raises(AuthoringError, match="function must be the name"):
        Call(name, x=1)


def test_an_unknown_fixture_is_refused_when_it_is_handed():
    with pytest.raises(AuthoringError, match="no fixture named 'quadratik'"):
        handed("quadratik", A=[[1.0]])
    with pytest.raises(AuthoringError, match="cannot be built from"):
        handed("quadratic", A=[[1.0]])


def test_shown_needs_a_description():
    with pytest.raises(AuthoringError, match="non-empty string"):
        Shown(1.0, "")


class BatchingCalls(LocalCalls):
    """Local calls that also batch, as the sandbox does, and count the batches."""

    batches: list[int] = []

    def call_many(self, function, calls, **options):
        self.batches.append(len(calls))
        return [self.call(function, args, kwargs, **options) for args, kwargs in calls]


def test_do_results_run_the_calls_of_one_function_in_order_in_one_batch():
    seen = []
    calls = [Call("scale", x=np.array([1.0, 2.0]), by=float(i)).with_keywords(shift=i) for i in range(4)]
    transport = BatchingCalls({"scale": lambda x, by, *, shift: seen.append(by) or x * by + shift})
    got = results(Student(transport), calls)
    assert transport.batches == [4] and seen == [0.0, 1.0, 2.0, 3.0]
    assert [r.value.tolist() for r in got] == [[0.0, 0.0], [2.0, 3.0], [4.0, 6.0], [6.0, 9.0]]
    assert results(Student(transport), []) == [] and transport.batches == [4]
    with pytest.raises(AuthoringError, match="one function"):
        results(Student(transport), [calls[0], calls[0].renamed("shift")])
