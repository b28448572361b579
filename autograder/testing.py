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

import contextlib
import importlib.util
import os
import os
import random
import sys
import tempfile
from pathlib import Path
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import numpy as np
import pytest

# Hypothesis keeps caches in ``.hypothesis/`` of the working directory (the course, a
# student's folder, nbgrader's feedback folders) unless told otherwise: keep them in a
# temporary directory. Hypothesis reads this when it first writes, so setting it here,
# before any test runs, is enough.
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY",
                      os.path.join(tempfile.gettempdir(), f"autograder-hypothesis-{os.getuid()}"))

from hypothesis import HealthCheck, Phase, settings  # noqa: E402

from autograder.checks.compare import CheckFailure
from autograder.corpus import ExampleCorpus, replay, store_path
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

    # The CPU generator only: torch.manual_seed also queues seeding for CUDA, MTIA and XPU,
    # formatting a stack trace each time (milliseconds per test), and no GPU is used here.
    torch.default_generator.manual_seed(seed)


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


_references: dict[Path, tuple[Reference, ExampleCorpus]] = {}


def reference_for(files: AssignmentFiles) -> tuple[Reference, ExampleCorpus]:
    """The reference solution of an assignment and its example corpus, made once per grader process."""
    path = files.solution.resolve()
    if path not in _references:
        module = load_module(path, f"autograder_reference_{files.id}")
        corpus = ExampleCorpus(vars(module), path.read_text(encoding="utf-8"),
                               store=store_path(files.id, files.fingerprint))
        _references[path] = (Reference(module), corpus)
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
    """Holds what the fixtures hand out, replays recorded examples, records one outcome per test."""

    def __init__(self, student: Student, code: Any, reference: Reference | None,
                 corpus: ExampleCorpus | None = None) -> None:
        self.student, self.code, self.reference = student, code, reference
        self.corpus = corpus
        self.outcomes: dict[str, tuple[str, str, float]] = {}

    def pytest_configure(self, config: pytest.Config) -> None:
        config.stash[_PLUGIN] = self

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        seed_everything()
        if isinstance(self.student, Student):
            self.student.current_test(item.name)  # a later test's "not run" message names this one

    @pytest.hookimpl(tryfirst=True)
    def pytest_pyfunc_call(self, pyfuncitem: pytest.Function) -> bool | None:
        """Pass a hypothesis test by replaying its recorded examples; otherwise let pytest run it."""
        test = pyfuncitem.obj
        if self.corpus is None or not hasattr(test, "hypothesis"):
            return None
        fixtures = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
        examples = self.corpus.examples(_corpus_key(pyfuncitem.path, pyfuncitem.name), test, fixtures,
                                        seed_everything)
        seed_everything()
        if examples is not None and replay(test, fixtures, examples):
            return True
        seed_everything()  # a failure: the normal run finds and shrinks it from the same state
        return None

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo) -> Any:
        yield
        if call.when == "call" or (call.when == "setup" and call.excinfo is not None):
            exc = call.excinfo.value if call.excinfo is not None else None
            status, message = classify(exc, item.name)
            self.outcomes[item.name] = (status, message, call.duration)


def single_threaded_torch() -> None:
    """The grader's torch works on tiny tensors, where handing work to a second thread costs
    milliseconds per operation and saves nothing (and parallel workers already use every core)."""
    import torch

    torch.set_num_threads(1)


def _corpus_key(path: Path | str, test: str) -> tuple[str, str]:
    return Path(path).name, test  # public_tests.py or hidden_tests.py of the corpus's assignment


@contextlib.contextmanager
def grading_profile() -> Iterator[None]:
    """Hypothesis's ``autograder`` profile, for the duration of a block."""
    previous = settings._current_profile
    settings.load_profile("autograder")
    try:
        yield
    finally:
        settings.load_profile(previous)


def prepare(files: AssignmentFiles) -> None:
    """Load the reference and record every hypothesis test's examples now.

    A warm worker calls this once per assignment, so that no submission pays for
    building the checks (see :mod:`autograder.corpus`).
    """
    single_threaded_torch()
    reference, corpus = reference_for(files)
    corpus.reload()  # another process may have recorded them meanwhile
    if corpus.complete:
        return
    with grading_profile():
        for visibility in ("public", "hidden"):
            module = load_module(files.tests_file(visibility), f"autograder_prepare_{visibility}_{files.id}")
            for spec in files.spec.tests:
                test = getattr(module, spec.test, None) if spec.visibility == visibility else None
                if test is not None and hasattr(test, "hypothesis"):
                    corpus.examples(_corpus_key(files.tests_file(visibility), spec.test), test,
                                    {"reference": reference}, seed_everything)
    corpus.save(complete=True)


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
              with_reference: bool, replay_examples: bool = True) -> list[TestResult]:
    """Run ``tests`` against ``student``; one result per test, in spec order.

    ``replay_examples`` replays recorded hypothesis examples first (see
    :mod:`autograder.corpus`); it changes the speed, never the result.
    """
    node_ids = [f"{files.tests_file(t.visibility)}::{t.test}" for t in tests]
    single_threaded_torch()
    reference, corpus = reference_for(files) if with_reference else (None, None)
    plugin = GradingPlugin(student, code, reference, corpus if replay_examples else None)
    confcut = files.root / "assignments"  # a student's release folder has the tests at its top
    confcut = confcut if confcut.is_dir() else files.root
    with grading_profile():
        exit_code = pytest.main(
            # unraisableexception and threadexception run gc.collect() twice per session (~0.2 s each).
            # Only the plugins named here run: no entry-point plugins, no conftest.py from anywhere
            # (the sandbox cannot write the course, and even a file put there would not be loaded).
            ["--disable-plugin-autoload", "--noconftest",
             "-p", "no:terminal", "-p", "no:cacheprovider", "-p", "no:warnings", "-p", "no:randomly",
             "-p", "no:unraisableexception", "-p", "no:threadexception", "-p", "no:hypothesispytest",
             "--import-mode=importlib", "-c", os.devnull, "--rootdir", str(files.root),
             "--confcutdir", str(confcut), "-s", *node_ids],
            plugins=[plugin, sys.modules[__name__]],
        )
    if corpus is not None:
        corpus.save()  # examples recorded in this run, for the next grader process
    if exit_code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        raise RuntimeError(f"pytest could not run the tests of {files.id} (exit code {exit_code!r})")
    results = []
    for test in tests:
        status, message, duration = plugin.outcomes.get(
            test.test, ("error", f"grader error: test {test.test} was not run (is it defined in "
                                 f"{files.tests_file(test.visibility).name}?)", 0.0))
        earned = test.points if status == "passed" else 0.0
        results.append(TestResult(test.test, test.task, earned, test.points, status, message,
                                  test.visibility, round(duration, 4)))
    return results
