"""Do batched calls (StudentSession.call_many) behave exactly as the same calls made one at a time?

Each scenario runs twice, in two fresh sessions: once with ``call`` in a loop that stops at the
first failure, once with ``call_many``; the results, the failure (kind, type, message), the
calls the student's code saw and the session's state afterwards must be the same.
"""

from __future__ import annotations

import numpy as np
import pytest

from autograder.sandbox.process import Limits
from autograder.sandbox.session import CallFailure, StudentSession
from autograder.student import Student, StudentError, StudentTimeout
from tests.conftest import ROOT

LIMITS = Limits(call_seconds=2, cell_seconds=5, submission_seconds=60, output_chars=1000)

CODE = """
import numpy as np
seen = []

def square(x):
    return x * x

def count(x):
    seen.append(x)
    print("call", len(seen))
    return x

def history():
    return list(seen)

def double_in_place(a):
    a *= 2
    return float(a.sum())

def fragile(x):
    seen.append(x)
    if x == 3:
        raise ValueError(f"three is not allowed ({len(seen)} calls)")
    return x + 1

def spin_at(x):
    seen.append(x)
    if x == 2:
        while True:
            pass
    return x

def crash_at(x):
    seen.append(x)
    if x == 2:
        import os
        os._exit(9)
    return x

def returns(x):
    return [np.arange(x), {"n": x}, (x, float(x) / 3)]
"""


def session(limits: Limits = LIMITS) -> StudentSession:
    s = StudentSession([(1, CODE)], limits=limits, protected=[ROOT / "solutions"], course_root=ROOT)
    s.run_cells()
    return s


def one_at_a_time(s: StudentSession, function: str, calls: list) -> tuple[list, CallFailure | None]:
    results = []
    for args, kwargs in calls:
        try:
            results.append(s.call(function, args, kwargs))
        except CallFailure as failure:
            return results, failure
    return results, None


def batched(s: StudentSession, function: str, calls: list) -> tuple[list, CallFailure | None]:
    try:
        return s.call_many(function, calls), None
    except CallFailure as failure:
        return [], failure


def same(first, second) -> None:
    (results1, failure1), (results2, failure2) = first, second
    if failure1 is None:
        assert failure2 is None
        assert len(results1) == len(results2)
        for one, two in zip(results1, results2):
            assert repr(one.value) == repr(two.value)
            assert one.mutated == two.mutated and one.output == two.output and one.lines == two.lines
    else:
        assert failure2 is not None
        assert (failure1.kind, failure1.error_type, failure1.message, failure1.traceback, failure1.output) == (
            failure2.kind, failure2.error_type, failure2.message, failure2.traceback, failure2.output)


def compare(function: str, calls: list, *, before: list | None = None, limits: Limits = LIMITS) -> list:
    """Run the scenario both ways; the history of calls the child saw and the session's state must agree."""
    outcomes, histories, states = [], [], []
    for way in (one_at_a_time, batched):
        with session(limits) as s:
            for name, args in before or []:
                s.call(name, args)
            outcomes.append(way(s, function, calls))
            histories.append(s.call("history").value if s.remaining() > 0 else None)
            states.append((s.restarts, sorted(s._hung), sorted(s._repeated), [f for f, _ in s.call_usage]))
    same(*outcomes)
    assert histories[0] == histories[1]
    assert states[0] == states[1]
    return outcomes[1]


def test_are_the_results_of_a_batch_those_of_single_calls():
    results, failure = compare("returns", [((n,), None) for n in range(6)])
    assert failure is None and [r.value[1]["n"] for r in results] == list(range(6))
    results, _ = compare("square", [((np.arange(4.0) + n,), None) for n in range(5)] + [((), {"x": 3.0})])
    assert results[-1].value == 9.0


def test_does_a_stateful_function_see_the_same_calls():
    results, failure = compare("count", [((n,), None) for n in range(7)], before=[("count", (-1,))])
    assert failure is None and [r.value for r in results] == list(range(7))
    assert [r.output for r in results] == [f"call {n}\n" for n in range(3, 10)]  # count(-1) ran twice


def test_is_an_argument_changed_in_place_reported_for_each_call():
    results, _ = compare("double_in_place", [((np.ones(3) * (n + 1),), None) for n in range(4)],
                         before=[("double_in_place", (np.ones(1),))])
    assert all(r.mutated == ["0"] for r in results)


def test_does_an_exception_in_the_middle_stop_the_batch_there():
    _, failure = compare("fragile", [((n,), None) for n in range(6)], before=[("fragile", (10,))])
    assert failure.kind == "exception" and "three is not allowed (6 calls)" in failure.message


def test_does_a_time_out_in_the_middle_end_the_batch_with_that_call():
    _, failure = compare("spin_at", [((n,), None) for n in range(5)], before=[("spin_at", (9,))])
    assert failure.kind == "timeout" and "spin_at did not return within 2 s of CPU time" in failure.message


def test_does_a_crash_in_the_middle_end_the_batch_with_that_call():
    _, failure = compare("crash_at", [((n,), None) for n in range(5)], before=[("crash_at", (9,))])
    assert failure.kind == "crashed" and "crash_at" in failure.message


def test_is_the_first_call_of_a_function_still_run_twice():
    with session() as s:
        s.call_many("count", [((n,), None) for n in range(3)])
        assert "count" in s._repeated
        assert s.call("history").value == [0, 0, 1, 2]  # the first call ran twice (its two runs agreed)


def test_do_student_functions_offer_the_batch_with_the_same_errors():
    with session() as s:
        student = Student(s)
        assert student.square.map([(n,) for n in range(4)]) == [0, 1, 4, 9]
        with pytest.raises(StudentError, match="three is not allowed"):
            student.fragile.map([(n,) for n in range(5)])
        with pytest.raises(StudentTimeout, match="did not return"):
            student.spin_at.call_many([((n,), None) for n in range(4)])
