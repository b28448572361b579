"""softmax_cross_entropy averages the loss but returns softmax(S) - onehot(y) without the 1/n.
expect: lost test_softmax_cross_entropy_known_values, test_softmax_cross_entropy_large_scores, test_softmax_cross_entropy_matches_torch, test_train_mlp_follows_the_recipe
expect-message: missing the 1/n
"""
def softmax_cross_entropy(S, y):
    shifted = S - S.max(axis=1, keepdims=True)
    P = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
    rows = np.arange(len(S))
    dS = P.copy()
    dS[rows, y] -= 1
    return float(-np.log(P[rows, y]).mean()), dS
