"""Does the instructor workflow work with the real nbgrader, end to end?

What an instructor does (docs/instructor.md), with the ``nbgrader`` command, in a
temporary copy of the course (``nbgrader_config.py``, ``assignments/``, ``solutions/``):

1. ``nbgrader generate_assignment "*"`` writes ``release/``: it must be the committed
   ``release/``, byte for byte;
2. three students hand in every assignment through the LMS: one solved it
   (``examples/<id>/solution.ipynb``), one made a realistic mistake (an example
   submission, see :func:`wrong_example`), one handed in the untouched release; the
   downloads go to ``downloaded/<id>/archive/`` and ``nbgrader zip_collect <id>``
   files them under ``submitted/``;
3. ``nbgrader autograde "*"`` must run every notebook to its end (the self-checks
   printing what students see) and give every test, so every task, the points that
   ``autograder grade`` gives the same notebook;
4. ``nbgrader generate_feedback "*"`` must write feedback that shows the score and the
   grader's teaching messages;
5. ``nbgrader export`` must write ``grades.csv`` with every student's total;
6. nothing a student receives (the release, the feedback) may hold solution code or
   hidden test code.
"""

from __future__ import annotations

import csv
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from autograder.authoring import Mutant, parse_template
from autograder.course import Course
from tests.conftest import ROOT, graded
from tests.e2e.conftest import run_tool, tool
from tests.leaks import leaks, public_text, secret_lines, visible_text

COURSE = Course(ROOT)
ASSIGNMENTS = COURSE.assignment_ids()
STUDENTS = ("solved", "mistaken", "untouched")


def wrong_example(aid: str) -> Path:
    """The example submission with a realistic mistake that loses the most tests.

    Realistic: its functions are replaced by wrong code and every failure is a failed
    check (no crash, no time-out, no broken cell), so any grader must see the same.
    """
    examples = ROOT / "examples" / aid
    mutants = [Mutant.load(p) for p in sorted((examples / "mutants").glob("*.py"))]
    candidates = sorted((m for m in mutants if m.expect == "lost" and m.position == "replace"),
                        key=lambda m: (-len(m.lost), m.name))
    for mutant in candidates:
        result = graded(examples / f"{mutant.name}.ipynb")
        if not result.cells and {t.status for t in result.tests} <= {"passed", "failed"}:
            return examples / f"{mutant.name}.ipynb"
    pytest.fail(f"{aid} has no example submission with a realistic mistake (examples/{aid}/mutants)")


def handed_in(aid: str) -> dict[str, Path]:
    """What each student hands in for ``aid``: an example submission."""
    examples = ROOT / "examples" / aid
    return {"solved": examples / "solution.ipynb", "mistaken": wrong_example(aid),
            "untouched": examples / "stub.ipynb"}


@dataclass(frozen=True)
class GradedCourse:
    root: Path
    submissions: dict[tuple[str, str], Path]  # (assignment, student) -> the example handed in

    def feedback(self, aid: str, student: str) -> Path:
        return self.root / "feedback" / student / aid / Path(COURSE.assignment(aid).spec.notebook).with_suffix(".html")


@pytest.fixture(scope="module")
def course_dir(tmp_path_factory) -> GradedCourse:
    """The course after the whole instructor workflow has run in it."""
    root = tmp_path_factory.mktemp("course")
    shutil.copy(ROOT / "nbgrader_config.py", root)
    for name in ("assignments", "solutions"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    nbgrader = tool("nbgrader")
    run_tool([nbgrader, "generate_assignment", "*"], cwd=root)
    submissions = {}
    for aid in ASSIGNMENTS:
        archive = root / "downloaded" / aid / "archive"
        archive.mkdir(parents=True)
        notebook = COURSE.assignment(aid).spec.notebook
        for student, example in handed_in(aid).items():
            shutil.copy(example, archive / f"{student}__{notebook}")
            submissions[aid, student] = example
        run_tool([nbgrader, "zip_collect", aid], cwd=root)
    run_tool([nbgrader, "autograde", "*"], cwd=root, timeout=1800)
    run_tool([nbgrader, "generate_feedback", "*"], cwd=root)
    run_tool([nbgrader, "export"], cwd=root)
    return GradedCourse(root, submissions)


@pytest.mark.parametrize("aid", ASSIGNMENTS)
def test_does_generate_assignment_give_the_committed_release(course_dir, aid):
    made = course_dir.root / "release" / aid
    committed = COURSE.assignment(aid).release_dir
    names = sorted(p.relative_to(made).as_posix() for p in made.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(committed).as_posix() for p in committed.rglob("*") if p.is_file())
    for name in names:
        assert (made / name).read_bytes() == (committed / name).read_bytes(), f"release/{aid}/{name} is stale"


@pytest.mark.parametrize("aid", ASSIGNMENTS)
def test_does_collect_file_every_submission(course_dir, aid):
    notebook = COURSE.assignment(aid).spec.notebook
    for student in STUDENTS:
        collected = course_dir.root / "submitted" / student / aid / notebook
        assert collected.read_bytes() == course_dir.submissions[aid, student].read_bytes()


@pytest.mark.parametrize("aid", ASSIGNMENTS)
def test_does_autograde_give_the_points_of_autograder_grade(course_dir, aid):
    from nbgrader.api import Gradebook

    spec = COURSE.assignment(aid).spec
    notebook_id = Path(spec.notebook).stem
    with Gradebook(f"sqlite:///{course_dir.root / 'gradebook.db'}") as gradebook:
        for student in STUDENTS:
            expected = graded(course_dir.submissions[aid, student])
            cells = gradebook.find_submission_notebook(notebook_id, aid, student).grades
            by_test = {grade.name: grade.score for grade in cells}
            assert by_test == {t.id: t.points for t in expected.tests}, student
            by_task = {task.id: sum(by_test[t.test] for t in task.tests) for task in spec.tasks}
            assert by_task == {task: earned for task, (earned, _) in expected.task_points().items()}, student
    assert graded(course_dir.submissions[aid, "solved"]).full_marks
    assert graded(course_dir.submissions[aid, "untouched"]).score == 0
    assert 0 < graded(course_dir.submissions[aid, "mistaken"]).score < spec.points


@pytest.mark.parametrize("aid", ASSIGNMENTS)
def test_did_every_notebook_run_to_the_end_with_its_self_checks(course_dir, aid):
    """nbgrader ran each notebook top to bottom in a Jupyter kernel: the untouched release
    without a failing cell outside the test cells, its self-checks saying "not
    implemented"; the solved one without any failing cell, every self-check passing and,
    if the notebook plots, its figures drawn."""
    files = COURSE.assignment(aid)
    checked = [c.names[0] for c in parse_template(files.notebook_template.read_text()) if c.kind == "selfcheck"]
    for student, passing in (("untouched", False), ("solved", True)):
        notebook = nbformat.read(course_dir.root / "autograded" / student / aid / files.spec.notebook, 4)
        failed = [c.source.splitlines()[0] for c in notebook.cells if c.cell_type == "code"
                  and not c.metadata.get("nbgrader", {}).get("grade")
                  and any(o.output_type == "error" for o in c.outputs)]
        assert failed == [], (student, failed)
        printed = "".join(o.get("text", "") or o.get("data", {}).get("text/plain", "")  # self-checks: display_data
                          for c in notebook.cells if c.cell_type == "code" for o in c.outputs)
        for task in checked:
            public = sum(t.visibility == "public" for t in files.spec.task(task).tests)
            assert f"Self-check {task}: {public if passing else 0} of {public} public checks passed" in printed
            assert passing or f"not implemented yet (task {task}: " in printed
        if passing and "plt." in files.notebook_template.read_text(encoding="utf-8"):
            images = sum("image/png" in o.get("data", {}) for c in notebook.cells if c.cell_type == "code"
                         for o in c.outputs)
            assert images > 0, "the solved notebook plots, but no figure was drawn"


@pytest.mark.parametrize("aid", ASSIGNMENTS)
def test_does_feedback_show_the_score_and_the_teaching_messages(course_dir, aid):
    spec = COURSE.assignment(aid).spec
    for student in STUDENTS:
        expected = graded(course_dir.submissions[aid, student])
        text = " ".join(visible_text(course_dir.feedback(aid, student)).split())
        assert f"(Score: {expected.score:.1f} / {spec.points:.1f})" in text, student
        for test in expected.tests:
            if test.status != "passed":
                assert " ".join(test.message.split()) in text, (student, test.id, test.message)


def test_does_export_write_every_total_to_the_gradebook_csv(course_dir):
    with (course_dir.root / "grades.csv").open(newline="") as handle:
        rows = {(row["assignment"], row["student_id"]): row for row in csv.DictReader(handle)}
    assert set(rows) == set(course_dir.submissions)
    for (aid, student), example in course_dir.submissions.items():
        expected = graded(example)
        assert float(rows[aid, student]["score"]) == expected.score
        assert float(rows[aid, student]["max_score"]) == COURSE.assignment(aid).spec.points


@pytest.mark.parametrize("aid", ASSIGNMENTS)
def test_does_no_student_file_hold_solution_or_hidden_test_code(course_dir, aid):
    files = COURSE.assignment(aid)
    secrets, public = secret_lines(files), public_text(files)
    assert secrets, "the leak check found no solution or hidden test lines to look for"
    released = sorted(p for p in (course_dir.root / "release" / aid).rglob("*") if p.is_file())
    for path in released:
        text = visible_text(path)
        assert not re.search(r"(BEGIN|END) (SOLUTION|HIDDEN TESTS)", text), path
        assert leaks(text, secrets, allowed=public) == [], path
    for student in STUDENTS:
        feedback = course_dir.root / "feedback" / student / aid
        own = visible_text(course_dir.submissions[aid, student])
        # The grader's messages describe the failing call (which input), by design.
        messages = "\n".join(t.message for t in graded(course_dir.submissions[aid, student]).tests)
        for path in sorted(p for p in feedback.rglob("*") if p.is_file()):
            assert leaks(visible_text(path), secrets, allowed=public + own + messages) == [], (student, path)
