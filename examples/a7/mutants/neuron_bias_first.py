"""Neuron.parameters() lists the bias before the weights.
expect: lost test_mlp_forward_matches_torch, test_mlp_gradients_match_torch, test_neuron_weights_are_random
expect-message: each neuron's weights, then its bias
"""
class Neuron:
    """sum_i w_i x_i + b, followed by a ReLU when ``nonlin`` is true."""

    def __init__(self, nin, nonlin=True):
        """``nin`` weights drawn uniformly from (-1, 1) with the ``random`` module, and a zero bias."""
        self.w = [Value(random.uniform(-1.0, 1.0)) for _ in range(nin)]
        self.b = Value(0.0)
        self.nonlin = nonlin

    def __call__(self, x):
        """The neuron's output (a Value) for a list of ``nin`` inputs (numbers or Values)."""
        total = self.b
        for w, xi in zip(self.w, x):
            total = total + w * xi
        return total.relu() if self.nonlin else total

    def parameters(self):
        """The weights, then the bias."""
        return [self.b] + self.w
