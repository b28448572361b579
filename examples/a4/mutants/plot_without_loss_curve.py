"""plot_fit draws the data and both lines but forgets the loss curve (one axes only).
expect: lost test_plot_fit_draws_both_panels, test_plot_fit_plots_the_data
expect-message: it needs two axes
"""
def plot_fit(x, y, theta_closed, theta_gd, losses):
    fig, ax = plt.subplots()
    ax.scatter(x, y)
    ax.plot(x, theta_closed[0] * x + theta_closed[1])
    ax.plot(x, theta_gd[0] * x + theta_gd[1])
    ax.set(title="fits", xlabel="x", ylabel="y")
    return fig
