"""mse_line_gradient sums over the data instead of averaging (the gradient still vanishes at the best fit).
expect: lost test_mse_line_gradient_known_values, test_mse_line_gradient_matches_autograd
expect-message: divide the sum by n
"""
def mse_line_gradient(x, y, w, b):
    residual = w * x + b - y
    return np.array([2.0 * np.sum(residual * x), 2.0 * np.sum(residual)])
