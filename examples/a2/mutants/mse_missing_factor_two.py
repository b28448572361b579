"""mse_line_gradient drops the 2 that comes from differentiating the square.
expect: lost test_mse_line_gradient_known_values, test_mse_line_gradient_matches_autograd
expect-message: the factor 2 from differentiating the square is missing
"""
def mse_line_gradient(x, y, w, b):
    residual = w * x + b - y
    return np.array([np.mean(residual * x), np.mean(residual)])
