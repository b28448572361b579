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
    solution_cells = [c for c in released.cells if c.metadata.get("nbgrader", {}).get("solution")]
    templates = [c for c in authoring.parse_template(files.notebook_template.read_text()) if c.kind == "solution"]
    assert len(solution_cells) == len(templates)
    for cell, template in zip(solution_cells, templates):
        stubs = [authoring.stub_source(reference[name], task_of[name]) for name in template.names]
        assert cell.source == "\n\n\n".join(stubs)


@pytest.mark.parametrize("aid", ASSIGNMENTS)
def test_does_every_test_of_the_spec_get_one_locked_graded_cell_after_the_template(course, aid):
    files = course.assignment(aid)
    cells = source_notebook(files).cells
    graded = [(i, c.metadata["nbgrader"]) for i, c in enumerate(cells) if c.metadata.get("nbgrader", {}).get("grade")]
    assert [(m["grade_id"], m["points"]) for _, m in graded] == [(t.test, t.points) for t in files.spec.tests]
    assert all(m["locked"] and not m["solution"] for _, m in graded)
    template_cells = len(authoring.parse_template(files.notebook_template.read_text()))
    assert min(i for i, _ in graded) > template_cells - 1, "tests run after every cell of the notebook"


def test_does_a_test_cell_show_students_a_comment_and_hide_the_call():
    cell = graded_cell_source("a1", spec.TestSpec("test_f_hidden", "f", 2.0, "hidden"))
    visible, hidden = cell.split("### BEGIN HIDDEN TESTS")
    assert visible == "# test_f_hidden: 2 points for task f (a hidden test, run when your work is graded)\n"
    assert 'SelfCheck("a1").grade("test_f_hidden", globals())' in hidden and hidden.endswith("### END HIDDEN TESTS")


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
