"""The student's functions as tests see them.

Tests receive a :class:`Student` and call ``student.f_numpy(X)`` as if the
function were local. When grading, the call crosses into the sandboxed child
(:class:`autograder.sandbox.session.StudentSession`); in a student's own
notebook, the self-checks use :class:`LocalCalls`, which runs the same request
in-process so that both paths return the same types and raise the same errors.

Failures of student code surface as exceptions:

- :class:`StudentError` (an ``Exception``): the function raised. Hypothesis
  treats it as a failure and shrinks the input, so the student sees the
  smallest input that breaks their code.
- :class:`StudentAborted` and its subclasses (``BaseException``): the function
  is missing, not implemented, forbidden, hung, nondeterministic or crashed the
  sandbox, or it hung in an earlier test and is not called again. These end the
  test at once; there is nothing to learn from shrinking them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from autograder.sandbox.objects import Program, ProgramResult, program_result
from autograder.sandbox.session import CallFailure, CallResult, call_request, call_result
from autograder.status import Status


class StudentError(Exception):
    """The student's function raised an exception."""


class StudentAborted(BaseException):
    """The test cannot go on: ``status`` says how it ends."""

    status = Status.ERROR


class NotImplementedByStudent(StudentAborted):
    pass


class MissingFunction(StudentAborted):
    pass


class ForbiddenOperation(StudentAborted):
    status = Status.FAILED


class StudentTimeout(StudentAborted):
    status = Status.TIMEOUT

    def __init__(self, message: str, function: str = "") -> None:
        super().__init__(message)
        self.function = function


class NotRunAfterTimeout(StudentAborted):
    """The function timed out in an earlier test and is not called again."""

    status = Status.NOT_RUN


class NondeterministicFunction(StudentAborted):
    """Two calls with the same input gave different results (see :mod:`autograder.sandbox.repeat`)."""

    status = Status.FAILED


class StudentCrashed(StudentAborted):
    pass


class Calls(Protocol):
    def call(self, function: str, args: tuple[Any, ...] = (), kwargs: dict[str, Any] | None = None, *,
             forbid_autograd: bool = False, backward: dict[str, Any] | None = None,
             count_lines: bool = False) -> CallResult: ...

    def run_objects(self, program: Program) -> ProgramResult: ...

    def release_handles(self) -> None: ...


class LocalCalls:
    """Calls into a namespace in this process (the notebook's own globals)."""

    def __init__(self, namespace: dict[str, Any]) -> None:
        from autograder.sandbox.handles import HandleTable

        self.namespace = namespace
        self._table = HandleTable()
        self.handle_scope = 0

    def run_objects(self, program: Program) -> ProgramResult:
        """Run an object program on the notebook's own objects (see :mod:`autograder.sandbox.objects`)."""
        return program_result(program, self.objects_reply(program), self.handle_scope)

    def objects_reply(self, program: Program) -> dict[str, Any]:
        """The (checked) reply the sandboxed child would send to ``program``."""
        from autograder.sandbox import child, repeat
        from autograder.sandbox.handles import answer_objects
        from autograder.sandbox.wire import check_reply

        repeat.seed_global_random()  # as the child does: an object program's draws depend on it alone
        reply = answer_objects(self.namespace, self._table, program.request(self.handle_scope),
                               functions=child._resolve(self.namespace), describe=child._describe)
        return check_reply(reply)

    def release_handles(self) -> None:
        self._table.clear()
        self.handle_scope += 1

    def call(self, function: str, args: tuple[Any, ...] = (), kwargs: dict[str, Any] | None = None, *,
             forbid_autograd: bool = False, backward: dict[str, Any] | None = None,
             count_lines: bool = False) -> CallResult:
        return call_result(function, self.reply(function, args, kwargs, forbid_autograd=forbid_autograd,
                                                backward=backward, count_lines=count_lines))

    def reply(self, function: str, args: tuple[Any, ...] = (), kwargs: dict[str, Any] | None = None, *,
              forbid_autograd: bool = False, backward: dict[str, Any] | None = None,
              repeat: str | None = None, count_lines: bool = False) -> dict[str, Any]:
        """The reply the sandboxed child would send (``repeat``: see :mod:`autograder.sandbox.repeat`)."""
        from autograder.sandbox import child

        request = call_request(function, args, kwargs, forbid_autograd=forbid_autograd, backward=backward,
                               count_lines=count_lines)
        if repeat:
            request["repeat"] = repeat
        return child.answer_call(self.namespace, request)


def _raise_for(function: str, failure: CallFailure) -> None:
    # Show the traceback only when it points into the student's cells.
    detail = f"\n{failure.traceback.rstrip()}" if 'File "<cell' in failure.traceback else ""
    if failure.kind == "not_implemented":
        raise NotImplementedByStudent(f"{function} is not implemented yet ({failure.message})")
    if failure.kind == "missing":
        raise MissingFunction(f"{failure.message}: define it with exactly this name")
    if failure.kind == "forbidden":
        raise ForbiddenOperation(f"{function}: {failure.message}{detail}")
    if failure.kind == "timeout":
        raise StudentTimeout(failure.message, function)
    if failure.kind == "nondeterministic":
        raise NondeterministicFunction(failure.message)
    if failure.kind in ("crashed", "protocol", "too_large"):
        raise StudentCrashed(failure.message)
    if failure.kind == "memory":
        raise StudentCrashed(f"{function} ran out of memory ({failure.error_type}: {failure.message})")
    if failure.kind == "exit":
        raise StudentCrashed(f"{function}: {failure.message}; functions must return, not exit")
    raise StudentError(f"{function} raised {failure.error_type}: {failure.message}{detail}")


class _Timeouts:
    """Which test each function timed out in, so that later tests can say why they did not run."""

    def __init__(self) -> None:
        self.test = ""  # the test running now
        self.first: dict[str, str] = {}  # function -> the test in which it timed out

    def raise_for(self, function: str, failure: CallFailure) -> None:
        if failure.kind == "timeout":
            self.first.setdefault(function, self.test)
        elif failure.kind == "not_run":
            where = self.first.get(function)
            if where is None or where == self.test:  # the same test calls it again: it is still this time-out
                raise StudentTimeout(failure.message, function)
            raise NotRunAfterTimeout(f"not run: {function} timed out in {where}")
        _raise_for(function, failure)


class RemoteFunction:
    """One student function; calling it returns the decoded value."""

    def __init__(self, calls: Calls, name: str, timeouts: _Timeouts | None = None) -> None:
        self._calls = calls
        self._timeouts = timeouts or _Timeouts()
        self.__name__ = name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.call(*args, **kwargs).value

    def call(self, *args: Any, forbid_autograd: bool = False, backward: dict[str, Any] | None = None,
             count_lines: bool = False, **kwargs: Any) -> CallResult:
        """Call and return everything the child reported (value, mutated arguments, gradients, lines run)."""
        extra = {"count_lines": True} if count_lines else {}  # only asked for when wanted: not every transport counts
        try:
            return self._calls.call(self.__name__, args, kwargs, forbid_autograd=forbid_autograd, backward=backward,
                                    **extra)
        except CallFailure as failure:
            self._timeouts.raise_for(self.__name__, failure)
            raise  # unreachable: raise_for always raises

    def call_many(self, calls: Iterable[tuple[tuple[Any, ...], dict[str, Any] | None]], *,
                  forbid_autograd: bool = False, backward: dict[str, Any] | None = None,
                  count_lines: bool = False) -> list[CallResult]:
        """``[f.call(*args, **kwargs) for args, kwargs in calls]`` (with the same options), in fewer round trips
        to the sandbox where the transport can batch them (:meth:`StudentSession.call_many`).

        The same calls run in the same order; the first that fails raises what ``f.call`` raises for it and
        the later ones do not run. For independent calls whose inputs are known before the first one runs.
        """
        calls = [(tuple(args), dict(kwargs or {})) for args, kwargs in calls]
        extra = {"count_lines": True} if count_lines else {}
        many = getattr(self._calls, "call_many", None)
        try:
            if many is not None:
                return many(self.__name__, calls, forbid_autograd=forbid_autograd, backward=backward, **extra)
            return [self._calls.call(self.__name__, args, kwargs, forbid_autograd=forbid_autograd,
                                     backward=backward, **extra) for args, kwargs in calls]
        except CallFailure as failure:
            self._timeouts.raise_for(self.__name__, failure)
            raise  # unreachable: raise_for always raises

    def map(self, arguments: Iterable[tuple[Any, ...]]) -> list[Any]:
        """``[f(*args) for args in arguments]``, batched as :meth:`call_many`: the values only."""
        return [result.value for result in self.call_many((tuple(args), None) for args in arguments)]

    def __repr__(self) -> str:
        return f"<student function {self.__name__}>"


class Student:
    """Attribute access gives the student's functions: ``student.f_numpy(X)``."""

    def __init__(self, calls: Calls) -> None:
        self._calls = calls
        self._timeouts = _Timeouts()

    def __getattr__(self, name: str) -> RemoteFunction:
        if name.startswith("_"):
            raise AttributeError(name)
        return RemoteFunction(self._calls, name, self._timeouts)

    def current_test(self, name: str) -> None:
        """Called by the grader as each test starts (not a student function: methods come first).

        Objects held by handle in the previous test are released.
        """
        self._timeouts.test = name
        release = getattr(self._calls, "release_handles", None)
        if release is not None:
            release()

    def run_objects(self, program: Program) -> ProgramResult:
        """Run an object program (:mod:`autograder.sandbox.objects`) on the student's objects.

        Failures raise as calls do (:class:`StudentError`, :class:`StudentTimeout`, ...), under
        ``program.label``.
        """
        try:
            return self._calls.run_objects(program)
        except CallFailure as failure:
            self._timeouts.raise_for(program.label, failure)
            raise  # unreachable: raise_for always raises

    def __repr__(self) -> str:
        return "<student submission>"
