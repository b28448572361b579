"""Correct, written differently: np.c_, the norm squared, a gradient summed row by row, eigenvalues of AᵀA against a
relative threshold, Cholesky with a pinv fallback, ridge on centred data, np.linalg.eigvals, an in-place descent,
pinv residuals, axline for the fits and labels set with ax.set(...).
expect: full
"""
def design_matrix(X):
    return np.c_[X, np.ones(len(X), dtype=X.dtype)]


def ls_loss(X, y, theta):
    return np.linalg.norm(design_matrix(X) @ theta - y) ** 2 / len(y)


def ls_gradient(X, y, theta):
    # loops are allowed here: the gradient is a sum over the rows of 2 (a_i·theta − y_i) a_i
    total = np.zeros(len(theta))
    for a_i, y_i in zip(design_matrix(X), y):
        total += 2.0 * (a_i @ theta - y_i) * a_i
    return total / len(y)


def has_collinear_features(X):
    A = design_matrix(X)
    eigenvalues = np.linalg.eigvalsh(A.T @ A)
    return bool(eigenvalues[0] <= 1e-10 * eigenvalues[-1])


def ls_closed_form(X, y):
    A = design_matrix(X)
    if has_collinear_features(X):
        return np.linalg.pinv(A) @ y
    L = np.linalg.cholesky(A.T @ A)  # AᵀA = L Lᵀ: two triangular systems
    return np.linalg.solve(L.T, np.linalg.solve(L, A.T @ y))


def ridge_closed_form(X, y, lam):
    # with the bias unpenalised, centre the data: w solves a ridge problem without bias, and b = mean(y) − mean(x)·w
    x_mean, y_mean = X.mean(axis=0), y.mean()
    Xc = X - x_mean
    w = np.linalg.solve(Xc.T @ Xc + len(y) * lam * np.eye(X.shape[1]), Xc.T @ (y - y_mean))
    return np.append(w, y_mean - x_mean @ w)


def ls_step_size(X):
    A = design_matrix(X)
    largest = np.max(np.linalg.eigvals(A.T @ A).real)
    return len(X) / (2.0 * largest)


def ls_gradient_descent(X, y, epochs):
    step = ls_step_size(X)
    theta = np.zeros(X.shape[1] + 1)
    losses = np.zeros(epochs + 1)
    losses[0] = ls_loss(X, y, theta)
    for k in range(1, epochs + 1):
        theta -= step * ls_gradient(X, y, theta)
        losses[k] = ls_loss(X, y, theta)
    return theta, losses


def noise_variance(X, y):
    A = design_matrix(X)
    residual = y - A @ (np.linalg.pinv(A) @ y)
    return float(residual @ residual) / len(y)


def plot_fit(x, y, theta_closed, theta_gd, losses):
    fig, axes = plt.subplots(ncols=2)
    axes[0].scatter(x, y, marker="x", label="data")
    for theta, name in ((theta_closed, "closed form"), (theta_gd, "gradient descent")):
        axes[0].axline((0.0, theta[1]), slope=theta[0], label=name)
    axes[0].set(title="fits", xlabel="x", ylabel="y")
    axes[0].legend()
    axes[1].plot(losses)
    axes[1].set_yscale("log")
    axes[1].set(title="loss per epoch", xlabel="epoch", ylabel="mean squared error")
    return fig
