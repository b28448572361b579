"""Correct, written differently: a list of copies, the velocity with the opposite sign, an incremental moving average, einsum norms, a while loop, np.split of a shuffled arange, and contour lines with semilogy.
expect: full
"""
def gradient_descent(grad, X0, lr, steps):
    points = [np.array(X0, dtype=float)]
    for _ in range(steps):
        points.append(points[-1] - lr * grad(points[-1]))
    return np.stack(points)


def momentum_descent(grad, X0, lr, momentum, steps):
    # v = -g: v_t = lr grad + momentum v_(t-1), x_t = x_(t-1) - v_t is the same method
    x, v = np.array(X0, dtype=float), np.zeros_like(X0, dtype=float)
    points = [x]
    for _ in range(steps):
        v = momentum * v + lr * grad(x)
        x = x - v
        points.append(x)
    return np.array(points)


def ema_momentum_descent(grad, X0, lr, alpha, steps):
    x, average = np.array(X0, dtype=float), np.zeros(np.shape(X0))
    points = [x]
    for _ in range(steps):
        average = average + (1 - alpha) * (grad(x) - average)
        x = x - lr * average
        points.append(x)
    return np.array(points)


def gradient_norms(grad, path):
    path = np.asarray(path)
    G = grad(path.reshape(-1, path.shape[-1])).reshape(path.shape)
    return np.sqrt(np.einsum("tkd,tkd->tk", G, G))


def descend_until_converged(derivative, x0, lr, eps, max_epochs):
    x, taken = x0, 0
    while taken < max_epochs:
        previous, x = x, x - lr * derivative(x)
        taken += 1
        if abs(derivative(x)) < eps:
            return x, "converged on critical point", taken
        if abs(previous - x) < eps:
            return x, "converged on x value", taken
    return x, "epoch limit reached", taken


def minibatch_order(n, batch_size, epochs, rng):
    order = []
    for _ in range(epochs):
        indices = np.arange(n)
        rng.shuffle(indices)
        order.append(np.split(indices, np.arange(batch_size, n, batch_size)))
    return order


def plot_paths(f, paths):
    u = np.linspace(0, 10, 60)
    grid = np.array([[a, b] for b in u for a in u])
    fig = plt.figure()
    ax = fig.add_subplot()
    ax.contour(u, u, f(grid).reshape(len(u), len(u)), 15)
    for j in range(paths.shape[1]):
        ax.plot(*paths[:, j].T, "o-", markersize=2)
    ax.set(xlabel="x1", ylabel="x2", title="paths")
    return fig


def plot_gradient_norms(norms):
    fig, ax = plt.subplots()
    for name in norms:
        ax.semilogy(norms[name], label=name)
    ax.set_xlabel("step")
    ax.set_ylabel("norm of the gradient")
    ax.legend()
    return fig
