"""Does replaying recorded hypothesis examples change the speed only, never the result?"""

from __future__ import annotations

import json

import pytest

from autograder.results import without_timing
from autograder.runner import grade_submission
from tests.conftest import ROOT


@pytest.mark.parametrize("name", ["solution", "sin_cos_swapped", "column_output", "modifies_input"])
def test_is_the_result_the_same_with_and_without_replay(course, name):
    path = ROOT / "examples" / "a1" / f"{name}.ipynb"
    replayed = grade_submission(path, course=course, replay_examples=True).to_dict()
    generated = grade_submission(path, course=course, replay_examples=False).to_dict()
    assert json.dumps(without_timing(replayed)) == json.dumps(without_timing(generated))
