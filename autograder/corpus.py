"""Replaying hypothesis examples instead of generating them for every student.

Hypothesis runs derandomized, so against any implementation that passes a
test it generates exactly the same examples — the ones it generates against
the reference solution. Generating them costs more than checking them, so a
grader process records them once per test (running the test against the
reference, in-process: trusted code) and, for each submission, first replays
the recorded examples. If they all pass, the test passes, exactly as a full
run would have. If one fails, the test is run again normally, so hypothesis
finds and shrinks the counterexample and the student gets the same minimal
input and message as without the corpus.
"""

from __future__ import annotations

import copy
import inspect
import warnings
from collections.abc import Callable
from typing import Any

from hypothesis.errors import HypothesisDeprecationWarning
from hypothesis.strategies import DataObject

from autograder.student import LocalCalls, Student


class ExampleCorpus:
    """Recorded examples per hypothesis test, built against the reference solution."""

    def __init__(self, reference_namespace: dict[str, Any], reference_code: str) -> None:
        self._fixtures = {
            "student": Student(LocalCalls(reference_namespace)),
            "code": reference_code,
        }
        self._examples: dict[tuple[str, str], list[dict[str, Any]] | None] = {}

    def examples(self, key: tuple[str, str], test: Callable[..., Any], fixtures: dict[str, Any],
                 before_each: Callable[[], None]) -> list[dict[str, Any]] | None:
        """The examples of ``test`` (recorded on first use), or None if it cannot be replayed."""
        if key not in self._examples:
            before_each()
            self._examples[key] = self._record(test, {**fixtures, **self._fixtures})
        return self._examples[key]

    @staticmethod
    def _record(test: Callable[..., Any], fixtures: dict[str, Any]) -> list[dict[str, Any]] | None:
        handle = test.hypothesis
        original = handle.inner_test
        wanted = set(inspect.signature(original).parameters)
        recorded: list[dict[str, Any]] = []
        replayable = True

        def recorder(**kwargs: Any) -> Any:
            nonlocal replayable
            drawn = {k: v for k, v in kwargs.items() if k not in fixtures}
            try:
                if any(isinstance(v, DataObject) for v in drawn.values()):
                    raise TypeError("interactive draws cannot be replayed")
                snapshot = copy.deepcopy(drawn)
            except Exception:  # noqa: BLE001 - anything we cannot copy is simply not replayed
                replayable, snapshot = False, None
            outcome = original(**kwargs)  # an example rejected by assume() raises here: not recorded
            if snapshot is not None:
                recorded.append(snapshot)
            return outcome

        handle.inner_test = recorder
        try:
            test(**{k: v for k, v in fixtures.items() if k in wanted})
        except BaseException:  # noqa: BLE001 - the reference failing its own test: do not replay
            return None
        finally:
            handle.inner_test = original
        return recorded if replayable and recorded else None


def replay(test: Callable[..., Any], fixtures: dict[str, Any], examples: list[dict[str, Any]]) -> bool:
    """Run the recorded examples against the submission; True if every one passed.

    Any exception (a failed check, an error, a timeout) means "run the test
    normally"; the caller then does exactly that.
    """
    inner = test.hypothesis.inner_test
    wanted = set(inspect.signature(inner).parameters)
    given = {k: v for k, v in fixtures.items() if k in wanted}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HypothesisDeprecationWarning)  # assume() outside @given
        for example in examples:
            try:
                inner(**given, **copy.deepcopy(example))
            except BaseException as exc:  # noqa: BLE001
                if isinstance(exc, KeyboardInterrupt):
                    raise
                return False
    return True
