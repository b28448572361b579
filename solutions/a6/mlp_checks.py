"""What a6's hidden tests share: calling student code, random MLP problems, the torch
oracle network and models of the common mistakes (secret: never shipped to students).

Loaded by ``hidden_tests.py`` from this directory; everything here runs on the
trusted side.
"""

from dataclasses import dataclass

import numpy as np
import torch
from hypothesis import strategies as st

from autograder.checks import CheckFailure, check_library, check_shape
from autograder.checks.compare import describe_call
from autograder.checks.strategies import labels, layer_widths, mlp_parameters, normal_arrays
from autograder.student import StudentError
from autograder.testrun.modules import public_tests_for

# The public tests (shipped to students) hold the hints both sides give.
PUBLIC = public_tests_for(__file__)

SHAPE_HINT = ("X has shape (n, c), W has shape (c, c') (inputs by outputs) and b shape (c',): the layer is X @ W + b, "
              "and its VJPs are dX = V @ W.T, dW = X.T @ V, db = V.sum(axis=0)")

NOT_SUMMED = PUBLIC.NOT_SUMMED


# ------------------------------------------------------------------ calling student code


def call_student(function, *args, call, inputs, hint):
    """Call a student function; an exception becomes a failure with ``hint`` (usually about shapes), and a torch
    tensor anywhere in the result a failure too (every a6 function works on NumPy arrays)."""
    try:
        value = function(*args)
    except StudentError as exc:
        raise CheckFailure(f"{describe_call(call, inputs)}\nraised an error: {exc}\nhint: {hint}") from None
    numpy_only(value, call=call, inputs=inputs)
    return value


def numpy_only(value, *, call, inputs, depth=0):
    """Fail if ``value`` (or an array inside its tuples and lists) is a torch tensor."""
    if isinstance(value, (list, tuple)) and depth < 4:
        for item in value:
            numpy_only(item, call=call, inputs=inputs, depth=depth + 1)
    elif isinstance(value, np.ndarray):
        check_library(value, "numpy", call=call, inputs=inputs)


def parts(value, count, *, call, names):
    """``value`` as a sequence of ``count`` items, or a failure naming what was expected."""
    if not isinstance(value, (list, tuple)) or len(value) != count:
        length = f" of length {len(value)}" if isinstance(value, (list, tuple)) else ""
        raise CheckFailure(f"{call} must return {count} values ({', '.join(names)}), "
                           f"got {type(value).__name__}{length}")
    return value


def layer_pairs(value, layers, *, call):
    """``value`` as ``layers`` (W, b) pairs."""
    pairs = parts(value, layers, call=call, names=[f"one (W, b) pair per layer: {layers} pairs"])
    for layer, pair in enumerate(pairs, start=1):
        parts(pair, 2, call=f"{call}: layer {layer}", names=["W", "b"])
    return pairs


def check_bias_shape(db, expected_shape, *, batch_shape, call, inputs):
    """A bias gradient with the shape of the batch's gradient was not summed over the batch; say so."""
    if isinstance(db, np.ndarray) and db.shape == tuple(batch_shape) and db.shape != tuple(expected_shape):
        raise CheckFailure(f"{describe_call(call, inputs)}\nreturned shape {db.shape}, the shape of V; expected shape "
                           f"{tuple(expected_shape)}.\nhint: {NOT_SUMMED}")


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
    def flat(self):
        return [array for pair in self.params for array in pair]

    def shown(self):
        return {"widths": self.widths, "activation": self.activation, "X": self.X, "params": self.params,
                "dS": self.dS}


@st.composite
def mlp_problems(draw, *, depth=None, width=None, rows=None):
    """Networks of hypothesis-drawn depth, widths and batch size, with generic (seeded normal) values."""
    widths = draw(layer_widths(depth=depth, width=width))
    n = draw(st.integers(1, 8) if rows is None else rows)
    return MLPProblem(widths, draw(mlp_parameters(widths=widths)), draw(normal_arrays(shape=(n, widths[0]))),
                      draw(normal_arrays(shape=(n, widths[-1]))), draw(labels(rows=n, classes=widths[-1])),
                      draw(st.sampled_from(["relu", "sigmoid"])))


def fixed_problem(activation="relu"):
    rng = np.random.default_rng(6)
    widths = [3, 4, 4, 2]
    params = [(rng.standard_normal((a, b)) / np.sqrt(a), 0.5 * rng.standard_normal(b))
              for a, b in zip(widths[:-1], widths[1:])]
    return MLPProblem(widths, params, rng.standard_normal((5, 3)), rng.standard_normal((5, 2)),
                      np.array([0, 1, 1, 0, 1]), activation)


def sigmoid(Z):
    return 1 / (1 + np.exp(-Z))


def torch_mlp(activation):
    """The scores of the network as a torch function of (X, W1, b1, W2, b2, ...): the oracle."""
    phi = torch.relu if activation == "relu" else torch.sigmoid

    def scores(X, *flat):
        H = X
        for index in range(0, len(flat), 2):
            H = H @ flat[index] + flat[index + 1]
            H = H if index == len(flat) - 2 else phi(H)
        return H

    return scores


def kink_margin(problem):
    """The smallest |pre-activation| of a hidden ReLU layer (infinite for sigmoid networks)."""
    if problem.activation != "relu" or len(problem.params) == 1:
        return np.inf
    H, margin = problem.X, np.inf
    for W, b in problem.params[:-1]:
        Z = H @ W + b
        margin = min(margin, float(np.min(np.abs(Z))))
        H = np.maximum(Z, 0)
    return margin


# ------------------------------------------------------------------ mistake models


def variant_mlp(problem, *, last_activation=False, no_activation=False):
    """The scores a forward pass with a known mistake computes."""
    H = problem.X
    for layer, (W, b) in enumerate(problem.params):
        H = H @ W + b
        if (layer < len(problem.params) - 1 or last_activation) and not no_activation:
            H = np.maximum(H, 0.0) if problem.activation == "relu" else sigmoid(H)
    return H


def variant_backward(problem, *, chain=True, sigmoid_of_z=False, db_mean=False, dW_transposed=False,
                     dX_untransposed=False):
    """The gradients a backward pass with a known mistake computes (it may fail when shapes do not fit)."""
    inputs, pre = [], []
    H = problem.X
    for layer, (W, b) in enumerate(problem.params):
        inputs.append(H)
        pre.append(H @ W + b)
        H = pre[-1] if layer == len(problem.params) - 1 else (
            np.maximum(pre[-1], 0) if problem.activation == "relu" else sigmoid(pre[-1]))
    grads, V = [None] * len(problem.params), problem.dS
    for layer in range(len(problem.params) - 1, -1, -1):
        Z, W = pre[layer], problem.params[layer][0]
        if layer < len(problem.params) - 1 and chain:
            if problem.activation == "relu":
                V = V * (Z > 0)
            else:
                V = V * (Z * (1 - Z) if sigmoid_of_z else sigmoid(Z) * (1 - sigmoid(Z)))
        dW = inputs[layer].T @ V
        grads[layer] = (dW.T if dW_transposed else dW, V.mean(axis=0) if db_mean else V.sum(axis=0))
        V = V @ W if dX_untransposed else V @ W.T
    return grads


def backward_mistakes(problem):
    """Hint -> function (layer, which) -> the value that mistake gives; each variant is computed once, on demand."""
    chain = PUBLIC.SKIPS_ACTIVATION
    if problem.activation == "relu":
        chain += PUBLIC.RELU_NO_MASK
    variants = {
        chain: {"chain": False},
        "the sigmoid's derivative was computed as Z (1 - Z) from the pre-activation: use σ(Z) (1 - σ(Z))":
            {"sigmoid_of_z": True},
        PUBLIC.BACKWARD_DB_MEAN: {"db_mean": True},
        PUBLIC.BACKWARD_DW_TRANSPOSED: {"dW_transposed": True},
        PUBLIC.BACKWARD_DX_UNTRANSPOSED: {"dX_untransposed": True},
    }
    memo = {}

    def value(hint, layer, which):
        if hint not in memo:
            memo[hint] = variant_backward(problem, **variants[hint])
        return memo[hint][layer][which]

    return {hint: (lambda layer, which, hint=hint: value(hint, layer, which)) for hint in variants}


# ------------------------------------------------------------------ the student's backward pass


def layers_from_the_top(problem):
    """(layer, which, name) from the last layer down: a wrong layer shows up before the layers below it."""
    for layer in range(len(problem.params) - 1, -1, -1):
        for which, name in ((0, "W"), (1, "b")):
            yield layer, which, name


def where(problem, layer, name):
    return (f"the gradient of {name} in layer {layer + 1} of {len(problem.params)} "
            f"(grads[{layer}][{0 if name == 'W' else 1}]) from mlp_backward(dS, params, cache, {problem.activation!r})")


def student_gradients(student, reference, problem):
    """The student's gradients for ``problem``, back-propagated through the reference cache, shapes checked."""
    _, cache = reference.mlp_forward(problem.X, problem.params, problem.activation)
    call = f"mlp_backward(dS, params, cache, {problem.activation!r})"
    result = call_student(student.mlp_backward, problem.dS, problem.params, cache, problem.activation, call=call,
                          inputs=problem.shown(), hint=SHAPE_HINT)
    grads = layer_pairs(result, len(problem.params), call=call)
    for layer, which, name in layers_from_the_top(problem):
        expected_shape = problem.params[layer][which].shape
        if name == "b":
            check_bias_shape(grads[layer][which], expected_shape, batch_shape=(len(problem.X), expected_shape[0]),
                             call=where(problem, layer, name), inputs=problem.shown())
        check_shape(grads[layer][which], expected_shape, call=where(problem, layer, name), inputs=problem.shown())
    return grads


# ------------------------------------------------------------------ training data

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([0, 1, 1, 0])


def rings(n, seed):
    """A disc of one class inside a ring of the other: no straight line separates them."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    radius = np.where(y == 0, 0.5, 1.5) + 0.1 * rng.standard_normal(n)
    angle = rng.uniform(0, 2 * np.pi, n)
    return np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1), y
