"""Public self-checks for a6: hand-computed values, and torch as the oracle.

Students run these from their notebook; the grader runs them too. They use
known answers or torch's autograd only (no reference solution), so they can
be shipped.
"""

import numpy as np
import torch

from autograder.checks import CheckFailure, check_close, torch_vjp

X = np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 0.5]])  # n = 3 examples, c = 2 features
W = np.array([[1.0, 0.0, -1.0], [2.0, 1.0, 0.0]])  # (c, c') = (2, 3)
b = np.array([0.5, -1.0, 0.0])


def _pairs(value, what):
    """``value`` as a list of (W, b) pairs, or a failure saying what came back instead."""
    if not isinstance(value, (list, tuple)) or not all(isinstance(p, (list, tuple)) and len(p) == 2 for p in value):
        raise CheckFailure(f"{what} must be a list of (W, b) pairs, one per layer; got {type(value).__name__}")
    return [(np.asarray(w), np.asarray(v)) for w, v in value]


def test_linear_forward_known_values(student):
    # X W: row 1 = [1 + 4, 0 + 2, -1 + 0] = [5, 2, -1]; then + b
    expected = np.array([[5.5, 1.0, -1.0], [-1.5, -2.0, 0.0], [4.5, -0.5, -3.0]])
    check_close(student.linear_forward(X, W, b), expected, call="linear_forward(X, W, b)",
                inputs={"X": X, "W": W, "b": b})


def test_linear_backward_known_values(student):
    V = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, -1.0], [1.0, 2.0, 1.0]])  # upstream gradient, shape (n, c')
    got = student.linear_backward(V, X, W)
    if not isinstance(got, (list, tuple)) or len(got) != 3:
        raise CheckFailure("linear_backward(V, X, W) must return the three gradients (dX, dW, db)")
    inputs = {"V": V, "X": X, "W": W}
    # dX = V Wᵀ, dW = Xᵀ V, db = column sums of V
    check_close(got[0], [[-1.0, 2.0], [1.0, 1.0], [0.0, 4.0]], call="dX of linear_backward(V, X, W)", inputs=inputs)
    check_close(got[1], [[4.0, 6.0, 5.0], [2.5, 0.0, 5.5]], call="dW of linear_backward(V, X, W)", inputs=inputs)
    if np.shape(got[2]) == V.shape:
        raise CheckFailure("db of linear_backward(V, X, W) has the shape of V, (3, 3); expected (3,).\nhint: the "
                           "bias gradient is not summed over the batch: every row uses the same b, "
                           "so db = V.sum(axis=0)")
    check_close(got[2], [2.0, 3.0, 2.0], call="db of linear_backward(V, X, W)", inputs=inputs)


def test_relu_known_values(student):
    Z = np.array([[-2.0, 0.0, 3.0], [0.5, -0.1, 0.0]])
    V = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    check_close(student.relu_forward(Z), [[0.0, 0.0, 3.0], [0.5, 0.0, 0.0]], call="relu_forward(Z)", inputs={"Z": Z})
    # the gradient passes where Z > 0 and is 0 elsewhere, including at Z = 0 (torch's convention)
    check_close(student.relu_backward(V, Z), [[0.0, 0.0, 3.0], [4.0, 0.0, 0.0]], call="relu_backward(V, Z)",
                inputs={"V": V, "Z": Z})


def test_sigmoid_known_values(student):
    Z = np.array([[0.0, np.log(3.0), -np.log(3.0)]])
    V = np.array([[2.0, 1.0, -4.0]])
    check_close(student.sigmoid_forward(Z), [[0.5, 0.75, 0.25]], call="sigmoid_forward(Z)", inputs={"Z": Z})
    # σ'(z) = σ(z)(1 - σ(z)) = [0.25, 0.1875, 0.1875], times V
    check_close(student.sigmoid_backward(V, Z), [[0.5, 0.1875, -0.75]], call="sigmoid_backward(V, Z)",
                inputs={"V": V, "Z": Z})


def test_softmax_cross_entropy_known_values(student):
    S = np.log(np.array([[0.2, 0.7, 0.1], [0.5, 0.25, 0.25]]))  # scores whose softmax is these probabilities
    y = np.array([1, 0])
    got = student.softmax_cross_entropy(S, y)
    if not isinstance(got, (list, tuple)) or len(got) != 2:
        raise CheckFailure("softmax_cross_entropy(S, y) must return (loss, dS)")
    inputs = {"S": S, "y": y}
    check_close(got[0], (-np.log(0.7) - np.log(0.5)) / 2, call="the loss of softmax_cross_entropy(S, y)",
                inputs=inputs)
    # (softmax(S) - onehot(y)) / n with n = 2
    check_close(got[1], np.array([[0.2, -0.3, 0.1], [-0.5, 0.25, 0.25]]) / 2,
                call="dS of softmax_cross_entropy(S, y)", inputs=inputs)


# A small ReLU network: 2 inputs -> 2 hidden units -> 2 scores, and what its forward pass computes.
X_SMALL = np.array([[1.0, 2.0], [-1.0, 0.0]])
PARAMS_SMALL = [(np.array([[1.0, -1.0], [0.0, 1.0]]), np.array([0.5, 0.5])),
                (np.array([[1.0, 0.0], [-1.0, 2.0]]), np.array([0.0, 1.0]))]
Z1_SMALL = np.array([[1.5, 1.5], [-0.5, 1.5]])  # X W1 + b1
H1_SMALL = np.array([[1.5, 1.5], [0.0, 1.5]])  # relu(Z1)
S_SMALL = np.array([[0.0, 4.0], [-1.5, 4.0]])  # H1 W2 + b2
CACHE_SMALL = [(X_SMALL, Z1_SMALL), (H1_SMALL, S_SMALL)]  # (input, pre-activation) of each layer


def test_mlp_forward_known_values(student):
    got = student.mlp_forward(X_SMALL, PARAMS_SMALL, "relu")
    call = "mlp_forward(X, params, 'relu')"
    inputs = {"X": X_SMALL, "params": PARAMS_SMALL}
    if not isinstance(got, (list, tuple)) or len(got) != 2:
        raise CheckFailure(f"{call} must return (S, cache)")
    check_close(got[0], S_SMALL, call=f"the scores S of {call}", inputs=inputs)
    cache = _pairs(got[1], f"the cache of {call}")
    if len(cache) != 2:
        raise CheckFailure(f"the cache of {call} must hold one (H, Z) pair per layer (2 here), got {len(cache)}")
    for layer, ((H, Z), (want_H, want_Z)) in enumerate(zip(cache, CACHE_SMALL)):
        check_close(H, want_H, call=f"cache[{layer}][0], the input of layer {layer + 1}, from {call}", inputs=inputs)
        check_close(Z, want_Z, call=f"cache[{layer}][1], the pre-activation of layer {layer + 1}, from {call}",
                    inputs=inputs)


def _torch_scores(X, W1, b1, W2, b2):
    """The same network written with torch operations, for autograd to differentiate."""
    return torch.relu(X @ W1 + b1) @ W2 + b2


def test_mlp_backward_matches_torch_on_a_small_network(student):
    dS = np.array([[1.0, -1.0], [0.5, 2.0]])
    flat = [a for pair in PARAMS_SMALL for a in pair]
    grads = _pairs(student.mlp_backward(dS, PARAMS_SMALL, CACHE_SMALL, "relu"), "mlp_backward's result")
    if len(grads) != 2:
        raise CheckFailure(f"mlp_backward must return one (dW, db) pair per layer (2 here), got {len(grads)}")
    expected = torch_vjp(_torch_scores, X_SMALL, *flat, cotangent=dS, wrt=(1, 2, 3, 4))
    inputs = {"X": X_SMALL, "params": PARAMS_SMALL, "dS": dS}
    for layer in (1, 0):  # from the output down: the first wrong layer is where the mistake is
        for which, name in ((0, "W"), (1, "b")):
            check_close(grads[layer][which], expected[2 * layer + which], inputs=inputs,
                        call=f"the gradient of {name} in layer {layer + 1} "
                             "from mlp_backward(dS, params, cache, 'relu')")


def test_count_parameters_known_values(student):
    for widths, expected in [([100, 2000, 10], 222_010), ([3, 4], 16), ([2, 3, 3, 1], 25)]:
        check_close(student.count_parameters(widths), expected, call="count_parameters(widths)",
                    inputs={"widths": widths})


def test_init_mlp_shapes(student):
    widths = [3, 5, 2]
    params = _pairs(student.init_mlp(widths, 0), "init_mlp(widths, seed)")
    if len(params) != 2:
        raise CheckFailure(f"init_mlp({widths}, 0) returned {len(params)} layers, expected 2")
    for layer, ((W_l, b_l), fan_in, fan_out) in enumerate(zip(params, widths[:-1], widths[1:]), start=1):
        if W_l.shape != (fan_in, fan_out) or b_l.shape != (fan_out,):
            raise CheckFailure(f"init_mlp({widths}, 0): layer {layer} has W of shape {W_l.shape} and b of shape "
                               f"{b_l.shape}; expected {(fan_in, fan_out)} and {(fan_out,)}")
        if np.ptp(W_l) == 0:
            raise CheckFailure(f"init_mlp({widths}, 0): every weight of layer {layer} is equal.\n"
                               "hint: draw the weights at random so that the hidden units differ")
        if np.any(b_l != 0):
            raise CheckFailure(f"init_mlp({widths}, 0): the biases of layer {layer} are {b_l}; they start at 0 "
                               "(the random weights already make the units differ)")


def test_sgd_momentum_step_known_values(student):
    params = [(np.array([[1.0, 2.0]]), np.array([0.5]))]
    grads = [(np.array([[0.1, -0.2]]), np.array([1.0]))]
    velocities = [(np.array([[0.0, 1.0]]), np.array([0.0]))]
    got = student.sgd_momentum_step(params, grads, velocities, 0.1, 0.9)
    if not isinstance(got, (list, tuple)) or len(got) != 2:
        raise CheckFailure("sgd_momentum_step must return (new_params, new_velocities)")
    new_params, new_velocities = _pairs(got[0], "new_params"), _pairs(got[1], "new_velocities")
    inputs = {"params": params, "grads": grads, "velocities": velocities, "lr": 0.1, "momentum": 0.9}
    call = "sgd_momentum_step(params, grads, velocities, lr=0.1, momentum=0.9)"
    # v = 0.9 v + 0.1 g = [0.01, 0.88] and [0.1];  p = p - 0.1 v
    check_close(new_velocities[0][0], [[0.01, 0.88]], call=f"the new velocity of W from {call}", inputs=inputs)
    check_close(new_velocities[0][1], [0.1], call=f"the new velocity of b from {call}", inputs=inputs)
    check_close(new_params[0][0], [[0.999, 1.912]], call=f"the new W from {call}", inputs=inputs)
    check_close(new_params[0][1], [0.49], call=f"the new b from {call}", inputs=inputs)


XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([0, 1, 1, 0])
XOR_SETTINGS = {"activation": "relu", "lr": 0.5, "momentum": 0.9, "batch_size": 2, "epochs": 500}


def test_train_mlp_solves_xor(student):
    widths = [2, 32, 2]
    got = student.train_mlp(XOR_X, XOR_Y, widths, seed=0, **XOR_SETTINGS)
    settings = ", ".join(f"{k}={v!r}" for k, v in XOR_SETTINGS.items())
    call = f"train_mlp(X_xor, y_xor, {widths}, seed=0, {settings})"
    if not isinstance(got, (list, tuple)) or len(got) != 2:
        raise CheckFailure(f"{call} must return (params, losses)")
    params, losses = _pairs(got[0], "the trained params"), np.asarray(got[1])
    if losses.shape != (500,):
        raise CheckFailure(f"{call} returned losses of shape {losses.shape}; expected one loss per epoch, (500,)")
    if not np.isfinite(losses.astype(np.float64)).all():
        first = int(np.flatnonzero(~np.isfinite(losses.astype(np.float64)))[0])
        raise CheckFailure(f"{call} returned losses that are not finite: losses[{first}] = {losses[first]!r}.\n"
                           "hint: nan or inf means the loss overflowed or training diverged; check "
                           "softmax_cross_entropy on large scores and the update p <- p - lr v")
    S, _ = student.mlp_forward(XOR_X, params, "relu")
    predicted = np.asarray(S).argmax(axis=1)
    if not (predicted == XOR_Y).all():
        raise CheckFailure(f"{call}\nclassifies XOR as {predicted.tolist()}, expected {XOR_Y.tolist()} "
                           f"(loss went from {losses[0]:.4g} to {losses[-1]:.4g}).\n"
                           "hint: check each piece on its own first (the self-checks above), then the update "
                           "p <- p - lr v and that every layer is updated")
