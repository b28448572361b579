"""Generating notebooks from one source of truth.

An assignment's notebook is written once, as ``assignments/<id>/notebook.py``
in the percent format, with two kinds of special cells::

    # %% solution f_numpy f_torch      the code cell where these functions go
    # %% selfcheck f_numpy             a cell that runs the task's public checks

The reference code exists only in ``solutions/<id>/solution.py``. From the two
files this module builds:

- the student notebook (``release/<id>/<notebook>``): solution cells become
  stubs with the reference's signature and docstring and a body that raises
  ``NotImplementedError`` naming the task;
- the solution notebook: the same with the reference functions filled in;
- example submissions: the solution notebook with some functions replaced by
  the code in ``examples/<id>/mutants/<name>.py`` (see :class:`Mutant`).

``autograder release --check`` (and a test) fails when a generated file is stale.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.course import AssignmentFiles, Course

_CELL = re.compile(r"^# %%(.*)$", re.MULTILINE)


@dataclass(frozen=True)
class TemplateCell:
    kind: str  # "markdown", "code", "solution" or "selfcheck"
    text: str  # markdown text or code; for solution/selfcheck cells, empty
    names: tuple[str, ...] = ()  # the functions of a solution cell, or the task of a selfcheck cell


def parse_template(text: str) -> list[TemplateCell]:
    cells = []
    matches = list(_CELL.finditer(text))
    for match, following in zip(matches, matches[1:] + [None]):
        header = match.group(1).strip()
        body = text[match.end():following.start() if following else len(text)].strip("\n")
        if header == "[markdown]":
            lines = [line[2:] if line.startswith("# ") else line.lstrip("#") for line in body.splitlines()]
            cells.append(TemplateCell("markdown", "\n".join(lines).strip()))
        elif header.startswith("solution"):
            cells.append(TemplateCell("solution", "", tuple(header.split()[1:])))
        elif header.startswith("selfcheck"):
            cells.append(TemplateCell("selfcheck", "", tuple(header.split()[1:])))
        else:
            cells.append(TemplateCell("code", body.strip()))
    return cells


def function_sources(path: Path) -> dict[str, str]:
    """The source of every top-level function in a module, by name."""
    text = Path(path).read_text(encoding="utf-8")
    lines = text.splitlines()
    sources = {}
    for node in ast.parse(text).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            start = min([node.lineno] + [d.lineno for d in node.decorator_list]) - 1
            sources[node.name] = "\n".join(lines[start:node.end_lineno])
    return sources


def stub_source(source: str, task: str) -> str:
    """The function's signature and docstring, with a body that raises NotImplementedError."""
    node = ast.parse(source).body[0]
    lines = source.splitlines()
    first = node.body[0]
    has_doc = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(
        first.value.value, str)
    keep = first.end_lineno if has_doc else first.lineno - 1
    indent = " " * (first.col_offset)
    return "\n".join(lines[:keep] + [
        f"{indent}# YOUR CODE HERE",
        f'{indent}raise NotImplementedError("task {task}: replace this line with your implementation")',
    ])


@dataclass
class Mutant:
    """An example submission: the solution notebook with some code changed.

    The file's docstring describes it and may hold directives, one per line:

    - ``expect: full`` (full marks), ``expect: zero`` (no points) or
      ``expect: lost TEST, TEST`` (these tests lose their points, all others pass);
    - ``expect-message: TEXT`` — the failing tests' messages mention TEXT;
    - ``replaces: NAME, NAME`` — which solution functions the code replaces
      (default: the functions it defines);
    - ``position: prepend`` or ``append`` — add the code as a new first or
      last cell instead of replacing functions.
    """

    name: str
    description: str
    code: str
    expect: str = "lost"
    lost: tuple[str, ...] = ()
    messages: tuple[str, ...] = ()
    replaces: tuple[str, ...] = ()
    position: str = "replace"

    @classmethod
    def load(cls, path: Path) -> "Mutant":
        text = Path(path).read_text(encoding="utf-8")
        docstring = re.match(r'\s*"""(.*?)"""\n?', text, re.DOTALL)
        if not docstring:
            raise ValueError(f"{path}: an example must start with a docstring that describes it")
        doc, code = docstring.group(1).strip(), text[docstring.end():].strip("\n") + "\n"
        mutant = cls(Path(path).stem, doc.splitlines()[0], code)
        messages = []
        for line in doc.splitlines()[1:]:
            key, _, value = line.strip().partition(":")
            value = value.strip()
            names = tuple(v.strip() for v in value.split(",") if v.strip())
            if key == "expect":
                mutant.expect = value.split()[0]
                mutant.lost = tuple(v.strip() for v in value[len(mutant.expect):].split(",") if v.strip())
            elif key == "expect-message":
                messages.append(value)
            elif key == "replaces":
                mutant.replaces = names
            elif key == "position":
                mutant.position = value
        mutant.messages = tuple(messages)
        if mutant.expect not in ("full", "zero", "lost") or (mutant.expect == "lost") != bool(mutant.lost):
            raise ValueError(f"{path}: 'expect:' must be 'full', 'zero' or 'lost TEST, ...'")
        if mutant.position == "replace" and not mutant.replaces:
            mutant.replaces = tuple(function_names(code))
        return mutant


def function_names(code: str) -> list[str]:
    return [n.name for n in ast.parse(code).body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]


def _task_of(files: AssignmentFiles) -> dict[str, str]:
    return {function: task.id for task in files.spec.tasks for function in task.functions}


def build_notebook(files: AssignmentFiles, *, variant: str, mutant: Mutant | None = None) -> nbformat.NotebookNode:
    """The student (``variant="student"``) or solution notebook, optionally with a mutant applied."""
    if variant not in ("student", "solution"):
        raise ValueError(f"variant must be 'student' or 'solution', not {variant!r}")
    template = parse_template(files.notebook_template.read_text(encoding="utf-8"))
    reference = function_sources(files.solution)
    task_of = _task_of(files)
    replaced = set(mutant.replaces) if mutant and mutant.position == "replace" else set()
    cells = []
    for cell in template:
        if cell.kind == "markdown":
            cells.append(nbformat.v4.new_markdown_cell(cell.text))
        elif cell.kind == "code":
            cells.append(nbformat.v4.new_code_cell(cell.text))
        elif cell.kind == "selfcheck":
            cells.append(nbformat.v4.new_code_cell(f'selfcheck("{cell.names[0]}", globals())'))
        else:
            missing = [n for n in cell.names if n not in reference]
            if missing:
                raise ValueError(f"{files.solution} does not define {', '.join(missing)}")
            parts = []
            for name in cell.names:
                if name in replaced:
                    continue
                source = reference[name]
                parts.append(source if variant == "solution" else stub_source(source, task_of[name]))
            if replaced & set(cell.names):
                parts.append(mutant.code.strip())
                replaced -= set(cell.names)
            cells.append(nbformat.v4.new_code_cell("\n\n\n".join(parts)))
    if replaced:
        raise ValueError(f"example {mutant.name} replaces {sorted(replaced)}, which no solution cell holds")
    if mutant and mutant.position in ("prepend", "append"):
        extra = nbformat.v4.new_code_cell(mutant.code.strip())
        cells.insert(0 if mutant.position == "prepend" else len(cells), extra)
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "autograder": {"assignment": files.id},
    }
    for number, c in enumerate(notebook.cells, start=1):
        c["id"] = f"{files.id}-{number:03d}"  # deterministic ids keep regenerated files identical
    return notebook


def render(notebook: nbformat.NotebookNode) -> str:
    return nbformat.writes(notebook) + "\n"


def generated_files(files: AssignmentFiles) -> dict[Path, str]:
    """Every file generated for one assignment, with its contents."""
    spec = files.spec
    out = {
        files.release_dir / spec.notebook: render(build_notebook(files, variant="student")),
        files.release_dir / "public_tests.py": files.public_tests.read_text(encoding="utf-8"),
        files.release_dir / "spec.toml": files.spec_path.read_text(encoding="utf-8"),
    }
    examples = files.root / "examples" / files.id
    out[examples / "solution.ipynb"] = render(build_notebook(files, variant="solution"))
    out[examples / "stub.ipynb"] = out[files.release_dir / spec.notebook]
    for path in sorted((examples / "mutants").glob("*.py")):
        mutant = Mutant.load(path)
        out[examples / f"{mutant.name}.ipynb"] = render(build_notebook(files, variant="solution", mutant=mutant))
    return out


def stale_files(course: Course, assignment_ids: list[str] | None = None) -> list[Path]:
    """Generated files that are missing or differ from what the sources give."""
    stale = []
    for aid in assignment_ids or course.assignment_ids():
        for path, text in generated_files(course.assignment(aid)).items():
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(path)
    return stale


def write_generated(course: Course, assignment_ids: list[str] | None = None) -> list[Path]:
    """(Re)write every generated file; returns the ones that changed."""
    changed = []
    for aid in assignment_ids or course.assignment_ids():
        for path, text in generated_files(course.assignment(aid)).items():
            old = path.read_text(encoding="utf-8") if path.is_file() else None
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            if old != text:
                changed.append(path)
    return changed
