"""The test-writing API: everything an assignment's tests import, from one module.

::

    from autograder.testkit import Call, check_call, examples, given, handed, st

    @examples(20)
    @given(w=arrays(shape=(3,)))
    def test_sgd_step_matches_reference(student, reference, w):
        call = Call("sgd_step", w=w, g=2 * w, lr=0.1)
        check_call(student, call, reference.sgd_step, mistakes={"the step goes uphill": lambda w, g, lr: w + lr * g})

- :class:`Call` describes a call once (name and inputs; ``.with_keywords(...)`` for settings
  passed by name); messages are built from it.
- :func:`check_call` / :func:`check_result` compare a result with the reference or a value,
  tuples part by part (``parts=``, with :func:`per_layer` for lists of per-layer tuples),
  with hints from mistake models; :func:`check_layout` checks only a result's structure.
- :func:`check_finite_differences` checks a (nested) gradient result against central finite
  differences of a scalar loss, array by array.
- :func:`check_reproducible` compares two runs of a call, array by array, exactly.
- :func:`check_unchanged` runs a call and fails if it changed an input in place, naming it.
- :func:`results` runs several calls of one function whose inputs are known up front in as few
  round trips to the sandbox as it allows.
- :func:`check_op` checks a value and its gradient against the reference, finite differences
  and torch in one line.
- :func:`by_hand` checks that a function works without autograd and its source uses none.
- :func:`built_on` checks a function built on the student's other functions: the helpers'
  precision, and a failure that names the wrong helpers.
- :func:`examples` sets a hypothesis test's example count (:func:`draws`: with its strategies,
  ``@examples(n)`` and ``@given(...)`` in one); :func:`handed` passes a public
  fixture (a callable built in the child) to student code.

It wraps the check library (:mod:`autograder.checks`); tolerances, strategies and
figure checks are re-exported from there. See docs/authoring.md.
"""

from hypothesis import example, given
from hypothesis import strategies as st

from autograder.checks import tolerances
from autograder.checks.compare import CheckFailure
from autograder.checks.figures import check_contour_region, check_legend, check_plotted, figure_axes
from autograder.checks.returns import blame_helpers
from autograder.testkit.calls import AuthoringError, Call, Shown, results
from autograder.testkit.checking import (
    PerLayer, by_hand, check_call, check_finite_differences, check_layout, check_op, check_parts, check_reproducible,
    check_result, check_unchanged, fail, per_layer)
from autograder.testkit.examples import draws, examples
from autograder.testkit import strategies
from autograder.testkit.fixtures import Fixture, StudentRef, built, fixture, handed, student_function
from autograder.testkit.helpers import built_on

__all__ = [
    "AuthoringError", "Call", "CheckFailure", "Fixture", "PerLayer", "Shown", "StudentRef", "blame_helpers", "built",
    "built_on", "by_hand", "check_call", "check_contour_region", "check_finite_differences", "check_layout",
    "check_legend", "check_op", "check_parts", "check_plotted", "check_reproducible", "check_result", "check_unchanged",
    "draws", "example", "examples", "fail", "figure_axes", "fixture", "given", "handed", "per_layer", "results", "st",
    "strategies", "student_function", "tolerances",
]
