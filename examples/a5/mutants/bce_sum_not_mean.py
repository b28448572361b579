"""bce adds up the per-example losses where the contract asks for their mean.
expect: lost test_bce_known_values, test_bce_matches_definition
expect-message: the loss is their mean
"""
def bce(p, y):
    return -torch.sum(y * torch.log(p) + (1 - y) * torch.log1p(-p))
