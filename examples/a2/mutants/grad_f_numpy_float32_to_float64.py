"""grad_f_numpy always returns float64: float32 input gives a float64 result, though the notebook asks to keep the dtype of X.
expect: lost test_grad_f_numpy_shape_and_dtype
expect-message: returned dtype float64, expected float32
"""
def grad_f_numpy(X):
    x1, x2 = np.asarray(X[:, 0], dtype=float), np.asarray(X[:, 1], dtype=float)
    d1 = np.cos(x1) * np.cos(x2) + 0.5 * np.cos(0.5 * x1) * np.cos(0.5 * x2)
    d2 = -np.sin(x1) * np.sin(x2) - 0.5 * np.sin(0.5 * x1) * np.sin(0.5 * x2)
    return np.stack([d1, d2], axis=1)
