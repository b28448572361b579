"""No reflected methods: 2 * a, 1 - a, 1 + a and 1 / a raise TypeError.
expect: lost test_value_ops_known_values, test_value_ops_with_plain_numbers, test_add_sub_derivatives, test_mul_div_derivatives, test_expression_graphs_match_torch
expect-message: define __radd__, __rsub__, __rmul__ and __rtruediv__
"""
class Value(Node):
    """One scalar node of a computation graph, with the operations that build new nodes.

    Every operation makes a new node that remembers its operands and how to pass a
    gradient back to them.
    """

    def __add__(self, other):
        """self + other; other is a Value or a plain number."""
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def backward():
            self.grad += out.grad
            other.grad += out.grad

        out._backward = backward
        return out

    def __mul__(self, other):
        """self * other; other is a Value or a plain number."""
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = backward
        return out

    def __pow__(self, exponent):
        """self ** exponent, for a constant (plain number) exponent."""
        if not isinstance(exponent, (int, float)):
            raise TypeError("only a plain-number exponent is supported")
        out = Value(self.data ** exponent, (self,), f"**{exponent}")

        def backward():
            self.grad += exponent * self.data ** (exponent - 1) * out.grad

        out._backward = backward
        return out

    def exp(self):
        """e ** self."""
        out = Value(math.exp(self.data), (self,), "exp")

        def backward():
            self.grad += out.data * out.grad

        out._backward = backward
        return out

    def log(self):
        """The natural logarithm of self (self.data > 0)."""
        out = Value(math.log(self.data), (self,), "log")

        def backward():
            self.grad += out.grad / self.data

        out._backward = backward
        return out

    def tanh(self):
        """tanh(self)."""
        out = Value(math.tanh(self.data), (self,), "tanh")

        def backward():
            self.grad += (1.0 - out.data ** 2) * out.grad

        out._backward = backward
        return out

    def relu(self):
        """max(0, self); its derivative at 0 is taken to be 0, as in PyTorch."""
        out = Value(max(0.0, self.data), (self,), "relu")

        def backward():
            self.grad += (1.0 if self.data > 0 else 0.0) * out.grad

        out._backward = backward
        return out

    def __neg__(self):
        """-self."""
        return self * -1.0

    def __sub__(self, other):
        """self - other."""
        return self + (-other)

    def __truediv__(self, other):
        """self / other."""
        return self * other ** -1.0

    def backward(self):
        """Fill in ``grad`` of every node this one depends on: d(self)/d(node).

        Orders the graph topologically (every node after the nodes it was computed
        from), sets this node's grad to 1 and applies each node's local rule from
        this node back to the leaves, so a node passes its gradient on only after
        every use of it has added its share.
        """
        order, seen = [], set()
        stack = [(self, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
            elif id(node) not in seen:
                seen.add(id(node))
                stack.append((node, True))
                stack.extend((child, False) for child in node._children)
        self.grad = 1.0
        for node in reversed(order):
            node._backward()
