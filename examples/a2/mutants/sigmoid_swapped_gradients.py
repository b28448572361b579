"""sigmoid_neuron returns grad_X and grad_w swapped: the hint for exactly that mistake must be the one shown.
expect: lost test_sigmoid_neuron_known_values, test_sigmoid_neuron_matches_autograd
expect-message: grad_X and grad_w look swapped
"""
def sigmoid_neuron(X, w, b):
    z = X @ w + b
    out = 1.0 / (1.0 + np.exp(-z))
    local = out * (1.0 - out)
    return out, local[:, None] * X, local[:, None] * w[None, :], local
