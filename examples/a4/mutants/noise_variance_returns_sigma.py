"""noise_variance returns the standard deviation of the residuals, σ, where the task asks for the variance σ².
expect: lost test_noise_variance_known_values, test_noise_variance_matches_definition
expect-message: the standard deviation
"""
def noise_variance(X, y):
    residual = design_matrix(X) @ ls_closed_form(X, y) - y
    return float(np.sqrt(np.mean(residual ** 2)))
