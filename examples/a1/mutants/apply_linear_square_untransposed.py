"""apply_linear multiplies by W untransposed whenever the shapes allow it (square W), so it is wrong exactly when W is square and not symmetric.
expect: lost test_apply_linear_matches_definition
expect-message: W is used untransposed
"""
def apply_linear(X, W):
    if W.shape[0] == W.shape[1]:
        return X @ W
    return X @ W.T
