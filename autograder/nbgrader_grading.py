"""nbgrader with the sandboxed grader as its engine.

``nbgrader autograde`` normally runs every submitted notebook in a Jupyter kernel and
scores each autograded test cell by whether it raised. Here the kernel step (nbgrader's
``Execute`` preprocessor) is replaced, in ``nbgrader_config.py``, by
:class:`SandboxedGrading`: it hands the sanitized notebook (nbgrader has already
restored its locked cells from the gradebook) to :func:`autograder.runner.grade_submission`
— the student's cells run in the sandbox, the tests on the trusted side, exactly as in
``autograder grade`` — and writes each test's outcome into that test's cell:

- passed: a line on stdout, so nbgrader gives the cell its points;
- not passed: an error output holding the grader's message, so the cell gets 0.

A cell of the student's that did not run cleanly gets its error under it, once; the
tests that failed because of it say so in a line instead of repeating it. After that
nbgrader's own ``SaveAutoGrades``, late penalty, feedback and export run unchanged.
No student code runs in the nbgrader process, and no hidden test or reference code
enters a kernel or a notebook.

A class costs what it costs in ``autograder grade``: at the first notebook, the
submissions nbgrader is about to autograde (``submitted/<student>/<id>/``, for the
students and assignments it was asked for) are graded together by :func:`autograder.batch.grade_batch`
in warm parallel workers (one zygote and one set of prepared checks per worker, not a
kernel per notebook). Each notebook then takes its result when its code cells are the
ones that were graded — always, unless the student changed a locked cell, which nbgrader
has just restored: such a notebook is graded again, as restored, in this process.

Also here: :class:`RecordDueDate` (``generate_assignment`` registers each assignment's
due date from the config) and :class:`LatePenaltyPerDay` (nbgrader's late-penalty plugin).
"""

from __future__ import annotations

import fnmatch
import glob
import math
import os
import tempfile
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.plugins import LateSubmissionPlugin
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Dict, Float, Int, Unicode

from autograder.results import GradingResult

#: What nbgrader shows as the error's name in the feedback, by test status.
FAILURE_NAMES = {"failed": "Test failed", "error": "Test error", "timeout": "Test timed out"}

#: The runner's note about broken cells, added to every test that lost a function to one.
_BROKEN_CELLS_NOTE = "\n(cells that did not run cleanly: "


def _course(root: str):
    from autograder.course import Course

    return Course(Path(root).resolve())


_courses: dict[str, object] = {}
#: (course root, assignment pattern, student pattern) -> {(student, assignment): result}
#: of the class graded at once.
_class_results: dict[tuple[str, str, str], dict[tuple[str, str], GradingResult]] = {}


class SandboxedGrading(NbGraderPreprocessor):
    """Grade the notebook with the sandboxed grader; write each test's outcome into its cell."""

    course_root = Unicode("", help="The course (assignments/, solutions/); default: nbgrader's course root."
                          ).tag(config=True)
    workers = Int(0, help="Parallel grader processes for the class (0: one per CPU; 1: grade each "
                          "notebook on its own, in this process).").tag(config=True)

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        course = self._the_course()
        files = course.assignment(info["assignment"])
        if Path(files.spec.notebook).stem != info["notebook"]:
            self.log.warning("%s is not the notebook of assignment %s (%s): not graded",
                             info["notebook"], files.id, files.spec.notebook)
            return nb, resources
        coursedir = self._coursedir()
        raw = Path(coursedir.format_path(coursedir.submitted_directory, info["student"], files.id)) / files.spec.notebook
        if _refused(raw):  # what `autograder grade` refuses (an old nbformat nbgrader would upgrade): 0, with why
            result = _grade(raw, course, files.id, info["student"])
        else:
            with tempfile.TemporaryDirectory(prefix="autograder-nbgrader-") as scratch:
                path = Path(scratch) / files.spec.notebook
                nbformat.write(nb, path)
                result = self._graded_with_class(course, files, info["student"], path)
                if result is None:
                    self.log.info("Sandboxed grader: grading %s/%s on its own (not in the class's batch, "
                                  "or a locked cell was restored)", info["student"], files.id)
                    result = _grade(path, course, files.id, info["student"])
        self.log.info("Sandboxed grader: %s/%s scored %g of %g", info["student"], files.id,
                      result.score, result.max_score)
        write_outcomes(nb, result)
        return nb, resources

    def _coursedir(self):
        """The course directory of the running nbgrader command: the one that holds the
        assignment and students it was asked for (``nbgrader autograde a1 --student ada``),
        which the command sets on its own instance, not in the configuration."""
        owner = self.parent  # the exporter, whose parent is nbgrader's Autograde converter
        while owner is not None:
            if getattr(owner, "coursedir", None) is not None:
                return owner.coursedir
            owner = getattr(owner, "parent", None)
        from nbgrader.coursedir import CourseDirectory

        return CourseDirectory(parent=self)

    def _the_course(self):
        root = self.course_root or self._coursedir().root
        if root not in _courses:
            _courses[root] = _course(root)
        return _courses[root]

    def _graded_with_class(self, course, files, student: str, notebook: Path) -> GradingResult | None:
        """This student's result from the class graded at once, if it graded these very cells."""
        if self.workers == 1:
            return None
        coursedir = self._coursedir()
        key = (str(course.root), coursedir.assignment_id, coursedir.student_id)
        if key not in _class_results:
            _class_results[key] = self._grade_class(course, coursedir)
        result = _class_results[key].get((student, files.id))
        if result is None:
            return None
        from autograder.submission import InvalidSubmission, load_submission

        raw = Path(coursedir.format_path(coursedir.submitted_directory, student, files.id)) / files.spec.notebook
        try:
            same = load_submission(raw).cells == load_submission(notebook).cells
        except InvalidSubmission:
            same = False
        return result if same else None

    def _grade_class(self, course, coursedir) -> dict[tuple[str, str], GradingResult]:
        """Grade every submission this autograde run is about to see (its students and
        assignments), all at once in parallel workers."""
        from autograder.batch import Job, grade_batch

        jobs = []
        for aid in course.assignment_ids():
            if not fnmatch.fnmatch(aid, coursedir.assignment_id):
                continue
            pattern = os.path.join(coursedir.format_path(coursedir.submitted_directory, coursedir.student_id, aid),
                                   course.assignment(aid).spec.notebook)
            jobs += [Job(Path(p).parent.parent.name, aid, Path(p)) for p in sorted(glob.glob(pattern))]
        if len(jobs) < 2:
            return {}
        self.log.info("Sandboxed grader: grading %d submissions in parallel", len(jobs))
        with tempfile.TemporaryDirectory(prefix="autograder-nbgrader-class-") as out:
            summary = grade_batch(jobs, course=course, out=Path(out), workers=self.workers or None)
        return {(result.student, result.assignment): result for result in summary.results}


def _refused(path: Path) -> bool:
    from autograder.submission import InvalidSubmission, load_submission

    try:
        load_submission(path)
    except InvalidSubmission:
        return True
    return False


def _grade(path: Path, course, assignment: str, student: str) -> GradingResult:
    from autograder.runner import grade_submission

    return grade_submission(path, course=course, assignment=assignment, student=student)


def write_outcomes(nb, result: GradingResult) -> None:
    """Each graded test cell gets its outcome; each broken cell of the student's its error, once."""
    by_test = {test.id: test for test in result.tests}
    broken = {cell.cell: cell for cell in result.cells}
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        grading = cell.metadata.get("nbgrader", {})
        if grading.get("grade") and not grading.get("solution"):
            test = by_test.get(grading.get("grade_id"))
            cell.outputs = [_outcome(test, result, float(grading.get("points", 0)))]
        elif number in broken:
            run = broken[number]
            text = run.error + (f"\n{run.traceback}" if run.traceback else "")
            cell.outputs = [nbformat.v4.new_output("error", ename=f"This cell did not run cleanly ({run.status})",
                                                   evalue=run.error, traceback=text.splitlines())]


def _outcome(test, result: GradingResult, possible: float):
    if result.error:
        return _error("Not graded", result.error)
    if test is None:
        return _error("Not graded", "the grader has no test of this name; ask your teacher")
    if test.status == "passed" and test.points >= test.max_points:
        return nbformat.v4.new_output("stream", name="stdout",
                                      text=f"Passed: {test.points:g} of {test.max_points:g} points\n")
    if test.points > 0:  # partial credit: nbgrader reads a number in an execute result
        return nbformat.v4.new_output("execute_result", data={"text/plain": f"{test.points:g}"}, execution_count=None)
    message = test.message
    if _BROKEN_CELLS_NOTE in message:  # the broken cell shows its own error, once
        message = message.split(_BROKEN_CELLS_NOTE)[0] + "\n(a cell above did not run cleanly: see the error under it)"
    heading = f"{test.status}: 0 of {test.max_points:g} points"
    return _error(FAILURE_NAMES.get(test.status, "Test failed"), message, heading)


def _error(name: str, message: str, heading: str = ""):
    lines = ([heading] if heading else []) + message.splitlines()
    return nbformat.v4.new_output("error", ename=name, evalue=message, traceback=lines)


class RecordDueDate(NbGraderPreprocessor):
    """During ``nbgrader generate_assignment``: record the assignment's due date in the gradebook.

    The dates are ``c.RecordDueDate.due_dates`` in ``nbgrader_config.py`` (assignment id →
    ``"YYYY-MM-DD HH:MM:SS TZ"``), so releasing an assignment registers both it and its
    deadline, and ``nbgrader autograde`` can apply the late penalty.
    """

    due_dates = Dict(value_trait=Unicode(), help="Assignment id -> due date, e.g. '2027-01-22 23:59:00 UTC'."
                     ).tag(config=True)

    def preprocess(self, nb, resources):
        info = resources.get("nbgrader", {})
        due = self.due_dates.get(info.get("assignment"))
        if due and info.get("db_url"):
            with Gradebook(info["db_url"]) as gradebook:
                try:
                    gradebook.update_or_create_assignment(info["assignment"], duedate=due)
                except MissingEntry:
                    pass
        return nb, resources


class LatePenaltyPerDay(LateSubmissionPlugin):
    """A late notebook loses ``fraction_per_day`` of its score for every started day, down to 0."""

    fraction_per_day = Float(0.1, help="Share of the score lost per started day of lateness.").tag(config=True)

    def late_submission_penalty(self, student_id: str, score: float, total_seconds_late: float) -> float | None:
        if total_seconds_late <= 0:
            return None
        days = math.ceil(total_seconds_late / 86400)
        return round(min(score, score * self.fraction_per_day * days), 6)
