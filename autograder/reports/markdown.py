"""Per-student feedback in Markdown: the score per task, then every lost point explained."""

from __future__ import annotations

from autograder.reports.points import points as _points
from autograder.reports.safe import clean_result
from autograder.results import GradingResult


def render_markdown(result: GradingResult) -> str:
    result = clean_result(result)
    who = f" — {result.student}" if result.student else ""
    lines = [f"# Feedback: {result.assignment}{who}", "",
             f"Submission: `{result.submission}`", "",
             f"**Score: {_points(result.score)} / {_points(result.max_score)}**", ""]
    if result.sandbox and result.sandbox != "strict":
        lines += [f"Sandbox: {result.sandbox} (graded with `--sandbox=weak`)", ""]
    if result.error:
        lines += ["Your submission could not be graded:", "", f"> {result.error}", ""]
        return "\n".join(lines)
    lines += ["| task | points |", "|---|---|"]
    for task, (earned, possible) in result.task_points().items():
        lines.append(f"| {task} | {_points(earned)} / {_points(possible)} |")
    lost = [t for t in result.tests if not t.status.earns_points]
    if lost:
        lines += ["", "## What to fix", ""]
        for test in lost:
            lines += [f"### {test.task}: {test.id} ({test.status}, {_points(test.max_points)} "
                      f"point{'s' if test.max_points != 1 else ''} lost)", "", "```text",
                      test.message.replace("```", "'''") or "(no message)", "```", ""]
    else:
        lines += ["", "Every test passed."]
    if result.cells:
        lines += ["", "## Cells that did not run cleanly", "",
                  "The cells after them still ran; fix these so your notebook runs from top to bottom.", ""]
        for cell in result.cells:
            lines.append(f"- cell {cell.cell}: {cell.status}: `{cell.error.replace('`', '')}`")
    lines.append("")
    return "\n".join(lines)
