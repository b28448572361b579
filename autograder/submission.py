"""Reading a student's submission: a Jupyter notebook (nbformat 4) or a Python file.

Nothing here runs student code; it only reads text. A file that cannot be
graded raises :class:`InvalidSubmission` with a sentence the student can act on.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

#: Larger files are refused before they are parsed.
MAX_SUBMISSION_BYTES = 20 * 1024 * 1024

_PERCENT_CELL = re.compile(r"^# %%.*$", re.MULTILINE)
_MAGIC = re.compile(r"^(\s*)([%!].*)$")


class InvalidSubmission(Exception):
    """The file is not something the grader can run."""


@dataclass(frozen=True)
class Submission:
    path: Path
    kind: str  # "notebook" or "python"
    cells: list[tuple[int, str]]  # (cell number counted from 1, source) of each code cell
    metadata: dict  # the notebook's metadata (empty for a Python file)

    @property
    def source(self) -> str:
        """All code cells joined, as the static checks read them."""
        return "\n\n".join(source for _, source in self.cells)

    @property
    def assignment_hint(self) -> str | None:
        """The assignment id recorded in the notebook by the release, if any."""
        value = self.metadata.get("autograder", {}).get("assignment") if isinstance(self.metadata, dict) else None
        return value if isinstance(value, str) else None


def load_submission(path: Path) -> Submission:
    """Read ``path``; raises :class:`InvalidSubmission` with the reason it cannot be graded."""
    path = Path(path)
    if not path.is_file():
        raise InvalidSubmission(f"{path.name} does not exist or is not a file")
    size = path.stat().st_size
    if size == 0:
        raise InvalidSubmission(f"{path.name} is empty")
    if size > MAX_SUBMISSION_BYTES:
        raise InvalidSubmission(f"{path.name} is {size / 1e6:.1f} MB; submissions are limited to "
                                f"{MAX_SUBMISSION_BYTES / 1e6:.0f} MB (clear the outputs and save again)")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidSubmission(f"{path.name} is not a text file (it is not UTF-8)") from None
    if path.suffix == ".py":
        return Submission(path, "python", split_python_cells(text), {})
    if path.suffix == ".ipynb":
        return _load_notebook(path, text)
    raise InvalidSubmission(f"{path.name}: only .ipynb notebooks and .py files can be graded")


def split_python_cells(text: str) -> list[tuple[int, str]]:
    """Split a ``.py`` file at ``# %%`` markers (the percent format); one cell if there are none."""
    starts = [m.start() for m in _PERCENT_CELL.finditer(text)]
    if not starts:
        return [(1, text)]
    bounds = ([0] if starts[0] > 0 else []) + starts + [len(text)]
    pieces = [text[a:b] for a, b in zip(bounds, bounds[1:])]
    cells = []
    for number, piece in enumerate(pieces, start=1):
        if piece.lstrip().startswith("# %% [markdown]"):
            continue
        cells.append((number, piece))
    return cells


def _load_notebook(path: Path, text: str) -> Submission:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidSubmission(f"{path.name} is not a valid notebook: it is not valid JSON "
                                f"(line {exc.lineno}, column {exc.colno}: {exc.msg}). Was it saved "
                                "completely? Open it in Jupyter and save it again.") from None
    if not isinstance(data, dict) or "cells" not in data and "worksheets" not in data:
        raise InvalidSubmission(f"{path.name} is JSON but not a Jupyter notebook (it has no cells)")
    major = data.get("nbformat")
    if not isinstance(major, int) or major < 4:
        raise InvalidSubmission(f"{path.name} is an old notebook (nbformat {major}); open it in a current "
                                "Jupyter and save it, which converts it to nbformat 4")
    if major > 4:
        raise InvalidSubmission(f"{path.name} uses nbformat {major}, which this grader does not know")
    cells = data.get("cells")
    if not isinstance(cells, list):
        raise InvalidSubmission(f"{path.name} is not a valid notebook: 'cells' is not a list")
    code_cells = []
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict):
            raise InvalidSubmission(f"{path.name} is not a valid notebook: cell {number} is not an object")
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(str(part) for part in source)
        if not isinstance(source, str):
            raise InvalidSubmission(f"{path.name} is not a valid notebook: cell {number} has no source text")
        code_cells.append((number, source))
    metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
    return Submission(path, "notebook", code_cells, metadata)


def strip_magics(source: str) -> str:
    """Comment out IPython magics and shell escapes (``%matplotlib``, ``!pip``)."""
    lines = source.splitlines()
    if lines and lines[0].lstrip().startswith("%%"):
        return "\n".join("# " + line for line in lines)
    return "\n".join(_MAGIC.sub(r"\1pass  # \2", line) for line in lines)
