"""Checks that read the student's source code without running it.

They parse the submission's code cells with :mod:`ast` on the grader's side
(parsing never executes anything) and look inside the graded function and
every function of the submission it calls, directly or indirectly.

``code`` is either one string or the submission's cells as
``(cell number, source)`` pairs; findings name the cell and line.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from autograder.checks.compare import CheckFailure
from autograder.submission import strip_magics

#: Calls that hide a Python-level loop over the batch.
LOOPING_CALLS = {"map": "map()", "vectorize": "np.vectorize", "apply_along_axis": "np.apply_along_axis",
                 "frompyfunc": "np.frompyfunc", "fromiter": "np.fromiter"}

#: Attribute chains that use automatic differentiation.
AUTOGRAD_CALLS = ("backward", "autograd", "func", "functorch", "jacrev", "jacfwd", "vjp", "jvp",
                  "hessian", "requires_grad_")


Code = str | Sequence[tuple[int, str]]


@dataclass(frozen=True)
class Finding:
    function: str
    where: str  # "cell 3, line 4" or "line 4"
    what: str


def _definitions(code: Code) -> dict[str, tuple[str, ast.AST]]:
    """Functions by name, with the cell they are in; a later definition replaces an earlier one."""
    return _parsed_definitions(code if isinstance(code, str) else tuple(tuple(cell) for cell in code))


@functools.lru_cache(maxsize=8)  # every static test of a submission reads the same cells
def _parsed_definitions(code: str | tuple[tuple[int, str], ...]) -> dict[str, tuple[str, ast.AST]]:
    cells = [(None, code)] if isinstance(code, str) else list(code)
    found: dict[str, tuple[str, ast.AST]] = {}
    for number, source in cells:
        try:
            tree = ast.parse(strip_magics(source))
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue  # the cell did not run either; its failure is reported with the cells
        prefix = "" if number is None else f"cell {number}, "
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found[node.name] = (prefix, node)
            elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Lambda):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        found[target.id] = (prefix, node.value)
    return found


def reachable_functions(code: Code, name: str) -> dict[str, tuple[str, ast.AST]]:
    """``name`` and every function of the submission it calls, transitively."""
    definitions = _definitions(code)
    todo, seen = [name], {}
    while todo:
        current = todo.pop()
        if current in seen or current not in definitions:
            continue
        seen[current] = definitions[current]
        for node in ast.walk(definitions[current][1]):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                todo.append(node.func.id)
            elif isinstance(node, ast.Name) and node.id in definitions:
                todo.append(node.id)  # a helper passed as an argument, e.g. map(helper, X)
    return seen


def _call_name(node: ast.Call) -> str:
    parts = []
    func = node.func
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if isinstance(func, ast.Name):
        parts.append(func.id)
    return ".".join(reversed(parts))


def python_loops(code: Code, name: str) -> list[Finding]:
    """Loops, comprehensions and looping calls in ``name`` and the helpers it calls."""
    findings = []
    for function, (prefix, node) in reachable_functions(code, name).items():
        for sub in ast.walk(node):
            what = None
            if isinstance(sub, (ast.For, ast.AsyncFor)):
                what = "a for loop"
            elif isinstance(sub, ast.While):
                what = "a while loop"
            elif isinstance(sub, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
                what = "a comprehension"
            elif isinstance(sub, ast.Call):
                last = _call_name(sub).split(".")[-1]
                if last in LOOPING_CALLS:
                    what = LOOPING_CALLS[last]
            if what:
                findings.append(Finding(function, f"{prefix}line {sub.lineno}", what))
    return findings


def _local_names(node: ast.AST) -> set[str]:
    """Names a function binds itself: its parameters and the variables it assigns."""
    names = {sub.arg for sub in ast.walk(node) if isinstance(sub, ast.arg)}
    names |= {sub.id for sub in ast.walk(node) if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store)}
    return names


def forbidden_calls(code: Code, name: str, forbidden: Iterable[str] = AUTOGRAD_CALLS) -> list[Finding]:
    """Calls in ``name`` (and its helpers) whose dotted name contains a forbidden part.

    A bare call of one of the submission's own functions or of a variable the
    function binds itself (``backward = relu_backward; backward(V, Z)``) is not
    a library call, whatever its name.
    """
    forbidden = set(forbidden)
    definitions = _definitions(code)
    findings = []
    for function, (prefix, node) in reachable_functions(code, name).items():
        own = _local_names(node) | set(definitions)
        for sub in ast.walk(node):
            if isinstance(sub, ast.Call):
                dotted = _call_name(sub)
                if isinstance(sub.func, ast.Name) and sub.func.id in own:
                    continue
                if forbidden & set(dotted.split(".")):
                    findings.append(Finding(function, f"{prefix}line {sub.lineno}", dotted))
            elif isinstance(sub, ast.keyword) and sub.arg == "requires_grad" and "requires_grad_" in forbidden:
                findings.append(Finding(function, f"{prefix}line {sub.value.lineno}", "requires_grad=..."))
    return findings


def _check_absent(code: Code, name: str, find: Callable[[Code, str], list[Finding]], problem: str,
                  hint: str) -> None:
    """Fail if ``name`` is not defined, or if ``find`` finds anything in it."""
    if name not in reachable_functions(code, name):
        raise CheckFailure(f"could not find a definition of {name} in your submission "
                           f"(define it with `def {name}(...)` in a code cell)")
    findings = find(code, name)
    if findings:
        listed = "; ".join(f"{f.what} in {f.function} ({f.where})" for f in findings[:5])
        raise CheckFailure(f"{name} {problem}: {listed}.\nhint: {hint}")


def check_no_python_loops(code: Code, name: str) -> None:
    """Fail if ``name`` loops in Python (it must use whole-array operations)."""
    _check_absent(code, name, python_loops, "must be vectorized, but it loops in Python",
                  "express the computation with whole-array operations (slicing such as X[:, 0], "
                  "broadcasting, matrix products, reductions with axis=...) instead of visiting rows one at a time.")


def check_no_autograd(code: Code, name: str) -> None:
    """Fail if ``name`` calls automatic differentiation (it must use the derived formula)."""
    _check_absent(code, name, forbidden_calls, "must compute its gradient by hand, but it uses automatic "
                  "differentiation", "write out the derivative you worked out on paper with ordinary array "
                  "operations.")


def check_vectorized(code: Code, function: Callable[..., Any], *sample_args: Any) -> None:
    """Fail unless ``function`` runs on ``sample_args`` and contains no Python loop.

    Running it first means a stub (or a function that crashes) earns no
    points for being loop-free.
    """
    function(*sample_args)
    check_no_python_loops(code, function.__name__)


def library_calls(code: Code, name: str, routines: Iterable[str]) -> list[Finding]:
    """Attribute calls such as ``torch.softmax(...)``, ``F.softmax(...)`` or ``Z.softmax(...)`` in ``name``
    (and its helpers) whose last part is one of ``routines``.

    Bare calls like ``softmax(Z)`` are the submission's own functions and do not count.
    """
    routines = set(routines)
    findings = []
    for function, (prefix, node) in reachable_functions(code, name).items():
        for sub in ast.walk(node):
            if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and sub.func.attr in routines:
                findings.append(Finding(function, f"{prefix}line {sub.lineno}", _call_name(sub) or sub.func.attr))
    return findings


def check_from_scratch(code: Code, name: str, routines: Iterable[str]) -> None:
    """Fail if ``name`` calls a library routine that does the job it is meant to implement itself."""
    if name not in reachable_functions(code, name):
        raise CheckFailure(f"could not find a definition of {name} in your submission "
                           f"(define it with `def {name}(...)` in a code cell)")
    findings = library_calls(code, name, routines)
    if findings:
        listed = "; ".join(f"{f.what} in {f.function} ({f.where})" for f in findings[:5])
        raise CheckFailure(f"{name} must be written from scratch, but it calls a library routine that does the "
                           f"work: {listed}.\nhint: build it from elementary operations (exp, log, max, sum, "
                           "where) as the notebook explains.")
