"""Do the one-line checks compare, explain and refuse badly written tests as promised?"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from autograder.checks.compare import CheckFailure
from autograder.checks.tolerances import FLOAT32
from autograder.student import LocalCalls, Student
from autograder.testkit import AuthoringError, Call, by_hand, check_call, check_op, check_result, examples

SQUARE_HINT = "you squared instead of doubling"


def student_with(**functions) -> Student:
    return Student(LocalCalls(dict(functions)))


def double(x):
    return 2 * x


def test_a_correct_result_passes_and_is_returned():
    student = student_with(double=double)
    x = np.array([1.0, -3.0])
    assert check_call(student, Call("double", x=x), double).tolist() == [2.0, -6.0]


def test_a_wrong_result_names_the_call_the_input_and_the_one_mistake_that_explains_it():
    student = student_with(double=lambda x: x**2)
    call = Call("double", x=np.array([3.0, 4.0]))
    with pytest.raises(CheckFailure) as failure:
        check_call(student, call, double, mistakes={SQUARE_HINT: lambda x: x**2, "you halved": lambda x: x / 2})
    message = str(failure.value)
    assert message.startswith("double(x)\n  x = array of shape (2,), float64: [3., 4.]")
    assert f"hint: {SQUARE_HINT}" in message


def test_no_hint_when_two_mistakes_explain_the_result_equally_well():
    student = student_with(double=lambda x: x**2)
    call = Call("double", x=np.array([2.0, 2.0]))  # 2 * 2 == 2 ** 2: the input cannot tell the two apart
    with pytest.raises(CheckFailure) as failure:
        check_call(student, call, lambda x: x + 1, mistakes={SQUARE_HINT: lambda x: x**2, "doubled": double})
    assert "hint: " + SQUARE_HINT not in str(failure.value)


def test_a_numpy_task_answered_with_a_tensor_fails_with_the_library_hint():
    call = Call("double", x=np.array([1.0]))
    with pytest.raises(CheckFailure, match="returned a torch.Tensor"):
        check_result(call, torch.tensor([2.0]), np.array([2.0]))


def test_tuples_are_compared_part_by_part_and_a_failure_names_the_part():
    call = Call("split", x=np.array([1.0, 2.0]))
    with pytest.raises(CheckFailure, match=r"split\(x\), returned part 1 \(v\)"):
        check_result(call, (np.array([1.0]), np.array([5.0])), (np.array([1.0]), np.array([2.0])), parts=("w", "v"))
    with pytest.raises(CheckFailure, match=r"expected a tuple of 2 values: \(w, v\)"):
        check_result(call, np.array([1.0]), (np.array([1.0]), np.array([2.0])), parts=("w", "v"))


def test_a_tuple_mistake_is_named_only_when_it_explains_every_part():
    call = Call("split", x=np.array([1.0, 2.0]))
    expected = (np.array([1.0, 2.0]), np.array([3.0, 4.0]))
    got = (np.array([-1.0, -2.0]), np.array([3.0, 4.0]))
    half = {"only the first part is negated": (np.array([-1.0, -2.0]), np.array([3.0, 4.0]))}
    other = {"both parts are negated": (np.array([-1.0, -2.0]), np.array([-3.0, -4.0]))}
    with pytest.raises(CheckFailure, match="hint: only the first part is negated"):
        check_result(call, got, expected, parts=("a", "b"), mistakes=half)
    with pytest.raises(CheckFailure) as failure:
        check_result(call, got, expected, parts=("a", "b"), mistakes=other)
    assert "both parts are negated" not in str(failure.value)


def test_dict_results_are_compared_entry_by_entry():
    call = Call("paths", n=2)
    expected = {"sgd": np.array([1.0, 0.5]), "adam": np.array([1.0, 0.9])}
    check_result(call, {"adam": np.array([1.0, 0.9]), "sgd": np.array([1.0, 0.5])}, expected, parts=("sgd", "adam"))
    with pytest.raises(CheckFailure, match=r"returned \['adam'\]"):
        check_result(call, {"adam": np.array([1.0, 0.8]), "sgd": np.array([1.0, 0.5])}, expected,
                     parts=("sgd", "adam"))
    with pytest.raises(CheckFailure, match=r"a dict with the keys \['sgd'\]"):
        check_result(call, {"sgd": np.array([1.0, 0.5])}, expected, parts=("sgd", "adam"))


def test_a_float32_result_is_judged_at_float32_tolerance():
    call = Call("double", x=np.array([1.0 / 3.0]))
    check_result(call, np.array([2.0 / 3.0], dtype=np.float32), double)
    with pytest.raises(CheckFailure):
        check_result(call, np.array([2.0 / 3.0 + 1e-6]), double)  # float64: 1e-6 is a real difference
    check_result(call, np.array([2.0 / 3.0 + 1e-6]), double, tol=FLOAT32)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"mistakes": {"": double}}, "named by its hint"),
    ({"tol": 1e-6}, "tol must be a Tolerance"),
    ({"parts": "wv"}, "parts must be a sequence of part names"),
])
def test_a_badly_written_check_is_refused_before_anything_runs(kwargs, match):
    student = student_with()  # no function: the check must fail before it calls one
    with pytest.raises(AuthoringError, match=match):
        check_call(student, Call("double", x=1.0), double, **kwargs)


def test_an_expected_tuple_of_the_wrong_length_is_an_authoring_error():
    with pytest.raises(AuthoringError, match="has 1 parts but names lists 2"):
        check_result(Call("f", x=1.0), (1.0, 2.0), (1.0,), parts=("a", "b"))


def f_numpy(x):
    return np.sin(x) * x


def f_torch(x):
    return torch.sin(x) * x


def grad_f(x):
    return np.cos(x) * x + np.sin(x)


def test_check_op_checks_value_and_gradient_against_reference_and_torch():
    x = np.array([0.3, -1.2, 2.0])
    check_op(student_with(f=f_numpy, grad=grad_f), Call("f", x=x), forward=f_torch, reference=f_numpy,
             gradient="grad")


def test_check_op_names_a_wrong_gradient_and_its_known_mistake():
    x = np.array([0.3, -1.2, 2.0])
    hint = "the product rule needs both terms"
    student = student_with(f=f_numpy, grad=lambda x: np.cos(x) * x)
    with pytest.raises(CheckFailure, match=f"grad\\(x\\)(.|\n)*hint: {hint}"):
        check_op(student, Call("f", x=x), forward=f_torch, reference=f_numpy, gradient="grad",
                 gradient_mistakes={hint: lambda x: np.cos(x) * x})


def test_check_op_refuses_a_forward_that_is_not_the_reference():
    x = np.array([0.3, -1.2])
    with pytest.raises(AuthoringError, match="different functions"):
        check_op(student_with(f=f_numpy, grad=grad_f), Call("f", x=x), forward=torch.sin, reference=f_numpy,
                 gradient="grad")


def test_by_hand_runs_the_function_then_reads_its_source():
    code = "def g(x):\n    return 2 * x\n"
    by_hand(student_with(g=lambda x: 2 * x), code, Call("g", x=np.ones(2)))
    looped = "def g(x):\n    return np.array([2 * v for v in x])\n"
    with pytest.raises(CheckFailure, match="must be vectorized"):
        by_hand(student_with(g=lambda x: 2 * x), looped, Call("g", x=np.ones(2)), loops=False)
    library = "def g(w):\n    return torch.optim.Adam([w])\n"
    with pytest.raises(CheckFailure, match="must be written from scratch"):
        by_hand(student_with(g=lambda w: w), library, Call("g", w=np.ones(2)), from_scratch=("Adam",))


def test_by_hand_refuses_a_single_string_of_routines():
    with pytest.raises(AuthoringError, match="sequence of routine names"):
        by_hand(student_with(), "", Call("g", x=1.0), from_scratch="Adam")


@pytest.mark.parametrize("count", [0, -3, 2.5, True])
def test_examples_needs_a_positive_count(count):
    with pytest.raises(AuthoringError, match="positive int"):
        examples(count)


def test_examples_keeps_the_profile_and_sets_the_count():
    assert examples(7).max_examples == 7
