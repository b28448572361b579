"""f_numpy uses cos(x1) sin(x2) instead of sin(x1) cos(x2).
expect: lost test_f_numpy_known_values, test_f_numpy_matches_definition, test_f_numpy_shape_and_dtype, test_f_numpy_empty_and_single_row
expect-message: sin and cos look swapped
"""
def f_numpy(X):
    x1, x2 = X[:, 0], X[:, 1]
    return np.cos(x1) * np.sin(x2) + np.cos(0.5 * x1) * np.sin(0.5 * x2)
