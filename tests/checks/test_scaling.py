"""Is vectorization judged by how the student's Python-level work grows with the batch?

The functions run in this process through the same call path as in the sandbox
(``LocalCalls`` → ``child.answer_call``), compiled as notebook cells are, so the
line counts are the ones the grader sees. Counts are exact: nothing is timed.
"""

import numpy as np
import pytest

from autograder.checks import CheckFailure, check_vectorized
from autograder.checks.scaling import lines_run
from autograder.student import LocalCalls, NotImplementedByStudent, Student

LOOP_OVER_ROWS = """
def f(X):
    out = np.empty(len(X))
    for i in range(len(X)):
        out[i] = np.sin(X[i, 0]) * np.cos(X[i, 1])
    return out
"""

GENERATOR_OVER_TERMS = """
def f(X):
    return sum(np.sin(c * X[:, 0]) * np.cos(c * X[:, 1]) for c in (1.0, 0.5))
"""

WHILE_OVER_ROWS_BY_RECURSION = """
def f(X):
    if len(X) == 0:
        return np.zeros(0)
    return np.concatenate([[X[0, 0] + X[0, 1]], f(X[1:])])
"""

LOOP_WITH_UNKNOWN_TRIP_COUNT = """
def f(X):
    k = 0
    while k < 3:  # the scan cannot tell this runs three times; the count can
        X = X + 1.0
        k += 1
    return X[:, 0]
"""

MAP_OVER_ROWS_IN_C = """
def f(X):
    return np.array(list(map(float, X[:, 0])))
"""


def student_with(source):
    namespace = {"np": np}
    exec(compile(source, "<cell 1>", "exec"), namespace)  # noqa: S102 - the test's own code
    return Student(LocalCalls(namespace)), [(1, source)]


def test_a_loop_over_the_rows_fails_with_the_counts_and_the_loop():
    student, code = student_with(LOOP_OVER_ROWS)
    with pytest.raises(CheckFailure) as failure:
        check_vectorized(code, student.f, np.ones((3, 2)))
    message = str(failure.value)
    assert "grows with the batch" in message
    assert "for a batch of 4 rows" in message and "for 40 rows" in message
    assert "a for loop over `range(len(X))` in f (cell 1, line 4)" in message


def test_a_generator_over_the_two_terms_passes():
    student, code = student_with(GENERATOR_OVER_TERMS)
    check_vectorized(code, student.f, np.ones((3, 2)))


def test_a_loop_the_scan_flags_but_that_does_not_grow_passes():
    student, code = student_with(LOOP_WITH_UNKNOWN_TRIP_COUNT)
    check_vectorized(code, student.f, np.ones((3, 2)))


def test_recursion_over_the_rows_fails_though_no_loop_is_written():
    student, code = student_with(WHILE_OVER_ROWS_BY_RECURSION)
    with pytest.raises(CheckFailure, match="no loop statement in the source"):
        check_vectorized(code, student.f, np.ones((3, 2)))


def test_a_looping_call_that_runs_no_python_lines_is_still_reported():
    student, code = student_with(MAP_OVER_ROWS_IN_C)
    with pytest.raises(CheckFailure, match=r"map\(\)"):
        check_vectorized(code, student.f, np.ones((3, 2)))


def test_counts_are_exact_and_repeatable():
    student, _ = student_with(LOOP_OVER_ROWS)
    counts = {lines_run(student.f, (np.ones((n, 2)),)) for _ in range(3) for n in (5,)}
    assert len(counts) == 1
    assert lines_run(student.f, (np.ones((6, 2)),)) - counts.pop() == 2  # two lines per extra row


def test_code_that_switches_the_counter_off_is_judged_by_the_scan():
    source = "import sys\n\ndef f(X):\n    sys.settrace(None)\n    return np.array([x for x in X[:, 0]])\n"
    student, code = student_with(source)
    assert lines_run(student.f, (np.ones((4, 2)),)) is None
    with pytest.raises(CheckFailure, match="a comprehension over `X\\[:, 0\\]`"):
        check_vectorized(code, student.f, np.ones((3, 2)))


def test_a_stub_earns_nothing_for_being_loop_free():
    student, code = student_with("def f(X):\n    raise NotImplementedError('task f')\n")
    with pytest.raises(NotImplementedByStudent, match="not implemented"):
        check_vectorized(code, student.f, np.ones((3, 2)))


def test_the_count_survives_the_graders_check_of_the_reply_and_nothing_else_does():
    from autograder.sandbox.wire import check_reply

    assert check_reply({"ok": True, "mutated": [], "lines": 12})["lines"] == 12
    for hostile in ("12", 2**60, True, [1], -5):
        assert "lines" not in check_reply({"ok": True, "mutated": [], "lines": hostile})
