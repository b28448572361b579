"""sgd_step subtracts the weight-decay term from the gradient instead of adding it.
expect: lost test_sgd_step_known_values, test_sgd_step_matches_torch, test_optimizer_paths_match_reference
expect-message: weight decay pulls the parameters towards 0
"""
def sgd_step(w, g, lr, weight_decay):
    return w - lr * (g - weight_decay * w)
