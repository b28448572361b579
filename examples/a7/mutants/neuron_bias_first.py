"""Neuron.parameters() lists the bias before the weights.
expect: lost test_mlp_forward_matches_torch, test_mlp_gradients_match_torch, test_neuron_weights_are_random
expect-message: each neuron's weights, then its bias
replaces: Neuron.parameters
"""
def parameters(self):
    """The weights, then the bias."""
    return [self.b] + self.w
