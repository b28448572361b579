"""relu passes the gradient through at 0 (x >= 0), against the contract's 0 at the kink.
expect: lost test_tanh_relu_derivatives, test_mlp_gradients_match_torch
expect-message: derivative of relu at 0 to be 0
replaces: Value.relu
"""
def relu(self):
    """max(0, self); its derivative at 0 is taken to be 0, as in PyTorch."""
    out = Value(max(0.0, self.data), (self,), "relu")

    def backward():
        self.grad += (1.0 if self.data >= 0 else 0.0) * out.grad

    out._backward = backward
    return out
