"""Reference solution for a2 (secret: never shipped to students).

Every gradient here is written out by hand: no autograd anywhere.
"""

import numpy as np
import torch


def grad_f_numpy(X):
    """Gradient of f(x) = sin(x1) cos(x2) + sin(x1/2) cos(x2/2) at every row of X.

    X has shape (n, 2); row i of the result is (df/dx1, df/dx2) at row i of X,
    so the result has shape (n, 2) and the dtype of X.
    """
    x1, x2 = X[:, 0], X[:, 1]
    d1 = np.cos(x1) * np.cos(x2) + 0.5 * np.cos(0.5 * x1) * np.cos(0.5 * x2)
    d2 = -np.sin(x1) * np.sin(x2) - 0.5 * np.sin(0.5 * x1) * np.sin(0.5 * x2)
    return np.stack([d1, d2], axis=1)


def grad_f_torch(X):
    """The same gradient in PyTorch, without autograd: X is a tensor (n, 2), so is the result."""
    x1, x2 = X[:, 0], X[:, 1]
    d1 = torch.cos(x1) * torch.cos(x2) + 0.5 * torch.cos(0.5 * x1) * torch.cos(0.5 * x2)
    d2 = -torch.sin(x1) * torch.sin(x2) - 0.5 * torch.sin(0.5 * x1) * torch.sin(0.5 * x2)
    return torch.stack([d1, d2], dim=1)


def poly_derivative(x):
    """Derivative of p(x) = 2x^4 + x^3 - 3x^2, elementwise on an array x of any shape."""
    return 8 * x**3 + 3 * x**2 - 6 * x


def add_mul_graph(x, y, z):
    """Forward and backward pass through L = (x + y) z, elementwise on arrays of one shape.

    Returns the tuple (L, dL/dx, dL/dy, dL/dz), each with the shape of the inputs.
    """
    q = x + y  # forward: the sum node
    L = q * z  # forward: the product node
    dL_dq, dL_dz = z, q  # local gradients of the product
    dL_dx = dL_dq * np.ones_like(x)  # the sum passes its upstream gradient to both inputs
    dL_dy = dL_dq * np.ones_like(y)
    return L, dL_dx, dL_dy, dL_dz


def sigmoid_neuron(X, w, b):
    """Forward and backward pass through out = sigmoid(w0 x0 + w1 x1 + b), for every row of X.

    X has shape (n, 2), w shape (2,) and b is a number. Returns the tuple
    (out, grad_X, grad_w, grad_b): out has shape (n,); row i of grad_X and of
    grad_w (both (n, 2)) and entry i of grad_b (shape (n,)) are the gradients
    of out[i] with respect to X[i], w and b.
    """
    z = X @ w + b
    out = 1.0 / (1.0 + np.exp(-z))
    local = out * (1.0 - out)  # d sigmoid / dz
    grad_X = local[:, None] * w[None, :]
    grad_w = local[:, None] * X
    grad_b = local
    return out, grad_X, grad_w, grad_b


def y_partials(x, z):
    """Partial derivatives of y = exp(xz) + xz/ln(x) + sin(ln(x))/(xz), elementwise.

    x and z are arrays of one shape with x > 0, x != 1 and z != 0. Returns the
    tuple (dy/dx, dy/dz).
    """
    log_x = np.log(x)
    e = np.exp(x * z)
    dy_dx = z * e + z / log_x - z / log_x**2 + (np.cos(log_x) - np.sin(log_x)) / (x**2 * z)
    dy_dz = x * e + x / log_x - np.sin(log_x) / (x * z**2)
    return dy_dx, dy_dz


def mse_line_gradient(x, y, w, b):
    """Gradient of L(w, b) = mean((w x_i + b - y_i)^2) over the data, as the array [dL/dw, dL/db].

    x and y have shape (n,) with n >= 1; w and b are numbers.
    """
    residual = w * x + b - y
    return np.array([2.0 * np.mean(residual * x), 2.0 * np.mean(residual)])


def central_difference_gradient(fun, x, h=1e-6):
    """Gradient of the scalar function fun at the point x (shape (d,)) by central differences.

    Coordinate i is (fun(x + h e_i) - fun(x - h e_i)) / (2h), where e_i is the
    i-th unit vector. x is not modified.
    """
    x = np.asarray(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for i in range(x.size):
        step = np.zeros_like(x)
        step[i] = h
        grad[i] = (fun(x + step) - fun(x - step)) / (2 * h)
    return grad
