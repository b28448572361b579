"""Hypothesis without randomness or memory: the same submission always meets the same examples.

The ``autograder`` profile is hypothesis's documented deterministic set-up
(``derandomize=True, database=None, deadline=None``) plus a fixed example budget
and no health checks (a student's slow function is not the test's fault).
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
        yield
    finally:
        settings.load_profile(previous)
