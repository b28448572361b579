"""Per-student feedback as a standalone HTML page (same content as the Markdown feedback)."""

from __future__ import annotations

from html import escape

from autograder.reports.points import points as _points
from autograder.reports.safe import clean_result
from autograder.results import GradingResult

_STYLE = ("body{font-family:system-ui,sans-serif;max-width:56rem;margin:2rem auto;padding:0 1rem}"
          "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .6rem;text-align:left}"
          "pre{background:#f6f6f6;padding:.75rem;overflow-x:auto;white-space:pre-wrap}"
          ".passed{color:#1a7f37}.failed,.error,.timeout{color:#cf222e}")


def render_html(result: GradingResult) -> str:
    result = clean_result(result)
    who = f" — {escape(result.student)}" if result.student else ""
    title = f"Feedback: {escape(result.assignment)}{who}"
    body = [f"<h1>{title}</h1>", f"<p>Submission: <code>{escape(result.submission)}</code></p>",
            f"<p><strong>Score: {_points(result.score)} / {_points(result.max_score)}</strong></p>"]
    if result.sandbox and result.sandbox != "strict":
        body.append(f"<p>Sandbox: {escape(result.sandbox)} (graded with <code>--sandbox=weak</code>)</p>")
    if result.error:
        body.append(f"<p>Your submission could not be graded:</p><blockquote>{escape(result.error)}</blockquote>")
    else:
        rows = "".join(f"<tr><td>{escape(task)}</td><td>{_points(e)} / {_points(p)}</td></tr>"
                       for task, (e, p) in result.task_points().items())
        body.append(f"<table><tr><th>task</th><th>points</th></tr>{rows}</table>")
        lost = [t for t in result.tests if not t.status.earns_points]
        if lost:
            body.append("<h2>What to fix</h2>")
            for test in lost:
                body.append(f"<h3>{escape(test.task)}: {escape(test.id)} "
                            f"(<span class=\"{escape(test.status)}\">{escape(test.status)}</span>, "
                            f"{_points(test.max_points)} points lost)</h3><pre>{escape(test.message)}</pre>")
        else:
            body.append('<p class="passed">Every test passed.</p>')
        if result.cells:
            items = "".join(f"<li>cell {c.cell}: {escape(c.status)}: <code>{escape(c.error)}</code></li>" for c in result.cells)
            body.append(f"<h2>Cells that did not run cleanly</h2><ul>{items}</ul>")
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>"
            f"<style>{_STYLE}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")
