"""Correct in float32: every step function computes and returns float32 arrays (judged at float32's tolerance).
expect: full
"""
def sgd_step(w, g, lr, weight_decay):
    w, g = np.float32(w), np.float32(g)
    return w - np.float32(lr) * (g + np.float32(weight_decay) * w)


def momentum_step(w, g, v, lr, beta, weight_decay):
    w, g, v = (np.asarray(a, dtype=np.float32) for a in (w, g, v))
    v = np.float32(beta) * v + g + np.float32(weight_decay) * w
    return w - np.float32(lr) * v, v


def nesterov_step(w, g, v, lr, beta, weight_decay):
    w, g, v = (np.asarray(a, dtype=np.float32) for a in (w, g, v))
    d = g + np.float32(weight_decay) * w
    v = np.float32(beta) * v + d
    return w - np.float32(lr) * (d + np.float32(beta) * v), v


def rmsprop_step(w, g, s, lr, alpha, eps, weight_decay):
    w, g, s = (np.asarray(a, dtype=np.float32) for a in (w, g, s))
    d = g + np.float32(weight_decay) * w
    s = np.float32(alpha) * s + np.float32(1 - alpha) * d**2
    return w - np.float32(lr) * d / (np.sqrt(s) + np.float32(eps)), s


def adam_step(w, g, m, v, t, lr, beta1, beta2, eps, weight_decay):
    w, g, m, v = (np.asarray(a, dtype=np.float32) for a in (w, g, m, v))
    d = g + np.float32(weight_decay) * w
    m = np.float32(beta1) * m + np.float32(1 - beta1) * d
    v = np.float32(beta2) * v + np.float32(1 - beta2) * d**2
    m_hat = m / np.float32(1 - beta1**t)
    v_hat = v / np.float32(1 - beta2**t)
    return w - np.float32(lr) * m_hat / (np.sqrt(v_hat) + np.float32(eps)), m, v


def adamw_step(w, g, m, v, t, lr, beta1, beta2, eps, weight_decay):
    w = np.asarray(w, dtype=np.float32)
    return adam_step(w - np.float32(lr * weight_decay) * w, g, m, v, t, lr, beta1, beta2, eps, 0.0)
