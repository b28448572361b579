"""plot_gradient_norms draws the right lines on a log scale but adds no legend, which the notebook asks for.
expect: lost test_plot_gradient_norms_one_line_per_method_on_log_scale
expect-message: no legend
"""
def plot_gradient_norms(norms):
    fig, ax = plt.subplots()
    for label, values in norms.items():
        ax.plot(values, label=label)
    ax.set_yscale("log")
    ax.set_xlabel("iteration")
    ax.set_ylabel("gradient norm")
    return fig
