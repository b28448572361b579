"""The power rule keeps the exponent: k x^k instead of k x^(k-1).
expect: lost test_local_derivatives_known_values, test_mul_div_derivatives, test_pow_derivative, test_expression_graphs_match_torch
expect-message: the local derivative of ** 3 is wrong
replaces: Value.__pow__
"""
def __pow__(self, exponent):
    """self ** exponent, for a constant (plain number) exponent."""
    if not isinstance(exponent, (int, float)):
        raise TypeError("only a plain-number exponent is supported")
    out = Value(self.data ** exponent, (self,), f"**{exponent}")

    def backward():
        self.grad += exponent * self.data ** exponent * out.grad

    out._backward = backward
    return out
