"""Every _backward closure assigns the child's grad (=) instead of adding to it (+=).
expect: lost test_node_used_twice_known_values, test_backward_waits_for_every_path, test_backward_deep_chain, test_expression_graphs_match_torch, test_shared_subexpressions_match_torch, test_mlp_gradients_match_torch
expect-message: the sum of the gradients from all its uses (+=)
expect-no-message: the local derivative of
replaces: Value.__add__, Value.__mul__, Value.__pow__, Value.exp, Value.log, Value.tanh, Value.relu
"""
def __add__(self, other):
    """self + other; other is a Value or a plain number."""
    other = other if isinstance(other, Value) else Value(other)
    out = Value(self.data + other.data, (self, other), "+")

    def backward():
        self.grad = out.grad
        other.grad = out.grad

    out._backward = backward
    return out


def __mul__(self, other):
    """self * other; other is a Value or a plain number."""
    other = other if isinstance(other, Value) else Value(other)
    out = Value(self.data * other.data, (self, other), "*")

    def backward():
        self.grad = other.data * out.grad
        other.grad = self.data * out.grad

    out._backward = backward
    return out


def __pow__(self, exponent):
    """self ** exponent, for a constant (plain number) exponent."""
    if not isinstance(exponent, (int, float)):
        raise TypeError("only a plain-number exponent is supported")
    out = Value(self.data ** exponent, (self,), f"**{exponent}")

    def backward():
        self.grad = exponent * self.data ** (exponent - 1) * out.grad

    out._backward = backward
    return out


def exp(self):
    """e ** self."""
    out = Value(math.exp(self.data), (self,), "exp")

    def backward():
        self.grad = out.data * out.grad

    out._backward = backward
    return out


def log(self):
    """The natural logarithm of self (self.data > 0)."""
    out = Value(math.log(self.data), (self,), "log")

    def backward():
        self.grad = out.grad / self.data

    out._backward = backward
    return out


def tanh(self):
    """tanh(self)."""
    out = Value(math.tanh(self.data), (self,), "tanh")

    def backward():
        self.grad = (1.0 - out.data ** 2) * out.grad

    out._backward = backward
    return out


def relu(self):
    """max(0, self); its derivative at 0 is taken to be 0, as in PyTorch."""
    out = Value(max(0.0, self.data), (self,), "relu")

    def backward():
        self.grad = (1.0 if self.data > 0 else 0.0) * out.grad

    out._backward = backward
    return out
