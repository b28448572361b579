"""Does the sandboxed grader's result become the cell outcomes nbgrader scores?

nbgrader scores an autograded code cell by its outputs (``nbgrader.utils.determine_grade``:
an error output is 0, anything else the cell's points); :func:`write_outcomes` must give
every test cell the points of ``autograder grade``, show a broken cell's error once,
under that cell, and nothing else. The end-to-end run is tests/e2e/test_instructor_nbgrader.py.
"""

from __future__ import annotations

import nbformat
import pytest
from nbgrader.utils import determine_grade

from autograder.cli import main
from autograder.course import Course
from autograder.nbgrader_feedback import FeedbackExporter, graded_cell_labels, label_html, tex_to_mathml
from autograder.nbgrader_grading import LatePenaltyPerDay, SandboxedGrading, write_outcomes
from autograder.results import CellResult, GradingResult
from autograder.results import TestResult as Outcome
from tests.conftest import ROOT


def notebook():
    cells = [nbformat.v4.new_code_cell("import missing_module"),
             nbformat.v4.new_code_cell("def f(x):\n    return x")]
    for name, points in (("test_a", 2), ("test_b", 1), ("test_c", 3)):
        cell = nbformat.v4.new_code_cell(f"# {name}")
        cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": name, "points": points,
                                     "locked": True, "schema_version": 3}
        cells.append(cell)
    return nbformat.v4.new_notebook(cells=cells)


def result(**fields):
    tests = [Outcome("test_a", "t", 2.0, 2.0, "passed", "", "hidden"),
             Outcome("test_b", "t", 0.0, 1.0, "failed", "f(x) returned 1, expected 2", "hidden"),
             Outcome("test_c", "u", 0.0, 3.0, "error",
                        "your notebook does not define g\n(cells that did not run cleanly: cell 1: ImportError)",
                        "public")]
    return GradingResult("a0", "n.ipynb", 2.0, 6.0, tests=tests, **fields)


def scores(nb):
    return {c.metadata["nbgrader"]["grade_id"]: determine_grade(c)[0] for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("grade")}


def test_does_every_test_cell_get_the_graders_points_and_message():
    nb = notebook()
    write_outcomes(nb, result())
    assert scores(nb) == {"test_a": 2.0, "test_b": 0, "test_c": 0}
    failed = nb.cells[3].outputs[0]
    assert failed.output_type == "error" and failed.evalue == "f(x) returned 1, expected 2"
    assert failed.traceback == ["failed: 0 of 1 points", "f(x) returned 1, expected 2"]


def test_is_a_broken_cell_shown_once_under_itself_and_not_under_every_test():
    nb = notebook()
    write_outcomes(nb, result(cells=[CellResult(1, "error", "ModuleNotFoundError: No module named 'missing_module'",
                                                '  File "<cell 1>", line 1, in <module>\n')]))
    assert nb.cells[0].outputs[0].evalue == "ModuleNotFoundError: No module named 'missing_module'"
    assert nb.cells[1].outputs == []
    text = nb.cells[4].outputs[0].evalue
    assert "ImportError" not in text and "a cell above did not run cleanly" in text


def test_does_a_notebook_that_could_not_be_graded_score_zero_everywhere():
    nb = notebook()
    write_outcomes(nb, GradingResult("a0", "n.ipynb", 0.0, 6.0, error="n.ipynb has no code cells"))
    assert scores(nb) == {"test_a": 0, "test_b": 0, "test_c": 0}


def test_does_an_unknown_test_cell_score_zero():
    nb = notebook()
    nb.cells[2].metadata["nbgrader"]["grade_id"] = "test_renamed"
    write_outcomes(nb, result())
    assert scores(nb)["test_renamed"] == 0


def test_does_partial_credit_reach_nbgrader():
    nb = notebook()
    graded = result()
    graded.tests[2] = Outcome("test_c", "u", 1.5, 3.0, "failed", "half", "public")
    write_outcomes(nb, graded)
    assert scores(nb)["test_c"] == 1.5


@pytest.mark.parametrize(("seconds_late", "penalty"), [(0, None), (1, 1.0), (86400, 1.0), (86401, 2.0),
                                                       (20 * 86400, 10.0)])
def test_does_a_late_notebook_lose_a_tenth_per_started_day(seconds_late, penalty):
    assert LatePenaltyPerDay().late_submission_penalty("ada", 10.0, seconds_late) == penalty


def test_does_autograder_grade_name_the_hand_graded_answer_outside_the_total(capsys):
    main(["grade", str(ROOT / "examples" / "a3" / "stub.ipynb")])
    out = capsys.readouterr().out
    assert "Total: 0 / 36" in out
    assert "- momentum_explained: Why momentum needs fewer steps on an ill-conditioned quadratic (2 points), " \
           "graded by hand" in out


def test_is_every_graded_cell_named_by_its_task_and_what_it_checks():
    spec = Course(ROOT).assignment("a3").spec
    labels = graded_cell_labels(spec)
    assert set(labels) == {t.test for t in spec.tests} | {a.id for a in spec.written}
    for task in spec.tasks:
        for test in task.tests:
            assert labels[test.test].startswith(f"{task.title}: "), test.test
            assert test.test not in labels[test.test]
    assert label_html("`f` < 1") == "<code>f</code> &lt; 1"


def test_does_the_feedback_page_name_the_cells_and_draw_maths_without_a_script():
    cell = nbformat.v4.new_code_cell("# a test")
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": "test_a", "points": 2, "score": 1.0,
                                 "locked": True, "schema_version": 3}
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(r"Minimize $\frac{1}{n}\lVert r\rVert^2$:"
                                                                       "\n\n$$x_t = x_{t-1} - \\eta g$$"), cell])
    resources = {"nbgrader": {"notebook": "n", "score": 1.0, "max_score": 2.0, "late_penalty": 0},
                 "labels": {"test_a": label_html("Task A: `f` returns one")}}
    page, _ = FeedbackExporter().from_notebook_node(nb, resources=resources)
    assert "<script" not in page and "mathjax" not in page.lower()
    assert page.count("<math") == 2 and r"\frac" not in page
    assert page.count("Task A: <code>f</code> returns one") == 2  # the list of graded cells and the heading
    assert "Test cell" not in page and "(Score: 1.0 / 2.0)" in page


def test_is_maths_latex2mathml_cannot_read_shown_as_code():
    assert tex_to_mathml(r"\begin{nosuchenv}x", display=False).startswith("<code>")


def test_does_the_grading_step_see_what_nbgrader_autograde_was_asked_for(tmp_path):
    """``nbgrader autograde a1 --student ada`` sets the assignment and student on its own
    course directory, not in the configuration: the class graded at once is that one."""
    from nbconvert.exporters import NotebookExporter
    from nbgrader.converters import Autograde
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(root=str(tmp_path))
    coursedir.assignment_id, coursedir.student_id = "a1", "ada"
    step = SandboxedGrading(parent=NotebookExporter(parent=Autograde(coursedir=coursedir)))
    assert step._coursedir() is coursedir
