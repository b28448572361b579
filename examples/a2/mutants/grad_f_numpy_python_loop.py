"""grad_f_numpy is right but visits the rows one at a time in Python.
expect: lost test_grad_f_numpy_is_vectorized
expect-message: must be vectorized
"""
def grad_f_numpy(X):
    out = np.zeros(X.shape, dtype=X.dtype)
    for i, (x1, x2) in enumerate(X):
        out[i, 0] = np.cos(x1) * np.cos(x2) + 0.5 * np.cos(0.5 * x1) * np.cos(0.5 * x2)
        out[i, 1] = -np.sin(x1) * np.sin(x2) - 0.5 * np.sin(0.5 * x1) * np.sin(0.5 * x2)
    return out
