"""Correct, written differently: np.dot and np.add, masks by multiplication, the sigmoid by cases with np.exp on
clipped inputs, a log-softmax through np.logaddexp.reduce, a recursive forward pass, a backward pass that records
the gradients from the last layer and reverses them, count_parameters by a loop, He-uniform initialization, and
momentum written as an exponential average in place of copies.
expect: full
"""
def linear_forward(X, W, b):
    return np.add(np.dot(X, W), b)


def linear_backward(V, X, W):
    return np.dot(V, W.T), np.dot(X.T, V), np.sum(V, axis=0)


def relu_forward(Z):
    return Z * (Z > 0)


def relu_backward(V, Z):
    return np.where(Z <= 0, 0.0, V)


def sigmoid_forward(Z):
    # 1 / (1 + e^(−z)) for z ≥ 0 and e^z / (1 + e^z) for z < 0, each on clipped inputs so no exp overflows
    positive = 1.0 / (1.0 + np.exp(-np.maximum(Z, 0.0)))
    e = np.exp(np.minimum(Z, 0.0))
    return np.where(Z >= 0, positive, e / (1.0 + e))


def sigmoid_backward(V, Z):
    s = sigmoid_forward(Z)
    return V * (s - s * s)


def softmax_cross_entropy(S, y):
    log_probs = S - np.logaddexp.reduce(S, axis=1, keepdims=True)
    n = len(y)
    loss = -np.take_along_axis(log_probs, y[:, None], axis=1).sum() / n
    dS = np.exp(log_probs)
    np.subtract.at(dS, (np.arange(n), y), 1.0)
    return float(loss), dS / n


def mlp_forward(X, params, activation="relu"):
    if not params:
        return X, []
    (W, b), rest = params[0], params[1:]
    Z = linear_forward(X, W, b)
    if not rest:
        return Z, [(X, Z)]
    H = relu_forward(Z) if activation == "relu" else sigmoid_forward(Z)
    S, cache = mlp_forward(H, rest, activation)
    return S, [(X, Z)] + cache


def mlp_backward(dS, params, cache, activation="relu"):
    local = relu_backward if activation == "relu" else sigmoid_backward
    reversed_grads = []
    upstream = dS
    last = len(params) - 1
    for layer in range(last, -1, -1):
        H, Z = cache[layer]
        if layer != last:
            upstream = local(upstream, Z)
        upstream, dW, db = linear_backward(upstream, H, params[layer][0])
        reversed_grads.append((dW, db))
    return reversed_grads[::-1]


def count_parameters(widths):
    total = 0
    for layer in range(1, len(widths)):
        total += (widths[layer - 1] + 1) * widths[layer]
    return total


def init_mlp(widths, seed):
    rng = np.random.default_rng(seed)
    params = []
    for fan_in, fan_out in zip(widths, widths[1:]):
        bound = np.sqrt(6.0 / fan_in)  # He uniform: variance bound² / 3 = 2 / fan_in
        params.append((rng.uniform(-bound, bound, (fan_in, fan_out)), np.zeros(fan_out)))
    return params


def sgd_momentum_step(params, grads, velocities, lr, momentum):
    out_params, out_velocities = [], []
    for layer_params, layer_grads, layer_velocities in zip(params, grads, velocities):
        new_v = [momentum * v + (1 - momentum) * g for v, g in zip(layer_velocities, layer_grads)]
        out_params.append(tuple(p - lr * v for p, v in zip(layer_params, new_v)))
        out_velocities.append(tuple(new_v))
    return out_params, out_velocities
