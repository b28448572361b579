"""sgd_step updates the caller's array in place (w -= ...) and returns it.
expect: lost test_sgd_step_matches_torch, test_optimizer_paths_known_path, test_optimizer_paths_match_reference
expect-message: changed its input w in place
"""
def sgd_step(w, g, lr, weight_decay):
    w -= lr * (g + weight_decay * w)
    return w
