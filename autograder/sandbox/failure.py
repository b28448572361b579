"""How a call into student code that returned no value is reported to the grader.

Its own module so that both the session (calls) and the object programs (:mod:`objects`)
raise it without importing each other; :mod:`autograder.sandbox.session` re-exports it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class CallFailure(Exception):
    """A call into student code did not return a value."""

    kind: str  # "exception", "not_implemented", "missing", "timeout", "crashed", "forbidden", ...
    error_type: str
    message: str
    traceback: str = ""
    output: str = ""

    def __str__(self) -> str:
        return self.message
