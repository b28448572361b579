"""A call of a student function, described once with its inputs.

A :class:`Call` holds the function's name and its arguments by name, in
order. Every message about the call (which function, which input) is built
from it by the library, so a test states the call once::

    call = Call("sgd_step", w=w, g=g, lr=0.1)
    got = call.run(student)                 # student.sgd_step(w, g, 0.1) in the sandbox
    want = call.apply(reference.sgd_step)   # the same arguments, on the trusted side
    raise call.failure("returned NaN", hint="...")

Settings the signature takes by keyword only are added with :meth:`Call.with_keywords`
(``Call("train_mlp", X=X, y=y).with_keywords(lr=0.5, epochs=5)``): they are passed by
name to the student and to :meth:`Call.apply`, after the positional inputs.

Arguments that are callables handed to the child are :class:`~autograder.sandbox.wire.Fixture`
markers (see :func:`autograder.testkit.fixtures.handed`): the student gets the
marker, :meth:`Call.apply` gets the same callable built on the trusted side,
and messages show the fixture's formula. :class:`Shown` gives any argument a
description of its own for messages. A torch tensor is sent as it is and
shown in messages as the array it holds. Descriptions (a :class:`Shown` text, a
fixture's formula, "your g") are printed as given, without quotes.
"""

from __future__ import annotations

import keyword
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from autograder import fixtures
from autograder.checks.compare import CheckFailure, describe_call, mutated_labels
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


class _Text(str):
    """A description that messages print as it is (``show`` renders values by their repr)."""

    def __repr__(self) -> str:
        return str(self)


def _shown(value: Any) -> Any:
    if type(value).__module__.startswith("torch") and hasattr(value, "detach"):
        return value.detach().cpu().numpy()  # a tensor is shown as the array it holds: shape, dtype, summarised
    if isinstance(value, Shown):
        return _Text(value.text)
    if isinstance(value, Fixture):
        return _Text(_fixture_text(value))
    if isinstance(value, StudentRef):
        return _Text(f"your {value.name}")
    return value


#: Names the sandbox's ``function.call`` keeps for itself: they cannot be passed by keyword to a student.
_RESERVED = frozenset({"forbid_autograd", "backward", "count_lines"})


class Call:
    """``function(**inputs)``: a student function's name and its arguments, in order.

    The arguments are passed positionally, in the order given; their names are
    only for messages (use the parameter names of the notebook's signature).
    Inputs added with :meth:`with_keywords` are passed by name instead.
    """

    def __init__(self, function: str, /, **inputs: Any) -> None:
        if not isinstance(function, str) or not function.isidentifier() or keyword.iskeyword(function):
            raise AuthoringError(f"Call(function, ...): function must be the name of a student function, "
                                 f"got {function!r}")
        self.function = function
        self.inputs: dict[str, Any] = dict(inputs)
        self.keywords: frozenset[str] = frozenset()

    def with_keywords(self, **keywords: Any) -> Call:
        """The same call with ``keywords`` added, passed by name (keyword-only settings of the signature)."""
        clash = sorted(set(keywords) & (set(self.inputs) | _RESERVED))
        if clash:
            raise AuthoringError(f"{self.text}.with_keywords: {', '.join(clash)} "
                                 f"{'is' if len(clash) == 1 else 'are'} already an input or reserved by the sandbox")
        call = Call(self.function, **self.inputs, **keywords)
        call.keywords = self.keywords | frozenset(keywords)
        return call

    # ------------------------------------------------------------------ descriptions

    @property
    def text(self) -> str:
        """``f(x, y, lr=…)``: the call as the student wrote the signature (the values are listed below it)."""
        keywords = [f"{name}=…" for name in self.inputs if name in self.keywords]
        return f"{self.function}({', '.join(self.positional + keywords)})"

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
    def positional(self) -> list[str]:
        """The names of the inputs passed by position, in order."""
        return [name for name in self.inputs if name not in self.keywords]

    @property
    def args(self) -> tuple[Any, ...]:
        """The positional arguments as sent to the student (fixture markers, not callables)."""
        return tuple(_sent(self.inputs[name]) for name in self.positional)

    @property
    def kwargs(self) -> dict[str, Any]:
        """The keyword arguments as sent to the student."""
        return {name: _sent(value) for name, value in self.inputs.items() if name in self.keywords}

    @property
    def local_args(self) -> tuple[Any, ...]:
        """The positional arguments for the trusted side: fixtures built into callables."""
        return tuple(_local(self.inputs[name]) for name in self.positional)

    @property
    def local_kwargs(self) -> dict[str, Any]:
        """The keyword arguments for the trusted side."""
        return {name: _local(value) for name, value in self.inputs.items() if name in self.keywords}

    def but(self, **changes: Any) -> Call:
        """The same call with some inputs replaced (or added at the end, by position); keywords stay keywords."""
        call = Call(self.function, **{**self.inputs, **changes})
        call.keywords = self.keywords
        return call

    def renamed(self, function: str) -> Call:
        """The same inputs, handed to another function (say the gradient of the one called)."""
        call = Call(function, **self.inputs)
        call.keywords = self.keywords
        return call

    def labels(self, mutated: Any) -> list[str]:
        """The input names of a :class:`CallResult`'s ``mutated`` entries (positions or keyword names)."""
        return mutated_labels(mutated, self.positional)

    # ------------------------------------------------------------------ running

    def apply(self, function: Callable[..., Any]) -> Any:
        """``function(*local_args, **local_kwargs)``: a reference or a mistake model, on the trusted side."""
        if not callable(function):
            raise AuthoringError(f"{self.text}: apply needs a function, got {type(function).__name__}")
        return function(*self.local_args, **self.local_kwargs)

    def result(self, student: Any, *, hint: str | None = None, forbid_autograd: bool = False) -> Any:
        """The student's :class:`~autograder.sandbox.session.CallResult` (value, mutated arguments).

        If the student's code raises, the test fails with the error; ``hint``
        (when given) says which convention is usually missed.
        """
        function = getattr(student, self.function)
        try:
            return function.call(*self.args, forbid_autograd=forbid_autograd, **self.kwargs)
        except StudentError as exc:
            if hint is None:
                raise
            raise self.failure(f"raised an error: {exc}", hint=hint) from None

    def run(self, student: Any, *, hint: str | None = None, forbid_autograd: bool = False) -> Any:
        """What the student's function returns for these inputs (see :meth:`result`)."""
        return self.result(student, hint=hint, forbid_autograd=forbid_autograd).value


def results(student: Any, calls: Sequence[Call]) -> list[Any]:
    """Each call's :class:`~autograder.sandbox.session.CallResult`, for calls of one function whose inputs are
    all known before the first runs (say the steps of an optimizer fed torch's states, not the student's).

    They run in order, in as few round trips to the sandbox as it allows
    (``student.f.call_many``), each within its own time limit; the first that raises
    ends the batch with the error :meth:`Call.result` would raise. The later calls
    have run when a test fails on an earlier call's value.
    """
    calls = list(calls)
    if not calls:
        return []
    if any(not isinstance(call, Call) for call in calls) or len({call.function for call in calls}) > 1:
        raise AuthoringError("results(student, calls) needs testkit Calls of one function, "
                             f"got {[getattr(call, 'text', type(call).__name__) for call in calls]}")
    return getattr(student, calls[0].function).call_many([(call.args, call.kwargs) for call in calls])
