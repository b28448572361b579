"""Correct, written differently: a preallocated design matrix, a float32 loss, the expanded gradient AᵀAθ − Aᵀy, the
condition number of AᵀA, lstsq for every case, ridge solved by lstsq, singular values of AᵀA, a descent that
appends to a list, the residual sum of squares over n, and a figure drawn with fig.add_axes and many line points.
expect: full
"""
def design_matrix(X):
    A = np.empty((X.shape[0], X.shape[1] + 1), dtype=X.dtype)
    A[:, :-1] = X
    A[:, -1] = 1
    return A


def ls_loss(X, y, theta):
    residual = (design_matrix(X) @ theta - y).astype(np.float32)
    return np.dot(residual, residual) / np.float32(len(y))


def ls_gradient(X, y, theta):
    A = design_matrix(X)
    return 2.0 * (A.T @ A @ theta - A.T @ y) / X.shape[0]


def has_collinear_features(X):
    A = design_matrix(X)
    with np.errstate(divide="ignore"):
        return bool(np.linalg.cond(A.T @ A) > 1e12)


def ls_closed_form(X, y):
    return np.linalg.lstsq(design_matrix(X), y, rcond=None)[0]


def ridge_closed_form(X, y, lam):
    A = design_matrix(X)
    D = np.eye(A.shape[1])
    D[-1, -1] = 0.0
    return np.linalg.lstsq(A.T @ A + len(y) * lam * D, A.T @ y, rcond=None)[0]


def ls_step_size(X):
    A = design_matrix(X)
    L = 2.0 * np.linalg.svd(A.T @ A, compute_uv=False).max() / len(X)
    return 1 / L


def ls_gradient_descent(X, y, epochs):
    theta = np.zeros(X.shape[1] + 1)
    step = ls_step_size(X)
    history = [ls_loss(X, y, theta)]
    while len(history) <= epochs:
        theta = theta - step * ls_gradient(X, y, theta)
        history.append(ls_loss(X, y, theta))
    return theta, np.array(history)


def noise_variance(X, y):
    residual = y - design_matrix(X) @ ls_closed_form(X, y)
    return np.sum(np.square(residual)) / X.shape[0]


def plot_fit(x, y, theta_closed, theta_gd, losses):
    fig = plt.figure(figsize=(9, 4))
    left = fig.add_axes([0.08, 0.1, 0.38, 0.8])
    right = fig.add_axes([0.58, 0.1, 0.38, 0.8])
    grid = np.linspace(np.min(x), np.max(x), 50)
    left.scatter(x, y, s=12, color="black")
    left.plot(grid, np.polyval(theta_closed, grid), label="closed form")
    left.plot(grid, np.polyval(theta_gd, grid), label="gradient descent")
    left.legend()
    left.set_title("two fits")
    left.set_xlabel("x")
    left.set_ylabel("y")
    right.semilogy(range(len(losses)), losses)
    right.set_xlabel("epoch")
    right.set_ylabel("loss")
    right.set_title("gradient descent")
    return fig
