"""Packaging what a grader needs for one assignment, for CI or Gradescope.

The zip holds the hidden tests and the solution, so it must never reach a
student or a student's CI: student repositories run only the public
self-checks, and grading with the hidden tests runs in the instructor's
repository (docs/ci.md). The zip is a self-contained course for a machine the
instructor controls: the ``autograder`` package and its ``pyproject.toml``,
plus ``assignments/<id>/`` and ``solutions/<id>/``.

``--gradescope`` wraps the same files in the layout Gradescope expects:
``setup.sh`` (installs Python 3.11, CPU-only torch and the package) and
``run_autograder`` (chooses the student's file in ``/autograder/submission`` by
the rules of :mod:`autograder.ci.choose`, grades it and writes
``/autograder/results/results.json``) at the top of the zip.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from autograder.course import Course

_FIXED_TIME = (2026, 1, 1, 0, 0, 0)  # zip entries get one timestamp: the same sources give the same zip

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, in /autograder/source, when the autograder is built.
set -euo pipefail
cd /autograder/source
apt-get update -q
apt-get install -y -q python3.11 python3.11-venv
python3.11 -m venv /autograder/venv
# The CPU build of torch: the default index would pull gigabytes of CUDA packages.
/autograder/venv/bin/pip install -q torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
/autograder/venv/bin/pip install -q .
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission. GRADESCOPE_ROOT and AUTOGRADER_BIN exist for local testing.
# `autograder ci gradescope` chooses the student's file (release files they re-upload are ignored),
# grades it and writes results/results.json, whose output says which file was graded and why.
set -uo pipefail
root="${{GRADESCOPE_ROOT:-/autograder}}"
bin="${{AUTOGRADER_BIN:-$root/venv/bin/autograder}}"
mkdir -p "$root/results"
"$bin" ci gradescope --root "$root" --course "$root/source" --assignment {assignment}
"""


def bundle_files(course: Course, assignment: str) -> dict[str, Path]:
    """Archive name → file, for everything the grader needs to grade ``assignment``."""
    files = course.assignment(assignment)
    package = Path(__file__).resolve().parent
    chosen: dict[str, Path] = {name: package.parent / name for name in ("pyproject.toml", "README.md")}
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            chosen[f"autograder/{path.relative_to(package).as_posix()}"] = path
    for folder in (files.spec_path.parent, files.solution.parent):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                chosen[path.relative_to(course.root).as_posix()] = path
    return chosen


def write_bundle(course: Course, assignment: str, out: Path, *, gradescope: bool = False) -> Path:
    """Write the zip to ``out``; returns its path."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        def add(name: str, data: bytes, executable: bool = False) -> None:
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.external_attr = (0o755 if executable else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)

        if gradescope:
            add("setup.sh", SETUP_SH.encode(), executable=True)
            add("run_autograder", RUN_AUTOGRADER.format(assignment=assignment).encode(), executable=True)
        for name, path in bundle_files(course, assignment).items():
            add(name, path.read_bytes())
    return out
