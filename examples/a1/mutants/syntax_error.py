"""The cell defining f_numpy has a syntax error; the other tasks still count.
replaces: f_numpy
expect: lost test_f_numpy_known_values, test_f_numpy_matches_definition, test_f_numpy_shape_and_dtype, test_f_numpy_empty_and_single_row, test_f_numpy_leaves_input_unchanged, test_f_numpy_is_vectorized
expect-message: does not define f_numpy
"""
def f_numpy(X)
    return np.sin(X[:, 0]) * np.cos(X[:, 1])
