"""Do the notebook self-checks run the same public tests, and stand down in the sandbox?"""

from __future__ import annotations

import numpy as np
import torch

from autograder import authoring
from autograder.selfcheck import SANDBOX_ENV, SelfCheck
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
