"""The check library: comparisons with teaching messages, finite differences,
the torch oracle, static source checks, hypothesis strategies and tolerances."""

from autograder.checks.compare import (
    CheckFailure,
    check_against,
    check_close,
    check_dtype,
    check_library,
    check_not_modified,
    check_shape,
)
from autograder.checks.finite_diff import central_difference, check_gradient, compare_gradient
from autograder.checks.oracle import torch_forward, torch_gradient, torch_vjp
from autograder.checks.scaling import check_vectorized
from autograder.checks.static import check_no_autograd, check_no_python_loops

__all__ = [
    "CheckFailure", "check_against", "check_close", "check_dtype", "check_library", "check_not_modified", "check_shape",
    "central_difference", "check_gradient", "compare_gradient", "torch_forward", "torch_gradient",
    "torch_vjp", "check_no_autograd", "check_no_python_loops", "check_vectorized",
]
