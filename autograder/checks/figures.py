"""Checks on a figure a student's function returned, from the data it plots.

The sandbox sends a :class:`~autograder.sandbox.wire.Figure`: per axes, its
labels, scales, limits, legend and a bounded copy of the plotted data. These
checks judge what the notebook asks for — the right points on the right
axes, a contour plot over the right region, a legend — and never a title's
wording. Every failure says what was found, not only what was expected.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from autograder.checks.compare import CheckFailure, show
from autograder.checks.tolerances import FLOAT32
from autograder.sandbox.wire import Figure, Opaque

#: Plotted coordinates pass through matplotlib (float64, sometimes masked or unit-converted);
#: a student may also plot float32 data. Far below any visible difference, far above rounding.
PLOT_TOLERANCE = FLOAT32


def figure_axes(got: Any, call: str) -> list[dict[str, Any]]:
    """The axes summaries of a returned Figure; a failure if something else came back."""
    if not isinstance(got, Figure):
        what = f"an object of type {got.type_name}" if isinstance(got, Opaque) else show(got)
        raise CheckFailure(f"{call} returned {what}; it must return the matplotlib Figure "
                           "(fig from fig, ax = plt.subplots(), or ax.figure).")
    if not got.axes:
        raise CheckFailure(f"{call} returned a Figure without axes: draw on axes made with plt.subplots().")
    return got.axes


def _points(artist: dict[str, Any]) -> np.ndarray:
    return np.asarray(artist.get("xy", np.zeros((0, 2))), dtype=np.float64).reshape(-1, 2)


def _same_points(got: np.ndarray, expected: np.ndarray) -> bool:
    tol = PLOT_TOLERANCE
    return got.shape == expected.shape and bool(np.allclose(got, expected, rtol=tol.rtol, atol=tol.atol,
                                                            equal_nan=True))


def _matches(artist: dict[str, Any], expected: np.ndarray) -> bool:
    """Whether an artist plots exactly these points (compared at the bounded resolution it was sent with)."""
    got = _points(artist)
    count = int(artist.get("count", len(got)))
    if count != len(expected):
        return False
    if len(got) < count:  # long curves arrive evenly subsampled; subsample the expectation the same way
        expected = expected[np.unique(np.linspace(0, count - 1, len(got)).round().astype(int))]
    return _same_points(got, expected)


def find_artist(artists: Sequence[dict[str, Any]], xy: Any) -> int | None:
    """The index of the first artist whose points are ``xy`` (an (m, 2) array of x, y), or None."""
    expected = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
    return next((i for i, artist in enumerate(artists) if _matches(artist, expected)), None)


def check_plotted(ax: dict[str, Any], xy: Any, *, kind: str, call: str, what: str) -> int:
    """Fail unless one of the axes' lines (kind "line_data") or scatters ("scatter_data") plots ``xy``.

    ``xy`` is (m, 2): x in the first column, y in the second. Plotting y against x
    (the axes swapped) and plotting other points get their own messages.
    """
    expected = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
    artists = ax.get(kind) or []
    found = find_artist(artists, expected)
    if found is not None:
        return found
    noun = "line" if kind == "line_data" else "scatter plot"
    if find_artist(artists, expected[:, ::-1]) is not None:
        raise CheckFailure(f"{call}: {what} is drawn with the axes swapped: its x coordinates are the values that "
                           "belong on the y axis.\nhint: ax.plot(x, y) and ax.scatter(x, y) take the horizontal "
                           "coordinates first")
    seen = [f"{int(a.get('count', 0))} points starting at {show(_points(a)[:2])}" for a in artists[:6]]
    raise CheckFailure(f"{call}: no {noun} on these axes draws {what} ({len(expected)} points starting at "
                       f"{show(expected[:2])}); found {len(artists)} {noun}(s)" + (f": {'; '.join(seen)}" if seen
                                                                                   else "") + ".")


def check_contour_region(ax: dict[str, Any], box: Sequence[float], *, call: str, slack: float = 0.05) -> None:
    """Fail unless the axes hold a contour plot spanning ``box`` = (xmin, xmax, ymin, ymax).

    The contour paths must stay within the box (plus ``slack`` of its size) and
    reach across most of it: contour lines need not touch the corners, but a plot
    of another region does not overlap the box the way the notebook asks.
    """
    contours = ax.get("contour_data") or []
    if not contours:
        raise CheckFailure(f"{call}: the axes hold no contour plot.\nhint: evaluate f on a grid and draw it with "
                           "ax.contour or ax.contourf on the same axes as the paths")
    xmin, xmax, ymin, ymax = (float(v) for v in box)
    width, height = xmax - xmin, ymax - ymin
    for contour in contours:
        extent = contour.get("extent") or []
        if len(extent) != 4:
            continue
        x0, x1, y0, y1 = (float(v) for v in extent)
        inside = (x0 >= xmin - slack * width and x1 <= xmax + slack * width and y0 >= ymin - slack * height
                  and y1 <= ymax + slack * height)
        spans = x1 - x0 >= 0.7 * width and y1 - y0 >= 0.7 * height
        if inside and spans:
            return
    extents = [[round(float(v), 4) for v in c.get("extent") or []] for c in contours]
    raise CheckFailure(f"{call}: the contour plot covers {extents} ([xmin, xmax, ymin, ymax]); the notebook asks for "
                       f"the contours of f on [{xmin:g}, {xmax:g}] × [{ymin:g}, {ymax:g}].\nhint: build the grid with "
                       f"np.linspace({xmin:g}, {xmax:g}, ...) for both coordinates (np.meshgrid), then one contour "
                       "call on it")


def check_legend(ax: dict[str, Any], labels: Sequence[str], *, call: str) -> None:
    """Fail unless the axes have a legend with an entry for each of ``labels``."""
    legend = ax.get("legend")
    if legend is None:
        raise CheckFailure(f"{call}: the axes have no legend, so the lines cannot be told apart.\nhint: pass "
                           "label=name to each ax.plot call, then call ax.legend()")
    missing = [label for label in labels if label not in legend]
    if missing:
        raise CheckFailure(f"{call}: the legend has the entries {list(legend)}; expected one per method, "
                           f"{list(labels)} (missing: {missing}).\nhint: pass label=name to each ax.plot call")
