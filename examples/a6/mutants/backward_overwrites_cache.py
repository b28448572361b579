"""mlp_backward turns the cached pre-activations into the activation's derivative in place (right gradients, spoilt cache).
expect: lost test_mlp_backward_leaves_inputs_unchanged
expect-message: changed its input cache in place
"""
def mlp_backward(dS, params, cache, activation="relu"):
    grads = [None] * len(params)
    V = dS
    for layer in range(len(params) - 1, -1, -1):
        H, Z = cache[layer]
        if layer < len(params) - 1:
            if activation == "relu":
                Z[...] = Z > 0
            else:
                S = sigmoid_forward(Z)
                Z[...] = S * (1 - S)
            V = V * Z
        V, dW, db = linear_backward(V, H, params[layer][0])
        grads[layer] = (dW, db)
    return grads
