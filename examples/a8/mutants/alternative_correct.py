"""Correct, written differently: decay folded into a shrink factor, Nesterov expanded, powers for square roots, Adam in the paper's efficient form (a corrected step size and eps), AdamW through adam_step, preallocated paths, filled contours.
expect: full
"""
def sgd_step(w, g, lr, weight_decay):
    return (1 - lr * weight_decay) * w - lr * g


def momentum_step(w, g, v, lr, beta, weight_decay):
    v_new = np.add(np.multiply(beta, v), g + weight_decay * w)
    return w - lr * v_new, v_new


def nesterov_step(w, g, v, lr, beta, weight_decay):
    d = g + weight_decay * w
    v_new = beta * v + d
    return w - lr * d - lr * beta * v_new, v_new


def rmsprop_step(w, g, s, lr, alpha, eps, weight_decay):
    d = g + weight_decay * w
    s_new = s + (1 - alpha) * (d * d - s)
    return w - lr * np.divide(d, s_new**0.5 + eps), s_new


def adam_step(w, g, m, v, t, lr, beta1, beta2, eps, weight_decay):
    d = g + weight_decay * w
    m_new = beta1 * m + (1 - beta1) * d
    v_new = beta2 * v + (1 - beta2) * d * d
    root = np.sqrt(1 - beta2**t)
    step = lr * root / (1 - beta1**t)
    return w - step * m_new / (np.sqrt(v_new) + eps * root), m_new, v_new


def adamw_step(w, g, m, v, t, lr, beta1, beta2, eps, weight_decay):
    shrunk = w * (1 - lr * weight_decay)
    return adam_step(shrunk, g, m, v, t, lr, beta1, beta2, eps, 0.0)


def optimizer_paths(grad, x0, steps, settings):
    x0 = np.asarray(x0, dtype=float)
    zeros = np.zeros_like(x0)
    runs = {
        "sgd": (lambda w, g, state, t: (sgd_step(w, g, **settings["sgd"]), state), ()),
        "momentum": (lambda w, g, state, t: (lambda r: (r[0], r[1:]))(momentum_step(w, g, *state, **settings["momentum"])), (zeros,)),
        "nesterov": (lambda w, g, state, t: (lambda r: (r[0], r[1:]))(nesterov_step(w, g, *state, **settings["nesterov"])), (zeros,)),
        "rmsprop": (lambda w, g, state, t: (lambda r: (r[0], r[1:]))(rmsprop_step(w, g, *state, **settings["rmsprop"])), (zeros,)),
        "adam": (lambda w, g, state, t: (lambda r: (r[0], r[1:]))(adam_step(w, g, *state, t, **settings["adam"])), (zeros, zeros)),
    }
    paths = {}
    for name, (run, state) in runs.items():
        path = np.empty((steps + 1, x0.size))
        path[0] = x0
        for t in range(1, steps + 1):
            path[t], state = run(path[t - 1], grad(path[t - 1]), state, t)
        paths[name] = path
    return paths


def plot_optimizer_paths(f, paths, box):
    xs = np.linspace(box[0], box[1], 60)
    ys = np.linspace(box[2], box[3], 50)
    X, Y = np.meshgrid(xs, ys)
    Z = f(np.stack([X, Y], axis=-1).reshape(-1, 2)).reshape(X.shape)
    fig = plt.figure()
    ax = fig.add_subplot()
    ax.contourf(X, Y, Z, 30)
    for name in paths:
        ax.plot(*paths[name].T, "o-", label=name)
    ax.legend(loc="best")
    return fig
