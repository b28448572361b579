"""Does the one test runner count parametrized cases, import helpers, and refuse a spec that disagrees?

These run the real loop (:func:`autograder.testrun.run_tests`) on a small course made in a
temporary folder, with the student's functions called in this process: the transport
is the only part the grader's runs do differently.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from autograder.course import Course
from autograder.selfcheck import SelfCheck
from autograder.spec import SpecError
from autograder.status import Status
from autograder.student import LocalCalls, Student
from autograder.testrun import run_tests
from tests.conftest import ROOT

SPEC = '''
id = "{aid}"
notebook = "{aid}.ipynb"
[[tasks]]
id = "double"
functions = ["double"]
tests = [{{ test = "test_double_cases", points = 2, visibility = "public" }},
         {{ test = "test_double_of_two", points = 1, visibility = "public" }},
         {{ test = "test_double_matches_reference", points = 3, visibility = "hidden" }}]
'''

PUBLIC = '''
import pytest


@pytest.mark.parametrize(("x", "expected"), [(1.0, 2.0), (3.0, 6.0), (-2.0, -4.0)])
def test_double_cases(student, x, expected):
    got = student.double(x)
    assert got == expected, f"double({x}) should be {expected}, got {got}"


def test_double_of_two(student):
    assert student.double(2.0) == 4.0
'''

HIDDEN = '''
from .helpers import INPUTS


def test_double_matches_reference(student, reference):
    for x in INPUTS:
        assert student.double(x) == reference.double(x), f"double({x}) is wrong"
'''


def make_course(root: Path, aid: str = "ax", helper_inputs: str = "[0.5, 7.0]") -> Course:
    (root / "assignments" / aid).mkdir(parents=True)
    (root / "solutions" / aid).mkdir(parents=True)
    (root / "assignments" / aid / "spec.toml").write_text(SPEC.format(aid=aid))
    (root / "assignments" / aid / "public_tests.py").write_text(PUBLIC)
    (root / "solutions" / aid / "hidden_tests.py").write_text(HIDDEN)
    (root / "solutions" / aid / "helpers.py").write_text(f"INPUTS = {helper_inputs}\n")
    (root / "solutions" / aid / "solution.py").write_text("def double(x):\n    return 2 * x\n")
    return Course(root)


def run(course: Course, code: str, aid: str = "ax"):
    namespace: dict = {}
    exec(textwrap.dedent(code), namespace)
    files = course.assignment(aid)
    return {r.id: r for r in run_tests(files, files.spec.tests, Student(LocalCalls(namespace)), code,
                                       with_reference=True, replay_examples=False)}


def test_does_a_parametrized_test_earn_its_points_only_when_every_case_passes(tmp_path):
    course = make_course(tmp_path)
    right = run(course, "def double(x):\n    return x + x\n")
    assert right["test_double_cases"].status is Status.PASSED and right["test_double_cases"].points == 2
    wrong = run(course, "def double(x):\n    return abs(2 * x)\n")  # wrong only for the negative case
    case = wrong["test_double_cases"]
    assert case.status is Status.FAILED and case.points == 0 and case.max_points == 2
    assert "in case test_double_cases[-2.0--4.0]" in case.message and "double(-2.0) should be -4.0" in case.message
    assert wrong["test_double_matches_reference"].status is Status.PASSED  # its inputs are all positive


def test_is_a_helper_module_next_to_the_hidden_tests_imported_without_clashing(tmp_path):
    """Two assignments with a helpers.py each: each test file sees its own."""
    first = make_course(tmp_path / "one")
    second = make_course(tmp_path / "two", helper_inputs="[-1.0]")
    code = "def double(x):\n    return abs(2 * x)\n"
    assert run(first, code)["test_double_matches_reference"].status is Status.PASSED
    assert run(second, code)["test_double_matches_reference"].status is Status.FAILED


def test_does_the_self_check_count_parametrized_cases_as_the_grader_does(tmp_path):
    course = make_course(tmp_path)
    release = tmp_path / "release"
    release.mkdir()
    for name in ("spec.toml", "public_tests.py"):
        (release / name).write_bytes((course.root / "assignments" / "ax" / name).read_bytes())
    namespace = {"__name__": "__main__"}
    exec("def double(x):\n    return abs(2 * x)\n", namespace)
    (check,) = SelfCheck("ax", directory=release).run_all(namespace)
    graded = run(course, "def double(x):\n    return abs(2 * x)\n")
    assert [(r.id, r.status, r.message) for r in check.results] == [
        (r.id, r.status, r.message) for r in graded.values() if r.visibility == "public"]


def test_does_a_bare_assert_explain_itself_as_in_pytest(tmp_path):
    """The test files' asserts are rewritten by pytest, as when pytest imports a test file itself."""
    result = run(make_course(tmp_path), "def double(x):\n    return x + 3\n")["test_double_of_two"]
    assert result.status is Status.FAILED and result.message.startswith("assert 5.0 == 4.0")


@pytest.mark.parametrize(("file", "change", "named"), [
    ("solutions/ax/hidden_tests.py", "\n\ndef test_forgotten(student):\n    assert False\n", "test_forgotten"),
    ("solutions/ax/hidden_tests.py", None, "test_double_matches_reference"),
])
def test_does_a_spec_that_disagrees_with_the_test_files_stop_the_run(tmp_path, file, change, named):
    course = make_course(tmp_path)
    path = tmp_path / file
    path.write_text(path.read_text() + change if change else "from .helpers import INPUTS\n")
    with pytest.raises(SpecError, match=named):
        run(course, "def double(x):\n    return 2 * x\n")


def test_do_the_hidden_tests_and_their_helpers_share_the_runners_public_tests_module():
    """Hints defined once in the public tests reach the hidden tests through the very module the
    runner imports: the public file runs once, whichever side asks first."""
    from autograder.testrun.modules import import_test_file, public_tests_for

    module = public_tests_for(ROOT / "solutions" / "a6" / "hidden_tests.py")
    assert module is public_tests_for(ROOT / "solutions" / "a6" / "mlp_checks.py")
    assert module is import_test_file(ROOT / "assignments" / "a6" / "public_tests.py")
    assert Path(module.__file__).resolve() == (ROOT / "assignments" / "a6" / "public_tests.py").resolve()
