"""Correct, written differently: product-to-sum identities, Horner's rule, tanh for the sigmoid, a design matrix for the line and a step matrix for the differences.
expect: full
"""
def grad_f_numpy(X):
    # sin(a) cos(b) = (sin(a + b) + sin(a - b)) / 2, differentiated in a and in b
    s, d = X[:, 0] + X[:, 1], X[:, 0] - X[:, 1]
    da = 0.5 * (np.cos(s) + np.cos(d)) + 0.25 * (np.cos(0.5 * s) + np.cos(0.5 * d))
    db = 0.5 * (np.cos(s) - np.cos(d)) + 0.25 * (np.cos(0.5 * s) - np.cos(0.5 * d))
    return np.column_stack([da, db])


def grad_f_torch(X):
    half = X / 2
    c, s, ch, sh = torch.cos(X), torch.sin(X), torch.cos(half), torch.sin(half)
    first = c[:, 0] * c[:, 1] + ch[:, 0] * ch[:, 1] / 2
    second = -(s[:, 0] * s[:, 1]) - sh[:, 0] * sh[:, 1] / 2
    return torch.column_stack((first, second))


def poly_derivative(x):
    return x * (x * (8.0 * x + 3.0) - 6.0)


def add_mul_graph(x, y, z):
    q = np.add(x, y)
    return q * z, np.array(z, dtype=float, copy=True), np.array(z, dtype=float, copy=True), q


def sigmoid_neuron(X, w, b):
    z = np.einsum("nd,d->n", X, w) + b
    out = 0.5 * (1.0 + np.tanh(0.5 * z))
    local = 0.25 / np.cosh(0.5 * z) ** 2  # the same sigma(z)(1 - sigma(z)), from the tanh form
    return out, np.outer(local, w), X * local[:, None], local


def y_partials(x, z):
    u, v = x * z, np.log(x)
    exp_u = np.exp(u)
    dy_du = exp_u + 1.0 / v - np.sin(v) / u**2
    dy_dv = -u / v**2 + np.cos(v) / u
    return dy_du * z + dy_dv / x, dy_du * x


def mse_line_gradient(x, y, w, b):
    design = np.stack([x, np.ones_like(x)], axis=1)
    residual = design @ np.array([w, b]) - y
    return 2.0 / len(x) * design.T @ residual


def central_difference_gradient(fun, x, h=1e-6):
    steps = h * np.eye(len(x))
    return np.array([fun(x + e) - fun(x - e) for e in steps]) / (2 * h)
