"""sgd_step shrinks w by weight_decay * w without the learning rate.
expect: lost test_sgd_step_known_values, test_sgd_step_matches_torch, test_optimizer_paths_match_reference
expect-message: scaled by the learning rate too
"""
def sgd_step(w, g, lr, weight_decay):
    return w - lr * g - weight_decay * w
