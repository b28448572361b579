"""train_mlp records the loss on all the data after each epoch, not the mean of the batch losses during it.
expect: lost test_train_mlp_follows_the_recipe
expect-message: after the epoch
"""
def train_mlp(X, y, widths, *, activation="relu", lr=0.5, momentum=0.9, batch_size=32, epochs=100, seed=0):
    rng = np.random.default_rng(seed)
    params = init_mlp(widths, seed)
    velocities = [(np.zeros_like(W), np.zeros_like(b)) for W, b in params]
    n = len(X)
    losses = []
    for epoch in range(epochs):
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            batch = order[start:start + batch_size]
            S, cache = mlp_forward(X[batch], params, activation)
            _, dS = softmax_cross_entropy(S, y[batch])
            grads = mlp_backward(dS, params, cache, activation)
            params, velocities = sgd_momentum_step(params, grads, velocities, lr, momentum)
        losses.append(softmax_cross_entropy(mlp_forward(X, params, activation)[0], y)[0])
    return params, np.array(losses)
