"""cross_entropy_gradient returns softmax(Z) − one_hot without dividing by n.
expect: lost test_cross_entropy_gradient_known_values, test_cross_entropy_gradient_matches_autograd, test_cross_entropy_gradient_matches_finite_differences, test_train_softmax_follows_the_convention
expect-message: the gradient misses the 1/n
"""
def cross_entropy_gradient(Z, labels):
    if labels.ndim == 1:
        labels = torch.nn.functional.one_hot(labels, Z.shape[1]).to(Z.dtype)
    return softmax(Z) - labels
