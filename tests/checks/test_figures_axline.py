"""Does a line drawn with ax.axline reach the grader as points on that line (not matplotlib's placeholders)?"""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from autograder.checks.figures import figure_axes  # noqa: E402
from autograder.sandbox.wire import decode, encode  # noqa: E402


def test_axline_by_slope_and_by_two_points_is_sent_in_data_coordinates():
    fig, ax = plt.subplots()
    ax.axline((0.0, 8.9), slope=1.75)
    ax.axline((1.0, 2.0), (3.0, 8.0))
    (axes,) = figure_axes(decode(encode(fig)), "plot")
    plt.close(fig)
    by_slope, by_points = (line["xy"] for line in axes["line_data"])
    assert np.allclose(by_slope[:, 1], 1.75 * by_slope[:, 0] + 8.9)
    assert np.allclose(by_points[:, 1], 3.0 * by_points[:, 0] - 1.0)
    assert len(by_slope) == len(by_points) == 2
