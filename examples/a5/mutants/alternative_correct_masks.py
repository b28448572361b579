"""Correct, written differently: masked assignment for the sigmoid, BCE through torch.where, the softplus as a
shifted log-sum, a row-weighted gradient, preallocated losses, torch.where for the classes, softmax through
amax and einsum, one-hot rows for every label, in-place index updates, and ECE bins by comparing with the edges.
expect: full
"""
def sigmoid(z):
    out = torch.empty_like(z)
    positive = z >= 0
    out[positive] = 1 / (1 + torch.exp(-z[positive]))
    e = torch.exp(z[~positive])
    out[~positive] = e / (1 + e)
    return out


def bce(p, y):
    return -torch.log(torch.where(y == 1, p, 1 - p)).mean()


def bce_with_logits(z, y):
    # softplus(z) = m + log(e^(−m) + e^(z − m)) with m = max(z, 0): both exponents are at most 0
    m = torch.clamp(z, min=0)
    softplus = m + torch.log(torch.exp(-m) + torch.exp(z - m))
    return (softplus - y * z).sum() / z.numel()


def logistic_gradient(X, y, w, b):
    error = sigmoid(X @ w + b) - y
    return (error[:, None] * X).mean(dim=0), error.sum() / len(error)


def train_logistic(X, y, epochs, lr):
    w = torch.zeros_like(X[0])
    b = torch.tensor(0.0, dtype=X.dtype)
    losses = torch.empty(epochs + 1, dtype=X.dtype)
    for step in range(epochs + 1):
        losses[step] = bce_with_logits(X @ w + b, y)
        if step < epochs:
            grad_w, grad_b = logistic_gradient(X, y, w, b)
            w, b = w - lr * grad_w, b - lr * grad_b
    return w, b, losses


def predict_logistic(X, w, b):
    return torch.where(X @ w + b > 0, 1, 0)


def softmax(Z):
    e = torch.exp(Z - Z.amax(dim=-1, keepdim=True))
    return e / torch.einsum("nk->n", e)[:, None]


def softmax_temperature(Z, tau):
    return softmax(torch.div(Z, tau))


def logsumexp(Z):
    m = Z.max(dim=1).values
    return m + torch.log(torch.sum(torch.exp(Z - m[:, None]), dim=1))


def cross_entropy(Z, labels):
    if labels.ndim == 2:
        onehot = labels.to(Z.dtype)
    else:
        onehot = (labels[:, None] == torch.arange(Z.shape[1])).to(Z.dtype)
    return -(onehot * (Z - logsumexp(Z)[:, None])).sum() / Z.shape[0]


def cross_entropy_gradient(Z, labels):
    grad = softmax(Z).clone()
    if labels.ndim == 1:
        grad[torch.arange(len(labels)), labels] -= 1
    else:
        grad -= labels
    return grad / len(Z)


def train_softmax(X, labels, classes, epochs, lr):
    W = torch.zeros(classes, X.shape[1], dtype=X.dtype)
    b = torch.zeros(classes, dtype=X.dtype)
    losses = torch.zeros(epochs + 1, dtype=X.dtype)
    losses[0] = cross_entropy(X @ W.T + b, labels)
    for epoch in range(1, epochs + 1):
        G = cross_entropy_gradient(X @ W.T + b, labels)
        W -= lr * torch.einsum("nk,nd->kd", G, X)
        b -= lr * G.sum(dim=0)
        losses[epoch] = cross_entropy(X @ W.T + b, labels)
    return W, b, losses


def predict_softmax(X, W, b):
    return torch.max(X @ W.T + b, dim=1).indices


def expected_calibration_error(probs, labels, bins=10):
    confidence, predicted = probs.max(dim=1)
    correct = (predicted == labels).double()
    ece = 0.0
    for k in range(bins):
        low, high = k / bins, (k + 1) / bins
        inside = (confidence >= low) & ((confidence < high) | (k == bins - 1))
        if inside.sum() > 0:
            gap = (correct[inside].mean() - confidence[inside].double().mean()).abs()
            ece += float(gap) * int(inside.sum()) / len(labels)
    return ece
