"""grad_f_torch fills a buffer made with torch.zeros, whose default dtype float32 throws away half the digits of float64 input.
expect: lost test_grad_f_torch_matches_autograd
expect-message: returned dtype float32, expected float64
"""
def grad_f_torch(X):
    out = torch.zeros(X.shape[0], 2)
    x1, x2 = X[:, 0], X[:, 1]
    out[:, 0] = torch.cos(x1) * torch.cos(x2) + 0.5 * torch.cos(0.5 * x1) * torch.cos(0.5 * x2)
    out[:, 1] = -torch.sin(x1) * torch.sin(x2) - 0.5 * torch.sin(0.5 * x1) * torch.sin(0.5 * x2)
    return out
