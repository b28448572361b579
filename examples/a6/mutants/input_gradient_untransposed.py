"""linear_backward returns dX = V W instead of V Wᵀ (the transpose is forgotten).
expect: lost test_linear_backward_known_values, test_linear_backward_matches_torch, test_mlp_backward_keeps_constant_weights_symmetric, test_mlp_backward_leaves_inputs_unchanged, test_mlp_backward_matches_finite_differences, test_mlp_backward_matches_torch, test_mlp_backward_matches_torch_on_a_small_network, test_mlp_backward_uses_no_autograd, test_train_mlp_follows_the_recipe, test_train_mlp_is_reproducible, test_train_mlp_learns_rings, test_train_mlp_solves_xor, test_train_mlp_solves_xor_from_other_seeds, test_train_mlp_uses_no_autograd
expect-message: without transposing it
"""
def linear_backward(V, X, W):
    return V @ W, X.T @ V, V.sum(axis=0)
