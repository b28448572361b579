"""Reference solution for a5 (secret: never shipped to students).

Conventions (stated in the notebook, graded by them): inputs and results are
torch tensors; every loss is a mean over the rows of the batch; the softmax
model's weights W have shape (classes, features) and its logits are
Z = X Wᵀ + b; training starts from all-zero parameters; confidences are put
in the bins [0, 1/B), [1/B, 2/B), ..., [(B-1)/B, 1].
"""

import torch


def sigmoid(z):
    """The logistic function σ(z) = 1 / (1 + e^(−z)), elementwise, for a tensor z of any shape.

    Stable for any z: it only ever exponentiates −|z|, so nothing overflows, and
    for z < 0 it uses e^z / (1 + e^z), which keeps tiny results such as σ(−50) exact.
    """
    small = torch.exp(-torch.abs(z))
    return torch.where(z >= 0, 1 / (1 + small), small / (1 + small))


def bce(p, y):
    """Mean binary cross-entropy of probabilities p (strictly between 0 and 1) for labels y in {0, 1}."""
    return -torch.mean(y * torch.log(p) + (1 - y) * torch.log1p(-p))


def bce_with_logits(z, y):
    """Mean binary cross-entropy of the probabilities σ(z), computed from the logits z.

    Uses −log σ(z) = softplus(−z) and −log(1 − σ(z)) = softplus(z), so the loss per
    point is softplus(z) − y z, with softplus(z) = max(z, 0) + log(1 + e^(−|z|)).
    """
    softplus = torch.clamp(z, min=0) + torch.log1p(torch.exp(-torch.abs(z)))
    return torch.mean(softplus - y * z)


def logistic_gradient(X, y, w, b):
    """Gradients of bce_with_logits(X @ w + b, y) with respect to w and b, written out by hand.

    X has shape (m, d), y shape (m,), w shape (d,), b is a number.
    Returns (grad_w, grad_b) = ((1/m) Xᵀ(σ(Xw + b) − y), (1/m) Σ (σ(Xw + b) − y)).
    """
    error = sigmoid(X @ w + b) - y
    return X.T @ error / len(y), error.mean()


def train_logistic(X, y, epochs, lr):
    """Logistic regression by gradient descent with logistic_gradient, from w = 0 and b = 0.

    Returns (w, b, losses): the parameters after `epochs` steps of size lr, and a
    tensor of shape (epochs + 1,) with the loss before the first step and after each step.
    """
    w = torch.zeros(X.shape[1], dtype=X.dtype)
    b = torch.zeros((), dtype=X.dtype)
    losses = [bce_with_logits(X @ w + b, y)]
    for _ in range(epochs):
        grad_w, grad_b = logistic_gradient(X, y, w, b)
        w = w - lr * grad_w
        b = b - lr * grad_b
        losses.append(bce_with_logits(X @ w + b, y))
    return w, b, torch.stack(losses)


def predict_logistic(X, w, b):
    """Predicted classes (int64 tensor of 0s and 1s): 1 where σ(Xw + b) > 1/2, that is where Xw + b > 0."""
    return (X @ w + b > 0).long()


def softmax(Z):
    """Row-wise softmax of logits Z of shape (n, k); every row of the result sums to 1.

    Subtracting each row's maximum first changes nothing mathematically and keeps
    every exponent at most 0, so nothing overflows.
    """
    shifted = Z - Z.max(dim=1, keepdim=True).values
    exponentials = torch.exp(shifted)
    return exponentials / exponentials.sum(dim=1, keepdim=True)


def softmax_temperature(Z, tau):
    """Softmax at temperature tau > 0: softmax(Z / tau), row-wise."""
    return softmax(Z / tau)


def logsumexp(Z):
    """log Σ_j exp(Z[i, j]) for every row i, shape (n,), computed without overflow."""
    top = Z.max(dim=1, keepdim=True).values
    return (top + torch.log(torch.exp(Z - top).sum(dim=1, keepdim=True)))[:, 0]


def cross_entropy(Z, labels):
    """Mean cross-entropy of logits Z (n, k) against labels, averaged over the n rows.

    labels are either integer classes of shape (n,) or one-hot rows of shape (n, k).
    Per row the loss is logsumexp(z) − z[label], which never takes the log of a softmax.
    """
    log_probs = Z - logsumexp(Z)[:, None]
    if labels.ndim == 1:
        picked = log_probs[torch.arange(len(labels)), labels]
    else:
        picked = (labels * log_probs).sum(dim=1)
    return -picked.mean()


def cross_entropy_gradient(Z, labels):
    """The gradient of cross_entropy(Z, labels) with respect to Z, by hand: (softmax(Z) − one_hot) / n.

    labels as in cross_entropy; the result has the shape of Z.
    """
    if labels.ndim == 1:
        one_hot = torch.nn.functional.one_hot(labels, Z.shape[1]).to(Z.dtype)
    else:
        one_hot = labels
    return (softmax(Z) - one_hot) / Z.shape[0]


def train_softmax(X, labels, classes, epochs, lr):
    """Softmax regression by gradient descent with cross_entropy_gradient, from W = 0 and b = 0.

    The logits are Z = X Wᵀ + b with W of shape (classes, d) and b of shape (classes,).
    With G = cross_entropy_gradient(Z, labels), the gradients are Gᵀ X for W and the
    column sums of G for b. Returns (W, b, losses) with losses of shape (epochs + 1,).
    """
    W = torch.zeros(classes, X.shape[1], dtype=X.dtype)
    b = torch.zeros(classes, dtype=X.dtype)
    losses = [cross_entropy(X @ W.T + b, labels)]
    for _ in range(epochs):
        G = cross_entropy_gradient(X @ W.T + b, labels)
        W = W - lr * G.T @ X
        b = b - lr * G.sum(dim=0)
        losses.append(cross_entropy(X @ W.T + b, labels))
    return W, b, torch.stack(losses)


def predict_softmax(X, W, b):
    """Predicted classes (int64, shape (n,)): the index of the largest logit of each row of X Wᵀ + b."""
    return torch.argmax(X @ W.T + b, dim=1)


def expected_calibration_error(probs, labels, bins=10):
    """Expected calibration error of predicted probabilities probs (n, k) for integer labels (n,).

    A row's confidence is its largest probability and its prediction the argmax.
    Confidences go into `bins` equal-width bins [0, 1/B), ..., [(B-1)/B, 1] (1 in the
    last); ECE = Σ over non-empty bins of (|bin| / n) |accuracy(bin) − mean confidence(bin)|.
    """
    confidence, predicted = probs.max(dim=1)
    correct = (predicted == labels).to(probs.dtype)
    which = torch.clamp((confidence * bins).long(), max=bins - 1)
    total = torch.zeros((), dtype=probs.dtype)
    for index in range(bins):
        members = which == index
        if members.any():
            gap = torch.abs(correct[members].mean() - confidence[members].mean())
            total = total + members.sum() / len(labels) * gap
    return total
