"""logistic_gradient asks autograd for the gradient of torch's own loss instead of using the derived formula.
expect: lost test_logistic_gradient_uses_no_autograd, test_train_logistic_uses_no_autograd
expect-message: automatic differentiation is not allowed
"""
def logistic_gradient(X, y, w, b):
    w = w.detach().clone().requires_grad_(True)
    b = torch.as_tensor(b, dtype=X.dtype).detach().clone().requires_grad_(True)
    loss = torch.nn.functional.binary_cross_entropy_with_logits(X @ w + b, y)
    grad_w, grad_b = torch.autograd.grad(loss, [w, b])
    return grad_w, grad_b
