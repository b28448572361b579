"""rmsprop_step sums the squared gradients without decaying the old sum (AdaGrad).
expect: lost test_rmsprop_step_known_values, test_rmsprop_step_matches_torch, test_optimizer_paths_known_path, test_optimizer_paths_match_reference
expect-message: summed without decay
"""
def rmsprop_step(w, g, s, lr, alpha, eps, weight_decay):
    g = g + weight_decay * w
    s = s + g**2
    return w - lr * g / (np.sqrt(s) + eps), s
