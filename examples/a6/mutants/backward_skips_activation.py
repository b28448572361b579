"""mlp_backward forgets to chain through the activation between layers.
expect: lost test_mlp_backward_matches_finite_differences, test_mlp_backward_matches_torch, test_mlp_backward_matches_torch_on_a_small_network, test_train_mlp_follows_the_recipe
expect-message: the gradient skips the activation
"""
def mlp_backward(dS, params, cache, activation="relu"):
    grads = [None] * len(params)
    V = dS
    for layer in range(len(params) - 1, -1, -1):
        H, Z = cache[layer]
        V, dW, db = linear_backward(V, H, params[layer][0])
        grads[layer] = (dW, db)
    return grads
