"""train_mlp skips the last mini-batch when it is shorter than batch_size.
expect: lost test_train_mlp_follows_the_recipe
expect-message: last, shorter mini-batch is skipped
"""
def train_mlp(X, y, widths, *, activation="relu", lr=0.5, momentum=0.9, batch_size=32, epochs=100, seed=0):
    rng = np.random.default_rng(seed)
    params = init_mlp(widths, seed)
    velocities = [(np.zeros_like(W), np.zeros_like(b)) for W, b in params]
    n = len(X)
    full = n // batch_size
    losses = np.zeros(epochs)
    for epoch in range(epochs):
        order = rng.permutation(n)
        for i in range(full):
            batch = order[i * batch_size:(i + 1) * batch_size]
            S, cache = mlp_forward(X[batch], params, activation)
            loss, dS = softmax_cross_entropy(S, y[batch])
            grads = mlp_backward(dS, params, cache, activation)
            params, velocities = sgd_momentum_step(params, grads, velocities, lr, momentum)
            losses[epoch] += loss / full
    return params, losses
