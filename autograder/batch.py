"""Grading a whole class: discovery, warm parallel workers, resumable results, shards.

Layout of an output directory::

    OUT/results/<student>/<assignment>.json    one GradingResult each, written atomically
    OUT/feedback/<student>/<assignment>.md     feedback for the student (and .html)
    OUT/gradebook.csv                          every result in OUT/results/, written atomically
                                               once the batch is complete

A batch run skips every submission whose result file already exists for the
same submission bytes, so an interrupted run (Ctrl-C, kill -9, a lost CI
job) resumes where it stopped. A result graded by different tests (another
fingerprint) is kept and reported as stale until ``regrade=True``.

Workers (:mod:`autograder.workers`) are separate grader processes that import
numpy, torch, pytest and the tests once and keep one zygote each; every
submission still gets its own freshly forked, limited sandbox child, exactly as
in single grading. A worker that dies is replaced and its submission graded
again once; Ctrl-C stops every worker at once.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from autograder.course import Course, UnknownAssignment
from autograder.progress import Progress
from autograder.reports import render_gradebook, render_html, render_markdown
from autograder.results import GradingResult
from autograder.runner import VISIBILITIES_ALL, file_sha256, grade_submission
from autograder.submission import InvalidSubmission, load_submission
from autograder.workers import Lost, WorkerPool

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
    peak_rss_mb: dict[int, float] = field(default_factory=dict)  # worker pid → its peak resident memory


# ------------------------------------------------------------------ discovery


@dataclass
class Discovery:
    jobs: list[Job]
    skipped: list[tuple[Path, str]]  # (path, why it is not a submission)

    def skipped_summary(self) -> str:
        """One line per reason: ``skipped 13 files: .py files next to notebooks (helpers, mutants)``."""
        reasons: dict[str, list[Path]] = {}
        for path, reason in self.skipped:
            reasons.setdefault(reason, []).append(path)
        return "\n".join(f"skipped {len(paths)} file{'s' * (len(paths) != 1)}: {reason} "
                         f"(e.g. {paths[0]})" for reason, paths in reasons.items())


def discover(sources: Iterable[Path], course: Course, assignment: str | None = None) -> Discovery:
    """Submissions under ``sources`` (files, globs' expansions, or folders), with their student and assignment.

    - nbgrader's layout ``<student>/<assignment>/<notebook>`` names both, whatever part of it
      is given: ``submitted/``, ``submitted/ada/``, or ``submitted/*/a1/*.ipynb``;
    - in a flat folder, or a folder named after an assignment, a file's stem is the student;
    - in a folder ``<student>/<file>``, the folder is the student.

    Not submissions (skipped, and listed in ``Discovery.skipped``): hidden files and folders
    (``.ipynb_checkpoints``), ``__pycache__``, ``.py`` files in a folder that holds notebooks
    (helpers, the examples' ``mutants/``), notebooks of another assignment than ``assignment``.
    """
    ids = set(course.assignment_ids())
    if assignment is not None:
        course.assignment(assignment)  # an unknown id is a usage error, said as such
    jobs, unknown, skipped = [], [], []
    for source in map(Path, sources):
        for path in _candidates(source, skipped):
            folder = path.parent.name if path.parent.name in ids else None
            if assignment and folder not in (None, assignment):
                skipped.append((path, f"in the folder of another assignment than {assignment}"))
                continue
            aid = assignment or folder or course.guess_assignment(path, _metadata_hint(path))
            if aid is None:
                unknown.append(str(path))
            else:
                jobs.append(Job(student_of(path, aid, course, source), aid, path))
    if unknown:
        raise UnknownAssignment("cannot tell which assignment these are for (pass --assignment): "
                                + ", ".join(unknown[:10]))
    jobs = _one_per_key(jobs, course, skipped)
    return Discovery(sorted(jobs, key=lambda j: j.key), skipped)


def _candidates(source: Path, skipped: list[tuple[Path, str]]) -> list[Path]:
    if source.is_file():
        return [source]
    files = []
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source).parts
        if path.suffix not in SUFFIXES or not path.is_file() or "__pycache__" in relative:
            continue
        if any(part.startswith(".") for part in relative):
            skipped.append((path, "hidden file or folder (.ipynb_checkpoints, ...)"))
        else:
            files.append(path)
    if any(p.suffix == ".ipynb" for p in files):  # a class submits notebooks: .py files are helpers
        skipped += [(p, ".py file in a folder of notebooks (helpers, mutants)") for p in files if p.suffix == ".py"]
        files = [p for p in files if p.suffix == ".ipynb"]
    return files


def student_of(path: Path, assignment: str, course: Course, source: Path | None = None) -> str:
    """The student a submission belongs to, from where it lies (see :func:`discover`)."""
    path = Path(path).absolute()
    notebook = course.assignment(assignment).spec.notebook
    relative = path.relative_to(Path(source).absolute()).parts if source and Path(source).is_dir() else ()
    if path.parent.name == assignment:
        nbgrader_layout = path.name == notebook or len(relative) >= 3
        if nbgrader_layout and path.parent.parent.name:
            return path.parent.parent.name
        return path.stem
    if len(relative) == 2:
        return relative[0]
    return path.stem


def _one_per_key(jobs: list[Job], course: Course, skipped: list[tuple[Path, str]]) -> list[Job]:
    """One job per student and assignment: among several notebooks, the one named as released."""
    by_key: dict[str, list[Job]] = {}
    for job in jobs:
        by_key.setdefault(job.key, []).append(job)
    kept, clashes = [], []
    for key, group in by_key.items():
        if len(group) == 1:
            kept.append(group[0])
            continue
        named = [j for j in group if j.path.name == course.assignment(j.assignment).spec.notebook]
        if len(named) != 1:
            clashes.append(f"{key} ({', '.join(str(j.path) for j in group[:3])})")
            continue
        kept.append(named[0])
        skipped += [(j.path, "another notebook next to the released one") for j in group if j is not named[0]]
    if clashes:
        raise UnknownAssignment("more than one submission for " + "; ".join(clashes[:10]))
    return kept


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
    """Feedback files for ``results``, then the gradebook of every result stored in ``out`` (atomically, last).

    The gradebook is never only this run's: grading one file into a class's folder updates
    that student's row and keeps the others.
    """
    for result in results:
        base = out / "feedback" / result.student / result.assignment
        write_atomic(base.with_suffix(".md"), render_markdown(result))
        write_atomic(base.with_suffix(".html"), render_html(result))
    write_atomic(out / "gradebook.csv", render_gradebook(load_results([out])))


# ------------------------------------------------------------------ workers

_worker_course: Course | None = None


def start_worker(course_root: str, assignment_ids: list[str], index: int = 0) -> None:
    """Runs once in each worker: import everything, start its zygote and build the checks
    (reference solutions, recorded examples) of the batch's assignments before the first job.

    The examples of each assignment are recorded once for all workers (and later runs):
    worker ``index`` starts with the ``index``-th assignment, records those no other worker
    is recording, then reads the ones the others recorded (:mod:`autograder.corpus`).
    """
    global _worker_course
    from autograder.corpus import store_lock, store_path
    from autograder.sandbox.process import warm_up
    from autograder.testrun import prepare

    _worker_course = Course(Path(course_root))
    warm_up()
    shift = index % len(assignment_ids) if assignment_ids else 0
    remaining = assignment_ids[shift:] + assignment_ids[:shift]
    blocking = False
    while remaining:
        for aid in list(remaining):
            files = _worker_course.assignment(aid)
            with store_lock(store_path(aid, files.fingerprint), blocking=blocking) as held:
                if held:
                    prepare(files)
                    remaining.remove(aid)
        blocking = True


def preload(course: Course, assignment_ids: list[str]) -> None:
    """Load the references and the examples already recorded of the batch's assignments in this
    process, so that every worker forked from it starts with them (nothing is recorded here: the
    workers record what is missing, each assignment once, side by side)."""
    from autograder.testrun import prepare

    for aid in assignment_ids:
        prepare(course.assignment(aid), record=False)


def grade_job(job: Job, out: Path, course: Course | None = None) -> GradingResult:
    """Grade one job and store its result atomically (in a worker, or in-process)."""
    course = course or _worker_course
    result = grade_submission(job.path, course=course, assignment=job.assignment, student=job.student)
    write_atomic(result_path(out, job), result.to_json())
    return result


def lost_result(job: Job, course: Course, exitcode: int | None) -> GradingResult:
    """The result of a submission whose grader process died every time it was graded.

    It has no fingerprint, so the next run grades it again.
    """
    from autograder.workers import ATTEMPTS, describe_exit

    spec = course.assignment(job.assignment).spec
    return GradingResult(job.assignment, job.path.name, score=0.0, max_score=sum(t.points for t in spec.tests),
                         error=f"not graded: the grader process died {ATTEMPTS} times while grading this "
                               f"submission ({describe_exit(exitcode)}); run the batch again to retry",
                         student=job.student, submission_sha256=file_sha256(job.path))


def _todo(jobs: list[Job], out: Path, course: Course, regrade: bool, summary: BatchSummary) -> list[Job]:
    todo = []
    for job in jobs:
        existing = read_result(result_path(out, job))
        if existing is None or not existing.fingerprint or existing.submission_sha256 != file_sha256(job.path):
            todo.append(job)
            continue
        current = existing.fingerprint == course.assignment(job.assignment).fingerprint
        if not current and regrade:
            todo.append(job)
            continue
        (summary.skipped if current else summary.stale).append(job.key)
        summary.results.append(existing)
    return todo


class BatchInterrupted(KeyboardInterrupt):
    """Ctrl-C during a batch: the workers are stopped; ``summary`` says what was graded before."""

    def __init__(self, summary: BatchSummary) -> None:
        super().__init__("interrupted")
        self.summary = summary


def grade_batch(jobs: list[Job], *, course: Course, out: Path, workers: int | None = None,
                regrade: bool = False, progress: Progress | None = None) -> BatchSummary:
    """Grade every job not already graded; write results, feedback and the gradebook under ``out``.

    With one worker, grading happens in this process; with more, in warm worker processes
    (:mod:`autograder.workers`). Raises :class:`BatchInterrupted` on Ctrl-C, after stopping them.
    """
    out = Path(out)
    progress = progress or Progress()
    summary = BatchSummary()
    todo = _todo(jobs, out, course, regrade, summary)
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo) or 1))
    progress.begin(len(todo), workers if workers > 1 else 0, len(summary.skipped) + len(summary.stale))
    graded_now: list[GradingResult] = []

    def record(job: Job, result: GradingResult) -> None:
        graded_now.append(result)
        summary.graded.append(job.key)
        progress.graded(bool(result.error))

    try:
        if workers == 1:
            for job in todo:
                progress.started(job, os.getpid())
                record(job, grade_job(job, out, course))
        elif todo:
            ids = sorted({j.assignment for j in todo})
            pool = WorkerPool(workers, course_root=course.root, assignment_ids=ids, out=out,
                              on_ready=progress.worker_ready, on_start=progress.started,
                              before_fork=lambda: preload(course, ids))
            for outcome in pool.run(todo):
                if isinstance(outcome, Lost):
                    result = lost_result(outcome.job, course, outcome.exitcode)
                    write_atomic(result_path(out, outcome.job), result.to_json())
                else:
                    result = outcome.result
                    summary.peak_rss_mb[outcome.worker_pid] = outcome.worker_peak_rss_mb
                record(outcome.job, result)
    except KeyboardInterrupt:
        progress.end()
        raise BatchInterrupted(summary) from None
    progress.end()
    summary.results += graded_now
    summary.results.sort(key=lambda r: (r.student, r.assignment))
    write_outputs(out, graded_now)
    return summary


def merge_shards(shards: Iterable[Path], *, out: Path) -> list[GradingResult]:
    """Copy every result of the shard folders into ``out`` and write its feedback and gradebook."""
    results = load_results(shards)
    for result in results:
        job = Job(result.student, result.assignment, Path(result.submission))
        write_atomic(result_path(out, job), result.to_json())
    write_outputs(out, results)
    return results


def grade_files(paths: list[Path], *, course: Course, assignment: str | None = None,
                visibilities: tuple[str, ...] = VISIBILITIES_ALL,
                courses: dict[Path, Course] | None = None) -> list[GradingResult]:
    """Grade each file in this process, one result each.

    One file is graded as given; several (a shell glob) are named by their place, as a
    batch names its students (:func:`discover`). ``courses`` overrides
    ``course`` per file (``autograder check`` finds each notebook's release folder).
    """
    courses = courses or {}
    if len(paths) == 1:
        return [grade_submission(paths[0], course=courses.get(paths[0], course), assignment=assignment,
                                 visibilities=visibilities)]
    return [grade_submission(job.path, course=courses.get(job.path, course), assignment=job.assignment,
                             student=job.student, visibilities=visibilities)
            for job in discover(paths, course, assignment).jobs]

