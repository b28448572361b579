"""The MLP puts a ReLU after every layer, the output layer too.
expect: lost test_mlp_forward_matches_torch, test_mlp_gradients_match_torch
expect-message: the last is linear
"""
class MLP:
    """Layers of sizes ``nouts`` on ``nin`` inputs; ReLU after every layer but the last."""

    def __init__(self, nin, nouts):
        """``MLP(3, [4, 4, 1])``: 3 inputs, two hidden layers of 4, one output."""
        sizes = [nin] + list(nouts)
        self.layers = [Layer(sizes[i], sizes[i + 1], nonlin=True) for i in range(len(nouts))]

    def __call__(self, x):
        """The list of outputs (Values) of the last layer for inputs ``x``."""
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self):
        """Every layer's parameters, from the first layer to the last."""
        return [p for layer in self.layers for p in layer.parameters()]
