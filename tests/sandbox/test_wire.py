"""Does the channel carry plain data faithfully and refuse everything else?"""

from __future__ import annotations

import json
import math
import socket

import numpy as np
import pytest
import torch

from autograder.sandbox import figure_summary, wire


def roundtrip(value):
    return wire.decode(json.loads(json.dumps(wire.encode(value), allow_nan=False)))


def test_do_plain_values_survive_the_trip():
    value = {"a": [1, 2.5, None, True, "text"], "t": (1, 2)}
    assert roundtrip(value) == value


def test_do_nan_and_infinities_survive():
    out = roundtrip([math.nan, math.inf, -math.inf])
    assert math.isnan(out[0]) and out[1] == math.inf and out[2] == -math.inf


@pytest.mark.parametrize("dtype", ["float64", "float32", "int64", "bool", "complex128"])
def test_do_arrays_keep_dtype_shape_and_values(dtype):
    array = (np.arange(12).reshape(3, 4) % 3).astype(dtype)
    out = roundtrip(array)
    assert out.dtype == array.dtype and out.shape == (3, 4)
    np.testing.assert_array_equal(out, array)


@pytest.mark.parametrize("dtype", [">f8", ">f4", ">i8", "<f8"])
def test_does_an_array_in_either_byte_order_arrive_with_its_values(dtype):
    array = np.array([[1.5, -2.0], [3.25, 1e300 if dtype.endswith("8") and "f" in dtype else 7]], dtype=dtype)
    out = roundtrip(array)
    assert out.dtype.isnative and out.dtype.name == array.dtype.name
    np.testing.assert_array_equal(out, array)


def test_do_tensors_arrive_as_arrays_that_remember_autograd():
    x = torch.ones(3, requires_grad=True)
    out = roundtrip(x * 2)
    assert isinstance(out, wire.TensorValue)
    assert out.has_grad_fn and out.requires_grad
    np.testing.assert_array_equal(out, [2.0, 2.0, 2.0])
    plain = roundtrip(torch.zeros(2))
    assert not plain.has_grad_fn and not plain.requires_grad


def test_are_object_arrays_and_unknown_objects_made_opaque():
    out = roundtrip(np.array([object()], dtype=object))
    assert isinstance(out, wire.Opaque) and out.type_name == "ndarray"
    assert isinstance(roundtrip(object()), wire.Opaque)


def test_is_a_dtype_outside_the_whitelist_refused():
    forged = {"__ndarray__": "AAAA", "dtype": "object", "shape": [1]}
    with pytest.raises(wire.ProtocolError, match="may not cross"):
        wire.decode(forged)


def test_is_an_array_whose_bytes_do_not_match_its_shape_refused():
    forged = wire.encode(np.zeros(4))
    forged["shape"] = [5]
    with pytest.raises(wire.ProtocolError, match="byte count"):
        wire.decode(forged)


def test_are_callables_decoded_only_through_the_resolver():
    encoded = wire.encode([wire.Fixture("quadratic", {"A": np.eye(2), "b": np.zeros(2)}), wire.StudentRef("f")])
    markers = wire.decode(encoded)
    assert isinstance(markers[0], wire.Fixture) and markers[1] == wire.StudentRef("f")
    resolved = wire.decode(encoded, resolve=lambda marker: type(marker).__name__)
    assert resolved == ["Fixture", "StudentRef"]


def test_does_framing_reject_oversized_messages():
    ours, theirs = socket.socketpair()
    with ours, theirs:
        theirs.sendall((wire.MAX_MESSAGE_BYTES + 1).to_bytes(8, "big"))
        with pytest.raises(wire.ProtocolError, match="exceeds"):
            wire.receive_message(ours)


def test_does_receive_honour_its_deadline():
    import time

    ours, theirs = socket.socketpair()
    with ours, theirs:
        with pytest.raises(socket.timeout):
            wire.receive_message(ours, deadline=time.monotonic() + 0.05)


# --------------------------------------------------------------------- figures


def _figure():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2)
    grid = np.linspace(0.0, 10.0, 21)
    G1, G2 = np.meshgrid(grid, grid)
    left.contourf(G1, G2, G1 + 2 * G2, levels=[0.0, 10.0, 20.0, 30.0])
    left.plot([1.0, 2.0, 3.0], [4.0, 5.0, 7.0], label="path")
    left.scatter([0.5, 1.5], [2.5, 3.5], label="data")
    left.legend()
    left.set(title="T", xlabel="x", ylabel="y", xlim=(0.0, 10.0), ylim=(-1.0, 11.0))
    right.imshow(np.eye(3), extent=(0.0, 3.0, 0.0, 2.0))
    right.plot(np.arange(1.0, 5001.0) ** 2)
    right.set_yscale("log")
    return fig, plt


def test_do_figures_carry_their_plotted_data():
    fig, plt = _figure()
    try:
        out = roundtrip(fig)
    finally:
        plt.close(fig)
    assert isinstance(out, wire.Figure) and len(out.axes) == 2
    left, right = out.axes
    assert (left["title"], left["xlabel"], left["ylabel"]) == ("T", "x", "y")
    assert left["xlim"] == [0.0, 10.0] and left["ylim"] == [-1.0, 11.0]
    np.testing.assert_array_equal(left["line_data"][0]["xy"], [[1.0, 4.0], [2.0, 5.0], [3.0, 7.0]])
    assert left["line_data"][0]["label"] == "path"
    np.testing.assert_array_equal(left["scatter_data"][0]["xy"], [[0.5, 2.5], [1.5, 3.5]])
    contour = left["contour_data"][0]
    np.testing.assert_array_equal(contour["levels"], [0.0, 10.0, 20.0, 30.0])
    assert contour["filled"] and contour["extent"] == [0.0, 10.0, 0.0, 10.0]
    assert sorted(left["legend"]) == ["data", "path"]
    assert right["legend"] is None and right["yscale"] == "log"
    assert right["image_data"] == [{"extent": [0.0, 3.0, 0.0, 2.0]}]


def test_are_long_curves_bounded_but_keep_their_ends_and_count():
    fig, plt = _figure()
    try:
        line = roundtrip(fig).axes[1]["line_data"][0]
    finally:
        plt.close(fig)
    assert line["count"] == 5000 and len(line["xy"]) == figure_summary.FIGURE_MAX_POINTS
    np.testing.assert_array_equal(line["xy"][[0, -1]], [[0.0, 1.0], [4999.0, 5000.0 ** 2]])


def test_is_a_figure_summary_that_is_not_a_list_of_axes_refused():
    with pytest.raises(wire.ProtocolError):
        wire.decode({"__figure__": {"title": "x"}})
    with pytest.raises(wire.ProtocolError):
        wire.decode({"__figure__": ["not a dict"]})
