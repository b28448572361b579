"""Correct, written differently: concatenate, einsum, SVD rank, QR with a pinv fallback, ridge as an augmented lstsq, the spectral norm, a while loop, np.var of the residuals.
expect: full
"""
def design_matrix(X):
    return np.concatenate([X, np.ones_like(X[:, :1])], axis=1)


def ls_loss(X, y, theta):
    return np.mean((X @ theta[:-1] + theta[-1] - y) ** 2)


def ls_gradient(X, y, theta):
    residual = X @ theta[:-1] + theta[-1] - y
    return np.r_[np.einsum("nd,n->d", X, residual), residual.sum()] * (2 / len(y))


def has_collinear_features(X):
    singular = np.linalg.svd(design_matrix(X), compute_uv=False)
    if len(X) < X.shape[1] + 1:
        return True
    return bool(singular[-1] <= singular[0] * 1e-10)


def ls_closed_form(X, y):
    A = design_matrix(X)
    if has_collinear_features(X):
        return np.linalg.pinv(A) @ y
    Q, R = np.linalg.qr(A)
    return np.linalg.solve(R, Q.T @ y)


def ridge_closed_form(X, y, lam):
    # ridge is least squares on A stacked over sqrt(n lam) D, with zeros appended to y
    A = design_matrix(X)
    n, p = A.shape
    root = np.sqrt(n * lam) * np.eye(p)[:-1]
    theta, *_ = np.linalg.lstsq(np.vstack([A, root]), np.r_[y, np.zeros(p - 1)], rcond=None)
    return theta


def ls_step_size(X):
    A = design_matrix(X)
    return len(X) / (2 * np.linalg.norm(A, 2) ** 2)


def ls_gradient_descent(X, y, epochs):
    theta = np.zeros(X.shape[1] + 1)
    losses = np.empty(epochs + 1)
    losses[0] = ls_loss(X, y, theta)
    k = 0
    while k < epochs:
        theta -= ls_step_size(X) * ls_gradient(X, y, theta)
        k += 1
        losses[k] = ls_loss(X, y, theta)
    return theta, losses


def noise_variance(X, y):
    # with a bias in the model the residuals have mean zero, so their variance is their mean square
    return float(np.var(design_matrix(X) @ ls_closed_form(X, y) - y))


def plot_fit(x, y, theta_closed, theta_gd, losses):
    fig = plt.figure()
    data_axes = fig.add_subplot(1, 2, 1)
    data_axes.plot(x, y, "o", alpha=0)  # an invisible extra line does no harm
    data_axes.scatter(x, y)
    for theta, style in ((theta_closed, "-"), (theta_gd, ":")):
        data_axes.plot(x, theta[0] * x + theta[1], style)
    data_axes.set_title("fits")
    data_axes.set_xlabel("x")
    data_axes.set_ylabel("y")
    loss_axes = fig.add_subplot(1, 2, 2)
    loss_axes.semilogy(losses)
    loss_axes.set_title("loss")
    loss_axes.set_xlabel("step")
    loss_axes.set_ylabel("LS")
    return fig
