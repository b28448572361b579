"""ls_loss uses the other common convention, half the mean squared residual, where the course's loss has no 1/2.
expect: lost test_ls_loss_known_values, test_ls_loss_matches_definition, test_ls_gradient_descent_lecture_data, test_ls_gradient_descent_follows_the_convention, test_noise_variance_known_values, test_noise_variance_matches_definition
expect-message: no factor 1/2
"""
def ls_loss(X, y, theta):
    residual = design_matrix(X) @ theta - y
    return 0.5 * np.mean(residual ** 2)
