"""Grading one submission from start to finish.

    file ──load_submission──▶ cells ──StudentSession (sandboxed child)──▶ student functions
                                                     │
    spec ──tests──▶ pytest on the trusted side ◀─────┘ calls over the channel
                        │
                        ▼
                GradingResult (scores decided here, never in the child)
"""

from __future__ import annotations

import time
from pathlib import Path

from autograder.course import Course, UnknownAssignment
from autograder.results import CellResult, GradingResult
from autograder.sandbox.session import StudentSession
from autograder.student import Student
from autograder.submission import InvalidSubmission, load_submission
from autograder.testing import run_tests

VISIBILITIES_ALL = ("public", "hidden")


def grade_submission(path: Path, *, course: Course | None = None, assignment: str | None = None,
                     visibilities: tuple[str, ...] = VISIBILITIES_ALL, replay_examples: bool = True) -> GradingResult:
    """Grade ``path`` against the tests of the given visibilities.

    Never raises for a bad submission: an unreadable file gets a result with
    score 0 and ``error`` set. Raises :class:`UnknownAssignment` when the
    assignment cannot be determined (a usage error, not a student error).
    """
    started = time.monotonic()
    course = course or Course.locate()
    path = Path(path)
    try:
        submission = load_submission(path)
        hint = submission.assignment_hint
    except InvalidSubmission as invalid:
        submission, hint, problem = None, None, str(invalid)
    assignment = assignment or course.guess_assignment(path, hint)
    if assignment is None:
        raise UnknownAssignment(f"cannot tell which assignment {path.name} is for: pass --assignment")
    files = course.assignment(assignment)
    spec = files.spec
    tests = [t for t in spec.tests if t.visibility in visibilities]
    max_score = sum(t.points for t in tests)

    if submission is None:
        return GradingResult(spec.id, path.name, 0.0, max_score, error=problem,
                             duration=round(time.monotonic() - started, 4))
    if not submission.cells:
        return GradingResult(spec.id, path.name, 0.0, max_score, error=f"{path.name} has no code cells",
                             duration=round(time.monotonic() - started, 4))

    with StudentSession(submission.cells, limits=spec.limits, protected=course.secret_paths,
                        course_root=course.root) as session:
        cell_runs = session.run_cells()
        results = run_tests(files, tests, Student(session), submission.cells,
                            with_reference="hidden" in visibilities, replay_examples=replay_examples)
    cells = [CellResult(run.index, run.status, run.error, run.traceback) for run in cell_runs if run.status != "ok"]
    score = round(sum(r.points for r in results), 6)
    return GradingResult(spec.id, path.name, score, max_score, results, cells,
                         duration=round(time.monotonic() - started, 4))
