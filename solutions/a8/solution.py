"""Reference solution for a8 (secret: never shipped to students)."""

import matplotlib.pyplot as plt
import numpy as np

def sgd_step(w, g, lr, weight_decay):
    """One step of stochastic gradient descent, as torch.optim.SGD takes it.

    w are the parameters and g the gradient at w (arrays of the same shape).
    Weight decay adds weight_decay * w to the gradient. Returns the new
    parameters; w and g are left unchanged.
    """
    g = g + weight_decay * w
    return w - lr * g


def momentum_step(w, g, v, lr, beta, weight_decay):
    """One step of heavy-ball momentum, as torch.optim.SGD(momentum=beta) takes it.

    v is the velocity (zeros before the first step). With g' = g + weight_decay * w:
    v_new = beta * v + g', w_new = w - lr * v_new. Returns (w_new, v_new).
    """
    g = g + weight_decay * w
    v = beta * v + g
    return w - lr * v, v


def nesterov_step(w, g, v, lr, beta, weight_decay):
    """One step of Nesterov momentum, as torch.optim.SGD(momentum=beta, nesterov=True) takes it.

    With g' = g + weight_decay * w: v_new = beta * v + g', and the step looks
    ahead along the new velocity: w_new = w - lr * (g' + beta * v_new).
    Returns (w_new, v_new).
    """
    g = g + weight_decay * w
    v = beta * v + g
    return w - lr * (g + beta * v), v


def rmsprop_step(w, g, s, lr, alpha, eps, weight_decay):
    """One step of RMSProp, as torch.optim.RMSprop takes it.

    s is the moving average of squared gradients (zeros before the first
    step). With g' = g + weight_decay * w: s_new = alpha * s + (1 - alpha) * g'**2,
    w_new = w - lr * g' / (sqrt(s_new) + eps). Returns (w_new, s_new).
    """
    g = g + weight_decay * w
    s = alpha * s + (1 - alpha) * g**2
    return w - lr * g / (np.sqrt(s) + eps), s


def adam_step(w, g, m, v, t, lr, beta1, beta2, eps, weight_decay):
    """Step t (1 for the first) of Adam with bias correction, as torch.optim.Adam takes it.

    m and v are the moving averages of the gradient and of its square (zeros
    before the first step). Weight decay is coupled: g' = g + weight_decay * w
    enters both averages. Returns (w_new, m_new, v_new), the averages without
    bias correction.
    """
    g = g + weight_decay * w
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g**2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


def adamw_step(w, g, m, v, t, lr, beta1, beta2, eps, weight_decay):
    """Step t of AdamW, as torch.optim.AdamW takes it: Adam with decoupled weight decay.

    The parameters first shrink, w' = w - lr * weight_decay * w, then take
    Adam's step from w' with the plain gradient g. Returns (w_new, m_new, v_new).
    """
    return adam_step(w - lr * weight_decay * w, g, m, v, t, lr, beta1, beta2, eps, 0.0)


def optimizer_paths(grad, x0, steps, settings):
    """Run sgd, momentum, nesterov, rmsprop and adam (in this order) for `steps` steps from x0 (shape (d,)); return their paths.

    grad maps a point (d,) to the gradient there; settings maps each optimizer's
    name to its hyper-parameters (keyword arguments of its step function
    other than w, g, the state and t). Returns a dict: name -> array of shape
    (steps + 1, d), entry 0 being x0. Every state starts at zeros.
    """
    steppers = {"sgd": sgd_step, "momentum": momentum_step, "nesterov": nesterov_step,
                "rmsprop": rmsprop_step, "adam": adam_step}
    paths = {}
    for name in steppers:
        w = np.array(x0, dtype=float)
        state = [np.zeros_like(w)] * {"sgd": 0, "adam": 2}.get(name, 1)
        path = [w]
        for t in range(1, steps + 1):
            extra = {"t": t} if name == "adam" else {}
            out = steppers[name](w, grad(w), *state, **extra, **settings[name])
            w, state = (out, []) if name == "sgd" else (out[0], list(out[1:]))
            path.append(w)
        paths[name] = np.array(path)
    return paths


def plot_optimizer_paths(f, paths, box):
    """Draw the contours of f over box = (xmin, xmax, ymin, ymax) and each path on top; return the Figure.

    f maps a batch of points (m, 2) to values (m,); paths maps a name to an
    array (T, 2). One line per path, labelled with its name, and a legend.
    """
    xmin, xmax, ymin, ymax = box
    G1, G2 = np.meshgrid(np.linspace(xmin, xmax, 121), np.linspace(ymin, ymax, 121))
    values = np.reshape(f(np.column_stack([G1.ravel(), G2.ravel()])), G1.shape)
    fig, ax = plt.subplots(figsize=(7, 5))
    ax.contour(G1, G2, values, levels=25, cmap="Greys")
    for name, path in paths.items():
        ax.plot(path[:, 0], path[:, 1], marker=".", markersize=3, label=name)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.legend()
    return fig
