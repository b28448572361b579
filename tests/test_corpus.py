"""Does replaying recorded hypothesis examples change the speed only, never the result?"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys

import pytest

from autograder.corpus import ExampleCorpus, store_path
from autograder.results import without_timing
from autograder.testing import Reference, grading_profile, load_module, seed_everything
from autograder.runner import grade_submission
from tests.conftest import ROOT


@pytest.mark.parametrize("name", ["solution", "sin_cos_swapped", "column_output", "modifies_input"])
def test_is_the_result_the_same_with_and_without_replay(course, name):
    path = ROOT / "examples" / "a1" / f"{name}.ipynb"
    replayed = grade_submission(path, course=course, replay_examples=True).to_dict()
    generated = grade_submission(path, course=course, replay_examples=False).to_dict()
    assert json.dumps(without_timing(replayed)) == json.dumps(without_timing(generated))


def test_are_recorded_examples_stored_and_read_back_by_the_next_grader(course, tmp_path, monkeypatch):
    monkeypatch.setenv("AUTOGRADER_CACHE", str(tmp_path))
    files = course.assignment("a1")
    store = store_path("a1", files.fingerprint)
    assert store.parent == tmp_path and files.fingerprint in store.name
    reference = load_module(files.solution, "reference_for_corpus_test")
    with grading_profile():  # hypothesis takes the profile's settings when the tests are defined
        tests = load_module(files.hidden_tests, "hidden_tests_for_corpus_test")
    key = ("hidden_tests.py", "test_f_numpy_matches_definition")
    fixtures = {"reference": Reference(reference)}
    first = ExampleCorpus(vars(reference), "", store=store)
    with grading_profile():
        recorded = first.examples(key, tests.test_f_numpy_matches_definition, fixtures, seed_everything)
    assert recorded and not store.exists()
    first.save(complete=True)

    def must_not_record():
        raise AssertionError("the stored examples should have been read, not recorded again")

    second = ExampleCorpus(vars(reference), "", store=store)
    assert second.complete
    read = second.examples(key, tests.test_f_numpy_matches_definition, fixtures, must_not_record)
    assert pickle.dumps(read) == pickle.dumps(recorded)

    store.write_bytes(b"not a pickle")  # a damaged store costs time, never a result
    third = ExampleCorpus(vars(reference), "", store=store)
    assert not third.complete
    with grading_profile():
        again = third.examples(key, tests.test_f_numpy_matches_definition, fixtures, seed_everything)
    assert pickle.dumps(again) == pickle.dumps(recorded)


_PRELOAD = """
import sys
from pathlib import Path
from autograder.course import Course
from autograder.corpus import store_path
from autograder.testrun import prepare
from autograder.testrun.reference import reference_for
files = Course(Path(sys.argv[1])).assignment("a6")
loaded = prepare(files, record=sys.argv[2] == "record")
print(loaded, reference_for(files)[1].complete, store_path("a6", files.fingerprint).exists())
"""


def test_does_a_batch_load_the_stored_examples_before_forking_and_record_nothing_itself(tmp_path):
    """``prepare(record=False)`` (run by a batch before it forks its workers) reads what is stored, records nothing;
    a6's stored examples hold objects of its tests' helper modules, which it imports first."""
    env = {**os.environ, "AUTOGRADER_CACHE": str(tmp_path)}

    def run(mode):
        done = subprocess.run([sys.executable, "-c", _PRELOAD, str(ROOT), mode], env=env, capture_output=True,
                              text=True, check=True)
        return done.stdout.split()

    assert run("load") == ["False", "False", "False"]  # nothing stored: nothing recorded either
    assert run("record") == ["True", "True", "True"]
    store = next(tmp_path.glob("examples-a6-*.pickle"))
    written = store.stat().st_mtime_ns
    assert run("load") == ["True", "True", "True"]
    assert store.stat().st_mtime_ns == written
