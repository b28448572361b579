"""What a student received, used as a course: public checks without a course checkout.

A student's folder for an assignment holds the released notebook, ``spec.toml`` and
``public_tests.py`` (``release/<id>/`` of the course). That is everything the public
checks need, so ``autograder check`` and the notebook's self-checks run from it:
:class:`ReleaseCourse` looks like a :class:`~autograder.course.Course` with one
assignment whose public tests are the released ones and which has no hidden tests,
no solution and nothing secret.

:func:`find_release` says where those files are for a notebook: next to it, else in
the current directory, else in ``<id>/`` of the current directory, where ``<id>`` is the
assignment the notebook's metadata names. When they are not found it raises
:class:`MissingReleaseFiles` with a message that says which file is missing and where
it was looked for.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from autograder.course import AssignmentFiles, Course, UnknownAssignment
from autograder.spec import Assignment, load_spec

#: The files a release folder must hold next to the notebook.
RELEASE_FILES = ("spec.toml", "public_tests.py")


class MissingReleaseFiles(UnknownAssignment):
    """The folder lacks what the public checks need; the message says what and where."""


@dataclass(frozen=True)
class ReleaseFiles(AssignmentFiles):
    """One assignment's files in a release folder (``root`` is the folder itself)."""

    @property
    def spec_path(self) -> Path:
        return self.root / "spec.toml"

    @property
    def public_tests(self) -> Path:
        return self.root / "public_tests.py"

    @property
    def hidden_tests(self) -> Path:  # a release has none; asking for them is a grader bug
        raise LookupError("a release folder has no hidden tests: grade with the course")

    @property
    def solution(self) -> Path:
        raise LookupError("a release folder has no reference solution: grade with the course")

    def tests_file(self, visibility: str) -> Path:
        if visibility != "public":
            raise LookupError("a release folder has only the public tests")
        return self.public_tests

    @cached_property
    def spec(self) -> Assignment:
        return load_spec(self.spec_path)

    @cached_property
    def fingerprint(self) -> str:
        import hashlib

        digest = hashlib.sha256()
        for path in (self.spec_path, self.public_tests):
            digest.update(path.name.encode() + path.read_bytes())
        return digest.hexdigest()[:16]


@dataclass(frozen=True)
class ReleaseCourse(Course):
    """A release folder seen as a course holding one assignment with public tests only."""

    @cached_property
    def _files(self) -> ReleaseFiles:
        return ReleaseFiles(self.root, load_spec(self.root / "spec.toml").id)

    @property
    def secret_paths(self) -> list[Path]:
        return []  # nothing in a student's folder is secret from the student

    def assignment_ids(self) -> list[str]:
        return [self._files.id]

    def assignment(self, assignment_id: str) -> AssignmentFiles:
        if assignment_id != self._files.id:
            raise UnknownAssignment(f"{self.root / 'spec.toml'} is for assignment {self._files.id}, "
                                    f"not {assignment_id}")
        return self._files


def notebook_assignment(notebook: Path) -> str | None:
    """The assignment id the release wrote into the notebook's metadata, if readable."""
    try:
        metadata = json.loads(Path(notebook).read_text(encoding="utf-8")).get("metadata", {})
        value = metadata.get("autograder", {}).get("assignment")
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def is_release_folder(folder: Path) -> bool:
    return all((Path(folder) / name).is_file() for name in RELEASE_FILES)


def candidate_folders(notebook: Path | None, assignment: str | None) -> list[Path]:
    """Where to look, in order: the notebook's folder, the current directory, ``./<id>/``."""
    here = Path.cwd()
    folders = [Path(notebook).resolve().parent] if notebook is not None else []
    folders.append(here)
    if assignment:
        folders.append(here / assignment)
    return list(dict.fromkeys(folders))


def find_release(notebook: Path | None = None, assignment: str | None = None) -> ReleaseCourse:
    """The release folder for ``notebook`` (or for ``assignment``), or a clear error.

    ``assignment`` defaults to the notebook's metadata; a folder whose spec is for another
    assignment is skipped.
    """
    assignment = assignment or (notebook_assignment(notebook) if notebook is not None else None)
    folders = candidate_folders(notebook, assignment)
    for folder in folders:
        if is_release_folder(folder):
            course = ReleaseCourse(folder)
            if assignment is None or course.assignment_ids() == [assignment]:
                return course
    raise MissingReleaseFiles(missing_message(folders, assignment))


def missing_message(folders: list[Path], assignment: str | None) -> str:
    what = f"assignment {assignment}" if assignment else "this notebook"
    lines = [f"cannot run the public checks of {what}: they need {' and '.join(RELEASE_FILES)} "
             "from the folder your instructor gave you, next to the notebook."]
    for folder in folders:
        missing = [name for name in RELEASE_FILES if not (folder / name).is_file()]
        if missing:
            lines.append(f"  {folder}: no {', no '.join(missing)}")
        else:
            lines.append(f"  {folder}: spec.toml is for assignment {load_spec(folder / 'spec.toml').id}")
    lines.append("Copy the missing files next to the notebook (do not rename them), or run from the "
                 "course directory with --course.")
    return "\n".join(lines)


def course_for_check(notebook: Path, assignment: str | None = None) -> Course:
    """Where ``autograder check`` finds the public tests for ``notebook``: the files the
    student received (next to it, or in the current folder), else the course in
    ``$AUTOGRADER_COURSE`` or the current directory (never this package's own checkout, so
    that a student missing a file is told so)."""
    try:
        return find_release(notebook, assignment)
    except MissingReleaseFiles as missing:
        root = Path(os.environ.get("AUTOGRADER_COURSE") or Path.cwd())
        if not (root / "assignments").is_dir():
            raise
        course = Course(root.resolve())
        try:
            course.assignment(assignment or course.guess_assignment(notebook, notebook_assignment(notebook)) or "")
        except UnknownAssignment:
            raise missing from None
        return course
