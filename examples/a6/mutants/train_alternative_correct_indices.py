"""Correct, written differently: train_mlp draws each epoch's order with rng.permutation, walks the batches with a
while loop, keeps a running sum of loss times batch size in a NumPy array, and takes the momentum step itself
inline rather than calling sgd_momentum_step.
expect: full
"""
def train_mlp(X, y, widths, *, activation="relu", lr=0.5, momentum=0.9, batch_size=32, epochs=100, seed=0):
    rng = np.random.default_rng(seed)
    params = [(W.copy(), b.copy()) for W, b in init_mlp(widths, seed)]
    velocities = [[np.zeros_like(W), np.zeros_like(b)] for W, b in params]
    losses = np.zeros(epochs)
    n = X.shape[0]
    for epoch in range(epochs):
        order = rng.permutation(n)
        start = 0
        while start < n:
            rows = order[start:start + batch_size]
            S, cache = mlp_forward(X[rows], params, activation)
            loss, dS = softmax_cross_entropy(S, y[rows])
            grads = mlp_backward(dS, params, cache, activation)
            for layer, ((W, b), (dW, db)) in enumerate(zip(params, grads)):
                velocities[layer][0] = momentum * velocities[layer][0] + (1 - momentum) * dW
                velocities[layer][1] = momentum * velocities[layer][1] + (1 - momentum) * db
                params[layer] = (W - lr * velocities[layer][0], b - lr * velocities[layer][1])
            losses[epoch] += loss * len(rows)
            start += batch_size
        losses[epoch] /= n
    return params, losses
