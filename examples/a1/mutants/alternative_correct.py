"""Correct, written differently: product-to-sum identities, einsum, a column sum and torch's own dtype.
expect: full
"""
def f_numpy(X):
    a, b = X[:, 0], X[:, 1]
    # sin(a) cos(b) = (sin(a + b) + sin(a - b)) / 2
    return 0.5 * (np.sin(a + b) + np.sin(a - b) + np.sin(0.5 * (a + b)) + np.sin(0.5 * (a - b)))


def f_torch(X):
    s = torch.sin(X * torch.tensor([1.0, 0.5], dtype=X.dtype).reshape(1, 2) @ torch.tensor([[1.0, 0.0], [0.0, 1.0]], dtype=X.dtype))
    half = X / 2
    return torch.sin(X[:, 0]) * torch.cos(X[:, 1]) + torch.sin(half[:, 0]) * torch.cos(half[:, 1]) + 0 * s[:, 0]


def linear_model(X, w, b):
    return np.einsum("nd,d->n", X, w) + b


def row_dot(X, Y):
    return np.einsum("nd,nd->n", X, Y)


def apply_linear(X, W):
    return (W @ X.T).T
