"""How a test or a notebook cell ended: one typed value shared by every layer.

The runner decides a :class:`Status` for each test, the results model stores it,
and the report writers, the batch summary, nbgrader's cells and CI read it. Both
enums are ``StrEnum``: a member *is* its string, so the JSON written by
:mod:`autograder.results` keeps exactly the strings of ``results-schema.json``
and code that compares with the plain strings still works while it is ported.
Writers map statuses to their own words with lookup tables keyed by these
members, never with chains of ``if``.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """The outcome of one test (the ``status`` of a result's test)."""

    PASSED = "passed"
    FAILED = "failed"  # a check found wrong work (or the function is nondeterministic, or forbidden)
    ERROR = "error"  # the student's function raised, is missing or not implemented, or crashed the sandbox
    TIMEOUT = "timeout"  # the function used up its time limit in this test
    NOT_RUN = "not_run"  # the function timed out in an earlier test and is not called again

    @property
    def earns_points(self) -> bool:
        return self is Status.PASSED


class CellStatus(StrEnum):
    """How a notebook cell ran in the sandbox (results list only those that are not ``OK``)."""

    OK = "ok"
    ERROR = "error"
    TIMEOUT = "timeout"
    CRASHED = "crashed"
