"""Correct, written differently: a neuron sums with sum(..., start=bias), a layer keeps its neurons in a tuple, and
the MLP returns its parameters through nested comprehensions.
expect: full
"""
class Neuron:
    """sum_i w_i x_i + b, followed by a ReLU when ``nonlin`` is true."""

    def __init__(self, nin, nonlin=True):
        """``nin`` weights drawn uniformly from (-1, 1) with the ``random`` module, and a zero bias."""
        self.w = [Value(random.uniform(-1, 1)) for _ in range(nin)]
        self.b = Value(0)
        self.nonlin = nonlin

    def __call__(self, x):
        """The neuron's output (a Value) for a list of ``nin`` inputs (numbers or Values)."""
        act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        return act.relu() if self.nonlin else act

    def parameters(self):
        """The weights, then the bias."""
        return [*self.w, self.b]


class Layer:
    """``nout`` neurons that all read the same inputs."""

    def __init__(self, nin, nout, nonlin=True):
        """``nout`` neurons of ``nin`` inputs each."""
        self.neurons = tuple(Neuron(nin, nonlin=nonlin) for _ in range(nout))

    def __call__(self, x):
        """A list of ``nout`` Values, one per neuron."""
        return list(map(lambda n: n(x), self.neurons))

    def parameters(self):
        """Every neuron's parameters, neuron by neuron."""
        params = []
        for n in self.neurons:
            params.extend(n.parameters())
        return params


class MLP:
    """Layers of sizes ``nouts`` on ``nin`` inputs; ReLU after every layer but the last."""

    def __init__(self, nin, nouts):
        """``MLP(3, [4, 4, 1])``: 3 inputs, two hidden layers of 4, one output."""
        self.layers = []
        for k, nout in enumerate(nouts):
            self.layers.append(Layer(nin, nout, nonlin=k != len(nouts) - 1))
            nin = nout

    def __call__(self, x):
        """The list of outputs (Values) of the last layer for inputs ``x``."""
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self):
        """Every layer's parameters, from the first layer to the last."""
        return [p for layer in self.layers for n in layer.neurons for p in n.parameters()]
