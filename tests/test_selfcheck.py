"""Do the notebook self-checks run the same public tests, and stand down in the sandbox?

(Grading never happens in a kernel: nbgrader grades through the sandboxed grader, see
tests/test_nbgrader_grading.py.)
"""

from __future__ import annotations

import time

import numpy as np
import pytest
import torch

from autograder import authoring
from autograder.sandbox.session import CallFailure
from autograder.selfcheck import SANDBOX_ENV, SelfCheck, TimedCalls
from tests.conftest import ROOT


def namespace(variant):
    files_text = authoring.function_sources(ROOT / "solutions" / "a1" / "solution.py")
    ns = {"np": np, "torch": torch, "__name__": "__main__"}
    for source in files_text.values():
        code = source if variant == "solution" else authoring.stub_source(source, "t")
        exec(compile(code, "<test>", "exec"), ns)
    return ns


def test_do_the_solution_functions_pass_their_self_checks(capsys):
    assert SelfCheck("a1", directory=ROOT / "release" / "a1")("f_numpy", namespace("solution")) is True
    assert "Self-check f_numpy: 1 of 1 public checks passed" in capsys.readouterr().out


def test_do_stubs_report_not_implemented_without_raising(capsys):
    assert SelfCheck("a1", directory=ROOT / "release" / "a1")("row_dot", namespace("stub")) is False
    out = capsys.readouterr().out
    assert "0 of 1" in out and "not implemented" in out


def test_do_self_checks_stand_down_inside_the_sandbox(monkeypatch, capsys):
    monkeypatch.setenv(SANDBOX_ENV, "1")
    assert SelfCheck("a1")("f_numpy", {}) is None
    assert capsys.readouterr().out == ""


def test_does_a_hung_function_time_out_like_in_the_sandbox_and_not_run_again():
    ns = {"__name__": "__main__"}
    exec("def row_dot(X, Y):\n    while True:\n        pass", ns)
    calls = TimedCalls(ns, 0.3)
    for _ in range(2):
        started = time.monotonic()
        with pytest.raises(CallFailure) as failure:
            calls.call("row_dot", (np.ones((2, 2)), np.ones((2, 2))))
        assert failure.value.kind == "timeout" and "did not return within 0.3 s" in failure.value.message
    assert time.monotonic() - started < 0.2, "a function that hung once is not called again"
