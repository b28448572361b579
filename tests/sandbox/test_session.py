"""Does the sandbox run student cells like a notebook, contain their failures and keep secrets?"""

from __future__ import annotations

import signal

import numpy as np
import pytest
import torch

from autograder.sandbox.process import Limits, describe_exit
from autograder.sandbox.session import CallFailure, StudentSession
from autograder.sandbox.wire import Fixture, StudentRef
from tests.conftest import ROOT

LIMITS = Limits(call_seconds=2, cell_seconds=2, submission_seconds=60, output_chars=1000)


def session(*cells: str, limits: Limits = LIMITS) -> StudentSession:
    s = StudentSession(list(enumerate(cells, start=1)), limits=limits, protected=[ROOT / "solutions"],
                       course_root=ROOT)
    s.run_cells()
    return s


def test_do_later_cells_run_after_a_cell_raises():
    with session("x = 1", "1 / 0", "y = x + 1\ndef get():\n    return y") as s:
        statuses = [run.status for run in s.cell_runs]
        assert statuses == ["ok", "error", "ok"]
        assert "ZeroDivisionError" in s.cell_runs[1].error
        assert 'File "<cell 2>"' in s.cell_runs[1].traceback
        assert s.call("get").value == 2


def test_is_a_syntax_error_reported_with_its_line():
    with session("def f(:\n  pass") as s:
        run = s.cell_runs[0]
        assert run.status == "error" and "SyntaxError" in run.error and "line 1" in run.error


def test_is_sys_exit_in_a_cell_recorded_not_fatal():
    with session("import sys\nsys.exit(3)", "z = 5\ndef get():\n    return z") as s:
        assert s.cell_runs[0].status == "error" and "sys.exit(3)" in s.cell_runs[0].error
        assert s.call("get").value == 5


def test_does_a_hanging_cell_time_out_and_the_rest_still_run():
    with session("a = 1", "while True:\n    pass", "def get():\n    return a") as s:
        assert [run.status for run in s.cell_runs] == ["ok", "timeout", "ok"]
        assert s.call("get").value == 1


def test_does_a_cell_that_kills_python_cost_only_that_cell():
    with session("a = 2", "import os\nos._exit(7)", "def get():\n    return a") as s:
        assert s.cell_runs[1].status == "crashed" and "status 7" in s.cell_runs[1].error
        assert s.call("get").value == 2


def test_is_printed_output_captured_and_truncated():
    with session("print('x' * 100_000)") as s:
        output = s.cell_runs[0].output
        assert len(output) < 1200 and "more characters of output were dropped" in output


def test_are_ipython_magics_ignored():
    with session("%matplotlib inline\n!pip install nothing\nvalue = 3") as s:
        assert s.cell_runs[0].status == "ok"


def test_does_a_hung_call_time_out_then_later_calls_still_work():
    with session("def spin():\n    while True:\n        pass\ndef one():\n    return 1") as s:
        with pytest.raises(CallFailure) as failure:
            s.call("spin")
        assert failure.value.kind == "timeout"
        assert s.call("one").value == 1  # a fresh child replayed the cells
        assert s.restarts == 1
        with pytest.raises(CallFailure, match="not called again"):
            s.call("spin")


def test_does_a_crash_in_a_call_cost_only_that_call():
    with session("import os\ndef die():\n    os._exit(1)\ndef one():\n    return 1") as s:
        with pytest.raises(CallFailure) as failure:
            s.call("die")
        assert failure.value.kind == "crashed"
        assert s.call("one").value == 1


def test_does_the_memory_limit_stop_a_huge_allocation():
    limits = Limits(call_seconds=5, cell_seconds=5, memory_mb=256)
    with session("import numpy as np\ndef hog():\n    return np.ones((10_000, 10_000)).sum()", limits=limits) as s:
        with pytest.raises(CallFailure) as failure:
            s.call("hog")
        assert failure.value.kind == "memory"


def test_are_the_solutions_unreadable_from_student_code():
    secret = ROOT / "solutions" / "a1" / "solution.py"
    with session(f"def peek():\n    return open({str(secret)!r}).read()",
                 "import os\ndef listing():\n    return os.listdir(" + repr(str(ROOT / "solutions")) + ")",
                 "def imp():\n    import solutions\n    return 1") as s:
        for name in ("peek", "listing"):
            with pytest.raises(CallFailure) as failure:
                s.call(name)
            assert failure.value.kind == "forbidden"
        with pytest.raises(CallFailure) as failure:
            s.call("imp")
        assert failure.value.error_type == "ModuleNotFoundError"


def test_are_processes_and_network_refused():
    with session("import subprocess, socket\n"
                 "def run():\n    return subprocess.run(['true'])\n"
                 "def connect():\n    socket.create_connection(('127.0.0.1', 9))") as s:
        for name in ("run", "connect"):
            with pytest.raises(CallFailure) as failure:
                s.call(name)
            assert failure.value.kind == "forbidden", name


def test_does_a_call_report_arguments_changed_in_place():
    with session("def scale(X):\n    X *= 2\n    return X.sum()") as s:
        result = s.call("scale", (np.ones(3),))
        assert result.value == 6.0 and result.mutated == ["0"]


def test_can_the_grader_pass_public_fixtures_and_student_functions():
    with session("def apply(fun, x):\n    return fun(x)\ndef square(x):\n    return x * x") as s:
        grad = s.call("apply", (Fixture("quadratic_gradient", {"A": np.eye(2), "b": np.ones(2)}), np.zeros(2)))
        np.testing.assert_array_equal(grad.value, [-1.0, -1.0])
        assert s.call("apply", (StudentRef("square"), 3.0)).value == 9.0


def test_does_backward_return_gradients_of_the_requested_arguments():
    with session("def cube(x):\n    return x ** 3") as s:
        x = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
        result = s.call("cube", (x,), backward={"wrt": [0]})
        np.testing.assert_allclose(result.grads[0], [3.0, 12.0])


def test_is_autograd_refused_when_forbidden_even_if_imported_early():
    with session("import torch\nfrom torch.autograd import grad\n"
                 "def sneaky(x):\n    x = x.clone().requires_grad_(True)\n    return grad((x ** 2).sum(), x)[0]\n"
                 "def sneaky_func(x):\n    return torch.func.grad(lambda t: (t ** 2).sum())(x)") as s:
        x = torch.tensor([1.0, 2.0], dtype=torch.float64)
        np.testing.assert_allclose(s.call("sneaky", (x,)).value, [2.0, 4.0])  # allowed by default
        for name in ("sneaky", "sneaky_func"):
            with pytest.raises(CallFailure) as failure:
                s.call(name, (x,), forbid_autograd=True)
            assert failure.value.kind == "forbidden", name


def test_does_a_missing_function_say_so():
    with session("x = 1") as s:
        with pytest.raises(CallFailure) as failure:
            s.call("f_numpy")
        assert failure.value.kind == "missing" and "does not define f_numpy" in failure.value.message


def test_does_the_submission_time_limit_stop_further_calls():
    limits = Limits(call_seconds=1, cell_seconds=1, submission_seconds=1.0)
    with session("def spin():\n    while True:\n        pass\ndef one():\n    return 1", limits=limits) as s:
        with pytest.raises(CallFailure):
            s.call("spin")
        with pytest.raises(CallFailure, match="total time limit"):
            s.call("one")


def test_may_student_code_write_only_in_its_own_directory(tmp_path):
    outside = tmp_path / "results.json"
    with session("import os, tempfile\n"
                 "def scratch():\n    open('notes.txt', 'w').write('x')\n"
                 "    tempfile.NamedTemporaryFile().close()\n    return open('notes.txt').read()\n"
                 f"def tamper():\n    open({str(outside)!r}, 'w').write('{{}}')\n"
                 f"def rename():\n    open('a', 'w').close()\n    os.rename('a', {str(outside)!r})\n"
                 f"def course():\n    open({str(ROOT / 'assignments' / 'a1' / 'spec.toml')!r}, 'a').write('#')\n") as s:
        assert s.call("scratch").value == "x"
        for name in ("tamper", "rename", "course"):
            with pytest.raises(CallFailure) as failure:
                s.call(name)
            assert failure.value.kind == "forbidden", name
    assert not outside.exists()


@pytest.mark.parametrize("exitcode, words", [(-signal.SIGKILL, "too much memory"), (-signal.SIGSEGV, "segmentation"),
                                             (-signal.SIGUSR1, "SIGUSR1"), (3, "status 3"), (None, "stopped answering")])
def test_does_a_dead_child_get_a_sentence_a_student_can_read(exitcode, words):
    assert words in describe_exit(exitcode)
