"""Reference solution for a6 (secret: never shipped to students).

Conventions: a batch X has shape (n, c), one example per row; a fully-connected
layer has W of shape (c, c') and b of shape (c',), and computes X @ W + b. An
MLP's parameters are a list [(W1, b1), ..., (WL, bL)]; the activation follows
every layer but the last, whose output are the class scores (logits).
"""

import numpy as np


def linear_forward(X, W, b):
    """A fully-connected layer on a batch: X (n, c), W (c, c'), b (c',) -> X W + b, shape (n, c')."""
    return X @ W + b


def linear_backward(V, X, W):
    """The vector-Jacobian products of linear_forward at (X, W, b) for an upstream gradient V (n, c').

    Returns (dX, dW, db): V Wᵀ of shape (n, c), Xᵀ V of shape (c, c') and the sum of V
    over the batch, of shape (c',).
    """
    return V @ W.T, X.T @ V, V.sum(axis=0)


def relu_forward(Z):
    """ReLU elementwise: max(0, z)."""
    return np.maximum(Z, 0.0)


def relu_backward(V, Z):
    """VJP of ReLU at the pre-activation Z: V where Z > 0, and 0 elsewhere (0 at the kink, as torch)."""
    return V * (Z > 0)


def sigmoid_forward(Z):
    """The logistic function 1 / (1 + exp(-z)) elementwise, without overflow for large |z|."""
    E = np.exp(-np.abs(Z))  # exp of a non-positive number never overflows
    return np.where(Z >= 0, 1.0 / (1.0 + E), E / (1.0 + E))


def sigmoid_backward(V, Z):
    """VJP of the sigmoid at the pre-activation Z: V σ(Z) (1 - σ(Z))."""
    S = sigmoid_forward(Z)
    return V * S * (1.0 - S)


def softmax_cross_entropy(S, y):
    """Mean cross-entropy of softmax(S) against integer labels y, and its gradient with respect to S.

    S has shape (n, k) (one row of class scores per example), y shape (n,) with
    values in 0..k-1. Returns (loss, dS) with loss a float and dS of shape (n, k):
    (softmax(S) - onehot(y)) / n.
    """
    n = S.shape[0]
    shifted = S - S.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.arange(n)
    loss = -log_probs[rows, y].mean()
    dS = np.exp(log_probs)
    dS[rows, y] -= 1.0
    return float(loss), dS / n


def mlp_forward(X, params, activation="relu"):
    """Forward pass of an MLP; returns (S, cache).

    params is [(W1, b1), ..., (WL, bL)]; the activation ("relu" or "sigmoid") follows
    every layer but the last. S (n, k) holds the class scores. cache is a list with one
    pair (H, Z) per layer: the layer's input H (X for the first layer) and its
    pre-activation Z = H W + b, which is what mlp_backward needs.
    """
    phi = {"relu": relu_forward, "sigmoid": sigmoid_forward}[activation]
    cache = []
    H = X
    for layer, (W, b) in enumerate(params):
        Z = linear_forward(H, W, b)
        cache.append((H, Z))
        H = Z if layer == len(params) - 1 else phi(Z)
    return H, cache


def mlp_backward(dS, params, cache, activation="relu"):
    """Backward pass of an MLP: the gradient of the loss for every parameter.

    dS is the gradient of the loss with respect to the scores S returned by
    mlp_forward, and cache the list of (H, Z) pairs it returned alongside. Returns
    [(dW1, db1), ..., (dWL, dbL)], each gradient with the shape of its parameter.
    """
    phi_backward = {"relu": relu_backward, "sigmoid": sigmoid_backward}[activation]
    grads = [None] * len(params)
    V = dS  # gradient of the loss with respect to the current layer's output
    for layer in range(len(params) - 1, -1, -1):
        H, Z = cache[layer]
        if layer < len(params) - 1:
            V = phi_backward(V, Z)
        V, dW, db = linear_backward(V, H, params[layer][0])
        grads[layer] = (dW, db)
    return grads


def count_parameters(widths):
    """Number of trainable parameters of an MLP with layer widths [d, h1, ..., k], biases included."""
    return int(sum(a * b + b for a, b in zip(widths[:-1], widths[1:])))


def init_mlp(widths, seed):
    """Random parameters [(W1, b1), ...] for layer widths [d, h1, ..., k], drawn from np.random.default_rng(seed).

    The weights of layer l are random with a spread that shrinks as the layer gets wider: He,
    N(0, 2 / fan_in), or Xavier, variance 2 / (fan_in + fan_out), with fan_in = widths[l-1] and
    fan_out = widths[l]. The biases start at 0. The same seed gives the same parameters.
    """
    # He initialization, suited to ReLU
    rng = np.random.default_rng(seed)
    return [(rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in), np.zeros(fan_out))
            for fan_in, fan_out in zip(widths[:-1], widths[1:])]


def sgd_momentum_step(params, grads, velocities, lr, momentum):
    """One step of SGD with momentum, for every parameter p with gradient g and velocity v:

        v <- momentum * v + (1 - momentum) * g        p <- p - lr * v

    params, grads and velocities are lists [(W1, b1), ...]; returns (new_params, new_velocities).
    """
    new_params, new_velocities = [], []
    for (W, b), (dW, db), (vW, vb) in zip(params, grads, velocities):
        vW = momentum * vW + (1.0 - momentum) * dW
        vb = momentum * vb + (1.0 - momentum) * db
        new_params.append((W - lr * vW, b - lr * vb))
        new_velocities.append((vW, vb))
    return new_params, new_velocities


def train_mlp(X, y, widths, *, activation="relu", lr=0.5, momentum=0.9, batch_size=32, epochs=100, seed=0):
    """Train an MLP classifier by mini-batch SGD with momentum; returns (params, losses).

    The parameters start from init_mlp(widths, seed); every epoch visits the examples
    in a new random order, batch_size at a time. losses[e] is the mean training loss
    over the mini-batches of epoch e (weighted by their sizes), shape (epochs,).
    """
    rng = np.random.default_rng(seed)
    params = init_mlp(widths, seed)
    velocities = [(np.zeros_like(W), np.zeros_like(b)) for W, b in params]
    n = len(X)
    losses = np.zeros(epochs)
    for epoch in range(epochs):
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            batch = order[start:start + batch_size]
            S, cache = mlp_forward(X[batch], params, activation)
            loss, dS = softmax_cross_entropy(S, y[batch])
            grads = mlp_backward(dS, params, cache, activation)
            params, velocities = sgd_momentum_step(params, grads, velocities, lr, momentum)
            losses[epoch] += loss * len(batch) / n
    return params, losses
