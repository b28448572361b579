"""Does a public self-check give the hidden tests' hint for every mistake it can see?

Each example mutant (``examples/<id>/mutants/*.py``) is a known mistake. For every task,
the public checks run in-process (as in the student's kernel) and so do the hidden tests
(with the reference, as ``autograder grade`` runs them). Where a public check of the task
fails and a hidden test of the same task explains the mistake with a hint, the public
message must carry that same hint: a student sees it before submitting. A hint both sides
give is defined once, in the public tests; the hidden tests refer to it as ``PUBLIC.NAME``.
"""

from __future__ import annotations

import ast
import inspect
import re

import matplotlib.pyplot  # noqa: F401 - imported first, as the notebooks do (their first cell)
import pytest

from autograder.authoring import Mutant
from autograder.course import Course
from autograder.results import TestResult as Outcome
from autograder.selfcheck import SelfCheck, notebook_code
from autograder.student import Student
from autograder.testrun import run_tests
from autograder.testrun.kernel import KernelCalls
from autograder.testrun.modules import load_module
from tests.conftest import ROOT

COURSE = Course(ROOT)

#: Mutants that never reach a comparison (they hang, exit, or break the notebook).
NOT_A_MISTAKE = re.compile(r"infinite|hang|exit|syntax|raises|huge|memory|alternative_correct")


#: The assignments whose public checks give the hidden tests' hints (every assignment with examples).
HINTED = ("a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8")


#: Where the hidden test's hint is a guess that the public evidence contradicts, the public check gives its own
#: hint (its start named here) and says why.
OWN_HINT = {
    ("a5", "softmax_row_max_without_keepdim", "cross_entropy_gradient"): (
        "cross_entropy_gradient builds on your softmax",
        "the hidden test's (n, k) logits make this softmax raise, and it explains any exception with the "
        "label-format hint; the public (2, 2) input runs, and its wrong values come from softmax, which it names"),
    ("a5", "softmax_row_max_without_keepdim", "softmax_temperature"): (
        "softmax_temperature builds on your softmax",
        "the hidden limits test adds its reminder to any failure of the limits; the public check has the evidence "
        "that softmax itself is wrong (its known answer), and names it"),
}


def mutants() -> list:
    return [(aid, path.stem) for aid in HINTED
            for path in sorted((ROOT / "examples" / aid / "mutants").glob("*.py"))
            if not NOT_A_MISTAKE.search(path.stem)]


def mutant_namespace(aid: str, name: str) -> dict | None:
    """The reference solution's module namespace with the mutant's functions in place (as a notebook)."""
    mutant = Mutant.load(ROOT / "examples" / aid / "mutants" / f"{name}.py")
    if mutant.position != "replace":
        return None
    namespace = {"__name__": "__main__"}
    exec("import math\nimport matplotlib.pyplot as plt\nimport numpy as np\nimport torch", namespace)  # as cell 1
    exec(compile(COURSE.assignment(aid).solution.read_text(encoding="utf-8"), "<solution>", "exec"), namespace)
    exec(compile(mutant.code, f"<{name}>", "exec"), namespace)
    return namespace


def hints(text: str) -> set[str]:
    return {line.strip()[len("hint:"):].strip() for line in text.splitlines() if line.strip().startswith("hint:")}


def same_hints(public: set[str], hidden: set[str]) -> bool:
    """The same hint with other numbers in it (the first words agree)."""
    return any(p[:20] == h[:20] for p in public for h in hidden)


GENERIC = (ROOT / "autograder" / "checks" / "hints.py").read_text(encoding="utf-8")


def hidden_hint_texts(aid: str) -> str:
    """The text of the hidden tests (with their helper modules), and every hint they take from the public tests.

    A hint both sides give is defined once, in the public tests, and the hidden tests refer to it as
    ``PUBLIC.NAME``: such a reference stands for its text here (a function's, for its source).
    """
    files = COURSE.assignment(aid)
    source = "\n".join(path.read_text(encoding="utf-8") for path in sorted(files.hidden_tests.parent.glob("*.py")))
    public = load_module(files.public_tests, f"autograder_public_{aid}_hints")
    shared = [getattr(public, name) for name in sorted(set(re.findall(r"PUBLIC\.(\w+)", source)))]
    return "\n".join([source, *(inspect.getsource(v) if callable(v) else str(v) for v in shared)])


def generic(found: set[str]) -> bool:
    """Only the grader's generic hints (shape, constant factor...), which no test chooses."""
    return bool(found) and all(hint[:25] in GENERIC for hint in found)


def hidden_results(aid: str, task: str, namespace: dict) -> list[Outcome]:
    """The task's hidden tests through the grader's runner, calling the functions in this process."""
    files = COURSE.assignment(aid)
    tests = [test for test in files.spec.task(task).tests if test.visibility == "hidden"]
    student = Student(KernelCalls(namespace, files.spec.limits.call_seconds))
    return run_tests(files, tests, student, notebook_code(namespace), with_reference=True, replay_examples=False)


@pytest.mark.parametrize(("aid", "name"), mutants())
def test_does_the_public_check_give_the_hidden_hint(aid, name, monkeypatch):
    monkeypatch.chdir(ROOT)
    namespace = mutant_namespace(aid, name)
    if namespace is None:
        pytest.skip(f"{name} adds a cell instead of replacing functions")  # not counted as passing
    for check in SelfCheck(aid).run_all(namespace):
        # A check that timed out (or was not run after a time-out) compared nothing: there is nothing to explain.
        failed = [r for r in check.results if r.status not in ("passed", "timeout", "not_run")]
        if not failed:
            continue
        hidden = set().union(*(hints(r.message) for r in hidden_results(aid, check.task, namespace)
                               if r.status != "passed"))
        public = set().union(*(hints(r.message) for r in failed))
        if (aid, name, check.task) in OWN_HINT:
            start, _ = OWN_HINT[aid, name, check.task]
            assert any(hint.startswith(start) for hint in public), f"{aid}/{name}: expected {start!r}, got {public}"
        elif hidden:
            # The same hint; or, when the hidden test's counterexample shows the mistake from another side,
            # a hint in the grader's own words for what the public example shows.
            source = hidden_hint_texts(aid)
            assert public & hidden or same_hints(public, hidden) or any(hint[:40] in source for hint in public) \
                or generic(public) and generic(hidden), (f"{aid}/{name}, task {check.task}: the public check fails without the hint "
                                     f"the hidden tests give.\npublic: {[r.message for r in failed]}\n"
                                     f"hidden hints: {sorted(hidden)}")


@pytest.mark.parametrize("aid", COURSE.assignment_ids())
def test_do_the_public_tests_import_only_public_modules(aid):
    """Public tests ship to students: they import the checks library and autograder.values, never the sandbox's channel."""
    tree = ast.parse(COURSE.assignment(aid).public_tests.read_text(encoding="utf-8"))
    modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)} | {
        alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    internal = sorted(m for m in modules if m and m.startswith(("autograder.sandbox", "autograder.testing")))
    assert not internal, f"{aid}/public_tests.py imports {internal}; expose what it needs through a public module"
