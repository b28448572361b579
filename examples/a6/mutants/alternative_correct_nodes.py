"""Correct, written differently: lecture-style node classes with their own forward() and backward() methods, a
sigmoid through tanh, the loss head with log-sum-exp over float32 scores, count_parameters with np.prod, Glorot
normal initialization, and momentum applied with a dictionary of velocities.
expect: full
expect-no-message: automatic differentiation
"""
class Linear:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, X):
        self.X = X
        return X @ self.W + self.b

    def backward(self, V):
        return V @ self.W.T, self.X.T @ V, V.sum(axis=0)


class ReLU:
    def forward(self, Z):
        self.Z = Z
        return np.maximum(Z, 0)

    def backward(self, V):
        return V * (self.Z > 0)


class Sigmoid:
    def forward(self, Z):
        self.Z = Z
        return 0.5 + 0.5 * np.tanh(0.5 * Z)

    def backward(self, V):
        s = self.forward(self.Z)
        return V * s * (1 - s)


def linear_forward(X, W, b):
    return Linear(W, b).forward(X)


def linear_backward(V, X, W):
    node = Linear(W, np.zeros(W.shape[1]))
    node.forward(X)
    return node.backward(V)


def relu_forward(Z):
    return ReLU().forward(Z)


def relu_backward(V, Z):
    node = ReLU()
    node.forward(Z)
    return node.backward(V)


def sigmoid_forward(Z):
    return Sigmoid().forward(Z)


def sigmoid_backward(V, Z):
    node = Sigmoid()
    node.forward(Z)
    return node.backward(V)


def softmax_cross_entropy(S, y):
    S32 = np.asarray(S, dtype=np.float32)
    shifted = S32 - S32.max(axis=1, keepdims=True)
    log_norm = np.log(np.exp(shifted).sum(axis=1))
    n = len(y)
    loss = np.mean(log_norm - shifted[np.arange(n), y])
    probs = np.exp(shifted - log_norm[:, None])
    probs[np.arange(n), y] -= 1
    return float(loss), probs / n


def mlp_forward(X, params, activation="relu"):
    H, cache = X, []
    for index, (W, b) in enumerate(params):
        Z = Linear(W, b).forward(H)
        cache.append((H, Z))
        last = index == len(params) - 1
        H = Z if last else (ReLU() if activation == "relu" else Sigmoid()).forward(Z)
    return H, cache


def mlp_backward(dS, params, cache, activation="relu"):
    grads = []
    V = dS
    for index in reversed(range(len(params))):
        H, Z = cache[index]
        if index < len(params) - 1:
            node = ReLU() if activation == "relu" else Sigmoid()
            node.forward(Z)
            V = node.backward(V)
        layer = Linear(params[index][0], params[index][1])
        layer.forward(H)
        V, dW, db = layer.backward(V)
        grads.append((dW, db))
    grads.reverse()
    return grads


def count_parameters(widths):
    pairs = zip(widths[:-1], widths[1:])
    return sum(int(np.prod((a, b))) + b for a, b in pairs)


def init_mlp(widths, seed):
    rng = np.random.default_rng(seed)
    return [(rng.normal(0.0, np.sqrt(2.0 / (a + b)), size=(a, b)), np.zeros(b)) for a, b in zip(widths, widths[1:])]


def sgd_momentum_step(params, grads, velocities, lr, momentum):
    state = {(layer, k): v for layer, pair in enumerate(velocities) for k, v in enumerate(pair)}
    new_params = []
    for layer, (pair, grad_pair) in enumerate(zip(params, grads)):
        updated = []
        for k, (p, g) in enumerate(zip(pair, grad_pair)):
            state[layer, k] = momentum * state[layer, k] + (1 - momentum) * g
            updated.append(p - lr * state[layer, k])
        new_params.append(tuple(updated))
    return new_params, [(state[layer, 0], state[layer, 1]) for layer in range(len(params))]
