"""Reference solution for a4 (secret: never shipped to students).

Conventions (stated in the notebook, graded by them): parameters are one
vector theta = (w_1, ..., w_d, b) with the bias last; the design matrix is
A = [X | 1] (the column of ones last); the loss is the mean (1/n)‖Aθ − y‖²
with no factor 1/2; ridge adds lam ‖w‖² and leaves the bias alone.
"""

import matplotlib.pyplot as plt
import numpy as np


def design_matrix(X):
    """The design matrix A = [X | 1]: X of shape (n, d) with a column of ones appended, shape (n, d + 1).

    With it the linear model X w + b becomes the single product A @ theta for theta = (w, b).
    """
    ones = np.ones((X.shape[0], 1), dtype=X.dtype)
    return np.hstack([X, ones])


def ls_loss(X, y, theta):
    """The least-squares loss (1/n) ‖A theta − y‖², a number.

    X has shape (n, d), y shape (n,), theta = (w_1, ..., w_d, b) shape (d + 1,).
    """
    residual = design_matrix(X) @ theta - y
    return residual @ residual / len(y)


def ls_gradient(X, y, theta):
    """The gradient of ls_loss with respect to theta, (2/n) Aᵀ(A theta − y), shape (d + 1,).

    Written out by hand: no automatic differentiation.
    """
    A = design_matrix(X)
    return (2.0 / len(y)) * (A.T @ (A @ theta - y))


def has_collinear_features(X):
    """True when the columns of A = [X | 1] are linearly dependent.

    Then AᵀA is singular and the least-squares minimiser is not unique.
    """
    A = design_matrix(X)
    return bool(np.linalg.matrix_rank(A) < A.shape[1])


def ls_closed_form(X, y):
    """A minimiser theta of ls_loss, from the normal equations AᵀA theta = Aᵀy.

    The system is solved, never inverted. When the features are collinear the
    minimiser is not unique and AᵀA cannot be solved; then return the minimiser
    of smallest norm, which np.linalg.lstsq computes.
    """
    A = design_matrix(X)
    if has_collinear_features(X):
        theta, *_ = np.linalg.lstsq(A, y, rcond=None)
        return theta
    return np.linalg.solve(A.T @ A, A.T @ y)


def ridge_closed_form(X, y, lam):
    """The minimiser of ls_loss(X, y, theta) + lam ‖w‖² for lam > 0; the bias is not penalised.

    Setting the gradient to zero gives (AᵀA + n lam D) theta = Aᵀy with
    D = diag(1, ..., 1, 0); the matrix is positive definite, so the solution is unique.
    """
    A = design_matrix(X)
    n, p = A.shape
    penalty = np.diag(np.r_[np.full(p - 1, n * lam), 0.0])
    return np.linalg.solve(A.T @ A + penalty, A.T @ y)


def ls_step_size(X):
    """The gradient-descent step 1/L for ls_loss, where L = (2/n) λ_max(AᵀA).

    L bounds the curvature of the loss in every direction; any step below 2/L
    decreases the loss, and 1/L is the classic safe choice.
    """
    A = design_matrix(X)
    largest = np.linalg.eigvalsh(A.T @ A)[-1]
    return 1.0 / (2.0 / A.shape[0] * largest)


def ls_gradient_descent(X, y, epochs):
    """Gradient descent on ls_loss from theta = 0 with the step ls_step_size(X).

    Returns (theta, losses): theta after `epochs` steps, and losses of shape
    (epochs + 1,) with losses[k] the loss after k steps (losses[0] at the start).
    """
    step = ls_step_size(X)
    theta = np.zeros(X.shape[1] + 1)
    losses = [ls_loss(X, y, theta)]
    for _ in range(epochs):
        theta = theta - step * ls_gradient(X, y, theta)
        losses.append(ls_loss(X, y, theta))
    return theta, np.array(losses)


def noise_variance(X, y):
    """The maximum-likelihood estimate of the noise variance σ² of y = wᵀx + b + noise.

    It is the mean squared residual of the least-squares fit: divide by n.
    """
    theta = ls_closed_form(X, y)
    return ls_loss(X, y, theta)


def plot_fit(x, y, theta_closed, theta_gd, losses):
    """A figure with two axes: the data and both fitted lines, and the loss curve of gradient descent.

    x and y have shape (n,) (one feature); theta_closed and theta_gd are (w, b).
    The second axes shows losses against the epoch on a logarithmic y axis.
    """
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    grid = np.linspace(x.min(), x.max(), 2)
    left.scatter(x, y, label="data")
    left.plot(grid, theta_closed[0] * grid + theta_closed[1], label="closed form")
    left.plot(grid, theta_gd[0] * grid + theta_gd[1], "--", label="gradient descent")
    left.set(title="Least-squares fits", xlabel="x", ylabel="y")
    left.legend()
    right.plot(np.arange(len(losses)), losses)
    right.set(title="Gradient descent", xlabel="epoch", ylabel="loss", yscale="log")
    return fig
