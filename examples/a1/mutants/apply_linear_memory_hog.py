"""apply_linear tries to allocate a huge array; the memory limit stops it with MemoryError.
expect: lost test_apply_linear_known_values, test_apply_linear_matches_definition, test_apply_linear_is_vectorized
expect-message: memory
"""
def apply_linear(X, W):
    scratch = np.ones((200_000, 200_000))
    return X @ W.T + 0 * scratch[0, 0]
