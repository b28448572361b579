"""sigmoid_forward uses e^z / (1 + e^z) everywhere: nan for z above about 709, where the notebook promises no overflow.
expect: lost test_sigmoid_matches_torch
expect-message: inf / inf
"""
def sigmoid_forward(Z):
    E = np.exp(Z)
    return E / (1.0 + E)
