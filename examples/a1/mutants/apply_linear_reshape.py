"""apply_linear reshapes W to (d, m) instead of transposing it: right shape, scrambled entries (for square W it is X @ W).
expect: lost test_apply_linear_known_values, test_apply_linear_matches_definition
expect-message: apply_linear(X, W)
"""
def apply_linear(X, W):
    return X @ W.reshape(W.shape[1], W.shape[0])
