"""f_numpy forgets the factor 0.5 in the second term.
expect: lost test_f_numpy_known_values, test_f_numpy_matches_definition, test_f_numpy_shape_and_dtype, test_f_numpy_empty_and_single_row
expect-message: factor 0.5
"""
def f_numpy(X):
    x1, x2 = X[:, 0], X[:, 1]
    return np.sin(x1) * np.cos(x2) + np.sin(x1) * np.cos(x2)
