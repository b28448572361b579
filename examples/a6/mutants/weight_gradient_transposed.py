"""linear_backward returns dW = Vᵀ X, the transpose of Xᵀ V.
expect: lost test_linear_backward_known_values, test_linear_backward_matches_torch, test_mlp_backward_keeps_constant_weights_symmetric, test_mlp_backward_matches_finite_differences, test_mlp_backward_matches_torch, test_mlp_backward_matches_torch_on_a_small_network, test_train_mlp_follows_the_recipe, test_train_mlp_is_reproducible, test_train_mlp_learns_rings, test_train_mlp_solves_xor, test_train_mlp_solves_xor_from_other_seeds, test_train_mlp_uses_no_autograd
expect-message: dW looks transposed
"""
def linear_backward(V, X, W):
    return V @ W.T, V.T @ X, V.sum(axis=0)
