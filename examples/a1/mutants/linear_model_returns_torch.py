"""linear_model converts to torch and returns a tensor: a NumPy task must return a NumPy array.
expect: lost test_linear_model_known_values, test_linear_model_matches_definition
expect-message: torch.Tensor
"""
def linear_model(X, w, b):
    return torch.from_numpy(X) @ torch.from_numpy(w) + b
