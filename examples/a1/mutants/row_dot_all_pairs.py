"""row_dot sums every pair of rows, (X @ Y.T).sum(axis=1): the shape is right but each entry adds the products with all rows of Y.
expect: lost test_row_dot_known_values, test_row_dot_matches_definition
expect-message: row_dot(X, Y)
expect-no-message: constant factor
"""
def row_dot(X, Y):
    return (X @ Y.T).sum(axis=1)
