"""Can the grader drive student objects by handle in the sandbox, without ever receiving them?"""

from __future__ import annotations

import pytest

from autograder.sandbox.objects import Program, StaleHandle
from autograder.sandbox.process import Limits
from autograder.sandbox.session import CallFailure, StudentSession
from autograder.sandbox.wire import Handle, ProtocolError, check_reply
from autograder.student import LocalCalls, Student, StudentError
from tests.conftest import ROOT

LIMITS = Limits(call_seconds=2, cell_seconds=2, submission_seconds=60, output_chars=1000)

NUMBER = '''
class Number:
    def __init__(self, x):
        self.x = x
        self.calls = 0
    def __add__(self, other):
        other = other if isinstance(other, Number) else Number(other)
        return Number(self.x + other.x)
    def __radd__(self, other):
        return self + other
    def __truediv__(self, other):
        return Number(self.x / (other.x if isinstance(other, Number) else other))
    def double(self, times=1):
        self.calls += 1
        return Number(self.x * 2 ** times)
    def pair(self):
        return [self, Number(-self.x)]
'''

HOSTILE = '''
class Liar:
    """Every conversion a careless grader might use lies, raises or loops."""
    def __init__(self):
        self.data = self
    def __float__(self):
        return 42.0
    def __eq__(self, other):
        raise RuntimeError("no comparing me")
    def __hash__(self):
        while True:
            pass
    def __repr__(self):
        while True:
            pass

class BadGrad:
    @property
    def grad(self):
        return "a lot"

class Spinner:
    def __getattr__(self, name):
        while True:
            pass

class Raiser:
    def __getattr__(self, name):
        raise KeyError(name)

class Sub(float):
    def __float__(self):
        return 99.0
'''


def session(*cells: str, limits: Limits = LIMITS) -> StudentSession:
    s = StudentSession(list(enumerate(cells, start=1)), limits=limits, protected=[ROOT / "solutions"],
                       course_root=ROOT)
    s.run_cells()
    return s


def test_are_objects_built_combined_and_read_back_as_plain_data():
    with session(NUMBER) as s:
        program = Program("Number")
        a = program.new("Number", 1.5)
        total = program.op("add", a, program.new("Number", 2.0))
        reflected = program.op("add", 3, a)  # int + Number: Python's dispatch finds __radd__
        doubled = program.call(total, "double", times=2)
        x, calls = program.get(doubled, "x"), program.get(total, "calls")
        result = s.run_objects(program)
    assert isinstance(result[a], Handle) and result[a].type_name == "Number"
    assert result[x] == 14.0 and result[calls] == 1
    assert isinstance(result[reflected], Handle) and result[reflected] != result[a]


def test_do_handles_outlive_one_program_within_a_test_and_keep_identity():
    with session(NUMBER) as s:
        first = Program("Number")
        a = first.new("Number", 4.0)
        pair = first.call(a, "pair")
        made = s.run_objects(first)
        handle, items = made[a], made[pair]
        assert isinstance(items, list) and items[0] == handle  # the same object, the same number
        second = Program("Number")
        x = second.get(items[1], "x")
        assert s.run_objects(second)[x] == -4.0


def test_is_a_handle_from_an_earlier_test_refused():
    with session(NUMBER) as s:
        program = Program("Number")
        a = program.new("Number", 1.0)
        handle = s.run_objects(program)[a]
        s.release_handles()  # what the grader does before the next test
        later = Program("Number")
        later.get(handle, "x")
        with pytest.raises(StaleHandle):
            s.run_objects(later)
        forged = Program("Number")  # even a handle with the current scope names nothing any more
        forged.get(Handle(handle.id, "Number", s.handle_scope), "x")
        with pytest.raises(CallFailure, match="no object with handle"):
            s.run_objects(forged)


def test_does_a_failing_step_name_itself_and_its_error():
    with session(NUMBER) as s:
        program = Program("Number")
        program.op("truediv", program.new("Number", 1.0), 0)
        with pytest.raises(CallFailure) as failure:
            s.run_objects(program)
    assert failure.value.error_type == "ZeroDivisionError"
    assert "while running: (Number(1.0) / 0)" in failure.value.message


def test_is_a_missing_class_reported_as_missing():
    with session("x = 1") as s:
        program = Program("Value")
        program.new("Value", 1.0)
        with pytest.raises(CallFailure) as failure:
            s.run_objects(program)
    assert failure.value.kind == "missing" and "does not define Value" in failure.value.message


def test_does_a_lying_object_reach_the_grader_only_as_a_handle():
    with session(HOSTILE) as s:
        program = Program("Liar")
        liar = program.new("Liar")
        data = program.get(liar, "data")
        grad = program.get(program.new("BadGrad"), "grad")
        sub = program.new("Sub", 1.0)
        result = s.run_objects(program)  # no __eq__, __hash__, __repr__ or __float__ of theirs ran
    assert isinstance(result[data], Handle) and result[data] == result[liar]
    assert result[grad] == "a lot"  # plain data: the test decides it is not a number
    assert isinstance(result[sub], Handle) and result[sub].type_name == "Sub"


def test_does_an_attribute_lookup_that_raises_fail_the_step():
    with session(HOSTILE) as s:
        program = Program("Raiser")
        program.get(program.new("Raiser"), "grad")
        with pytest.raises(CallFailure) as failure:
            s.run_objects(program)
    assert failure.value.error_type == "KeyError" and ".grad" in failure.value.message


def test_does_a_looping_attribute_lookup_time_out_within_the_call_budget():
    with session(HOSTILE) as s:
        program = Program("Spinner")
        program.get(program.new("Spinner"), "grad")
        with pytest.raises(CallFailure) as failure:
            s.run_objects(program)
        assert failure.value.kind == "timeout" and "Spinner did not return" in failure.value.message
        again = Program("Spinner")
        again.new("Spinner")
        with pytest.raises(CallFailure, match="not called again"):
            s.run_objects(again)


def test_are_objects_of_a_replaced_child_gone():
    with session(NUMBER, "import os\ndef die():\n    os._exit(1)") as s:
        program = Program("Number")
        a = program.new("Number", 1.0)
        handle = s.run_objects(program)[a]
        with pytest.raises(CallFailure):
            s.call("die")
        later = Program("Number")
        later.get(handle, "x")
        with pytest.raises(CallFailure, match="objects made before it are gone"):
            s.run_objects(later)


@pytest.mark.parametrize("reply", [
    {"ok": True, "results": {"0": 1}},
    {"ok": True, "results": [{"__handle__": -1}]},
    {"ok": True, "results": [{"__handle__": True}]},
    {"ok": True, "results": [{"__handle__": "3"}]},
    {"ok": True, "results": [{"__handle__": 1.5}]},
])
def test_is_a_malformed_object_reply_refused(reply):
    from autograder.sandbox.objects import program_result

    program = Program("Value")
    program.new("Value", 1.0)
    with pytest.raises((ProtocolError, CallFailure)):
        program_result(program, check_reply(reply), 0)


def test_does_the_in_kernel_path_give_the_same_results_and_errors():
    namespace: dict = {}
    exec(NUMBER, namespace)
    student = Student(LocalCalls(namespace))
    program = Program("Number")
    x = program.get(program.op("add", 1, program.new("Number", 2.0)), "x")
    assert student.run_objects(program)[x] == 3.0
    failing = Program("Number")
    failing.op("truediv", failing.new("Number", 1.0), 0)
    with pytest.raises(StudentError, match="ZeroDivisionError"):
        student.run_objects(failing)


def test_does_a_new_test_release_the_previous_tests_objects():
    namespace: dict = {}
    exec(NUMBER, namespace)
    calls = LocalCalls(namespace)
    student = Student(calls)
    program = Program("Number")
    a = program.new("Number", 1.0)
    handle = student.run_objects(program)[a]
    student.current_test("test_next")
    later = Program("Number")
    later.get(handle, "x")
    with pytest.raises(StaleHandle):
        student.run_objects(later)
    assert not calls._table.objects


RANDOM_WEIGHT = '''
import random

class Weight:
    def __init__(self):
        self.data = random.uniform(-1, 1)

def draw():
    return random.random()
'''


def test_does_an_object_program_draw_the_same_numbers_whatever_ran_before():
    """Initial weights drawn by a student's class depend on the program alone, not on earlier calls."""
    def weight(s):
        program = Program("Weight")
        data = program.get(program.new("Weight"), "data")
        return s.run_objects(program)[data]

    with session(RANDOM_WEIGHT) as s:
        first = weight(s)
        s.call("draw")  # moves the child's global generator on
        again = weight(s)
    assert isinstance(first, float) and first == again
