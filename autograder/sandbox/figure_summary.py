"""What the child sends about a matplotlib axes: labels, scales, limits, legend and the plotted data.

The data is bounded (a student's figure can hold millions of points) and plain: the
channel (:mod:`autograder.sandbox.wire`) encodes it like any other value, and the grader
checks it with :mod:`autograder.checks.figures`.
"""

from __future__ import annotations

from typing import Any

import numpy as np


#: Bounds on what a figure summary may carry: a student's figure can hold millions of points.
FIGURE_MAX_ARTISTS = 50
FIGURE_MAX_POINTS = 2000


def _bounded_points(points: Any) -> dict[str, Any]:
    """Up to FIGURE_MAX_POINTS rows of an (m, 2) array of coordinates, evenly spaced, with the total count.

    Long curves keep their first and last point; ``count`` says how many there were.
    """
    array = np.asarray(np.ma.filled(np.ma.asarray(points, dtype=np.float64), np.nan), dtype=np.float64)
    array = array.reshape(-1, 2) if array.size else np.zeros((0, 2))
    count = len(array)
    if count > FIGURE_MAX_POINTS:
        array = array[np.unique(np.linspace(0, count - 1, FIGURE_MAX_POINTS).round().astype(int))]
    return {"xy": np.ascontiguousarray(array), "count": count}


def _limits(pair: Any) -> list[float]:
    return [float(v) for v in pair]


def _axline_points(line: Any) -> tuple[list[float], list[float]] | None:
    """Two points, in data coordinates, of an infinite line drawn with ``ax.axline`` (None for other lines).

    An AxLine's own x and y data are placeholders; the line is defined by a point and a
    second point or a slope.
    """
    if type(line).__name__ != "AxLine":
        return None
    try:
        x1, y1 = (float(v) for v in line._xy1)
        if line._xy2 is not None:
            x2, y2 = (float(v) for v in line._xy2)
        else:
            x2, y2 = x1 + 1.0, y1 + float(line._slope)
    except (AttributeError, TypeError, ValueError):
        return None
    return [x1, x2], [y1, y2]


def summarize_axes(ax: Any) -> dict[str, Any]:
    """The summary of one axes: labels, scales, limits, legend and the data of its artists (bounded)."""
    legend = ax.get_legend()
    lines, scatters, contours, images = [], [], [], []
    for line in ax.get_lines()[:FIGURE_MAX_ARTISTS]:
        x, y = _axline_points(line) or (line.get_xdata(orig=False), line.get_ydata(orig=False))
        x = np.ravel(np.asarray(x, dtype=np.float64))
        y = np.ravel(np.asarray(y, dtype=np.float64))
        size = min(len(x), len(y))
        lines.append({"label": str(line.get_label()), **_bounded_points(np.column_stack([x[:size], y[:size]]))})
    for collection in ax.collections[:FIGURE_MAX_ARTISTS]:
        levels = getattr(collection, "levels", None)
        if levels is not None:  # a ContourSet (contour or contourf)
            vertices = [path.vertices for path in collection.get_paths() if len(path.vertices)]
            box = np.concatenate(vertices) if vertices else np.zeros((0, 2))
            extent = ([float(box[:, 0].min()), float(box[:, 0].max()), float(box[:, 1].min()), float(box[:, 1].max())]
                      if len(box) else [])
            contours.append({"levels": np.asarray(levels, dtype=np.float64).ravel()[:FIGURE_MAX_POINTS],
                             "filled": bool(getattr(collection, "filled", False)), "extent": extent})
        elif hasattr(collection, "get_offsets"):
            scatters.append({"label": str(collection.get_label()), **_bounded_points(collection.get_offsets())})
    for image in ax.get_images()[:FIGURE_MAX_ARTISTS]:
        images.append({"extent": [float(v) for v in image.get_extent()]})
    return {
        "title": ax.get_title(),
        "xlabel": ax.get_xlabel(),
        "ylabel": ax.get_ylabel(),
        "xscale": ax.get_xscale(),
        "yscale": ax.get_yscale(),
        "xlim": _limits(ax.get_xlim()),
        "ylim": _limits(ax.get_ylim()),
        "lines": len(ax.get_lines()),
        "collections": len(ax.collections),
        "line_data": lines,
        "scatter_data": scatters,
        "contour_data": contours,
        "image_data": images,
        "legend": None if legend is None else [text.get_text() for text in legend.get_texts()][:FIGURE_MAX_ARTISTS],
    }
