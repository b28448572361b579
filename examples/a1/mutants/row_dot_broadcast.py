"""row_dot computes every pair of rows with X @ Y.T, an (n, n) matrix.
expect: lost test_row_dot_known_values, test_row_dot_matches_definition
expect-message: shape
"""
def row_dot(X, Y):
    return X @ Y.T
