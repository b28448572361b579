"""The run loop: the spec's tests of one submission, through pytest, into results.

Both transports go through :func:`run_tests`; only the ``student`` handed in differs
(see :mod:`autograder.testrun`). Before anything runs, the spec and the test files
are checked against each other (:func:`autograder.spec.check_tests_listed`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest

from autograder.course import AssignmentFiles
from autograder.results import TestResult
from autograder.spec import TestSpec, check_tests_listed
from autograder.status import Status
from autograder.student import Student
from autograder.testrun import plugin as fixtures_plugin
from autograder.testrun.modules import import_test_file
from autograder.testrun.outcome import Outcome, combine
from autograder.testrun.plugin import GradingPlugin, corpus_key
from autograder.testrun.profile import grading_profile
from autograder.testrun.reference import reference_for
from autograder.testrun.seeding import seed_everything, single_threaded_torch

# unraisableexception and threadexception run gc.collect() twice per session (~0.2 s each).
# Only the plugins named here run: no entry-point plugins, no conftest.py from anywhere
# (the sandbox cannot write the course, and even a file put there would not be loaded),
# no fault handler (a notebook kernel's stderr has no file descriptor to give it).
PYTEST_ARGS = ("--disable-plugin-autoload", "--noconftest",
               "-p", "no:terminal", "-p", "no:cacheprovider", "-p", "no:warnings", "-p", "no:randomly",
               "-p", "no:unraisableexception", "-p", "no:threadexception", "-p", "no:hypothesispytest",
               "-p", "no:faulthandler", "--import-mode=importlib", "-c", os.devnull, "-s")


def _test_files(files: AssignmentFiles, tests: list[TestSpec]) -> dict[str, Any]:
    return {visibility: files.tests_file(visibility) for visibility in dict.fromkeys(t.visibility for t in tests)}


def run_tests(files: AssignmentFiles, tests: list[TestSpec], student: Student, code: Any, *,
              with_reference: bool, replay_examples: bool = True,
              after_each: Callable[[], None] | None = None) -> list[TestResult]:
    """Run ``tests`` against ``student``; one result per test, in spec order.

    ``with_reference`` hands the reference solution to the tests (hidden tests need it);
    ``replay_examples`` replays recorded hypothesis examples first (see
    :mod:`autograder.corpus`), which changes the speed, never the result;
    ``after_each`` runs after every test (the self-checks close the figures drawn).
    Raises :class:`autograder.spec.SpecError` when the spec and the test files disagree.
    """
    if not tests:
        return []  # pytest given no test ids would collect every file under the root
    test_files = _test_files(files, tests)
    check_tests_listed(files.spec, test_files)
    single_threaded_torch()
    reference, corpus = reference_for(files) if with_reference else (None, None)
    plugin = GradingPlugin(student, code, reference, corpus if replay_examples else None, after_each)
    confcut = files.root / "assignments"  # a student's release folder has the tests at its top
    confcut = confcut if confcut.is_dir() else files.root
    node_ids = [f"{files.tests_file(t.visibility)}::{t.test}" for t in tests]
    with grading_profile():
        exit_code = pytest.main([*PYTEST_ARGS, "--rootdir", str(files.root), "--confcutdir", str(confcut),
                                 *node_ids], plugins=[plugin, fixtures_plugin])
    if corpus is not None:
        corpus.save()  # examples recorded in this run, for the next grader process
    if exit_code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        raise RuntimeError(f"pytest could not run the tests of {files.id} (exit code {exit_code!r})")
    results = []
    for test in tests:
        cases = plugin.cases.get(test.test) or [(test.test, Outcome(
            Status.ERROR, f"grader error: test {test.test} was not run (is it defined in "
                          f"{test_files[test.visibility].name}?)"))]
        outcome = combine(cases)
        earned = test.points if outcome.status.earns_points else 0.0
        results.append(TestResult(test.test, test.task, earned, test.points, outcome.status, outcome.message,
                                  test.visibility, round(outcome.duration, 4)))
    return results


def _parametrized(test: Any) -> bool:
    return any(mark.name == "parametrize" for mark in getattr(test, "pytestmark", []))


def prepare(files: AssignmentFiles, *, record: bool = True) -> bool:
    """Load the reference and the recorded examples; record the missing ones now unless ``record`` is False.

    A warm worker calls this once per assignment, so that no submission pays for
    building the checks (see :mod:`autograder.corpus`); a batch calls it with
    ``record=False`` before forking its workers, so that they start with what is
    stored already. A parametrized test's examples are recorded by the first run
    that needs them instead. Returns whether every test's examples are loaded.
    """
    single_threaded_torch()
    reference, corpus = reference_for(files)
    if not corpus.complete:
        corpus.reload()  # another process may have recorded them meanwhile
    if corpus.complete:
        return True
    with grading_profile():
        # The run imports them again (asserts rewritten); stored examples holding objects of the
        # tests' helper modules can be read once these are imported.
        modules = {visibility: import_test_file(files.tests_file(visibility), keep=False)
                   for visibility in ("public", "hidden")}
        corpus.reload()
        if corpus.complete or not record:
            return corpus.complete
        for visibility, module in modules.items():
            path = files.tests_file(visibility)
            for spec in files.spec.tests:
                test = getattr(module, spec.test, None) if spec.visibility == visibility else None
                if test is not None and hasattr(test, "hypothesis") and not _parametrized(test):
                    corpus.examples(corpus_key(path, spec.test), test, {"reference": reference}, seed_everything)
    corpus.save(complete=True)
    return True
