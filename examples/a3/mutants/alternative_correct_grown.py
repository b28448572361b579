"""Correct, written differently: a path grown with np.concatenate, the velocity as a positive step, the moving average in a while loop, np.linalg.norm on the flattened path, the step counted before the tests, a ceiling division for the number of batches, and contour lines drawn on plt.gca().
expect: full
"""
def gradient_descent(grad, X0, lr, steps):
    path = np.asarray(X0, dtype=float)[None]
    for _ in range(steps):
        path = np.concatenate([path, (path[-1] - lr * grad(path[-1]))[None]])
    return path


def momentum_descent(grad, X0, lr, momentum, steps):
    x = np.asarray(X0, dtype=float)
    step = np.zeros_like(x)
    path = [x]
    for _ in range(steps):
        step = momentum * step - lr * grad(x)
        x = x + step
        path.append(x)
    return np.stack(path, axis=0)


def ema_momentum_descent(grad, X0, lr, alpha, steps):
    x = np.asarray(X0, dtype=float)
    D = 0.0 * x
    path = [x]
    t = 0
    while t < steps:
        D = alpha * D + (1.0 - alpha) * grad(x)
        x = x - lr * D
        path.append(x)
        t += 1
    return np.array(path)


def gradient_norms(grad, path):
    path = np.asarray(path)
    flat = path.reshape(-1, path.shape[-1])
    return np.linalg.norm(grad(flat), axis=1).reshape(path.shape[:2])


def descend_until_converged(derivative, x0, lr, eps, max_epochs):
    x, steps = x0, 0
    while steps < max_epochs:
        x_new = x - lr * derivative(x)
        steps += 1
        if abs(derivative(x_new)) < eps:
            return x_new, "converged on critical point", steps
        moved = abs(x - x_new)
        x = x_new
        if moved < eps:
            return x, "converged on x value", steps
    return x, "epoch limit reached", steps


def minibatch_order(n, batch_size, epochs, rng):
    order = []
    for _ in range(epochs):
        permutation = rng.permutation(n)
        pieces = -(-n // batch_size)  # batches per epoch, the last one shorter
        order.append([permutation[i * batch_size:(i + 1) * batch_size] for i in range(pieces)])
    return order


def plot_paths(f, paths):
    side = np.linspace(0, 10, 50)
    G1, G2 = np.meshgrid(side, side)
    values = f(np.c_[G1.ravel(), G2.ravel()]).reshape(G1.shape)
    fig = plt.figure(figsize=(5, 5))
    ax = plt.gca()
    ax.contour(G1, G2, values, levels=12)
    for j in range(np.shape(paths)[1]):
        ax.plot(paths[:, j, 0], paths[:, j, 1], marker="o", markersize=3)
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    ax.set_title("paths of gradient descent")
    return fig


def plot_gradient_norms(norms):
    fig, ax = plt.subplots()
    for label in norms:
        ax.plot(norms[label], label=label)
    ax.set_yscale("log")
    ax.set(xlabel="iteration", ylabel="gradient norm")
    ax.legend()
    return fig
