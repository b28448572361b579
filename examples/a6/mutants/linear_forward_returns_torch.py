"""linear_forward computes X W + b with torch and returns a torch tensor where the notebook asks for NumPy.
expect: lost test_linear_forward_known_values, test_linear_forward_matches_torch
expect-message: torch.Tensor
"""
def linear_forward(X, W, b):
    return torch.as_tensor(X) @ torch.as_tensor(W) + torch.as_tensor(b)
