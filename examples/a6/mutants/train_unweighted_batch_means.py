"""train_mlp averages the batch losses of an epoch without weighting the short last batch by its size.
expect: lost test_train_mlp_follows_the_recipe
expect-message: without weights
"""
def train_mlp(X, y, widths, *, activation="relu", lr=0.5, momentum=0.9, batch_size=32, epochs=100, seed=0):
    rng = np.random.default_rng(seed)
    params = init_mlp(widths, seed)
    velocities = [(np.zeros_like(W), np.zeros_like(b)) for W, b in params]
    n = len(X)
    losses = np.zeros(epochs)
    for epoch in range(epochs):
        order = rng.permutation(n)
        batch_losses = []
        for start in range(0, n, batch_size):
            batch = order[start:start + batch_size]
            S, cache = mlp_forward(X[batch], params, activation)
            loss, dS = softmax_cross_entropy(S, y[batch])
            grads = mlp_backward(dS, params, cache, activation)
            params, velocities = sgd_momentum_step(params, grads, velocities, lr, momentum)
            batch_losses.append(loss)
        losses[epoch] = np.mean(batch_losses)
    return params, losses
