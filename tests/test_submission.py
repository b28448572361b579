"""Is every kind of unreadable submission refused with a reason, and are good ones split into cells?"""

from __future__ import annotations

import json

import pytest

from autograder.submission import InvalidSubmission, load_submission, split_python_cells, strip_magics


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("empty.ipynb", b"", "is empty"),
    ("junk.ipynb", b"this is not a notebook", "not valid JSON"),
    ("list.ipynb", b"[1, 2, 3]", "not a Jupyter notebook"),
    ("old.ipynb", json.dumps({"nbformat": 3, "worksheets": []}).encode(), "old notebook (nbformat 3)"),
    ("binary.ipynb", b"\xff\xfe\x00junk", "not a text file"),
    ("notes.txt", b"hello", "only .ipynb notebooks and .py files"),
])
def test_is_a_bad_file_refused_with_a_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InvalidSubmission, match=reason.replace("(", r"\(").replace(")", r"\)")):
        load_submission(path)


def test_are_code_cells_numbered_as_in_the_notebook(tmp_path):
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {"autograder": {"assignment": "a1"}}, "cells": [
        {"cell_type": "markdown", "source": "# title", "metadata": {}},
        {"cell_type": "code", "source": ["x = 1\n", "y = 2"], "metadata": {}, "outputs": []},
        {"cell_type": "code", "source": "z = 3", "metadata": {}, "outputs": []},
    ]}
    path = tmp_path / "work.ipynb"
    path.write_text(json.dumps(notebook))
    submission = load_submission(path)
    assert submission.cells == [(2, "x = 1\ny = 2"), (3, "z = 3")]
    assert submission.assignment_hint == "a1"


def test_is_a_python_file_split_at_percent_markers():
    text = "import numpy as np\n# %%\nx = 1\n# %% [markdown]\n# words\n# %%\ny = 2\n"
    cells = split_python_cells(text)
    assert [number for number, _ in cells] == [1, 2, 4]
    assert "y = 2" in cells[-1][1]
    assert split_python_cells("a = 1\n") == [(1, "a = 1\n")]


def test_are_magics_neutralised_but_code_kept():
    out = strip_magics("%matplotlib inline\n  !ls\nx = 1 % 2")
    assert "x = 1 % 2" in out and "pass  # %matplotlib inline" in out and "  pass  # !ls" in out
    assert strip_magics("%%timeit\nx = 1").startswith("# %%timeit")
