"""rmsprop_step divides by sqrt(s + eps) instead of sqrt(s) + eps.
expect: lost test_rmsprop_step_known_values, test_rmsprop_step_matches_torch, test_optimizer_paths_match_reference
expect-message: eps is inside the square root
"""
def rmsprop_step(w, g, s, lr, alpha, eps, weight_decay):
    g = g + weight_decay * w
    s = alpha * s + (1 - alpha) * g**2
    return w - lr * g / np.sqrt(s + eps), s
