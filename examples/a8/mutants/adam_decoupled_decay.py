"""adam_step decays the weights as AdamW does, while torch.optim.Adam adds the decay to the gradient.
expect: lost test_adam_step_matches_torch, test_optimizer_paths_match_reference
expect-message: this is AdamW's decoupled weight decay
"""
def adam_step(w, g, m, v, t, lr, beta1, beta2, eps, weight_decay):
    w = w - lr * weight_decay * w
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g**2
    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m, v
