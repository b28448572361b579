"""exp's local derivative is x instead of e^x.
expect: lost test_local_derivatives_known_values, test_exp_log_derivatives, test_expression_graphs_match_torch
expect-message: the local derivative of exp() is wrong
replaces: Value.exp
"""
def exp(self):
    """e ** self."""
    out = Value(math.exp(self.data), (self,), "exp")

    def backward():
        self.grad += self.data * out.grad

    out._backward = backward
    return out
