"""plot_paths returns the Axes instead of the Figure.
expect: lost test_plot_paths_returns_a_figure, test_plot_paths_draws_each_path_over_contours
expect-message: it must return the matplotlib Figure
"""
def plot_paths(f, paths):
    grid = np.linspace(0.0, 10.0, 50)
    G1, G2 = np.meshgrid(grid, grid)
    values = f(np.column_stack([G1.ravel(), G2.ravel()])).reshape(G1.shape)
    fig, ax = plt.subplots()
    ax.contourf(G1, G2, values, levels=20)
    for j in range(paths.shape[1]):
        ax.plot(paths[:, j, 0], paths[:, j, 1])
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    return ax
