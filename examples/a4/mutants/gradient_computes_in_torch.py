"""ls_gradient converts to torch, computes the right gradient there and converts back: the result is a NumPy
array, but the notebook asks for NumPy operations only.
expect: lost test_ls_gradient_uses_no_autograd
expect-message: must use NumPy operations only
expect-message: torch.as_tensor
"""
def ls_gradient(X, y, theta):
    import torch

    A = torch.as_tensor(design_matrix(X))
    residual = A @ torch.as_tensor(theta) - torch.as_tensor(y)
    return (2.0 / len(y) * (A.T @ residual)).numpy()
