"""relu_backward takes its mask from the output with relu(Z) >= 0, which is true everywhere.
expect: lost test_mlp_backward_matches_finite_differences, test_mlp_backward_matches_torch, test_mlp_backward_matches_torch_on_a_small_network, test_relu_backward_at_the_kink, test_relu_known_values, test_relu_matches_torch, test_train_mlp_follows_the_recipe
expect-message: mask must come from the pre-activation
"""
def relu_backward(V, Z):
    return V * (relu_forward(Z) >= 0)
