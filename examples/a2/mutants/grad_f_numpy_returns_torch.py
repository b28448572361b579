"""grad_f_numpy computes the right gradient with torch operations and returns a torch tensor: a NumPy task returns a NumPy array.
expect: lost test_grad_f_numpy_known_values, test_grad_f_numpy_matches_autograd, test_grad_f_numpy_shape_and_dtype, test_grad_f_numpy_gives_directional_derivatives
expect-message: torch.Tensor
expect-no-message: report this to your instructor
"""
def grad_f_numpy(X):
    return grad_f_torch(torch.as_tensor(X))
