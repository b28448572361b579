"""Benchmark: what does a student's first call cost in a forked child, and what do calls cost?

    python bench/first_call.py [--children N] [--busy B]

1. First call in a forked child, before and after the zygote's warm-up
   (``autograder/sandbox/warmup.py``): a process that imported what the zygote
   imports forks N children; each child calls an a1-style ``f_torch`` with
   ``backward()`` (as ``test_f_torch_gradient_flows`` does) and reports the CPU
   time, wall time and number of modules that first call loaded. "before" is the
   zygote as it was (imports only), "after" also ran ``prepare_zygote()``.
2. Every call of every reference solution's grading: the child's CPU time (what
   the limits charge), the wall time, and the time the child waited for a CPU,
   as percentiles. With ``--busy B``, B CPU-bound processes run meanwhile: the
   wall time grows, the CPU time does not.

Numbers depend on the machine and its load; the README quotes a run.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_FORK_PROBE = r"""
import json, os, resource, sys, time
import matplotlib
matplotlib.use("Agg")
import autograder.sandbox.child
if sys.argv[1] == "after":
    from autograder.sandbox.warmup import prepare_zygote
    prepare_zygote()
import torch
torch.set_num_threads(1)
results = []
for _ in range(int(sys.argv[2])):
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        modules = len(sys.modules)
        X = torch.linspace(-1, 1, 20, dtype=torch.float64).reshape(10, 2).requires_grad_()
        cpu, wall = time.process_time(), time.perf_counter()
        y = torch.sin(X[:, 0]) * torch.cos(X[:, 1])
        y.backward(torch.ones_like(y))
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        os.write(write, json.dumps([cpu, wall, len(sys.modules) - modules]).encode())
        os._exit(0)
    os.close(write)
    results.append(json.loads(os.read(read, 1 << 16)))
    os.waitpid(pid, 0)
print(json.dumps({"threads": len(os.listdir("/proc/self/task")), "calls": results}))
"""


def first_call(mode: str, children: int) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT), OMP_NUM_THREADS="1", MPLBACKEND="Agg")
    out = subprocess.run([sys.executable, "-c", _FORK_PROBE, mode, str(children)], env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


@contextlib.contextmanager
def busy(count: int):
    processes = [subprocess.Popen([sys.executable, "-S", "-c", "while True: pass"]) for _ in range(count)]
    try:
        yield
    finally:
        for process in processes:
            process.kill()
            process.wait()


def call_costs(busy_processes: int) -> list:
    """(function, Usage) of every call made while grading each reference solution."""
    from autograder.course import Course
    from autograder.sandbox.session import StudentSession
    from autograder.student import Student
    from autograder.submission import load_submission
    from autograder.testing import prepare, run_tests

    course = Course(ROOT)
    for aid in course.assignment_ids():
        prepare(course.assignment(aid))  # as a warm worker: the grader's own start-up is not measured
    usages = []
    with busy(busy_processes):
        for aid in course.assignment_ids():
            files = course.assignment(aid)
            cells = load_submission(files.solution).cells
            with StudentSession(cells, limits=files.spec.limits, protected=course.secret_paths,
                                course_root=course.root) as session:
                session.run_cells()
                run_tests(files, files.spec.tests, Student(session), cells, with_reference=True)
                usages += session.call_usage
    return usages


def percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return " / ".join(f"{pick(q) * 1000:8.2f}" for q in (0.5, 0.9, 0.99)) + f" / {ordered[-1] * 1000:8.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--children", type=int, default=5, help="children forked per zygote state")
    parser.add_argument("--busy", type=int, default=0, help="CPU-bound processes running while calls are measured")
    args = parser.parse_args()

    print("first f_torch call with backward() in a forked child (median of "
          f"{args.children}): CPU s, wall s, modules imported")
    for mode in ("before", "after"):
        probe = first_call(mode, args.children)
        cpu, wall, modules = (statistics.median(c[i] for c in probe["calls"]) for i in range(3))
        print(f"  {mode:6s}  cpu {cpu:7.4f}   wall {wall:7.4f}   modules {modules:4.0f}   "
              f"zygote threads {probe['threads']}")

    usages = [u for _, u in call_costs(args.busy)]
    print(f"\n{len(usages)} calls grading the six reference solutions, {args.busy} busy processes; "
          "milliseconds, p50 / p90 / p99 / max")
    print(f"  CPU time (charged)    {percentiles([u.cpu for u in usages])}")
    print(f"  wall time             {percentiles([u.wall for u in usages])}")
    print(f"  waiting for a CPU     {percentiles([u.waiting for u in usages])}")
    print(f"  wall minus waiting    {percentiles([u.own_wall for u in usages])}")
    print(f"  total: CPU {sum(u.cpu for u in usages):.2f} s, wall {sum(u.wall for u in usages):.2f} s, "
          f"waiting {sum(u.waiting for u in usages):.2f} s")


if __name__ == "__main__":
    start = time.monotonic()
    main()
    print(f"\n({time.monotonic() - start:.0f} s)")
