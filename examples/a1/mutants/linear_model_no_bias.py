"""linear_model forgets the bias.
expect: lost test_linear_model_known_values, test_linear_model_matches_definition
expect-message: the bias b is missing
"""
def linear_model(X, w, b):
    return X @ w
