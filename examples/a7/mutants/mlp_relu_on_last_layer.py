"""The MLP puts a ReLU after every layer, the output layer too.
expect: lost test_mlp_forward_matches_torch, test_mlp_gradients_match_torch
expect-message: the last is linear
replaces: MLP.__init__
"""
def __init__(self, nin, nouts):
    """``MLP(3, [4, 4, 1])``: 3 inputs, two hidden layers of 4, one output."""
    sizes = [nin] + list(nouts)
    self.layers = [Layer(sizes[i], sizes[i + 1], nonlin=True) for i in range(len(nouts))]
