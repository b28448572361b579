"""torch as the oracle: reference gradients by automatic differentiation in float64.

The reference forward is written with torch operations; these helpers run it
on float64 copies of the inputs and return NumPy arrays, so the trusted side
can compare a student's hand-written gradient with the exact one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import torch


def _leaf(x: Any, requires_grad: bool) -> torch.Tensor:
    return torch.tensor(np.asarray(x, dtype=np.float64), dtype=torch.float64, requires_grad=requires_grad)


def torch_gradient(fun: Callable[..., torch.Tensor], *args: Any, wrt: int | Sequence[int] = 0) -> Any:
    """Gradient of ``sum(fun(*args))`` with respect to the argument(s) ``wrt``.

    For a function applied row by row (a batch of independent outputs), the
    gradient of the sum is every row's gradient at once.
    """
    return torch_vjp(fun, *args, cotangent=None, wrt=wrt)


def torch_vjp(fun: Callable[..., torch.Tensor], *args: Any, cotangent: Any = None,
              wrt: int | Sequence[int] = 0) -> Any:
    """The vector-Jacobian product ``vᵀ J`` of ``fun`` at ``args`` for the argument(s) ``wrt``.

    ``cotangent`` (v) defaults to ones, which gives the gradient of the sum.
    Returns one array, or a tuple when ``wrt`` is a sequence.
    """
    indices = (wrt,) if isinstance(wrt, int) else tuple(wrt)
    tensors = [_leaf(a, i in indices) if isinstance(a, (np.ndarray, list, float, int)) else a
               for i, a in enumerate(args)]
    out = fun(*tensors)
    v = torch.ones_like(out) if cotangent is None else _leaf(cotangent, False)
    grads = torch.autograd.grad(out, [tensors[i] for i in indices], grad_outputs=v, allow_unused=True)
    arrays = tuple(np.zeros(tensors[i].shape) if g is None else g.detach().numpy()
                   for i, g in zip(indices, grads))
    return arrays[0] if isinstance(wrt, int) else arrays


def torch_forward(fun: Callable[..., torch.Tensor], *args: Any) -> np.ndarray:
    """Run a torch reference forward in float64 on NumPy inputs; NumPy output."""
    with torch.no_grad():
        out = fun(*[_leaf(a, False) if isinstance(a, np.ndarray) else a for a in args])
    return out.numpy() if isinstance(out, torch.Tensor) else np.asarray(out)
