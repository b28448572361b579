"""Both plots written differently from the reference: contour lines (not filled) on a coarser grid, paths with
markers in one call, norms plotted against iterations counted from 1 via semilogy, legend placed explicitly.
expect: full
"""
def plot_paths(f, paths):
    xs = np.linspace(0, 10, 41)
    U, V = np.meshgrid(xs, xs, indexing="xy")
    F = f(np.stack([U.reshape(-1), V.reshape(-1)], axis=1)).reshape(U.shape)
    fig = plt.figure()
    ax = fig.add_subplot()
    ax.contour(U, V, F, 25)
    for j in range(paths.shape[1]):
        ax.plot(*paths[:, j, :].T, "o-", markersize=3)
    ax.set_xlabel("first coordinate")
    ax.set_ylabel("second coordinate")
    return fig


def plot_gradient_norms(norms):
    fig, ax = plt.subplots()
    for name in norms:
        ax.semilogy(np.arange(1, len(norms[name]) + 1), norms[name], label=name)
    ax.set(xlabel="iteration", ylabel="‖∇f‖")
    ax.legend(loc="upper right")
    return fig
