"""gradient_descent adds the gradient instead of subtracting it.
expect: lost test_gradient_descent_known_path, test_gradient_descent_matches_reference, test_gradient_descent_converges_on_convex_quadratics
expect-message: the update goes uphill
"""
def gradient_descent(grad, X0, lr, steps):
    path = np.empty((steps + 1,) + X0.shape)
    path[0] = X0
    for t in range(1, steps + 1):
        path[t] = path[t - 1] + lr * grad(path[t - 1])
    return path
