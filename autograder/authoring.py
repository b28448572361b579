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

import copy
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder import nbgrader_source
from autograder.course import AssignmentFiles, Course
from autograder.spec import check_tests_listed
from autograder.template import (  # noqa: F401 - the template's parts, long imported from here
    TemplateCell,
    definition_sources,
    function_sources,
    map_methods,
    method_tasks,
    public_and_secret_lines,
    parse_template,
    selfcheck_source,
    split_function,
    stub_raise,
    stub_source,
)

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
    return list(definition_sources(code))


def build_notebook(files: AssignmentFiles, student: nbformat.NotebookNode, *,
                   mutant: Mutant | None = None) -> nbformat.NotebookNode:
    """A filled-in copy of the student notebook: what a student who solved it submits.

    Every solution cell of ``student`` (the released notebook) gets the reference
    functions it stands for, as a student would type them over the stubs; a
    ``mutant`` then replaces some of them, or adds a first or last cell. Cell
    metadata (nbgrader's ids and checksums included) stays as released.
    """
    reference = function_sources(files.solution)
    holds = {nbgrader_source.solution_cell_id(cell.names): cell.names
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
    from autograder import nbgrader_release

    ids = assignment_ids or course.assignment_ids()
    sources: dict[str, dict[str, str]] = {}
    for aid in ids:
        files = course.assignment(aid)
        # A test the spec lists but no file defines, or one a file defines but the spec does not list
        # (it would never run), stops the release here, with the names.
        check_tests_listed(files.spec, {"public": files.public_tests, "hidden": files.hidden_tests})
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
