"""f_numpy is correct but loops over the rows in Python.
expect: lost test_f_numpy_is_vectorized
expect-message: must be vectorized
"""
def f_numpy(X):
    out = np.zeros(len(X), dtype=X.dtype)
    for i in range(len(X)):
        x1, x2 = X[i]
        out[i] = np.sin(x1) * np.cos(x2) + np.sin(0.5 * x1) * np.cos(0.5 * x2)
    return out
