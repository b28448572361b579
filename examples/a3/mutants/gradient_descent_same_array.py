"""gradient_descent updates X in place and appends it every step, so every entry of the path is the final point.
expect: lost test_gradient_descent_known_path, test_gradient_descent_matches_reference
expect-message: every entry of the path is the same array
"""
def gradient_descent(grad, X0, lr, steps):
    X = X0.copy()
    path = [X]
    for _ in range(steps):
        X -= lr * grad(X)
        path.append(X)
    return np.array(path)
