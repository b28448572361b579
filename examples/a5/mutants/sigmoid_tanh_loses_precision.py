"""sigmoid uses (1 + tanh(z/2)) / 2, which returns exactly 0 instead of tiny values for z below about −37.
expect: lost test_sigmoid_keeps_precision_in_the_tails
expect-message: loses every digit
"""
def sigmoid(z):
    return 0.5 * (1 + torch.tanh(z / 2))
