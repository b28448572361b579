"""Running an assignment's tests with pytest, on the trusted side, and scoring them.

The tests are ordinary pytest functions. They may ask for these fixtures:

- ``student``: the submission's functions (:class:`autograder.student.Student`);
- ``code``: the submission's source, for static checks;
- ``reference``: the reference solution module (hidden tests only).

This module runs the tests named in the spec in-process with a plugin that
provides those fixtures, makes hypothesis deterministic, seeds every random
generator before each test and turns each outcome into a
:class:`autograder.results.TestResult`.
"""

from __future__ import annotations

import importlib.util
import os
import random
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, settings

from autograder.checks.compare import CheckFailure
from autograder.course import AssignmentFiles
from autograder.results import TestResult
from autograder.spec import TestSpec
from autograder.student import Student, StudentAborted, StudentError

SEED = 20261121

#: Hypothesis without randomness or memory: the same submission always meets the same examples.
settings.register_profile(
    "autograder",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=40,
    print_blob=False,
    report_multiple_bugs=False,  # one failure per test, the smallest hypothesis found
    phases=(Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink),
    suppress_health_check=list(HealthCheck),
)


def seed_everything(seed: int = SEED) -> None:
    random.seed(seed)
    np.random.seed(seed % 2**32)
    import torch

    torch.manual_seed(seed)


class Reference:
    """The reference solution, with a repr that reveals nothing (it may end up in messages)."""

    def __init__(self, module: ModuleType) -> None:
        self._module = module

    def __getattr__(self, name: str) -> Any:
        return getattr(self._module, name)

    def __repr__(self) -> str:
        return "<reference solution>"


def load_module(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_references: dict[Path, Reference] = {}


def reference_for(files: AssignmentFiles) -> Reference:
    """The reference solution module of an assignment, imported once per grader process."""
    path = files.solution.resolve()
    if path not in _references:
        _references[path] = Reference(load_module(path, f"autograder_reference_{files.id}"))
    return _references[path]


def _message(exc: BaseException) -> str:
    text = str(exc).strip()
    notes = [n for n in getattr(exc, "__notes__", []) if n.startswith("Falsifying example")]
    if notes and not isinstance(exc, CheckFailure):
        text += "\n" + "\n".join(notes)
    return text


def classify(exc: BaseException | None, test: str) -> tuple[str, str]:
    """(status, message) for a test that raised ``exc`` (``None``: it passed)."""
    if exc is None:
        return "passed", ""
    if isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        return classify(exc.exceptions[0], test)
    if isinstance(exc, StudentAborted):
        return exc.status, _message(exc)
    if isinstance(exc, AssertionError):
        return "failed", _message(exc) or "a check failed"
    if isinstance(exc, StudentError):
        return "error", _message(exc)
    return "error", f"grader error in {test}: {type(exc).__name__}: {exc} (please report this to your instructor)"


_PLUGIN = pytest.StashKey["GradingPlugin"]()


class GradingPlugin:
    """Holds what the fixtures hand out and records one outcome per test."""

    def __init__(self, student: Student, code: Any, reference: Reference | None) -> None:
        self.student, self.code, self.reference = student, code, reference
        self.outcomes: dict[str, tuple[str, str, float]] = {}

    def pytest_configure(self, config: pytest.Config) -> None:
        config.stash[_PLUGIN] = self

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        seed_everything()

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo) -> Any:
        yield
        if call.when == "call" or (call.when == "setup" and call.excinfo is not None):
            exc = call.excinfo.value if call.excinfo is not None else None
            status, message = classify(exc, item.name)
            self.outcomes[item.name] = (status, message, call.duration)


# The fixtures assignment tests may request. This module is registered as a
# pytest plugin for the run, so pytest finds them here.


@pytest.fixture(scope="session")
def student(request: pytest.FixtureRequest) -> Student:
    return request.config.stash[_PLUGIN].student


@pytest.fixture(scope="session")
def code(request: pytest.FixtureRequest) -> Any:
    return request.config.stash[_PLUGIN].code


@pytest.fixture(scope="session")
def reference(request: pytest.FixtureRequest) -> Reference:
    value = request.config.stash[_PLUGIN].reference
    if value is None:
        pytest.fail("the reference solution is not available to public tests")
    return value


def run_tests(files: AssignmentFiles, tests: list[TestSpec], student: Student, code: Any, *,
              with_reference: bool) -> list[TestResult]:
    """Run ``tests`` against ``student``; one result per test, in spec order."""
    node_ids = [f"{files.tests_file(t.visibility)}::{t.test}" for t in tests]
    reference = reference_for(files) if with_reference else None
    plugin = GradingPlugin(student, code, reference)
    previous = settings._current_profile
    settings.load_profile("autograder")
    try:
        code = pytest.main(
            ["-p", "no:terminal", "-p", "no:cacheprovider", "-p", "no:warnings", "-p", "no:randomly",
             "--import-mode=importlib", "-c", os.devnull, "--rootdir", str(files.root),
             "--confcutdir", str(files.root / "assignments"), "-s", *node_ids],
            plugins=[plugin, sys.modules[__name__]],
        )
    finally:
        settings.load_profile(previous)
    if code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        raise RuntimeError(f"pytest could not run the tests of {files.id} (exit code {code!r})")
    results = []
    for test in tests:
        status, message, duration = plugin.outcomes.get(
            test.test, ("error", f"grader error: test {test.test} was not run (is it defined in "
                                 f"{files.tests_file(test.visibility).name}?)", 0.0))
        earned = test.points if status == "passed" else 0.0
        results.append(TestResult(test.test, test.task, earned, test.points, status, message,
                                  test.visibility, round(duration, 4)))
    return results
