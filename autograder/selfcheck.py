"""Public self-checks, run by students inside their notebook.

The released notebook starts with::

    from autograder.selfcheck import SelfCheck
    selfcheck = SelfCheck("a1")

and each task ends with ``selfcheck("f_numpy", globals())``, which runs that
task's public tests — the very tests ``autograder check`` and ``autograder
grade`` run — against the functions defined in the notebook, and prints one
line per test with the same message the grader would give.

:meth:`SelfCheck.grade` runs one test, public or hidden, the same way and raises
when it fails: nbgrader's autograded test cells call it, so ``nbgrader autograde``
scores each test as ``autograder grade`` does (see :mod:`autograder.nbgrader_source`).

While a submission is being graded the cells run in the sandbox, where self-
checks do nothing (the grader runs the tests itself, on the trusted side), so
this module imports nothing heavy until a check actually runs.
"""

from __future__ import annotations

import contextlib
import inspect
import io
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
    """The spec and public tests: next to the notebook (a release), else in the course."""
    from autograder.course import Course
    from autograder.spec import load_spec

    here = Path(directory or Path.cwd())
    if (here / "spec.toml").is_file() and (here / "public_tests.py").is_file():
        spec = load_spec(here / "spec.toml")
        if spec.id == assignment:
            return spec, here / "public_tests.py"
    files = Course.locate().assignment(assignment)
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
        from autograder.student import LocalCalls

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


class GradedTestFailed(AssertionError):
    """A graded test did not pass; its message is the one ``autograder grade`` gives."""


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


def grading_course() -> Any:
    """The course whose hidden tests grade a notebook run in a kernel.

    ``$AUTOGRADER_COURSE``, else the current directory or the nearest parent with
    ``assignments/`` and ``solutions/`` (nbgrader runs the notebook in
    ``autograded/<student>/<assignment>/`` inside the course), else this checkout.
    """
    from autograder.course import Course

    if os.environ.get("AUTOGRADER_COURSE"):
        return Course.locate()
    here = Path.cwd().resolve()
    for directory in (here, *here.parents):
        if (directory / "assignments").is_dir() and (directory / "solutions").is_dir():
            return Course(directory)
    return Course.locate()


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """No prints, warnings or floating-point warnings while a graded test runs.

    The sandbox keeps the student's output from the grader's report; and nbgrader
    takes a test cell that writes to stderr for a failed one.
    """
    import numpy as np

    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink), warnings.catch_warnings(), \
            np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            yield
        finally:
            close_figures()


def close_figures() -> None:
    """Close the figures the tests' calls drew, as the sandbox does after every call,
    so that the notebook does not show them under the check."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")


class SelfCheck:
    def __init__(self, assignment: str, *, directory: Path | None = None) -> None:
        self.assignment = assignment
        self._directory = directory

    def __call__(self, task: str, namespace: dict[str, Any]) -> bool | None:
        """Run ``task``'s public tests against ``namespace``; print and return whether all passed."""
        if os.environ.get(SANDBOX_ENV):
            return None
        from autograder.student import Student
        from autograder.testing import load_module

        spec, tests_path = _locate(self.assignment, self._directory)
        tests = [t for t in spec.task(task).tests if t.visibility == "public"]
        with _grading_profile():
            module = load_module(tests_path, f"autograder_public_{spec.id}")
        calls = TimedCalls(namespace, spec.limits.call_seconds)
        fixtures = {"student": Student(calls), "code": notebook_code(namespace)}
        lines, passed = [], 0
        for test in tests:
            status, message = run_test(getattr(module, test.test), fixtures, test.test)
            close_figures()
            passed += status == "passed"
            mark = "PASS" if status == "passed" else status.upper()
            lines.append(f"  [{mark}] {test.test}")
            if message:
                lines.append(textwrap.indent(message, "      "))
        print(f"Self-check {task}: {passed} of {len(tests)} public checks passed")
        print("\n".join(lines))
        if passed == len(tests):
            print("  (the hidden tests check more cases when your work is graded)")
        return passed == len(tests)

    def grade(self, test: str, namespace: dict[str, Any]) -> None:
        """Run one test of the spec, public or hidden, as ``autograder grade`` does.

        nbgrader's autograded test cells call this (see :mod:`autograder.nbgrader_source`):
        it returns when the test passes and raises :class:`GradedTestFailed` with the
        grader's message when it does not, so the cell gets its points or none. The
        tests, and the reference for the hidden ones, come from :func:`grading_course`.
        The exception carries the message only: no frame of a hidden test or of the
        reference appears in its traceback.
        """
        __tracebackhide__ = True  # IPython and pytest leave this frame out of tracebacks
        if os.environ.get(SANDBOX_ENV):
            return None
        with _quiet():  # nothing on stderr: nbgrader would take that for a failure
            from autograder.student import Student
            from autograder.testing import load_module, reference_for

            files = grading_course().assignment(self.assignment)
            wanted = [t for t in files.spec.tests if t.test == test]
            if not wanted:
                raise LookupError(f"assignment {self.assignment} has no test {test!r}")
            spec = wanted[0]
            with _grading_profile():
                module = load_module(files.tests_file(spec.visibility), f"autograder_{spec.visibility}_{files.id}")
            calls = TimedCalls(namespace, files.spec.limits.call_seconds)
            fixtures = {"student": Student(calls), "code": notebook_code(namespace)}
            if spec.visibility == "hidden":
                fixtures["reference"] = reference_for(files)[0]
            status, message = run_test(getattr(module, test), fixtures, test)
        if status != "passed":
            raise GradedTestFailed(f"{test} ({status}, 0 of {spec.points:g} points):\n{message}")
        print(f"[PASS] {test}: {spec.points:g} of {spec.points:g} points")
