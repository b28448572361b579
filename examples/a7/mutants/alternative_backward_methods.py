"""Correct, written differently: each node records its operation's name and constant, and backward() dispatches to
one method per operation (methods instead of closures); the topological order comes from an explicit stack.
expect: full
"""
class Value:
    """A scalar node of a computation graph, with its value and gradient."""

    def __init__(self, data, children=(), op="", constant=None):
        """A node holding ``data``, made by ``op`` from ``children`` (and a constant exponent for powers)."""
        self.data = data
        self.grad = 0.0
        self._children = list(children)
        self._op = op
        self._constant = constant

    def _other(self, other):
        return other if isinstance(other, Value) else Value(other)

    def __add__(self, other):
        """self + other; other is a Value or a plain number."""
        other = self._other(other)
        return Value(self.data + other.data, [self, other], "add")

    def __mul__(self, other):
        """self * other; other is a Value or a plain number."""
        other = self._other(other)
        return Value(self.data * other.data, [self, other], "mul")

    def __pow__(self, exponent):
        """self ** exponent, for a constant (plain number) exponent."""
        return Value(self.data ** exponent, [self], "pow", exponent)

    def exp(self):
        """e ** self."""
        return Value(math.exp(self.data), [self], "exp")

    def log(self):
        """The natural logarithm of self (self.data > 0)."""
        return Value(math.log(self.data), [self], "log")

    def tanh(self):
        """tanh(self)."""
        return Value(math.tanh(self.data), [self], "tanh")

    def relu(self):
        """max(0, self); its derivative at 0 is taken to be 0, as in PyTorch."""
        return Value(max(self.data, 0.0), [self], "relu")

    def __neg__(self):
        """-self."""
        return -1 * self

    def __sub__(self, other):
        """self - other."""
        return self + -1 * self._other(other)

    def __truediv__(self, other):
        """self / other."""
        return self * self._other(other) ** -1

    def __radd__(self, other):
        """other + self, when other is a plain number."""
        return self._other(other) + self

    def __rsub__(self, other):
        """other - self, when other is a plain number."""
        return self._other(other) - self

    def __rmul__(self, other):
        """other * self, when other is a plain number."""
        return self._other(other) * self

    def __rtruediv__(self, other):
        """other / self, when other is a plain number."""
        return self._other(other) / self

    def _backward_add(self):
        for child in self._children:
            child.grad += self.grad

    def _backward_mul(self):
        a, b = self._children
        a.grad += b.data * self.grad
        b.grad += a.data * self.grad

    def _backward_pow(self):
        (a,) = self._children
        a.grad += self._constant * a.data ** (self._constant - 1) * self.grad

    def _backward_exp(self):
        self._children[0].grad += self.data * self.grad

    def _backward_log(self):
        self._children[0].grad += self.grad / self._children[0].data

    def _backward_tanh(self):
        self._children[0].grad += (1 - self.data ** 2) * self.grad

    def _backward_relu(self):
        self._children[0].grad += self.grad if self._children[0].data > 0 else 0.0

    def backward(self):
        """Fill in ``grad`` of every node this one depends on: d(self)/d(node)."""
        order, done, stack = [], set(), [self]
        while stack:
            node = stack[-1]
            pending = [c for c in node._children if id(c) not in done]
            if pending:
                stack.extend(pending)
                continue
            stack.pop()
            if id(node) not in done:
                done.add(id(node))
                order.append(node)
        self.grad = 1.0
        for node in reversed(order):
            if node._op:
                getattr(node, "_backward_" + node._op)()
