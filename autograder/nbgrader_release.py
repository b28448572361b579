"""The student release, made by nbgrader's own ``generate_assignment``.

``release/<id>/`` is exactly what ``nbgrader generate_assignment <id>`` writes from the
source notebook that :mod:`autograder.nbgrader_source` generates, with this course's
``nbgrader_config.py``: nbgrader replaces the solution regions by stubs, removes the
hidden test regions, locks the test cells, adds checksums and copies the assignment's
other files (``spec.toml``, ``public_tests.py``). There is one release, and one program
that makes it. The test cells hold comments only (:mod:`autograder.nbgrader_source`),
so the released cells and their checksums are those nbgrader records in the gradebook
when the instructor runs ``nbgrader generate_assignment``: autograde never reports a
changed checksum.

:func:`generate_releases` runs nbgrader in-process, in a scratch copy of the course and
without a gradebook (as ``nbgrader generate_assignment --no-db`` does; the database
does not change the files), so regenerating or checking the release never touches the
instructor's ``gradebook.db``. Results are cached by content: checking the release
twice in one process runs nbgrader once.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

#: The nbgrader configuration at the root of the course.
CONFIG_FILE = "nbgrader_config.py"

#: Files of an assignment's source directory that never go to nbgrader.
_SKIPPED_PARTS = {"__pycache__", ".ipynb_checkpoints"}

Files = dict[str, str]  # path relative to the assignment's directory -> text

_cache: dict[tuple, dict[str, Files]] = {}


class NbgraderUnavailable(RuntimeError):
    """nbgrader is not installed, or could not generate a release."""


def source_directory_files(directory: Path) -> Files:
    """The text files an assignment keeps in nbgrader's source directory (notebooks excluded)."""
    found = {}
    for path in sorted(Path(directory).rglob("*")):
        relative = path.relative_to(directory)
        if path.is_file() and path.suffix != ".ipynb" and not _SKIPPED_PARTS & set(relative.parts):
            found[relative.as_posix()] = path.read_text(encoding="utf-8")
    return found


def generate_releases(config_text: str, sources: dict[str, Files]) -> dict[str, Files]:
    """Run nbgrader's ``generate_assignment`` on each assignment's source files.

    ``sources`` maps an assignment id to its source directory's files (the
    source notebook included); the result maps it to the files nbgrader wrote
    to the release directory.
    """
    key = (config_text, tuple((aid, tuple(sorted(files.items()))) for aid, files in sorted(sources.items())))
    if key not in _cache:
        _cache[key] = _run_nbgrader(config_text, sources)
    return {aid: dict(files) for aid, files in _cache[key].items()}


def _run_nbgrader(config_text: str, sources: dict[str, Files]) -> dict[str, Files]:
    try:
        from nbgrader.apps.api import NbGraderAPI
        from nbgrader.coursedir import CourseDirectory
        from traitlets.config import PyFileConfigLoader
    except ImportError as exc:
        raise NbgraderUnavailable(f"the release is made by nbgrader, which is not installed ({exc}); "
                                  "install the course tools: pip install -e '.[course]'") from None
    with tempfile.TemporaryDirectory(prefix="autograder-release-") as scratch:
        root = Path(scratch)
        (root / CONFIG_FILE).write_text(config_text, encoding="utf-8")
        config = PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config()
        config.CourseDirectory.root = str(root)
        config.GenerateAssignment.no_database = True  # as `nbgrader generate_assignment --no-db`
        config.SaveCells.enabled = False
        config.RecordDueDate.enabled = False  # no gradebook here
        coursedir = CourseDirectory(config=config)
        for aid, files in sources.items():
            for name, text in files.items():
                path = Path(coursedir.format_path(coursedir.source_directory, ".", aid)) / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
        api = NbGraderAPI(coursedir=coursedir, config=config)
        released = {}
        for aid in sources:
            outcome = api.generate_assignment(aid, force=True, create=False)
            if not outcome["success"]:
                raise NbgraderUnavailable(f"nbgrader generate_assignment {aid} failed:\n"
                                          f"{outcome.get('error') or ''}\n{outcome.get('log') or ''}")
            release = Path(coursedir.format_path(coursedir.release_directory, ".", aid))
            released[aid] = {p.relative_to(release).as_posix(): p.read_text(encoding="utf-8")
                             for p in sorted(release.rglob("*")) if p.is_file()}
    return released
