"""momentum_step uses the lecture's moving average, beta v + (1 - beta) g, instead of torch's beta v + g.
expect: lost test_momentum_step_known_values, test_momentum_step_matches_torch, test_optimizer_paths_known_path, test_optimizer_paths_match_reference
expect-message: torch's heavy ball adds the whole gradient
"""
def momentum_step(w, g, v, lr, beta, weight_decay):
    v = beta * v + (1 - beta) * (g + weight_decay * w)
    return w - lr * v, v
