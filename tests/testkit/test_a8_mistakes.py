"""Does a8's generic problem tell every known mistake apart (from the answer and from each other)?

The checklist in docs/authoring.md asks for a distinguishing input per mistake: on the
``@example`` problem of each step test, every mistake model must give numbers that differ
from torch's and from every other model's at some step, or its hint could never be named.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from autograder.testing import grading_profile, load_module
from tests.conftest import ROOT

with grading_profile():
    HIDDEN = load_module(ROOT / "solutions" / "a8" / "hidden_tests.py", "a8_hidden_for_mistakes")

GENERIC = {
    "sgd_step": (HIDDEN.generic("sgd_step", lr=0.1, weight_decay=0.2), HIDDEN.SGD_MISTAKES),
    "momentum_step": (HIDDEN.generic("momentum_step", lr=0.1, beta=0.7, weight_decay=0.2), HIDDEN.MOMENTUM_MISTAKES),
    "nesterov_step": (HIDDEN.generic("nesterov_step", lr=0.1, beta=0.7, weight_decay=0.2), HIDDEN.NESTEROV_MISTAKES),
    "rmsprop_step": (HIDDEN.generic("rmsprop_step", lr=0.1, alpha=0.8, eps=0.01, weight_decay=0.2),
                     HIDDEN.RMSPROP_MISTAKES),
    "adam_step": (HIDDEN.generic("adam_step", lr=0.1, beta1=0.8, beta2=0.9, eps=0.01, weight_decay=0.2),
                  HIDDEN.adam_mistakes(coupled=True)),
    "adamw_step": (HIDDEN.generic("adamw_step", lr=0.1, beta1=0.8, beta2=0.9, eps=0.01, weight_decay=0.2),
                   HIDDEN.adam_mistakes(coupled=False)),
}


def flat(value):
    parts = value if isinstance(value, tuple) else (value,)
    return np.concatenate([np.ravel(np.asarray(p, dtype=float)) for p in parts])


@pytest.mark.parametrize("function", list(GENERIC))
def test_every_mistake_differs_from_the_answer_and_from_the_others(function):
    problem, mistakes = GENERIC[function]
    steps = list(HIDDEN.torch_steps(function, *problem))
    results = {hint: [flat(call.apply(model)) for call, _ in steps] for hint, model in mistakes.items()}
    results["torch"] = [flat(expected) for _, expected in steps]
    for (a, got_a), (b, got_b) in itertools.combinations(results.items(), 2):
        same = all(np.allclose(x, y, rtol=1e-6, atol=1e-9) for x, y in zip(got_a, got_b))
        assert not same, (function, a, b)


def test_the_hidden_tests_call_each_step_with_its_parameters_in_order():
    import inspect

    solution = load_module(ROOT / "solutions" / "a8" / "solution.py", "a8_solution_for_mistakes")
    for function, names in HIDDEN.HYPER.items():
        parameters = list(inspect.signature(getattr(solution, function)).parameters)
        assert parameters[-len(names):] == list(names), function
