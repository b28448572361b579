"""Hypothesis without randomness or memory: the same submission always meets the same examples.

The ``autograder`` profile is hypothesis's documented deterministic set-up
(``derandomize=True, database=None, deadline=None``) plus a fixed example budget
and no health checks (a student's slow function is not the test's fault).

Derandomized is not yet deterministic: since 6.131 hypothesis sometimes draws a
literal found in the source of any "local" module the process has imported (not
the standard library, not site-packages, not test files). Which modules those are
depends on who runs the tests: a batch worker that graded a6 before a7, pytest,
a cold ``autograder grade``, a kernel. So the same submission met other examples,
and could get another score, in another process. While tests run, that pool is
kept empty (:func:`_without_local_constants`); hypothesis's own constants stay.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator

# Hypothesis keeps caches in ``.hypothesis/`` of the working directory (the course, a
# student's folder, nbgrader's feedback folders) unless told otherwise: keep them in a
# temporary directory. Hypothesis reads this when it first writes, so setting it here,
# before any test runs, is enough.
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY",
                      os.path.join(tempfile.gettempdir(), f"autograder-hypothesis-{os.getuid()}"))

from hypothesis import HealthCheck, Phase, settings  # noqa: E402

PROFILE = "autograder"

settings.register_profile(
    PROFILE,
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=40,
    print_blob=False,
    report_multiple_bugs=False,  # one failure per test, the smallest hypothesis found
    phases=(Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink),
    suppress_health_check=list(HealthCheck),
)


@contextlib.contextmanager
def grading_profile() -> Iterator[None]:
    """The ``autograder`` profile for the duration of a block.

    A ``@given`` test takes the profile active when its module is imported, so test
    modules are imported inside this block too (:mod:`autograder.testrun.modules`).
    """
    previous = settings.get_current_profile_name()
    settings.load_profile(PROFILE)
    try:
        with _without_local_constants():
            yield
    finally:
        settings.load_profile(previous)


@contextlib.contextmanager
def _without_local_constants() -> Iterator[None]:
    """Hypothesis draws no constants from the modules this process happens to have imported.

    There is no public setting for it, so this replaces the internal function that
    collects them (``tests/testrun/test_profile.py`` fails if hypothesis renames it).
    """
    from hypothesis.internal.conjecture import providers

    collect = getattr(providers, "_get_local_constants", None)
    if collect is None:  # a hypothesis without local constants
        yield
        return
    empty = providers.Constants()
    providers._get_local_constants = lambda: empty
    providers.CONSTANTS_CACHE.cache.clear()  # permitted constants computed with the modules' literals
    try:
        yield
    finally:
        providers._get_local_constants = collect
        providers.CONSTANTS_CACHE.cache.clear()
