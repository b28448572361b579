"""gradient_descent returns the tuple (path, last points) instead of the path alone: every check must say what came back, never fail with a grader error.
expect: lost test_gradient_descent_known_path, test_gradient_descent_matches_reference, test_gradient_descent_converges_on_convex_quadratics, test_gradient_descent_steps_all_starts_together
expect-message: expected a path
expect-no-message: report this to your instructor
"""
def gradient_descent(grad, X0, lr, steps):
    path = np.empty((steps + 1,) + np.shape(X0))
    path[0] = X0
    for t in range(1, steps + 1):
        path[t] = path[t - 1] - lr * grad(path[t - 1])
    return path, path[-1]
