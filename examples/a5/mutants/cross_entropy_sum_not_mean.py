"""cross_entropy adds the per-row losses instead of averaging them.
expect: lost test_cross_entropy_known_values, test_cross_entropy_matches_torch, test_cross_entropy_accepts_one_hot_labels, test_two_classes_are_logistic_regression, test_train_softmax_lecture_data, test_train_softmax_follows_the_convention
expect-message: the loss is their mean
"""
def cross_entropy(Z, labels):
    log_probs = Z - logsumexp(Z)[:, None]
    if labels.ndim == 1:
        return -log_probs[torch.arange(len(labels)), labels].sum()
    return -(labels * log_probs).sum()
