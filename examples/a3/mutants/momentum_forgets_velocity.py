"""momentum_descent recomputes the step from the gradient alone, so it is plain gradient descent.
expect: lost test_momentum_known_path, test_momentum_matches_reference, test_momentum_beats_gradient_descent_when_ill_conditioned
expect-message: the momentum term is missing
"""
def momentum_descent(grad, X0, lr, momentum, steps):
    path = np.empty((steps + 1,) + X0.shape)
    path[0] = X0
    for t in range(1, steps + 1):
        g = -lr * grad(path[t - 1])
        path[t] = path[t - 1] + g
    return path
