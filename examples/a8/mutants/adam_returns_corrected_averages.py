"""adam_step returns the bias-corrected averages as its state instead of the raw ones.
expect: lost test_adam_step_known_values, test_adam_step_matches_torch, test_adamw_step_known_values, test_adamw_step_matches_torch, test_optimizer_paths_match_reference
expect-message: the returned m and v are bias-corrected
"""
def adam_step(w, g, m, v, t, lr, beta1, beta2, eps, weight_decay):
    g = g + weight_decay * w
    m = (beta1 * m + (1 - beta1) * g) / (1 - beta1**t)
    v = (beta2 * v + (1 - beta2) * g**2) / (1 - beta2**t)
    return w - lr * m / (np.sqrt(v) + eps), m, v
