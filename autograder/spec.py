"""Assignment specs: the one place an assignment is defined.

Each assignment has ``assignments/<id>/spec.toml``::

    id = "a1"
    title = "Vectorized functions on batches"
    notebook = "a1_vectorized.ipynb"     # name of the student notebook in release/<id>/

    [limits]                             # optional; see autograder.sandbox.process.Limits
    call_seconds = 10

    [[tasks]]
    id = "f_numpy"                       # appears verbatim in the stub's error and in reports
    title = "f(X) in NumPy"
    functions = ["f_numpy"]              # what the student writes for this task
    tests = [
      { test = "test_f_numpy_known_values", points = 1, visibility = "public" },
      { test = "test_f_numpy_matches_definition", points = 3, visibility = "hidden" },
    ]

    [[written]]                          # optional: answers graded by hand (in nbgrader's formgrader)
    id = "momentum_explained"            # the nbgrader grade id of the answer cell
    title = "Why momentum needs fewer steps"
    points = 2                           # not part of the autograded points

A public test is a pytest function in ``assignments/<id>/public_tests.py``
(shipped to students, run by their self-checks); a hidden test is one in
``solutions/<id>/hidden_tests.py`` (never shipped). Everything else — the
points table, the stubs' messages, the release and the reports — is derived
from this file.
"""

from __future__ import annotations

import ast
import functools
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

from autograder.sandbox.process import Limits

VISIBILITIES = ("public", "hidden")


class SpecError(ValueError):
    """An assignment spec is malformed; the message names the file and the field."""


@dataclass(frozen=True)
class TestSpec:
    test: str  # the pytest function's name
    task: str
    points: float
    visibility: str  # "public" or "hidden"


@dataclass(frozen=True)
class Task:
    id: str
    title: str
    functions: tuple[str, ...]
    tests: tuple[TestSpec, ...]

    @property
    def points(self) -> float:
        return sum(t.points for t in self.tests)


@dataclass(frozen=True)
class WrittenAnswer:
    """A written answer, graded by hand: a ``# %% [markdown] answer <id>`` cell of the notebook."""

    id: str
    title: str
    points: float


@dataclass(frozen=True)
class Assignment:
    id: str
    title: str
    notebook: str
    tasks: tuple[Task, ...]
    limits: Limits = field(default_factory=Limits)
    written: tuple[WrittenAnswer, ...] = ()  # graded by hand; their points are not in ``points``

    @property
    def tests(self) -> list[TestSpec]:
        return [test for task in self.tasks for test in task.tests]

    @property
    def points(self) -> float:
        return sum(task.points for task in self.tasks)

    def task(self, task_id: str) -> Task:
        for task in self.tasks:
            if task.id == task_id:
                return task
        raise KeyError(f"assignment {self.id} has no task {task_id!r}")

    def written_answer(self, answer_id: str) -> WrittenAnswer:
        for answer in self.written:
            if answer.id == answer_id:
                return answer
        raise KeyError(f"assignment {self.id} has no written answer {answer_id!r} (add it to [[written]])")


def load_spec(path: Path) -> Assignment:
    """Read and validate a ``spec.toml``."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SpecError(f"{path}: {exc}") from None

    def need(table: dict, key: str, kind: type, where: str):
        value = table.get(key)
        if not isinstance(value, kind):
            raise SpecError(f"{path}: {where}{key} must be a {kind.__name__}")
        return value

    known_limits = {f.name: f.type for f in fields(Limits)}
    limits_table = data.get("limits", {})
    unknown = set(limits_table) - set(known_limits)
    if unknown:
        raise SpecError(f"{path}: unknown limits {sorted(unknown)}; known: {sorted(known_limits)}")
    limits = Limits(**limits_table)

    tasks, seen_tests = [], set()
    for number, table in enumerate(need(data, "tasks", list, ""), start=1):
        where = f"task {number}: "
        task_id = need(table, "id", str, where)
        tests = []
        for entry in need(table, "tests", list, where):
            name = need(entry, "test", str, where)
            points = entry.get("points")
            if not isinstance(points, (int, float)) or points <= 0:
                raise SpecError(f"{path}: {where}test {name}: points must be a positive number")
            visibility = entry.get("visibility")
            if visibility not in VISIBILITIES:
                raise SpecError(f"{path}: {where}test {name}: visibility must be one of {VISIBILITIES}")
            if name in seen_tests:
                raise SpecError(f"{path}: test {name} is listed twice")
            seen_tests.add(name)
            tests.append(TestSpec(name, task_id, float(points), visibility))
        functions = tuple(need(table, "functions", list, where))
        tasks.append(Task(task_id, str(table.get("title", task_id)), functions, tuple(tests)))
    ids = [t.id for t in tasks]
    if len(set(ids)) != len(ids):
        raise SpecError(f"{path}: task ids must be unique")
    written = []
    for number, table in enumerate(data.get("written", []), start=1):
        where = f"written answer {number}: "
        points = table.get("points") if isinstance(table, dict) else None
        if not isinstance(points, (int, float)) or points <= 0:
            raise SpecError(f"{path}: {where}points must be a positive number")
        answer_id = need(table, "id", str, where)
        if answer_id in seen_tests:
            raise SpecError(f"{path}: {where}id {answer_id} is also a test's name")
        written.append(WrittenAnswer(answer_id, str(table.get("title", answer_id)), float(points)))
    return Assignment(need(data, "id", str, ""), str(data.get("title", "")), need(data, "notebook", str, ""),
                      tuple(tasks), limits, tuple(written))


def test_functions(path: Path) -> list[str]:
    """The test functions a pytest file defines: its module-level ``def test_*`` (read, not run)."""
    return list(_test_functions(str(path), Path(path).stat().st_mtime_ns))


@functools.lru_cache(maxsize=64)  # every grading run checks the same files: parse each version once
def _test_functions(path: str, _version: int) -> tuple[str, ...]:
    tree = ast.parse(Path(path).read_text(encoding="utf-8"), filename=path)
    return tuple(node.name for node in tree.body
                 if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test_"))


def check_tests_listed(spec: Assignment, test_files: dict[str, Path]) -> None:
    """Raise :class:`SpecError` unless the spec and the test files agree both ways.

    ``test_files`` maps a visibility to its file. Every test the spec lists with that
    visibility must be a test function of the file, and every test function of the file
    must be listed: one that is not would otherwise never run, silently.
    """
    problems = []
    for visibility, path in test_files.items():
        try:
            defined = test_functions(path)
        except (OSError, SyntaxError) as exc:
            raise SpecError(f"{path}: cannot read the {visibility} tests: {exc}") from None
        listed = [t.test for t in spec.tests if t.visibility == visibility]
        missing = [name for name in listed if name not in defined]
        unlisted = [name for name in defined if name not in listed]
        if missing:
            problems.append(f"the spec lists {visibility} tests that {path.name} does not define: "
                            f"{', '.join(missing)}")
        if unlisted:
            problems.append(f"{path.name} defines tests the spec does not list as {visibility} (they would "
                            f"never run): {', '.join(unlisted)}; add them to a task's tests in spec.toml")
    if problems:
        raise SpecError(f"assignment {spec.id}: " + "; ".join(problems))
