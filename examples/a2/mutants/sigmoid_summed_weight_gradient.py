"""sigmoid_neuron adds up the weight gradients over the batch instead of returning one per example.
expect: lost test_sigmoid_neuron_known_values, test_sigmoid_neuron_matches_autograd
expect-message: one gradient per example
"""
def sigmoid_neuron(X, w, b):
    out = 1.0 / (1.0 + np.exp(-(X @ w + b)))
    local = out * (1 - out)
    return out, local[:, None] * w, (local[:, None] * X).sum(axis=0), local
