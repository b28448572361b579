"""sigmoid uses e^z / (1 + e^z), which is inf / inf = nan for z above about 709.
expect: lost test_sigmoid_known_values, test_sigmoid_keeps_precision_in_the_tails
expect-message: exp overflows to inf
"""
def sigmoid(z):
    return torch.exp(z) / (1 + torch.exp(z))
