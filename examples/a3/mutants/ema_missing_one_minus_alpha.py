"""ema_momentum_descent adds the whole new gradient to the average instead of weighting it by (1 - alpha).
expect: lost test_ema_momentum_known_path, test_ema_momentum_matches_reference, test_ema_momentum_agrees_with_lecture_form
expect-message: with weight (1 - alpha)
"""
def ema_momentum_descent(grad, X0, lr, alpha, steps):
    path = np.empty((steps + 1,) + X0.shape)
    path[0] = X0
    average = np.zeros(X0.shape)
    for t in range(1, steps + 1):
        average = alpha * average + grad(path[t - 1])
        path[t] = path[t - 1] - lr * average
    return path
