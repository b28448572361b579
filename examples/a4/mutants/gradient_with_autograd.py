"""ls_gradient asks torch.autograd for the gradient instead of using the formula.
expect: lost test_ls_gradient_uses_no_autograd, test_ls_gradient_descent_uses_no_autograd
expect-message: automatic differentiation is not allowed
"""
import torch


def ls_gradient(X, y, theta):
    t = torch.tensor(theta, requires_grad=True)
    A = torch.tensor(design_matrix(X))
    loss = torch.mean((A @ t - torch.tensor(y)) ** 2)
    loss.backward()
    return t.grad.numpy()
