"""Do the notebook self-checks run the same public tests, and stand down in the sandbox?

(Grading never happens in a kernel: nbgrader grades through the sandboxed grader, see
tests/test_nbgrader_grading.py.)
"""

from __future__ import annotations

import re
import shutil
import time

import numpy as np
import pytest
import torch

from autograder import authoring
from autograder.sandbox.session import CallFailure
from autograder.course import Course, UnknownAssignment
from autograder.release_folder import MissingReleaseFiles
from autograder.selfcheck import SANDBOX_ENV, SelfCheck, TimedCalls
from autograder.selfcheck_view import ProgressView, TaskView, message_html
from tests.conftest import ROOT

COURSE = Course(ROOT)


def namespace(variant):
    files_text = authoring.function_sources(ROOT / "solutions" / "a1" / "solution.py")
    ns = {"np": np, "torch": torch, "__name__": "__main__"}
    for source in files_text.values():
        code = source if variant == "solution" else authoring.stub_source(source, "t")
        exec(compile(code, "<test>", "exec"), ns)
    return ns


def test_do_the_solution_functions_pass_their_self_checks(capsys):
    solution = namespace("solution")
    solution["f_numpy"](np.ones((3, 2)))  # torch's first call starts it up: not part of the 2 s call limit
    assert SelfCheck("a1", directory=ROOT / "release" / "a1")("f_numpy", solution) is None
    out = capsys.readouterr().out
    assert "Self-check f_numpy: 1 of 1 public checks passed" in out and "[PASS] test_f_numpy_known_values" in out
    assert "False" not in out and "True" not in out  # nothing but the report: no Out: False


def test_do_stubs_report_not_implemented_without_raising(capsys):
    check = SelfCheck("a1", directory=ROOT / "release" / "a1").run("row_dot", namespace("stub"))
    assert (check.passed, check.all_passed, check.state) == (0, False, "not started"), check.results
    assert "not implemented" in check.results[0].message


def test_do_self_checks_stand_down_inside_the_sandbox(monkeypatch, capsys):
    monkeypatch.setenv(SANDBOX_ENV, "1")
    assert SelfCheck("a1")("f_numpy", {}) is None
    assert SelfCheck("a1").progress({}) is None
    assert capsys.readouterr().out == ""


def a3_namespace(**replaced):
    """The a3 reference with some functions replaced by (wrong) ones written here."""
    ns = {"__name__": "__main__"}
    exec(compile((ROOT / "solutions" / "a3" / "solution.py").read_text(encoding="utf-8"), "<a3>", "exec"), ns)
    for source in replaced.values():
        exec(compile(source, "<student>", "exec"), ns)
    return ns


SQUARED_NORMS = "def gradient_norms(grad, path):\n    G = grad(path)\n    return (G * G).sum(axis=-1)\n"


def test_does_a_squared_norm_get_the_graders_hint_in_the_self_check(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # a student folder: the release files only
    shutil.copytree(ROOT / "release" / "a3", tmp_path, dirs_exist_ok=True)
    check = SelfCheck("a3").run("gradient_norms", a3_namespace(gradient_norms=SQUARED_NORMS))
    (result,) = check.results
    assert result.status == "failed" and check.state == "failed"
    assert "hint: this is the squared norm: take the square root" in result.message
    text = str(TaskView(check))
    assert text.startswith("Self-check gradient_norms: 0 of 1 public checks passed\n  [FAILED] ")
    assert "expected: array of shape (2, 2)" in text and "largest error at index (1, 1)" in text
    page = TaskView(check)._repr_html_()
    assert 'class="ag-summary ag-fail"' in page and "Self-check gradient_norms: 0 of 1 public checks passed" in page
    assert '<div class="ag-hint"><b>Hint:</b> this is the squared norm' in page
    assert "<details><summary>show values</summary>" in page  # the (2, 2, 2) path is folded


def test_does_the_self_check_show_the_same_message_as_the_grader():
    from autograder.runner import grade_submission

    wrong = a3_namespace(gradient_norms=SQUARED_NORMS)
    mine = SelfCheck("a3", directory=ROOT / "release" / "a3").run("gradient_norms", wrong).results[0]
    graded = grade_submission(ROOT / "examples" / "a3" / "gradient_norms_squared.ipynb", course=COURSE,
                              visibilities=("public",))
    theirs = next(t for t in graded.tests if t.id == mine.id)
    assert (mine.status, mine.message) == (theirs.status, theirs.message)


def test_does_the_progress_view_show_every_task():
    wrong = a3_namespace(gradient_norms=SQUARED_NORMS)
    exec(compile(authoring.stub_source(authoring.function_sources(ROOT / "solutions" / "a3" / "solution.py")
                                       ["minibatch_order"], "minibatch_order"), "<stub>", "exec"), wrong)
    checks = SelfCheck("a3", directory=ROOT / "release" / "a3").run_all(wrong)
    spec = COURSE.assignment("a3").spec
    assert [c.task for c in checks] == [t.id for t in spec.tasks]
    states = {c.task: c.state for c in checks}
    assert states["gradient_norms"] == "failed" and states["minibatch_order"] == "not started"
    assert {s for t, s in states.items() if t not in ("gradient_norms", "minibatch_order")} == {"passed"}
    view = ProgressView(checks)
    assert str(view).startswith(f"Progress: {len(spec.tasks) - 2} of {len(spec.tasks)} tasks pass")
    assert re.search(r"gradient_norms +Gradient norms along a path +0 of 1 +failed", str(view))
    page = view._repr_html_()
    assert page.count("<tr>") == len(spec.tasks) + 1 and "not started" in page


def test_do_html_messages_escape_and_fold():
    message = "f(X)\n  X = array of shape (3, 40), float64: [[" + ", ".join(["1."] * 40) + "],\n [<b>]]\nhint: use <tt>"
    page = message_html(message)
    assert "<b>]" not in page and "&lt;b&gt;" in page and "&lt;tt&gt;" in page
    assert page.count("<details>") == 1 and '<div class="ag-hint">' in page


def test_does_the_self_check_say_which_release_file_is_missing(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("AUTOGRADER_COURSE", raising=False)
    monkeypatch.setattr(Course, "locate", classmethod(lambda cls, root=None: (_ for _ in ()).throw(
        UnknownAssignment("no course found"))))
    (tmp_path / "spec.toml").write_text((ROOT / "release" / "a3" / "spec.toml").read_text())
    with pytest.raises(MissingReleaseFiles, match=r"(?s)need spec.toml and public_tests.py.*no public_tests.py"):
        SelfCheck("a3").run("gradient_norms", {})


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
