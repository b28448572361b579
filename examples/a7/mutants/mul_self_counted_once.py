"""In a * a the node's two contributions overwrite each other: the second operand's share replaces the first's.
expect: lost test_node_used_twice_known_values, test_shared_subexpressions_match_torch
expect-message: the sum of the gradients from all its uses (+=)
expect-no-message: the local derivative of *
replaces: Value.__mul__
"""
def __mul__(self, other):
    """self * other; other is a Value or a plain number."""
    other = other if isinstance(other, Value) else Value(other)
    out = Value(self.data * other.data, (self, other), "*")

    def backward():
        contributions = {id(self): (self, other.data), id(other): (other, self.data)}
        for node, local in contributions.values():
            node.grad += local * out.grad

    out._backward = backward
    return out
