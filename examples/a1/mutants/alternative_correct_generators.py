"""Correct, written differently: a generator over the two terms of f, a loop over the columns (never the rows), np.inner and a batched matmul.
expect: full
"""
def f_numpy(X):
    # f is the sum of the same product at two frequencies: a loop over two constants, not over the rows
    return sum(np.sin(c * X[:, 0]) * np.cos(c * X[:, 1]) for c in (1.0, 0.5))


def f_torch(X):
    total = torch.zeros_like(X[:, 0])
    for scale in (1.0, 0.5):
        total = total + torch.sin(scale * X[:, 0]) * torch.cos(scale * X[:, 1])
    return total


def linear_model(X, w, b):
    prediction = np.full(X.shape[0], b, dtype=np.result_type(X, w))
    for j in range(X.shape[1]):  # one pass per feature; every row at once
        prediction = prediction + X[:, j] * w[j]
    return prediction


def row_dot(X, Y):
    return (X[:, None, :] @ Y[:, :, None])[:, 0, 0]


def apply_linear(X, W):
    return np.inner(X, W)
