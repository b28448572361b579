"""Which file of an upload (a Gradescope submission, a student's repository) is the work to grade.

Students upload more than their notebook: the release gives them ``public_tests.py`` and
``spec.toml`` next to it, editors leave checkpoints, zips bring ``__MACOSX``. Grading the
wrong file costs the student every point, so the choice follows fixed rules and always
comes with its reason:

1. files of the release other than the notebook (``public_tests.py``, ``notebook.py``,
   ``spec.toml``, or a byte-for-byte copy of one) are never candidates;
2. a notebook whose metadata names the assignment (the release writes it) wins;
3. else a file with the assignment's notebook name (``a1_vectorized.ipynb``);
4. else the only notebook, or, without notebooks, the only Python file;
5. otherwise nothing is chosen, and the reason lists the candidates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from autograder.course import AssignmentFiles
from autograder.submission import InvalidSubmission, load_submission

SUFFIXES = (".ipynb", ".py")
IGNORED_PARTS = {".ipynb_checkpoints", "__MACOSX", "__pycache__", ".git", ".github"}
MAX_DEPTH = 4


@dataclass(frozen=True)
class Choice:
    path: Path | None  # None: nothing could be chosen
    reason: str  # why this file, or why none
    ignored: list[str] = field(default_factory=list)  # release files that were left out, relative names

    def explanation(self, root: Path) -> str:
        """One paragraph for the student: what was graded and why, and what was left out."""
        text = (f"Graded {self.path.relative_to(root).as_posix()}: {self.reason}." if self.path
                else f"Nothing was graded: {self.reason}.")
        if self.ignored:
            text += (" Ignored " + ", ".join(self.ignored)
                     + ": files of the assignment's release, not your work.")
        return text


def release_names(files: AssignmentFiles) -> set[str]:
    """Names of the public files students receive besides the notebook."""
    folder = files.spec_path.parent
    return {"spec.toml", "public_tests.py", "notebook.py", *(p.name for p in folder.glob("*.py"))}


def _release_bytes(files: AssignmentFiles) -> set[bytes]:
    folder = files.spec_path.parent
    return {p.read_bytes() for p in folder.glob("*.py") if p.is_file()}


def _candidates(root: Path) -> list[Path]:
    found = []
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(root).parts
        if (path.suffix in SUFFIXES and path.is_file() and len(parts) <= MAX_DEPTH
                and not IGNORED_PARTS.intersection(parts) and not any(p.startswith(".") for p in parts)):
            found.append(path)
    return found


def _metadata_assignment(path: Path) -> str | None:
    if path.suffix != ".ipynb":
        return None
    try:
        return load_submission(path).assignment_hint
    except InvalidSubmission:
        return None


def choose_submission(root: Path, files: AssignmentFiles) -> Choice:
    """The file under ``root`` to grade for assignment ``files.id``, with the reason."""
    root = Path(root)
    names, copies = release_names(files), _release_bytes(files)
    candidates, ignored = [], []
    for path in _candidates(root):
        if path.name in names or (path.suffix == ".py" and path.read_bytes() in copies):
            ignored.append(path.relative_to(root).as_posix())
        else:
            candidates.append(path)
    notebook_name = files.spec.notebook

    def chosen(path: Path, reason: str) -> Choice:
        return Choice(path, reason, ignored)

    tagged = {path: _metadata_assignment(path) for path in candidates}
    ours = [p for p in candidates if tagged[p] == files.id]
    if len(ours) == 1:
        return chosen(ours[0], f"its notebook metadata names assignment {files.id}")
    named = [p for p in (ours or candidates) if p.name == notebook_name]
    if len(named) == 1:
        why = f"it has the assignment's notebook name {notebook_name}"
        return chosen(named[0], why + (f" (among {len(ours)} notebooks of {files.id})" if ours else ""))
    if len(ours) > 1:
        return Choice(None, f"{len(ours)} notebooks are for {files.id} ({_listing(ours, root)}); "
                            f"upload only one, named {notebook_name}", ignored)
    others = [p for p in candidates if tagged[p] not in (None, files.id)]
    plain = [p for p in candidates if p not in others]
    notebooks = [p for p in plain if p.suffix == ".ipynb"]
    if len(notebooks) == 1:
        return chosen(notebooks[0], "it is the only notebook")
    if not notebooks and len(plain) == 1:
        return chosen(plain[0], "it is the only Python file")
    if plain:
        return Choice(None, f"{len(plain)} files could be your work ({_listing(plain, root)}); upload only "
                            f"your notebook, named {notebook_name}", ignored)
    if others:
        return Choice(None, "the notebook uploaded is for another assignment ("
                            + ", ".join(f"{p.relative_to(root).as_posix()} is {tagged[p]}" for p in others)
                            + f"); upload your {files.id} notebook, {notebook_name}", ignored)
    return Choice(None, "no notebook (.ipynb) or Python file (.py) was found in your submission", ignored)


def _listing(paths: list[Path], root: Path) -> str:
    return ", ".join(p.relative_to(root).as_posix() for p in paths)
