"""grad_f_torch asks torch.func.grad for the gradient instead of using the derived formula.
expect: lost test_grad_f_torch_uses_no_autograd
expect-message: automatic differentiation is not allowed
"""
def grad_f_torch(X):
    return torch.func.grad(lambda points: f_torch(points).sum())(X)
