"""Correct, written differently: train_mlp reshuffles one index array in place each epoch (rng.shuffle), slices
batches with array_split, accumulates the epoch loss as a weighted sum, and returns a list of losses converted
to an array at the end.
expect: full
"""
def train_mlp(X, y, widths, *, activation="relu", lr=0.5, momentum=0.9, batch_size=32, epochs=100, seed=0):
    generator = np.random.default_rng(seed)
    params = init_mlp(widths, seed)
    velocities = [(np.zeros(W.shape), np.zeros(b.shape)) for W, b in params]
    index = np.arange(X.shape[0])
    history = []
    for _ in range(epochs):
        generator.shuffle(index)
        weighted = 0.0
        for batch in np.array_split(index, np.arange(batch_size, len(index), batch_size)):
            scores, cache = mlp_forward(X[batch], params, activation)
            loss, d_scores = softmax_cross_entropy(scores, y[batch])
            params, velocities = sgd_momentum_step(params, mlp_backward(d_scores, params, cache, activation),
                                                   velocities, lr, momentum)
            weighted += len(batch) * loss
        history.append(weighted / X.shape[0])
    return params, np.asarray(history)
