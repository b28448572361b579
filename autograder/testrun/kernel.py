"""The self-checks' transport: the student's functions called in their own kernel.

The grader calls student functions in the sandboxed child; a self-check calls them
here, in the notebook's process, through the very same request and reply
(:meth:`autograder.student.LocalCalls.reply` answers as the child does), with the
sandbox's per-call time limit and its repeat of every function's first call. The
test runner (:func:`autograder.testrun.run_tests`) cannot tell the two apart.
"""

from __future__ import annotations

import signal
import threading
import time
from typing import Any


class _CallTimedOut(BaseException):
    """Raised into student code by the call timer."""


class KernelCalls:
    """In-process calls with the sandbox's per-call time limits.

    Like :class:`autograder.student.LocalCalls`, plus what the sandbox does about a
    function that does not return: once the call has used ``seconds`` of the
    process's CPU time (a ``SIGPROF`` timer), or the sandbox's wall-clock backstop
    for code that sleeps (``SIGALRM``), it is interrupted — so only in the main
    thread, where notebook kernels run code — and reported as a time-out, and the
    function is not called again. A self-check of an infinite loop then ends with
    the grader's message instead of hanging the kernel, nbgrader scores it as
    ``autograder grade`` does, and a busy machine changes neither.
    """

    def __init__(self, namespace: dict[str, Any], seconds: float) -> None:
        from autograder.sandbox import child  # noqa: F401 - the calls answer through it; imported here,
        from autograder.student import LocalCalls  # before any timer runs, so that its imports (pyplot,
                                                   # fixtures) never count against the first call's limit

        self._local = LocalCalls(namespace)
        self.seconds = seconds
        self._hung: dict[str, str] = {}
        self._nondeterministic: dict[str, str] = {}
        self._repeated: set[str] = set()
        # What the first call would import is not the student's time: the call machinery (numpy,
        # torch, matplotlib) and what the first backward of a process loads (sympy).
        import torch.fx.experimental.symbolic_shapes  # noqa: F401

    def call(self, function: str, args: tuple[Any, ...] = (), kwargs: dict[str, Any] | None = None, *,
             forbid_autograd: bool = False, backward: dict[str, Any] | None = None) -> Any:
        """As the sandbox session calls: the first call of a function runs twice, to report a result
        that depends on randomness or the clock as the grader does."""
        from autograder.sandbox.repeat import outcomes_agree
        from autograder.sandbox.session import CallFailure, call_result, nondeterministic_message

        if function in self._hung:
            raise CallFailure("timeout", "Timeout", self._hung[function])
        if function in self._nondeterministic:
            raise CallFailure("nondeterministic", "Nondeterministic", self._nondeterministic[function])

        def ask(mode: str | None) -> dict[str, Any]:
            return self._local.reply(function, args, kwargs, forbid_autograd=forbid_autograd, backward=backward,
                                     repeat=mode)

        if function in self._repeated:
            return call_result(function, self._timed(function, ask, None))
        first = self._timed(function, ask, "first")
        again = self._timed(function, ask, "again")
        if not outcomes_agree(first, again):
            self._nondeterministic[function] = nondeterministic_message(function)
            raise CallFailure("nondeterministic", "Nondeterministic", self._nondeterministic[function])
        if first.get("ok"):
            self._repeated.add(function)
        return call_result(function, first)

    def run_objects(self, program: Any) -> Any:
        """An object program (:mod:`autograder.sandbox.objects`) under the same time limits; never repeated."""
        from autograder.sandbox.objects import program_result
        from autograder.sandbox.session import CallFailure

        if program.label in self._hung:
            raise CallFailure("timeout", "Timeout", self._hung[program.label])
        reply = self._timed(program.label, lambda _mode: self._local.objects_reply(program), None)
        return program_result(program, reply, self._local.handle_scope)

    def release_handles(self) -> None:
        self._local.release_handles()

    def _timed(self, function: str, ask: Any, mode: str | None) -> dict[str, Any]:
        """``ask(mode)`` under the CPU timer and the wall-clock backstop."""
        from autograder.sandbox.process import ChildFailure, Usage, wall_backstop
        from autograder.sandbox.session import CallFailure, hung_message

        if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
            return ask(mode)
        expired: list[str] = []

        def interrupt(signum: int, _frame: Any) -> None:
            expired.append("cpu" if signum == signal.SIGPROF else "wall")
            raise _CallTimedOut()

        timers = {signal.SIGPROF: (signal.ITIMER_PROF, self.seconds),
                  signal.SIGALRM: (signal.ITIMER_REAL, wall_backstop(self.seconds))}
        previous = {signum: signal.signal(signum, interrupt) for signum in timers}
        started = time.process_time()
        for timer, seconds in timers.values():
            signal.setitimer(timer, seconds, 0.5)  # again every 0.5 s if the code swallows it
        reply: dict[str, Any] = {}
        try:
            reply = ask(mode)  # an interrupt inside student code comes back as an error reply
        except _CallTimedOut:
            if not expired:
                raise
        finally:
            for signum, (timer, _seconds) in timers.items():
                signal.setitimer(timer, 0)
                signal.signal(signum, previous[signum])
        if not expired:
            return reply
        limit = expired[0]
        failure = ChildFailure("timeout", "", limit=limit, seconds=timers[
            signal.SIGPROF if limit == "cpu" else signal.SIGALRM][1], usage=Usage(cpu=time.process_time() - started))
        self._hung[function] = hung_message(function, failure, self.seconds)
        raise CallFailure("timeout", "Timeout", self._hung[function])
