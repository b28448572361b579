"""gradient_norms returns the squared norms (no square root).
expect: lost test_gradient_norms_known_values, test_gradient_norms_matches_reference
expect-message: squared norm
"""
def gradient_norms(grad, path):
    G = grad(path)
    return np.sum(G * G, axis=-1)
