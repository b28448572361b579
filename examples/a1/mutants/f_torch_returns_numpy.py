"""f_torch converts to NumPy and returns an array: the public check must say so plainly, without pytest's assertion rewriting.
expect: lost test_f_torch_known_values, test_f_torch_matches_definition, test_f_torch_gradient_flows
expect-message: must return a torch.Tensor
expect-no-message: where False
"""
def f_torch(X):
    A = X.detach().numpy()
    return np.sin(A[:, 0]) * np.cos(A[:, 1]) + np.sin(0.5 * A[:, 0]) * np.cos(0.5 * A[:, 1])
