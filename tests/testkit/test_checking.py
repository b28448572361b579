"""Do the one-line checks compare, explain and refuse badly written tests as promised?"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from autograder.checks.compare import CheckFailure
from autograder.checks.tolerances import FLOAT32
from autograder.student import LocalCalls, Student
from autograder.testkit import (
    AuthoringError, Call, by_hand, check_call, check_finite_differences, check_layout, check_op, check_reproducible,
    check_result, check_unchanged, draws, examples, given, per_layer, st)
from autograder.testrun.profile import grading_profile

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


def test_the_mistake_models_of_a_tuple_run_only_once_a_part_has_failed():
    """Correct work costs no mistake model; a failure runs each model once, whatever the number of parts."""
    runs = []

    def negated(x):
        runs.append("negated")
        return (-x, -2 * x, 3 * x)

    call = Call("split", x=np.array([1.0, 2.0]))
    right = (np.array([1.0, 2.0]), np.array([2.0, 4.0]), np.array([3.0, 6.0]))
    check_result(call, right, lambda x: (x, 2 * x, 3 * x), parts=("a", "b", "c"), mistakes={"negated": negated})
    assert runs == []
    wrong = (np.array([-1.0, -2.0]), np.array([-2.0, -4.0]), np.array([3.0, 6.0]))
    with pytest.raises(CheckFailure, match="hint: negated"):
        check_result(call, wrong, lambda x: (x, 2 * x, 3 * x), parts=("a", "b", "c"), mistakes={"negated": negated})
    assert runs == ["negated"]


def test_dict_results_are_compared_entry_by_entry():
    call = Call("paths", n=2)
    expected = {"sgd": np.array([1.0, 0.5]), "adam": np.array([1.0, 0.9])}
    check_result(call, {"adam": np.array([1.0, 0.9]), "sgd": np.array([1.0, 0.5])}, expected, parts=("sgd", "adam"))
    with pytest.raises(CheckFailure, match=r"returned \['adam'\]"):
        check_result(call, {"adam": np.array([1.0, 0.8]), "sgd": np.array([1.0, 0.5])}, expected,
                     parts=("sgd", "adam"))
    with pytest.raises(CheckFailure, match=r"a dict with the keys \['sgd'\]"):
        check_result(call, {"sgd": np.array([1.0, 0.5])}, expected, parts=("sgd", "adam"))


LAYERS = [(np.array([[1.0]]), np.array([2.0])), (np.array([[3.0]]), np.array([4.0]))]


def test_nested_results_are_compared_array_by_array_and_a_failure_names_the_layer():
    call = Call("forward", X=np.ones(1))
    expected = (np.array([5.0]), LAYERS)
    check_result(call, expected, expected, parts=("S", per_layer("cache", ("H", "Z"))))
    wrong = (np.array([5.0]), [LAYERS[0], (np.array([[3.0]]), np.array([9.0]))])
    with pytest.raises(CheckFailure, match=r"forward\(X\), returned part 1, cache\[1\]\[1\] \(Z of layer 2\)"):
        check_result(call, wrong, expected, parts=("S", per_layer("cache", ("H", "Z"))))


def test_a_nested_result_of_the_wrong_structure_says_what_came_back_and_what_was_expected():
    call = Call("forward", X=np.ones(1))
    expected = (np.array([5.0]), LAYERS)
    with pytest.raises(CheckFailure, match=r"returned cache = \[\(array(.|\n)*expected a list of 2 \(H, Z\) pairs, "
                                           "one per layer"):
        check_result(call, (np.array([5.0]), LAYERS[:1]), expected, parts=("S", per_layer("cache", ("H", "Z"))))
    with pytest.raises(CheckFailure, match=r"expected a list of 2 \(W, b\) pairs"):
        check_layout(call, [LAYERS[0][0], LAYERS[1][0]], per_layer("params"), layers=2)
    assert check_layout(call, LAYERS, per_layer("params"), layers=2) is LAYERS
    assert check_layout(call, (LAYERS, 0.5), (per_layer("params"), "loss")) == (LAYERS, 0.5)  # any number of layers
    with pytest.raises(CheckFailure, match=r"expected a list of \(W, b\) pairs"):
        check_layout(call, ([(1.0,)], 0.5), (per_layer("params"), "loss"))


def test_per_layer_down_compares_the_last_layer_first():
    call = Call("backward", dS=np.ones(1))
    every_layer_wrong = [(W + 1, b) for W, b in LAYERS]
    with pytest.raises(CheckFailure, match=r"returned grads\[1\]\[0\] \(dW of layer 2\)"):
        check_result(call, every_layer_wrong, LAYERS, parts=per_layer("grads", ("dW", "db"), down=True))
    with pytest.raises(CheckFailure, match=r"returned grads\[0\]\[0\] \(dW of layer 1\)"):
        check_result(call, every_layer_wrong, LAYERS, parts=per_layer("grads", ("dW", "db")))


def test_order_compares_the_named_parts_first_and_a_nested_mistake_must_explain_every_array():
    call = Call("step", p=np.ones(1))
    expected = (LAYERS, LAYERS)
    got = ([(W + 1, b) for W, b in LAYERS], [(W, b + 1) for W, b in LAYERS])
    both = per_layer("params"), per_layer("velocities")
    with pytest.raises(CheckFailure, match=r"returned part 1, velocities\[0\]\[1\](.|\n)*hint: shifted"):
        check_result(call, got, expected, parts=both, order=("velocities",), mistakes={"shifted": lambda p: got})
    with pytest.raises(CheckFailure) as failure:
        check_result(call, got, expected, parts=both, mistakes={"half": lambda p: (got[0], LAYERS)})
    assert "returned part 0, params[0][0]" in str(failure.value) and "hint: half" not in str(failure.value)


def layer_loss(params):
    """A scalar loss of per-layer (W, b) pairs: sum over layers of sum(W**2) + 3 sum(b)."""
    return sum(float(np.sum(W**2) + 3 * np.sum(b)) for W, b in params)


def test_finite_differences_check_every_array_of_a_nested_gradient_and_name_the_wrong_one():
    call = Call("grad", params=LAYERS)
    right = [(2 * W, np.full_like(b, 3.0)) for W, b in LAYERS]
    check_finite_differences(call, right, layer_loss, LAYERS, parts=per_layer("grads", ("dW", "db")))
    wrong = [right[0], (right[1][0], np.zeros(1))]
    forgot = "the constant 3 is missing"
    with pytest.raises(CheckFailure, match=r"grad\(params\), returned grads\[1\]\[1\] \(db of layer 2\), for the "
                                           r"toy loss\n(.|\n)*finite differences(.|\n)*hint: the constant 3"):
        check_finite_differences(call, wrong, layer_loss, LAYERS, parts=per_layer("grads", ("dW", "db")),
                                 of="the toy loss", mistakes={forgot: lambda ps: [(2 * W, 0 * b) for W, b in ps]})
    with pytest.raises(CheckFailure, match=r"expected a list of 2 \(dW, db\) pairs"):
        check_finite_differences(call, right[:1], layer_loss, LAYERS, parts=per_layer("grads", ("dW", "db")))


def test_finite_differences_of_a_single_array():
    x = np.array([0.5, -1.0])
    check_finite_differences(Call("grad_f", x=x), np.cos(x), lambda v: np.sum(np.sin(v)), x)
    with pytest.raises(CheckFailure, match=r"grad_f\(x\)\n(.|\n)*disagrees with central finite differences"):
        check_finite_differences(Call("grad_f", x=x), np.sin(x), lambda v: np.sum(np.sin(v)), x)


def test_check_reproducible_names_the_first_array_that_differs_between_two_runs():
    call = Call("train", seed=0)
    first, again = (LAYERS, np.array([1.0, 0.5])), (LAYERS, np.array([1.0, 0.5]))
    assert check_reproducible(call, first, again, parts=(per_layer("params"), "losses")) is first
    shuffled = ([LAYERS[0], (LAYERS[1][0], np.array([7.0]))], np.array([1.0, 0.6]))
    with pytest.raises(CheckFailure, match=r"train\(seed\)\n  seed = 0\nreturned different results when called twice "
                                           r"with the same inputs; part 1 \(losses\) was\n  first call:  array(.|\n)*"
                                           r"second call: array(.|\n)*hint: seed it"):
        check_reproducible(call, first, shuffled, parts=(per_layer("params"), "losses"), order=("losses",),
                           hint="seed it")
    with pytest.raises(CheckFailure, match=r"part 0, params\[1\]\[1\] \(b of layer 2\) was"):
        check_reproducible(call, first, shuffled, parts=(per_layer("params"), "losses"))
    with pytest.raises(CheckFailure, match="the result was"):
        check_reproducible(call, np.zeros(2), np.ones(2))


def test_check_unchanged_names_the_input_changed_in_place_positional_or_keyword():
    def scale(X, *, out):
        X *= 2
        return X

    def scale_out(X, *, out):
        out[:] = 0
        return 2 * X

    call = Call("scale", X=np.ones(2)).with_keywords(out=np.ones(2))
    assert check_unchanged(student_with(scale=lambda X, *, out: 2 * X), call).value.tolist() == [2.0, 2.0]
    with pytest.raises(CheckFailure, match=r"scale\(X, out=…\)\n(.|\n)*changed its input X in place"):
        check_unchanged(student_with(scale=scale), call)
    with pytest.raises(CheckFailure, match="changed its input out in place.\nhint: keep out"):
        check_unchanged(student_with(scale=scale_out), call, hint="keep out")


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
    ({"parts": ("w", 3)}, "parts must be a sequence of part names"),
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


def test_check_op_refuses_keyword_inputs():
    with pytest.raises(AuthoringError, match="check_op differentiates positional inputs"):
        check_op(student_with(f=f_numpy), Call("f").with_keywords(x=np.ones(2)), forward=f_torch)


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


def test_draws_is_examples_and_given_in_one_and_draws_the_same_examples():
    """The examples of @draws(n, ...) are those of @examples(n) @given(...) on the same test."""
    seen = {"draws": [], "both": []}

    def body(key):
        def test(x):
            seen[key].append(x)
        return test

    with grading_profile():
        draws(5, x=st.integers(0, 10**6))(body("draws"))()
        examples(5)(given(x=st.integers(0, 10**6))(body("both")))()
    assert len(seen["draws"]) == 5 and seen["draws"] == seen["both"]
    with pytest.raises(AuthoringError, match="at least one argument"):
        draws(5)
