"""plot_optimizer_paths draws the contours over [0, 10] x [0, 10] (assignment 3's square) whatever the box.
expect: lost test_plot_optimizer_paths_draws_every_path_over_contours
expect-message: the contour plot covers
"""
def plot_optimizer_paths(f, paths, box):
    G1, G2 = np.meshgrid(np.linspace(0.0, 10.0, 80), np.linspace(0.0, 10.0, 80))
    values = f(np.column_stack([G1.ravel(), G2.ravel()])).reshape(G1.shape)
    fig, ax = plt.subplots()
    ax.contour(G1, G2, values, levels=20)
    for name, path in paths.items():
        ax.plot(path[:, 0], path[:, 1], label=name)
    ax.legend()
    return fig
