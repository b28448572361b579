"""Do the package's modules import each other in one direction only?

Every import of a module, at its top or inside a function (a late import is still a
dependency), is read from the source (nothing is run) and put in a graph.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "autograder"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def top_level_imports(path: Path) -> set[str]:
    """The package's modules that ``path`` imports when it is imported."""
    found = set()
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {name for name in names if name in MODULES}
    # A module's own packages are imported before it in any case: not an edge of the graph.
    own = module_name(path)
    return {name for name in found if name != own and not own.startswith(name + ".")}


GRAPH = {name: top_level_imports(path) for name, path in MODULES.items()}


def cycle_from(start: str) -> list[str] | None:
    """A path of imports from ``start`` back to ``start``, if there is one."""
    stack, seen = [(start, [start])], set()
    while stack:
        node, path = stack.pop()
        for following in sorted(GRAPH[node]):
            if following == start:
                return path + [start]
            if following not in seen:
                seen.add(following)
                stack.append((following, path + [following]))
    return None


#: Cycles known and left to their owners (batch hands jobs to workers, which grade through batch).
#: Strict: a cycle that is gone must leave this list.
KNOWN_CYCLES = {frozenset({"autograder.batch", "autograder.workers"})}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_is_the_module_free_of_import_cycles(module):
    cycle = cycle_from(module)
    assert cycle is None or frozenset(cycle) in KNOWN_CYCLES, "import cycle: " + " -> ".join(cycle)


@pytest.mark.parametrize("known", sorted(KNOWN_CYCLES, key=sorted), ids=lambda c: "-".join(sorted(c)))
def test_is_each_known_cycle_still_there(known):
    first = sorted(known)[0]
    assert frozenset(cycle_from(first) or ()) == known, f"{sorted(known)} no longer import each other: remove it"


def test_does_the_sandbox_side_import_nothing_of_the_grader():
    """The trust boundary in the layout: the child's package never reaches the runner, results or writers."""
    grader_side = ("autograder.testrun", "autograder.runner", "autograder.results", "autograder.reports",
                   "autograder.batch", "autograder.cli", "autograder.corpus")
    for name in (n for n in GRAPH if n.startswith("autograder.sandbox")):
        assert not {m for m in GRAPH[name] if m.startswith(grader_side)}, name


def test_does_every_module_import_in_a_fresh_interpreter():
    """Every module imported, in a fresh interpreter, lightest first (a module that imports only
    thanks to an earlier import in some other process fails here)."""
    order = sorted(MODULES, key=lambda name: (len(GRAPH[name]), name))
    code = "import importlib, sys\nfor name in sys.argv[1:]:\n    importlib.import_module(name)\n"
    run = subprocess.run([sys.executable, "-c", code, *order], cwd=ROOT, capture_output=True, text=True,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr[-2000:]
