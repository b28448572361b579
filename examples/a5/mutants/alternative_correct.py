"""Correct, written differently: log-sigmoid then exp, torch.where for BCE, einsum, gather and scatter, in-place training steps, and an ECE in float32 with bincount.
expect: full
"""
def sigmoid(z):
    # log σ(z) = min(z, 0) − log(1 + e^(−|z|)), which is exact for any z; exp brings it back
    return torch.exp(torch.minimum(z, torch.zeros_like(z)) - torch.log1p(torch.exp(-torch.abs(z))))


def bce(p, y):
    return torch.where(y > 0.5, -torch.log(p), -torch.log(1 - p)).mean()


def bce_with_logits(z, y):
    # −log σ(z) = max(−z, 0) + log(1 + e^(−|z|)), and the loss is (1 − y) z − log σ(z)
    return ((1 - y) * z + torch.relu(-z) + torch.log1p(torch.exp(-z.abs()))).mean()


def logistic_gradient(X, y, w, b):
    error = sigmoid(torch.einsum("md,d->m", X, w) + b) - y
    m = X.shape[0]
    return torch.einsum("md,m->d", X, error) / m, error.sum() / m


def train_logistic(X, y, epochs, lr):
    w = X.new_zeros(X.shape[1])
    b = X.new_zeros(())
    losses = X.new_empty(epochs + 1)
    losses[0] = bce_with_logits(X @ w + b, y)
    for step in range(1, epochs + 1):
        grad_w, grad_b = logistic_gradient(X, y, w, b)
        w -= lr * grad_w
        b -= lr * grad_b
        losses[step] = bce_with_logits(X @ w + b, y)
    return w, b, losses


def predict_logistic(X, w, b):
    return (sigmoid(X @ w + b) > 0.5).to(torch.int64)


def softmax(Z):
    return torch.exp(Z - logsumexp(Z)[:, None])


def softmax_temperature(Z, tau):
    return softmax(Z * (1.0 / tau))


def logsumexp(Z):
    top = Z.amax(dim=1)
    return top + torch.log(torch.exp(Z - top.unsqueeze(1)).sum(dim=1))


def cross_entropy(Z, labels):
    if labels.ndim == 2:
        labels = labels.argmax(dim=1)
    picked = Z.gather(1, labels.unsqueeze(1)).squeeze(1)
    return (logsumexp(Z) - picked).mean()


def cross_entropy_gradient(Z, labels):
    if labels.ndim == 2:
        labels = labels.argmax(dim=1)
    grad = softmax(Z).clone()
    grad.scatter_add_(1, labels.unsqueeze(1), -torch.ones(len(labels), 1, dtype=Z.dtype))
    return grad / len(labels)


def train_softmax(X, labels, classes, epochs, lr):
    V = X.new_zeros(X.shape[1], classes)  # the transpose of W, so the logits are X V + b
    b = X.new_zeros(classes)
    losses = [cross_entropy(X @ V + b, labels)]
    for _ in range(epochs):
        G = cross_entropy_gradient(X @ V + b, labels)
        V = V - lr * X.T @ G
        b = b - lr * G.sum(dim=0)
        losses.append(cross_entropy(X @ V + b, labels))
    return V.T, b, torch.tensor([float(loss) for loss in losses])


def predict_softmax(X, W, b):
    return softmax(X @ W.T + b).argmax(dim=1)


def expected_calibration_error(probs, labels, bins=10):
    probs = probs.to(torch.float32)
    confidence, predicted = probs.max(dim=1)
    correct = (predicted == labels).to(torch.float32)
    which = (confidence * bins).long().clamp(max=bins - 1)
    count = torch.bincount(which, minlength=bins).to(torch.float32)
    accuracy_sum = torch.bincount(which, weights=correct, minlength=bins)
    confidence_sum = torch.bincount(which, weights=confidence, minlength=bins)
    return (torch.abs(accuracy_sum - confidence_sum) / len(labels)).sum()
