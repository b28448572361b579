"""plot_paths draws every path with its coordinates swapped (x2 on the horizontal axis), over a correct contour plot.
expect: lost test_plot_paths_draws_each_path_over_contours
expect-message: axes swapped
"""
def plot_paths(f, paths):
    grid = np.linspace(0.0, 10.0, 60)
    G1, G2 = np.meshgrid(grid, grid)
    values = np.reshape(f(np.column_stack([G1.ravel(), G2.ravel()])), G1.shape)
    fig, ax = plt.subplots()
    ax.contour(G1, G2, values, levels=15)
    for j in range(paths.shape[1]):
        ax.plot(paths[:, j, 1], paths[:, j, 0], marker="o")
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    return fig
