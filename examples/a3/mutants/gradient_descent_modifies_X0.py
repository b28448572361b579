"""gradient_descent steps X0 itself in place (right path, but the caller's starting points are gone).
expect: lost test_gradient_descent_leaves_X0_unchanged
expect-message: in place
"""
def gradient_descent(grad, X0, lr, steps):
    path = np.empty((steps + 1,) + X0.shape)
    path[0] = X0
    for t in range(1, steps + 1):
        X0 -= lr * grad(X0)
        path[t] = X0
    return path
