"""f_numpy converts its result to float32, losing precision for float64 input.
expect: lost test_f_numpy_shape_and_dtype
expect-message: float64 input must give a float64 result
"""
def f_numpy(X):
    x1, x2 = X[:, 0], X[:, 1]
    return (np.sin(x1) * np.cos(x2) + np.sin(0.5 * x1) * np.cos(0.5 * x2)).astype(np.float32)
