"""softmax_temperature multiplies the logits by tau instead of dividing them.
expect: lost test_softmax_temperature_known_values, test_softmax_temperature_matches_definition, test_softmax_temperature_limits
expect-message: the temperature divides them
"""
def softmax_temperature(Z, tau):
    return softmax(Z * tau)
