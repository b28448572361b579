"""How self-check results look: HTML in JupyterLab, plain text in a terminal.

The results are the grader's own :class:`~autograder.results.TestResult` objects (same
status, same message); this module only presents them. :class:`TaskView` shows one
task's public checks: a coloured summary line, then for each check that did not pass
its message laid out — the call and its inputs, expected against got, the worst entry,
and the hint set apart — with long arrays folded (click to unfold). :class:`ProgressView`
shows every task of the notebook in one table. Both have ``_repr_html_`` for Jupyter and
``__str__`` for a terminal; :func:`show` picks the one the caller can display.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from autograder.results import TestResult

#: Arrays whose text is longer than this, or spans more than two lines, are folded in the HTML view.
FOLD_CHARS, FOLD_LINES = 60, 2

#: What a check says about a function the student has not written yet (a stub, or no definition).
_NOT_STARTED = ("is not implemented yet", "does not define")

_STYLE = """<style>
.ag-check{font-family:var(--jp-ui-font-family,sans-serif);font-size:13px;margin:2px 0}
.ag-summary{padding:4px 8px;border-radius:4px;font-weight:600}
.ag-pass{background:#e6f4ea;color:#1e6b34;border-left:4px solid #2e9d4c}
.ag-fail{background:#fdecea;color:#9b1c1c;border-left:4px solid #d93025}
.ag-todo{background:#f1f3f4;color:#3c4043;border-left:4px solid #9aa0a6}
.ag-test{margin:6px 0 6px 12px}
.ag-msg{font-family:var(--jp-code-font-family,monospace);font-size:12px;white-space:pre-wrap;margin:2px 0 0 12px}
.ag-line{margin:1px 0}
.ag-key{font-weight:600}
.ag-hint{background:#fff8e1;border-left:4px solid #f9ab00;padding:3px 6px;margin:4px 0;
  font-family:var(--jp-ui-font-family,sans-serif);font-size:13px;white-space:normal}
.ag-check details{display:inline}
.ag-check summary{cursor:pointer;color:#1a73e8;display:inline}
.ag-check table.ag-table{border-collapse:collapse;margin:4px 0}
.ag-check table.ag-table th,.ag-check table.ag-table td{border:1px solid #dadce0;padding:3px 8px;text-align:left}
</style>"""


@dataclass
class TaskCheck:
    """The public checks of one task, as the grader classified them."""

    task: str
    title: str
    results: list[TestResult]

    @property
    def passed(self) -> int:
        return sum(r.status == "passed" for r in self.results)

    @property
    def all_passed(self) -> bool:
        return self.passed == len(self.results)

    @property
    def state(self) -> str:
        """``passed``, ``not started`` (every check meets a stub) or ``failed``."""
        if self.all_passed:
            return "passed"
        if all(r.status == "passed" or any(text in r.message for text in _NOT_STARTED) for r in self.results):
            return "not started" if not self.passed else "failed"
        return "failed"

    @property
    def summary(self) -> str:
        return f"Self-check {self.task}: {self.passed} of {len(self.results)} public checks passed"


def _css_class(state: str) -> str:
    return {"passed": "ag-pass", "not started": "ag-todo"}.get(state, "ag-fail")


class TaskView:
    """One task's self-check, for the notebook cell under the task."""

    def __init__(self, check: TaskCheck) -> None:
        self.check = check

    def __str__(self) -> str:
        lines = [self.check.summary]
        for result in self.check.results:
            mark = "PASS" if result.status == "passed" else result.status.upper()
            lines.append(f"  [{mark}] {result.id}")
            if result.message:
                lines.extend("      " + line for line in result.message.splitlines())
        if self.check.all_passed:
            lines.append("  (the hidden tests check more cases when your work is graded)")
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        check = self.check
        parts = [_STYLE, '<div class="ag-check">',
                 f'<div class="ag-summary {_css_class(check.state)}">{_mark(check.state)} '
                 f"{html.escape(check.summary)}</div>"]
        for result in check.results:
            parts.append('<div class="ag-test">')
            parts.append(f"{_mark('passed' if result.status == 'passed' else 'failed')} "
                         f"<code>{html.escape(result.id)}</code> ({html.escape(result.status)})")
            if result.message:
                parts.append(message_html(result.message))
            parts.append("</div>")
        if check.all_passed:
            parts.append('<div class="ag-test">The hidden tests check more cases when your work is graded.</div>')
        parts.append("</div>")
        return "".join(parts)


class ProgressView:
    """Every task's public status in one table: what to look at before submitting."""

    def __init__(self, checks: list[TaskCheck]) -> None:
        self.checks = checks

    @property
    def summary(self) -> str:
        done = sum(c.all_passed for c in self.checks)
        return f"Progress: {done} of {len(self.checks)} tasks pass their public checks"

    def _rows(self) -> list[tuple[str, str, str, str]]:
        return [(c.task, c.title, f"{c.passed} of {len(c.results)}", c.state) for c in self.checks]

    def __str__(self) -> str:
        header = ("task", "title", "public checks", "status")
        rows = [header, *self._rows()]
        widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
        lines = [self.summary]
        lines += ["  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
        lines.append("  (the hidden tests check more cases when your work is graded)")
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        state = "passed" if all(c.all_passed for c in self.checks) else "failed"
        parts = [_STYLE, '<div class="ag-check ag-progress">',
                 f'<div class="ag-summary {_css_class(state)}">{html.escape(self.summary)}</div>',
                 '<table class="ag-table"><thead><tr><th>task</th><th>title</th><th>public checks</th>'
                 "<th>status</th></tr></thead><tbody>"]
        for task, title, count, status in self._rows():
            parts.append(f'<tr><td><code>{html.escape(task)}</code></td><td>{html.escape(title)}</td>'
                         f'<td>{count}</td><td class="{_css_class(status)}">{_mark(status)} {status}</td></tr>')
        parts.append("</tbody></table><div>The hidden tests check more cases when your work is graded.</div></div>")
        return "".join(parts)


def _mark(state: str) -> str:
    return {"passed": "✔", "not started": "○"}.get(state, "✘")


def logical_lines(message: str) -> list[str]:
    """The message's lines, with an array printed over several lines kept as one."""
    lines: list[str] = []
    depth = 0
    for line in message.splitlines():
        if depth > 0 and lines:
            lines[-1] += "\n" + line
        else:
            lines.append(line)
        depth = max(0, depth + line.count("[") - line.count("]"))
    return lines


_ARRAY = re.compile(r"array of shape \([\d, ]*\), \w+: ")


def fold_arrays(text: str) -> str:
    """HTML of ``text`` (escaped) with every long printed array folded into a ``<details>``."""
    out, position = [], 0
    for match in _ARRAY.finditer(text):
        start = match.end()
        end = _matching_bracket(text, start)
        if end is None:
            continue
        body = text[start:end]
        out.append(html.escape(text[position:start]))
        if len(body) > FOLD_CHARS or body.count("\n") >= FOLD_LINES:
            out.append(f"<details><summary>show values</summary>{html.escape(body)}</details>")
        else:
            out.append(html.escape(body))
        position = end
    out.append(html.escape(text[position:]))
    return "".join(out)


def _matching_bracket(text: str, start: int) -> int | None:
    """The index just past the bracketed array starting at ``text[start]``, if it is one."""
    if start >= len(text) or text[start] != "[":
        return None
    depth = 0
    for index in range(start, len(text)):
        depth += {"[": 1, "]": -1}.get(text[index], 0)
        if depth == 0:
            return index + 1
    return None


_KEYS = ("expected:", "got:", "largest error", "returned")


def message_html(message: str) -> str:
    """A grader message laid out: one block per line, keys in bold, the hint set apart."""
    parts = ['<div class="ag-msg">']
    for line in logical_lines(message):
        stripped = line.strip()
        if stripped.startswith("hint:"):
            parts.append(f'<div class="ag-hint"><b>Hint:</b> {html.escape(stripped[5:].strip())}</div>')
            continue
        key = next((k for k in _KEYS if stripped.startswith(k)), None)
        if key:
            rest = line[line.index(key) + len(key):]
            parts.append(f'<div class="ag-line"><span class="ag-key">{html.escape(key)}</span>'
                         f"{fold_arrays(rest)}</div>")
        else:
            parts.append(f'<div class="ag-line">{fold_arrays(line)}</div>')
    parts.append("</div>")
    return "".join(parts)


def show(view: TaskView | ProgressView) -> None:
    """Display ``view``: rich output in a Jupyter kernel, its text anywhere else."""
    try:
        from IPython import get_ipython
    except ImportError:
        get_ipython = None  # noqa: N806 - plain Python, no IPython installed
    shell = get_ipython() if get_ipython else None
    if shell is not None and getattr(shell, "kernel", None) is not None:
        from IPython.display import display

        display(view)
    else:
        print(view)
