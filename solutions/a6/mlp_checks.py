"""What a6's hidden tests share: random MLP problems, the torch oracle network and models of the common mistakes
(secret: never shipped to students; runs on the trusted side)."""

from dataclasses import dataclass
from functools import partial

import numpy as np
import torch

from autograder.checks import check_library, check_shape
from autograder.checks.compare import show
from autograder.testkit import Call, Shown, check_layout, per_layer, st
from autograder.testkit.strategies import labels, layer_widths, mlp_parameters, normal_arrays
from autograder.testrun.modules import public_tests_for

# The public tests (shipped to students) hold the hints both sides give.
PUBLIC = public_tests_for(__file__)

SHAPE_HINT = ("X has shape (n, c), W has shape (c, c') (inputs by outputs) and b shape (c',): the layer is X @ W + b, "
              "and its VJPs are dX = V @ W.T, dW = X.T @ V, db = V.sum(axis=0)")

#: The parts of mlp_backward's result, compared from the last layer down (the first failure names the layer where
#: the mistake is), and of mlp_forward's.
GRADS = per_layer("grads", ("dW", "db"), down=True)
FORWARD = ("S", per_layer("cache", ("H", "Z")))


def check_summed(call, db, shape, rows, where):
    """A bias gradient shaped like the batch's V, (n, c'), was not summed over the batch: say so."""
    if isinstance(db, np.ndarray) and db.shape == (rows, *shape) and db.shape != tuple(shape):
        raise call.failure(f"returned {where} of shape {db.shape}, the shape of V; expected shape {tuple(shape)}.",
                           hint=PUBLIC.NOT_SUMMED)


#: A decorator for mistake models whose overflow is the mistake: NumPy's warnings about it are silenced.
quietly = np.errstate(over="ignore", invalid="ignore", divide="ignore")


def models(model, variants):
    """{hint: ``model`` with that mistake's keyword arguments} for ``check_result(mistakes=...)``."""
    return {hint: partial(model, **how) for hint, how in variants.items()}


# ------------------------------------------------------------------ MLP problems


@dataclass
class MLPProblem:
    widths: list
    params: list
    X: np.ndarray
    dS: np.ndarray  # the upstream gradient given to mlp_backward
    y: np.ndarray
    activation: str

    @property
    def shown(self):
        return Shown(self.params, f"{len(self.params)} layers of widths {self.widths}: {show(self.params)}")

    def forward(self):
        return Call("mlp_forward", X=self.X, params=self.shown, activation=self.activation)

    def backward(self, reference):
        """The call of mlp_backward, through the reference's cache."""
        cache = reference.mlp_forward(self.X, self.params, self.activation)[1]
        return Call("mlp_backward", dS=self.dS, params=self.shown, cache=cache, activation=self.activation)


@st.composite
def mlp_problems(draw, *, depth=None, width=None, rows=None):
    """Networks of hypothesis-drawn depth, widths and batch size, with generic (seeded normal) values."""
    widths = draw(layer_widths(depth=depth, width=width))
    n = draw(st.integers(1, 8) if rows is None else rows)
    return MLPProblem(widths, draw(mlp_parameters(widths=widths)), draw(normal_arrays(shape=(n, widths[0]))),
                      draw(normal_arrays(shape=(n, widths[-1]))), draw(labels(rows=n, classes=widths[-1])),
                      draw(st.sampled_from(["relu", "sigmoid"])))


def fixed_problem():
    rng = np.random.default_rng(6)
    widths = [3, 4, 4, 2]
    params = [(rng.standard_normal((a, b)) / np.sqrt(a), 0.5 * rng.standard_normal(b))
              for a, b in zip(widths[:-1], widths[1:])]
    return MLPProblem(widths, params, rng.standard_normal((5, 3)), rng.standard_normal((5, 2)),
                      np.array([0, 1, 1, 0, 1]), "relu")


def sigmoid(Z):
    return 1 / (1 + np.exp(-Z))


def torch_mlp(activation):
    """The scores of the network as a torch function of (X, W1, b1, W2, b2, ...): the oracle."""
    phi = torch.relu if activation == "relu" else torch.sigmoid

    def scores(H, *flat):
        for i in range(0, len(flat), 2):
            H = H @ flat[i] + flat[i + 1] if i == len(flat) - 2 else phi(H @ flat[i] + flat[i + 1])
        return H

    return scores


# ------------------------------------------------------------------ mistake models


def variant_forward(X, params, activation, *, last=False, none=False, h_is_z=False, z_is_h=False):
    """(S, cache) of a forward pass with a known mistake: the activation after the ``last`` layer too, or ``none``
    at all; the cache holding the layer below's Z as the input H, or the activated output as Z."""
    H, below, cache = X, None, []
    for layer, (W, b) in enumerate(params):
        Z = H @ W + b
        out = Z if none or (layer == len(params) - 1 and not last) else (
            np.maximum(Z, 0.0) if activation == "relu" else sigmoid(Z))
        cache.append((below if h_is_z and layer else H, out if z_is_h and layer < len(params) - 1 else Z))
        H, below = out, Z
    return H, cache


FORWARD_MISTAKES = {
    PUBLIC.LAST_ACTIVATION: {"last": True},
    PUBLIC.NO_ACTIVATION: {"none": True},
    "H is the layer's input after the activation of the layer below, phi(Z), not Z itself": {"h_is_z": True},
    "Z is the pre-activation H W + b, before the activation is applied": {"z_is_h": True},
}


def linear_vjps(V, X, W, *, dX_untransposed=False, dW_transposed=False, dW_mean=False, db_mean=False):
    """(dX, dW, db) of the linear layer, or of a known mistake."""
    dW = X.T @ V / (len(X) if dW_mean else 1)
    return V @ (W if dX_untransposed else W.T), dW.T if dW_transposed else dW, V.mean(axis=0) if db_mean else V.sum(0)


def activation_vjp(V, Z, activation, *, skipped=False, of_z=False):
    """The VJP of the activation at Z, or of a known mistake: the activation ``skipped``, σ' taken ``of_z``."""
    if skipped:
        return V
    s = Z if of_z else sigmoid(Z)
    return V * (Z > 0) if activation == "relu" else V * s * (1 - s)


def variant_backward(dS, params, cache, activation, *, phi=None, linear=None):
    """The (dW, db) pairs of a backward pass through the cache with the activation's VJP given ``phi`` and the
    linear VJPs given ``linear`` (a known mistake's keywords)."""
    grads, V = [None] * len(params), dS
    for layer in range(len(params) - 1, -1, -1):
        H, Z = cache[layer]
        V = V if layer == len(params) - 1 else activation_vjp(V, Z, activation, **(phi or {}))
        V, *grads[layer] = linear_vjps(V, H, params[layer][0], **(linear or {}))
    return grads


def backward_mistakes(activation):
    """Hint -> a model of mlp_backward's result with that mistake (a function of the call's arguments)."""
    return models(variant_backward, {
        PUBLIC.SKIPS_ACTIVATION + (PUBLIC.RELU_NO_MASK if activation == "relu" else ""): {"phi": {"skipped": True}},
        **({PUBLIC.SIGMOID_OF_Z: {"phi": {"of_z": True}}} if activation == "sigmoid" else {}),
        PUBLIC.BACKWARD_DB_MEAN: {"linear": {"db_mean": True}},
        PUBLIC.BACKWARD_DW_TRANSPOSED: {"linear": {"dW_transposed": True}},
        PUBLIC.BACKWARD_DX_UNTRANSPOSED: {"linear": {"dX_untransposed": True}},
    })


def student_gradients(student, reference, problem):
    """(call, the student's (dW, db) pairs) back-propagated through the reference cache: NumPy arrays of the
    parameters' shapes, checked from the last layer down (a bias gradient shaped like V was not summed)."""
    call = problem.backward(reference)
    grads = check_layout(call, call.run(student, hint=SHAPE_HINT), GRADS, layers=len(problem.params))
    for layer in range(len(grads) - 1, -1, -1):
        for which, name in enumerate(GRADS.entries):
            where, want = f"grads[{layer}][{which}] ({name} of layer {layer + 1})", problem.params[layer][which]
            check_library(grads[layer][which], "numpy", call=f"{call.text}, returned {where}", inputs=call.shown)
            if which:
                check_summed(call, grads[layer][which], want.shape, len(problem.X), where)
            check_shape(grads[layer][which], want.shape, call=f"{call.text}, returned {where}", inputs=call.shown)
    return call, grads


# ------------------------------------------------------------------ training data


def rings(n, seed):
    """A disc of one class inside a ring of the other: no straight line separates them."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    radius = np.where(y == 0, 0.5, 1.5) + 0.1 * rng.standard_normal(n)
    angle = rng.uniform(0, 2 * np.pi, n)
    return np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1), y
