"""nesterov_step is heavy-ball momentum: the look-ahead along the new velocity is missing.
expect: lost test_nesterov_step_known_values, test_nesterov_step_matches_torch, test_optimizer_paths_known_path, test_optimizer_paths_match_reference
expect-message: the Nesterov look-ahead is missing
"""
def nesterov_step(w, g, v, lr, beta, weight_decay):
    v = beta * v + g + weight_decay * w
    return w - lr * v, v
