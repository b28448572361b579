"""adamw_step shrinks w by weight_decay * w, without the learning rate.
expect: lost test_adamw_step_known_values, test_adamw_step_matches_torch
expect-message: the decoupled decay is not scaled by the learning rate
"""
def adamw_step(w, g, m, v, t, lr, beta1, beta2, eps, weight_decay):
    return adam_step(w - weight_decay * w, g, m, v, t, lr, beta1, beta2, eps, 0.0)
