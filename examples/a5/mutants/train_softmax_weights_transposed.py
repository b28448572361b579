"""train_softmax learns correctly but returns the weights as (d, classes), the transpose of the notebook's W of
shape (classes, d).
expect: lost test_train_softmax_lecture_data, test_train_softmax_follows_the_convention, test_train_softmax_generalises
expect-message: looks transposed
"""
def train_softmax(X, labels, classes, epochs, lr):
    W = torch.zeros(classes, X.shape[1], dtype=X.dtype)
    b = torch.zeros(classes, dtype=X.dtype)
    losses = [cross_entropy(X @ W.T + b, labels)]
    for _ in range(epochs):
        G = cross_entropy_gradient(X @ W.T + b, labels)
        W = W - lr * G.T @ X
        b = b - lr * G.sum(dim=0)
        losses.append(cross_entropy(X @ W.T + b, labels))
    return W.T, b, torch.stack(losses)
