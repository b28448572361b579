"""Benchmark: how fast does the grader grade a class, and where does the time go?

    python bench/grading_throughput.py [--per-assignment N] [--jobs J] [--nbgrader]

Generates N submissions per assignment (half the solution, half the example
mistakes and the stub) in nbgrader's layout, then measures, in one run:

- batch, first on this machine: `grade_batch` (what `autograder grade DIR --out OUT`
  runs) with J warm workers and an empty examples cache, so each assignment's
  hypothesis examples are recorded once, shared by the workers; wall time, worker
  start-up (spawn, imports, zygote, reference, examples), peak RSS per worker;
- batch, later runs: the same into a fresh OUT with the examples cache filled;
- warm latency per submission (median, p95; correct submissions apart);
- where a warm correct submission's time goes: fork of the sandbox child, its
  cells, calls to the child (round trips), the rest of the tests (checks,
  pytest); and the fork floor (fork + one trivial call);
- cold: one `autograder grade FILE` in a new process (examples cache filled);
- with --nbgrader: stock `nbgrader autograde` (its default preprocessors, one
  kernel per notebook; not this repository's configured preprocessors) on the same
  submissions, its scores against ours, and the throughput ratio.

Numbers depend on the machine and its load; the README quotes a named run.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograder import batch  # noqa: E402
from autograder.course import Course  # noqa: E402
from autograder.progress import Progress  # noqa: E402


def make_class(course: Course, per_assignment: int, into: Path) -> dict[str, str]:
    """Copy example notebooks into nbgrader's submitted/<student>/<assignment>/ layout; student → example."""
    chosen = {}
    for aid in course.assignment_ids():
        examples = ROOT / "examples" / aid
        notebook = course.assignment(aid).spec.notebook
        mistakes = sorted(p.stem for p in (examples / "mutants").glob("*.py")
                          if "loop" not in p.stem and "hang" not in p.stem)  # keep time-outs out of the mix
        mix = ["solution", "stub"] + mistakes
        for i in range(per_assignment):
            example = "solution" if i % 2 == 0 else mix[(i // 2) % len(mix)]
            student = f"student{i:03d}"
            folder = into / "submitted" / student / aid
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copy(examples / f"{example}.ipynb", folder / notebook)
            chosen[f"{student}/{aid}"] = example
    return chosen


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


STOCK_NBGRADER = """
# bench: nbgrader's own default preprocessors (a kernel per notebook), not the course's.
from nbgrader.converters.autograde import Autograde as _Stock
c.Autograde.sanitize_preprocessors = list(_Stock.class_traits()["sanitize_preprocessors"].default())
c.Autograde.autograde_preprocessors = list(_Stock.class_traits()["autograde_preprocessors"].default())
"""


def run_nbgrader(course: Course, work: Path) -> tuple[dict[str, float], float] | None:
    """``nbgrader autograde`` on the same submissions in a copy of the course.

    Returns ({student/assignment: score}, seconds spent in autograde), or None
    when nbgrader is not installed (it comes with the ``course`` extra).
    """
    nbgrader = shutil.which("nbgrader") or str(Path(sys.executable).with_name("nbgrader"))
    if not Path(nbgrader).exists():
        return None
    root = work / "nbgrader-course"
    root.mkdir()
    # nbgrader runs `alembic` from PATH: put this environment's scripts first.
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    env.pop("AUTOGRADER_COURSE", None)
    shutil.copy(ROOT / "nbgrader_config.py", root)
    with (root / "nbgrader_config.py").open("a") as config:  # stock nbgrader, whatever the course configures
        config.write(STOCK_NBGRADER)
    for name in ("assignments", "solutions"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    # generate_assignment records the graded cells in nbgrader's gradebook, as an instructor does.
    subprocess.run([nbgrader, "generate_assignment", "*"], cwd=root, env=env, capture_output=True, check=True)
    shutil.copytree(work / "submitted", root / "submitted")
    started = time.monotonic()
    for aid in course.assignment_ids():
        done = subprocess.run([nbgrader, "autograde", aid, "--force"], cwd=root, env=env, capture_output=True,
                              text=True)
        if done.returncode != 0:
            sys.exit(f"nbgrader autograde {aid} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    seconds = time.monotonic() - started
    subprocess.run([nbgrader, "export"], cwd=root, env=env, capture_output=True, check=True)
    with (root / "grades.csv").open(newline="") as handle:
        scores = {f"{row['student_id']}/{row['assignment']}": float(row["raw_score"] or 0)
                  for row in csv.DictReader(handle)}
    return scores, seconds


class WarmUpTimes(Progress):
    """Collects each worker's start-up seconds."""

    def __init__(self) -> None:
        self.seconds: list[float] = []

    def worker_ready(self, seconds: float) -> None:
        self.seconds.append(seconds)


def timed_batch(jobs, course: Course, out: Path, workers: int) -> dict:
    """One batch run: wall time, worker start-up, peak RSS per worker, results."""
    warm = WarmUpTimes()
    started = time.monotonic()
    summary = batch.grade_batch(jobs, course=course, out=out, workers=workers, progress=warm)
    wall = time.monotonic() - started
    return {"wall": wall, "startup": warm.seconds, "rss": list(summary.peak_rss_mb.values()),
            "results": {f"{r.student}/{r.assignment}": r for r in summary.results}}


def breakdown(course: Course, repeats: int) -> dict[str, float]:
    """Median seconds per warm correct submission in each phase, and the fork floor, in this process."""
    from autograder.runner import grade_submission
    from autograder.sandbox import process, session
    from autograder.submission import load_submission

    batch.start_worker(str(course.root), course.assignment_ids())
    spent: dict[str, float] = {}
    original_request, original_enter, original_cells = (process.ChildProcess.request,
                                                         session.StudentSession.__enter__,
                                                         session.StudentSession.run_cells)

    def timing(name, function):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - started
        return timed

    process.ChildProcess.request = timing("child round trips", original_request)
    session.StudentSession.__enter__ = timing("fork", original_enter)
    session.StudentSession.run_cells = timing("cells", original_cells)
    phases: dict[str, list[float]] = {}
    try:
        for aid in course.assignment_ids():
            path = ROOT / "examples" / aid / "solution.ipynb"
            for _ in range(repeats):
                spent.clear()
                started = time.perf_counter()
                grade_submission(path, course=course)
                total = time.perf_counter() - started
                calls = spent.get("child round trips", 0.0) - spent.get("cells", 0.0)
                parts = {"fork": spent.get("fork", 0.0), "cells": spent.get("cells", 0.0),
                         "calls (round trips to the child)": calls}
                parts["checks, pytest and the rest"] = total - sum(parts.values())
                parts["total"] = total
                for name, value in parts.items():
                    phases.setdefault(name, []).append(value)
    finally:
        process.ChildProcess.request, session.StudentSession.__enter__, session.StudentSession.run_cells = (
            original_request, original_enter, original_cells)
    figures = {name: round(statistics.median(values), 4) for name, values in phases.items()}
    floor = []
    for _ in range(20):
        started = time.perf_counter()
        with session.StudentSession(load_submission(ROOT / "examples" / "a1" / "solution.ipynb").cells[:1],
                                    limits=course.assignment("a1").spec.limits, protected=[],
                                    course_root=course.root) as child:
            child.run_cells()
        floor.append(time.perf_counter() - started)
    figures["fork floor: fork + one trivial cell"] = round(statistics.median(floor), 4)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-assignment", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--repeats", type=int, default=5, help="warm gradings per assignment for the breakdown")
    parser.add_argument("--nbgrader", action="store_true", help="also time stock nbgrader autograde")
    args = parser.parse_args()
    course = Course(ROOT)
    work = Path(tempfile.mkdtemp(prefix="autograder-bench-"))
    os.environ["AUTOGRADER_CACHE"] = str(work / "cache")  # empty: the first batch records the examples
    chosen = make_class(course, args.per_assignment, work)
    jobs = batch.discover([work / "submitted"], course).jobs
    workers = args.jobs or os.cpu_count() or 1

    first = timed_batch(jobs, course, work / "out-first", workers)
    later = timed_batch(jobs, course, work / "out-later", workers)
    results = later["results"]
    latencies = [r.duration for r in results.values()]
    correct = [r.duration for key, r in results.items() if chosen[key] == "solution"]

    single = next((work / "submitted" / "student000").rglob("*.ipynb"))
    cold = []
    for _ in range(3):
        started = time.monotonic()
        subprocess.run([sys.executable, "-m", "autograder.cli", "grade", str(single), "--course", str(ROOT)],
                       capture_output=True, check=True)
        cold.append(time.monotonic() - started)

    def per_second(run: dict) -> float:
        return len(jobs) / run["wall"]

    figures = {
        "machine": f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start of the summary",
        "submissions": len(jobs),
        "assignments": len(course.assignment_ids()),
        "workers": workers,
        "first batch (empty examples cache): wall time incl. start-up (s)": round(first["wall"], 2),
        "first batch: worker start-up, each (s)": [round(x, 2) for x in first["startup"]],
        "later batch (examples cached): wall time incl. start-up (s)": round(later["wall"], 2),
        "later batch: worker start-up, each (s)": [round(x, 2) for x in later["startup"]],
        "later batch throughput (submissions/s)": round(per_second(later), 2),
        "peak RSS per worker (MB)": [round(x) for x in first["rss"] + later["rss"]],
        "warm latency median / p95 (s)": [round(statistics.median(latencies), 3),
                                          round(percentile(latencies, 0.95), 3)],
        "warm latency, correct submissions, median (s)": round(statistics.median(correct), 3),
        "cold single `autograder grade FILE`, median of 3 (s)": round(statistics.median(cold), 2),
        "warm correct submission, median seconds per phase": breakdown(course, args.repeats),
    }
    if args.nbgrader:
        measured = run_nbgrader(course, work)
        if measured is None:
            figures["nbgrader"] = "not available (install the course extra)"
        else:
            nb_scores, nb_wall = measured
            mismatched = {k: (v, results[k].score) for k, v in nb_scores.items() if abs(v - results[k].score) > 1e-9}
            nb_rate = len(nb_scores) / nb_wall
            figures["stock nbgrader autograde (default preprocessors, kernel per notebook): wall time (s)"] = round(
                nb_wall, 2)
            figures["nbgrader throughput (submissions/s)"] = round(nb_rate, 3)
            figures["ratio to nbgrader, first batch / later batch (start-up included)"] = [
                round(per_second(first) / nb_rate, 1), round(per_second(later) / nb_rate, 1)]
            figures["scores identical to nbgrader"] = not mismatched
            if mismatched:
                figures["score mismatches (nbgrader, ours)"] = mismatched
    print(json.dumps(figures, indent=2))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
