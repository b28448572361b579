"""grad_f_numpy lets torch autograd do the work: the values are right, but the gradient is not written by hand.
expect: lost test_grad_f_numpy_uses_no_autograd
expect-message: automatic differentiation is not allowed
"""
def grad_f_numpy(X):
    leaf = torch.tensor(X, requires_grad=True)
    f_torch(leaf).sum().backward()
    return leaf.grad.numpy()
