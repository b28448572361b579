"""The results of grading one submission: plain dataclasses and their JSON form.

The JSON schema is versioned (``SCHEMA_VERSION``) and documented in
``docs/results.md``; ``autograder/results-schema.json`` is its machine-readable
form. Report writers read these objects and nothing else.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from autograder.status import CellStatus, Status

SCHEMA_VERSION = 1
#: The strings a test's status takes in JSON (see :class:`autograder.status.Status`).
STATUSES = tuple(Status)

#: Fields that measure time; everything else is identical when the same
#: submission is graded twice.
TIMING_FIELDS = ("duration",)


@dataclass
class TestResult:
    id: str  # the test's name in the spec
    task: str
    points: float  # earned
    max_points: float
    status: Status
    message: str  # empty when passed; otherwise what went wrong and what to try
    visibility: str  # "public" or "hidden"
    duration: float = 0.0

    def __post_init__(self) -> None:
        self.status = Status(self.status)  # a plain string is accepted, checked and typed here


@dataclass
class CellResult:
    """A notebook cell that did not run cleanly (cells that ran fine are not listed)."""

    cell: int  # position in the notebook, counted from 1
    status: CellStatus  # never OK: only the cells that did not run cleanly are listed
    error: str
    traceback: str = ""

    def __post_init__(self) -> None:
        self.status = CellStatus(self.status)


@dataclass
class GradingResult:
    assignment: str
    submission: str  # file name as given
    score: float
    max_score: float
    tests: list[TestResult] = field(default_factory=list)
    cells: list[CellResult] = field(default_factory=list)
    error: str = ""  # set when the submission could not be graded at all
    duration: float = 0.0
    student: str = ""  # set by batch grading (folder or file name); empty for a single file
    submission_sha256: str = ""  # of the file's bytes: a changed submission is graded again
    fingerprint: str = ""  # of the tests, solution, spec and grader version that produced this result
    sandbox: str = ""  # "strict", or "weak (...)" under --sandbox=weak (see autograder.sandbox.layers)
    flags: list[str] = field(default_factory=list)  # for the instructor: lines that reach into the grader
    schema_version: int = SCHEMA_VERSION

    @property
    def full_marks(self) -> bool:
        return not self.error and self.score >= self.max_score

    def task_points(self) -> dict[str, tuple[float, float]]:
        """Earned and possible points per task, in spec order."""
        totals: dict[str, tuple[float, float]] = {}
        for test in self.tests:
            earned, possible = totals.get(test.task, (0.0, 0.0))
            totals[test.task] = (earned + test.points, possible + test.max_points)
        return totals

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data = {"schema_version": data.pop("schema_version"), **data}
        return data

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, sort_keys=False, ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "GradingResult":
        version = data.get("schema_version")
        if version != SCHEMA_VERSION:
            raise ValueError(f"results schema version {version!r} is not supported (expected {SCHEMA_VERSION})")
        data = dict(data)
        data["tests"] = [TestResult(**t) for t in data.get("tests", [])]
        data["cells"] = [CellResult(**c) for c in data.get("cells", [])]
        return cls(**data)


def without_timing(data: Any) -> Any:
    """A copy of a results dict with the timing fields zeroed (for determinism checks)."""
    if isinstance(data, dict):
        return {k: (0.0 if k in TIMING_FIELDS else without_timing(v)) for k, v in data.items()}
    if isinstance(data, list):
        return [without_timing(v) for v in data]
    return data
