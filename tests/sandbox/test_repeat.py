"""Is a function whose result depends on randomness or the clock reported, and only such a function?"""

from __future__ import annotations

import numpy as np
import pytest

from autograder.sandbox.process import Limits
from autograder.sandbox.repeat import results_agree
from autograder.sandbox.session import CallFailure, StudentSession
from autograder.student import NondeterministicFunction, Student
from tests.conftest import ROOT

CELLS = """
import os, random, time
import numpy as np
import torch

def urandom_noise(x):
    return x + int.from_bytes(os.urandom(4), "little") / 2**32

def clock(x):
    return x + time.time() % 1

def unseeded_generator(x):
    return x + np.random.default_rng().normal(size=x.shape)

calls = []
def counts_calls(x):
    calls.append(1)
    return x + len(calls)

def global_numpy(x):
    return x + np.random.rand(*x.shape)

def global_python(x):
    return x + random.random()

def global_torch(x):
    return torch.as_tensor(x) + torch.rand(x.shape, dtype=torch.float64)

flips = []
def fails_every_other_call(x):
    flips.append(1)
    if len(flips) % 2 == 0:
        raise ValueError("every other call")
    return x

def deterministic(x):
    return x * 2
"""


@pytest.fixture(scope="module")
def submission():
    with StudentSession([(1, CELLS)], limits=Limits(call_seconds=5, cell_seconds=10), protected=[ROOT / "solutions"],
                        course_root=ROOT) as session:
        session.run_cells()
        yield session


@pytest.mark.parametrize("function", ["urandom_noise", "clock", "unseeded_generator", "counts_calls",
                                      "fails_every_other_call"])
def test_is_a_result_that_changes_between_two_calls_reported_as_nondeterministic(submission, function):
    with pytest.raises(NondeterministicFunction) as failure:
        getattr(Student(submission), function)(np.ones(3))
    assert failure.value.status == "failed"
    assert f"{function} is nondeterministic" in str(failure.value)
    with pytest.raises(CallFailure, match="is nondeterministic"):  # and stays so: a grade cannot vary
        submission.call(function, (np.ones(3),))


@pytest.mark.parametrize("function", ["global_numpy", "global_python", "global_torch", "deterministic"])
def test_do_seeded_global_generators_and_plain_code_pass_the_check(submission, function):
    first = submission.call(function, (np.ones(3),)).value
    assert np.asarray(first).shape == (3,)


def test_do_the_global_generators_go_on_after_a_repeated_call_as_after_a_single_one():
    cells = [(1, "import numpy as np\ndef draw():\n    return np.random.rand()")]
    values = []
    for check in (True, False):
        with StudentSession(cells, limits=Limits(), protected=[], course_root=ROOT) as session:
            session.check_repeats = check
            session.run_cells()
            values.append([session.call("draw").value for _ in range(3)])
    assert values[0] == values[1]
    assert len(set(values[0])) == 3  # the generator advances from call to call


def test_does_every_child_start_from_the_same_random_state():
    cells = [(1, "import random\nimport numpy as np\nimport torch\n"
                 "drawn = [random.random(), float(np.random.rand()), float(torch.rand(1))]\n"
                 "def get():\n    return drawn")]
    drawn = []
    for _ in range(2):
        with StudentSession(cells, limits=Limits(), protected=[], course_root=ROOT) as session:
            session.run_cells()
            drawn.append(session.call("get").value)
    assert drawn[0] == drawn[1]


def test_is_rounding_not_mistaken_for_randomness():
    a = np.linspace(0, 1, 50)
    assert results_agree(a, a + 1e-14)
    assert results_agree(a.astype(np.float32), (a + 1e-8).astype(np.float32))
    assert not results_agree(a, a + 1e-6)
    assert not results_agree(a, a[:-1])
    assert results_agree([a, {"k": 1.0}], [a.copy(), {"k": 1.0}])
    assert not results_agree([a, {"k": 1.0}], [a, {"k": 1.5}])


def test_do_notebook_self_checks_report_nondeterminism_as_the_grader_does():
    from autograder.selfcheck import TimedCalls

    namespace = {"__name__": "__main__"}
    exec(CELLS, namespace)
    calls = TimedCalls(namespace, 5)
    with pytest.raises(CallFailure) as failure:
        calls.call("urandom_noise", (np.ones(3),))
    assert failure.value.kind == "nondeterministic" and "urandom_noise is nondeterministic" in failure.value.message
    assert calls.call("global_numpy", (np.ones(3),)).value.shape == (3,)
