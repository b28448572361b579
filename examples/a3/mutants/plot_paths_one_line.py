"""plot_paths draws all paths as one long line, joining the end of each path to the start of the next.
expect: lost test_plot_paths_returns_a_figure, test_plot_paths_draws_each_path_over_contours
expect-message: one line per start
"""
def plot_paths(f, paths):
    grid = np.linspace(0.0, 10.0, 50)
    G1, G2 = np.meshgrid(grid, grid)
    values = f(np.column_stack([G1.ravel(), G2.ravel()])).reshape(G1.shape)
    fig, ax = plt.subplots()
    ax.contourf(G1, G2, values, levels=20)
    points = np.transpose(paths, (1, 0, 2)).reshape(-1, 2)
    ax.plot(points[:, 0], points[:, 1], "w.-")
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    return fig
