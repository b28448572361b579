"""Correct, written differently: log-sum-exp pieces for the sigmoid, BCE with log1p, xlogy-free logit loss by cases,
torch.mv, parameters kept as one augmented vector (the bias a column of ones), heaviside for the classes, softmax
through logsumexp, scaling by 1/tau, cross-entropy by fancy indexing, one-hot by comparison, and ECE with bucketize
and index_add_.
expect: full
"""
def sigmoid(z):
    negative_part = torch.clamp(z, max=0)
    # for z < 0: σ(z) = exp(z − log(1 + e^z)); for z ≥ 0: 1 / (1 + e^(−z)); clamping keeps both sides finite
    low = torch.exp(negative_part - torch.log1p(torch.exp(negative_part)))
    high = 1 / (1 + torch.exp(-torch.clamp(z, min=0)))
    return torch.where(z < 0, low, high)


def bce(p, y):
    per_point = y * torch.log(p) + (1 - y) * torch.log1p(-p)
    return -per_point.sum() / per_point.numel()


def bce_with_logits(z, y):
    tail = torch.log1p(torch.exp(-torch.abs(z)))
    per_point = torch.where(z >= 0, (1 - y) * z + tail, -y * z + tail)
    return per_point.mean()


def logistic_gradient(X, y, w, b):
    error = sigmoid(torch.mv(X, w) + b) - y
    return torch.mv(X.t(), error) / X.shape[0], torch.mean(error)


def train_logistic(X, y, epochs, lr):
    A = torch.cat([X, torch.ones(len(X), 1, dtype=X.dtype)], dim=1)
    theta = torch.zeros(A.shape[1], dtype=X.dtype)
    losses = []
    for _ in range(epochs):
        losses.append(bce_with_logits(A @ theta, y))
        error = sigmoid(A @ theta) - y
        theta = theta - lr * (A.T @ error) / len(y)
    losses.append(bce_with_logits(A @ theta, y))
    return theta[:-1], theta[-1], torch.stack(losses)


def predict_logistic(X, w, b):
    z = X @ w + b
    return torch.heaviside(z, torch.zeros((), dtype=z.dtype)).to(torch.int64)


def softmax(Z):
    return torch.exp(Z - logsumexp(Z).unsqueeze(-1))


def softmax_temperature(Z, tau):
    return softmax(Z * (1 / tau))


def logsumexp(Z):
    top = torch.amax(Z, dim=1, keepdim=True)
    return torch.log(torch.exp(Z - top).sum(dim=1)) + top.squeeze(1)


def cross_entropy(Z, labels):
    if labels.ndim == 2:
        return torch.mean(logsumexp(Z) - (Z * labels).sum(dim=1))
    return torch.mean(logsumexp(Z) - Z[torch.arange(Z.shape[0]), labels])


def cross_entropy_gradient(Z, labels):
    if labels.ndim == 1:
        labels = (torch.arange(Z.shape[1])[None, :] == labels[:, None]).to(Z.dtype)
    return (softmax(Z) - labels) / Z.shape[0]


def train_softmax(X, labels, classes, epochs, lr):
    A = torch.cat([X, torch.ones(len(X), 1, dtype=X.dtype)], dim=1)
    Theta = torch.zeros(classes, A.shape[1], dtype=X.dtype)  # [W | b]
    losses = [cross_entropy(A @ Theta.T, labels)]
    for _ in range(epochs):
        Theta = Theta - lr * cross_entropy_gradient(A @ Theta.T, labels).T @ A
        losses.append(cross_entropy(A @ Theta.T, labels))
    return Theta[:, :-1], Theta[:, -1], torch.stack(losses)


def predict_softmax(X, W, b):
    return (X @ W.T + b).argmax(dim=-1)


def expected_calibration_error(probs, labels, bins=10):
    confidence, predicted = probs.max(dim=1)
    inner_edges = torch.arange(1, bins, dtype=torch.float64) / bins
    which = torch.bucketize(confidence.double(), inner_edges, right=True)
    sizes = torch.zeros(bins, dtype=torch.float64).index_add_(0, which, torch.ones(len(labels), dtype=torch.float64))
    hits = torch.zeros(bins, dtype=torch.float64).index_add_(0, which, (predicted == labels).double())
    confident = torch.zeros(bins, dtype=torch.float64).index_add_(0, which, confidence.double())
    return torch.sum(torch.abs(hits - confident)) / len(labels)
