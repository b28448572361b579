"""Does a student function give the same result when it is called twice on the same input?

A function that draws from ``os.urandom``, an unseeded ``np.random.default_rng()``,
the clock or the process's addresses returns something different every time, so
its grade would change from one grading to the next. The session therefore sends
the first call of every function twice (``"repeat": "first"``, then ``"again"``):
the child restores the global random generators (``random``, ``np.random``,
torch's) between the two runs, so code that uses them — seeded identically in
every child — agrees with itself as the grading does, and only a dependence on
entropy, time or state changed by the call shows up as a difference. The grader
compares the two replies (:func:`outcomes_agree`) with a tolerance far below any
grading tolerance, so that a different summation order is not mistaken for
randomness.
"""

from __future__ import annotations

import random
from typing import Any

import numpy as np

#: Relative differences below these (per dtype) are rounding, not randomness.
_RTOL = {np.dtype("float16"): 1e-2, np.dtype("float32"): 1e-5, np.dtype("complex64"): 1e-5}
_RTOL_DEFAULT = 1e-12

def global_random_state() -> tuple[Any, Any, Any]:
    """The state of the three global generators a student function may draw from."""
    import torch

    return random.getstate(), np.random.get_state(), torch.default_generator.get_state()


def seed_global_random(seed: int = 0) -> None:
    """Seed the three global generators, so that what a student's code draws depends only on the request."""
    import torch

    random.seed(seed)
    np.random.seed(seed % 2**32)
    # The CPU generator only: torch.manual_seed also queues seeding for CUDA, MTIA and XPU,
    # formatting a stack trace each time (milliseconds per test), and no GPU is used here.
    torch.default_generator.manual_seed(seed)


def set_global_random_state(state: tuple[Any, Any, Any]) -> None:
    import torch

    python_state, numpy_state, torch_state = state
    random.setstate(python_state)
    np.random.set_state(numpy_state)
    torch.default_generator.set_state(torch_state)


def outcomes_agree(first: dict[str, Any], again: dict[str, Any]) -> bool:
    """Whether two replies to the same call agree: the same error kind and type, or the same
    value, gradients and changed arguments (floats up to rounding)."""
    from autograder.sandbox.wire import decode

    if bool(first.get("ok")) != bool(again.get("ok")):
        return False
    if not first.get("ok"):
        one, two = first.get("error", {}), again.get("error", {})
        return (one.get("kind"), one.get("type")) == (two.get("kind"), two.get("type"))
    if list(first.get("mutated", [])) != list(again.get("mutated", [])):
        return False
    try:
        return all(results_agree(decode(first.get(key)), decode(again.get(key))) for key in ("value", "grads"))
    except Exception:  # noqa: BLE001 - an undecodable reply is reported by the normal path
        return True


def results_agree(first: Any, second: Any) -> bool:
    """Whether two decoded results are the same value (floats: up to rounding)."""
    if isinstance(first, np.ndarray) or isinstance(second, np.ndarray):
        if not (isinstance(first, np.ndarray) and isinstance(second, np.ndarray)):
            return False
        if first.shape != second.shape or first.dtype != second.dtype:
            return False
        if first.dtype.kind not in "fc":
            return bool(np.array_equal(first, second))
        rtol = _RTOL.get(first.dtype, _RTOL_DEFAULT)
        finite = np.abs(first[np.isfinite(first)])
        scale = max(1.0, float(finite.max())) if finite.size else 1.0
        return bool(np.allclose(first, second, rtol=rtol, atol=rtol * scale, equal_nan=True))
    if isinstance(first, float) and isinstance(second, float):
        return first == second or abs(first - second) <= _RTOL_DEFAULT * max(1.0, abs(first), abs(second)) \
            or (first != first and second != second)
    if isinstance(first, (list, tuple)) and isinstance(second, (list, tuple)):
        return type(first) is type(second) and len(first) == len(second) and all(
            results_agree(a, b) for a, b in zip(first, second))
    if isinstance(first, dict) and isinstance(second, dict):
        return first.keys() == second.keys() and all(results_agree(first[k], second[k]) for k in first)
    return type(first) is type(second) and first == second
