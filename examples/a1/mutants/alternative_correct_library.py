"""Correct, written differently: column stacks with a frequency vector, torch.mul/torch.prod, np.dot, tensordot and np.matmul with W.transpose().
expect: full
"""
def f_numpy(X):
    scales = np.array([1.0, 0.5], dtype=X.dtype)
    first = X[:, :1] * scales  # column x1 at both frequencies, shape (n, 2)
    second = X[:, 1:] * scales
    return np.sum(np.sin(first) * np.cos(second), axis=1)


def f_torch(X):
    halves = torch.stack([X, X / 2])  # (2, n, 2)
    return torch.sum(torch.sin(halves[..., 0]) * torch.cos(halves[..., 1]), dim=0)


def linear_model(X, w, b):
    return np.dot(X, w) + b


def row_dot(X, Y):
    return np.add.reduce(np.multiply(X, Y), axis=-1)


def apply_linear(X, W):
    return np.tensordot(X, W, axes=([1], [1]))
