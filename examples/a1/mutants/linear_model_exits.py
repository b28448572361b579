"""linear_model kills its own process with os._exit; only its tests are lost.
expect: lost test_linear_model_known_values, test_linear_model_matches_definition, test_linear_model_is_vectorized
expect-message: exited with status 3
"""
def linear_model(X, w, b):
    import os
    os._exit(3)
