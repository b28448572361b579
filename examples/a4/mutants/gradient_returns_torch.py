"""ls_gradient computes the right gradient with torch operations and returns a torch tensor: the notebook asks for
NumPy operations only.
expect: lost test_ls_gradient_matches_autograd, test_ls_gradient_uses_no_autograd, test_ls_gradient_descent_lecture_data, test_ls_gradient_descent_follows_the_convention, test_ls_gradient_descent_reaches_closed_form, test_ls_gradient_descent_uses_no_autograd
expect-message: torch.Tensor
expect-message: must use NumPy operations only
"""
def ls_gradient(X, y, theta):
    import torch

    A = torch.as_tensor(design_matrix(X))
    residual = A @ torch.as_tensor(theta) - torch.as_tensor(y)
    return 2.0 / len(y) * (A.T @ residual)
