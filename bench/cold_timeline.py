"""Benchmark: where does a cold ``autograder grade FILE`` spend its time?

    python bench/cold_timeline.py [--submission examples/a1/solution.ipynb] [--repeats 3]

1. The timeline of a cold grade, each in a fresh interpreter, as ``autograder grade``
   runs it (the zygote is started first, then the grader imports itself): when the
   zygote was spawned, when the grader's imports were done, when the first fork was
   asked for and answered (the zygote's warm-up ends there), when the tests started
   and ended. Wall seconds from the start and the grader's own CPU seconds; medians.
2. The zygote's warm-up step by step in a fresh interpreter (what
   ``autograder.sandbox.warmup.prepare_zygote`` does, timed piece by piece).

Both run with the examples cache filled (the submission is graded once first, not
timed). Numbers depend on the machine and its load; the README quotes a run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.measure import machine  # noqa: E402

_TIMELINE = r"""
import json, sys, time
start = time.monotonic()
marks = {}
def mark(what):
    marks.setdefault(what, [round(time.monotonic() - start, 3), round(time.process_time(), 3)])
def around(owner, name, before, after):
    original = getattr(owner, name)
    def wrapper(*args, **kwargs):
        mark(before)
        try:
            return original(*args, **kwargs)
        finally:
            mark(after)
    setattr(owner, name, wrapper)
from autograder.sandbox import layers, zygote
layers.set_mode("strict")
mark("zygote spawned")
zygote.shared()  # what `autograder grade FILE` does first (cli._grade's warm_up), before its own imports
import autograder.batch, autograder.cli, autograder.testrun.run as run
mark("grader imports done")
around(zygote.Zygote, "fork", "first fork asked", "first fork answered (zygote warm)")
around(run.pytest, "main", "tests started", "tests ended")
code = autograder.cli.main(sys.argv[1:])
mark("end")
print(json.dumps(marks), file=sys.stderr)
"""

_WARM_UP = r"""
import importlib, json, sys, time
laps, clock = {}, [time.process_time(), time.monotonic()]
def lap(what):
    laps[what] = [round(time.process_time() - clock[0], 3), round(time.monotonic() - clock[1], 3)]
    clock[:] = [time.process_time(), time.monotonic()]
import matplotlib; matplotlib.use("Agg"); lap("import matplotlib")
import torch; lap("import torch")
torch.set_num_threads(1)
importlib.import_module("autograder.sandbox.child"); lap("the child's modules")
from autograder.sandbox import warmup
for name in warmup.LAZY_MODULES:
    importlib.import_module(name)
lap("lazily imported modules (symbolic_shapes, torch.func, pyplot, ...)")
warmup.prepare_autograd(); lap("first backward, second order, forward mode, torch.func")
warmup.prepare_numpy(); lap("numpy linear algebra")
warmup.prepare_plotting(); lap("a figure")
print(json.dumps(laps))
"""


def timeline(submission: Path, repeats: int) -> dict[str, dict[str, float]]:
    runs = []
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "-m", "autograder.cli", "grade", str(submission), "--out", out]
        subprocess.run(command, cwd=ROOT, capture_output=True, check=True)  # records missing examples
    for _ in range(repeats):
        done = subprocess.run([sys.executable, "-c", _TIMELINE, "grade", str(submission)], cwd=ROOT,
                              capture_output=True, text=True, check=True)
        runs.append(json.loads(done.stderr.strip().splitlines()[-1]))
    return {what: {"wall (s from start)": statistics.median(r[what][0] for r in runs),
                   "grader cpu (s)": statistics.median(r[what][1] for r in runs)} for what in runs[0]}


def warm_up() -> dict[str, dict[str, float]]:
    done = subprocess.run([sys.executable, "-c", _WARM_UP], cwd=ROOT, capture_output=True, text=True, check=True)
    return {what: {"cpu (s)": cpu, "wall (s)": wall} for what, (cpu, wall) in json.loads(done.stdout).items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--submission", type=Path, default=ROOT / "examples" / "a1" / "solution.ipynb")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    figures = {"machine at start": machine(),
               f"cold grade of {args.submission.name}, median of {args.repeats}":
                   timeline(args.submission.resolve(), args.repeats),
               "zygote warm-up, step by step": warm_up(),
               "machine at the end": machine()}
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
