"""sigmoid_backward applies s(1 - s) to the pre-activation Z instead of to σ(Z).
expect: lost test_mlp_backward_matches_finite_differences, test_mlp_backward_matches_torch, test_sigmoid_known_values, test_sigmoid_matches_torch, test_train_mlp_follows_the_recipe, test_train_mlp_solves_xor_from_other_seeds
expect-message: apply the sigmoid to Z first
"""
def sigmoid_backward(V, Z):
    return V * Z * (1 - Z)
