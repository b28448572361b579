"""sigmoid_neuron applies the sigmoid to its own output before taking the local gradient, sigma(out)(1 - sigma(out)): no constant factor explains that.
expect: lost test_sigmoid_neuron_known_values, test_sigmoid_neuron_matches_autograd
expect-message: sigmoid_neuron(X, w, b)
expect-no-message: constant factor
"""
def sigmoid_neuron(X, w, b):
    z = X @ w + b
    out = 1.0 / (1.0 + np.exp(-z))
    again = 1.0 / (1.0 + np.exp(-out))
    local = again * (1.0 - again)
    return out, local[:, None] * w[None, :], local[:, None] * X, local
