"""f_torch computes in NumPy and wraps the result in a new tensor, which cuts the autograd graph.
expect: lost test_f_torch_gradient_flows
expect-message: not connected to the autograd graph
"""
def f_torch(X):
    return torch.from_numpy(f_numpy(X.detach().numpy()))
