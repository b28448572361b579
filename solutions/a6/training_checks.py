"""The training recipe of a6's train_mlp, replayed on the trusted side step by step
(secret: never shipped to students).

``replay`` runs the documented recipe — and each of the common ways of getting it
wrong — from given initial parameters with the reference's forward, loss,
backward and momentum step. The hidden tests start it from the student's own
``init_mlp(widths, seed)``, so a different (but valid) initialization does not
matter, and compare the student's losses and parameters with it epoch by epoch.
"""

import itertools
from dataclasses import dataclass

import numpy as np

from autograder.checks import CheckFailure, tolerances
from autograder.checks.compare import show
from autograder.student import StudentAborted, StudentError

from .mlp_checks import layer_pairs, parts

#: The known mistakes, each with the hint a student gets when their losses are explained by it.
MISTAKE_HINTS = {
    "velocities_reset": "the velocities go back to 0 at the start of every epoch; they start at 0 once, before the "
                        "first epoch, and carry over from one mini-batch to the next across epochs",
    "loss_after_epoch": "losses[e] is the loss after the epoch's updates; it is the size-weighted mean of the "
                        "mini-batch losses computed during the epoch, each in its forward pass before its update",
    "unweighted_batches": "the mini-batch losses are averaged without weights; when n is not a multiple of "
                          "batch_size the last batch is smaller, so weight each batch's loss by its size: "
                          "sum(loss_b * len(batch_b)) / n",
    "last_batch_dropped": "the last, shorter mini-batch is skipped; when n is not a multiple of batch_size the "
                          "epoch ends with a batch of the n % batch_size leftover examples, which is trained on too",
    "loss_sum": "losses[e] adds up the mini-batch losses; it is their mean, weighted by the batch sizes",
}

NO_SHUFFLE_HINT = ("every epoch visits the examples in their original order: shuffle them at the start of each epoch "
                   "with a generator made once from the seed (rng = np.random.default_rng(seed); order = "
                   "rng.permutation(n))")
SAME_ORDER_HINT = ("every epoch visits the examples in the same order, as if the generator were created anew each "
                   "epoch: create rng = np.random.default_rng(seed) once, before the first epoch, and draw a new "
                   "order from it every epoch")

#: At most this many candidate histories are followed when several explain the losses equally well.
MAX_BEAM = 64


@dataclass(frozen=True)
class Recipe:
    """The arguments of one train_mlp call (everything but the data)."""

    widths: tuple
    activation: str
    lr: float
    momentum: float
    batch_size: int
    epochs: int
    seed: int

    def keywords(self):
        return {"activation": self.activation, "lr": self.lr, "momentum": self.momentum,
                "batch_size": self.batch_size, "epochs": self.epochs, "seed": self.seed}

    def shown(self):
        return ", ".join(f"{key}={value!r}" for key, value in self.keywords().items())


def epoch_batchings(n, batch_size, *, drop_last=False):
    """Every way one epoch can split a shuffled 0..n-1 into mini-batches: ordered sequences of index sets.

    The order inside a batch does not matter (a batch's loss and gradient are a mean and a sum), so the
    n! orders collapse to n! / (b!^q r!) batchings. The first is the unshuffled one.
    """
    seen = {}
    for order in itertools.permutations(range(n)):
        batches = [order[i:i + batch_size] for i in range(0, n, batch_size)]
        if drop_last and len(batches[-1]) < batch_size:
            batches = batches[:-1]
        key = tuple(tuple(sorted(batch)) for batch in batches)
        seen.setdefault(key, [np.array(batch) for batch in key])
    return list(seen.values())


def run_epoch(reference, X, y, state, batches, recipe, variant="reference"):
    """One epoch of the recipe (or of a known mistake) over ``batches``: (new state, the epoch's loss)."""
    params, velocities = state
    if variant == "velocities_reset":
        velocities = [(np.zeros_like(W), np.zeros_like(b)) for W, b in params]
    batch_losses, sizes = [], []
    for batch in batches:
        S, cache = reference.mlp_forward(X[batch], params, recipe.activation)
        loss, dS = reference.softmax_cross_entropy(S, y[batch])
        grads = reference.mlp_backward(dS, params, cache, recipe.activation)
        params, velocities = reference.sgd_momentum_step(params, grads, velocities, recipe.lr, recipe.momentum)
        batch_losses.append(loss)
        sizes.append(len(batch))
    batch_losses, sizes = np.array(batch_losses), np.array(sizes)
    if variant == "loss_after_epoch":
        loss = reference.softmax_cross_entropy(reference.mlp_forward(X, params, recipe.activation)[0], y)[0]
    elif variant == "unweighted_batches":
        loss = batch_losses.mean()
    elif variant == "loss_sum":
        loss = batch_losses.sum()
    else:
        loss = batch_losses @ sizes / sizes.sum()
    return (params, velocities), float(loss)


def explain(reference, X, y, initial, recipe, losses, tol, variant="reference"):
    """The histories (final state, batchings per epoch) of ``variant`` that reproduce ``losses``, or [].

    The student's shuffling is not prescribed, only seeded: the order each epoch used is recovered by
    trying every batching of that epoch and keeping those whose loss matches the student's.
    """
    velocities = [(np.zeros_like(W), np.zeros_like(b)) for W, b in initial]
    beam = [((initial, velocities), [])]
    choices = epoch_batchings(len(X), recipe.batch_size, drop_last=variant == "last_batch_dropped")
    for epoch in range(recipe.epochs):
        following = []
        for state, history in beam:
            for batches in choices:
                after, loss = run_epoch(reference, X, y, state, batches, recipe, variant)
                if np.isclose(loss, losses[epoch], rtol=tol.rtol, atol=tol.atol):
                    following.append((after, history + [batches]))
        if not following:
            return []
        beam = following[:MAX_BEAM]
    return beam


def shuffle_mistake(history, n, batch_size):
    """A hint when a history never shuffles or repeats one order every epoch, else None."""
    keys = [tuple(tuple(batch.tolist()) for batch in batches) for batches in history]
    unshuffled = tuple(tuple(range(i, min(i + batch_size, n))) for i in range(0, n, batch_size))
    if len(keys) > 1 and all(key == unshuffled[:len(key)] for key in keys):
        return NO_SHUFFLE_HINT
    if len(keys) > 2 and len(set(keys)) == 1:
        return SAME_ORDER_HINT
    return None


def small_problem(seed, n, widths):
    """A small classification problem: n seeded normal points with random labels in 0..k-1 (all classes present)."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, widths[0]))
    y = np.arange(n) % widths[-1]
    return X, y[rng.permutation(n)]


#: (data seed, n, recipe): small problems where n is not a multiple of batch_size, so every epoch ends with a
#: short batch; two activations, with and without a hidden layer, momentum high enough that it shows.
TRAINING_CASES = [
    (11, 5, Recipe((2, 4, 3), "relu", 0.3, 0.8, 2, 5, 5)),
    (12, 6, Recipe((3, 5, 2), "sigmoid", 0.5, 0.9, 4, 4, 1)),
    (13, 5, Recipe((2, 3), "relu", 0.2, 0.5, 3, 4, 2)),
]


def epoch_losses(losses, epochs, *, call):
    """The losses as a float array of shape (epochs,), all finite; otherwise a failure saying what is wrong."""
    if isinstance(losses, (list, tuple)):
        try:
            losses = np.asarray([float(np.asarray(v)) for v in losses])
        except (TypeError, ValueError):
            raise CheckFailure(f"{call} returned losses that are not numbers: {show(losses)}") from None
    if not isinstance(losses, np.ndarray) or losses.shape != (epochs,):
        raise CheckFailure(f"{call} returned losses {show(losses)}; expected an array of shape ({epochs},), the mean "
                           "loss of every epoch")
    losses = losses.astype(np.float64)
    bad = np.flatnonzero(~np.isfinite(losses))
    if bad.size:
        raise CheckFailure(f"{call} returned losses that are not finite: losses[{bad[0]}] = {losses[bad[0]]!r} "
                           f"({bad.size} of {epochs} epochs).\nhint: a loss of nan or inf means the training "
                           "diverged or the loss overflowed; check softmax_cross_entropy on large scores and the "
                           "size of the update")
    return losses


def train(student, X, y, recipe, call):
    params, losses = parts(student.train_mlp(X, y, list(recipe.widths), **recipe.keywords()), 2, call=call,
                           names=["params", "losses"])
    params = layer_pairs(params, len(recipe.widths) - 1, call=f"the params returned by {call}")
    return params, epoch_losses(losses, recipe.epochs, call=call)


def flat(value):
    """Every number of a nested structure of arrays, as one float64 vector (None if it is not numbers)."""
    if isinstance(value, (list, tuple)):
        pieces = [flat(v) for v in value]
        return None if any(p is None for p in pieces) else np.concatenate(pieces or [np.zeros(0)])
    try:
        return np.ravel(np.asarray(value, dtype=np.float64))
    except (TypeError, ValueError):
        return None


def agree(got, expected):
    got, expected = flat(got), flat(expected)
    tol = tolerances.FLOAT32  # the pieces' own tests accept float32 work; so does this diagnosis
    return got is not None and got.shape == expected.shape and bool(
        np.allclose(got, expected, rtol=tol.rtol, atol=tol.atol))


def _lowest_precision(value):
    """The smallest float itemsize among the arrays of a nested result (8 when there are none)."""
    if isinstance(value, (list, tuple)):
        return min([_lowest_precision(v) for v in value] or [8])
    dtype = getattr(value, "dtype", None)
    return dtype.itemsize if dtype is not None and dtype.kind == "f" else 8


def probe_pieces(student, reference, X, y, initial, recipe):
    """(wrong, tolerance): the functions train_mlp builds on that disagree with the reference on the first batch,
    and the tolerance a trajectory built from them deserves (float32 when any of them computes in float32)."""
    act, batch = recipe.activation, np.arange(min(recipe.batch_size, len(X)))
    S, cache = reference.mlp_forward(X[batch], initial, act)
    loss, dS = reference.softmax_cross_entropy(S, y[batch])
    grads = reference.mlp_backward(dS, initial, cache, act)
    zeros = [(np.zeros_like(W), np.zeros_like(b)) for W, b in initial]
    calls = {
        "mlp_forward": (lambda: student.mlp_forward(X[batch], initial, act)[0], S),
        "softmax_cross_entropy": (lambda: student.softmax_cross_entropy(S, y[batch]), (loss, dS)),
        "mlp_backward": (lambda: student.mlp_backward(dS, initial, cache, act), grads),
        "sgd_momentum_step": (lambda: student.sgd_momentum_step(initial, grads, zeros, recipe.lr, recipe.momentum),
                              reference.sgd_momentum_step(initial, grads, zeros, recipe.lr, recipe.momentum)),
    }
    wrong, itemsize = [], 8
    for name, (run, expected) in calls.items():
        try:
            got = run()
        except StudentError:
            wrong.append(name)
            continue
        except (StudentAborted, CheckFailure):
            continue
        itemsize = min(itemsize, _lowest_precision(got))
        if not agree(got, expected):
            wrong.append(name)
    return wrong, (tolerances.FLOAT32 if itemsize <= 4 else None)
