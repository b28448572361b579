"""ls_loss returns the sum of squared residuals instead of their mean.
expect: lost test_ls_loss_known_values, test_ls_loss_matches_definition, test_ls_gradient_descent_lecture_data, test_ls_gradient_descent_follows_the_convention, test_noise_variance_known_values, test_noise_variance_matches_definition
expect-message: the loss is their mean
"""
def ls_loss(X, y, theta):
    residual = design_matrix(X) @ theta - y
    return np.sum(residual ** 2)
