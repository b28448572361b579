"""plot_fit draws the closed-form line twice and never the gradient-descent one.
expect: lost test_plot_fit_plots_the_data
expect-message: of theta_gd
"""
def plot_fit(x, y, theta_closed, theta_gd, losses):
    fig, (left, right) = plt.subplots(1, 2)
    grid = np.linspace(x.min(), x.max(), 50)
    left.scatter(x, y)
    left.plot(grid, theta_closed[0] * grid + theta_closed[1])
    left.plot(grid, theta_closed[0] * grid + theta_closed[1], "--")
    left.set(title="fits", xlabel="x", ylabel="y")
    right.plot(losses)
    right.set(title="loss", xlabel="epoch", ylabel="loss", yscale="log")
    return fig
