"""train_mlp shuffles with an unseeded generator, so the same seed gives different runs.
The first call is repeated from the same state, so the grader reports the function as
nondeterministic in every test that trains, rather than grading a different run each time.
expect: lost test_train_mlp_solves_xor, test_train_mlp_solves_xor_from_other_seeds, test_train_mlp_learns_rings, test_train_mlp_uses_no_autograd, test_train_mlp_is_reproducible, test_train_mlp_follows_the_recipe
expect-message: train_mlp is nondeterministic
"""
def train_mlp(X, y, widths, *, activation="relu", lr=0.5, momentum=0.9, batch_size=32, epochs=100, seed=0):
    rng = np.random.default_rng()
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
