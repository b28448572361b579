"""f_numpy returns a column of shape (n, 1) instead of a vector of shape (n,).
expect: lost test_f_numpy_known_values, test_f_numpy_matches_definition, test_f_numpy_shape_and_dtype, test_f_numpy_empty_and_single_row
expect-message: (n, 1)
"""
def f_numpy(X):
    x1, x2 = X[:, :1], X[:, 1:]  # slicing with :1 keeps the second axis
    return np.sin(x1) * np.cos(x2) + np.sin(0.5 * x1) * np.cos(0.5 * x2)
