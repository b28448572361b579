"""adam_step hands the step to torch.optim.Adam instead of writing the update.
expect: lost test_adam_step_matches_torch, test_adamw_step_matches_torch
expect-message: must be written from scratch
"""
def adam_step(w, g, m, v, t, lr, beta1, beta2, eps, weight_decay):
    p = torch.nn.Parameter(torch.tensor(w))
    opt = torch.optim.Adam([p], lr=lr, betas=(beta1, beta2), eps=eps, weight_decay=weight_decay)
    if t > 1:
        opt.state[p] = {"step": torch.tensor(float(t - 1)), "exp_avg": torch.tensor(m), "exp_avg_sq": torch.tensor(v)}
    p.grad = torch.tensor(g)
    opt.step()
    state = opt.state[p]
    return p.detach().numpy(), state["exp_avg"].numpy(), state["exp_avg_sq"].numpy()
