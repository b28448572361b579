"""logsumexp computes log(sum(exp(Z))) literally, which is inf for logits above about 709.
expect: lost test_logsumexp_known_values, test_logsumexp_matches_torch, test_cross_entropy_known_values, test_cross_entropy_matches_torch
expect-message: exp overflows for logits above about 709
"""
def logsumexp(Z):
    return torch.log(torch.exp(Z).sum(dim=1))
