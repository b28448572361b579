"""The training recipe of a6's train_mlp, replayed on the trusted side (secret: never shipped to students).

``explain`` runs the documented recipe (or one of the common ways of getting it wrong) with the reference's
pieces from the student's own ``init_mlp(widths, seed)``, recovering each epoch's order from the student's
losses, so that a different valid initialization or shuffle does not matter.
"""

import itertools

import numpy as np

from autograder.checks import tolerances
from autograder.checks.compare import show
from autograder.checks.returns import agrees, check_losses
from autograder.testkit import Call, check_layout, per_layer

from .mlp_checks import PUBLIC

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

#: The hint for trained parameters or losses that no known mistake explains, when the pieces train_mlp builds on
#: are right (``built_on`` names them when they are not).
RECIPE_HINT = ("follow the recipe: params = init_mlp(widths, seed) and all velocities 0, once; every epoch a new order "
               "from a generator seeded once with seed, then each batch of batch_size examples (the last may be "
               "shorter): forward, loss, backward, one momentum step; losses[e] = the size-weighted mean of the "
               "epoch's batch losses")

#: At most this many candidate histories are followed when several explain the losses equally well.
MAX_BEAM = 64


def training_call(data_seed, n, widths, **settings):
    """train_mlp on n seeded normal points with labels in 0..k-1 (every class present)."""
    rng = np.random.default_rng(data_seed)
    X = rng.standard_normal((n, widths[0]))
    return Call("train_mlp", X=X, y=(np.arange(n) % widths[-1])[rng.permutation(n)], widths=widths).with_keywords(
        **settings)


#: Small problems where n is not a multiple of batch_size, so every epoch ends with a short batch; two
#: activations, with and without a hidden layer, momentum high enough that it shows.
TRAINING_CASES = [
    training_call(11, 5, [2, 4, 3], activation="relu", lr=0.3, momentum=0.8, batch_size=2, epochs=5, seed=5),
    training_call(12, 6, [3, 5, 2], activation="sigmoid", lr=0.5, momentum=0.9, batch_size=4, epochs=4, seed=1),
    training_call(13, 5, [2, 3], activation="relu", lr=0.2, momentum=0.5, batch_size=3, epochs=4, seed=2),
]


def train(student, call, *, shapes=False):
    """(params, losses) of the student's train_mlp: one (W, b) pair per layer (of the parameters' shapes when
    ``shapes``), one finite loss per epoch."""
    widths, epochs = call.inputs["widths"], call.inputs["epochs"]
    params, losses = check_layout(call, call.run(student), (per_layer("params"), "losses"), layers=len(widths) - 1)
    for layer, ((W, b), fan_in, fan_out) in enumerate(zip(params, widths, widths[1:]), start=1):
        if shapes and (np.shape(W) != (fan_in, fan_out) or np.shape(b) != (fan_out,)):
            raise call.failure(f"returned W of shape {np.shape(W)} and b of shape {np.shape(b)} for layer {layer}; "
                               f"expected {(fan_in, fan_out)} and {(fan_out,)}.", hint=PUBLIC.UPDATE_KEEPS_SHAPE)
    return params, check_losses(losses, epochs, call=call.text, inputs=call.shown, initial=False,
                                hint=PUBLIC.NOT_FINITE).astype(np.float64)


def epoch_batchings(n, batch_size, *, drop_last=False):
    """Every way one epoch can split a shuffled 0..n-1 into mini-batches, the unshuffled one first: the order
    inside a batch does not matter (a mean and a sum), so the n! orders collapse to n! / (b!^q r!) batchings."""
    seen = {}
    for order in itertools.permutations(range(n)):
        batches = [order[i:i + batch_size] for i in range(0, n, batch_size)]
        if drop_last and len(batches[-1]) < batch_size:
            batches = batches[:-1]
        key = tuple(tuple(sorted(batch)) for batch in batches)
        seen.setdefault(key, [np.array(batch) for batch in key])
    return list(seen.values())


def run_epoch(reference, X, y, state, batches, recipe, variant="reference"):
    """One epoch of the recipe (train_mlp's settings; or of a known mistake) over ``batches``: (new state, loss)."""
    params, velocities = state
    if variant == "velocities_reset":
        velocities = [(np.zeros_like(W), np.zeros_like(b)) for W, b in params]
    losses, sizes = [], np.array([len(batch) for batch in batches])
    for batch in batches:
        S, cache = reference.mlp_forward(X[batch], params, recipe["activation"])
        loss, dS = reference.softmax_cross_entropy(S, y[batch])
        grads = reference.mlp_backward(dS, params, cache, recipe["activation"])
        params, velocities = reference.sgd_momentum_step(params, grads, velocities, recipe["lr"], recipe["momentum"])
        losses.append(loss)
    if variant == "loss_after_epoch":
        loss = reference.softmax_cross_entropy(reference.mlp_forward(X, params, recipe["activation"])[0], y)[0]
    else:
        loss = {"unweighted_batches": np.mean(losses), "loss_sum": np.sum(losses)}.get(
            variant, np.array(losses) @ sizes / sizes.sum())
    return (params, velocities), float(loss)


def explain(reference, X, y, initial, recipe, losses, tol, variant="reference"):
    """The histories (final state, batchings per epoch) of ``variant`` that reproduce ``losses``, or [].

    The student's shuffling is not prescribed, only seeded: the order each epoch used is recovered by
    trying every batching of that epoch and keeping those whose loss matches the student's.
    """
    beam = [((initial, [(np.zeros_like(W), np.zeros_like(b)) for W, b in initial]), [])]
    choices = epoch_batchings(len(X), recipe["batch_size"], drop_last=variant == "last_batch_dropped")
    for epoch in range(recipe["epochs"]):
        beam = [(after, history + [batches]) for state, history in beam for batches in choices
                for after, loss in [run_epoch(reference, X, y, state, batches, recipe, variant)]
                if np.isclose(loss, losses[epoch], rtol=tol.rtol, atol=tol.atol)][:MAX_BEAM]
        if not beam:
            return []
    return beam


def shuffle_mistake(history, n, batch_size):
    """A hint when a history never shuffles or repeats one order every epoch, else None."""
    keys = [tuple(tuple(batch.tolist()) for batch in batches) for batches in history]
    unshuffled = tuple(tuple(range(i, min(i + batch_size, n))) for i in range(0, n, batch_size))
    if len(keys) > 1 and all(key == unshuffled[:len(key)] for key in keys):
        return NO_SHUFFLE_HINT
    return SAME_ORDER_HINT if len(keys) > 2 and len(set(keys)) == 1 else None


def pieces(reference, call, initial):
    """The calls of the functions train_mlp builds on, on its first batch from ``initial`` (for ``built_on``)."""
    X, y = (a[:call.inputs["batch_size"]] for a in call.args[:2])
    act, zeros = call.inputs["activation"], [(np.zeros_like(W), np.zeros_like(b)) for W, b in initial]
    S, cache = reference.mlp_forward(X, initial, act)
    dS = reference.softmax_cross_entropy(S, y)[1]
    grads = reference.mlp_backward(dS, initial, cache, act)
    return {"mlp_forward": (X, initial, act), "softmax_cross_entropy": (S, y),
            "mlp_backward": (dS, initial, cache, act),
            "sgd_momentum_step": (initial, grads, zeros, call.inputs["lr"], call.inputs["momentum"])}


def replayed(reference, call, initial, losses, params, tol):
    """The parameters of the recipe replayed from ``initial`` in the epochs' orders the student's ``losses`` show
    (matched at ``tol``); a failure naming the known mistake when no shuffled order of the recipe produces them."""
    (X, y), recipe = call.args[:2], call.inputs
    histories = explain(reference, X, y, initial, recipe, losses, tol)
    if not histories:
        for variant, hint in MISTAKE_HINTS.items():
            if explain(reference, X, y, initial, recipe, losses, tol, variant):
                raise call.failure(f"returned the losses {show(losses)}, which no shuffled order of the documented "
                                   "recipe produces.", hint=hint)
        velocities = [(np.zeros_like(W), np.zeros_like(b)) for W, b in initial]
        first = run_epoch(reference, X, y, (initial, velocities), epoch_batchings(len(X), recipe["batch_size"])[0],
                          recipe)[1]
        raise call.failure(
            f"returned the losses {show(losses)}; no order of the examples makes the documented recipe, started from "
            f"your init_mlp(widths, seed), produce them (for example, the unshuffled first epoch has loss {first:.6g}).")
    hint = shuffle_mistake(histories[0][1], len(X), recipe["batch_size"])
    if hint:
        raise call.failure(f"returned the losses {show(losses)}, which match a training run whose epochs are not "
                           "shuffled as documented.", hint=hint)
    # several histories explain the losses: the one whose parameters are the student's, else the last
    return next((want for (want, _), _ in histories if agrees(params, want, tolerances.FLOAT32)), histories[-1][0][0])
