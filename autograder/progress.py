"""Progress of a batch: a bar on a terminal, plain periodic lines in a log.

Both count the warm-up (starting workers: imports, zygote, reference solutions)
apart from grading, so the estimate of the time left is based on the grading
rate only: seconds since the first worker was ready per graded submission.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


def format_duration(seconds: float) -> str:
    """``100`` → ``"1m40s"``; ``5`` → ``"5s"``; ``3720`` → ``"1h02m"``."""
    seconds = max(0, int(round(seconds)))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


class Progress:
    """Silent progress: the interface, and what library callers get by default."""

    def begin(self, total: int, workers: int, already: int) -> None:
        """``total`` submissions to grade by ``workers`` workers; ``already`` were graded before."""

    def started(self, job: object, worker_pid: int) -> None:
        """A worker took ``job``."""

    def worker_ready(self, seconds: float) -> None:
        """A worker finished warming up, after ``seconds``."""

    def graded(self, failed: bool) -> None:
        """One more submission has its result (``failed``: it could not be graded)."""

    def end(self) -> None:
        """The batch is over (finished or interrupted)."""


class _Counts(Progress):
    def __init__(self) -> None:
        self.total = self.done = self.errors = 0
        self.grading_since: float | None = None

    def begin(self, total: int, workers: int, already: int) -> None:
        self.total = total

    def worker_ready(self, seconds: float) -> None:
        if self.grading_since is None:
            self.grading_since = time.monotonic()

    def graded(self, failed: bool) -> None:
        if self.grading_since is None:  # graded in-process, no warm-up
            self.grading_since = time.monotonic()
        self.done += 1
        self.errors += failed

    def eta(self) -> float | None:
        if not self.done or self.grading_since is None:
            return None
        return (time.monotonic() - self.grading_since) / self.done * (self.total - self.done)


class LogProgress(_Counts):
    """A line such as ``37/300 graded, 2 errors, ETA 1m40s`` at most every ``interval`` seconds."""

    def __init__(self, stream: TextIO, interval: float = 10.0) -> None:
        super().__init__()
        self.stream, self.interval = stream, interval
        self.last_line = 0.0
        self.warm_up_started = time.monotonic()

    def _say(self, text: str) -> None:
        print(text, file=self.stream, flush=True)
        self.last_line = time.monotonic()

    def begin(self, total: int, workers: int, already: int) -> None:
        super().begin(total, workers, already)
        self.warm_up_started = time.monotonic()
        skipped = f" ({already} already graded)" if already else ""
        workers_text = f" with {workers} worker{'s' * (workers != 1)}" if workers else ""
        self._say(f"grading {total} submission{'s' * (total != 1)}{workers_text}{skipped}")

    def worker_ready(self, seconds: float) -> None:
        first = self.grading_since is None
        super().worker_ready(seconds)
        if first:
            self._say(f"workers warming up took {format_duration(time.monotonic() - self.warm_up_started)}")

    def graded(self, failed: bool) -> None:
        super().graded(failed)
        if self.done == self.total or time.monotonic() - self.last_line >= self.interval:
            eta = self.eta()
            left = f", ETA {format_duration(eta)}" if eta is not None and self.done < self.total else ""
            self._say(f"{self.done}/{self.total} graded, {self.errors} error{'s' * (self.errors != 1)}{left}")


class BarProgress(_Counts):
    """A tqdm bar: one for the warm-up, then one for grading whose rate and ETA start at the first ready worker."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream
        self.warm_bar = self.bar = None

    def begin(self, total: int, workers: int, already: int) -> None:
        from tqdm import tqdm

        super().begin(total, workers, already)
        tqdm.monitor_interval = 0  # no monitor thread: batch workers are forked from a single-threaded process
        if already:
            self.stream.write(f"{already} already graded\n")
        if workers:
            self.warm_bar = tqdm(total=workers, desc="starting workers", file=self.stream, leave=False,
                                 bar_format="{desc} (importing, preparing the tests) [{elapsed}]")
        else:
            self._grading_bar()

    def _grading_bar(self) -> None:
        from tqdm import tqdm

        # smoothing=0: the rate is the average since this bar appeared, i.e. since grading began.
        self.bar = tqdm(total=self.total, desc="grading", unit="submission", file=self.stream, smoothing=0,
                        dynamic_ncols=True)

    def worker_ready(self, seconds: float) -> None:
        super().worker_ready(seconds)
        if self.warm_bar is not None:  # the first worker is ready: grading begins
            self.warm_bar.close()
            self.warm_bar = None
            self.stream.write(f"first worker ready after {format_duration(seconds)}\n")
            self._grading_bar()

    def graded(self, failed: bool) -> None:
        super().graded(failed)
        if self.bar is None:
            self._grading_bar()
        self.bar.set_postfix_str(f"{self.errors} error{'s' * (self.errors != 1)}", refresh=False)
        self.bar.update(1)

    def end(self) -> None:
        for bar in (self.warm_bar, self.bar):
            if bar is not None:
                bar.close()


def progress_for(stream: TextIO = sys.stderr) -> Progress:
    """A bar on a terminal, periodic lines otherwise (CI logs, files, pipes)."""
    return BarProgress(stream) if stream.isatty() else LogProgress(stream)
