"""Correct, written differently: float32 kept as float32 through a typed constant, torch.cat of column slices, np.polyval, np.broadcast_to, the overflow-safe exp form of the sigmoid and its derivative, and sums divided by n.
expect: full
"""
def grad_f_numpy(X):
    half = np.asarray(0.5, dtype=X.dtype)
    x1, x2 = X.T
    return np.column_stack((np.cos(x1) * np.cos(x2) + half * np.cos(half * x1) * np.cos(half * x2),
                            -(np.sin(x1) * np.sin(x2) + half * np.sin(half * x1) * np.sin(half * x2))))


def grad_f_torch(X):
    x1, x2 = X[:, :1], X[:, 1:]
    d1 = torch.cos(x1) * torch.cos(x2) + torch.cos(x1 / 2) * torch.cos(x2 / 2) / 2
    d2 = -torch.sin(x1) * torch.sin(x2) - torch.sin(x1 / 2) * torch.sin(x2 / 2) / 2
    return torch.cat([d1, d2], dim=1)


def poly_derivative(x):
    return np.polyval([8.0, 3.0, -6.0, 0.0], x)


def add_mul_graph(x, y, z):
    q = x + y
    return q * z, np.broadcast_to(z, np.shape(x)).copy(), np.broadcast_to(z, np.shape(y)).copy(), q


def sigmoid_neuron(X, w, b):
    z = X[:, 0] * w[0] + X[:, 1] * w[1] + b
    e = np.exp(-np.abs(z))
    out = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    local = e / (1.0 + e) ** 2  # e^{-z} / (1 + e^{-z})^2, the same for z and -z
    return out, np.multiply.outer(local, w), local.reshape(-1, 1) * X, local


def y_partials(x, z):
    u = x * z
    v = np.log(x)
    dy_du = np.exp(u) + 1 / v - np.sin(v) / u**2
    dy_dv = -u / v**2 + np.cos(v) / u
    return dy_du * z + dy_dv * (1 / x), dy_du * x


def mse_line_gradient(x, y, w, b):
    residual = w * x + b - y
    return np.array([np.sum(2 * residual * x), np.sum(2 * residual)]) / len(x)


def central_difference_gradient(fun, x, h=1e-6):
    d = np.size(x)
    identity = np.eye(d)
    return np.array([(fun(x + h * identity[i]) - fun(x - h * identity[i])) / (2 * h) for i in range(d)])
