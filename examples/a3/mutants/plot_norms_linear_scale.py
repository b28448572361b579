"""plot_gradient_norms keeps a linear y axis, where geometric convergence hides near zero.
expect: lost test_plot_gradient_norms_returns_a_figure, test_plot_gradient_norms_one_line_per_method_on_log_scale
expect-message: ax.set_yscale('log')
"""
def plot_gradient_norms(norms):
    fig, ax = plt.subplots()
    for label, values in norms.items():
        ax.plot(values, label=label)
    ax.set_xlabel("iteration")
    ax.set_ylabel("gradient norm")
    ax.legend()
    return fig
