"""ls_loss reads the bias from theta[0] and the weights from theta[1:], against the convention theta = (w, b).
expect: lost test_ls_loss_known_values, test_ls_loss_matches_definition, test_ls_gradient_descent_follows_the_convention, test_ls_gradient_descent_reaches_closed_form, test_noise_variance_known_values, test_noise_variance_matches_definition
expect-message: the bias is read from theta[0]
"""
def ls_loss(X, y, theta):
    return np.mean((X @ theta[1:] + theta[0] - y) ** 2)
