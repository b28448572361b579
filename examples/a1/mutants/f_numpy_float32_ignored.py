"""f_numpy always computes in float64, so float32 input gives a float64 result: the notebook asks to keep the dtype of the input.
expect: lost test_f_numpy_shape_and_dtype
expect-message: returned dtype float64, expected float32
"""
def f_numpy(X):
    X = np.asarray(X, dtype=np.float64)
    x1, x2 = X[:, 0], X[:, 1]
    return np.sin(x1) * np.cos(x2) + np.sin(0.5 * x1) * np.cos(0.5 * x2)
