"""Correct, written differently: the sum formula sin(a)cos(b) = (sin(a+b) + sin(a-b))/2 in torch, matmul with a column, np.vecdot and matmul with an explicit transpose.
expect: full
"""
def f_numpy(X):
    x1, x2 = np.split(X, 2, axis=1)
    return (np.sin(x1) * np.cos(x2) + np.sin(x1 / 2) * np.cos(x2 / 2)).reshape(-1)


def f_torch(X):
    a, b = X.unbind(dim=1)
    s, d = a + b, a - b
    return (torch.sin(s) + torch.sin(d) + torch.sin(s / 2) + torch.sin(d / 2)) / 2


def linear_model(X, w, b):
    return (X @ w.reshape(-1, 1)).ravel() + b


def row_dot(X, Y):
    return np.vecdot(X, Y)


def apply_linear(X, W):
    return np.matmul(X, np.transpose(W))
