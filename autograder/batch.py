"""Grading a whole class: discovery, warm parallel workers, resumable results, shards.

Layout of an output directory::

    OUT/results/<student>/<assignment>.json    one GradingResult each, written atomically
    OUT/feedback/<student>/<assignment>.md     feedback for the student (and .html)
    OUT/gradebook.csv                          written atomically once the batch is complete

A batch run skips every submission whose result file already exists for the
same submission bytes, so an interrupted run (Ctrl-C, kill -9, a lost CI
job) resumes where it stopped. A result graded by different tests (another
fingerprint) is kept and reported as stale until ``regrade=True``.

Workers are separate grader processes that import numpy, torch, pytest and
the tests once and keep one zygote each; every submission still gets its own
freshly forked, limited sandbox child, exactly as in single grading.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from autograder.course import Course, UnknownAssignment
from autograder.reports import render_gradebook, render_html, render_markdown
from autograder.results import GradingResult
from autograder.runner import file_sha256, grade_submission
from autograder.submission import InvalidSubmission, load_submission

SUFFIXES = (".ipynb", ".py")


@dataclass(frozen=True)
class Job:
    student: str
    assignment: str
    path: Path

    @property
    def key(self) -> str:
        return f"{self.student}/{self.assignment}"


@dataclass
class BatchSummary:
    graded: list[str] = field(default_factory=list)  # keys graded in this run
    skipped: list[str] = field(default_factory=list)  # keys whose result was already there
    stale: list[str] = field(default_factory=list)  # kept results graded by other tests
    results: list[GradingResult] = field(default_factory=list)  # every result of the batch


# ------------------------------------------------------------------ discovery


def discover(sources: Iterable[Path], course: Course, assignment: str | None = None) -> list[Job]:
    """Submissions under ``sources``: files, flat folders, or nbgrader's ``submitted/<student>/<assignment>/``.

    In a folder, ``<student>/<assignment>/<file>`` names both, ``<student>/<file>``
    names the student, and a file directly inside names the student by its stem.
    """
    ids = set(course.assignment_ids())
    jobs, unknown = [], []
    for source in sources:
        source = Path(source)
        files = [source] if source.is_file() else sorted(
            p for p in source.rglob("*") if p.suffix in SUFFIXES and p.is_file()
            and ".ipynb_checkpoints" not in p.parts and not p.name.startswith("."))
        for path in files:
            parts = path.relative_to(source).parts if source.is_dir() else (path.name,)
            folder_assignment = parts[1] if len(parts) == 3 and parts[1] in ids else None
            student = parts[0] if len(parts) > 1 else path.stem
            aid = assignment or folder_assignment or course.guess_assignment(path, _metadata_hint(path))
            if aid is None:
                unknown.append(str(path))
            else:
                jobs.append(Job(student, aid, path))
    if unknown:
        raise UnknownAssignment("cannot tell which assignment these are for (pass --assignment): "
                                + ", ".join(unknown[:10]))
    keys = [job.key for job in jobs]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise UnknownAssignment(f"more than one submission for {', '.join(duplicates[:10])}")
    return sorted(jobs, key=lambda j: j.key)


def _metadata_hint(path: Path) -> str | None:
    try:
        return load_submission(path).assignment_hint
    except InvalidSubmission:
        return None


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/5"`` → (2, 5); shards are numbered from 1."""
    try:
        index, count = (int(part) for part in text.split("/"))
    except ValueError:
        raise ValueError(f"--shard must look like i/n (for example 2/5), not {text!r}") from None
    if not 1 <= index <= count:
        raise ValueError(f"--shard {text}: need 1 <= i <= n")
    return index, count


def shard(jobs: list[Job], index: int, count: int) -> list[Job]:
    """A deterministic share of the jobs: every ``count``-th in key order, starting at ``index``."""
    ordered = sorted(jobs, key=lambda j: j.key)
    return ordered[index - 1::count]


# ------------------------------------------------------------------ storage


def result_path(out: Path, job: Job) -> Path:
    return out / "results" / job.student / f"{job.assignment}.json"


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` so that readers see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_result(path: Path) -> GradingResult | None:
    try:
        return GradingResult.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError, KeyError):
        return None  # missing or unreadable: grade again


def load_results(directories: Iterable[Path]) -> list[GradingResult]:
    """Every result under ``<dir>/results/`` of each directory (shard outputs, for merging)."""
    found: dict[tuple[str, str], GradingResult] = {}
    for directory in directories:
        for path in sorted((Path(directory) / "results").glob("*/*.json")):
            result = read_result(path)
            if result is not None:
                found[(result.student, result.assignment)] = result
    return [found[k] for k in sorted(found)]


def write_outputs(out: Path, results: list[GradingResult]) -> None:
    """Feedback files for every result, then the gradebook (atomically, last)."""
    for result in results:
        base = out / "feedback" / result.student / result.assignment
        write_atomic(base.with_suffix(".md"), render_markdown(result))
        write_atomic(base.with_suffix(".html"), render_html(result))
    write_atomic(out / "gradebook.csv", render_gradebook(results))


# ------------------------------------------------------------------ workers

_worker_course: Course | None = None


def _start_worker(course_root: str, assignment_ids: list[str]) -> None:
    """Runs once in each worker: import everything, start its zygote and build the checks
    (reference solutions, recorded examples) of the batch's assignments before the first job."""
    global _worker_course
    from autograder.sandbox.process import warm_up
    from autograder.testing import prepare

    _worker_course = Course(Path(course_root))
    warm_up()
    for aid in assignment_ids:
        prepare(_worker_course.assignment(aid))


def grade_job(job: Job, out: Path, course: Course | None = None) -> GradingResult:
    """Grade one job and store its result atomically (in a worker, or in-process)."""
    course = course or _worker_course
    result = grade_submission(job.path, course=course, assignment=job.assignment, student=job.student)
    write_atomic(result_path(out, job), result.to_json())
    return result


def _todo(jobs: list[Job], out: Path, course: Course, regrade: bool, summary: BatchSummary) -> list[Job]:
    todo = []
    for job in jobs:
        existing = read_result(result_path(out, job))
        if existing is None or existing.submission_sha256 != file_sha256(job.path):
            todo.append(job)
            continue
        current = existing.fingerprint == course.assignment(job.assignment).fingerprint
        if not current and regrade:
            todo.append(job)
            continue
        (summary.skipped if current else summary.stale).append(job.key)
        summary.results.append(existing)
    return todo


def grade_batch(jobs: list[Job], *, course: Course, out: Path, workers: int | None = None,
                regrade: bool = False, progress: Callable[[int, int], None] | None = None) -> BatchSummary:
    """Grade every job not already graded; write results, feedback and the gradebook under ``out``."""
    out = Path(out)
    summary = BatchSummary()
    todo = _todo(jobs, out, course, regrade, summary)
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo) or 1))
    done = 0
    if progress:
        progress(done, len(todo))
    if workers == 1:
        for job in todo:
            summary.results.append(grade_job(job, out, course))
            summary.graded.append(job.key)
            done += 1
            if progress:
                progress(done, len(todo))
    elif todo:
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                                 initializer=_start_worker,
                                 initargs=(str(course.root), sorted({job.assignment for job in todo}))) as pool:
            pending = {pool.submit(grade_job, job, out): job for job in todo}
            try:
                while pending:
                    finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for future in finished:
                        job = pending.pop(future)
                        summary.results.append(future.result())
                        summary.graded.append(job.key)
                        done += 1
                        if progress:
                            progress(done, len(todo))
            except BaseException:
                pool.shutdown(wait=False, cancel_futures=True)
                raise
    summary.results.sort(key=lambda r: (r.student, r.assignment))
    write_outputs(out, summary.results)
    return summary


def progress_bar(stream=sys.stderr) -> Callable[[int, int], None] | None:
    """A one-line progress bar on a terminal; nothing when output is redirected."""
    if not stream.isatty():
        return None
    started = time.monotonic()

    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // total if total else width
        elapsed = time.monotonic() - started
        eta = f", {elapsed / done * (total - done):.0f} s left" if done and done < total else ""
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} graded{eta}   ")
        if done == total:
            stream.write("\n")
        stream.flush()

    return show
