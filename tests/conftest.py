"""Shared fixtures: the course in this checkout and a cached grader."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from pathlib import Path

import pytest

from autograder.course import Course
from autograder.results import GradingResult
from autograder.runner import VISIBILITIES_ALL, grade_submission

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def course() -> Course:
    return Course(ROOT)


_graded: dict[tuple[Path, tuple[str, ...]], GradingResult] = {}
#: Where the suite's processes (pytest-xdist workers) share their gradings; None: this process only.
_shared: Path | None = None


def graded(path: Path, visibilities: tuple[str, ...] = VISIBILITIES_ALL) -> GradingResult:
    """Grade a submission once per test session (grading is deterministic, so caching is sound).

    Under pytest-xdist the workers share the results, so an example notebook that
    several test files grade is graded once in the whole run: the first worker to ask
    grades it while holding a lock, the others wait for it and read its result.
    """
    key = (Path(path).resolve(), visibilities)
    if key not in _graded:
        _graded[key] = _graded_once(key[0], visibilities)
    return _graded[key]


def _graded_once(path: Path, visibilities: tuple[str, ...]) -> GradingResult:
    if _shared is None:
        return grade_submission(path, course=Course(ROOT), visibilities=visibilities)
    content = path.read_bytes() if path.is_file() else b""
    name = hashlib.sha256(repr((str(path), content, visibilities)).encode()).hexdigest()[:32]
    stored = _shared / f"{name}.json"
    with open(_shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if stored.is_file():
            return GradingResult.from_dict(json.loads(stored.read_text()))
        result = grade_submission(path, course=Course(ROOT), visibilities=visibilities)
        partial = stored.with_suffix(".tmp")
        partial.write_text(result.to_json())
        partial.replace(stored)
        return result


@pytest.fixture(scope="session", autouse=True)
def share_gradings(tmp_path_factory):
    """The folder the xdist workers of this run share their gradings in (their base folders' parent)."""
    global _shared
    if os.environ.get("PYTEST_XDIST_WORKER"):
        _shared = tmp_path_factory.getbasetemp().parent / "graded"
        _shared.mkdir(exist_ok=True)
    yield
    _shared = None


@pytest.fixture(scope="session")
def grade():
    return graded
