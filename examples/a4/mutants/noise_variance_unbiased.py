"""noise_variance divides by n − d − 1 (the unbiased estimate) instead of n (maximum likelihood).
expect: lost test_noise_variance_known_values, test_noise_variance_matches_definition
expect-message: the maximum-likelihood σ² divides by n
"""
def noise_variance(X, y):
    residual = design_matrix(X) @ ls_closed_form(X, y) - y
    return residual @ residual / (len(y) - X.shape[1] - 1)
