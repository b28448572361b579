"""gradient_descent runs each start separately, calling the gradient on one point at a time (right values, k times more calls).
expect: lost test_gradient_descent_steps_all_starts_together
expect-message: expects all 3 starting points at once
"""
def gradient_descent(grad, X0, lr, steps):
    path = np.empty((steps + 1,) + X0.shape)
    for j in range(len(X0)):
        x = X0[j].copy()
        path[0, j] = x
        for t in range(1, steps + 1):
            x = x - lr * grad(x)
            path[t, j] = x
    return path
