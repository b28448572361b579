"""cross_entropy confuses the label formats: integer labels index whole columns, log_probs[:, labels].
expect: lost test_cross_entropy_known_values, test_cross_entropy_matches_torch, test_two_classes_are_logistic_regression, test_train_softmax_follows_the_convention
expect-message: integer labels were used as column indices
"""
def cross_entropy(Z, labels):
    log_probs = Z - logsumexp(Z)[:, None]
    if labels.ndim == 1:
        return -log_probs[:, labels].mean()
    return -(labels * log_probs).sum(dim=1).mean()
