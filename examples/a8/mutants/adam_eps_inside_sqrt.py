"""adam_step divides by sqrt(v_hat + eps) instead of sqrt(v_hat) + eps.
expect: lost test_adam_step_known_values, test_adam_step_matches_torch, test_adamw_step_known_values, test_adamw_step_matches_torch, test_optimizer_paths_match_reference
expect-message: eps is inside the square root
"""
def adam_step(w, g, m, v, t, lr, beta1, beta2, eps, weight_decay):
    g = g + weight_decay * w
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g**2
    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
    return w - lr * m_hat / np.sqrt(v_hat + eps), m, v
