"""Reference solution for a1 (secret: never shipped to students)."""

import numpy as np
import torch


def f_numpy(X):
    """Evaluate f(x) = sin(x1) cos(x2) + sin(x1/2) cos(x2/2) on every row of X.

    X has shape (n, 2), one point per row; the result has shape (n,) and the
    dtype of X.
    """
    x1, x2 = X[:, 0], X[:, 1]
    return np.sin(x1) * np.cos(x2) + np.sin(0.5 * x1) * np.cos(0.5 * x2)


def f_torch(X):
    """The same f in PyTorch: X is a tensor of shape (n, 2), the result a tensor of shape (n,).

    Use torch operations only, so that autograd can differentiate the result.
    """
    x1, x2 = X[:, 0], X[:, 1]
    return torch.sin(x1) * torch.cos(x2) + torch.sin(0.5 * x1) * torch.cos(0.5 * x2)


def linear_model(X, w, b):
    """Predictions of the linear model y = <w, x> + b for every row x of X.

    X has shape (n, d), w shape (d,), b is a number; the result has shape (n,).
    """
    return X @ w + b


def row_dot(X, Y):
    """Inner products of matching rows: result[i] = <X[i], Y[i]>.

    X and Y both have shape (n, d); the result has shape (n,).
    """
    return np.sum(X * Y, axis=1)


def apply_linear(X, W):
    """Apply the matrix W to every row of X: result[i] = W @ X[i].

    X has shape (n, d) and W shape (m, d); the result has shape (n, m).
    """
    return X @ W.T
