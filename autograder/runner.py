"""Grading one submission from start to finish.

    file ──load_submission──▶ cells ──StudentSession (sandboxed child)──▶ student functions
                                                     │
    spec ──tests──▶ pytest on the trusted side ◀─────┘ calls over the channel
                        │
                        ▼
                GradingResult (scores decided here, never in the child)
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from autograder.course import Course, UnknownAssignment
from autograder.results import CellResult, GradingResult
from autograder.sandbox import layers, process
from autograder.sandbox.scan import grader_internals
from autograder.sandbox.session import StudentSession
from autograder.student import Student
from autograder.submission import InvalidSubmission, load_submission
from autograder.status import CellStatus, Status
from autograder.testrun import run_tests

VISIBILITIES_ALL = ("public", "hidden")


def grade_submission(path: Path, *, course: Course | None = None, assignment: str | None = None,
                     visibilities: tuple[str, ...] = VISIBILITIES_ALL, replay_examples: bool = True,
                     student: str = "") -> GradingResult:
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
    identity = {"student": student, "submission_sha256": file_sha256(path), "fingerprint": files.fingerprint}
    flags = grader_internals(submission.cells) if submission is not None else []

    def result(**fields: object) -> GradingResult:
        return GradingResult(spec.id, path.name, max_score=sum(t.points for t in tests),
                             duration=round(time.monotonic() - started, 4), **identity, **fields,
                             sandbox=layers.stamp(process.last_missing), flags=flags)

    if submission is None:
        return result(score=0.0, error=problem)
    if not submission.cells:
        return result(score=0.0, error=f"{path.name} has no code cells")

    with StudentSession(submission.cells, limits=spec.limits, protected=course.secret_paths,
                        course_root=course.root) as session:
        cell_runs = session.run_cells()
        results = run_tests(files, tests, Student(session), submission.cells,
                            with_reference="hidden" in visibilities, replay_examples=replay_examples)
    cells = [CellResult(run.index, CellStatus(run.status), run.error, run.traceback)
             for run in cell_runs if run.status != CellStatus.OK]
    if cells:  # a function that is "not defined" is usually the casualty of a broken cell: say which
        broken = "; ".join(f"cell {c.cell}: {c.error}" for c in cells[:3])
        for test in results:
            if test.status is Status.ERROR and "does not define" in test.message:
                test.message += f"\n(cells that did not run cleanly: {broken})"
    return result(score=round(sum(r.points for r in results), 6), tests=results, cells=cells)


def file_sha256(path: Path) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""


def written_answers(course: Course, assignment: str) -> tuple:
    """The assignment's answers graded by hand (outside the autograded total); none if unknown."""
    try:
        return course.assignment(assignment).spec.written
    except (LookupError, OSError, ValueError):
        return ()
