"""ema_momentum_descent weighs the old average with 1 - alpha and the new gradient with alpha.
expect: lost test_ema_momentum_known_path, test_ema_momentum_matches_reference, test_ema_momentum_agrees_with_lecture_form
expect-message: alpha and 1 - alpha look swapped
"""
def ema_momentum_descent(grad, X0, lr, alpha, steps):
    path = np.empty((steps + 1,) + np.shape(X0))
    path[0] = X0
    average = np.zeros(np.shape(X0))
    for t in range(1, steps + 1):
        average = (1 - alpha) * average + alpha * grad(path[t - 1])
        path[t] = path[t - 1] - lr * average
    return path
