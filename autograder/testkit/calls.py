"""A call of a student function, described once with its inputs.

A :class:`Call` holds the function's name and its arguments by name, in
order. Every message about the call (which function, which input) is built
from it by the library, so a test states the call once::

    call = Call("sgd_step", w=w, g=g, lr=0.1)
    got = call.run(student)                 # student.sgd_step(w, g, 0.1) in the sandbox
    want = call.apply(reference.sgd_step)   # the same arguments, on the trusted side
    raise call.failure("returned NaN", hint="...")

Arguments that are callables handed to the child are :class:`~autograder.sandbox.wire.Fixture`
markers (see :func:`autograder.testkit.fixtures.handed`): the student gets the
marker, :meth:`Call.apply` gets the same callable built on the trusted side,
and messages show the fixture's formula. :class:`Shown` gives any argument a
description of its own for messages. A torch tensor is sent as it is and
shown in messages as the array it holds.
"""

from __future__ import annotations

import keyword
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from autograder import fixtures
from autograder.checks.compare import CheckFailure, describe_call
from autograder.sandbox.wire import Fixture, StudentRef
from autograder.student import StudentError


class AuthoringError(ValueError):
    """A test is written wrongly (not the student's fault); the message says which argument and why."""


@dataclass(frozen=True)
class Shown:
    """An argument ``value`` that messages describe as ``text`` (say ``"x -> 2x"`` for a gradient fixture)."""

    value: Any
    text: str

    def __post_init__(self) -> None:
        if not isinstance(self.text, str) or not self.text:
            raise AuthoringError(f"Shown(value, text): text must be a non-empty string, got {self.text!r}")


def _fixture_text(marker: Fixture) -> str:
    params = ", ".join(f"{k}={v!r}" if not hasattr(v, "shape") else k for k, v in marker.params.items())
    return f"{marker.name}({params})"


def _sent(value: Any) -> Any:
    """What crosses the channel for this argument."""
    return value.value if isinstance(value, Shown) else value


def _local(value: Any) -> Any:
    """What the trusted side computes with: fixtures built here, descriptions dropped."""
    value = _sent(value)
    if isinstance(value, Fixture):
        return fixtures.build(value.name, dict(value.params))
    if isinstance(value, StudentRef):
        raise AuthoringError(f"Call.apply cannot run the student's function {value.name!r} on the trusted side; "
                             "pass the reference's function instead")
    return value


def _shown(value: Any) -> Any:
    if type(value).__module__.startswith("torch") and hasattr(value, "detach"):
        return value.detach().cpu().numpy()  # a tensor is shown as the array it holds: shape, dtype, summarised
    if isinstance(value, Shown):
        return value.text
    if isinstance(value, Fixture):
        return _fixture_text(value)
    if isinstance(value, StudentRef):
        return f"your {value.name}"
    return value


class Call:
    """``function(**inputs)``: a student function's name and its arguments, in order.

    The arguments are passed positionally, in the order given; their names are
    only for messages (use the parameter names of the notebook's signature).
    """

    def __init__(self, function: str, /, **inputs: Any) -> None:
        if not isinstance(function, str) or not function.isidentifier() or keyword.iskeyword(function):
            raise AuthoringError(f"Call(function, ...): function must be the name of a student function, "
                                 f"got {function!r}")
        self.function = function
        self.inputs: dict[str, Any] = dict(inputs)

    # ------------------------------------------------------------------ descriptions

    @property
    def text(self) -> str:
        """``f(x, y)``: the call as the student wrote the signature."""
        return f"{self.function}({', '.join(self.inputs)})"

    @property
    def shown(self) -> dict[str, Any]:
        """The inputs as messages show them."""
        return {name: _shown(value) for name, value in self.inputs.items()}

    def describe(self, suffix: str = "") -> str:
        """The call and every input, one per line (``suffix`` is added to the first line)."""
        return describe_call(self.text + suffix, self.shown)

    def __str__(self) -> str:
        return self.describe()

    def __repr__(self) -> str:
        return f"Call({self.text})"

    def failure(self, what: str, *, hint: str | None = None) -> CheckFailure:
        """A failure whose message is the call, its inputs, ``what`` went wrong and an optional hint."""
        return CheckFailure(f"{self.describe()}\n{what}" + (f"\nhint: {hint}" if hint else ""))

    # ------------------------------------------------------------------ arguments

    @property
    def args(self) -> tuple[Any, ...]:
        """The arguments as sent to the student (fixture markers, not callables)."""
        return tuple(_sent(v) for v in self.inputs.values())

    @property
    def local_args(self) -> tuple[Any, ...]:
        """The arguments for the trusted side: fixtures built into callables."""
        return tuple(_local(v) for v in self.inputs.values())

    def but(self, **changes: Any) -> Call:
        """The same call with some inputs replaced (or added at the end)."""
        return Call(self.function, **{**self.inputs, **changes})

    def renamed(self, function: str) -> Call:
        """The same inputs, handed to another function (say the gradient of the one called)."""
        return Call(function, **self.inputs)

    # ------------------------------------------------------------------ running

    def apply(self, function: Callable[..., Any]) -> Any:
        """``function(*local_args)``: a reference or a mistake model, on the trusted side."""
        if not callable(function):
            raise AuthoringError(f"{self.text}: apply needs a function, got {type(function).__name__}")
        return function(*self.local_args)

    def result(self, student: Any, *, hint: str | None = None, forbid_autograd: bool = False) -> Any:
        """The student's :class:`~autograder.sandbox.session.CallResult` (value, mutated arguments).

        If the student's code raises, the test fails with the error; ``hint``
        (when given) says which convention is usually missed.
        """
        function = getattr(student, self.function)
        try:
            return function.call(*self.args, forbid_autograd=forbid_autograd)
        except StudentError as exc:
            if hint is None:
                raise
            raise self.failure(f"raised an error: {exc}", hint=hint) from None

    def run(self, student: Any, *, hint: str | None = None, forbid_autograd: bool = False) -> Any:
        """What the student's function returns for these inputs (see :meth:`result`)."""
        return self.result(student, hint=hint, forbid_autograd=forbid_autograd).value
