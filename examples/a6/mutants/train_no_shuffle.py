"""train_mlp never shuffles: every epoch visits the examples in their original order.
expect: lost test_train_mlp_follows_the_recipe
expect-message: in their original order
"""
def train_mlp(X, y, widths, *, activation="relu", lr=0.5, momentum=0.9, batch_size=32, epochs=100, seed=0):
    params = init_mlp(widths, seed)
    velocities = [(np.zeros_like(W), np.zeros_like(b)) for W, b in params]
    n = len(X)
    losses = np.zeros(epochs)
    for epoch in range(epochs):
        for start in range(0, n, batch_size):
            S, cache = mlp_forward(X[start:start + batch_size], params, activation)
            loss, dS = softmax_cross_entropy(S, y[start:start + batch_size])
            grads = mlp_backward(dS, params, cache, activation)
            params, velocities = sgd_momentum_step(params, grads, velocities, lr, momentum)
            losses[epoch] += loss * len(S) / n
    return params, losses
