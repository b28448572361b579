"""apply_linear returns W @ X.T, the transpose of the expected (n, m) result.
expect: lost test_apply_linear_known_values, test_apply_linear_matches_definition
expect-message: transpose
"""
def apply_linear(X, W):
    return W @ X.T
