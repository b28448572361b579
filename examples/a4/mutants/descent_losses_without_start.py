"""ls_gradient_descent records the loss only after each step, so losses has epochs values, not epochs + 1.
expect: lost test_ls_gradient_descent_lecture_data, test_ls_gradient_descent_follows_the_convention, test_ls_gradient_descent_reaches_closed_form
expect-message: before the first step
"""
def ls_gradient_descent(X, y, epochs):
    step = ls_step_size(X)
    theta = np.zeros(X.shape[1] + 1)
    losses = []
    for _ in range(epochs):
        theta = theta - step * ls_gradient(X, y, theta)
        losses.append(ls_loss(X, y, theta))
    return theta, np.array(losses)
