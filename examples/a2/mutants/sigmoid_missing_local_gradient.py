"""sigmoid_neuron forgets to multiply by the sigmoid's local gradient on the way back.
expect: lost test_sigmoid_neuron_known_values, test_sigmoid_neuron_matches_autograd
expect-message: the sigmoid's local gradient is missing
"""
def sigmoid_neuron(X, w, b):
    out = 1.0 / (1.0 + np.exp(-(X @ w + b)))
    ones = np.ones(len(X))
    return out, ones[:, None] * w, X.copy(), ones
