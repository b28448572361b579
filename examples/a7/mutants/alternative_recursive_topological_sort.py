"""Correct, written differently: backward() builds the topological order with a recursive depth-first search and a
set of visited nodes; subtraction and negation are their own operations.
expect: full
"""
class Value:
    """A scalar node of a computation graph, with its value and gradient."""

    def __init__(self, data, children=(), op=""):
        """A node holding ``data``; ``children`` are the nodes it was computed from, ``op`` how."""
        self.data = data
        self.grad = 0
        self._prev = set(children)
        self._op = op
        self._backward = lambda: None

    def __add__(self, other):
        """self + other; other is a Value or a plain number."""
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        """self * other; other is a Value or a plain number."""
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __pow__(self, exponent):
        """self ** exponent, for a constant (plain number) exponent."""
        out = Value(self.data ** exponent, (self,), f"**{exponent}")

        def _backward():
            self.grad += exponent * self.data ** (exponent - 1) * out.grad
        out._backward = _backward
        return out

    def exp(self):
        """e ** self."""
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward():
            self.grad += out.data * out.grad
        out._backward = _backward
        return out

    def log(self):
        """The natural logarithm of self (self.data > 0)."""
        out = Value(math.log(self.data), (self,), "log")

        def _backward():
            self.grad += (1 / self.data) * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        """tanh(self)."""
        t = (math.exp(2 * self.data) - 1) / (math.exp(2 * self.data) + 1) if abs(self.data) < 20 else math.tanh(self.data)
        out = Value(t, (self,), "tanh")

        def _backward():
            self.grad += (1 - t * t) * out.grad
        out._backward = _backward
        return out

    def relu(self):
        """max(0, self); its derivative at 0 is taken to be 0, as in PyTorch."""
        out = Value(self.data if self.data > 0 else 0, (self,), "ReLU")

        def _backward():
            self.grad += (out.data > 0) * out.grad
        out._backward = _backward
        return out

    def __neg__(self):
        """-self."""
        out = Value(-self.data, (self,), "neg")

        def _backward():
            self.grad -= out.grad
        out._backward = _backward
        return out

    def __sub__(self, other):
        """self - other."""
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data - other.data, (self, other), "-")

        def _backward():
            self.grad += out.grad
            other.grad -= out.grad
        out._backward = _backward
        return out

    def __truediv__(self, other):
        """self / other."""
        return self * other**-1

    def __radd__(self, other):
        """other + self, when other is a plain number."""
        return self + other

    def __rsub__(self, other):
        """other - self, when other is a plain number."""
        return Value(other) - self

    def __rmul__(self, other):
        """other * self, when other is a plain number."""
        return self * other

    def __rtruediv__(self, other):
        """other / self, when other is a plain number."""
        return Value(other) / self

    def backward(self):
        """Fill in ``grad`` of every node this one depends on: d(self)/d(node)."""
        topo = []
        visited = set()

        def build_topo(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build_topo(child)
                topo.append(v)
        build_topo(self)
        self.grad = 1
        for v in reversed(topo):
            v._backward()
