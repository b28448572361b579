"""Benchmark: what each sandbox layer adds to a submission.

    python bench/sandbox_layers.py [--children N]

For each configuration a fresh zygote is started, then N children are each
forked, asked to run one trivial cell, and closed (the fixed cost every
submission pays, whatever its code). Configurations: every layer; every
layer but one (for each layer: the difference is that layer's cost); no
layer at all (the fork alone). Layers are switched off with
``AUTOGRADER_SANDBOX_SIMULATE_MISSING`` in weak mode, exactly as on a kernel
that lacks them. Prints the fastest milliseconds per child (the run least
disturbed by other load); the goal is that the whole sandbox adds at most 25 ms.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograder.sandbox import layers, zygote  # noqa: E402
from autograder.sandbox.process import ChildProcess, Limits  # noqa: E402

#: Layers that can be switched off one at a time (the namespaces come together with the user namespace).
SWITCHES = ["mount-namespace", "unprivileged-uid", "user-namespace", "no-capabilities", "no-new-privs",
            "landlock-fs", "closed-fds", "seccomp"]


def per_child(skip: list[str], children: int) -> float:
    """Fastest of the runs: seconds to fork a child, run one cell in it and reap it."""
    os.environ[layers.MODE_VARIABLE] = "weak"
    os.environ[layers.SIMULATE_VARIABLE] = ",".join(skip)
    zygote._zygote = None  # a new zygote picks up the settings
    times = []
    for index in range(children + 2):
        started = time.perf_counter()
        child = ChildProcess(limits=Limits(), protected=[], course_root=ROOT)
        reply = child.request({"op": "exec_cell", "index": 1, "source": "x = 1"}, timeout=60)
        child.close()
        if index >= 2:  # the first children pay for the zygote's own warm-up
            times.append(time.perf_counter() - started)
        assert reply["ok"], reply
    zygote.shared().close()
    return min(times)  # the least disturbed run: on a shared machine the median measures the load


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=20)
    args = parser.parse_args()
    full = per_child([], args.children)
    bare = per_child(SWITCHES, args.children)
    print(f"{'configuration':<32}{'ms per child':>14}{'layer cost (ms)':>18}")
    print(f"{'no layer (fork only)':<32}{bare * 1000:>14.1f}")
    print(f"{'every layer':<32}{full * 1000:>14.1f}{(full - bare) * 1000:>18.1f}  (all layers together)")
    for layer in SWITCHES:
        without = per_child([layer], args.children)
        print(f"{'without ' + layer:<32}{without * 1000:>14.1f}{(full - without) * 1000:>18.1f}")


if __name__ == "__main__":
    main()
