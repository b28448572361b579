"""Benchmark: where a warm correct submission's CPU time goes, per assignment, and per round trip.

    python bench/phases.py [--assignments a1 a5] [--repeats 3] [--profile OUT.prof]

For each assignment: grade its solution once in this process (warming its modules and
recording or reading its hypothesis examples), then ``--repeats`` more times, and print
the median CPU seconds of each phase (the grader's and the sandboxed child's, as in
``grading_throughput.py``'s breakdown), the number of round trips to the child (requests)
and of student calls, and the grader's CPU per round trip. ``--profile`` writes a cProfile
of the grader side of the timed gradings (read it with ``python -m pstats``).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograder.course import Course  # noqa: E402
from bench.measure import Phases, machine  # noqa: E402

CALLS = "calls (round trips, encoding, the child's work)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--assignments", nargs="*", default=None)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--profile", default=None, help="write a cProfile of the timed gradings here")
    args = parser.parse_args()
    print(machine(), flush=True)

    from autograder import batch
    from autograder.testrun import plugin
    from autograder.runner import grade_submission
    from autograder.sandbox import process, session

    course = Course(ROOT)
    aids = args.assignments or course.assignment_ids()
    batch.start_worker(str(course.root), aids)
    phases = Phases("checks, pytest and the rest")
    phases.wrap(process.ChildProcess, "__init__", "fork (zygote fork, sandbox set-up)")
    phases.wrap(session.StudentSession, "run_cells", "cells")
    phases.wrap(session.StudentSession, "call", CALLS)
    phases.wrap(session.StudentSession, "run_objects", CALLS)  # a7, a8: object programs are calls too
    if hasattr(session.StudentSession, "call_many"):
        phases.wrap(session.StudentSession, "call_many", CALLS)
    phases.wrap(plugin, "replay", "hypothesis (replaying recorded examples, their checks)")
    counts = {"requests": 0}

    def after_request(child: process.ChildProcess) -> None:
        counts["requests"] += 1
        phases.add_cpu(child.last_usage.cpu)

    phases.wrap(process.ChildProcess, "request", None, after=after_request)
    profiler = cProfile.Profile() if args.profile else None
    report: dict = {}
    try:
        for aid in aids:
            path = ROOT / "examples" / aid / "solution.ipynb"
            first = grade_submission(path, course=course)  # warm this assignment's modules
            samples: dict[str, dict[str, list[float]]] = {}
            for _ in range(args.repeats):
                phases.reset()
                counts["requests"] = 0
                if profiler:
                    profiler.enable()
                result = grade_submission(path, course=course)
                if profiler:
                    profiler.disable()
                assert result.score == first.score, (aid, result.score, first.score)
                rows = {name: (phases.cpu.get(name, 0.0), phases.child_cpu.get(name, 0.0)) for name in phases.cpu}
                rows["total"] = (sum(phases.cpu.values()), sum(phases.child_cpu.values()))
                rows["round trips"] = (counts["requests"], 0.0)
                for name, values in rows.items():
                    for kind, value in zip(("grader cpu", "child cpu"), values):
                        samples.setdefault(name, {}).setdefault(kind, []).append(value)
            figures = {name: {kind: round(statistics.median(values), 3) for kind, values in kinds.items()}
                       for name, kinds in samples.items()}
            trips = figures["round trips"]["grader cpu"]
            figures["round trips"] = int(trips)
            calls = figures.get(CALLS, {"grader cpu": 0.0})
            figures["grader cpu per round trip (calls phase, ms)"] = round(
                1000 * calls["grader cpu"] / max(trips, 1), 2)
            figures["score"] = f"{first.score:g}/{first.max_score:g}"
            report[aid] = figures
            print(aid, json.dumps(figures), flush=True)
    finally:
        phases.undo()
        if profiler:
            profiler.dump_stats(args.profile)
    totals = {kind: round(sum(f["total"][kind] for f in report.values()), 3) for kind in ("grader cpu", "child cpu")}
    print(json.dumps({"sum over assignments": totals, "machine at the end": machine()}))


if __name__ == "__main__":
    main()
