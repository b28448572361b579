"""Vectorization judged by how the student's Python-level work grows with the batch.

The child counts the lines of the student's own code a call runs (library code
is not counted; see ``count_lines`` in :mod:`autograder.sandbox.child`). Code
built from whole-array operations runs the same lines for 4 rows as for 40; a
loop over the rows (a ``for``, a comprehension, recursion, ``np.vectorize`` of
a Python function) runs at least one more line per row. The count is exact, so
the check is deterministic and no clock is involved.

The static scan (:func:`autograder.checks.static.python_loops`) is evidence: it
names the loop that probably does it. A loop it flags that does not grow with
the batch (a generator over the two terms of a formula, a loop over the
columns) is not held against the student. Calls that loop in C over a Python
or builtin callable (``map(float, X)``) run no counted lines, so those the scan
finds are still reported.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import torch

from autograder.checks.compare import CheckFailure
from autograder.checks.static import LOOPING_CALLS, Code, _check_absent, check_no_python_loops, python_loops
from autograder.student import StudentAborted, StudentError

#: The two batch sizes compared; a loop over the rows runs at least LARGE - SMALL more lines at LARGE.
SMALL, LARGE = 4, 40
#: Lines per extra row from which the work counts as growing with the batch (a loop over rows makes >= 1).
PER_ROW = 0.5

HINT = ("express the computation with whole-array operations (slicing such as X[:, 0], broadcasting, matrix "
        "products, reductions with axis=...) so that no Python code runs once per row; a loop over a fixed handful "
        "of constants, such as the terms of a formula, or over the columns, is fine.")


def rows_like(sample_args: Sequence[Any], n: int) -> tuple[Any, ...]:
    """``sample_args`` with every array whose first axis is the batch (the first argument's) grown to ``n`` rows.

    Rows are repeated cyclically, so the values stay as the test chose them.
    """
    batch = len(sample_args[0])
    grown = []
    for arg in sample_args:
        if isinstance(arg, np.ndarray) and arg.ndim and len(arg) == batch:
            arg = arg[np.arange(n) % batch]
        elif isinstance(arg, torch.Tensor) and arg.ndim and len(arg) == batch:
            arg = arg[torch.arange(n) % batch]
        grown.append(arg)
    return tuple(grown)


def lines_run(function: Callable[..., Any], args: Sequence[Any]) -> int | None:
    """Lines of the student's code ``function(*args)`` ran; None when they could not be counted."""
    try:
        result = function.call(*args, count_lines=True)
    except (TypeError, AttributeError, StudentError, StudentAborted):
        return None  # a transport that does not count, or the call failed: the static scan decides
    lines = getattr(result, "lines", None)
    return lines if isinstance(lines, int) and lines >= 0 else None


def check_vectorized(code: Code, function: Callable[..., Any], *sample_args: Any,
                     batch: Callable[[int], Sequence[Any]] | None = None) -> None:
    """Fail unless ``function`` runs on ``sample_args`` and its Python-level work does not grow with the batch.

    ``batch(n)`` gives the arguments for a batch of n rows (default: :func:`rows_like`
    of ``sample_args``). Running it first means a stub (or a function that crashes)
    earns no points for being loop-free.
    """
    function(*sample_args)
    name = function.__name__
    grow = batch or (lambda n: rows_like(sample_args, n))
    small, large = lines_run(function, grow(SMALL)), lines_run(function, grow(LARGE))
    if small is None or large is None:
        check_no_python_loops(code, name)
        return
    if large - small >= PER_ROW * (LARGE - SMALL):
        findings = python_loops(code, name)
        evidence = ("; ".join(f.describe() for f in findings[:3]) if findings else
                    "no loop statement in the source, so probably recursion or a helper called once per row")
        raise CheckFailure(
            f"{name} must be vectorized, but the Python code it runs grows with the batch: {small} lines of your "
            f"code ran for a batch of {SMALL} rows and {large} for {LARGE} rows, about "
            f"{(large - small) / (LARGE - SMALL):.3g} more per row. Where: {evidence}.\nhint: {HINT}")
    _check_absent(code, name, _looping_calls, "must be vectorized, but it calls a routine that loops over the "
                  "input in Python", HINT)


def _looping_calls(code: Code, name: str) -> list:
    return [f for f in python_loops(code, name) if f.what in LOOPING_CALLS.values()]
