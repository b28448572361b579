"""Do the source checks find loops and autograd, including inside helpers, without running code?"""

from __future__ import annotations

import pytest

from autograder.checks import CheckFailure
from autograder.checks.static import check_no_autograd, check_no_python_loops, python_loops


@pytest.mark.parametrize(("body", "what"), [
    ("    for row in X:\n        pass\n    return X", "a for loop"),
    ("    i = 0\n    while i < 3:\n        i += 1\n    return X", "a while loop"),
    ("    return [r.sum() for r in X]", "a comprehension"),
    ("    return list(map(sum, X))", "map()"),
    ("    return np.vectorize(lambda r: r)(X)", "np.vectorize"),
    ("    return np.apply_along_axis(sum, 1, X)", "np.apply_along_axis"),
])
def test_is_every_kind_of_python_loop_found(body, what):
    code = f"def f(X):\n{body}\n"
    assert [f.what for f in python_loops(code, "f")] == [what]
    with pytest.raises(CheckFailure, match="must be vectorized"):
        check_no_python_loops(code, "f")


def test_is_a_loop_in_a_helper_found_and_located_by_cell():
    cells = [(2, "def helper(X):\n    return [x for x in X]\n"), (5, "def f(X):\n    return helper(X)\n")]
    (finding,) = python_loops(cells, "f")
    assert finding.function == "helper" and finding.where == "cell 2, line 2"


def test_does_a_vectorized_function_pass_and_unrelated_loops_not_count():
    code = "def f(X):\n    return X.sum(axis=1)\n\nfor i in range(3):\n    print(f)\n"
    check_no_python_loops(code, "f")


def test_does_the_last_definition_win_as_at_run_time():
    code = "def f(X):\n    return [x for x in X]\n\ndef f(X):\n    return X.sum(1)\n"
    check_no_python_loops(code, "f")


def test_is_a_missing_definition_reported():
    with pytest.raises(CheckFailure, match="could not find a definition of f"):
        check_no_python_loops("x = 1", "f")


def test_is_a_cell_with_a_syntax_error_skipped():
    check_no_python_loops([(1, "def broken(:"), (2, "def f(X):\n    return X")], "f")


@pytest.mark.parametrize("line", [
    "y.backward()",
    "torch.autograd.grad(y, x)",
    "torch.func.grad(g)(x)",
    "x.requires_grad_()",
    "torch.tensor(x, requires_grad=True)",
])
def test_is_autograd_found(line):
    code = f"def g(x):\n    y = x\n    {line}\n    return x\n"
    with pytest.raises(CheckFailure, match="automatic differentiation"):
        check_no_autograd(code, "g")
