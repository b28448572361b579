"""Correct, written differently: einsum, np.where, tanh and cosh formulas, a float32 loss head, Xavier-uniform
initialization, a backward pass with its own formulas (and a variable named `backward`), another batching loop.
expect: full
"""
def linear_forward(X, W, b):
    return np.einsum("nc,cd->nd", X, W) + b[None, :]


def linear_backward(V, X, W):
    dX = np.einsum("nd,cd->nc", V, W)
    dW = np.einsum("nc,nd->cd", X, V)
    db = np.ones(len(V)) @ V
    return dX, dW, db


def relu_forward(Z):
    return np.where(Z > 0, Z, 0.0)


def relu_backward(V, Z):
    return np.where(Z > 0, V, 0.0)


def sigmoid_forward(Z):
    return 0.5 * (1.0 + np.tanh(0.5 * Z))


def sigmoid_backward(V, Z):
    # σ'(z) = 1 / (2 + 2 cosh z); cosh overflows to inf for huge |z|, where σ' is 0 anyway
    return V / (2.0 + 2.0 * np.cosh(Z))


def softmax_cross_entropy(S, y):
    S32 = S.astype(np.float32)
    top = S32.max(axis=1, keepdims=True)
    log_total = top + np.log(np.exp(S32 - top).sum(axis=1, keepdims=True))
    onehot = np.eye(S.shape[1], dtype=np.float32)[y]
    loss = float(np.mean(log_total[:, 0] - (S32 * onehot).sum(axis=1)))
    return loss, (np.exp(S32 - log_total) - onehot) / np.float32(len(S))


def mlp_forward(X, params, activation="relu"):
    cache, H = [], X
    *hidden, (W_last, b_last) = params
    for W, b in hidden:
        Z = H @ W + b
        cache.append([H, Z])
        H = relu_forward(Z) if activation == "relu" else sigmoid_forward(Z)
    S = H @ W_last + b_last
    cache.append([H, S])
    return S, cache


def mlp_backward(dS, params, cache, activation="relu"):
    backward = relu_backward if activation == "relu" else sigmoid_backward
    grads = []
    delta = dS
    for index in reversed(range(len(params))):
        H, Z = cache[index]
        if index != len(params) - 1:
            delta = backward(delta, Z)
        grads.insert(0, (H.T @ delta, delta.sum(axis=0)))
        delta = delta @ params[index][0].T
    return grads


def count_parameters(widths):
    widths = np.asarray(widths)
    return int(np.dot(widths[:-1], widths[1:]) + widths[1:].sum())


def init_mlp(widths, seed):
    rng = np.random.default_rng(seed)
    params = []
    for fan_in, fan_out in zip(widths, widths[1:]):
        limit = np.sqrt(6.0 / (fan_in + fan_out))  # Xavier uniform: variance 2 / (fan_in + fan_out)
        params.append((rng.uniform(-limit, limit, size=(fan_in, fan_out)), np.zeros(fan_out)))
    return params


def sgd_momentum_step(params, grads, velocities, lr, momentum):
    new_params, new_velocities = [], []
    for layer in range(len(params)):
        pair, velocity = [], []
        for p, g, v in zip(params[layer], grads[layer], velocities[layer]):
            v = g + momentum * (v - g)
            velocity.append(v)
            pair.append(p - lr * v)
        new_params.append(tuple(pair))
        new_velocities.append(tuple(velocity))
    return new_params, new_velocities


def train_mlp(X, y, widths, *, activation="relu", lr=0.5, momentum=0.9, batch_size=32, epochs=100, seed=0):
    params = init_mlp(widths, seed)
    velocities = [(0 * W, 0 * b) for W, b in params]
    shuffler = np.random.default_rng(seed + 1)
    history = []
    for _ in range(epochs):
        indices = np.arange(len(X))
        shuffler.shuffle(indices)
        total = 0.0
        for batch in np.array_split(indices, range(batch_size, len(X), batch_size)):
            S, cache = mlp_forward(X[batch], params, activation)
            loss, dS = softmax_cross_entropy(S, y[batch])
            params, velocities = sgd_momentum_step(params, mlp_backward(dS, params, cache, activation),
                                                   velocities, lr, momentum)
            total += loss * len(batch)
        history.append(total / len(X))
    return params, history
