"""linear_forward multiplies by W transposed, reading W as (outputs, inputs); it only runs when W is square.
expect: lost test_linear_forward_known_values, test_linear_forward_matches_torch, test_mlp_forward_known_values, test_mlp_forward_matches_torch, test_train_mlp_follows_the_recipe, test_train_mlp_is_reproducible, test_train_mlp_learns_rings, test_train_mlp_solves_xor, test_train_mlp_solves_xor_from_other_seeds, test_train_mlp_uses_no_autograd
expect-message: W is used transposed
"""
def linear_forward(X, W, b):
    return X @ W.T + b
