"""momentum_descent moves the point with the previous velocity before updating it.
expect: lost test_momentum_known_path, test_momentum_matches_reference, test_momentum_zero_is_gradient_descent, test_momentum_converges_on_convex_quadratics, test_momentum_beats_gradient_descent_when_ill_conditioned
expect-message: the point moves with the previous g
"""
def momentum_descent(grad, X0, lr, momentum, steps):
    path = np.empty((steps + 1,) + X0.shape)
    path[0] = X0
    g = np.zeros(X0.shape)
    for t in range(1, steps + 1):
        path[t] = path[t - 1] + g
        g = -lr * grad(path[t - 1]) + momentum * g
    return path
