"""The notebook template: ``assignments/<id>/notebook.py`` and the function sources it refers to.

The template is written in the percent format (see :mod:`autograder.authoring`);
this module reads it and derives the pieces every generated notebook shares: the
reference functions' sources, a stub's body and a self-check cell. It imports no
other part of the authoring pipeline, so both :mod:`autograder.nbgrader_source` and
:mod:`autograder.authoring` build on it without importing each other.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

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
