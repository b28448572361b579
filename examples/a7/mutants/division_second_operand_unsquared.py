"""a / b written directly; the derivative with respect to b is -a / b instead of -a / b**2.
expect: lost test_local_derivatives_known_values, test_mul_div_derivatives, test_expression_graphs_match_torch
expect-message: the local derivative of / is wrong
replaces: Value.__truediv__
"""
def __truediv__(self, other):
    """self / other."""
    other = other if isinstance(other, Value) else Value(other)
    out = Value(self.data / other.data, (self, other), "/")

    def backward():
        self.grad += out.grad / other.data
        other.grad += -self.data / other.data * out.grad

    out._backward = backward
    return out
