"""Pay, once in the zygote, every one-off cost that a child's first call would pay.

numpy, torch and matplotlib load many modules only when a feature is first used.
The first ``backward()`` of a process, for instance, imports
``torch.fx.experimental.symbolic_shapes`` and with it sympy: about 480 modules,
0.6 s of CPU on an idle machine and several seconds of wall time on a loaded one.
If the zygote has not done it, every forked child does it again inside the first
student call that needs it, and the per-call limit charges it to the student.
``bench/first_call.py`` measures the difference.

:func:`prepare_zygote` exercises each such feature on tiny inputs, so children
start with it loaded. It keeps the process single-threaded (the sandbox's user
and PID namespaces need a single-threaded parent), freezes the objects it made
out of the garbage collector's way, and seeds the global random generators so
that every child starts from the same random state.
"""

from __future__ import annotations

import gc
import io
import os
import random

#: The seed of the global random generators every child inherits.
CHILD_SEED = 20261130

#: Modules imported lazily by features that graded code uses (found by listing the
#: modules a child had imported after grading each assignment's reference solution).
LAZY_MODULES = (
    "numpy.random",
    "numpy.linalg",
    "numpy.fft",
    "torch.fx.experimental.symbolic_shapes",  # imported by the first backward(), pulls in sympy
    "torch._subclasses.schema_check_mode",
    "torch.autograd.forward_ad",
    "torch.autograd.functional",
    "torch.func",  # its first use costs more than a second (functorch, dynamo)
    "torch.nn.functional",
    "torch.optim",
    "matplotlib.pyplot",
    "matplotlib.backends.backend_agg",
    "PIL.features",
    "contourpy",
    "autograder.selfcheck",  # every released notebook imports it (it then stands down)
)


def prepare_autograd() -> None:
    """Run reverse and forward mode once on a tiny graph (loads what the first backward loads)."""
    import torch
    import torch.autograd.forward_ad as fwAD

    for dtype in (torch.float64, torch.float32):
        x = torch.linspace(0.1, 1.0, 6, dtype=dtype).reshape(3, 2).requires_grad_()
        y = (torch.sin(x[:, 0]) * torch.cos(x[:, 1]) + (x @ x.T).sum(1)).tanh()
        y.backward(torch.ones_like(y))
        (g,) = torch.autograd.grad((x ** 3).sum(), x, create_graph=True)  # and a second order
        g.sum().backward()
        with fwAD.dual_level():
            dual = fwAD.make_dual(x.detach(), torch.ones_like(x))
            fwAD.unpack_dual(torch.exp(dual)).tangent.sum()
    torch.func.grad(lambda t: (t ** 2).sum())(torch.ones(2))


def prepare_numpy() -> None:
    import numpy as np

    rng = np.random.default_rng(0)
    a = rng.normal(size=(4, 4))
    np.linalg.solve(a @ a.T + np.eye(4), np.ones(4))
    np.linalg.eigh(a @ a.T)
    np.linalg.svd(a)
    np.linalg.norm(a)
    np.einsum("ij,jk->ik", a, a)
    np.fft.fft(a[0])


def prepare_plotting() -> None:
    """Draw and render one small figure (fonts, the Agg renderer, contours, images)."""
    import matplotlib.pyplot as plt
    import numpy as np

    fig, (left, right) = plt.subplots(1, 2, figsize=(3, 2))
    grid = np.linspace(-1, 1, 5)
    left.plot(grid, grid ** 2, label="x²")
    left.scatter(grid, grid)
    left.contour(grid, grid, np.add.outer(grid, grid))
    left.legend()
    left.set_title("warm-up")
    right.imshow(np.outer(grid, grid))
    right.hist(grid)
    fig.colorbar(right.images[0])
    fig.savefig(io.BytesIO(), format="png")
    plt.close("all")


def seed_global_generators(seed: int = CHILD_SEED) -> None:
    """Every child starts with the same state of ``random``, ``np.random`` and torch's generator."""
    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.default_generator.manual_seed(seed)
    # ``random`` reseeds itself from the OS in every forked child; seed it again after that.
    os.register_at_fork(after_in_child=lambda: random.seed(seed))


def thread_count() -> int:
    """Threads of this process (a zygote must have exactly one when it forks)."""
    return len(os.listdir("/proc/self/task"))


def prepare_zygote() -> None:
    """Everything above, in the zygote, before it forks its first child."""
    import importlib

    import matplotlib

    matplotlib.use("Agg")  # children draw figures without a display
    import torch

    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    importlib.import_module("autograder.sandbox.child")  # numpy, torch, matplotlib and the child's code
    for name in LAZY_MODULES:
        importlib.import_module(name)
    prepare_autograd()
    prepare_numpy()
    prepare_plotting()
    seed_global_generators()
    gc.collect()
    gc.freeze()  # the warm objects stay out of every child's collections (and shared, copy-on-write)
