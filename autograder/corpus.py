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

Recording costs seconds per assignment, so the examples are also kept on disk
(:func:`store_path`: the user's cache folder, or ``$AUTOGRADER_CACHE``), one
file per assignment named by the assignment's fingerprint (spec, tests,
solution, grader code) and the versions of hypothesis, numpy and Python:
anything that could change the examples gives another file. The first grader
that needs them records and writes them; every later grader process (each
batch worker, each cold ``autograder grade``) reads them. The files are written
by the grader from the reference solution only; student code runs in the
sandbox, which may not write outside its scratch folder.
"""

from __future__ import annotations

import contextlib
import copy
import fcntl
import hashlib
import inspect
import io
import os
import pickle
import platform
import tempfile
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FunctionType
from typing import Any

from hypothesis.errors import HypothesisDeprecationWarning
from hypothesis.strategies import DataObject

from autograder.student import LocalCalls, Student

from autograder.cache import cache_dir  # noqa: F401 - also imported from here


class ExampleCorpus:
    """Recorded examples per hypothesis test, built against the reference solution."""

    def __init__(self, reference_namespace: dict[str, Any], reference_code: str, store: Path | None = None) -> None:
        self._fixtures = {
            "student": Student(LocalCalls(reference_namespace)),
            "code": reference_code,
        }
        self._examples: dict[tuple[str, str], list[dict[str, Any]] | None] = {}
        self._store = store
        self._unsaved = False
        self._retry_load = False
        self.complete = False  # every hypothesis test of the assignment is recorded
        self.reload()

    def reload(self) -> None:
        """Add the examples stored on disk (by this or another grader process), if any."""
        if self._store is None:
            return
        try:
            stored = pickle.loads(self._store.read_bytes())  # written by a grader, never by student code
            self._examples.update(stored["examples"])
            self.complete = self.complete or bool(stored["complete"])
            self._retry_load = False
        except ModuleNotFoundError:  # examples made by a helper module that the tests load: try again then
            self._retry_load = True
        except Exception:  # noqa: BLE001 - missing, unreadable or from another version: record again
            self._retry_load = False

    def save(self, *, complete: bool = False) -> None:
        """Write every example recorded so far to the store (atomically), if anything is new."""
        if self._store is None or not (self._unsaved or (complete and not self.complete)):
            return
        self.complete = self.complete or complete
        examples = {}
        for key, value in self._examples.items():
            try:
                _dumps(value)
                examples[key] = value
            except Exception:  # noqa: BLE001 - an example that cannot be stored is recorded again next time
                self.complete = False
        try:
            self._store.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self._store.parent, suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                stream.write(_dumps({"examples": examples, "complete": self.complete}))
            os.replace(temporary, self._store)
            self._unsaved = False
        except OSError:
            pass  # a read-only cache only costs speed

    def examples(self, key: tuple[str, str], test: Callable[..., Any], fixtures: dict[str, Any],
                 before_each: Callable[[], None]) -> list[dict[str, Any]] | None:
        """The examples of ``test`` (recorded on first use), or None if it cannot be replayed."""
        if key not in self._examples and self._retry_load:
            self.reload()  # the test's module is loaded now
        if key not in self._examples:
            before_each()
            self._examples[key] = self._record(test, {**fixtures, **self._fixtures})
            self._unsaved = True
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


class _ExamplePickler(pickle.Pickler):
    """Pickles the callables built by :mod:`autograder.fixtures` (closures) as the call that builds them."""

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, FunctionType) and hasattr(obj, "fixture_source"):
            from autograder.fixtures import build

            return build, obj.fixture_source
        return NotImplemented


def _dumps(value: Any) -> bytes:
    buffer = io.BytesIO()
    _ExamplePickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


def store_path(assignment_id: str, fingerprint: str) -> Path:
    """Where the recorded examples of one version of an assignment are kept."""
    import hypothesis
    import numpy

    versions = f"{hypothesis.__version__} {numpy.__version__} {platform.python_version()}"
    tag = hashlib.sha256(versions.encode()).hexdigest()[:8]
    return cache_dir() / f"examples-{assignment_id}-{fingerprint}-{tag}.pickle"


@contextlib.contextmanager
def store_lock(store: Path, *, blocking: bool) -> Iterator[bool]:
    """Hold the store's lock (True), or, when not ``blocking`` and another process holds it, yield False.

    Batch workers take it while recording, so each assignment is recorded by one of them
    while the others record other assignments or wait and then read.
    """
    try:
        store.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(store.with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        yield True  # no cache folder: every process records for itself
        return
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(handle)
