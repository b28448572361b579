"""Does check_from_scratch tell library calls apart from the submission's own helpers?"""

from __future__ import annotations

import pytest

from autograder.checks import CheckFailure
from autograder.checks.static import check_from_scratch

ROUTINES = {"softmax", "logsumexp"}


def test_are_library_calls_found_in_helpers_too():
    code = [(1, "def helper(Z):\n    return torch.softmax(Z, dim=1)\n"), (2, "def probs(Z):\n    return helper(Z)\n")]
    with pytest.raises(CheckFailure, match=r"torch\.softmax in helper \(cell 1, line 2\)"):
        check_from_scratch(code, "probs", ROUTINES)


def test_are_tensor_methods_library_calls():
    with pytest.raises(CheckFailure, match="Z.logsumexp"):
        check_from_scratch("def f(Z):\n    return Z.logsumexp(dim=1)\n", "f", ROUTINES)


def test_may_a_function_call_the_students_own_softmax():
    code = "def softmax(Z):\n    return Z.exp() / Z.exp().sum(1, keepdim=True)\n\ndef g(Z):\n    return softmax(Z) - 1\n"
    check_from_scratch(code, "g", ROUTINES)
