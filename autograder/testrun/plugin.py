"""The pytest plugin of a run: fixtures, a seed per test, example replay, one outcome per case.

Built on pytest's documented hooks only. The fixtures a test may ask for:

- ``student``: the submission's functions (:class:`autograder.student.Student`);
- ``code``: the submission's source, for static checks;
- ``reference``: the reference solution (hidden tests only).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from autograder.corpus import ExampleCorpus, replay
from autograder.student import Student
from autograder.testrun.modules import import_test_file
from autograder.testrun.outcome import Outcome, classify
from autograder.testrun.reference import Reference
from autograder.testrun.seeding import seed_everything

_PLUGIN = pytest.StashKey["GradingPlugin"]()


def corpus_key(path: Path | str, test: str) -> tuple[str, str]:
    return Path(path).name, test  # public_tests.py or hidden_tests.py of the corpus's assignment


class GradingPlugin:
    """Holds what the fixtures hand out, replays recorded examples, records the outcome of every case."""

    def __init__(self, student: Student, code: Any, reference: Reference | None,
                 corpus: ExampleCorpus | None = None, after_each: Callable[[], None] | None = None) -> None:
        self.student, self.code, self.reference = student, code, reference
        self.corpus = corpus
        self.after_each = after_each
        #: spec test name -> [(case name, outcome)]; one case unless the test is parametrized
        self.cases: dict[str, list[tuple[str, Outcome]]] = {}

    def pytest_configure(self, config: pytest.Config) -> None:
        config.stash[_PLUGIN] = self

    def pytest_pycollect_makemodule(self, module_path: Path, parent: pytest.Collector) -> pytest.Module:
        """Collect the module :func:`~autograder.testrun.modules.import_test_file` imports,
        so that helper modules next to a test file import as a package's siblings."""
        module = pytest.Module.from_parent(parent, path=module_path)
        module.obj = import_test_file(module_path)
        return module

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Function) -> None:
        seed_everything()
        if isinstance(self.student, Student):
            self.student.current_test(item.originalname)  # a later test's "not run" message names this one

    @pytest.hookimpl(tryfirst=True)
    def pytest_pyfunc_call(self, pyfuncitem: pytest.Function) -> bool | None:
        """Pass a hypothesis test by replaying its recorded examples; otherwise let pytest run it."""
        test = pyfuncitem.obj
        if self.corpus is None or not hasattr(test, "hypothesis"):
            return None
        wanted = inspect.signature(test).parameters
        fixtures = {name: value for name, value in pyfuncitem.funcargs.items() if name in wanted}
        examples = self.corpus.examples(corpus_key(pyfuncitem.path, pyfuncitem.name), test, fixtures,
                                        seed_everything)
        seed_everything()
        if examples is not None and replay(test, fixtures, examples):
            return True
        seed_everything()  # a failure: the normal run finds and shrinks it from the same state
        return None

    def pytest_runtest_teardown(self, item: pytest.Item) -> None:
        if self.after_each is not None:
            self.after_each()

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Function, call: pytest.CallInfo) -> Any:
        report = yield
        if call.when == "call" or (call.when == "setup" and call.excinfo is not None):
            exc = call.excinfo.value if call.excinfo is not None else None
            status, message = classify(exc, item.originalname)
            self.cases.setdefault(item.originalname, []).append((item.name, Outcome(status, message,
                                                                                     call.duration)))
        return report


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
