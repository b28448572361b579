"""plot_paths draws the contours of f on [-10, 10]² instead of [0, 10]²; the paths are right.
expect: lost test_plot_paths_draws_each_path_over_contours
expect-message: the contour plot covers
"""
def plot_paths(f, paths):
    grid = np.linspace(-10.0, 10.0, 80)
    G1, G2 = np.meshgrid(grid, grid)
    values = np.reshape(f(np.column_stack([G1.ravel(), G2.ravel()])), G1.shape)
    fig, ax = plt.subplots()
    ax.contourf(G1, G2, values, levels=20)
    for j in range(paths.shape[1]):
        ax.plot(paths[:, j, 0], paths[:, j, 1], marker=".", color="white")
    ax.set(xlabel="$x_1$", ylabel="$x_2$", title="paths")
    return fig
