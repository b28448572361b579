"""plot_optimizer_paths labels nothing and draws no legend.
expect: lost test_plot_optimizer_paths_draws_every_path_over_contours
expect-message: no legend
"""
def plot_optimizer_paths(f, paths, box):
    xmin, xmax, ymin, ymax = box
    G1, G2 = np.meshgrid(np.linspace(xmin, xmax, 80), np.linspace(ymin, ymax, 80))
    values = f(np.column_stack([G1.ravel(), G2.ravel()])).reshape(G1.shape)
    fig, ax = plt.subplots()
    ax.contour(G1, G2, values, levels=20)
    for path in paths.values():
        ax.plot(path[:, 0], path[:, 1])
    return fig
