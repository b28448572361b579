"""adamw_step adds the weight decay to the gradient, as Adam does, instead of decoupling it.
expect: lost test_adamw_step_known_values, test_adamw_step_matches_torch
expect-message: the weight decay is coupled
"""
def adamw_step(w, g, m, v, t, lr, beta1, beta2, eps, weight_decay):
    return adam_step(w, g, m, v, t, lr, beta1, beta2, eps, weight_decay)
