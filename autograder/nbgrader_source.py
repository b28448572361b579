"""The nbgrader source notebook of an assignment, generated from the one source of truth.

nbgrader's source directory is ``assignments/`` (``nbgrader_config.py``), so the
instructor version of assignment ``aN`` is ``assignments/aN/<notebook>`` (the
``notebook`` of the spec). It is never edited by hand: :func:`source_notebook` builds
it from ``notebook.py`` (text and structure), ``solutions/aN/solution.py`` (the
reference code, written once) and ``spec.toml`` (tests and points).

Solution cells. A ``# %% solution f g`` cell becomes an nbgrader solution cell
(``grade_id`` ``solution-f-g``) holding the reference functions, each body inside a
solution region followed by the stub's last line::

    def f(X):
        \"\"\"The docstring stays.\"\"\"
        ### BEGIN SOLUTION
        return X + 1
        ### END SOLUTION
        raise NotImplementedError("task f: replace this line with your implementation")

``nbgrader generate_assignment`` replaces each region by ``ClearSolutions.code_stub``,
``# YOUR CODE HERE`` in ``nbgrader_config.py``, which leaves exactly the stub of
:func:`autograder.authoring.stub_source`. In the source notebook the raise never runs:
every region ends with a return (``return None`` is added when the reference body can
fall off its end).

Autograded test cells. After the template's cells come one read-only test cell per
test of the spec (``grade_id`` = the test's name, ``points`` from the spec), so that
nbgrader, like ``autograder grade``, runs the tests once every cell of the notebook has
run. A test cell's code is a hidden test region that calls
:meth:`autograder.selfcheck.SelfCheck.grade`: the very test function ``autograder
grade`` runs, which raises when the test fails (nbgrader then gives the cell 0
points). Students see only the comment line above the region, so the released
notebook runs top to bottom; hidden test code itself is never in any notebook.
"""

from __future__ import annotations

import ast

import nbformat

from autograder import authoring
from autograder.authoring import split_function, stub_raise
from autograder.course import AssignmentFiles
from autograder.spec import TestSpec

#: nbgrader's cell-metadata schema version that these cells follow.
NBGRADER_SCHEMA = 3

BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
_MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")

GRADING_HEADING = """## Grading

The read-only cells below are where your work is graded. Each one stands for one test
and its points; when you submit, the grader runs every test after all the cells above
have run, the hidden tests on many more inputs than the self-checks. Running these cells
yourself does nothing, so you can leave them as they are."""


def _points(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def solution_cell_id(functions: tuple[str, ...]) -> str:
    """The nbgrader ``grade_id`` of the solution cell that holds ``functions``."""
    return "solution-" + "-".join(functions)


def solution_metadata(functions: tuple[str, ...]) -> dict:
    return {"nbgrader": {"grade": False, "grade_id": solution_cell_id(functions), "locked": False,
                         "schema_version": NBGRADER_SCHEMA, "solution": True}}


def graded_cell_metadata(test: TestSpec) -> dict:
    return {"nbgrader": {"grade": True, "grade_id": test.test, "locked": True, "points": _points(test.points),
                         "schema_version": NBGRADER_SCHEMA, "solution": False}}


def solution_source(source: str, task: str) -> str:
    """A reference function with its body in a solution region, then the stub's raise line.

    The lines kept outside the region are those :func:`autograder.authoring.stub_source`
    keeps, so removing the region (as nbgrader does) gives the stub.
    """
    head, body, indent = split_function(source)
    if any(marker in line for line in source.splitlines() for marker in _MARKERS):
        raise ValueError(f"the reference code may not contain nbgrader's region markers:\n{source}")
    if not isinstance(ast.parse(source).body[0].body[-1], (ast.Return, ast.Raise)):
        body.append(f"{indent}return None  # the raise below is for students only")
    return "\n".join(head + [indent + BEGIN_SOLUTION] + body + [indent + END_SOLUTION, indent + stub_raise(task)])


def graded_cell_source(assignment: str, test: TestSpec) -> str:
    """An autograded test cell: a comment for students, the call to the test in a hidden region."""
    points = _points(test.points)
    unit = "point" if points == 1 else "points"
    kind = ("a public test: your self-check runs it too" if test.visibility == "public"
            else "a hidden test, run when your work is graded")
    return "\n".join([
        f"# {test.test}: {points} {unit} for task {test.task} ({kind})",
        BEGIN_HIDDEN,
        "from autograder.selfcheck import SelfCheck",
        f'SelfCheck("{assignment}").grade("{test.test}", globals())',
        END_HIDDEN,
    ])


def source_notebook(files: AssignmentFiles) -> nbformat.NotebookNode:
    """The nbgrader source (instructor) notebook of one assignment."""
    spec = files.spec
    task_of = {function: task.id for task in spec.tasks for function in task.functions}
    reference = authoring.function_sources(files.solution)
    cells = []
    for cell in authoring.parse_template(files.notebook_template.read_text(encoding="utf-8")):
        if cell.kind == "markdown":
            cells.append(nbformat.v4.new_markdown_cell(cell.text))
        elif cell.kind == "code":
            cells.append(nbformat.v4.new_code_cell(cell.text))
        elif cell.kind == "selfcheck":
            cells.append(nbformat.v4.new_code_cell(authoring.selfcheck_source(cell.names[0])))
        else:
            missing = [n for n in cell.names if n not in reference]
            if missing:
                raise ValueError(f"{files.solution} does not define {', '.join(missing)}")
            unknown = [n for n in cell.names if n not in task_of]
            if unknown:
                raise ValueError(f"{files.spec_path}: no task lists the function(s) {', '.join(unknown)}")
            code = "\n\n\n".join(solution_source(reference[n], task_of[n]) for n in cell.names)
            cells.append(nbformat.v4.new_code_cell(code, metadata=solution_metadata(cell.names)))
    cells.append(nbformat.v4.new_markdown_cell(GRADING_HEADING))
    for test in spec.tests:
        cells.append(nbformat.v4.new_code_cell(graded_cell_source(spec.id, test), metadata=graded_cell_metadata(test)))
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "autograder": {"assignment": files.id},
    }
    for number, c in enumerate(notebook.cells, start=1):
        c["id"] = f"{files.id}-{number:03d}"  # deterministic ids keep regenerated files identical
    return notebook


def source_notebook_path(files: AssignmentFiles):
    """Where nbgrader looks for the source notebook: ``assignments/<id>/<notebook>``."""
    return files.root / "assignments" / files.id / files.spec.notebook
