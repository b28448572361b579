"""Where a course keeps its assignments, solutions and releases.

A course directory (this repository, or a bundle made from it) has::

    assignments/<id>/spec.toml          the assignment spec (public)
    assignments/<id>/notebook.py        the notebook's text and structure (public)
    assignments/<id>/public_tests.py    self-checks shipped to students
    assignments/<id>/<notebook>.ipynb   the nbgrader source notebook (generated; secret)
    solutions/<id>/solution.py          the reference solution (secret)
    solutions/<id>/hidden_tests.py      the hidden tests (secret)
    release/<id>/                       what students receive (generated)
    nbgrader_config.py                  nbgrader's view of the same directories

Everything under ``solutions/`` is secret, and so are the source notebooks and
nbgrader's working files: the sandbox may not read them (:attr:`Course.secret_paths`).
"""

from __future__ import annotations

import functools
import hashlib
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from autograder.spec import Assignment, load_spec


class UnknownAssignment(LookupError):
    pass


@dataclass(frozen=True)
class AssignmentFiles:
    root: Path
    id: str

    @property
    def spec_path(self) -> Path:
        return self.root / "assignments" / self.id / "spec.toml"

    @property
    def notebook_template(self) -> Path:
        return self.root / "assignments" / self.id / "notebook.py"

    @property
    def public_tests(self) -> Path:
        return self.root / "assignments" / self.id / "public_tests.py"

    @property
    def solution(self) -> Path:
        return self.root / "solutions" / self.id / "solution.py"

    @property
    def hidden_tests(self) -> Path:
        return self.root / "solutions" / self.id / "hidden_tests.py"

    @property
    def release_dir(self) -> Path:
        return self.root / "release" / self.id

    def tests_file(self, visibility: str) -> Path:
        return self.public_tests if visibility == "public" else self.hidden_tests

    @cached_property
    def spec(self) -> Assignment:
        return load_spec(self.spec_path)

    @cached_property
    def fingerprint(self) -> str:
        """A hash of everything that decides a grade: spec, tests (with their helper modules), solution, the grader's code.

        Results with another fingerprint were graded by other tests; batch
        grading keeps them until asked to regrade.
        """
        digest = hashlib.sha256()
        package = Path(__file__).resolve().parent
        helpers = sorted(p for p in self.hidden_tests.parent.glob("*.py") if p not in (self.hidden_tests, self.solution))
        sources = [self.spec_path, self.public_tests, self.hidden_tests, self.solution, *helpers,
                   *sorted(package.rglob("*.py"))]
        for path in sources:
            digest.update(str(path.relative_to(self.root) if path.is_relative_to(self.root)
                              else path.relative_to(package.parent)).encode())
            digest.update(path.read_bytes() if path.is_file() else b"(missing)")
        return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Course:
    root: Path

    @classmethod
    def locate(cls, root: Path | None = None) -> "Course":
        """The course at ``root``, ``$AUTOGRADER_COURSE``, the current directory, or this checkout."""
        candidates = [root, os.environ.get("AUTOGRADER_COURSE"), Path.cwd(), Path(__file__).resolve().parents[1]]
        for candidate in candidates:
            if candidate and (Path(candidate) / "assignments").is_dir():
                return cls(Path(candidate).resolve())
        raise UnknownAssignment("no course found: run from a course directory or pass --course")

    @property
    def secret_paths(self) -> list[Path]:
        """What student code must never read: the solutions, the nbgrader source notebooks
        (they hold the reference code) and nbgrader's working files (other students' work)."""
        nbgrader = ("downloaded", "submitted", "autograded", "feedback", "gradebook.db")
        return [self.root / "solutions", *sorted(self.root.glob("assignments/*/*.ipynb")),
                *(self.root / name for name in nbgrader)]

    def assignment_ids(self) -> list[str]:
        return sorted(p.parent.name for p in (self.root / "assignments").glob("*/spec.toml"))

    @functools.cache  # one per assignment, so its spec is parsed and its fingerprint hashed once
    def assignment(self, assignment_id: str) -> AssignmentFiles:
        files = AssignmentFiles(self.root, assignment_id)
        if not files.spec_path.is_file():
            known = ", ".join(self.assignment_ids()) or "none"
            raise UnknownAssignment(f"unknown assignment {assignment_id!r} (known: {known})")
        return files

    def guess_assignment(self, path: Path, hint: str | None) -> str | None:
        """The assignment a submission belongs to: its notebook metadata, its folder, its file name."""
        ids = self.assignment_ids()
        if hint in ids:
            return hint
        if Path(path).parent.name in ids:  # nbgrader's submitted/<student>/<assignment>/ layout
            return Path(path).parent.name
        name = Path(path).stem.lower()
        matches = [i for i in ids if name == i or name.startswith(i + "_") or name.startswith(i + "-")]
        return matches[0] if len(matches) == 1 else None
