"""rmsprop_step weighs the old average by 1 - alpha and the new squared gradient by alpha.
expect: lost test_rmsprop_step_known_values, test_rmsprop_step_matches_torch, test_optimizer_paths_known_path, test_optimizer_paths_match_reference
expect-message: alpha and 1 - alpha are swapped
"""
def rmsprop_step(w, g, s, lr, alpha, eps, weight_decay):
    g = g + weight_decay * w
    s = (1 - alpha) * s + alpha * g**2
    return w - lr * g / (np.sqrt(s) + eps), s
