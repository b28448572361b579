"""The terminal report: a per-test table, the total, then what went wrong and why."""

from __future__ import annotations

import textwrap

from autograder.reports.points import points as _points
from autograder.reports.safe import clean_result
from autograder.results import GradingResult
from autograder.status import Status

_MARK = {Status.PASSED: "ok", Status.FAILED: "FAIL", Status.ERROR: "ERROR", Status.TIMEOUT: "TIMEOUT",
         Status.NOT_RUN: "NOT RUN"}


def render_text(result: GradingResult) -> str:
    result = clean_result(result)
    lines = [f"{result.assignment}: {result.submission}"]
    if result.sandbox and result.sandbox != "strict":
        lines.append(f"  SANDBOX: {result.sandbox}: graded with --sandbox=weak")
    if result.error:
        lines += [f"  could not be graded: {result.error}",
                  f"Total: 0 / {_points(result.max_score)}", ""]
        return "\n".join(lines)
    task_width = max([len(t.task) for t in result.tests] + [4])
    test_width = max([len(t.id) for t in result.tests] + [4])
    lines.append(f"  {'task':<{task_width}}  {'test':<{test_width}}  {'points':>7}  status")
    for test in result.tests:
        points = f"{_points(test.points)}/{_points(test.max_points)}"
        lines.append(f"  {test.task:<{task_width}}  {test.id:<{test_width}}  {points:>7}  {_MARK[test.status]}")
    lines.append(f"Total: {_points(result.score)} / {_points(result.max_score)}")
    problems = [t for t in result.tests if not t.status.earns_points]
    if problems:
        lines += ["", "What went wrong:"]
        for test in problems:
            lines.append(f"- {test.task} / {test.id} ({test.status}, "
                         f"0/{_points(test.max_points)} points):")
            lines.append(textwrap.indent(test.message or "(no message)", "    "))
    if result.cells:
        lines += ["", "Notebook cells that did not run cleanly (the cells after them still ran):"]
        for cell in result.cells:
            lines.append(f"- cell {cell.cell}: {cell.status}: {cell.error}")
            if cell.traceback:
                lines.append(textwrap.indent(cell.traceback.rstrip(), "    "))
    if result.flags:
        lines += ["", "For the instructor: lines that reach into the grader's internals:"]
        lines += [f"- {flag}" for flag in result.flags]
    lines.append("")
    return "\n".join(lines)


def render_written_note(answers: tuple) -> str:
    """The written answers of an assignment (nbgrader's formgrader grades them), not in the total."""
    lines = [f"- {answer.id}: {answer.title} ({answer.points:g} points), graded by hand" for answer in answers]
    return "Not in this total:\n" + "\n".join(lines) + "\n\n" if lines else ""
