"""What every bench script reports: wall and CPU time, the load it ran under, and where time goes.

On a shared machine wall-clock figures swing with the load of other processes;
CPU time much less. So every figure is given as both: ``wall`` (seconds on the
clock) and ``cpu`` (CPU seconds of this process plus every descendant it has
reaped: workers, zygotes, sandbox children, nbgrader's kernels), with the load
average when the script started.
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterator


def machine() -> str:
    """``2 cores, load average 1.3 / 2.0 / 2.4 (1, 5, 15 min)`` — print it first."""
    one, five, fifteen = os.getloadavg()
    return f"{os.cpu_count()} cores, load average {one:.1f} / {five:.1f} / {fifteen:.1f} (1, 5, 15 min)"


def cpu_seconds() -> float:
    """CPU seconds (user + system) of this process and of every child process it has waited for."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


@dataclass
class Timed:
    wall: float = 0.0
    cpu: float = 0.0

    def figures(self, digits: int = 2) -> dict[str, float]:
        return {"wall": round(self.wall, digits), "cpu": round(self.cpu, digits)}


@contextmanager
def timed() -> Iterator[Timed]:
    """``with timed() as t: ...`` then ``t.wall``, ``t.cpu`` (children counted once reaped)."""
    result = Timed()
    wall, cpu = time.perf_counter(), cpu_seconds()
    try:
        yield result
    finally:
        result.wall, result.cpu = time.perf_counter() - wall, cpu_seconds() - cpu


class Phases:
    """Exclusive time per phase: time inside a nested phase is charged to the innermost one only.

    ``wrap(owner, "method", "phase")`` instruments a method; ``undo()`` restores every method.
    Wall and this process's CPU are charged per phase; ``add_cpu(seconds)`` charges CPU measured
    elsewhere (the sandboxed child's, read from /proc) to the phase that is running now.
    """

    def __init__(self, outer: str = "rest") -> None:
        self.stack = [outer]
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.child_cpu: dict[str, float] = {}
        self._mark = (time.perf_counter(), time.process_time())
        self._undo: list[Callable[[], None]] = []

    def _switch(self) -> None:
        now = (time.perf_counter(), time.process_time())
        top = self.stack[-1]
        self.wall[top] = self.wall.get(top, 0.0) + now[0] - self._mark[0]
        self.cpu[top] = self.cpu.get(top, 0.0) + now[1] - self._mark[1]
        self._mark = now

    def reset(self) -> None:
        self.wall.clear(), self.cpu.clear(), self.child_cpu.clear()
        self._mark = (time.perf_counter(), time.process_time())

    def add_cpu(self, seconds: float) -> None:
        top = self.stack[-1]
        self.child_cpu[top] = self.child_cpu.get(top, 0.0) + seconds

    def wrap(self, owner: Any, name: str, phase: str | None, after: Callable[[Any], None] | None = None) -> None:
        """Charge calls of ``owner.name`` to ``phase`` (None: to the caller's), then run ``after(self_arg)``."""
        original = getattr(owner, name)

        @functools.wraps(original)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            self._switch()
            self.stack.append(phase or self.stack[-1])
            try:
                return original(*args, **kwargs)
            finally:
                if after is not None:
                    after(args[0])
                self._switch()
                self.stack.pop()

        setattr(owner, name, wrapper)
        self._undo.append(lambda: setattr(owner, name, original))

    def undo(self) -> None:
        while self._undo:
            self._undo.pop()()
