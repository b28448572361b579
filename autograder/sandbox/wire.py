"""The narrow channel between the grader and the sandboxed child.

Messages are length-prefixed JSON. Values that cross are plain data only:
``None``, booleans, numbers (including NaN and infinities), strings, lists,
dicts with string keys, NumPy arrays and torch tensors (sent as raw bytes
with an explicit dtype and shape), matplotlib figures (sent as a summary of
their axes with a bounded copy of the plotted data, see :class:`Figure`) and
references to callables that the receiving side builds itself (see
:class:`Fixture` and :class:`StudentRef`), and handles of student objects that stay
in the child (see :class:`Handle`).

Nothing is ever unpickled. The grader decodes what the child sent with
:func:`decode` and a whitelist of dtypes, so a hostile child can at worst
send wrong numbers, never code.
"""

from __future__ import annotations

import base64
import json
import math
import re
import socket
import struct
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from autograder.sandbox.figure_summary import FIGURE_MAX_ARTISTS, summarize_axes

#: Largest message either side accepts, in bytes. A student function that
#: returns more than this gets an error instead of exhausting the grader.
MAX_MESSAGE_BYTES = 64 * 1024 * 1024

#: dtypes that may cross the channel. Object arrays never do.
ALLOWED_DTYPES = frozenset(
    ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
     "float16", "float32", "float64", "complex64", "complex128"]
)

_HEADER = struct.Struct("!Q")

#: The allowed dtypes by dtype object (``dtype.name`` is computed in Python at every access: a
#: dictionary look-up is thirty times faster); a dtype not found here is named by ``dtype.name``.
_DTYPES = {name: np.dtype(name) for name in sorted(ALLOWED_DTYPES)}
_NAMES = {dtype: name for name, dtype in _DTYPES.items()}


def _dtype_name(dtype: np.dtype) -> str:
    """``dtype.name``, fast for the dtypes that may cross the channel."""
    return _NAMES.get(dtype) or dtype.name


class ChannelClosed(Exception):
    """The other side closed the channel (it exited or was killed)."""


class ProtocolError(Exception):
    """A message could not be decoded: too large, not JSON, or a bad value."""


@dataclass(frozen=True)
class Fixture:
    """A callable built on the child's side from public code.

    ``name`` is a function of :mod:`autograder.fixtures` that returns the
    callable when called with ``params`` (plain data). The grader uses this to
    hand student code a gradient function or a loss without handing over
    anything secret: the fixture library is public, only its name and
    parameters cross the channel.
    """

    name: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StudentRef:
    """A reference to one of the student's own functions, resolved in the child."""

    name: str


@dataclass(frozen=True)
class Handle:
    """A student object kept in the child's handle table, by number (``autograder.sandbox.objects``).

    ``type_name``: the type the child claims (text for messages); ``scope``: the grader's count of
    handle tables, so that a stale handle is refused. Only ``id`` is ever sent to the child.
    """

    id: int
    type_name: str = ""
    scope: int = 0


@dataclass(frozen=True)
class StepRef:
    index: int  # the result of an earlier step of the same object program (autograder.sandbox.objects)


@dataclass(frozen=True)
class Figure:
    """What the grader learns about a matplotlib figure the student returned.

    One dict per axes: ``title``, ``xlabel``, ``ylabel``, ``xscale``, ``yscale``,
    ``xlim``/``ylim`` ([low, high]), ``lines``/``collections`` (counts),
    ``legend`` (the entries' texts, or None without a legend), and the plotted data:
    ``line_data`` and ``scatter_data`` (per artist: ``label``, ``xy`` an (m, 2)
    array of at most FIGURE_MAX_POINTS evenly spaced points, ``count`` the
    original number), ``contour_data`` (``levels``, ``filled``, ``extent``
    [xmin, xmax, ymin, ymax] of the contour paths) and ``image_data`` (``extent``).
    """

    axes: list[dict[str, Any]]


@dataclass(frozen=True)
class Opaque:
    """A returned value of a type that cannot cross the channel."""

    type_name: str
    text: str


# --------------------------------------------------------------------- encoding


def _encode_float(x: float) -> Any:
    if math.isfinite(x):
        return x
    return {"__float__": repr(x)}  # 'nan', 'inf', '-inf'


def _encode_array(a: np.ndarray, *, torch_meta: dict[str, Any] | None = None) -> dict[str, Any]:
    shape = list(a.shape)  # before ascontiguousarray, which turns a 0-d array into shape (1,)
    a = np.ascontiguousarray(a)
    if not a.dtype.isnative:  # the bytes travel in this machine's order, which decode assumes
        a = a.astype(a.dtype.newbyteorder("="))
    out: dict[str, Any] = {
        "__ndarray__": base64.b64encode(a.tobytes()).decode("ascii"),
        "dtype": _dtype_name(a.dtype),
        "shape": shape,
    }
    if torch_meta is not None:
        out["torch"] = torch_meta
    return out


def encode(value: Any, *, _depth: int = 0) -> Any:
    """Turn ``value`` into JSON-compatible data (see the module docstring)."""
    if _depth > 50:
        return {"__opaque__": "nested too deeply", "text": ""}
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value if abs(value) < 2**63 else {"__float__": repr(float(value))}
    if isinstance(value, float):
        return _encode_float(value)
    if isinstance(value, np.generic):
        if _dtype_name(value.dtype) not in ALLOWED_DTYPES:
            return _opaque(value)
        if value.dtype.kind == "f" and value.dtype.itemsize < 8:  # as a 0-d array: float32 is judged as float32
            return _encode_array(np.asarray(value))
        return encode(value.item(), _depth=_depth + 1)
    if isinstance(value, np.ndarray):
        if _dtype_name(value.dtype) not in ALLOWED_DTYPES:
            return _opaque(value)
        return _encode_array(value)
    if isinstance(value, Fixture):
        return {"__fixture__": value.name, "params": encode(value.params, _depth=_depth + 1)}
    if isinstance(value, StudentRef):
        return {"__student__": value.name}
    if isinstance(value, Handle):
        return {"__handle__": value.id}
    if isinstance(value, StepRef):
        return {"__step__": value.index}
    if isinstance(value, (list, tuple)):
        items = [encode(v, _depth=_depth + 1) for v in value]
        return {"__tuple__": items} if isinstance(value, tuple) else items
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value):
            return {"__dict__": {k: encode(v, _depth=_depth + 1) for k, v in value.items()}}
        return _opaque(value)
    torch_value = _encode_torch(value)
    if torch_value is not None:
        return torch_value
    figure = _encode_figure(value)
    if figure is not None:
        return figure
    return _opaque(value)


def _opaque(value: Any) -> dict[str, Any]:
    try:
        text = repr(value)[:200]
    except Exception:  # a student's __repr__ may raise
        text = "<unprintable>"
    return {"__opaque__": type(value).__name__, "text": text}


def _encode_torch(value: Any) -> dict[str, Any] | None:
    import sys

    torch = sys.modules.get("torch")
    if torch is None or not isinstance(value, torch.Tensor):
        return None
    meta = {
        "requires_grad": bool(value.requires_grad),
        "has_grad_fn": value.grad_fn is not None,
    }
    array = value.detach().cpu().resolve_conj().resolve_neg()
    if array.dtype == torch.bfloat16:
        array = array.float()
    return _encode_array(array.numpy(), torch_meta=meta)


def _encode_figure(value: Any) -> dict[str, Any] | None:
    import sys

    figure_module = sys.modules.get("matplotlib.figure")
    if figure_module is None or not isinstance(value, figure_module.Figure):
        return None
    return {"__figure__": [encode(summarize_axes(ax)) for ax in value.get_axes()[:FIGURE_MAX_ARTISTS]]}


# --------------------------------------------------------------------- decoding


def decode(data: Any, *, resolve: Any = None, as_torch: bool = False, _depth: int = 0) -> Any:
    """Inverse of :func:`encode`.

    ``resolve`` turns ``Fixture``/``StudentRef`` markers into callables;
    only the child passes it. Without it those markers decode to the marker
    dataclasses. Tensors decode to torch tensors when ``as_torch`` is true
    (the child, which must give student code the type it asked for), and to
    :class:`TensorValue` otherwise (the grader).
    """
    if _depth > 60:
        raise ProtocolError("value nested too deeply")
    if data is None or isinstance(data, (bool, str, int, float)):
        return data
    if isinstance(data, list):
        return [decode(v, resolve=resolve, as_torch=as_torch, _depth=_depth + 1) for v in data]
    if not isinstance(data, dict):
        raise ProtocolError(f"unexpected JSON value of type {type(data).__name__}")
    if "__float__" in data:
        text = data["__float__"]
        if text not in ("nan", "inf", "-inf") and not isinstance(text, str):
            raise ProtocolError("bad float")
        return float(text)
    if "__ndarray__" in data:
        array = _decode_array(data)
        if "torch" not in data:
            return array
        if as_torch:
            import torch

            tensor = torch.from_numpy(array.copy())
            if data["torch"].get("requires_grad"):
                tensor.requires_grad_(True)
            return tensor
        return TensorValue(array, requires_grad=bool(data["torch"].get("requires_grad")),
                           has_grad_fn=bool(data["torch"].get("has_grad_fn")))
    if "__tuple__" in data:
        return tuple(decode(v, resolve=resolve, as_torch=as_torch, _depth=_depth + 1) for v in data["__tuple__"])
    if "__dict__" in data:
        return {str(k): decode(v, resolve=resolve, as_torch=as_torch, _depth=_depth + 1) for k, v in data["__dict__"].items()}
    if "__fixture__" in data:
        marker = Fixture(str(data["__fixture__"]), decode(data.get("params", {}), _depth=_depth + 1))
        return resolve(marker) if resolve else marker
    if "__student__" in data:
        marker = StudentRef(str(data["__student__"]))
        return resolve(marker) if resolve else marker
    if "__handle__" in data or "__step__" in data:
        marker = _decode_reference(data)
        return resolve(marker) if resolve else marker
    if "__figure__" in data:
        return _decode_figure(data["__figure__"], _depth=_depth)
    if "__opaque__" in data:
        return Opaque(str(data["__opaque__"]), str(data.get("text", "")))
    raise ProtocolError(f"unknown value tag {sorted(data)!r}")


def _decode_reference(data: dict[str, Any]) -> Handle | StepRef:
    number = data.get("__handle__", data.get("__step__"))
    if type(number) is not int or not 0 <= number < 2**53:
        raise ProtocolError("a handle is not a non-negative integer")
    return StepRef(number) if "__step__" in data else Handle(number, _text(data.get("type"), 100))


def _decode_figure(axes: Any, *, _depth: int) -> Figure:
    """A :class:`Figure` from its summary: every value decoded (arrays as arrays), nothing executed."""
    if not isinstance(axes, list):
        raise ProtocolError("a figure summary must be a list of axes")
    decoded = [decode(ax, _depth=_depth + 1) for ax in axes]
    if not all(isinstance(ax, dict) for ax in decoded):
        raise ProtocolError("every axes of a figure summary must be a dict")
    return Figure(axes=decoded)


def _decode_array(data: dict[str, Any]) -> np.ndarray:
    dtype = data.get("dtype")
    if dtype not in ALLOWED_DTYPES:
        raise ProtocolError(f"dtype {dtype!r} may not cross the channel")
    shape = tuple(int(s) for s in data.get("shape", ()))
    if any(s < 0 for s in shape):
        raise ProtocolError("negative dimension")
    raw = base64.b64decode(data["__ndarray__"], validate=True)
    count = math.prod(shape)
    dtype = _DTYPES[dtype]
    if len(raw) != count * dtype.itemsize:
        raise ProtocolError("array byte count does not match its shape")
    return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()


class TensorValue(np.ndarray):
    """A NumPy array that remembers it arrived as a torch tensor.

    The grader compares tensors as arrays; ``requires_grad`` and
    ``has_grad_fn`` let a check ask whether the student's result is still
    attached to the autograd graph.
    """

    requires_grad: bool
    has_grad_fn: bool

    def __new__(cls, array: np.ndarray, *, requires_grad: bool, has_grad_fn: bool) -> "TensorValue":
        obj = np.asarray(array).view(cls)
        obj.requires_grad = requires_grad
        obj.has_grad_fn = has_grad_fn
        return obj

    def __array_finalize__(self, obj: Any) -> None:
        self.requires_grad = getattr(obj, "requires_grad", False)
        self.has_grad_fn = getattr(obj, "has_grad_fn", False)


# --------------------------------------------------------------------- framing


def message_bytes(message: dict[str, Any]) -> bytes:
    """The encoded message, as :func:`send_message` sends it."""
    return json.dumps(message, allow_nan=False, separators=(",", ":")).encode("utf-8")


def batch_payload(calls: list[bytes]) -> bytes:
    """The encoded request ``{"op": "calls", "calls": [...]}`` of already encoded calls."""
    return b'{"op":"calls","calls":[' + b",".join(calls) + b"]}"


def send_message(sock: socket.socket, message: dict[str, Any] | bytes, *, clock: Any = None) -> None:
    """Send one message (a dict, or one already encoded); with ``clock`` (a function returning a float) also
    its value as ``"cpu"``, read once the message is encoded, just before it is sent (a reply in a batch)."""
    payload = message if isinstance(message, bytes) else message_bytes(message)
    if clock is not None and payload.endswith(b"}"):
        payload = payload[:-1] + (b',"cpu":' if len(payload) > 2 else b'"cpu":') + repr(float(clock())).encode() + b"}"
    if len(payload) > MAX_MESSAGE_BYTES:
        raise ProtocolError(f"message of {len(payload)} bytes exceeds the {MAX_MESSAGE_BYTES}-byte limit")
    sock.sendall(_HEADER.pack(len(payload)) + payload)


def receive_message(sock: socket.socket, *, deadline: float | None = None) -> dict[str, Any]:
    """Read one message; raises ChannelClosed on EOF and socket.timeout after ``deadline``.

    ``deadline`` is a ``time.monotonic()`` value; ``None`` waits for ever.
    """
    return _parse(_receive_payload(sock, deadline))


def receive_reply(sock: socket.socket, *, deadline: float | None = None) -> dict[str, Any]:
    """The grader's read of one reply: :func:`receive_message`, then :func:`check_reply`.

    The walk of :func:`check_reply` that replaces lone surrogates and refuses nesting deeper than
    100 levels is skipped when the raw bytes show that it would change nothing: JSON can only
    produce a lone surrogate from a ``\\uD800``-``\\uDFFF`` escape, and nesting deeper than 100
    needs more than 100 brackets.
    """
    payload = _receive_payload(sock, deadline)
    return check_reply(_parse(payload), clean=_surely_clean(payload))


def _receive_payload(sock: socket.socket, deadline: float | None) -> bytes:
    (length,) = _HEADER.unpack(_receive_exactly(sock, _HEADER.size, deadline))
    if length > MAX_MESSAGE_BYTES:
        raise ProtocolError(f"message of {length} bytes exceeds the {MAX_MESSAGE_BYTES}-byte limit")
    return _receive_exactly(sock, length, deadline)


def _parse(payload: bytes) -> dict[str, Any]:
    try:
        message = json.loads(payload, parse_int=_bounded_int)
    except (ValueError, RecursionError) as exc:  # bad UTF-8 or JSON, huge integers, absurd nesting
        raise ProtocolError(f"message is not acceptable JSON: {str(exc)[:200]}") from None
    if not isinstance(message, dict):
        raise ProtocolError("message is not a JSON object")
    return message


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def _surely_clean(payload: bytes) -> bool:
    """True if :func:`_scrub` would return the parsed ``payload`` unchanged (a conservative test).

    Only for a payload that JSON reads as UTF-8 (an object whose second byte is not zero: not UTF-16 or
    UTF-32, where the bytes of an escape are not the bytes searched for here).
    """
    if not payload.startswith(b"{") or payload[1:2] in (b"", b"\x00"):
        return False
    if payload.count(b"[") + payload.count(b"{") > 100:
        return False
    return b"\\u" not in payload or _SURROGATE_ESCAPE.search(payload) is None


#: Most decimal digits an integer on the channel may have (an int64 has 19).
MAX_INT_DIGITS = 40
_MAX_TEXT = 200_000
#: Most steps one object program may have (``autograder.sandbox.objects``).
MAX_STEPS = 100_000
_KINDS = {"exception", "not_implemented", "missing", "forbidden", "memory", "exit", "syntax", "too_large",
          "protocol"}


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError(f"an integer with {len(text)} digits")
    return int(text)


def _text(value: Any, limit: int = _MAX_TEXT) -> str:
    return value[:limit] if isinstance(value, str) else ""


_SURROGATES = re.compile("[\ud800-\udfff]")


def _scrub(data: Any, depth: int = 0) -> Any:
    """``data`` with lone surrogates (which no UTF-8 writer accepts) replaced; refuses absurd nesting."""
    if depth > 100:
        raise ProtocolError("the reply is nested too deeply")
    if isinstance(data, str):
        return _SURROGATES.sub("\ufffd", data)
    if isinstance(data, list):
        return [_scrub(item, depth + 1) for item in data]
    if isinstance(data, dict):
        return {_scrub(key, depth + 1): _scrub(value, depth + 1) for key, value in data.items()}
    return data


def check_reply(message: dict[str, Any], *, clean: bool = False) -> dict[str, Any]:
    """The grader's check of a child's reply: the shape every reader of replies relies on.

    The child runs student code, so its replies are hostile input. Returns a
    normalised copy (known keys only, strings bounded, error fields present)
    or raises :class:`ProtocolError`. Values and gradients are checked again
    when they are decoded. ``clean``: the message is known to hold no lone surrogate and no nesting
    deeper than :func:`_scrub` accepts (see :func:`receive_reply`).
    """
    if not clean:
        message = _scrub(message)
    ok = message.get("ok")
    if not isinstance(ok, bool):
        raise ProtocolError("the reply has no true/false 'ok'")
    reply: dict[str, Any] = {"ok": ok, "output": _text(message.get("output", ""))}
    if not ok:
        error = message.get("error")
        if not isinstance(error, dict):
            raise ProtocolError("a failed reply has no error description")
        kind = error.get("kind")
        reply["error"] = {"kind": kind if kind in _KINDS else "exception",
                          "type": _text(error.get("type"), 200) or "Error",
                          "message": _text(error.get("message"), 4000),
                          "traceback": _text(error.get("traceback"), 8000)}
        step = error.get("step")
        if type(step) is int and 0 <= step <= MAX_STEPS:
            reply["error"]["step"] = step  # which step of an object program failed
        return reply
    mutated = message.get("mutated", [])
    if not isinstance(mutated, list) or len(mutated) > 1000 or not all(isinstance(m, str) for m in mutated):
        raise ProtocolError("'mutated' is not a list of argument names")
    reply["mutated"] = [m[:200] for m in mutated]
    for key in ("value", "grads", "after"):
        if key in message:
            reply[key] = message[key]
    if "results" in message:  # one value per step of an object program
        if not isinstance(message["results"], list) or len(message["results"]) > MAX_STEPS:
            raise ProtocolError("'results' is not a list of at most one value per step")
        reply["results"] = message["results"]
    cpu = message.get("cpu")
    if type(cpu) is float and 0.0 <= cpu < 2**53:
        reply["cpu"] = cpu  # the child's CPU clock as it sent a reply in a batch (ChildProcess.next_reply)
    lines = message.get("lines")
    if isinstance(lines, int) and not isinstance(lines, bool) and -1 <= lines < 2**53:
        reply["lines"] = lines  # lines of student code a call ran (count_lines); anything else is dropped
    return reply


def _receive_exactly(sock: socket.socket, count: int, deadline: float | None) -> bytes:
    chunks = bytearray()
    while len(chunks) < count:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise socket.timeout("deadline passed")
            sock.settimeout(remaining)
        chunk = sock.recv(min(count - len(chunks), 1 << 20))
        if not chunk:
            raise ChannelClosed("the other side closed the channel")
        chunks += chunk
    return bytes(chunks)
