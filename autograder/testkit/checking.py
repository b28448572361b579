"""One-line checks of a student call: values, tuples, gradients, "by hand".

Each helper wraps the check library (:mod:`autograder.checks`) and takes a
:class:`~autograder.testkit.calls.Call`, so messages name the call and its
inputs without the test spelling them out. Mistake models are functions of
the call's arguments, like the reference: ``mistakes={hint: wrong_fn}``; a
hint is named only when that mistake alone explains the student's result
(:func:`autograder.checks.hints.for_values`), and for a tuple only when it
explains every part.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograder.checks import hints, tolerances
from autograder.checks.compare import UNCHANGED_HINT, CheckFailure, check_close, show
from autograder.checks.finite_diff import central_difference, check_gradient, compare_gradient
from autograder.checks.oracle import torch_forward, torch_gradient
from autograder.checks.static import check_from_scratch, check_no_autograd, check_no_python_loops
from autograder.checks.tolerances import Tolerance
from autograder.testkit.calls import AuthoringError, Call

Mistakes = Mapping[str, Any]


def _validate(call: Any, mistakes: Mistakes | None, tol: Any, parts: Any = None) -> None:
    """Fail at once, with a specific message, when a check is written wrongly."""
    if not isinstance(call, Call):
        raise AuthoringError(f"the call must be a testkit Call (Call('f', x=...)), got {type(call).__name__}")
    for hint in mistakes or {}:
        if not isinstance(hint, str) or not hint.strip():
            raise AuthoringError(f"{call.text}: every mistake must be named by its hint (a non-empty string), "
                                 f"got {hint!r}")
    if tol is not None and not isinstance(tol, Tolerance):
        raise AuthoringError(f"{call.text}: tol must be a Tolerance from autograder.checks.tolerances, got {tol!r}")
    if parts is not None and not isinstance(parts, PerLayer) and (
            isinstance(parts, str) or not parts or not all(isinstance(p, (str, PerLayer)) for p in parts)):
        raise AuthoringError(f"{call.text}: parts must be a sequence of part names such as ('w', 'v') or "
                             f"per_layer(...) entries, got {parts!r}")


@dataclass(frozen=True)
class PerLayer:
    """A part of a result that is a list with one tuple per layer, say one ``(W, b)`` pair (see :func:`per_layer`)."""

    name: str
    entries: tuple[str, ...]
    down: bool = False

    def split(self, value: Any, layers: int | None, prefix: str = "", at: tuple[int, ...] = ()) -> list[Leaf]:
        """Every array of ``value`` (the part at index path ``at``), or a :class:`_Mismatch` saying what came back.

        ``layers`` is the number of layers expected (None: any number).
        """
        n = len(self.entries)
        if not (isinstance(value, (list, tuple)) and len(value) == (len(value) if layers is None else layers)
                and all(isinstance(layer, (list, tuple)) and len(layer) == n for layer in value)):
            count, kind = "" if layers is None else f"{layers} ", "pairs" if n == 2 else "tuples"
            raise _Mismatch(f"returned {self.name} = {show(value)}\nexpected a list of {count}"
                            f"({', '.join(self.entries)}) {kind}, one per layer.")
        order = range(len(value) - 1, -1, -1) if self.down else range(len(value))
        return [(self.name, f"{prefix}{self.name}[{k}][{i}] ({entry} of layer {k + 1})", value[k][i], (*at, k, i))
                for k in order for i, entry in enumerate(self.entries)]


def per_layer(name: str, entries: Sequence[str] = ("W", "b"), *, down: bool = False) -> PerLayer:
    """A ``parts=`` entry for a list with one tuple of ``entries`` per layer (``params``: ``[(W1, b1), ...]``).

    Each array is compared on its own and named in messages as ``params[1][0] (W of layer 2)``;
    ``down`` compares them from the last layer down (a gradient's mistake then shows in the
    layer where it starts). A result of another shape fails, saying what came back.
    """
    if not isinstance(name, str) or not name or isinstance(entries, str) or not entries or not all(
            isinstance(e, str) and e for e in entries):
        raise AuthoringError(f"per_layer(name, entries): a name and a sequence of entry names, got {name!r}, "
                             f"{entries!r}")
    return PerLayer(name, tuple(entries), down)


class _Mismatch(Exception):
    """A value that does not have the structure of its parts (the message says what came back)."""


#: An array of a result: the name of its part, where it is (for messages), the array and its index path.
Leaf = tuple[str, str, Any, tuple[int, ...]]


def _split(parts: Any, value: Any, layers: int | None) -> list[Leaf]:
    """(part name, where in messages, array, index path) for every array of ``value``, in the order compared."""
    if isinstance(parts, PerLayer):
        return parts.split(value, layers)
    names = [p.name if isinstance(p, PerLayer) else p for p in parts]
    if not isinstance(value, (tuple, list)) or len(value) != len(parts):
        raise _Mismatch(f"returned {show(value)}\nexpected a tuple of {len(parts)} values: ({', '.join(names)}).")
    leaves = []
    for i, (spec, part) in enumerate(zip(parts, value)):
        leaves += spec.split(part, layers, f"part {i}, ", (i,)) if isinstance(spec, PerLayer) else [
            (spec, f"part {i} ({spec})", part, (i,))]
    return leaves


def _layers(parts: Any, expected: Any) -> int | None:
    """How many layers the per-layer parts of ``expected`` have (None: no per-layer part)."""
    if isinstance(parts, PerLayer):
        return len(expected) if isinstance(expected, (list, tuple)) else None
    for spec, part in zip(parts, expected if isinstance(expected, (list, tuple)) else ()):
        if isinstance(spec, PerLayer):
            return len(part) if isinstance(part, (list, tuple)) else None
    return None


def check_layout(call: Call, got: Any, parts: Any, *, layers: int | None = None) -> Any:
    """``got`` has the structure ``parts`` describes (``layers`` tuples in each :func:`per_layer` part, or any
    number when None), or fail.

    The failure says what came back and what was expected. Returns ``got``, so that a test can
    unpack a result it checks otherwise (``params, losses = check_layout(call, got, (per_layer("params"),
    "losses"), layers=2)``).
    """
    _validate(call, None, None, parts)
    try:
        _split(parts, got, layers)
    except _Mismatch as mismatch:
        raise call.failure(str(mismatch)) from None
    return got


def _expected(call: Call, expected: Any) -> Any:
    return call.apply(expected) if callable(expected) else expected


def _models(call: Call, mistakes: Mistakes | None) -> dict[str, Callable[[], Any]]:
    """Each mistake as a function of no arguments (called only if the check fails)."""
    return {hint: (lambda m=model: call.apply(m)) if callable(model) else (lambda m=model: m)
            for hint, model in (mistakes or {}).items()}


def _library(expected: Any) -> str:
    return "torch" if type(expected).__module__.startswith("torch") else "numpy"


Parts = Sequence["str | PerLayer"] | PerLayer


def check_result(call: Call, got: Any, expected: Any, *, mistakes: Mistakes | None = None,
                 tol: Tolerance | None = None, parts: Parts | None = None, order: Sequence[str] = ()) -> Any:
    """Compare what the student returned for ``call`` with ``expected``.

    ``expected`` is a value or a function of the call's arguments (the
    reference). ``parts`` names the entries of a returned tuple: each part is
    compared on its own, and a failure names the part; a part that is a list of
    per-layer tuples is a :func:`per_layer` entry (``parts=("S", per_layer("cache",
    ("H", "Z")))``), and ``parts=per_layer("grads", ("dW", "db"))`` is a result that is
    such a list. ``order`` lists part names to compare before the others (see
    :func:`check_parts`). The student's result must be of the same library as the
    expected one (NumPy or torch). Returns ``got``.
    """
    _validate(call, mistakes, tol, parts)
    want = _expected(call, expected)
    models = _models(call, mistakes)
    if parts is not None:
        return check_parts(call, got, want, names=parts, mistakes=models, tol=tol, order=order)
    check_close(got, want, call=call.text, inputs=call.shown, tol=tol, mistakes=models, library=_library(want))
    return got


def check_call(student: Any, call: Call, expected: Any, *, mistakes: Mistakes | None = None,
               tol: Tolerance | None = None, parts: Parts | None = None, order: Sequence[str] = (),
               error_hint: str | None = None) -> Any:
    """Run ``call`` on the student's function and compare it with ``expected`` (see :func:`check_result`).

    ``error_hint`` turns an exception in the student's code into a failure
    with that hint (say, about the shapes the function must accept).
    """
    _validate(call, mistakes, tol, parts)
    return check_result(call, call.run(student, hint=error_hint), expected, mistakes=mistakes, tol=tol, parts=parts,
                        order=order)


def check_parts(call: Call, got: Any, expected: Any, *, names: Parts,
                mistakes: Mapping[str, Callable[[], Any]] | None = None, tol: Tolerance | None = None,
                order: Sequence[str] = ()) -> Any:
    """``got`` must have one part per name, each matching its part of ``expected``.

    A tuple (or list) result has its parts in the order of ``names``; a dict
    result (``expected`` a dict) has them under the keys ``names``. A
    :func:`per_layer` entry is a list of per-layer tuples, each array compared on
    its own. A result of another structure fails, saying what came back and
    what was expected. Parts are compared in the order of the result, except
    that the parts named in ``order`` come first (say a velocity before the
    parameter it moves). ``mistakes`` maps a hint to a function of no
    arguments returning the whole result a known wrong implementation gives;
    it is named only if it matches every part.
    """
    if isinstance(expected, Mapping):
        if isinstance(names, PerLayer) or any(isinstance(n, PerLayer) for n in names):
            raise AuthoringError(f"{call.text}: per_layer parts need a tuple or list result, not a dict")
        if sorted(expected) != sorted(names):
            raise AuthoringError(f"{call.text}: the expected dict has the keys {sorted(expected)} but names lists "
                                 f"{list(names)}")
        if not isinstance(got, Mapping) or sorted(got) != sorted(names):
            what = f"a dict with the keys {sorted(got)}" if isinstance(got, Mapping) else show(got)
            raise call.failure(f"returned {what}\nexpected a dict with one entry per name: {', '.join(names)}.")

        def split(value: Any) -> list[Leaf]:
            return [(name, f"[{name!r}]", value[name], (name,)) for name in names]
    else:
        if not isinstance(names, PerLayer) and (not isinstance(expected, (tuple, list)) or len(expected) != len(names)):
            raise AuthoringError(f"{call.text}: the expected result has {_count(expected)} parts but names lists "
                                 f"{len(names)} ({', '.join(names)})")
        layers = _layers(names, expected)

        def split(value: Any) -> list[Leaf]:
            return _split(names, value, layers)

        try:
            split(expected)
        except _Mismatch as mismatch:
            raise AuthoringError(f"{call.text}: the expected result does not fit its parts: {mismatch}") from None
        try:
            split(got)
        except _Mismatch as mismatch:
            raise call.failure(str(mismatch)) from None

    def ordered(value: Any) -> list[Leaf]:
        leaves = split(value)
        return sorted(leaves, key=lambda leaf: order.index(leaf[0]) if leaf[0] in order else len(order))

    models = {hint: (lambda m=m: tuple(leaf[2] for leaf in ordered(m()))) for hint, m in (mistakes or {}).items()}
    explaining = _OnDemand(lambda: hints.whole_tuple_mistakes(tuple(leaf[2] for leaf in ordered(got)), models))
    for i, ((_, where, part, _), (_, _, want, _)) in enumerate(zip(ordered(got), ordered(expected))):
        check_close(part, want, call=f"{call.text}, returned {where}", inputs=call.shown, tol=tol,
                    mistakes=_OnDemand(lambda i=i: {hint: wrong[i] for hint, wrong in explaining.items()}),
                    library=_library(want))
    return got


class _OnDemand(Mapping):
    """A mapping built the first time it is read: the mistakes that explain a whole result are worked out
    (every mistake model run, every part compared) only when a part has failed, never for correct work."""

    def __init__(self, build: Callable[[], Mapping[str, Any]]) -> None:
        self._build = build
        self._built: Mapping[str, Any] | None = None

    def _mapping(self) -> Mapping[str, Any]:
        if self._built is None:
            self._built = self._build()
        return self._built

    def __getitem__(self, key: str) -> Any:
        return self._mapping()[key]

    def __iter__(self) -> Any:
        return iter(self._mapping())

    def __len__(self) -> int:
        return len(self._mapping())


def _at(value: Any, path: tuple[int, ...]) -> Any:
    for index in path:
        value = value[index]
    return value


def _replaced(value: Any, path: tuple[int, ...], new: Any) -> Any:
    """``value`` with the entry at ``path`` replaced by ``new`` (lists and tuples rebuilt, nothing changed in place)."""
    if not path:
        return new
    entries = list(value)
    entries[path[0]] = _replaced(entries[path[0]], path[1:], new)
    return tuple(entries) if isinstance(value, tuple) else entries


def check_finite_differences(call: Call, got: Any, loss: Callable[[Any], Any], at: Any, *, parts: Parts | None = None,
                             mistakes: Mistakes | None = None, of: str | None = None) -> Any:
    """``got`` is the gradient of the scalar ``loss`` at the point ``at``, by central finite differences.

    ``at`` is an array, or a nested value that ``parts`` describes (a tuple, or :func:`per_layer`
    pairs such as a network's ``[(W1, b1), ...]``), and ``loss`` a function of a point of that
    structure. Each array of ``got`` is compared, in the order of ``parts``, with the central
    differences of ``loss`` with respect to the matching array of ``at``, at the finite-difference
    tolerance of its dtype; a failure names the array (and ``of``, what is differentiated).
    ``mistakes`` are functions of the call's arguments returning a whole wrong result; one is
    named when it alone explains the failing array. Returns ``got``.
    """
    _validate(call, mistakes, None, parts)
    arrays: list[tuple[str, tuple[int, ...]]] = [(call.text, ())]
    if parts is not None:
        layers = _layers(parts, at)
        try:
            arrays = [(f"{call.text}, returned {where}", path) for _, where, _, path in _split(parts, at, layers)]
        except _Mismatch as mismatch:
            raise AuthoringError(f"{call.text}: the point does not fit its parts: {mismatch}") from None
        check_layout(call, got, parts, layers=layers)
    models = _models(call, mistakes)
    for where, path in arrays:
        analytic = np.asarray(_at(got, path))
        numeric = central_difference(lambda x: loss(_replaced(at, path, x)), _at(at, path))
        tol = tolerances.for_gradient(analytic.dtype)
        try:
            hint = hints.for_values(analytic.astype(np.float64), numeric, tol=tol, mistakes={
                hint: (lambda model=model: _at(model(), path)) for hint, model in models.items()})
        except (TypeError, ValueError):  # not numbers: check_gradient says so
            hint = None
        check_gradient(analytic, numeric, call=where + (f", for {of}" if of else ""), inputs=call.shown, tol=tol,
                       hint=hint)
    return got


def check_reproducible(call: Call, first: Any, again: Any, *, parts: Parts | None = None, order: Sequence[str] = (),
                       hint: str | None = None) -> Any:
    """Two results of ``call`` (run twice, say with the same seed) must be identical, number for number.

    ``parts`` describes the results' structure (as for :func:`check_result`; needed for a
    nested result, and both must have it); the failure names the first array that differs
    (in the order of ``parts``, the parts named in ``order`` first) and shows it from both
    runs. Returns ``first``.
    """
    _validate(call, None, None, parts)
    pairs = [("", "the result", first, again)]
    if parts is not None:
        layers = _layers(parts, first)
        check_layout(call, first, parts, layers=layers)
        check_layout(call, again, parts, layers=layers)
        pairs = [(name, where, a, b) for (name, where, a, _), (_, _, b, _) in zip(
            _split(parts, first, layers), _split(parts, again, layers))]
        pairs.sort(key=lambda pair: order.index(pair[0]) if pair[0] in order else len(order))
    for _, where, a, b in pairs:
        if not np.array_equal(np.asarray(a), np.asarray(b)):
            raise call.failure(f"returned different results when called twice with the same inputs; {where} was\n"
                               f"  first call:  {show(a)}\n  second call: {show(b)}", hint=hint)
    return first


def check_unchanged(student: Any, call: Call, *, hint: str | None = None) -> Any:
    """Run ``call``; fail if it changed any of its inputs in place, naming them as the call does.

    Returns the :class:`~autograder.sandbox.session.CallResult` (``.value``), so the
    result can be checked next. ``hint`` replaces the default advice (work on a copy).
    """
    if not isinstance(call, Call):
        raise AuthoringError(f"check_unchanged needs a testkit Call, got {type(call).__name__}")
    result = call.result(student)
    if result.mutated:
        raise call.failure(f"changed its input {', '.join(call.labels(result.mutated))} in place.",
                           hint=hint or UNCHANGED_HINT)
    return result


def _count(value: Any) -> str:
    return str(len(value)) if isinstance(value, (tuple, list)) else "no"


def check_op(student: Any, call: Call, *, forward: Callable[..., Any], reference: Callable[..., Any] | None = None,
             gradient: str | None = None, wrt: int = 0, mistakes: Mistakes | None = None,
             gradient_mistakes: Mistakes | None = None, tol: Tolerance | None = None) -> None:
    """The student's value and gradient against the reference, finite differences and torch, in one line.

    - the value of ``call`` must match ``reference`` (a NumPy function of the
      same arguments), or the float64 torch ``forward`` when there is none;
    - with ``gradient`` (the name of the student's gradient function, same
      arguments), its result must match ``torch.autograd`` of ``forward``
      with respect to argument ``wrt`` (the gradient of the sum of the output).

    Before judging the student, the oracle is checked against itself: torch's
    gradient must agree with central finite differences of ``reference`` (or
    ``forward``); if not, the test is wrong and an :class:`AuthoringError` says so.
    """
    _validate(call, mistakes, tol)
    _validate(call, gradient_mistakes, None)
    if call.keywords:
        raise AuthoringError(f"{call.text}: check_op differentiates positional inputs; build the call without "
                             "with_keywords")
    value = reference if reference is not None else (lambda *args: torch_forward(forward, *args))
    check_call(student, call, value, mistakes=mistakes, tol=tol)
    if gradient is None:
        return
    args = call.local_args
    oracle = torch_gradient(forward, *args, wrt=wrt)

    def at(x: np.ndarray) -> Any:
        return value(*args[:wrt], x, *args[wrt + 1:])

    agreement = compare_gradient(oracle, central_difference(at, args[wrt]), tolerances.FINITE_DIFFERENCE)
    if not agreement.ok:
        raise AuthoringError(f"{call.text}: torch's gradient of the forward disagrees with finite differences of "
                             f"the reference at {agreement.index} ({agreement.analytic} vs {agreement.numeric}): "
                             "the forward and the reference compute different functions")
    check_call(student, call.renamed(gradient), oracle, mistakes=gradient_mistakes)


def by_hand(student: Any, code: Any, call: Call, *, loops: bool = True, from_scratch: Sequence[str] = ()) -> None:
    """The student's function works without autograd and its source uses none.

    The call runs first with every autograd entry point disabled (the real
    test; a stub earns nothing), then the source is read: no call into
    torch's automatic differentiation, no Python loop over the input unless
    ``loops`` allows it, and no call of the library routines ``from_scratch``
    (say ``("Adam",)`` for an optimizer written by hand).
    """
    if not isinstance(call, Call):
        raise AuthoringError(f"by_hand needs a testkit Call, got {type(call).__name__}")
    if isinstance(from_scratch, str):
        raise AuthoringError(f"from_scratch must be a sequence of routine names, got the string {from_scratch!r}")
    call.result(student, forbid_autograd=True)
    check_no_autograd(code, call.function)
    if not loops:
        check_no_python_loops(code, call.function)
    if from_scratch:
        check_from_scratch(code, call.function, from_scratch)


def fail(call: Call, what: str, *, hint: str | None = None) -> CheckFailure:
    """A failure about ``call`` (raise it): the call, its inputs, what went wrong, a hint."""
    return call.failure(what, hint=hint)


__all__ = ["CheckFailure", "PerLayer", "by_hand", "check_call", "check_finite_differences", "check_layout", "check_op",
           "check_parts", "check_reproducible", "check_result", "check_unchanged", "fail", "per_layer"]
