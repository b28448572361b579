"""Correct, written differently: no closures. Each node stores its parents and the local derivative with respect to
each, computed in the forward pass; backward() orders the graph with Kahn's algorithm (counting each node's users)
and applies one generic rule. Division and subtraction are their own operations.
expect: full
"""
class Value:
    """A scalar node of a computation graph, with its value and gradient."""

    def __init__(self, data, children=(), op=""):
        """A node holding ``data``; ``children`` are (node, local derivative) pairs, ``op`` how it was made."""
        self.data = float(data)
        self.grad = 0.0
        self.edges = tuple(children)
        self.op = op

    @staticmethod
    def _lift(x):
        return x if isinstance(x, Value) else Value(x)

    def __add__(self, other):
        """self + other; other is a Value or a plain number."""
        other = Value._lift(other)
        return Value(self.data + other.data, ((self, 1.0), (other, 1.0)), "+")

    def __sub__(self, other):
        """self - other."""
        other = Value._lift(other)
        return Value(self.data - other.data, ((self, 1.0), (other, -1.0)), "-")

    def __mul__(self, other):
        """self * other; other is a Value or a plain number."""
        other = Value._lift(other)
        return Value(self.data * other.data, ((self, other.data), (other, self.data)), "*")

    def __truediv__(self, other):
        """self / other."""
        other = Value._lift(other)
        q = self.data / other.data
        return Value(q, ((self, 1.0 / other.data), (other, -q / other.data)), "/")

    def __pow__(self, exponent):
        """self ** exponent, for a constant (plain number) exponent."""
        return Value(self.data ** exponent, ((self, exponent * self.data ** (exponent - 1)),), "pow")

    def __neg__(self):
        """-self."""
        return Value(-self.data, ((self, -1.0),), "neg")

    def __radd__(self, other):
        """other + self, when other is a plain number."""
        return Value._lift(other) + self

    def __rsub__(self, other):
        """other - self, when other is a plain number."""
        return Value._lift(other) - self

    def __rmul__(self, other):
        """other * self, when other is a plain number."""
        return Value._lift(other) * self

    def __rtruediv__(self, other):
        """other / self, when other is a plain number."""
        return Value._lift(other) / self

    def exp(self):
        """e ** self."""
        e = math.exp(self.data)
        return Value(e, ((self, e),), "exp")

    def log(self):
        """The natural logarithm of self (self.data > 0)."""
        return Value(math.log(self.data), ((self, 1.0 / self.data),), "log")

    def tanh(self):
        """tanh(self)."""
        t = math.tanh(self.data)
        return Value(t, ((self, 1.0 - t * t),), "tanh")

    def relu(self):
        """max(0, self); its derivative at 0 is taken to be 0, as in PyTorch."""
        positive = self.data > 0
        return Value(self.data if positive else 0.0, ((self, 1.0 if positive else 0.0),), "relu")

    def backward(self):
        """Fill in ``grad`` of every node this one depends on: d(self)/d(node)."""
        users, nodes, stack = {}, {id(self): self}, [self]
        while stack:
            node = stack.pop()
            for parent, _ in node.edges:
                users[id(parent)] = users.get(id(parent), 0) + 1
                if id(parent) not in nodes:
                    nodes[id(parent)] = parent
                    stack.append(parent)
        self.grad = 1.0
        ready = [self]
        while ready:
            node = ready.pop()
            for parent, local in node.edges:
                parent.grad += local * node.grad
                users[id(parent)] -= 1
                if users[id(parent)] == 0:
                    ready.append(parent)
