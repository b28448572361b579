"""Benchmark: how fast does the grader grade a class, and where does the time go?

    python bench/grading_throughput.py [--per-assignment N [N ...]] [--jobs J] [--nbgrader]

For each class size N (submissions per assignment; ``10 50`` gives 60 and 300),
generates a class (half the solution, half the example mistakes and the stub) in
nbgrader's layout, then measures, in one run; every time as wall and CPU seconds
(this process and every worker, zygote and sandbox child, see bench/measure.py),
with the load average at the start:

- first batch on this machine (first size only): `grade_batch` (what `autograder
  grade DIR --out OUT` runs) with J warm workers and an empty examples cache, so
  each assignment's hypothesis examples are recorded once, shared by the workers;
  worker start-up (fork from this process, references, examples; the shared zygote
  warms up meanwhile) and the time from the batch's start to the first ready worker
  (this process first loads the references and the examples stored already, so that
  every worker forked from it starts with them), peak RSS per worker;
- batch with the examples cache filled (every later run), into a fresh OUT;
- warm latency per submission (median, p95; correct submissions apart);
- with --nbgrader: stock `nbgrader autograde` (its default preprocessors: Execute,
  one kernel per notebook; not this repository's sandboxed engine) on the same
  submissions, and the ratio. Its test cells are comments (the tests are not in the
  notebooks), so stock nbgrader runs the student cells and no test: a lower bound on
  what nbgrader costs, and its scores are not grades;
- cold: one `autograder grade FILE` in a new process (examples cache filled);
- where a warm correct submission's time goes (fork, cells, calls, hypothesis
  replay, checks and pytest), against the fork floor (fork + one trivial cell).

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
from bench.measure import Phases, Timed, machine, timed  # noqa: E402


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


def run_nbgrader(course: Course, work: Path) -> tuple[dict[str, float], Timed] | None:
    """Stock ``nbgrader autograde`` on the same submissions in a copy of the course.

    Returns ({student/assignment: score}, wall and CPU time of autograde), or None
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
    with timed() as spent:
        for aid in course.assignment_ids():
            done = subprocess.run([nbgrader, "autograde", aid, "--force"], cwd=root, env=env, capture_output=True,
                                  text=True)
            if done.returncode != 0:
                sys.exit(f"nbgrader autograde {aid} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    subprocess.run([nbgrader, "export"], cwd=root, env=env, capture_output=True, check=True)
    with (root / "grades.csv").open(newline="") as handle:
        scores = {f"{row['student_id']}/{row['assignment']}": float(row["raw_score"] or 0)
                  for row in csv.DictReader(handle)}
    return scores, spent


class WarmUpTimes(Progress):
    """Collects each worker's start-up seconds, and the seconds from the batch's start to the first
    ready worker (the batch process's loading of references and examples before it forks included)."""

    def __init__(self) -> None:
        self.seconds: list[float] = []
        self.began = self.first_ready = None

    def begin(self, total: int, workers: int, already: int) -> None:
        self.began = time.monotonic()

    def worker_ready(self, seconds: float) -> None:
        self.seconds.append(seconds)
        if self.first_ready is None:
            self.first_ready = time.monotonic() - self.began


def timed_batch(jobs, course: Course, out: Path, workers: int) -> dict:
    """One batch run: wall and CPU time, worker start-up, peak RSS per worker, results."""
    warm = WarmUpTimes()
    with timed() as spent:
        summary = batch.grade_batch(jobs, course=course, out=out, workers=workers, progress=warm)
    return {"wall": spent.wall, "cpu": spent.cpu, "startup": warm.seconds, "first ready": warm.first_ready, "rss": list(summary.peak_rss_mb.values()),
            "results": {f"{r.student}/{r.assignment}": r for r in summary.results}}


def breakdown(course: Course, repeats: int) -> dict[str, dict[str, float]]:
    """Median seconds per warm correct submission in each phase (wall; this process's CPU; the
    sandboxed child's CPU), in this process, and the fork floor.

    Phases are exclusive: a call made while replaying hypothesis examples counts as a call.
    """
    from autograder.testrun import plugin
    from autograder.runner import grade_submission
    from autograder.sandbox import process, session
    from autograder.submission import load_submission

    batch.start_worker(str(course.root), course.assignment_ids())
    phases = Phases("checks, pytest and the rest")
    phases.wrap(process.ChildProcess, "__init__", "fork (zygote fork, sandbox set-up)")
    phases.wrap(session.StudentSession, "run_cells", "cells")
    phases.wrap(session.StudentSession, "call", "calls (round trips, encoding, the child's work)")
    phases.wrap(plugin, "replay", "hypothesis (replaying recorded examples, their checks)")
    phases.wrap(process.ChildProcess, "request", None, after=lambda child: phases.add_cpu(child.last_usage.cpu))
    samples: dict[str, dict[str, list[float]]] = {}
    try:
        for aid in course.assignment_ids():
            path = ROOT / "examples" / aid / "solution.ipynb"
            grade_submission(path, course=course)  # warm this assignment's modules
            for _ in range(repeats):
                phases.reset()
                with timed() as total:
                    grade_submission(path, course=course)
                rows = {name: (phases.wall.get(name, 0.0), phases.cpu.get(name, 0.0),
                               phases.child_cpu.get(name, 0.0)) for name in phases.wall}
                rows["total"] = (total.wall, sum(phases.cpu.values()), sum(phases.child_cpu.values()))
                for name, values in rows.items():
                    for kind, value in zip(("wall", "grader cpu", "child cpu"), values):
                        samples.setdefault(name, {}).setdefault(kind, []).append(value)
    finally:
        phases.undo()
    figures = {name: {kind: round(statistics.median(values), 4) for kind, values in kinds.items()}
               for name, kinds in samples.items()}
    floor: dict[str, list[float]] = {"wall": [], "grader cpu": [], "child cpu": []}
    cells = load_submission(ROOT / "examples" / "a1" / "solution.ipynb").cells[:1]
    for _ in range(20):
        cpu = time.process_time()
        with timed() as once, session.StudentSession(cells, limits=course.assignment("a1").spec.limits,
                                                     protected=[], course_root=course.root) as child:
            child.run_cells()
            child_cpu = child._child.last_usage.cpu
        floor["wall"].append(once.wall)
        floor["grader cpu"].append(time.process_time() - cpu)
        floor["child cpu"].append(child_cpu)
    figures["fork floor: fork + one trivial cell"] = {kind: round(statistics.median(values), 4)
                                                     for kind, values in floor.items()}
    return figures


def cold_single(path: Path) -> dict[str, float]:
    """One `autograder grade FILE` in a new process (examples cache filled), median of 3."""
    runs = []
    for _ in range(3):
        with timed() as once:
            subprocess.run([sys.executable, "-m", "autograder.cli", "grade", str(path), "--course", str(ROOT)],
                           capture_output=True, check=True)
        runs.append(once)
    return {"wall": round(statistics.median(r.wall for r in runs), 2),
            "cpu": round(statistics.median(r.cpu for r in runs), 2)}


def compare_size(course: Course, per_assignment: int, work: Path, workers: int, args: argparse.Namespace,
                 first_size: bool) -> dict:
    """Every figure for one class size (N submissions per assignment)."""
    work.mkdir(parents=True)
    chosen = make_class(course, per_assignment, work)
    jobs = batch.discover([work / "submitted"], course).jobs
    figures: dict = {"submissions": len(jobs), "load average at start": round(os.getloadavg()[0], 1)}
    runs = {}
    if first_size:  # the examples cache is empty: this batch records each assignment's examples once
        runs["first batch (empty examples cache)"] = timed_batch(jobs, course, work / "out-first", workers)
    runs["batch (examples cached)"] = timed_batch(jobs, course, work / "out-later", workers)
    for name, run in runs.items():
        figures[name] = {"wall (s)": round(run["wall"], 2), "cpu (s)": round(run["cpu"], 2),
                         "submissions/s (wall)": round(len(jobs) / run["wall"], 2),
                         "worker start-up, each (s)": [round(x, 2) for x in run["startup"]],
                         "batch start to first worker ready (s)": round(run["first ready"] or 0, 2),
                         "peak RSS per worker (MB)": [round(x) for x in run["rss"]]}
    later = runs["batch (examples cached)"]
    results = later["results"]
    latencies = [r.duration for r in results.values()]
    correct = [r.duration for key, r in results.items() if chosen[key] == "solution"]
    figures["warm latency (wall), median / p95 (s)"] = [round(statistics.median(latencies), 3),
                                                       round(percentile(latencies, 0.95), 3)]
    figures["warm latency (wall), correct submissions, median (s)"] = round(statistics.median(correct), 3)
    if args.nbgrader:
        measured = run_nbgrader(course, work)
        if measured is None:
            figures["nbgrader"] = "not available (install the course extra)"
            return figures
        nb_scores, nb = measured
        figures["stock nbgrader autograde (Execute, a kernel per notebook)"] = {
            "wall (s)": round(nb.wall, 2), "cpu (s)": round(nb.cpu, 2),
            "submissions/s (wall)": round(len(nb_scores) / nb.wall, 3)}
        figures["ratio to nbgrader, start-up included (wall, cpu)"] = {
            name: [round(nb.wall / run["wall"], 1), round(nb.cpu / run["cpu"], 1)] for name, run in runs.items()}
        full = sum(abs(score - results[key].max_score) < 1e-9 for key, score in nb_scores.items())
        figures["stock nbgrader: notebooks it gave full marks (it runs no tests: test cells are comments)"] = (
            f"{full} of {len(nb_scores)}; autograder grade: "
            f"{sum(r.score == r.max_score for r in results.values())}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-assignment", type=int, nargs="+", default=[10],
                        help="class sizes to measure, in submissions per assignment (10 50: 60 and 300)")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--repeats", type=int, default=5, help="warm gradings per assignment for the breakdown")
    parser.add_argument("--nbgrader", action="store_true", help="also time stock nbgrader autograde")
    args = parser.parse_args()
    print(machine(), flush=True)
    course = Course(ROOT)
    work = Path(tempfile.mkdtemp(prefix="autograder-bench-"))
    os.environ["AUTOGRADER_CACHE"] = str(work / "cache")  # empty: the first batch records the examples
    workers = args.jobs or os.cpu_count() or 1
    figures: dict = {"machine at start": machine(), "assignments": len(course.assignment_ids()), "workers": workers}
    try:
        for number, size in enumerate(args.per_assignment):
            figures[f"{size} per assignment"] = compare_size(course, size, work / f"class-{size}", workers, args,
                                                             first_size=number == 0)
        single = next((work / f"class-{args.per_assignment[0]}" / "submitted" / "student000").rglob("*.ipynb"))
        figures["cold single `autograder grade FILE` (a1 solution), median of 3"] = cold_single(single)
        figures["warm correct submission: median seconds per phase, in one grader process"] = breakdown(
            course, args.repeats)
        figures["machine at the end"] = machine()
    finally:
        print(json.dumps(figures, indent=2))
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
