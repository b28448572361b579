"""Every weight of a neuron gets the same random number.
expect: lost test_neuron_weights_are_random
expect-message: all different
replaces: Neuron.__init__
"""
def __init__(self, nin, nonlin=True):
    """``nin`` weights drawn uniformly from (-1, 1) with the ``random`` module, and a zero bias."""
    start = random.uniform(-1.0, 1.0)
    self.w = [Value(start) for _ in range(nin)]
    self.b = Value(0.0)
    self.nonlin = nonlin
