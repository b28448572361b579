"""Generating notebooks from one source of truth.

An assignment's notebook is written once, as ``assignments/<id>/notebook.py``
in the percent format, with two kinds of special cells::

    # %% solution f_numpy f_torch      the code cell where these functions go
    # %% selfcheck f_numpy             a cell that runs the task's public checks

The reference code exists only in ``solutions/<id>/solution.py``. From the two
files and the spec, ``autograder release`` builds:

- the nbgrader source notebook (``assignments/<id>/<notebook>``, the instructor
  version: reference code in solution regions, one autograded test cell per test
  of the spec; see :mod:`autograder.nbgrader_source`);
- the student release (``release/<id>/``), written by nbgrader's own
  ``generate_assignment`` from the source notebook (:mod:`autograder.nbgrader_release`):
  solution cells become stubs with the reference's signature and docstring and a
  body that raises ``NotImplementedError`` naming the task;
- the solution notebook: the released notebook with the reference functions
  filled in, as a student who solved it would submit it;
- example submissions: the solution notebook with some functions replaced by
  the code in ``examples/<id>/mutants/<name>.py`` (see :class:`Mutant`).

``autograder release --check`` (and a test) fails when a generated file is stale.
"""

from __future__ import annotations

import ast
import copy
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.course import AssignmentFiles, Course

_CELL = re.compile(r"^# %%(.*)$", re.MULTILINE)


@dataclass(frozen=True)
class TemplateCell:
    kind: str  # "markdown", "code", "solution", "selfcheck" or "answer" (a written answer, graded by hand)
    text: str  # markdown text or code; for solution/selfcheck cells, empty
    names: tuple[str, ...] = ()  # the functions of a solution cell, the task of a selfcheck cell, an answer's id


def parse_template(text: str) -> list[TemplateCell]:
    cells = []
    matches = list(_CELL.finditer(text))
    for match, following in zip(matches, matches[1:] + [None]):
        header = match.group(1).strip()
        body = text[match.end():following.start() if following else len(text)].strip("\n")
        if header == "[markdown]":
            lines = [line[2:] if line.startswith("# ") else line.lstrip("#") for line in body.splitlines()]
            cells.append(TemplateCell("markdown", "\n".join(lines).strip()))
        elif header.startswith("[markdown] answer"):
            cells.append(TemplateCell("answer", "", tuple(header.split()[2:3])))
        elif header.startswith("solution"):
            cells.append(TemplateCell("solution", "", tuple(header.split()[1:])))
        elif header.startswith("selfcheck"):
            cells.append(TemplateCell("selfcheck", "", tuple(header.split()[1:])))
        else:
            cells.append(TemplateCell("code", body.strip()))
    return cells


_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def _first_line(node: ast.AST) -> int:
    """Where a definition starts, decorators included (0-based)."""
    return min([node.lineno] + [d.lineno for d in node.decorator_list]) - 1


def function_sources(path: Path) -> dict[str, str]:
    """The source of every top-level function and class in a module, by name."""
    return definition_sources(Path(path).read_text(encoding="utf-8"))


def definition_sources(text: str) -> dict[str, str]:
    """The source of every top-level function and class in ``text``, by name."""
    lines = text.splitlines()
    return {node.name: "\n".join(lines[_first_line(node):node.end_lineno])
            for node in ast.parse(text).body if isinstance(node, _DEFINITIONS)}


def map_methods(source: str, transform) -> str:
    """A class's source with each method's source replaced by ``transform(name, method_source)``.

    Methods are handed over dedented and put back at their indent; everything else of the
    class (its header, docstring, class attributes) stays as it is. A function's source is
    ``transform(name, source)`` itself.
    """
    node = ast.parse(source).body[0]
    if not isinstance(node, ast.ClassDef):
        return transform(node.name, source)
    lines = source.splitlines()
    out, position = [], 0
    for method in (n for n in node.body if isinstance(n, _FUNCTIONS)):
        start, indent = _first_line(method), " " * method.col_offset
        out += lines[position:start]
        dedented = "\n".join(line[len(indent):] if line.startswith(indent) else line.lstrip()
                             for line in lines[start:method.end_lineno])
        out += [indent + line if line else line for line in transform(method.name, dedented).splitlines()]
        position = method.end_lineno
    return "\n".join(out + lines[position:])


def public_and_secret_lines(source: str) -> tuple[list[str], list[str]]:
    """The lines of a definition a stub keeps (signatures, docstrings) and those only the reference has."""
    secret: list[str] = []

    def head_only(_name: str, function: str) -> str:
        head, body, _ = split_function(function)
        secret.extend(body)
        return "\n".join(head)

    return map_methods(source, head_only).splitlines(), secret


def method_tasks(task_of: dict[str, str], name: str) -> dict[str, str]:
    """The tasks of a class's methods that the spec lists on their own (``functions = ["Value.backward"]``)."""
    prefix = name + "."
    return {key[len(prefix):]: task for key, task in task_of.items() if key.startswith(prefix)}


def split_function(source: str) -> tuple[list[str], list[str], str]:
    """A function's source split into (decorators, signature and docstring), body, body indent."""
    node = ast.parse(source).body[0]
    lines = source.splitlines()
    first = node.body[0]
    has_doc = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(
        first.value.value, str)
    keep = first.end_lineno if has_doc else first.lineno - 1
    if keep < 1 or keep >= len(lines):
        raise ValueError(f"{node.name}: put the body on its own lines below the signature and docstring")
    return lines[:keep], lines[keep:], " " * first.col_offset


def stub_raise(task: str) -> str:
    """The line a stub raises with; it names the task, as the spec and the report do."""
    return f'raise NotImplementedError("task {task}: replace this line with your implementation")'


def stub_source(source: str, task: str, methods: dict[str, str] | None = None) -> str:
    """The function's signature and docstring, with a body that raises NotImplementedError.

    For a class, every method becomes such a stub, naming its own task in ``methods`` if
    it has one there and ``task`` otherwise.
    """
    def stub(name: str, function: str) -> str:
        head, _, indent = split_function(function)
        return "\n".join(head + [f"{indent}# YOUR CODE HERE", indent + stub_raise((methods or {}).get(name, task))])

    return map_methods(source, stub)


def selfcheck_source(task: str) -> str:
    """The code of a ``# %% selfcheck <task>`` cell."""
    return f'selfcheck("{task}", globals())'


@dataclass
class Mutant:
    """An example submission: the solution notebook with some code changed.

    The file's docstring describes it and may hold directives, one per line:

    - ``expect: full`` (full marks), ``expect: zero`` (no points) or
      ``expect: lost TEST, TEST`` (these tests lose their points, all others pass);
    - ``expect-message: TEXT`` — the failing tests' messages mention TEXT;
    - ``expect-no-message: TEXT`` — no failing test's message mentions TEXT
      (a hint the evidence does not support, a grader error);
    - ``replaces: NAME, NAME`` — which solution functions the code replaces
      (default: the functions it defines); ``Class.method`` replaces one method of a
      class by the function of that name in the code (the rest of the class stays);
    - ``position: prepend`` or ``append`` — add the code as a new first or
      last cell instead of replacing functions.
    """

    name: str
    description: str
    code: str
    expect: str = "lost"
    lost: tuple[str, ...] = ()
    messages: tuple[str, ...] = ()
    absent_messages: tuple[str, ...] = ()
    replaces: tuple[str, ...] = ()
    position: str = "replace"
    replaces_stated: bool = False  # by a ``replaces:`` line; otherwise what the code defines

    @classmethod
    def load(cls, path: Path) -> "Mutant":
        text = Path(path).read_text(encoding="utf-8")
        docstring = re.match(r'\s*"""(.*?)"""\n?', text, re.DOTALL)
        if not docstring:
            raise ValueError(f"{path}: an example must start with a docstring that describes it")
        doc, code = docstring.group(1).strip(), text[docstring.end():].strip("\n") + "\n"
        mutant = cls(Path(path).stem, doc.splitlines()[0], code)
        messages, absent = [], []
        for line in doc.splitlines()[1:]:
            key, _, value = line.strip().partition(":")
            value = value.strip()
            names = tuple(v.strip() for v in value.split(",") if v.strip())
            if key == "expect":
                mutant.expect = value.split()[0]
                mutant.lost = tuple(v.strip() for v in value[len(mutant.expect):].split(",") if v.strip())
            elif key == "expect-message":
                messages.append(value)
            elif key == "expect-no-message":
                absent.append(value)
            elif key == "replaces":
                mutant.replaces = names
                mutant.replaces_stated = True
            elif key == "position":
                mutant.position = value
        mutant.messages = tuple(messages)
        mutant.absent_messages = tuple(absent)
        if mutant.expect not in ("full", "zero", "lost") or (mutant.expect == "lost") != bool(mutant.lost):
            raise ValueError(f"{path}: 'expect:' must be 'full', 'zero' or 'lost TEST, ...'")
        if mutant.position == "replace" and not mutant.replaces:
            mutant.replaces = tuple(function_names(code))
        return mutant


def function_names(code: str) -> list[str]:
    """The top-level functions and classes that ``code`` defines."""
    return [n.name for n in ast.parse(code).body if isinstance(n, _DEFINITIONS)]


def build_notebook(files: AssignmentFiles, student: nbformat.NotebookNode, *,
                   mutant: Mutant | None = None) -> nbformat.NotebookNode:
    """A filled-in copy of the student notebook: what a student who solved it submits.

    Every solution cell of ``student`` (the released notebook) gets the reference
    functions it stands for, as a student would type them over the stubs; a
    ``mutant`` then replaces some of them, or adds a first or last cell. Cell
    metadata (nbgrader's ids and checksums included) stays as released.
    """
    from autograder.nbgrader_source import solution_cell_id

    reference = function_sources(files.solution)
    holds = {solution_cell_id(cell.names): cell.names
             for cell in parse_template(files.notebook_template.read_text(encoding="utf-8"))
             if cell.kind == "solution"}
    replaced = set(mutant.replaces) if mutant and mutant.position == "replace" else set()
    if mutant and not mutant.replaces_stated:  # helper classes of the example's own come along, replace nothing
        replaced &= {name for names in holds.values() for name in names}
    notebook = nbformat.from_dict(copy.deepcopy(student))
    for cell in notebook.cells:
        grading = cell.get("metadata", {}).get("nbgrader", {})
        if not grading.get("solution") or grading.get("grade_id") not in holds:
            continue
        names = holds[grading["grade_id"]]
        parts = [_with_methods(reference[name], name, replaced, mutant) for name in names if name not in replaced]
        if replaced & set(names):
            parts.append(mutant.code.strip())
        replaced -= set(names) | {m for m in replaced for name in names if m.startswith(name + ".")}
        cell.source = "\n\n\n".join(parts)
    if replaced:
        raise ValueError(f"example {mutant.name} replaces {sorted(replaced)}, which no solution cell holds")
    if mutant and mutant.position in ("prepend", "append"):
        extra = nbformat.v4.new_code_cell(mutant.code.strip())
        extra["id"] = f"{files.id}-example"  # deterministic ids keep regenerated files identical
        notebook.cells.insert(0 if mutant.position == "prepend" else len(notebook.cells), extra)
    return notebook


def _with_methods(source: str, name: str, replaced: set[str], mutant: Mutant | None) -> str:
    """A class's source with the methods a mutant replaces (``replaces: Value.tanh``) taken from its code."""
    methods = {m.split(".", 1)[1] for m in replaced if m.startswith(name + ".")}
    if not methods:
        return source
    new = definition_sources(mutant.code)
    missing = methods - set(new)
    if missing:
        raise ValueError(f"example {mutant.name} replaces {sorted(missing)} of {name} but does not define them")
    return map_methods(source, lambda method, code: new[method] if method in methods else code)


def render(notebook: nbformat.NotebookNode) -> str:
    return nbformat.writes(notebook) + "\n"


def course_generated_files(course: Course, assignment_ids: list[str] | None = None) -> dict[Path, str]:
    """Every generated file of the given assignments (default: all), with its contents.

    Per assignment: the nbgrader source notebook ``assignments/<id>/<notebook>``;
    ``release/<id>/``, written by nbgrader's ``generate_assignment`` from it; and the
    example submissions ``examples/<id>/*.ipynb``, filled-in copies of the release.
    """
    from autograder import nbgrader_release, nbgrader_source

    ids = assignment_ids or course.assignment_ids()
    sources: dict[str, dict[str, str]] = {}
    for aid in ids:
        files = course.assignment(aid)
        sources[aid] = nbgrader_release.source_directory_files(files.spec_path.parent)
        sources[aid][files.spec.notebook] = render(nbgrader_source.source_notebook(files))
    config = (course.root / nbgrader_release.CONFIG_FILE).read_text(encoding="utf-8")
    releases = nbgrader_release.generate_releases(config, sources)
    out: dict[Path, str] = {}
    for aid in ids:
        files = course.assignment(aid)
        notebook = files.spec.notebook
        out[nbgrader_source.source_notebook_path(files)] = sources[aid][notebook]
        for name, text in releases[aid].items():
            out[files.release_dir / name] = text
        student = nbformat.reads(releases[aid][notebook], as_version=4)
        examples = files.root / "examples" / files.id
        out[examples / "stub.ipynb"] = releases[aid][notebook]
        out[examples / "solution.ipynb"] = render(build_notebook(files, student))
        for path in sorted((examples / "mutants").glob("*.py")):
            mutant = Mutant.load(path)
            out[examples / f"{mutant.name}.ipynb"] = render(build_notebook(files, student, mutant=mutant))
    return out


def generated_files(files: AssignmentFiles) -> dict[Path, str]:
    """Every file generated for one assignment, with its contents."""
    return course_generated_files(Course(files.root), [files.id])


def _unexpected_release_files(course: Course, ids: list[str], generated: dict[Path, str]) -> list[Path]:
    """Files in release/<id>/ that the release does not have (left over from an older one)."""
    extra = []
    for aid in ids:
        directory = course.assignment(aid).release_dir
        if directory.is_dir():
            extra += [p for p in sorted(directory.rglob("*")) if p.is_file() and p not in generated]
    return extra


def stale_files(course: Course, assignment_ids: list[str] | None = None) -> list[Path]:
    """Generated files that are missing or differ from what the sources give, and leftovers."""
    ids = assignment_ids or course.assignment_ids()
    generated = course_generated_files(course, ids)
    stale = [path for path, text in generated.items()
             if not path.is_file() or path.read_text(encoding="utf-8") != text]
    return stale + _unexpected_release_files(course, ids, generated)


def write_generated(course: Course, assignment_ids: list[str] | None = None) -> list[Path]:
    """(Re)write every generated file and remove leftovers from the release; returns what changed."""
    ids = assignment_ids or course.assignment_ids()
    generated = course_generated_files(course, ids)
    changed = []
    for path, text in generated.items():
        old = path.read_text(encoding="utf-8") if path.is_file() else None
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if old != text:
            changed.append(path)
    for path in _unexpected_release_files(course, ids, generated):
        path.unlink()
        changed.append(path)
    return changed
