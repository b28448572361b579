"""momentum_step moves with the velocity it was given before updating it.
expect: lost test_momentum_step_known_values, test_momentum_step_matches_torch, test_optimizer_paths_known_path, test_optimizer_paths_match_reference
expect-message: the step uses the old velocity
"""
def momentum_step(w, g, v, lr, beta, weight_decay):
    w_new = w - lr * v
    return w_new, beta * v + g + weight_decay * w
