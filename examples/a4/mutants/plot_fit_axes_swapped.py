"""plot_fit draws the data and the fitted lines with x and y swapped; titles, labels and counts are all there.
expect: lost test_plot_fit_plots_the_data
expect-message: axes swapped
"""
def plot_fit(x, y, theta_closed, theta_gd, losses):
    fig, (left, right) = plt.subplots(1, 2)
    grid = np.linspace(x.min(), x.max(), 2)
    left.scatter(y, x)
    left.plot(theta_closed[0] * grid + theta_closed[1], grid)
    left.plot(theta_gd[0] * grid + theta_gd[1], grid)
    left.set(title="fits", xlabel="x", ylabel="y")
    right.plot(losses)
    right.set(title="loss", xlabel="epoch", ylabel="loss", yscale="log")
    return fig
