"""The test runner, on the trusted side: one collection and run loop, two transports.

An assignment's tests are ordinary pytest functions; this package runs the ones
the spec names and turns each outcome into a :class:`autograder.results.TestResult`.
The tests call the student's functions through the ``student`` fixture, and that
fixture's transport is the only difference between the two uses:

- grading (:mod:`autograder.runner`): calls cross into the sandboxed child
  (:class:`autograder.sandbox.session.StudentSession`), over the wire protocol;
- self-checks (:mod:`autograder.selfcheck`): calls run in the student's own kernel
  (:class:`autograder.testrun.kernel.KernelCalls`), with the same time limits.

Modules, one job each:

- :mod:`~autograder.testrun.profile`: the deterministic hypothesis profile;
- :mod:`~autograder.testrun.seeding`: the seed every test starts from;
- :mod:`~autograder.testrun.modules`: importing test files (and helpers next to them) and the reference;
- :mod:`~autograder.testrun.outcome`: an exception → a :class:`~autograder.status.Status` and message;
- :mod:`~autograder.testrun.plugin`: the pytest plugin (fixtures, seeding, example replay, outcomes);
- :mod:`~autograder.testrun.run`: the run loop and the warm-up of a grader (``prepare``);
- :mod:`~autograder.testrun.kernel`: the in-kernel transport of the self-checks.
"""

from autograder.testrun.run import prepare, run_tests

__all__ = ["prepare", "run_tests"]
