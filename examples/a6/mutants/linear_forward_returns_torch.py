"""linear_forward computes X W + b with torch and returns a torch tensor where the notebook asks for NumPy.
expect: lost test_linear_forward_matches_torch, test_mlp_forward_matches_torch, test_train_mlp_solves_xor, test_train_mlp_solves_xor_from_other_seeds, test_train_mlp_learns_rings, test_train_mlp_uses_no_autograd, test_train_mlp_is_reproducible, test_train_mlp_follows_the_recipe
expect-message: torch.Tensor
"""
def linear_forward(X, W, b):
    return torch.as_tensor(X) @ torch.as_tensor(W) + torch.as_tensor(b)
