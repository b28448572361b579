"""f_numpy computes with torch and returns a torch tensor: the task is NumPy in, NumPy out.
expect: lost test_f_numpy_known_values, test_f_numpy_matches_definition, test_f_numpy_shape_and_dtype, test_f_numpy_empty_and_single_row
expect-message: torch.Tensor
expect-no-message: report this to your instructor
"""
def f_numpy(X):
    T = torch.as_tensor(X)
    return torch.sin(T[:, 0]) * torch.cos(T[:, 1]) + torch.sin(0.5 * T[:, 0]) * torch.cos(0.5 * T[:, 1])
