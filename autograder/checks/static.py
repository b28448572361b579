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

#: Names forbidden_calls may report; of these, only the methods ``backward`` and ``requires_grad_`` are
#: matched by name (on objects that are not the submission's own), the rest through torch's import paths.
AUTOGRAD_CALLS = ("backward", "autograd", "func", "functorch", "jacrev", "jacfwd", "vjp", "jvp",
                  "hessian", "requires_grad_")


Code = str | Sequence[tuple[int, str]]


@dataclass(frozen=True)
class Finding:
    function: str
    where: str  # "cell 3, line 4" or "line 4"
    what: str
    over: str = ""  # what a loop iterates over, as written

    def describe(self) -> str:
        what = f"{self.what} over `{self.over}`" if self.over else self.what
        return f"{what} in {self.function} ({self.where})"


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


def _memoized(find: Callable[..., Any]) -> Callable[..., Any]:
    """``find`` with its answers kept per submission: a hypothesis test checks the same code at every example.

    The code is keyed as :func:`_definitions` keys it, collections of names as frozensets (the finders
    only ask what they contain); the caller gets its own copy of the list or dict.
    """
    @functools.lru_cache(maxsize=64)
    def cached(code: str | tuple[tuple[int, str], ...], name: str, args: tuple[Any, ...],
               kwargs: tuple[tuple[str, Any], ...]) -> Any:
        return find(code, name, *args, **dict(kwargs))

    def key(value: Any) -> Any:
        return value if isinstance(value, str) or not isinstance(value, Iterable) else frozenset(value)

    @functools.wraps(find)
    def wrapper(code: Code, name: str, *args: Any, **kwargs: Any) -> Any:
        try:
            code_key = code if isinstance(code, str) else tuple(tuple(cell) for cell in code)
            args_key = tuple(key(a) for a in args)
            kwargs_key = tuple(sorted((k, key(v)) for k, v in kwargs.items()))
            found = cached(code_key, name, args_key, kwargs_key)
        except TypeError:  # something unhashable: look without keeping the answer
            return find(code, name, *args, **kwargs)
        return type(found)(found)

    return wrapper


@_memoized
def reachable_functions(code: Code, name: str) -> dict[str, tuple[str, ast.AST]]:
    """``name`` and every function of the submission it calls, transitively."""
    definitions = _definitions(code)
    methods = _class_methods(code)
    todo, seen = [name], {}
    while todo:
        current = todo.pop()
        if current in seen or current not in definitions:
            continue
        seen[current] = definitions[current]
        for node in ast.walk(definitions[current][1]):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                todo.append(node.func.id)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in methods:
                todo.append(node.func.attr)  # a method of the submission's own class, e.g. node.backward(g)
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


@_memoized
def python_loops(code: Code, name: str) -> list[Finding]:
    """Loops, comprehensions and looping calls in ``name`` and its helpers whose trip count may grow with the input.

    A loop over a fixed collection written in the code (``for c in (1.0, 0.5)``,
    ``range(2)``) or over the columns of an array (``range(X.shape[1])``,
    ``X.T``) runs the same number of times for any batch size, so it is not a
    loop over the rows and is not reported. Every other loop is reported,
    with what it iterates over.
    """
    findings = []
    for function, (prefix, node) in reachable_functions(code, name).items():
        fixed = _fixed_names(node)
        for sub in ast.walk(node):
            what, over = None, ""
            if isinstance(sub, (ast.For, ast.AsyncFor)):
                if not _fixed_trip_count(sub.iter, fixed):
                    what, over = "a for loop", _source(sub.iter)
            elif isinstance(sub, ast.While):
                what = "a while loop"
            elif isinstance(sub, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
                growing = [g.iter for g in sub.generators if not _fixed_trip_count(g.iter, fixed)]
                if growing:
                    what, over = "a comprehension", _source(growing[0])
            elif isinstance(sub, ast.Call):
                last = _call_name(sub).split(".")[-1]
                if last in LOOPING_CALLS:
                    what = LOOPING_CALLS[last]
            if what:
                findings.append(Finding(function, f"{prefix}line {sub.lineno}", what, over))
    return findings


def _source(node: ast.AST, limit: int = 60) -> str:
    text = ast.unparse(node)
    return text if len(text) <= limit else text[:limit] + "..."


def _fixed_names(function: ast.AST) -> set[str]:
    """Names the function binds only to collections written out in the code, e.g. ``scales = (1.0, 0.5)``."""
    bound: dict[str, bool] = {}
    for sub in ast.walk(function):
        if isinstance(sub, ast.Assign):
            for target in sub.targets:
                if isinstance(target, ast.Name):
                    bound[target.id] = bound.get(target.id, True) and _is_literal_collection(sub.value)
        elif isinstance(sub, (ast.AugAssign, ast.AnnAssign)) and isinstance(sub.target, ast.Name):
            bound[sub.target.id] = False
    return {name for name, fixed in bound.items() if fixed}


def _is_literal_collection(node: ast.AST) -> bool:
    return isinstance(node, (ast.Tuple, ast.List, ast.Set)) and not any(
        isinstance(e, ast.Starred) for e in node.elts)


def _is_column_count(node: ast.AST) -> bool:
    """``X.shape[k]`` with a constant k >= 1, ``len(X[0])`` or ``len(X.T)``: a count of columns, not of rows."""
    if (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and node.value.attr == "shape"
            and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, int)):
        return node.slice.value >= 1
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "len" and node.args:
        arg = node.args[0]
        return (isinstance(arg, ast.Subscript) and isinstance(arg.slice, ast.Constant) and arg.slice.value == 0) or (
            isinstance(arg, ast.Attribute) and arg.attr in ("T", "mT"))
    return False


def _fixed_trip_count(node: ast.AST, fixed: set[str]) -> bool:
    """Does iterating over ``node`` take the same number of steps whatever the batch size?"""
    if _is_literal_collection(node):
        return True
    if isinstance(node, ast.Name):
        return node.id in fixed
    if isinstance(node, ast.Attribute) and node.attr in ("T", "mT"):
        return True  # the columns of a batch
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        if node.func.id == "range":
            return all(isinstance(a, ast.Constant) or _is_column_count(a) for a in node.args)
        if node.func.id in ("enumerate", "reversed", "sorted") and node.args:
            return _fixed_trip_count(node.args[0], fixed)
        if node.func.id == "zip" and node.args:
            return any(_fixed_trip_count(a, fixed) for a in node.args)
    return False


def _local_names(node: ast.AST) -> set[str]:
    """Names a function binds itself: its parameters and the variables it assigns."""
    names = {sub.arg for sub in ast.walk(node) if isinstance(sub, ast.arg)}
    names |= {sub.id for sub in ast.walk(node) if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store)}
    return names


@_memoized
def forbidden_calls(code: Code, name: str, forbidden: Iterable[str] = AUTOGRAD_CALLS) -> list[Finding]:
    """Uses of torch's automatic differentiation in ``name`` (and its helpers).

    Found by meaning, not by name: a call into ``torch.autograd``, ``torch.func``
    or ``functorch`` (however imported or renamed), a ``.backward()`` or
    ``.requires_grad_()`` call on something that is not one of the
    submission's own objects, ``requires_grad=True`` and ``x.requires_grad =
    True``. A call of the submission's own functions, variables or methods
    (lecture-style nodes with their own ``forward()``/``backward()`` in NumPy)
    is not autograd, whatever its name. ``forbidden`` narrows which method
    names (``backward``, ``requires_grad_``) count.
    """
    forbidden = set(forbidden)
    definitions = _definitions(code)
    aliases = _torch_aliases(code)
    methods = _class_methods(code)
    findings = []
    for function, (prefix, node) in reachable_functions(code, name).items():
        own = _local_names(node) | set(definitions)
        for sub in ast.walk(node):
            where = f"{prefix}line {getattr(sub, 'lineno', 0)}"
            if isinstance(sub, ast.Call):
                dotted = _call_name(sub)
                head, _, rest = dotted.partition(".")
                if isinstance(sub.func, ast.Name) and sub.func.id in own:
                    continue
                full = aliases.get(head, "") + ("." + rest if rest else "") if head in aliases and head not in own \
                    else dotted
                if full.startswith(AUTOGRAD_MODULES):
                    findings.append(Finding(function, where, f"{dotted} (torch's automatic differentiation)"))
                elif (isinstance(sub.func, ast.Attribute) and sub.func.attr in ("backward", "requires_grad_")
                      and sub.func.attr in forbidden and sub.func.attr not in methods):
                    findings.append(Finding(function, where, f"{dotted}() (torch's automatic differentiation)"))
            elif isinstance(sub, ast.keyword) and sub.arg == "requires_grad" and not _is_false(sub.value):
                findings.append(Finding(function, f"{prefix}line {sub.value.lineno}", "requires_grad=True"))
            elif isinstance(sub, ast.Assign) and not _is_false(sub.value) and any(
                    isinstance(t, ast.Attribute) and t.attr == "requires_grad" for t in sub.targets):
                findings.append(Finding(function, where, "requires_grad = True"))
    return findings


@_memoized
def torch_calls(code: Code, name: str) -> list[Finding]:
    """Calls into torch (``torch.tensor``, ``T.as_tensor`` after ``import torch as T``, ``from torch import
    exp``) in ``name`` and its helpers; the submission's own names are not torch, whatever they are called."""
    definitions = _definitions(code)
    aliases = _torch_aliases(code)
    findings = []
    for function, (prefix, node) in reachable_functions(code, name).items():
        own = _local_names(node) | set(definitions)
        for sub in ast.walk(node):
            if isinstance(sub, ast.Call):
                dotted = _call_name(sub)
                head = dotted.partition(".")[0]
                if head in aliases and head not in own:
                    findings.append(Finding(function, f"{prefix}line {sub.lineno}", dotted))
    return findings


def check_numpy_only(code: Code, name: str) -> None:
    """Fail if ``name`` computes with torch where the notebook asks for NumPy operations only."""
    _check_absent(code, name, torch_calls, "must use NumPy operations only, as the notebook asks, but it calls "
                  "torch", "compute with NumPy arrays and np.* functions from start to end; converting to torch "
                  "and back is not NumPy code, even when the result comes back as a NumPy array.")


#: Modules whose every call differentiates automatically.
AUTOGRAD_MODULES = ("torch.autograd", "torch.func", "functorch", "torch.Tensor.backward")


def _is_false(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and not node.value


def _torch_aliases(code: Code) -> dict[str, str]:
    """Names the submission's imports bind to torch modules or functions: ``{"ag": "torch.autograd", ...}``."""
    aliases: dict[str, str] = {"torch": "torch", "functorch": "functorch"}
    for tree in _trees(code):
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] in ("torch", "functorch"):
                        if alias.asname:
                            aliases[alias.asname] = alias.name
            elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in ("torch",
                                                                                                   "functorch"):
                for alias in node.names:
                    aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return aliases


def _class_methods(code: Code) -> set[str]:
    """Names of the methods the submission's own classes define."""
    return {item.name for tree in _trees(code) for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
            for item in node.body if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))}


def _trees(code: Code) -> list[ast.AST]:
    return _parsed_trees(code if isinstance(code, str) else tuple(tuple(cell) for cell in code))


@functools.lru_cache(maxsize=8)
def _parsed_trees(code: str | tuple[tuple[int, str], ...]) -> list[ast.AST]:
    trees = []
    for _, source in ([(None, code)] if isinstance(code, str) else list(code)):
        try:
            trees.append(ast.parse(strip_magics(source)))
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
    return trees


def _check_absent(code: Code, name: str, find: Callable[[Code, str], list[Finding]], problem: str,
                  hint: str) -> None:
    """Fail if ``name`` is not defined, or if ``find`` finds anything in it."""
    if name not in reachable_functions(code, name):
        raise CheckFailure(f"could not find a definition of {name} in your submission "
                           f"(define it with `def {name}(...)` in a code cell)")
    findings = find(code, name)
    if findings:
        listed = "; ".join(f.describe() for f in findings[:5])
        raise CheckFailure(f"{name} {problem}: {listed}.\nhint: {hint}")


def check_no_python_loops(code: Code, name: str) -> None:
    """Fail if ``name`` loops in Python (it must use whole-array operations)."""
    _check_absent(code, name, python_loops, "must be vectorized, but it has a Python loop whose number of "
                  "iterations depends on the input",
                  "express the computation with whole-array operations (slicing such as X[:, 0], "
                  "broadcasting, matrix products, reductions with axis=...) so that no Python loop runs once "
                  "per row; a loop over a fixed handful of constants, such as the terms of a formula, is fine.")


def check_no_autograd(code: Code, name: str) -> None:
    """Fail if ``name`` calls automatic differentiation (it must use the derived formula)."""
    _check_absent(code, name, forbidden_calls, "must compute its gradient by hand, but it uses torch's automatic "
                  "differentiation", "write out the derivative you worked out on paper with ordinary array "
                  "operations.")


@_memoized
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
