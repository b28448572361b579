"""Shared fixtures: the course in this checkout and a cached grader."""

from __future__ import annotations

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


def graded(path: Path, visibilities: tuple[str, ...] = VISIBILITIES_ALL) -> GradingResult:
    """Grade a submission once per test session (grading is deterministic, so caching is sound)."""
    key = (Path(path).resolve(), visibilities)
    if key not in _graded:
        _graded[key] = grade_submission(path, course=Course(ROOT), visibilities=visibilities)
    return _graded[key]


@pytest.fixture(scope="session")
def grade():
    return graded
