"""What does ``nbgrader autograde`` cost next to ``autograder grade``, on the same class?

    python bench/nbgrader_autograde.py [--assignments a1 a3] [--per-assignment N] [--jobs J] [--stock]

Builds a class in a temporary copy of the course: for each assignment, N students, each
handing in one of its example notebooks (in turn), in nbgrader's
``submitted/<student>/<assignment>/`` layout. Then times, on those very files:

- ``autograder grade submitted --out DIR --jobs J`` (the batch grader);
- ``nbgrader generate_assignment`` once, then ``nbgrader autograde <id>`` per assignment,
  with this course's configuration (the sandboxed grader as nbgrader's engine);
- with ``--stock``: stock nbgrader, which runs every notebook in a Jupyter kernel
  (``--Execute.enabled=True --SandboxedGrading.enabled=False``; the test cells are
  comments, so this measures the kernel runs alone, not a grading).

and checks that nbgrader's gradebook has ``autograder grade``'s score for every student.
Before timing, ``autograder grade`` grades each assignment's solution once (not timed), so
both timed runs find the recorded hypothesis examples in the cache. The load average is
printed with the figures: on a busy machine they say little. Timing goes here, never in tests.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograder.course import Course  # noqa: E402


def readable(path: Path) -> bool:
    """Whether nbgrader can read the notebook (some examples are broken files on purpose)."""
    import nbformat

    try:
        nbformat.validate(nbformat.read(path, as_version=4))
    except Exception:  # noqa: BLE001 - whatever nbformat refuses, nbgrader refuses too
        return False
    return True


def build_class(course: Course, root: Path, assignments: list[str], per_assignment: int) -> int:
    """Copy the course and fill ``submitted/`` with example notebooks; returns the class size."""
    shutil.copy(ROOT / "nbgrader_config.py", root)
    for name in ("assignments", "solutions", "release"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    count = 0
    for aid in assignments:
        notebook = course.assignment(aid).spec.notebook
        examples = [p for p in sorted((ROOT / "examples" / aid).glob("*.ipynb")) if readable(p)]
        for number in range(per_assignment):
            folder = root / "submitted" / f"student{number:03d}" / aid
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copy(examples[number % len(examples)], folder / notebook)
            count += 1
    return count


def run(args: list[str], cwd: Path) -> float:
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("AUTOGRADER_COURSE", None)
    started = time.monotonic()
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return time.monotonic() - started


def scores_from_csv(path: Path, student_key: str) -> dict[tuple[str, str], float]:
    with path.open(newline="") as handle:
        return {(row["assignment"], row[student_key]): float(row["score"]) for row in csv.DictReader(handle)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assignments", nargs="+", default=["a1", "a3"])
    parser.add_argument("--per-assignment", type=int, default=8, help="students per assignment")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="autograder grade's workers")
    parser.add_argument("--stock", action="store_true", help="also time stock nbgrader (a kernel per notebook)")
    args = parser.parse_args()
    course = Course(ROOT)
    nbgrader = str(Path(sys.executable).with_name("nbgrader"))
    autograder = str(Path(sys.executable).with_name("autograder"))
    with tempfile.TemporaryDirectory(prefix="bench-nbgrader-") as scratch:
        root = Path(scratch) / "course"
        root.mkdir()
        size = build_class(course, root, args.assignments, args.per_assignment)
        load_before = os.getloadavg()[0]
        run([autograder, "grade", *(str(ROOT / "examples" / aid / "solution.ipynb") for aid in args.assignments),
             "--out", "warm-up"], root)  # fills the examples cache for both timed runs
        timings = {"autograder grade": run([autograder, "grade", "submitted", "--out", "batch",
                                            "--jobs", str(args.jobs)], root)}
        run([nbgrader, "generate_assignment", "*"], root)
        timings["nbgrader autograde (sandboxed grader)"] = sum(
            run([nbgrader, "autograde", aid], root) for aid in args.assignments)
        run([nbgrader, "export"], root)
        batch = scores_from_csv(root / "batch" / "gradebook.csv", "student")
        nbgraded = scores_from_csv(root / "grades.csv", "student_id")
        if args.stock:
            timings["stock nbgrader autograde (kernels, no tests)"] = sum(
                run([nbgrader, "autograde", aid, "--force", "--Execute.enabled=True",
                     "--SandboxedGrading.enabled=False"], root) for aid in args.assignments)
    print(f"{size} submissions ({', '.join(args.assignments)}; {args.per_assignment} each), "
          f"{os.cpu_count()} CPUs, autograder grade --jobs {args.jobs}, "
          f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after")
    for name, seconds in timings.items():
        print(f"  {name:<46} {seconds:7.1f} s   {seconds / size:5.2f} s per submission")
    # grades.csv also has a row of 0 for every (assignment, student) that handed nothing in
    differ = sorted(k for k in batch if nbgraded.get(k) != batch[k])
    print(f"  scores identical: {'yes' if batch and not differ else f'no: {differ[:5]}'}")


if __name__ == "__main__":
    main()
