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
from typing import Any

import numpy as np

from autograder.checks import hints, tolerances
from autograder.checks.compare import CheckFailure, check_close, show
from autograder.checks.finite_diff import central_difference, compare_gradient
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
    if parts is not None and (isinstance(parts, str) or not all(isinstance(p, str) for p in parts) or not parts):
        raise AuthoringError(f"{call.text}: parts must be a sequence of part names such as ('w', 'v'), got {parts!r}")


def _expected(call: Call, expected: Any) -> Any:
    return call.apply(expected) if callable(expected) else expected


def _models(call: Call, mistakes: Mistakes | None) -> dict[str, Callable[[], Any]]:
    """Each mistake as a function of no arguments (called only if the check fails)."""
    return {hint: (lambda m=model: call.apply(m)) if callable(model) else (lambda m=model: m)
            for hint, model in (mistakes or {}).items()}


def _library(expected: Any) -> str:
    return "torch" if type(expected).__module__.startswith("torch") else "numpy"


def check_result(call: Call, got: Any, expected: Any, *, mistakes: Mistakes | None = None,
                 tol: Tolerance | None = None, parts: Sequence[str] | None = None) -> Any:
    """Compare what the student returned for ``call`` with ``expected``.

    ``expected`` is a value or a function of the call's arguments (the
    reference). ``parts`` names the entries of a returned tuple: each part is
    compared on its own, and a failure names the part. The student's result
    must be of the same library as the expected one (NumPy or torch).
    Returns ``got``.
    """
    _validate(call, mistakes, tol, parts)
    want = _expected(call, expected)
    models = _models(call, mistakes)
    if parts is not None:
        return check_parts(call, got, want, names=parts, mistakes=models, tol=tol)
    check_close(got, want, call=call.text, inputs=call.shown, tol=tol, mistakes=models, library=_library(want))
    return got


def check_call(student: Any, call: Call, expected: Any, *, mistakes: Mistakes | None = None,
               tol: Tolerance | None = None, parts: Sequence[str] | None = None,
               error_hint: str | None = None) -> Any:
    """Run ``call`` on the student's function and compare it with ``expected`` (see :func:`check_result`).

    ``error_hint`` turns an exception in the student's code into a failure
    with that hint (say, about the shapes the function must accept).
    """
    _validate(call, mistakes, tol, parts)
    return check_result(call, call.run(student, hint=error_hint), expected, mistakes=mistakes, tol=tol, parts=parts)


def check_parts(call: Call, got: Any, expected: Any, *, names: Sequence[str],
                mistakes: Mapping[str, Callable[[], Any]] | None = None, tol: Tolerance | None = None) -> Any:
    """``got`` must have one part per name, each matching its part of ``expected``.

    A tuple (or list) result has its parts in the order of ``names``; a dict
    result (``expected`` a dict) has them under the keys ``names``.
    ``mistakes`` maps a hint to a function of no arguments returning the whole
    result a known wrong implementation gives; it is named only if it matches
    every part.
    """
    keyed = isinstance(expected, Mapping)
    if keyed:
        if sorted(expected) != sorted(names):
            raise AuthoringError(f"{call.text}: the expected dict has the keys {sorted(expected)} but names lists "
                                 f"{list(names)}")
        if not isinstance(got, Mapping) or sorted(got) != sorted(names):
            what = f"a dict with the keys {sorted(got)}" if isinstance(got, Mapping) else show(got)
            raise call.failure(f"returned {what}\nexpected a dict with one entry per name: {', '.join(names)}.")
    elif not isinstance(expected, (tuple, list)) or len(expected) != len(names):
        raise AuthoringError(f"{call.text}: the expected result has {_count(expected)} parts but names lists "
                             f"{len(names)} ({', '.join(names)})")
    elif not isinstance(got, (tuple, list)) or len(got) != len(names):
        raise call.failure(f"returned {show(got)}\nexpected a tuple of {len(names)} values: ({', '.join(names)}).")

    def ordered(value: Any) -> tuple[Any, ...]:
        return tuple(value[name] for name in names) if keyed else tuple(value)

    models = {hint: (lambda m=m: ordered(m())) for hint, m in (mistakes or {}).items()}
    explaining = hints.whole_tuple_mistakes(ordered(got), models)
    for i, (name, part, want) in enumerate(zip(names, ordered(got), ordered(expected))):
        where = f"[{name!r}]" if keyed else f"part {i} ({name})"
        check_close(part, want, call=f"{call.text}, returned {where}", inputs=call.shown, tol=tol,
                    mistakes={hint: wrong[i] for hint, wrong in explaining.items()},
                    library=_library(want))
    return got


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


__all__ = ["CheckFailure", "by_hand", "check_call", "check_op", "check_parts", "check_result", "fail"]
