"""Does the instructor workflow of docs/instructor.md work with the real nbgrader, end to end?

In a fresh copy of the course (what ``git clone`` gives: ``nbgrader_config.py``,
``assignments/``, ``solutions/`` and the committed ``release/``), with the ``nbgrader``
command, literally as the guide says:

1. ``nbgrader generate_assignment "*"`` rewrites ``release/`` byte for byte and registers
   every assignment, with its due date, in ``gradebook.db``;
2. students hand in through the LMS, for every assignment: the solution, the untouched
   release, an alternative correct solution and the mistake that loses the most tests;
   for a1 every example whose added cell breaks (a crash, an exit, a hang, a flood of
   output) and notebooks that try to fool a grader running in their kernel, plus a late
   one; for a3 a mistake that breaks two of the student's own cells.
   ``nbgrader zip_collect`` files them under ``submitted/``;
3. ``nbgrader autograde "*"``: every test's points in the gradebook are those of
   ``autograder grade`` for the same notebook, hostile ones included; nothing in its log
   about changed checksums; the late notebook gets the late penalty;
4. a teacher grades a3's written answer (through nbgrader's gradebook API, as formgrader
   does), and it counts in the total next to the autograded points;
5. ``nbgrader generate_feedback "*"`` and ``nbgrader export``: the feedback shows the
   score and the grader's messages, a broken cell once, and nothing of solution code,
   hidden test code or the grader's internals; ``grades.csv`` has every total.
"""

from __future__ import annotations

import copy
import csv
import datetime
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from autograder.authoring import Mutant
from autograder.course import Course
from autograder.nbgrader_feedback import graded_cell_labels
from tests.conftest import ROOT, graded
from tests.e2e.conftest import run_tool, tool
from tests.leaks import leaks, public_text, secret_lines, visible_text

COURSE = Course(ROOT)
ASSIGNMENTS = COURSE.assignment_ids()
#: Examples with a mistake that also breaks some of the student's own cells (each error is
#: shown once, under its cell), besides a1's examples whose added cell breaks.
BREAKS_CELLS = (("a3", "gradient_descent_loops_over_starts"),)
WRITTEN = ("a3", "momentum_explained")
LATE = "late"  # hands in the a1 solution a day and a half after the due date

#: Cells that try to fool a grader that runs the tests in the student's kernel, each added
#: to the end of an example notebook of a1: (the example, the cell).
HOSTILE = {
    "patches_selfcheck": ("stub", "from autograder.selfcheck import SelfCheck\n"
                                  "SelfCheck.grade = lambda self, *a, **k: None"),
    "sets_sandbox_variable": ("stub", "import os\nos.environ['AUTOGRADER_SANDBOX'] = '1'"),
    "patches_comparisons": ("sin_cos_swapped", "import numpy as np, numpy.testing, torch\n"
                                               "np.allclose = lambda *a, **k: True\n"
                                               "np.array_equal = lambda *a, **k: True\n"
                                               "np.isclose = lambda a, b, *x, **k: np.ones(np.shape(a), bool)\n"
                                               "numpy.testing.assert_allclose = lambda *a, **k: None\n"
                                               "torch.allclose = lambda *a, **k: True\n"
                                               "torch.testing.assert_close = lambda *a, **k: None"),
    "prints_hidden_tests": ("solution", "import inspect, pathlib, sys\n"
                                        "for name, module in list(sys.modules.items()):\n"
                                        "    if 'hidden' in name or 'solution' in name:\n"
                                        "        print(inspect.getsource(module))\n"
                                        "for root in [pathlib.Path.cwd(), *pathlib.Path.cwd().parents]:\n"
                                        "    for path in root.glob('solutions/*/*.py'):\n"
                                        "        print(path.read_text())"),
    "exits_the_process": ("solution", "import os\nos._exit(0)"),
    "loops_forever": ("solution", "while True:\n    pass"),
}


def examples(aid: str) -> dict[str, Path]:
    """What the students of ``aid`` hand in, by student: the solution, the untouched release,
    an alternative correct solution, the mistake that loses the most tests (by its stated
    outcome, examples/<id>/mutants) and every example whose added cell breaks."""
    folder = ROOT / "examples" / aid
    mutants = [Mutant.load(p) for p in sorted((folder / "mutants").glob("*.py"))]
    mistakes = sorted((m for m in mutants if m.expect == "lost" and m.position == "replace"),
                      key=lambda m: (-len(m.lost), m.name))
    correct = sorted((m for m in mutants if m.expect == "full"), key=lambda m: m.name)
    assert mistakes, f"{aid} has no example submission with a realistic mistake (examples/{aid}/mutants)"
    assert correct, f"{aid} has no alternative correct example submission (examples/{aid}/mutants)"
    chosen = {"solution": folder / "solution.ipynb", "stub": folder / "stub.ipynb",
              correct[0].name: folder / f"{correct[0].name}.ipynb",
              mistakes[0].name: folder / f"{mistakes[0].name}.ipynb"}
    chosen.update({m.name: folder / f"{m.name}.ipynb" for m in mutants if m.position != "replace"})
    chosen.update({name: folder / f"{name}.ipynb" for a, name in BREAKS_CELLS if a == aid})
    return chosen


def with_cell(example: Path, code: str, out: Path) -> Path:
    """``example`` with one more code cell at its end: what a hostile student hands in."""
    notebook = nbformat.read(example, as_version=4)
    cell = nbformat.v4.new_code_cell(code)
    cell["id"] = "hostile"
    notebook.cells.append(cell)
    nbformat.write(notebook, out)
    return out


def with_written_answer(example: Path, out: Path) -> Path:
    notebook = copy.deepcopy(nbformat.read(example, as_version=4))
    for cell in notebook.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == WRITTEN[1]:
            cell.source = ("Plain gradient descent must use a learning rate small enough for the steep "
                           "direction, so it crawls along the flat one; momentum accumulates the steady "
                           "gradient along the flat direction and damps the zig-zag across the steep one.")
    nbformat.write(notebook, out)
    return out


def handed_in(scratch: Path) -> dict[tuple[str, str], Path]:
    """(assignment, student) -> the notebook that student hands in."""
    work = {(aid, student): path for aid in ASSIGNMENTS for student, path in examples(aid).items()}
    for name, (example, code) in HOSTILE.items():
        work["a1", name] = with_cell(ROOT / "examples" / "a1" / f"{example}.ipynb", code, scratch / f"{name}.ipynb")
    work["a1", LATE] = ROOT / "examples" / "a1" / "solution.ipynb"
    work["a3", "solution"] = with_written_answer(ROOT / "examples" / "a3" / "solution.ipynb",
                                                 scratch / "a3_answered.ipynb")
    return work


def due_dates() -> dict[str, datetime.datetime]:
    from traitlets.config import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    return {aid: datetime.datetime.strptime(text, "%Y-%m-%d %H:%M:%S UTC")
            for aid, text in config.RecordDueDate.due_dates.items()}


@dataclass(frozen=True)
class GradedCourse:
    root: Path
    submissions: dict[tuple[str, str], Path]
    autograde_log: str

    def notebook(self, aid: str) -> str:
        return COURSE.assignment(aid).spec.notebook

    def feedback(self, aid: str, student: str) -> Path:
        return self.root / "feedback" / student / aid / Path(self.notebook(aid)).with_suffix(".html")

    def gradebook(self):
        from nbgrader.api import Gradebook

        return Gradebook(f"sqlite:///{self.root / 'gradebook.db'}")


@pytest.fixture(scope="module")
def course_dir(tmp_path_factory) -> GradedCourse:
    """The course after the whole instructor workflow has run in it."""
    root = tmp_path_factory.mktemp("course")
    shutil.copy(ROOT / "nbgrader_config.py", root)
    for name in ("assignments", "solutions", "release"):  # what a fresh clone has
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    nbgrader = tool("nbgrader")
    run_tool([nbgrader, "generate_assignment", "*"], cwd=root)
    submissions = handed_in(tmp_path_factory.mktemp("handed-in"))
    late = (due_dates()["a1"] + datetime.timedelta(hours=36)).strftime("%Y-%m-%d %H:%M:%S")
    for (aid, student), example in submissions.items():
        archive = root / "downloaded" / aid / "archive"
        archive.mkdir(parents=True, exist_ok=True)
        stamp = f"{late}__" if student == LATE else ""
        shutil.copy(example, archive / f"{student}__{stamp}{COURSE.assignment(aid).spec.notebook}")
    for aid in ASSIGNMENTS:
        run_tool([nbgrader, "zip_collect", aid], cwd=root)
    autograde = run_tool([nbgrader, "autograde", "*"], cwd=root, timeout=2400)
    with GradedCourse(root, submissions, "").gradebook() as gradebook:  # a teacher in formgrader
        answer = gradebook.find_grade(WRITTEN[1], Path(COURSE.assignment(WRITTEN[0]).spec.notebook).stem,
                                      WRITTEN[0], "solution")
        assert answer.needs_manual_grade and answer.auto_score is None
        answer.manual_score = 1.5
        gradebook.db.commit()
    run_tool([nbgrader, "generate_feedback", "*"], cwd=root)
    run_tool([nbgrader, "export"], cwd=root)
    return GradedCourse(root, submissions, autograde.stdout + autograde.stderr)


def students(course_dir: GradedCourse, aid: str) -> list[str]:
    return sorted(student for a, student in course_dir.submissions if a == aid)


@pytest.mark.parametrize("aid", ASSIGNMENTS)
def test_does_generate_assignment_give_the_committed_release_and_register_the_due_date(course_dir, aid):
    made = course_dir.root / "release" / aid
    committed = COURSE.assignment(aid).release_dir
    names = sorted(p.relative_to(made).as_posix() for p in made.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(committed).as_posix() for p in committed.rglob("*") if p.is_file())
    for name in names:
        assert (made / name).read_bytes() == (committed / name).read_bytes(), f"release/{aid}/{name} is stale"
    with course_dir.gradebook() as gradebook:
        assert gradebook.find_assignment(aid).duedate == due_dates()[aid]


def test_did_autograde_see_no_changed_cell_and_grade_every_notebook(course_dir):
    assert "has changed" not in course_dir.autograde_log
    assert "Skipping existing assignment" not in course_dir.autograde_log
    # the whole class at once, in warm parallel workers; no notebook graded again on its own
    assert f"grading {len(course_dir.submissions)} submissions in parallel" in course_dir.autograde_log
    assert "on its own" not in course_dir.autograde_log
    for aid, student in course_dir.submissions:
        assert (course_dir.root / "autograded" / student / aid / course_dir.notebook(aid)).is_file(), (aid, student)


@pytest.mark.parametrize("aid", ASSIGNMENTS)
def test_does_the_gradebook_hold_the_points_of_autograder_grade(course_dir, aid):
    spec = COURSE.assignment(aid).spec
    with course_dir.gradebook() as gradebook:
        for student in students(course_dir, aid):
            expected = graded(course_dir.submissions[aid, student])
            notebook = gradebook.find_submission_notebook(Path(spec.notebook).stem, aid, student)
            by_test = {grade.name: grade.score for grade in notebook.grades if grade.name in
                       {t.test for t in spec.tests}}
            points = {t.test: 0.0 for t in spec.tests}  # a notebook that cannot be graded: 0 everywhere
            points.update({t.id: t.points for t in expected.tests})
            assert by_test == points, student


def test_do_hostile_notebooks_get_exactly_their_honest_score(course_dir):
    """Their honest score: what the example they started from gets, as nothing they add
    can change a result; a grader running in their kernel would give more."""
    with course_dir.gradebook() as gradebook:
        for name, (example, _) in HOSTILE.items():
            honest = graded(ROOT / "examples" / "a1" / f"{example}.ipynb")
            notebook = gradebook.find_submission_notebook(Path(course_dir.notebook("a1")).stem, "a1", name)
            assert notebook.score == honest.score, name
            assert graded(course_dir.submissions["a1", name]).score == honest.score, name


def test_does_a_late_notebook_lose_the_late_penalty(course_dir):
    honest = graded(course_dir.submissions["a1", LATE])
    with course_dir.gradebook() as gradebook:
        submission = gradebook.find_submission("a1", LATE)
        assert submission.total_seconds_late == 36 * 3600
        assert submission.score == honest.score  # nbgrader's raw score; the penalty is kept apart
        assert submission.late_submission_penalty == pytest.approx(0.2 * honest.score)  # two started days
        assert gradebook.find_submission("a1", "solution").late_submission_penalty == 0


def test_does_the_hand_graded_answer_count_next_to_the_autograded_points(course_dir):
    aid, answer = WRITTEN
    autograded = graded(course_dir.submissions[aid, "solution"]).score
    with course_dir.gradebook() as gradebook:
        submission = gradebook.find_submission(aid, "solution")
        assert submission.score == pytest.approx(autograded + 1.5)
        assert submission.max_score == COURSE.assignment(aid).spec.points + 2
        untouched = gradebook.find_grade(answer, Path(course_dir.notebook(aid)).stem, aid, "stub")
        assert untouched.score == 0 and not untouched.needs_manual_grade  # "YOUR ANSWER HERE" unchanged
    text = " ".join(visible_text(course_dir.feedback(aid, "solution")).split())
    title = next(a.title for a in COURSE.assignment(aid).spec.written if a.id == answer)
    assert f"Written answer: {title} (Score: 1.5 / 2.0)" in text


@pytest.mark.parametrize("aid", ASSIGNMENTS)
def test_does_feedback_show_the_score_and_the_graders_messages(course_dir, aid):
    max_points = COURSE.assignment(aid).spec.points + sum(a.points for a in COURSE.assignment(aid).spec.written)
    with course_dir.gradebook() as gradebook:
        for student in students(course_dir, aid):
            expected = graded(course_dir.submissions[aid, student])
            notebook = gradebook.find_submission_notebook(Path(course_dir.notebook(aid)).stem, aid, student)
            score = notebook.score - (notebook.late_submission_penalty or 0)  # the feedback shows it after the penalty
            text = " ".join(visible_text(course_dir.feedback(aid, student)).split())
            assert f"(Score: {score:.1f} / {max_points:.1f})" in text, student
            for test in expected.tests:
                if test.status != "passed":
                    message = test.message.split("\n(cells that did not run cleanly")[0]
                    assert " ".join(message.split()) in text, (student, test.id)


@pytest.mark.parametrize("aid", ASSIGNMENTS)
def test_is_every_graded_cell_named_for_a_student_and_the_maths_drawn_offline(course_dir, aid):
    """The feedback's list of graded cells and each cell's heading name the task and what the
    test checks (nbgrader's own page says "Test cell" and the test's id); the page has no
    script (maths arrives as MathML, which the browser draws without a CDN)."""
    labels = graded_cell_labels(COURSE.assignment(aid).spec)
    for student in students(course_dir, aid):
        page = course_dir.feedback(aid, student).read_text(encoding="utf-8")
        text = " ".join(visible_text(course_dir.feedback(aid, student)).split())
        assert "Test cell (" not in text and "Grade cell" not in text, student
        for grade_id, label in labels.items():
            assert text.count(label.replace("`", "")) >= 2, (student, grade_id)  # the list and the heading
        assert re.findall(r"<script\b", page) == [], student
        assert re.findall(r"""<(?:link|img|iframe)\b[^>]*(?:src|href)=["']?(?:https?:)?//""", page) == [], student
        if "$" in "".join(c.source for c in nbformat.read(course_dir.submissions[aid, student], 4).cells
                           if c.cell_type == "markdown"):
            assert "<math" in page and "\\frac" not in text, student


def test_is_a_broken_cell_reported_once_under_itself(course_dir):
    """Each cell of the student's that did not run cleanly shows its own error (two cells
    that raise the same error show it twice, once each); no other cell of theirs shows an
    error, and the tests that lost a function to it do not repeat its traceback."""
    checked = 0
    for (aid, student), example in course_dir.submissions.items():
        result = graded(example)
        notebook = nbformat.read(course_dir.root / "autograded" / student / aid / course_dir.notebook(aid), 4)
        code = [(number, c) for number, c in enumerate(notebook.cells, start=1) if c.cell_type == "code"]
        errors = [(number, o.evalue) for number, c in code if not is_test_cell(c)
                  for o in c.outputs if o.output_type == "error"]
        assert errors == [(cell.cell, cell.error) for cell in result.cells], student
        told = "\n".join(line for _, c in code if is_test_cell(c) for o in c.outputs if o.output_type == "error"
                         for line in o.traceback)
        assert [cell.cell for cell in result.cells if cell.traceback and cell.traceback.strip() in told] == [], student
        checked += bool(result.cells)
    assert checked >= 3, "the examples have notebooks with broken cells"


def is_test_cell(cell) -> bool:
    """An autograded test cell (its error output is the grader's message for that test)."""
    meta = cell.metadata.get("nbgrader", {})
    return bool(meta.get("grade")) and not meta.get("solution")


def test_does_export_write_every_total(course_dir):
    with (course_dir.root / "grades.csv").open(newline="") as handle:
        rows = {(row["assignment"], row["student_id"]): row for row in csv.DictReader(handle)}
    assert set(course_dir.submissions) <= set(rows)  # and a row of 0 for each assignment a student skipped
    assert all(float(row["score"]) == 0 for key, row in rows.items() if key not in course_dir.submissions)
    with course_dir.gradebook() as gradebook:
        for aid, student in course_dir.submissions:
            submission = gradebook.find_submission(aid, student)
            assert float(rows[aid, student]["score"]) == pytest.approx(
                max(0.0, submission.score - submission.late_submission_penalty))
    assert float(rows["a1", "solution"]["score"]) == graded(course_dir.submissions["a1", "solution"]).score
    assert float(rows["a1", LATE]["score"]) == pytest.approx(0.8 * graded(course_dir.submissions["a1", LATE]).score)


def test_is_there_no_hypothesis_folder_in_the_course(course_dir):
    assert [p for p in course_dir.root.rglob(".hypothesis")] == []


@pytest.mark.parametrize("aid", ASSIGNMENTS)
def test_does_no_student_file_hold_secret_code_or_grader_internals(course_dir, aid):
    files = COURSE.assignment(aid)
    secrets, public = secret_lines(files), public_text(files)
    assert secrets, "the leak check found no solution or hidden test lines to look for"
    for path in sorted(p for p in (course_dir.root / "release" / aid).rglob("*") if p.is_file()):
        text = visible_text(path)
        assert not re.search(r"(BEGIN|END) (SOLUTION|HIDDEN TESTS)", text), path
        assert leaks(text, secrets, allowed=public) == [], path
    internals = [str(ROOT), str(course_dir.root), "site-packages", "autograder/", "Traceback (most recent call"]
    for student in students(course_dir, aid):
        own = visible_text(course_dir.submissions[aid, student])
        messages = "\n".join(t.message for t in graded(course_dir.submissions[aid, student]).tests)
        for path in sorted(p for p in (course_dir.root / "feedback" / student / aid).rglob("*") if p.is_file()):
            text = visible_text(path)
            assert leaks(text, secrets, allowed=public + own + messages) == [], (student, path)
            assert [marker for marker in internals if marker in text] == [], (student, path)


#: Assignments whose notebooks tests/e2e/test_student_jupyterlab.py runs in a browser.
IN_THE_BROWSER = ("a1", "a3", "a7", "a8")


@pytest.mark.parametrize("aid", [aid for aid in ASSIGNMENTS if aid not in IN_THE_BROWSER])
def test_does_each_notebook_run_top_to_bottom_in_a_kernel_with_its_self_checks(tmp_path, aid):
    """What a student does (docs/student.md), for the notebooks the browser test does not
    open: the release and the filled-in notebook, next to spec.toml and public_tests.py,
    run in a Jupyter kernel without a failing cell; the release's self-checks say "not
    implemented", the filled-in one's all pass and its figures are drawn."""
    from nbclient import NotebookClient

    from autograder.authoring import parse_template

    files = COURSE.assignment(aid)
    checked = [c.names[0] for c in parse_template(files.notebook_template.read_text()) if c.kind == "selfcheck"]
    for example, passing in (("stub", False), ("solution", True)):
        folder = tmp_path / example
        shutil.copytree(files.release_dir, folder)
        notebook = nbformat.read(ROOT / "examples" / aid / f"{example}.ipynb", as_version=4)
        NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(folder)}},
                       allow_errors=True).execute()
        failed = [c.source.splitlines()[0] for c in notebook.cells if c.cell_type == "code"
                  and not c.metadata.get("nbgrader", {}).get("grade")
                  and any(o.output_type == "error" for o in c.outputs)]
        assert failed == [], (example, failed)
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
