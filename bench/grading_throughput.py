"""Benchmark: how fast does the grader grade a class?

    python bench/grading_throughput.py [--per-assignment N] [--jobs J] [--nbgrader]

Generates N submissions per assignment (a mix of the solution, the example
mistakes and the stub), then measures

- warm latency: seconds per submission inside a warm worker (median, p95),
  overall and for correct submissions;
- batch throughput: submissions per second of `autograder grade DIR --jobs J`,
  worker start-up included;
- cold latency: one submission graded from the command line in a new process;
- with --nbgrader (needs the `course` extra): `nbgrader autograde` on the same
  submissions, the same scores, and the throughput ratio.

Numbers depend on the machine; the README quotes a run on the 2-core reference machine.
"""

from __future__ import annotations

import argparse
import csv
import os
import json
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-assignment", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--nbgrader", action="store_true", help="also time nbgrader autograde")
    args = parser.parse_args()
    course = Course(ROOT)
    work = Path(tempfile.mkdtemp(prefix="autograder-bench-"))
    chosen = make_class(course, args.per_assignment, work)
    jobs = batch.discover([work / "submitted"], course).jobs

    workers = args.jobs or os.cpu_count() or 1
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "autograder.cli", "grade", str(work / "submitted"),
                           "--out", str(work / "out"), "--course", str(ROOT)]
                          + (["--jobs", str(args.jobs)] if args.jobs else []),
                          capture_output=True, text=True)
    wall = time.monotonic() - started
    if done.returncode != 0:
        sys.exit(f"batch grading failed:\n{done.stderr}")
    results = {f"{r.student}/{r.assignment}": r for r in batch.load_results([work / "out"])}
    latencies = [r.duration for r in results.values()]
    correct = [r.duration for key, r in results.items() if chosen[key] == "solution"]

    one = work / "submitted" / "student000"
    single = next(one.rglob("*.ipynb"))
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "autograder.cli", "grade", str(single), "--course", str(ROOT)],
                   capture_output=True, check=True)
    cold = time.monotonic() - started

    figures = {
        "submissions": len(jobs),
        "assignments": len(course.assignment_ids()),
        "warm latency median (s)": round(statistics.median(latencies), 3),
        "warm latency p95 (s)": round(percentile(latencies, 0.95), 3),
        "warm latency, correct submissions, median (s)": round(statistics.median(correct), 3),
        "batch wall time incl. worker start (s)": round(wall, 2),
        "batch throughput (submissions/s)": round(len(jobs) / wall, 2),
        "steady-state throughput, workers / mean warm latency (submissions/s)": round(
            workers / statistics.mean(latencies), 2),
        "cold single submission from the CLI (s)": round(cold, 2),
    }
    if args.nbgrader:
        measured = run_nbgrader(course, work)
        if measured is None:
            figures["nbgrader"] = "not available (install the course extra)"
        else:
            nb_scores, nb_wall = measured
            mismatched = {k: (v, results[k].score) for k, v in nb_scores.items() if abs(v - results[k].score) > 1e-9}
            figures["nbgrader autograde wall time (s)"] = round(nb_wall, 2)
            figures["nbgrader throughput (submissions/s)"] = round(len(nb_scores) / nb_wall, 3)
            figures["throughput ratio (ours / nbgrader)"] = round((len(jobs) / wall) / (len(nb_scores) / nb_wall), 1)
            figures["scores identical to nbgrader"] = not mismatched
            if mismatched:
                figures["score mismatches (nbgrader, ours)"] = mismatched
    print(json.dumps(figures, indent=2))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
