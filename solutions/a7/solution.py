"""Reference solution for a7 (secret: never shipped to students)."""

import math
import random


class Node:
    """The bookkeeping of a graph node, given to students in the notebook (keep the two copies equal).

    ``data`` is the number this node holds; ``grad`` is d(output)/d(this node) once
    ``backward()`` has run on some output (0.0 until then); ``_children`` are the nodes it
    was computed from, ``_op`` names how, and ``_backward()`` passes its grad on to them.
    """

    def __init__(self, data, children=(), op=""):
        self.data = float(data)
        self.grad = 0.0
        self._children = tuple(children)
        self._op = op
        self._backward = lambda: None


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

    def __radd__(self, other):
        """other + self, when other is a plain number."""
        return self + other

    def __rsub__(self, other):
        """other - self, when other is a plain number."""
        return (-self) + other

    def __rmul__(self, other):
        """other * self, when other is a plain number."""
        return self * other

    def __rtruediv__(self, other):
        """other / self, when other is a plain number."""
        return self ** -1.0 * other

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


class Neuron:
    """sum_i w_i x_i + b, followed by a ReLU when ``nonlin`` is true."""

    def __init__(self, nin, nonlin=True):
        """``nin`` weights drawn uniformly from (-1, 1) with the ``random`` module, and a zero bias."""
        self.w = [Value(random.uniform(-1.0, 1.0)) for _ in range(nin)]
        self.b = Value(0.0)
        self.nonlin = nonlin

    def __call__(self, x):
        """The neuron's output (a Value) for a list of ``nin`` inputs (numbers or Values)."""
        total = self.b
        for w, xi in zip(self.w, x):
            total = total + w * xi
        return total.relu() if self.nonlin else total

    def parameters(self):
        """The weights, then the bias."""
        return self.w + [self.b]


class Layer:
    """``nout`` neurons that all read the same inputs."""

    def __init__(self, nin, nout, nonlin=True):
        """``nout`` neurons of ``nin`` inputs each."""
        self.neurons = [Neuron(nin, nonlin) for _ in range(nout)]

    def __call__(self, x):
        """A list of ``nout`` Values, one per neuron."""
        return [neuron(x) for neuron in self.neurons]

    def parameters(self):
        """Every neuron's parameters, neuron by neuron."""
        return [p for neuron in self.neurons for p in neuron.parameters()]


class MLP:
    """Layers of sizes ``nouts`` on ``nin`` inputs; ReLU after every layer but the last."""

    def __init__(self, nin, nouts):
        """``MLP(3, [4, 4, 1])``: 3 inputs, two hidden layers of 4, one output."""
        sizes = [nin] + list(nouts)
        self.layers = [Layer(sizes[i], sizes[i + 1], nonlin=i < len(nouts) - 1) for i in range(len(nouts))]

    def __call__(self, x):
        """The list of outputs (Values) of the last layer for inputs ``x``."""
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self):
        """Every layer's parameters, from the first layer to the last."""
        return [p for layer in self.layers for p in layer.parameters()]
