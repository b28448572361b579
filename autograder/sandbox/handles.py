"""The child's side of driving student objects by handle: a table of objects and the steps that use them.

Some assignments grade objects rather than functions (a7's ``Value`` class: build an
expression graph with ``+`` and ``*``, call ``backward()``, read every ``grad``). The
objects stay in the child; the grader sends an *object program*, a list of steps, and gets
back one plain value per step (``autograder.sandbox.objects`` builds the programs)::

    {"op": "objects", "steps": [
        {"kind": "new",  "class": "Value", "args": [2.0], "kwargs": {}},
        {"kind": "op",   "operator": "mul", "operands": [{"__step__": 0}, 3.0]},
        {"kind": "call", "target": {"__step__": 1}, "method": "backward", "args": [], "kwargs": {}},
        {"kind": "get",  "target": {"__step__": 0}, "name": "grad"}]}

A step's arguments are plain data (:func:`autograder.sandbox.wire.decode`), earlier steps'
results (``__step__``) or objects of the table (``__handle__``). A result that is plain
data (numbers, strings, arrays, tensors, and lists or tuples of those) is sent as it is;
any other object, whatever it claims to be, goes into the table and is sent as a handle.
No student object is ever converted by its own code on the way out (no ``__float__``,
``__eq__``, ``__hash__`` or ``__repr__`` is called here), so an object that lies about
itself can only make the grader see a handle where it expected a number. What student
code does run (constructors, operators, methods, attribute look-ups) runs inside the
request and under its CPU budget, like any call. The table is emptied by a
``{"op": "release"}`` request, which the grader sends before each test.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from autograder.sandbox.wire import Handle, StepRef, decode, encode

#: The operators a step may apply: Python's own dispatch, reflected forms included.
OPERATORS = {
    "add": operator.add, "sub": operator.sub, "mul": operator.mul, "truediv": operator.truediv,
    "pow": operator.pow, "neg": operator.neg, "pos": operator.pos, "abs": operator.abs,
}

_PLAIN = (type(None), bool, int, float, str)  # exact types: a subclass may override anything
_MAX_ITEMS = 10_000  # longest list or tuple sent as plain data


class UnknownHandle(LookupError):
    """A step named an object the table does not hold (released, or never made)."""


class HandleTable:
    """The student objects the grader holds handles to, by number.

    Objects are keyed by ``id()``, never by their own ``__hash__``/``__eq__``, so one
    object always gets the same number while it is in the table.
    """

    def __init__(self) -> None:
        self.objects: dict[int, Any] = {}
        self._numbers: dict[int, int] = {}  # id(object) -> number

    def add(self, value: Any) -> int:
        number = self._numbers.get(id(value))
        if number is None:
            number = len(self.objects)
            self.objects[number] = value
            self._numbers[id(value)] = number
        return number

    def get(self, number: int) -> Any:
        if number not in self.objects:
            raise UnknownHandle(f"no object with handle {number} (objects are released when a test ends)")
        return self.objects[number]

    def clear(self) -> None:
        self.objects.clear()
        self._numbers.clear()


def type_name(value: Any) -> str:
    """The name of ``value``'s type, read without calling anything the student may have overridden."""
    try:
        name = type.__dict__["__name__"].__get__(type(value))
    except Exception:  # noqa: BLE001 - a metaclass may do anything
        return "object"
    return name[:100] if type(name) is str else "object"


def export(value: Any, table: HandleTable, depth: int = 0) -> Any:
    """``value`` as channel data: plain data as itself, anything else as a handle (see the module docstring)."""
    if type(value) in _PLAIN:
        return encode(value)
    if type(value) in (np.ndarray, torch.Tensor, torch.nn.Parameter) or (
            isinstance(value, np.generic) and type(value).__module__ == "numpy"):
        return encode(value)
    if type(value) in (list, tuple) and depth < 4 and len(value) <= _MAX_ITEMS:
        items = [export(item, table, depth + 1) for item in value]
        return items if type(value) is list else {"__tuple__": items}
    return {"__handle__": table.add(value), "type": type_name(value)}


def _resolver(table: HandleTable, results: list[Any], functions: Callable[[Any], Any]):
    def resolve(marker: Any) -> Any:
        if isinstance(marker, Handle):
            return table.get(marker.id)
        if isinstance(marker, StepRef):
            if not 0 <= marker.index < len(results):
                raise UnknownHandle(f"step {marker.index} has not run yet")
            return results[marker.index]
        return functions(marker)

    return resolve


def _run_step(step: dict[str, Any], namespace: dict[str, Any], resolve: Any) -> Any:
    kind = step.get("kind")
    args = decode(step.get("args", []), resolve=resolve, as_torch=True)
    kwargs = decode(step.get("kwargs", {"__dict__": {}}), resolve=resolve, as_torch=True)
    if kind == "new":
        name = str(step.get("class"))
        if name not in namespace:
            raise NameError(f"your submission does not define {name}")
        return namespace[name](*args, **kwargs)
    if kind == "op":
        function = OPERATORS.get(str(step.get("operator")))
        if function is None:
            raise ValueError(f"unknown operator {step.get('operator')!r}")
        return function(*decode(step.get("operands", []), resolve=resolve, as_torch=True))
    target = decode(step.get("target"), resolve=resolve, as_torch=True)
    if kind == "call":
        return getattr(target, str(step.get("method")))(*args, **kwargs)
    if kind == "get":
        return getattr(target, str(step.get("name")))
    raise ValueError(f"unknown step kind {kind!r}")


def answer_objects(namespace: dict[str, Any], table: HandleTable, request: dict[str, Any], *,
                   functions: Callable[[Any], Any], describe: Callable[[BaseException], dict[str, Any]]
                   ) -> dict[str, Any]:
    """Run an object program; one exported value per step, or the first failing step's error.

    ``functions`` resolves fixture and student-function markers, ``describe`` turns an
    exception into the error of a reply (both from :mod:`autograder.sandbox.child`).
    """
    steps = request.get("steps")
    if not isinstance(steps, list):
        return {"ok": False, "error": {"kind": "protocol", "type": "ProtocolError", "traceback": "",
                                       "message": "an object program needs a list of steps"}}
    results: list[Any] = []
    sent: list[Any] = []
    resolve = _resolver(table, results, functions)
    for index, step in enumerate(steps):
        try:
            if not isinstance(step, dict):
                raise ValueError("a step must be an object")
            value = _run_step(step, namespace, resolve)
            results.append(value)
            sent.append(export(value, table) if step.get("send", True) else None)
        except BaseException as exc:  # noqa: BLE001 - student code may raise anything
            error = describe(exc)
            if isinstance(exc, NameError) and str(exc).startswith("your submission does not define"):
                error["kind"] = "missing"
            return {"ok": False, "error": {**error, "step": index}}
    return {"ok": True, "results": sent, "mutated": []}
