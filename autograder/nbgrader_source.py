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
:func:`autograder.template.stub_source`. In the source notebook the raise never runs:
every region ends with a return (``return None`` is added when the reference body can
fall off its end).

Autograded test cells. After the template's cells come one read-only test cell per
test of the spec (``grade_id`` = the test's name, ``points`` from the spec). Its code is
comments only: the task and what the test checks, in words, and how many points it is
worth. ``nbgrader autograde`` does not run it: the preprocessor of
:mod:`autograder.nbgrader_grading` grades the whole notebook with the sandboxed grader
and writes each test's outcome into its cell (passed, or an error holding the grader's
message), which nbgrader then scores. No hidden test code, and no call into the grader,
is in any notebook, so the source and released test cells are identical and nbgrader
never sees a changed checksum.

Written answers. A ``# %% [markdown] answer <id>`` template cell becomes a manually
graded nbgrader cell (markdown, ``solution`` and ``grade``, points from the spec's
``[[written]]`` table); its solution region holds the model answer from
``solutions/<assignment>/<id>.md`` when that file exists, and students get "YOUR ANSWER
HERE". It is graded by hand in formgrader.
"""

from __future__ import annotations

import ast

import nbformat

from autograder import template
from autograder.course import AssignmentFiles
from autograder.spec import Task, TestSpec, WrittenAnswer

#: nbgrader's cell-metadata schema version that these cells follow.
NBGRADER_SCHEMA = 3

BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
_MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")

GRADING_HEADING = """## Grading

The read-only cells below are where your work is graded. Each one names one test: the
task, what the test checks and its points. When you submit, the grader runs your
notebook from top to bottom, then every test (the hidden ones on many more inputs than
the self-checks) and writes the outcome under each cell. Running these cells yourself
does nothing, so you can leave them as they are."""


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


def solution_source(source: str, task: str, methods: dict[str, str] | None = None) -> str:
    """A reference function with its body in a solution region, then the stub's raise line.

    The lines kept outside the region are those :func:`autograder.template.stub_source`
    keeps, so removing the region (as nbgrader does) gives the stub. A class gets one
    region per method (the task of a method listed in ``methods``, else ``task``).
    """
    if any(marker in line for line in source.splitlines() for marker in _MARKERS):
        raise ValueError(f"the reference code may not contain nbgrader's region markers:\n{source}")

    def region(name: str, function: str) -> str:
        head, body, indent = template.split_function(function)
        if not isinstance(ast.parse(function).body[0].body[-1], (ast.Return, ast.Raise)):
            body.append(f"{indent}return None  # the raise below is for students only")
        return "\n".join(head + [indent + BEGIN_SOLUTION] + body
                         + [indent + END_SOLUTION, indent + template.stub_raise((methods or {}).get(name, task))])

    return template.map_methods(source, region)


def test_description(task: Task, test: TestSpec) -> str:
    """What a test checks, in words, from its name: ``test_momentum_zero_is_gradient_descent``
    of task ``momentum`` (function ``momentum_descent``) → "momentum zero is gradient descent"."""
    words = test.test.removeprefix("test_")
    for function in sorted(task.functions, key=len, reverse=True):
        if words.startswith(function + "_"):
            return f"`{function}` " + words[len(function) + 1:].replace("_", " ")
    return words.replace("_", " ")


def graded_cell_source(task: Task, test: TestSpec) -> str:
    """An autograded test cell: comments only, naming the task, the check and the points."""
    points = _points(test.points)
    unit = "point" if points == 1 else "points"
    kind = ("a public test: your self-check runs it too" if test.visibility == "public"
            else "a hidden test, run when your work is graded")
    return "\n".join([
        f"# Task {task.id} ({task.title}). Checks: {test_description(task, test)}.",
        f"# {points} {unit}; {kind}. Test {test.test}.",
        "# The grader runs this test outside your notebook and writes the outcome below.",
    ])


def answer_metadata(answer: WrittenAnswer) -> dict:
    return {"nbgrader": {"grade": True, "grade_id": answer.id, "locked": False, "points": _points(answer.points),
                         "schema_version": NBGRADER_SCHEMA, "solution": True}}


def answer_source(files: AssignmentFiles, answer: WrittenAnswer) -> str:
    """A written-answer cell: the model answer (if the course has one) in a solution region."""
    model = files.root / "solutions" / files.id / f"{answer.id}.md"
    text = model.read_text(encoding="utf-8").strip() if model.is_file() else "(no model answer)"
    return "\n".join([BEGIN_SOLUTION, text, END_SOLUTION])


def source_notebook(files: AssignmentFiles) -> nbformat.NotebookNode:
    """The nbgrader source (instructor) notebook of one assignment."""
    spec = files.spec
    task_of = {function: task.id for task in spec.tasks for function in task.functions}
    reference = template.function_sources(files.solution)
    cells = []
    for cell in template.parse_template(files.notebook_template.read_text(encoding="utf-8")):
        if cell.kind == "markdown":
            cells.append(nbformat.v4.new_markdown_cell(cell.text))
        elif cell.kind == "code":
            cells.append(nbformat.v4.new_code_cell(cell.text))
        elif cell.kind == "answer":
            answer = spec.written_answer(cell.names[0])
            cells.append(nbformat.v4.new_markdown_cell(answer_source(files, answer), metadata=answer_metadata(answer)))
        elif cell.kind == "selfcheck":
            cells.append(nbformat.v4.new_code_cell(template.selfcheck_source(cell.names[0])))
        else:
            missing = [n for n in cell.names if n not in reference]
            if missing:
                raise ValueError(f"{files.solution} does not define {', '.join(missing)}")
            unknown = [n for n in cell.names if n not in task_of]
            if unknown:
                raise ValueError(f"{files.spec_path}: no task lists the function(s) {', '.join(unknown)}")
            code = "\n\n\n".join(solution_source(reference[n], task_of[n], template.method_tasks(task_of, n))
                                  for n in cell.names)
            cells.append(nbformat.v4.new_code_cell(code, metadata=solution_metadata(cell.names)))
    cells.append(nbformat.v4.new_markdown_cell(GRADING_HEADING))
    for task in spec.tasks:
        for test in task.tests:
            cells.append(nbformat.v4.new_code_cell(graded_cell_source(task, test), metadata=graded_cell_metadata(test)))
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
