"""grad_f_numpy forgets the chain-rule factor 0.5 of sin(0.5 x1) and cos(0.5 x2).
expect: lost test_grad_f_numpy_known_values, test_grad_f_numpy_matches_autograd, test_grad_f_numpy_gives_directional_derivatives, test_grad_f_numpy_shape_and_dtype
expect-message: the inner factor 0.5 is missing
"""
def grad_f_numpy(X):
    x1, x2 = X[:, 0], X[:, 1]
    d1 = np.cos(x1) * np.cos(x2) + np.cos(0.5 * x1) * np.cos(0.5 * x2)
    d2 = -np.sin(x1) * np.sin(x2) - np.sin(0.5 * x1) * np.sin(0.5 * x2)
    return np.stack([d1, d2], axis=1)
