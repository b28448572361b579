"""grad_f_torch returns a NumPy array: the public check must say so in words, without pytest's assertion rewriting.
expect: lost test_grad_f_torch_known_values, test_grad_f_torch_matches_autograd
expect-message: must return a torch.Tensor
expect-no-message: where False
"""
def grad_f_torch(X):
    return grad_f_numpy(X.numpy())
