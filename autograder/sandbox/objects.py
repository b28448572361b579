"""The grader's side of driving student objects by handle: object programs and their results.

A test that grades a class writes what it wants done as a :class:`Program`, the grader
sends it to the child in one request (:mod:`autograder.sandbox.handles` runs it there), and
reads back one plain value per step::

    program = Program("Value")
    a = program.new("Value", 2.0)
    b = program.new("Value", -3.0)
    c = program.op("mul", a, b)          # the child computes a * b with Python's own dispatch
    program.call(c, "backward")
    grad = program.get(a, "grad")
    result = student.run_objects(program)
    result[grad]                         # -3.0, if the student's Value is right

A value that is not plain data comes back as a :class:`autograder.sandbox.wire.Handle`,
which later programs of the same test may use as an argument or a target. Handles belong
to one test: the grader empties the child's table before the next test, and a handle kept
from an earlier test (or made by a child that has since been replaced) is refused here,
before anything is sent.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from autograder.sandbox.failure import CallFailure
from autograder.sandbox.wire import Handle, StepRef, decode, encode

#: How each operator reads in messages.
SYMBOLS = {"add": "+", "sub": "-", "mul": "*", "truediv": "/", "pow": "**", "neg": "-", "pos": "+", "abs": "abs"}


class StaleHandle(ValueError):
    """A test used a handle of an earlier test, or of a child that has been replaced."""


@dataclass(frozen=True)
class Ref:
    """The result of one step, for later steps of the same program and for reading the result."""

    index: int
    text: str
    program: int = 0  # id() of the program it belongs to


def describe(value: Any) -> str:
    """How an argument reads in a message: ``Value(2.0)``, ``(a * b)``, ``0.5``."""
    if isinstance(value, Ref):
        return value.text
    if isinstance(value, Handle):
        return f"<{value.type_name or 'object'} #{value.id}>"
    if isinstance(value, (list, tuple)) and len(value) > 6:
        return f"[{', '.join(describe(v) for v in value[:6])}, ... ({len(value)} items)]"
    if isinstance(value, list):
        return f"[{', '.join(describe(v) for v in value)}]"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _arguments(args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    return ", ".join([describe(a) for a in args] + [f"{k}={describe(v)}" for k, v in kwargs.items()])


class Program:
    """Steps to run on student objects in the child, in order, in one request.

    ``label`` names what the program exercises (a class name): a time-out is reported
    under it, and after one time-out programs with that label are not run again.
    """

    def __init__(self, label: str) -> None:
        self.label = label
        self.steps: list[dict[str, Any]] = []
        self.texts: list[str] = []
        self.handles: list[Handle] = []

    def _add(self, step: dict[str, Any], text: str, *values: Any) -> Ref:
        for value in values:
            self._collect(value)
        self.steps.append(step)
        self.texts.append(text)
        return Ref(len(self.steps) - 1, text if len(text) <= 300 else text[:297] + "...", id(self))

    def _collect(self, value: Any) -> None:
        if isinstance(value, Handle):
            self.handles.append(value)
        elif isinstance(value, Ref) and (value.program != id(self) or not 0 <= value.index < len(self.steps)):
            raise ValueError(f"{value.text} is not a step of this program")
        elif isinstance(value, (list, tuple)):
            for item in value:
                self._collect(item)
        elif isinstance(value, dict):
            for item in value.values():
                self._collect(item)

    def new(self, cls: str, *args: Any, **kwargs: Any) -> Ref:
        """``cls(*args, **kwargs)`` with the student's class ``cls``."""
        return self._add({"kind": "new", "class": cls, "args": _encode(list(args)), "kwargs": _encode(kwargs)},
                         f"{cls}({_arguments(args, kwargs)})", args, kwargs)

    def op(self, operator: str, *operands: Any) -> Ref:
        """Apply a Python operator (``add``, ``sub``, ``mul``, ``truediv``, ``pow``, ``neg``, ...)."""
        if operator not in SYMBOLS:
            raise ValueError(f"unknown operator {operator!r}; known: {sorted(SYMBOLS)}")
        symbol = SYMBOLS[operator]
        if len(operands) == 1:
            text = f"{symbol}({describe(operands[0])})" if symbol.isalpha() else f"{symbol}{describe(operands[0])}"
        else:
            text = f"({f' {symbol} '.join(describe(o) for o in operands)})"
        return self._add({"kind": "op", "operator": operator, "operands": _encode(list(operands))}, text, operands)

    def call(self, target: Ref | Handle, method: str, *args: Any, **kwargs: Any) -> Ref:
        """``target.method(*args, **kwargs)``."""
        return self._add({"kind": "call", "target": _encode(target), "method": method, "args": _encode(list(args)),
                          "kwargs": _encode(kwargs)},
                         f"{describe(target)}.{method}({_arguments(args, kwargs)})", target, args, kwargs)

    def get(self, target: Ref | Handle, name: str) -> Ref:
        """``target.name``, sent back as plain data (or as a handle if it is not plain data)."""
        return self._add({"kind": "get", "target": _encode(target), "name": name},
                         f"{describe(target)}.{name}", target)

    def request(self, scope: int) -> dict[str, Any]:
        """The channel message; refuses handles that are not of the current ``scope``."""
        for handle in self.handles:
            if handle.scope != scope:
                raise StaleHandle(f"{describe(handle)} belongs to an earlier test or an earlier sandbox: "
                                  "handles are valid only in the test that made them")
        return {"op": "objects", "steps": self.steps}


def _encode(value: Any) -> Any:
    if isinstance(value, Ref):
        return encode(StepRef(value.index))
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {"__dict__": {str(k): _encode(v) for k, v in value.items()}}
    return encode(value)


class ProgramResult:
    """One decoded value per step; index it with the step's :class:`Ref`."""

    def __init__(self, values: list[Any]) -> None:
        self.values = values

    def __getitem__(self, ref: Ref) -> Any:
        return self.values[ref.index]

    def __len__(self) -> int:
        return len(self.values)


def program_result(program: Program, reply: dict[str, Any], scope: int) -> ProgramResult:
    """Decode a checked reply to ``program``; raises :class:`CallFailure` for a failed step or a bad reply.

    Handles in the reply get the grader's ``scope``; whatever type the child says an object
    has is kept as text for messages only.
    """
    output = str(reply.get("output", ""))
    if not reply.get("ok"):
        error = reply.get("error", {})
        step = error.get("step")
        known = isinstance(step, int) and step < len(program.texts) and error.get("kind") == "exception"
        where = f"\nwhile running: {program.texts[step]}" if known else ""
        raise CallFailure(str(error.get("kind", "exception")), str(error.get("type", "Error")),
                          str(error.get("message", "")) + where, str(error.get("traceback", "")), output)

    def rescope(marker: Any) -> Any:
        return dataclasses.replace(marker, scope=scope) if isinstance(marker, Handle) else marker

    try:
        values = decode(reply.get("results"), resolve=rescope)
    except Exception as exc:  # a malformed reply is the student's problem, not the grader's
        raise CallFailure("protocol", "ProtocolError", f"{program.label}: the grader cannot read a result: {exc}",
                          output=output) from None
    if not isinstance(values, list) or len(values) != len(program.steps):
        raise CallFailure("protocol", "ProtocolError", f"{program.label}: the reply does not have one result per step",
                          output=output)
    return ProgramResult(values)
