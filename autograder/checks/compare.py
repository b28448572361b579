"""Comparisons that explain themselves.

Each ``check_*`` function raises :class:`CheckFailure` with a message a
student can act on: which call, on which input, what was expected and what
came back, where the largest error is, and — when the mistake has a
recognisable shape — a hint (see :mod:`autograder.checks.hints`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from autograder.checks import hints, tolerances
from autograder.checks.tolerances import Tolerance
from autograder.sandbox.wire import Opaque, TensorValue


class CheckFailure(AssertionError):
    """A student's result is wrong; the message says how."""


def show(value: Any, *, limit: int = 12) -> str:
    """A short, deterministic rendering of a value for messages."""
    if isinstance(value, np.ndarray):
        array = np.asarray(value)
        body = np.array2string(array, precision=6, threshold=limit, edgeitems=3, separator=", ",
                               max_line_width=100)
        if array.ndim == 0:
            return body
        return f"array of shape {array.shape}, {array.dtype}: {body}"
    if isinstance(value, Opaque):
        return f"a {value.type_name} object ({value.text})"
    if isinstance(value, float):
        return repr(float(np.float64(value)))
    text = repr(value)
    return text if len(text) <= 300 else text[:300] + "..."


def describe_call(call: str, inputs: Mapping[str, Any]) -> str:
    lines = [call]
    for name, value in inputs.items():
        lines.append(f"  {name} = {show(value)}")
    return "\n".join(lines)


def as_array(got: Any, *, call: str, inputs: Mapping[str, Any], expected: np.ndarray) -> np.ndarray:
    """``got`` as a NumPy array, or a failure saying what type came back instead."""
    if isinstance(got, np.ndarray):
        return got
    if isinstance(got, (int, float, bool, np.number)):
        return np.asarray(got)  # a scalar where an array was expected gets a shape hint
    what = "None (did you forget to `return` the result?)" if got is None else show(got)
    kind = "a scalar" if expected.ndim == 0 else f"an array of shape {expected.shape}"
    raise CheckFailure(f"{describe_call(call, inputs)}\nreturned {what}\nexpected {kind}.")


def check_shape(got: Any, expected_shape: tuple[int, ...], *, call: str, inputs: Mapping[str, Any]) -> np.ndarray:
    """Fail unless ``got`` is an array of exactly ``expected_shape``."""
    template = np.zeros(expected_shape)
    array = as_array(got, call=call, inputs=inputs, expected=template)
    if array.shape != tuple(expected_shape):
        hint = hints.for_shape(array.shape, tuple(expected_shape))
        raise CheckFailure(f"{describe_call(call, inputs)}\nreturned shape {array.shape}, expected shape "
                           f"{tuple(expected_shape)}." + (f"\nhint: {hint}" if hint else ""))
    return array


def check_dtype(got: np.ndarray, expected: np.dtype | str, *, call: str, inputs: Mapping[str, Any],
                why: str = "") -> None:
    if np.dtype(got.dtype) != np.dtype(expected):
        raise CheckFailure(f"{describe_call(call, inputs)}\nreturned dtype {got.dtype}, expected "
                           f"{np.dtype(expected)}." + (f"\nhint: {why}" if why else ""))


def check_close(got: Any, expected: Any, *, call: str, inputs: Mapping[str, Any],
                tol: Tolerance | None = None, mistakes: Mapping[str, Any] | None = None,
                library: str | None = None) -> None:
    """Fail unless ``got`` matches ``expected`` in shape and values.

    ``tol`` defaults to the tolerance for ``got``'s dtype (float32 results are
    judged as float32). ``mistakes`` maps a hint to the value a known wrong
    implementation would return (or a function of no arguments computing it,
    called only if the check fails); if ``got`` matches only one, that hint is
    shown. ``library`` ("numpy" or "torch") also checks which kind of array came
    back (see :func:`check_library`).
    """
    if library:
        check_library(got, library, call=call, inputs=inputs)
    expected = np.asarray(expected)
    array = check_shape(got, expected.shape, call=call, inputs=inputs)
    if not np.issubdtype(array.dtype, np.number) and array.dtype != bool:
        raise CheckFailure(f"{describe_call(call, inputs)}\nreturned an array of dtype {array.dtype}, "
                           "expected numbers.")
    tol = tol or tolerances.for_dtype(array.dtype)
    got64 = array.astype(np.complex128 if np.iscomplexobj(array) else np.float64)
    want64 = expected.astype(np.complex128 if np.iscomplexobj(expected) else np.float64)
    close = np.isclose(got64, want64, rtol=tol.rtol, atol=tol.atol, equal_nan=True)
    if close.all():
        return
    raise CheckFailure(mismatch_message(got64, want64, close, call=call, inputs=inputs, tol=tol,
                                        mistakes=mistakes))


def mismatch_message(got: np.ndarray, expected: np.ndarray, close: np.ndarray, *, call: str,
                     inputs: Mapping[str, Any], tol: Tolerance, mistakes: Mapping[str, Any] | None) -> str:
    with np.errstate(all="ignore"):
        abs_err = np.abs(got - expected)
        score = np.where(close, -np.inf,
                         np.nan_to_num(abs_err / (tol.atol + tol.rtol * np.abs(expected)), nan=np.inf))
    worst = np.unravel_index(int(np.argmax(score)), got.shape) if got.ndim else ()
    where = f" at index {tuple(int(i) for i in worst)}" if got.ndim else ""
    want, have, err = complex(expected[worst]), complex(got[worst]), float(abs_err[worst])
    errors = f"abs error {err:.3g}" + (f", rel error {err / abs(want):.3g}" if want != 0 else "")
    lines = [
        describe_call(call, inputs),
        f"returned wrong values: {int((~close).sum())} of {close.size} entries differ.",
        f"  expected: {show(expected)}",
        f"  got:      {show(got)}",
        f"  largest error{where}: expected {show(_real(want))}, got {show(_real(have))} "
        f"({errors}; tolerance rtol={tol.rtol:g}, atol={tol.atol:g})",
    ]
    hint = hints.for_values(got, expected, tol=tol, mistakes=mistakes)
    if hint:
        lines.append(f"hint: {hint}")
    return "\n".join(lines)


def _real(z: complex) -> float | complex:
    return z.real if z.imag == 0 else z


#: The advice when a function changed one of its inputs in place.
UNCHANGED_HINT = ("work on a copy (X = X.copy(), or build a new array) instead of assigning into the array you were "
                  "given; the caller still needs it.")


def mutated_labels(mutated: Any, names: list[str]) -> list[str]:
    """The input names of a call result's ``mutated`` entries (argument positions or keyword names)."""
    return [names[int(m)] if str(m).isdigit() and int(m) < len(names) else str(m) for m in mutated]


def check_not_modified(mutated: list[str], *, call: str, inputs: Mapping[str, Any]) -> None:
    """Fail if the call changed any of its array arguments in place."""
    if mutated:
        labels = ", ".join(mutated_labels(mutated, list(inputs)))
        raise CheckFailure(f"{describe_call(call, inputs)}\nchanged its input {labels} in place.\n"
                           f"hint: {UNCHANGED_HINT}")


def check_against(student_fn: Callable[..., Any], reference_fn: Callable[..., Any], /, *,
                  tol: Tolerance | None = None, mistakes: Mapping[str, Callable[..., Any]] | None = None,
                  **inputs: Any) -> Any:
    """Call both functions with ``inputs`` (positionally, in order) and compare the results.

    ``mistakes`` maps a hint to a function computing what a known wrong
    implementation returns on the same inputs. Returns the student's result.
    """
    args = tuple(inputs.values())
    expected = reference_fn(*args)
    got = student_fn(*args)
    name = getattr(student_fn, "__name__", "the function")
    call = f"{name}({', '.join(inputs)})"
    wrong = {hint: (lambda fn=fn: fn(*args)) for hint, fn in (mistakes or {}).items()}
    # the student returns the same kind of result as the reference: NumPy for a NumPy task
    library = "torch" if type(expected).__module__.startswith("torch") else "numpy"
    check_close(got, expected, call=call, inputs=inputs, tol=tol, mistakes=wrong, library=library)
    return got


# ----------------------------------------------------------------- which library the result comes from

LIBRARY_HINTS = {
    "numpy": "this task works in NumPy: compute with np.* operations on the arrays you were given and return a "
             "NumPy array (or a NumPy number), not a torch.Tensor",
    "torch": "this task works in PyTorch: compute with torch.* operations on the tensor you were given and "
             "return a torch.Tensor, not a NumPy array or a list",
}


def check_library(got: Any, library: str, *, call: str, inputs: Mapping[str, Any]) -> None:
    """Fail unless ``got`` is a NumPy result (``library="numpy"``) or a torch tensor (``"torch"``).

    Tensors cross the sandbox as :class:`TensorValue` (an ndarray that
    remembers it was a tensor), so both kinds would otherwise compare alike.
    """
    if library not in LIBRARY_HINTS:
        raise ValueError(f"library must be 'numpy' or 'torch', got {library!r}")
    is_tensor = isinstance(got, TensorValue) or type(got).__module__.startswith("torch")  # local self-checks
    if library == "numpy" and is_tensor:
        raise CheckFailure(f"{describe_call(call, inputs)}\nreturned a torch.Tensor; expected a NumPy array.\n"
                           f"hint: {LIBRARY_HINTS['numpy']}")
    if library == "torch" and not is_tensor:
        what = "None (did you forget to `return` the result?)" if got is None else f"{type(got).__name__} {show(got)}"
        raise CheckFailure(f"{describe_call(call, inputs)}\nreturned {what}; it must return a torch.Tensor.\n"
                           f"hint: {LIBRARY_HINTS['torch']}")
