"""Public self-checks, run by students inside their notebook.

The released notebook starts with::

    from autograder.selfcheck import SelfCheck
    selfcheck = SelfCheck("a1")

and each task ends with ``selfcheck("f_numpy", globals())``, which runs that
task's public tests — the very tests ``autograder check`` and ``autograder
grade`` run — against the functions defined in the notebook, and shows each
test's status with the same message the grader would give (as HTML in Jupyter,
as text elsewhere: :mod:`autograder.selfcheck_view`). The last cell,
``selfcheck.progress(globals())``, shows every task's public status in a table.
The public tests come from the files the student received, next to the notebook
(:mod:`autograder.release_folder`), or from a course checkout.

Grading never runs here: ``autograder grade`` and ``nbgrader autograde`` (see
:mod:`autograder.nbgrader_grading`) run the student's cells in the sandbox and the
tests on the trusted side. Self-checks are for the student only.

While a submission is being graded the cells run in the sandbox, where self-
checks do nothing (the grader runs the tests itself, on the trusted side), so
this module imports nothing heavy until a check actually runs.
"""

from __future__ import annotations

import inspect
import os
import signal
import sys
import textwrap
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any


#: Set in the sandboxed child; self-checks stand down there.
SANDBOX_ENV = "AUTOGRADER_SANDBOX"


def _locate(assignment: str, directory: Path | None) -> tuple[Any, Path]:
    """The spec and public tests: the release next to the notebook (the kernel's working
    directory), else a course (``$AUTOGRADER_COURSE``, the current directory or this checkout)."""
    from autograder.course import Course, UnknownAssignment
    from autograder.release_folder import MissingReleaseFiles, ReleaseCourse, find_release, is_release_folder

    if directory is not None and is_release_folder(directory):
        files = ReleaseCourse(Path(directory)).assignment(assignment)
        return files.spec, files.public_tests
    try:
        files = find_release(None, assignment).assignment(assignment)
    except MissingReleaseFiles as missing:
        try:
            files = Course.locate().assignment(assignment)
        except UnknownAssignment:
            raise missing from None
    return files.spec, files.public_tests


def notebook_code(namespace: dict[str, Any]) -> str:
    """The source of the functions defined in the notebook, for the static checks."""
    parts = []
    for value in list(namespace.values()):
        if inspect.isfunction(value) and value.__module__ == namespace.get("__name__", "__main__"):
            try:
                parts.append(inspect.getsource(value))
            except (OSError, TypeError):
                continue
    return "\n\n".join(textwrap.dedent(p) for p in parts)


class _CallTimedOut(BaseException):
    """Raised into student code by the call timer."""


class TimedCalls:
    """In-process calls with the sandbox's per-call time limits.

    Like :class:`autograder.student.LocalCalls`, plus what the sandbox does about a
    function that does not return: once the call has used ``seconds`` of the
    process's CPU time (a ``SIGPROF`` timer), or the sandbox's wall-clock backstop
    for code that sleeps (``SIGALRM``), it is interrupted — so only in the main
    thread, where notebook kernels run code — and reported as a time-out, and the
    function is not called again. A self-check of an infinite loop then ends with
    the grader's message instead of hanging the kernel, nbgrader scores it as
    ``autograder grade`` does, and a busy machine changes neither.
    """

    def __init__(self, namespace: dict[str, Any], seconds: float) -> None:
        from autograder.sandbox import child  # noqa: F401 - the calls answer through it; imported here,
        from autograder.student import LocalCalls  # before any timer runs, so that its imports (pyplot,
                                                   # fixtures) never count against the first call's limit

        self._local = LocalCalls(namespace)
        self.seconds = seconds
        self._hung: dict[str, str] = {}
        self._nondeterministic: dict[str, str] = {}
        self._repeated: set[str] = set()
        # What the first call would import is not the student's time: the call machinery (numpy,
        # torch, matplotlib) and what the first backward of a process loads (sympy).
        from autograder.sandbox import child  # noqa: F401
        import torch.fx.experimental.symbolic_shapes  # noqa: F401

    def call(self, function: str, args: tuple[Any, ...] = (), kwargs: dict[str, Any] | None = None, *,
             forbid_autograd: bool = False, backward: dict[str, Any] | None = None) -> Any:
        """As the sandbox session calls: the first call of a function runs twice, to report a result
        that depends on randomness or the clock as the grader does."""
        from autograder.sandbox.repeat import outcomes_agree
        from autograder.sandbox.session import CallFailure, call_result, nondeterministic_message

        if function in self._hung:
            raise CallFailure("timeout", "Timeout", self._hung[function])
        if function in self._nondeterministic:
            raise CallFailure("nondeterministic", "Nondeterministic", self._nondeterministic[function])

        def ask(mode: str | None) -> dict[str, Any]:
            return self._local.reply(function, args, kwargs, forbid_autograd=forbid_autograd, backward=backward,
                                     repeat=mode)

        if function in self._repeated:
            return call_result(function, self._timed(function, ask, None))
        first = self._timed(function, ask, "first")
        again = self._timed(function, ask, "again")
        if not outcomes_agree(first, again):
            self._nondeterministic[function] = nondeterministic_message(function)
            raise CallFailure("nondeterministic", "Nondeterministic", self._nondeterministic[function])
        if first.get("ok"):
            self._repeated.add(function)
        return call_result(function, first)

    def run_objects(self, program: Any) -> Any:
        """An object program (:mod:`autograder.sandbox.objects`) under the same time limits; never repeated."""
        from autograder.sandbox.objects import program_result
        from autograder.sandbox.session import CallFailure

        if program.label in self._hung:
            raise CallFailure("timeout", "Timeout", self._hung[program.label])
        reply = self._timed(program.label, lambda _mode: self._local.objects_reply(program), None)
        return program_result(program, reply, self._local.handle_scope)

    def release_handles(self) -> None:
        self._local.release_handles()

    def _timed(self, function: str, ask: Any, mode: str | None) -> dict[str, Any]:
        """``ask(mode)`` under the CPU timer and the wall-clock backstop."""
        from autograder.sandbox.process import ChildFailure, Usage, wall_backstop
        from autograder.sandbox.session import CallFailure, hung_message

        if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
            return ask(mode)
        expired: list[str] = []

        def interrupt(signum: int, _frame: Any) -> None:
            expired.append("cpu" if signum == signal.SIGPROF else "wall")
            raise _CallTimedOut()

        timers = {signal.SIGPROF: (signal.ITIMER_PROF, self.seconds),
                  signal.SIGALRM: (signal.ITIMER_REAL, wall_backstop(self.seconds))}
        previous = {signum: signal.signal(signum, interrupt) for signum in timers}
        started = time.process_time()
        for timer, seconds in timers.values():
            signal.setitimer(timer, seconds, 0.5)  # again every 0.5 s if the code swallows it
        reply: dict[str, Any] = {}
        try:
            reply = ask(mode)  # an interrupt inside student code comes back as an error reply
        except _CallTimedOut:
            if not expired:
                raise
        finally:
            for signum, (timer, _seconds) in timers.items():
                signal.setitimer(timer, 0)
                signal.signal(signum, previous[signum])
        if not expired:
            return reply
        limit = expired[0]
        failure = ChildFailure("timeout", "", limit=limit, seconds=timers[
            signal.SIGPROF if limit == "cpu" else signal.SIGALRM][1], usage=Usage(cpu=time.process_time() - started))
        self._hung[function] = hung_message(function, failure, self.seconds)
        raise CallFailure("timeout", "Timeout", self._hung[function])


def run_test(function: Any, fixtures: dict[str, Any], name: str) -> tuple[str, str]:
    """Run one test function with the fixtures it asks for, seeded and deterministic.

    Returns ``(status, message)`` exactly as the grader classifies the outcome.
    """
    from autograder.testing import classify, seed_everything

    wanted = inspect.signature(function).parameters
    seed_everything()
    try:
        with _grading_profile():
            function(**{k: v for k, v in fixtures.items() if k in wanted})
        exc = None
    except BaseException as caught:  # noqa: BLE001 - report whatever the check raised
        if isinstance(caught, KeyboardInterrupt):
            raise
        exc = caught
    return classify(exc, name)


def _grading_profile() -> Any:
    """Hypothesis's ``autograder`` profile, as when grading. A ``@given`` test takes the
    profile active when its module is imported, so load test modules inside it too."""
    from autograder.testing import grading_profile

    return grading_profile()


def close_figures() -> None:
    """Close the figures the tests' calls drew, as the sandbox does after every call,
    so that the notebook does not show them under the check."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")


class SelfCheck:
    """The notebook's self-checks: ``selfcheck(task, globals())`` under each task and
    ``selfcheck.progress(globals())`` at the end (see :mod:`autograder.selfcheck_view`)."""

    def __init__(self, assignment: str, *, directory: Path | None = None) -> None:
        self.assignment = assignment
        self._directory = directory

    def __call__(self, task: str, namespace: dict[str, Any]) -> None:
        """Run ``task``'s public tests against ``namespace`` and show the result.

        Returns nothing, so that the notebook shows the result once, without an ``Out``.
        """
        if os.environ.get(SANDBOX_ENV):
            return None
        from autograder.selfcheck_view import TaskView, show

        show(TaskView(self.run(task, namespace)))
        return None

    def progress(self, namespace: dict[str, Any]) -> None:
        """Run every task's public tests and show one table: what to look at before submitting."""
        if os.environ.get(SANDBOX_ENV):
            return None
        from autograder.selfcheck_view import ProgressView, show

        show(ProgressView(self.run_all(namespace)))
        return None

    def run(self, task: str, namespace: dict[str, Any]) -> Any:
        """``task``'s public tests as a :class:`~autograder.selfcheck_view.TaskCheck` (no output)."""
        return self.run_all(namespace, [task])[0]

    def run_all(self, namespace: dict[str, Any], tasks: list[str] | None = None) -> list[Any]:
        """The public tests of ``tasks`` (default: every task with public tests), one
        :class:`~autograder.selfcheck_view.TaskCheck` each, with the grader's statuses and messages."""
        from autograder.results import TestResult
        from autograder.selfcheck_view import TaskCheck
        from autograder.student import Student
        from autograder.testing import load_module

        spec, tests_path = _locate(self.assignment, self._directory)
        with _grading_profile():
            module = load_module(tests_path, f"autograder_public_{spec.id}")
        calls = TimedCalls(namespace, spec.limits.call_seconds)
        fixtures = {"student": Student(calls), "code": notebook_code(namespace)}
        chosen = [spec.task(t) for t in tasks] if tasks else \
            [t for t in spec.tasks if any(test.visibility == "public" for test in t.tests)]
        checks = []
        for task in chosen:
            results = []
            for test in (t for t in task.tests if t.visibility == "public"):
                status, message = run_test(getattr(module, test.test), fixtures, test.test)
                close_figures()
                earned = test.points if status == "passed" else 0.0
                results.append(TestResult(test.test, task.id, earned, test.points, status, message, "public"))
            checks.append(TaskCheck(task.id, task.title, results))
        return checks
