"""softmax exponentiates the raw logits without subtracting the row maximum, so large logits overflow to nan.
expect: lost test_softmax_known_values, test_softmax_survives_huge_logits, test_softmax_temperature_limits
expect-message: unstable softmax overflows
"""
def softmax(Z):
    exponentials = torch.exp(Z)
    return exponentials / exponentials.sum(dim=1, keepdim=True)
