"""f_torch loops for ever when its input requires a gradient; that test times out, and the one after it says it was not run because of that time-out.
expect: lost test_f_torch_gradient_flows, test_f_torch_is_vectorized
expect-message: f_torch did not return within 2 s of CPU time
expect-message: not run: f_torch timed out in test_f_torch_gradient_flows
"""
def f_torch(X):
    while X.requires_grad:
        pass
    x1, x2 = X[:, 0], X[:, 1]
    return torch.sin(x1) * torch.cos(x2) + torch.sin(0.5 * x1) * torch.cos(0.5 * x2)
