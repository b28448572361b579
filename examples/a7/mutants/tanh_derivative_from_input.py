"""tanh's local derivative uses the input: 1 - x**2 instead of 1 - tanh(x)**2.
expect: lost test_local_derivatives_known_values, test_tanh_relu_derivatives, test_expression_graphs_match_torch
expect-message: the local derivative of tanh() is wrong
replaces: Value.tanh
"""
def tanh(self):
    """tanh(self)."""
    out = Value(math.tanh(self.data), (self,), "tanh")

    def backward():
        self.grad += (1.0 - self.data ** 2) * out.grad

    out._backward = backward
    return out
