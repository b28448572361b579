"""Are assignment specs validated with messages that name the problem?"""

from __future__ import annotations

import pytest

from autograder.spec import SpecError, load_spec

GOOD = '''
id = "ax"
notebook = "ax.ipynb"
[limits]
call_seconds = 3
[[tasks]]
id = "f"
functions = ["f"]
tests = [{ test = "test_f", points = 2, visibility = "public" },
         { test = "test_g", points = 1.5, visibility = "hidden" }]
'''


def write(tmp_path, text):
    path = tmp_path / "spec.toml"
    path.write_text(text)
    return path


def test_is_a_good_spec_read_with_its_points_and_limits(tmp_path):
    spec = load_spec(write(tmp_path, GOOD))
    assert spec.points == 3.5 and spec.limits.call_seconds == 3
    assert [(t.test, t.task, t.visibility) for t in spec.tests] == [("test_f", "f", "public"), ("test_g", "f", "hidden")]


@pytest.mark.parametrize(("change", "message"), [
    (('visibility = "hidden"', 'visibility = "secret"'), "visibility must be one of"),
    (("points = 2", "points = 0"), "points must be a positive number"),
    (('test = "test_g"', 'test = "test_f"'), "listed twice"),
    (("call_seconds", "call_secs"), "unknown limits"),
    (('functions = ["f"]', 'functions = "f"'), "functions must be a list"),
])
def test_is_a_bad_spec_rejected_with_a_reason(tmp_path, change, message):
    with pytest.raises(SpecError, match=message):
        load_spec(write(tmp_path, GOOD.replace(*change)))
