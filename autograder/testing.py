"""Old home of the test runner, kept so that existing imports still work.

The runner is now the :mod:`autograder.testrun` package (one module per job). Test
files import ``SEED`` from here to register the hypothesis profile; new code
imports from :mod:`autograder.testrun` directly.
"""

from __future__ import annotations

from autograder.testrun.modules import load_module
from autograder.testrun.outcome import classify
from autograder.testrun.profile import grading_profile
from autograder.testrun.reference import Reference, reference_for
from autograder.testrun.run import prepare, run_tests
from autograder.testrun.seeding import SEED, seed_everything, single_threaded_torch

__all__ = ["SEED", "Reference", "classify", "grading_profile", "load_module", "prepare", "reference_for",
           "run_tests", "seed_everything", "single_threaded_torch"]
