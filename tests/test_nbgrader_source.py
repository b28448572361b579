"""Is the nbgrader source notebook a faithful instructor version of the assignment?"""

from __future__ import annotations

import nbformat
import pytest

from autograder import authoring
from autograder.course import Course
from autograder.nbgrader_source import solution_source, source_notebook, graded_cell_source
from autograder import spec
from tests.conftest import ROOT

ASSIGNMENTS = Course(ROOT).assignment_ids()


@pytest.mark.parametrize("aid", ASSIGNMENTS)
def test_are_the_released_solution_cells_exactly_the_stubs(course, aid):
    files = course.assignment(aid)
    reference = authoring.function_sources(files.solution)
    task_of = {f: task.id for task in files.spec.tasks for f in task.functions}
    released = nbformat.read(files.release_dir / files.spec.notebook, as_version=4)
    solution_cells = [c for c in released.cells if c.metadata.get("nbgrader", {}).get("solution")
                      and c.cell_type == "code"]
    templates = [c for c in authoring.parse_template(files.notebook_template.read_text()) if c.kind == "solution"]
    assert len(solution_cells) == len(templates)
    for cell, template in zip(solution_cells, templates):
        stubs = [authoring.stub_source(reference[name], task_of[name], authoring.method_tasks(task_of, name))
                 for name in template.names]
        assert cell.source == "\n\n\n".join(stubs)


@pytest.mark.parametrize("aid", ASSIGNMENTS)
def test_does_every_test_of_the_spec_get_one_locked_graded_cell_after_the_template(course, aid):
    files = course.assignment(aid)
    cells = source_notebook(files).cells
    graded = [(i, c.metadata["nbgrader"]) for i, c in enumerate(cells)
              if c.metadata.get("nbgrader", {}).get("grade") and not c.metadata["nbgrader"]["solution"]]
    assert [(m["grade_id"], m["points"]) for _, m in graded] == [(t.test, t.points) for t in files.spec.tests]
    assert all(m["locked"] and not m["solution"] for _, m in graded)
    template_cells = len(authoring.parse_template(files.notebook_template.read_text()))
    assert min(i for i, _ in graded) > template_cells - 1, "tests run after every cell of the notebook"


def test_is_a_test_cell_comments_naming_the_task_the_check_and_the_points():
    task = spec.Task("momentum", "Gradient descent with momentum", ("momentum_descent",),
                     (spec.TestSpec("test_momentum_descent_zero_is_gradient_descent", "momentum", 2.0, "hidden"),))
    cell = graded_cell_source(task, task.tests[0])
    assert all(line.startswith("# ") for line in cell.splitlines())
    assert cell.splitlines()[0] == ("# Task momentum (Gradient descent with momentum). "
                                    "Checks: `momentum_descent` zero is gradient descent.")
    assert "2 points; a hidden test" in cell and "BEGIN HIDDEN" not in cell and "SelfCheck" not in cell


@pytest.mark.parametrize("aid", ASSIGNMENTS)
def test_are_released_test_cells_the_source_cells_so_checksums_never_change(course, aid):
    """nbgrader records the source cell's checksum in the gradebook and warns at autograde
    when a submitted locked cell differs: the release must carry the source's cells."""
    from nbgrader.utils import compute_checksum

    files = course.assignment(aid)
    source = {c.metadata["nbgrader"]["grade_id"]: c for c in source_notebook(files).cells
              if c.metadata.get("nbgrader", {}).get("grade") and not c.metadata["nbgrader"]["solution"]}
    released = nbformat.read(files.release_dir / files.spec.notebook, as_version=4)
    tests = [c for c in released.cells if c.metadata.get("nbgrader", {}).get("grade")
             and not c.metadata["nbgrader"]["solution"]]
    assert [c.metadata["nbgrader"]["grade_id"] for c in tests] == [t.test for t in files.spec.tests]
    for cell in tests:
        grade_id = cell.metadata["nbgrader"]["grade_id"]
        assert cell.source == source[grade_id].source
        assert cell.metadata["nbgrader"]["checksum"] == compute_checksum(cell)


def test_is_the_a3_written_answer_a_hand_graded_markdown_cell_whose_answer_students_do_not_get(course):
    files = course.assignment("a3")
    answer = files.spec.written_answer("momentum_explained")
    source = [c for c in source_notebook(files).cells if c.metadata.get("nbgrader", {}).get("grade_id") == answer.id]
    released = [c for c in nbformat.read(files.release_dir / files.spec.notebook, as_version=4).cells
                if c.metadata.get("nbgrader", {}).get("grade_id") == answer.id]
    assert len(source) == len(released) == 1
    assert source[0].cell_type == released[0].cell_type == "markdown"
    grading = released[0].metadata["nbgrader"]
    assert grading["grade"] and grading["solution"] and grading["points"] == answer.points == 2
    assert released[0].source == "YOUR ANSWER HERE"
    assert "lr / (1 - beta)" in source[0].source  # the model answer, for the teacher
    assert files.spec.points == sum(t.points for t in files.spec.tests), "hand-graded points are not autograded"


def test_does_a_reference_that_falls_off_its_end_still_return_before_the_stub_raise():
    source = 'def log(xs):\n    """Doc."""\n    xs.append(1)\n'
    region = solution_source(source, "log")
    assert region.splitlines()[-1].strip().startswith('raise NotImplementedError("task log: ')
    namespace = {}
    exec(region, namespace)
    assert namespace["log"]([]) is None


def test_does_removing_the_solution_region_leave_the_stub():
    source = 'def f(X):\n    """Doc."""\n    # a comment\n    return X + 1\n'
    lines, kept, inside = solution_source(source, "f").splitlines(), [], False
    for line in lines:  # what nbgrader's ClearSolutions does, with code_stub "# YOUR CODE HERE"
        if "BEGIN SOLUTION" in line:
            inside = True
            kept.append(line.replace("### BEGIN SOLUTION", "# YOUR CODE HERE"))
        elif "END SOLUTION" in line:
            inside = False
        elif not inside:
            kept.append(line)
    assert "\n".join(kept) == authoring.stub_source(source, "f")


def test_are_region_markers_in_the_reference_refused():
    with pytest.raises(ValueError, match="markers"):
        solution_source('def f():\n    """Doc."""\n    return "### END SOLUTION"\n', "f")
