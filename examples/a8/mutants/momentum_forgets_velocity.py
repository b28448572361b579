"""momentum_step ignores the velocity it was given: v_new is the (decayed) gradient alone.
expect: lost test_momentum_step_known_values, test_momentum_step_matches_torch, test_optimizer_paths_known_path, test_optimizer_paths_match_reference
expect-message: the velocity forgets the previous steps
"""
def momentum_step(w, g, v, lr, beta, weight_decay):
    v = g + weight_decay * w
    return w - lr * v, v
