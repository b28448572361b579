"""The random state every test starts from, so that a grade never depends on the run."""

from __future__ import annotations

import random

import numpy as np

SEED = 20261121


def seed_everything(seed: int = SEED) -> None:
    """Seed Python's, numpy's and torch's global generators."""
    random.seed(seed)
    np.random.seed(seed % 2**32)
    import torch

    # The CPU generator only: torch.manual_seed also queues seeding for CUDA, MTIA and XPU,
    # formatting a stack trace each time (milliseconds per test), and no GPU is used here.
    torch.default_generator.manual_seed(seed)


def single_threaded_torch() -> None:
    """The grader's torch works on tiny tensors, where handing work to a second thread costs
    milliseconds per operation and saves nothing (and parallel workers already use every core)."""
    import torch

    torch.set_num_threads(1)
