"""Public self-checks, run by students inside their notebook.

The released notebook starts with::

    from autograder.selfcheck import SelfCheck
    selfcheck = SelfCheck("a1")

and each task ends with ``selfcheck("f_numpy", globals())``, which runs that
task's public tests — the very tests ``autograder check`` and ``autograder
grade`` run — against the functions defined in the notebook, and prints one
line per test with the same message the grader would give.

While a submission is being graded the cells run in the sandbox, where self-
checks do nothing (the grader runs the tests itself, on the trusted side), so
this module imports nothing heavy until a check actually runs.
"""

from __future__ import annotations

import inspect
import os
import textwrap
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


class SelfCheck:
    def __init__(self, assignment: str, *, directory: Path | None = None) -> None:
        self.assignment = assignment
        self._directory = directory

    def __call__(self, task: str, namespace: dict[str, Any]) -> bool | None:
        """Run ``task``'s public tests against ``namespace``; print and return whether all passed."""
        if os.environ.get(SANDBOX_ENV):
            return None
        from hypothesis import settings

        from autograder.student import LocalCalls, Student
        from autograder.testing import classify, load_module, seed_everything

        spec, tests_path = _locate(self.assignment, self._directory)
        tests = [t for t in spec.task(task).tests if t.visibility == "public"]
        module = load_module(tests_path, f"autograder_public_{spec.id}")
        fixtures = {"student": Student(LocalCalls(namespace)), "code": notebook_code(namespace)}
        lines, passed = [], 0
        previous = settings._current_profile
        settings.load_profile("autograder")
        try:
            for test in tests:
                function = getattr(module, test.test)
                wanted = inspect.signature(function).parameters
                seed_everything()
                try:
                    function(**{k: v for k, v in fixtures.items() if k in wanted})
                    exc = None
                except BaseException as caught:  # noqa: BLE001 - report whatever the check raised
                    if isinstance(caught, KeyboardInterrupt):
                        raise
                    exc = caught
                status, message = classify(exc, test.test)
                passed += status == "passed"
                mark = "PASS" if status == "passed" else status.upper()
                lines.append(f"  [{mark}] {test.test}")
                if message:
                    lines.append(textwrap.indent(message, "      "))
        finally:
            settings.load_profile(previous)
        print(f"Self-check {task}: {passed} of {len(tests)} public checks passed")
        print("\n".join(lines))
        if passed == len(tests):
            print("  (the hidden tests check more cases when your work is graded)")
        return passed == len(tests)
