"""Reference solution for a3 (secret: never shipped to students)."""

import matplotlib.pyplot as plt
import numpy as np


def gradient_descent(grad, X0, lr, steps):
    """Plain gradient descent from k starting points at once.

    grad maps an array of shape (k, d) (one point per row) to the gradients at
    those points, shape (k, d). X0 has shape (k, d). Returns the whole path, an
    array of shape (steps + 1, k, d) whose entry t holds every point after t
    steps x_t = x_{t-1} - lr * grad(x_{t-1}); entry 0 is X0.
    """
    path = np.empty((steps + 1,) + np.shape(X0))
    path[0] = X0
    for t in range(1, steps + 1):
        path[t] = path[t - 1] - lr * grad(path[t - 1])
    return path


def momentum_descent(grad, X0, lr, momentum, steps):
    """Gradient descent with momentum, in the form g_t = -lr grad(x_{t-1}) + momentum g_{t-1}, x_t = x_{t-1} + g_t.

    g_0 = 0. Shapes as in gradient_descent; returns the path (steps + 1, k, d).
    """
    path = np.empty((steps + 1,) + np.shape(X0))
    path[0] = X0
    velocity = np.zeros(np.shape(X0))
    for t in range(1, steps + 1):
        velocity = -lr * grad(path[t - 1]) + momentum * velocity
        path[t] = path[t - 1] + velocity
    return path


def ema_momentum_descent(grad, X0, lr, alpha, steps):
    """Momentum as a moving average: D_t = alpha D_{t-1} + (1 - alpha) grad(x_{t-1}), x_t = x_{t-1} - lr D_t.

    D_0 = 0. Shapes as in gradient_descent; returns the path (steps + 1, k, d).
    """
    path = np.empty((steps + 1,) + np.shape(X0))
    path[0] = X0
    average = np.zeros(np.shape(X0))
    for t in range(1, steps + 1):
        average = alpha * average + (1 - alpha) * grad(path[t - 1])
        path[t] = path[t - 1] - lr * average
    return path


def gradient_norms(grad, path):
    """The Euclidean norm of the gradient at every point of a path.

    path has shape (T, k, d); the result has shape (T, k), entry (t, j) being
    the norm of grad at path[t, j].
    """
    T, k, d = np.shape(path)
    gradients = grad(np.reshape(path, (T * k, d)))
    return np.linalg.norm(np.reshape(gradients, (T, k, d)), axis=-1)


def descend_until_converged(derivative, x0, lr, eps, max_epochs):
    """One-dimensional gradient descent with the lecture's stopping rules.

    Each epoch takes the step x_new = x - lr * derivative(x), then stops with
    "converged on critical point" if |derivative(x_new)| < eps, or else with
    "converged on x value" if |x - x_new| < eps. After max_epochs steps without
    either it stops with "epoch limit reached". Returns (x, reason, steps):
    the last point, the reason and the number of steps taken.
    """
    x = float(x0)
    for epoch in range(1, max_epochs + 1):
        x_new = x - lr * derivative(x)
        if abs(derivative(x_new)) < eps:
            return x_new, "converged on critical point", epoch
        if abs(x - x_new) < eps:
            return x_new, "converged on x value", epoch
        x = x_new
    return x, "epoch limit reached", max_epochs


def minibatch_order(n, batch_size, epochs, rng):
    """The order in which mini-batch SGD visits n examples over several epochs.

    Each epoch draws a fresh permutation of 0..n-1 from the NumPy generator rng
    (rng.permutation) and cuts it into consecutive batches of batch_size
    indices. When batch_size does not divide n, the last batch of the epoch is
    shorter: it holds the n % batch_size indices left over, so every example is
    used exactly once per epoch. Returns a list with one entry per epoch, each
    a list of integer index arrays.
    """
    order = []
    for _ in range(epochs):
        shuffled = rng.permutation(n)
        order.append([shuffled[start:start + batch_size] for start in range(0, n, batch_size)])
    return order


def plot_paths(f, paths):
    """Draw the paths of several starts over a contour plot of f on [0, 10]^2; return the Figure.

    f maps a batch (m, 2) to values (m,); paths has shape (T, k, 2). The axes
    hold one contour set and exactly one line per start.
    """
    grid = np.linspace(0.0, 10.0, 101)
    G1, G2 = np.meshgrid(grid, grid)
    values = np.reshape(f(np.column_stack([G1.ravel(), G2.ravel()])), G1.shape)
    fig, ax = plt.subplots(figsize=(6, 5))
    ax.contourf(G1, G2, values, levels=20, cmap="viridis")
    for j in range(np.shape(paths)[1]):
        ax.plot(paths[:, j, 0], paths[:, j, 1], marker=".", color="white", linewidth=1)
    ax.set_xlim(0.0, 10.0)
    ax.set_ylim(0.0, 10.0)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title("gradient descent paths")
    return fig


def plot_gradient_norms(norms):
    """Plot gradient norm against iteration on a logarithmic scale, one line per method; return the Figure.

    norms maps a label (such as "gradient descent") to a 1-D array of norms.
    """
    fig, ax = plt.subplots(figsize=(6, 4))
    for label, values in norms.items():
        ax.plot(np.arange(len(values)), values, label=label)
    ax.set_yscale("log")
    ax.set_xlabel("iteration")
    ax.set_ylabel("gradient norm")
    ax.legend()
    return fig
