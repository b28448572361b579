"""Is every hidden test suite itself tested?

For every assignment: does the reference solution get full marks, does the
unmodified stub get zero with a "not implemented" message per task, and does
each example submission (a realistic mistake, an alternative correct
solution, or a broken notebook) get exactly the outcome its docstring states,
with a message that names the mistake?
"""

from __future__ import annotations

import pytest

from autograder.authoring import Mutant
from autograder.course import Course
from tests.conftest import ROOT

COURSE = Course(ROOT)
ASSIGNMENTS = COURSE.assignment_ids()
MUTANTS = [(aid, path) for aid in ASSIGNMENTS
           for path in sorted((ROOT / "examples" / aid / "mutants").glob("*.py"))]


@pytest.mark.parametrize("aid", ASSIGNMENTS)
def test_solution_gets_full_marks(grade, aid):
    result = grade(ROOT / "examples" / aid / "solution.ipynb")
    failing = {t.id: t.message for t in result.tests if t.status != "passed"}
    assert failing == {}
    assert result.score == result.max_score > 0
    assert result.cells == []


@pytest.mark.parametrize("aid", ASSIGNMENTS)
def test_stub_gets_zero_with_not_implemented_per_task(grade, aid):
    result = grade(ROOT / "examples" / aid / "stub.ipynb")
    assert result.score == 0
    spec = COURSE.assignment(aid).spec
    for task in spec.tasks:
        messages = [t.message for t in result.tests if t.task == task.id]
        assert any("not implemented" in m and f"task {task.id}" in m for m in messages), (task.id, messages)


@pytest.mark.parametrize(("aid", "path"), MUTANTS, ids=[f"{a}/{p.stem}" for a, p in MUTANTS])
def test_example_gets_its_stated_outcome(grade, aid, path):
    mutant = Mutant.load(path)
    result = grade(ROOT / "examples" / aid / f"{mutant.name}.ipynb")
    lost = sorted(t.id for t in result.tests if t.status != "passed")
    if mutant.expect == "full":
        assert lost == [], {t.id: t.message for t in result.tests if t.status != "passed"}
        assert result.score == result.max_score
    elif mutant.expect == "zero":
        assert result.score == 0
    else:
        assert lost == sorted(mutant.lost), {t.id: t.message for t in result.tests if t.status != "passed"}
        assert result.score < result.max_score
    failing = [t for t in result.tests if t.status != "passed"]
    for text in mutant.messages:
        assert any(text in t.message for t in failing), (text, [t.message for t in failing])
    for text in mutant.absent_messages:
        assert not any(text in t.message for t in failing), (text, [t.message for t in failing])
