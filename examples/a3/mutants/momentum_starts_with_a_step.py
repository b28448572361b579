"""momentum_descent starts with the velocity g_0 = -lr grad(X0) instead of 0, so the first step is doubled.
expect: lost test_momentum_known_path, test_momentum_matches_reference
expect-message: momentum_descent(grad, X0, lr, momentum, steps)
"""
def momentum_descent(grad, X0, lr, momentum, steps):
    path = np.empty((steps + 1,) + np.shape(X0))
    path[0] = X0
    velocity = -lr * grad(np.asarray(X0, dtype=float))
    for t in range(1, steps + 1):
        velocity = -lr * grad(path[t - 1]) + momentum * velocity
        path[t] = path[t - 1] + velocity
    return path
