"""logistic_gradient forgets the 1/m: it returns the sum of the per-example gradients, not their mean.
expect: lost test_logistic_gradient_known_values, test_logistic_gradient_matches_autograd, test_logistic_gradient_matches_finite_differences, test_train_logistic_follows_the_convention
expect-message: the gradient misses the 1/m
"""
def logistic_gradient(X, y, w, b):
    error = sigmoid(X @ w + b) - y
    return X.T @ error, error.sum()
