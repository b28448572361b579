"""Warm grader processes for batch grading, each handed one submission at a time.

The parent keeps the queue; a worker holds at most one job, so when a worker
dies (killed by the kernel's OOM killer, an operator, a crash in a native
library) the parent knows exactly which submission was lost. That submission is
graded once more by a fresh worker; if that worker dies on it too, it gets an
error result instead of taking the batch down.

Workers start with SIGINT ignored (inherited by their zygote and sandbox
children), so Ctrl-C reaches only the parent, which stops them at once.

Start-up is kept short two ways. Workers are forked from the batch process,
which has already imported numpy, torch, pytest and the grader (spawned
instead, paying those imports again, if that process runs other Python threads,
where a fork is unsafe). And the pool starts one zygote, attached to every worker
(:meth:`autograder.sandbox.zygote.Zygote.attach`), instead of one per worker: its
imports and warm-up are paid once per batch. While it warms up, the batch process
loads the references and the examples stored already (``before_fork``), so the
workers forked from it start with them and only record what is missing. Every
submission still gets its own freshly forked sandbox child.
"""

from __future__ import annotations

import resource
import signal
import socket
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from autograder.sandbox import zygote

#: How many times a submission is handed out before its loss counts as its result.
ATTEMPTS = 2
#: A worker is replaced by a fresh one after this many jobs, to keep memory bounded.
JOBS_PER_WORKER = 400


@dataclass
class Finished:
    """What the parent learns when a job ends."""

    job: Any
    result: Any  # GradingResult
    worker_pid: int
    worker_peak_rss_mb: float


@dataclass
class Lost:
    """A job whose worker died twice while grading it."""

    job: Any
    exitcode: int | None


def _worker_main(connection: Connection, zygote_control: socket.socket | None, index: int, course_root: str,
                 assignment_ids: list[str], out: str) -> None:
    """A worker's life: warm up, report ready, then grade until told to stop."""
    from autograder import batch

    _die_with_parent()
    started = time.monotonic()
    zygote.use(zygote_control)
    batch.start_worker(course_root, assignment_ids, index)
    connection.send(("ready", time.monotonic() - started))
    while True:
        try:
            message = connection.recv()
        except EOFError:
            return  # the parent is gone
        if message is None:
            return
        result = batch.grade_job(message, Path(out))
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        connection.send(("done", result, peak_mb))


def _die_with_parent() -> None:
    """Ask Linux to end this worker when the batch process ends, however it ends (kill -9 included)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the worker still stops at its next job (its pipe is closed)


@contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Processes started in this block ignore SIGINT (they inherit it): Ctrl-C is the parent's to handle."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class _Worker:
    def __init__(self, context: Any, index: int, args: tuple, zygote_control: socket.socket | None) -> None:
        ours, theirs = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(theirs, zygote_control, index, *args), daemon=True)
        try:
            with _sigint_ignored():
                self.process.start()
        finally:
            if zygote_control is not None:
                zygote_control.close()  # the worker has its own copy
        theirs.close()
        self.connection = ours
        self.job: Any = None
        self.ready = False
        self.jobs_done = 0

    def stop(self, grace: float = 0.5) -> None:
        """End the worker (its zygote and sandbox children die with it)."""
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(grace)
            if self.process.is_alive():
                self.process.kill()
        self.process.join(5)
        self.connection.close()


class WorkerPool:
    """``count`` warm workers grading ``jobs``; iterate over :meth:`run` for the outcomes.

    ``before_fork`` runs in this process once the zygote is starting and before the first
    worker is forked: what it loads, every worker starts with.
    """

    def __init__(self, count: int, *, course_root: Path, assignment_ids: list[str], out: Path,
                 on_ready: Callable[[float], None] | None = None,
                 on_start: Callable[[Any, int], None] | None = None,
                 before_fork: Callable[[], None] | None = None) -> None:
        self._before_fork = before_fork or (lambda: None)
        self._zygote: zygote.Zygote | None = None
        self._args = (str(course_root), assignment_ids, str(out))
        self._count = count
        self._workers: list[_Worker] = []
        self._on_ready = on_ready or (lambda seconds: None)
        self._on_start = on_start or (lambda job, pid: None)
        self._failed_starts = 0
        self._started = 0

    def run(self, jobs: Iterable[Any]) -> Iterable[Finished | Lost]:
        queue = deque(jobs)
        attempts: dict[Any, int] = {}
        try:
            if queue:
                with _sigint_ignored():
                    self._zygote = zygote.Zygote()  # shared by the workers (see the module's docstring)
                self._before_fork()  # while the zygote warms up
            self._workers = [self._start() for _ in range(min(self._count, len(queue)))]
            while queue or any(w.job is not None for w in self._workers):
                for worker in self._workers:
                    if worker.ready and worker.job is None and queue:
                        worker.job = queue.popleft()
                        attempts[worker.job] = attempts.get(worker.job, 0) + 1
                        worker.connection.send(worker.job)
                        self._on_start(worker.job, worker.process.pid)
                waiting = [w.connection for w in self._workers] + [w.process.sentinel for w in self._workers]
                for ready in wait(waiting):
                    worker = next((w for w in self._workers
                                   if ready in (w.connection, w.process.sentinel)), None)
                    if worker is None:
                        continue
                    outcome = self._receive(worker) if ready is worker.connection else None
                    if outcome is not None:
                        yield outcome
                        continue
                    if worker.process.is_alive() and ready is worker.connection:
                        continue
                    yield from self._replace(worker, queue, attempts)
        finally:
            self.close()

    def _start(self) -> _Worker:
        self._started += 1
        try:
            control = self._zygote.attach() if self._zygote is not None else None
        except zygote.ZygoteFailure:
            control = None  # the worker starts a zygote of its own
        # Forking a process that runs other Python threads could copy a lock some thread holds;
        # native pools (OpenBLAS, torch) reset themselves at fork (as for torch's DataLoader).
        context = get_context("fork" if threading.active_count() == 1 else "spawn")
        for stream in (sys.stdout, sys.stderr):  # else a forked worker writes what is buffered again
            if stream is not None:
                stream.flush()
        return _Worker(context, self._started - 1, self._args, control)

    def _receive(self, worker: _Worker) -> Finished | None:
        try:
            message = worker.connection.recv()
        except (EOFError, OSError):
            worker.process.join(1)  # it ended: its sentinel reports it
            return None
        if message[0] == "ready":
            worker.ready = True
            self._failed_starts = 0
            self._on_ready(message[1])
            return None
        _, result, peak_mb = message
        job, worker.job = worker.job, None
        worker.jobs_done += 1
        if worker.jobs_done >= JOBS_PER_WORKER:
            worker.connection.send(None)
        return Finished(job, result, worker.process.pid, peak_mb)

    def _replace(self, worker: _Worker, queue: deque, attempts: dict[Any, int]) -> Iterable[Lost]:
        """A worker ended: requeue or give up on its job, and start a fresh worker if work remains."""
        worker.process.join(5)
        exitcode = worker.process.exitcode
        recycled = worker.jobs_done >= JOBS_PER_WORKER and worker.job is None
        if not worker.ready and not recycled:
            self._failed_starts += 1
            if self._failed_starts > 3 * self._count:
                raise RuntimeError(f"grader workers keep failing to start (exit code {exitcode})")
        lost = worker.job
        worker.stop()
        self._workers.remove(worker)
        if lost is not None:
            if attempts[lost] < ATTEMPTS:
                queue.appendleft(lost)
            else:
                yield Lost(lost, exitcode)
        busy = sum(w.job is not None for w in self._workers)
        if len(queue) > len(self._workers) - busy:
            self._workers.append(self._start())

    def close(self) -> None:
        """Stop every worker now (also on Ctrl-C: nothing keeps grading after this)."""
        for worker in self._workers:
            if worker.process.is_alive():
                worker.process.terminate()
        deadline = time.monotonic() + 1.0
        for worker in self._workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(5)
            worker.connection.close()
        self._workers = []
        if self._zygote is not None:
            self._zygote.kill()  # at once, even mid warm-up (Ctrl-C); its children die with it
            self._zygote = None


def describe_exit(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit code {exitcode}"


