"""log's local derivative divides by the result (1 / log x) instead of the input (1 / x).
expect: lost test_local_derivatives_known_values, test_exp_log_derivatives, test_expression_graphs_match_torch
expect-message: the local derivative of log() is wrong
replaces: Value.log
"""
def log(self):
    """The natural logarithm of self (self.data > 0)."""
    out = Value(math.log(self.data), (self,), "log")

    def backward():
        self.grad += out.grad / out.data

    out._backward = backward
    return out
