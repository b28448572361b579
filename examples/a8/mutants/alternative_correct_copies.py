"""Correct with in-place arithmetic on copies (the caller's arrays are left alone), a while loop over the steps and one state tuple per optimizer.
expect: full
"""
def sgd_step(w, g, lr, weight_decay):
    w = w.copy()
    w -= lr * (g + weight_decay * w)
    return w


def momentum_step(w, g, v, lr, beta, weight_decay):
    v = v.copy()
    v *= beta
    v += g + weight_decay * w
    return w - lr * v, v


def nesterov_step(w, g, v, lr, beta, weight_decay):
    d = g + weight_decay * w
    v = v * beta
    v += d
    w = w.copy()
    w -= lr * (d + beta * v)
    return w, v


def rmsprop_step(w, g, s, lr, alpha, eps, weight_decay):
    d = g + weight_decay * w
    s = s.copy()
    s *= alpha
    s += (1 - alpha) * np.square(d)
    return w - lr * d / (np.sqrt(s) + eps), s


def optimizer_paths(grad, x0, steps, settings):
    paths = {}
    for name, step in [("sgd", sgd_step), ("momentum", momentum_step), ("nesterov", nesterov_step),
                       ("rmsprop", rmsprop_step), ("adam", adam_step)]:
        w = np.array(x0, dtype=float)
        state = () if name == "sgd" else (np.zeros_like(w),) * (2 if name == "adam" else 1)
        path, t = [w.copy()], 0
        while t < steps:
            t += 1
            if name == "sgd":
                w = step(w, grad(w), **settings[name])
            elif name == "adam":
                w, *state = step(w, grad(w), *state, t, **settings[name])
            else:
                w, *state = step(w, grad(w), *state, **settings[name])
            path.append(w.copy())
        paths[name] = np.stack(path)
    return paths
