"""linear_model adds a little noise from an unseeded generator, as if making data; each call differs, so it is reported as nondeterministic instead of scoring differently from one grading to the next.
expect: lost test_linear_model_known_values, test_linear_model_matches_definition, test_linear_model_is_vectorized
expect-message: linear_model is nondeterministic
"""
def linear_model(X, w, b):
    rng = np.random.default_rng()  # no seed: fresh randomness from the operating system
    return X @ w + b + rng.normal(scale=1e-6, size=X.shape[0])
