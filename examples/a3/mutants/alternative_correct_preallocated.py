"""Correct, written differently: a preallocated path, the velocity read back from the last two points, the moving average as a rescaled momentum method, norms as the square root of summed squares, a for loop with an else clause, a while loop cutting the batches, and filled contours.
expect: full
"""
def gradient_descent(grad, X0, lr, steps):
    path = np.zeros((steps + 1, *np.shape(X0)))
    current = np.array(X0, dtype=float, copy=True)
    path[0] = current
    for t in range(steps):
        current = current - lr * grad(current)
        path[t + 1] = current
    return path


def momentum_descent(grad, X0, lr, momentum, steps):
    path = np.zeros((steps + 1, *np.shape(X0)))
    path[0] = X0
    for t in range(1, steps + 1):
        last_step = path[t - 1] - path[t - 2] if t >= 2 else np.zeros(np.shape(X0))
        path[t] = path[t - 1] - lr * grad(path[t - 1]) + momentum * last_step
    return path


def ema_momentum_descent(grad, X0, lr, alpha, steps):
    # -lr D_t is a momentum step with rate lr (1 - alpha) and momentum alpha
    return momentum_descent(grad, X0, lr * (1.0 - alpha), alpha, steps)


def gradient_norms(grad, path):
    T, k, d = np.shape(path)
    G = np.asarray(grad(np.asarray(path).reshape(T * k, d))).reshape(T, k, d)
    return np.sqrt((G * G).sum(axis=2))


def descend_until_converged(derivative, x0, lr, eps, max_epochs):
    x = x0
    for epoch in range(1, max_epochs + 1):
        new = x - lr * derivative(x)
        if abs(derivative(new)) < eps:
            return new, "converged on critical point", epoch
        if abs(new - x) < eps:
            return new, "converged on x value", epoch
        x = new
    else:
        return x, "epoch limit reached", max_epochs


def minibatch_order(n, batch_size, epochs, rng):
    epochs_out = []
    for _ in range(epochs):
        shuffled = rng.permutation(n)
        batches = []
        start = 0
        while start < n:
            batches.append(shuffled[start:start + batch_size])
            start += batch_size
        epochs_out.append(batches)
    return epochs_out


def plot_paths(f, paths):
    ticks = np.linspace(0.0, 10.0, 81)
    A, B = np.meshgrid(ticks, ticks)
    Z = f(np.stack([A.ravel(), B.ravel()], axis=1)).reshape(A.shape)
    fig, ax = plt.subplots()
    ax.contourf(A, B, Z, levels=25)
    for j in range(paths.shape[1]):
        ax.plot(paths[:, j, 0], paths[:, j, 1], "w.-")
    ax.set_xlabel("first coordinate")
    ax.set_ylabel("second coordinate")
    return fig


def plot_gradient_norms(norms):
    fig = plt.figure()
    ax = fig.gca()
    for label, values in norms.items():
        ax.plot(range(len(values)), values, label=label)
    ax.set_yscale("log")
    ax.set_xlabel("iteration t")
    ax.set_ylabel("||grad f(x_t)||")
    ax.legend()
    return fig
