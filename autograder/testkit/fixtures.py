"""Callables handed to the student's code, and the same callables on the trusted side.

The child never receives a Python function (nothing is pickled): it receives
a :class:`~autograder.sandbox.wire.Fixture`, the name of a public builder in
:mod:`autograder.fixtures` and plain-data parameters, and builds the callable
itself. :func:`handed` validates the name and parameters at once (building
the callable on the trusted side) and returns the marker; a
:class:`~autograder.testkit.calls.Call` holding it gives the student the
marker and the reference the callable. Register new builders with
:func:`fixture` in :mod:`autograder.fixtures` (public course material).
"""

from __future__ import annotations

from typing import Any

from autograder import fixtures
from autograder.fixtures import fixture
from autograder.sandbox.wire import Fixture, StudentRef
from autograder.testkit.calls import AuthoringError


def handed(name: str, /, **params: Any) -> Fixture:
    """The marker for fixture ``name`` built from ``params``; an unknown name or bad parameters fail now."""
    try:
        fixtures.build(name, params)
    except LookupError:
        known = ", ".join(sorted(fixtures._BUILDERS))
        raise AuthoringError(f"no fixture named {name!r} in autograder.fixtures (known: {known})") from None
    except TypeError as exc:
        raise AuthoringError(f"fixture {name!r} cannot be built from {sorted(params)}: {exc}") from None
    return Fixture(name, params)


def built(marker: Fixture) -> Any:
    """The callable ``marker`` stands for, built on the trusted side."""
    return fixtures.build(marker.name, dict(marker.params))


def student_function(name: str) -> StudentRef:
    """One of the student's own functions, passed as an argument (resolved in the child)."""
    if not isinstance(name, str) or not name.isidentifier():
        raise AuthoringError(f"student_function(name): name must be a function name, got {name!r}")
    return StudentRef(name)


__all__ = ["Fixture", "StudentRef", "built", "fixture", "handed", "student_function"]
