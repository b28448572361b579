"""relu_backward lets the gradient through at Z = 0 (mask Z >= 0), against torch's convention.
expect: lost test_relu_known_values, test_relu_backward_at_the_kink
expect-message: at the kink Z = 0
"""
def relu_backward(V, Z):
    return V * (Z >= 0)
