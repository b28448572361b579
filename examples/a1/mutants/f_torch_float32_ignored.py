"""f_torch computes in float64 whatever the input dtype: float32 input gives a float64 tensor.
expect: lost test_f_torch_matches_definition
expect-message: returned dtype float64, expected float32
"""
def f_torch(X):
    X = X.to(torch.float64)
    x1, x2 = X[:, 0], X[:, 1]
    return torch.sin(x1) * torch.cos(x2) + torch.sin(0.5 * x1) * torch.cos(0.5 * x2)
