"""bce_with_logits computes σ(z) first and takes logs, which gives inf once σ(z) rounds to 0 or 1.
expect: lost test_bce_known_values, test_bce_with_logits_matches_torch
expect-message: from the logits
"""
def bce_with_logits(z, y):
    p = sigmoid(z)
    return -torch.mean(y * torch.log(p) + (1 - y) * torch.log(1 - p))
