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
import sys
import textwrap
from pathlib import Path
from typing import Any


#: Set in the sandboxed child; self-checks stand down there.
SANDBOX_ENV = "AUTOGRADER_SANDBOX"


def _locate(assignment: str, directory: Path | None) -> Any:
    """The assignment's files with the public tests: the release next to the notebook (the kernel's
    working directory), else a course (``$AUTOGRADER_COURSE``, the current directory or this checkout)."""
    from autograder.course import Course, UnknownAssignment
    from autograder.release_folder import MissingReleaseFiles, ReleaseCourse, find_release, is_release_folder

    if directory is not None and is_release_folder(directory):
        return ReleaseCourse(Path(directory)).assignment(assignment)
    try:
        files = find_release(None, assignment).assignment(assignment)
    except MissingReleaseFiles as missing:
        try:
            files = Course.locate().assignment(assignment)
        except UnknownAssignment:
            raise missing from None
    return files


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


def __getattr__(name: str) -> Any:
    """``TimedCalls``, the in-kernel transport's old name, imported from here without loading it early."""
    if name == "TimedCalls":
        from autograder.testrun.kernel import KernelCalls

        return KernelCalls
    raise AttributeError(name)


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
        :class:`~autograder.selfcheck_view.TaskCheck` each, with the grader's statuses and messages.

        The tests run through the grader's own runner (:func:`autograder.testrun.run_tests`);
        only the transport differs: the functions are called here, in the kernel.
        """
        from autograder.selfcheck_view import TaskCheck
        from autograder.student import Student
        from autograder.testrun import run_tests
        from autograder.testrun.kernel import KernelCalls

        files = _locate(self.assignment, self._directory)
        spec = files.spec
        chosen = [spec.task(t) for t in tasks] if tasks else \
            [t for t in spec.tasks if any(test.visibility == "public" for test in t.tests)]
        tests = [test for task in chosen for test in task.tests if test.visibility == "public"]
        calls = KernelCalls(namespace, spec.limits.call_seconds)
        results = run_tests(files, tests, Student(calls), notebook_code(namespace), with_reference=False,
                            replay_examples=False, after_each=close_figures)
        return [TaskCheck(task.id, task.title, [r for r in results if r.task == task.id]) for task in chosen]
