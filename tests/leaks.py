"""Finding secret code (solution code, hidden test code) in what a student receives.

A *secret line* is a line of the body of a reference function (``solutions/<id>/
solution.py``, after its signature and docstring, which the stubs keep) or of any
function in ``solutions/<id>/hidden_tests.py``. A file leaks when one of those lines
shows in it, unless the line is public anyway (it is in ``notebook.py``, the public
tests or a stub's docstring) or the student wrote it (it is in their own submission).
"""

from __future__ import annotations

import html.parser
import json
from pathlib import Path

from autograder.authoring import function_sources, public_and_secret_lines
from autograder.course import AssignmentFiles

#: Shorter lines (``pass``, ``])``) say nothing about the code they come from.
MIN_LINE = 12


def secret_lines(files: AssignmentFiles) -> set[str]:
    lines = set()
    for source in function_sources(files.solution).values():
        lines.update(public_and_secret_lines(source)[1])
    for source in function_sources(files.hidden_tests).values():
        lines.update(source.splitlines()[1:])
    return {line.strip() for line in lines if len(line.strip()) >= MIN_LINE and not line.strip().startswith("#")}


def public_text(files: AssignmentFiles) -> str:
    """What students may see anyway: the notebook text, the public tests, and every
    reference function's signature and docstring (the stubs keep them)."""
    headers = "\n".join("\n".join(public_and_secret_lines(source)[0])
                        for source in function_sources(files.solution).values())
    return "\n".join([files.notebook_template.read_text(encoding="utf-8"),
                      files.public_tests.read_text(encoding="utf-8"), headers])


class _Text(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._skipping += tag in ("style", "script")

    def handle_endtag(self, tag: str) -> None:
        self._skipping -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def visible_text(path: Path) -> str:
    """What a reader of the file sees: a notebook's sources and outputs, a page's text."""
    path = Path(path)
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        parser = _Text()
        parser.feed(raw)
        return "".join(parser.parts)
    if path.suffix == ".ipynb":
        parts = []
        for cell in json.loads(raw).get("cells", []):
            parts.append(_joined(cell.get("source", "")))
            for output in cell.get("outputs", []):
                parts += [_joined(output.get("text", "")), _joined(output.get("evalue", "")),
                          *(_joined(v) for v in output.get("data", {}).values() if isinstance(v, (str, list))),
                          *(_joined(t) for t in output.get("traceback", []))]
        return "\n".join(parts)
    return raw


def _joined(value: str | list) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def leaks(text: str, secrets: set[str], *, allowed: str = "") -> list[str]:
    """The secret lines that show in ``text`` and are not in ``allowed``."""
    return sorted(line for line in secrets if line in text and line not in allowed)
