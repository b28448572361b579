"""Do the static scans judge meaning rather than names (issue 13)?

Lecture-style node objects with their own backward() are not autograd; torch's
autograd is found however it is imported; loops over a fixed set of constants
are not row loops, and the message names what a reported loop iterates over.
"""

import pytest

from autograder.checks import CheckFailure, check_no_autograd, check_no_python_loops
from autograder.checks.static import python_loops

NODES = '''
import numpy as np

class Mul:
    def forward(self, a, b):
        self.a, self.b = a, b
        return a * b

    def backward(self, upstream):
        return upstream * self.b, upstream * self.a

def graph(x, y):
    mul = Mul()
    out = mul.forward(x, y)
    return out, mul.backward(np.ones_like(out))
'''


def test_are_the_submissions_own_node_objects_not_autograd():
    check_no_autograd(NODES, "graph")


def test_is_autograd_inside_an_own_method_still_found():
    code = NODES.replace("return upstream * self.b, upstream * self.a",
                         "import torch\n        return torch.autograd.grad(upstream, self.a)")
    with pytest.raises(CheckFailure, match="torch.autograd.grad"):
        check_no_autograd(code, "graph")


@pytest.mark.parametrize("imports, line", [
    ("import torch.autograd as ag", "ag.grad(y, x)"),
    ("from torch import autograd", "autograd.grad(y, x)"),
    ("from torch.func import grad as derivative", "derivative(f)(x)"),
    ("import torch", "x.requires_grad = True"),
    ("import torch", "torch.ones(3, requires_grad=True)"),
])
def test_is_torch_autograd_found_however_it_is_imported(imports, line):
    code = f"{imports}\n\ndef g(x, y=None, f=None):\n    {line}\n    return x\n"
    with pytest.raises(CheckFailure, match="automatic differentiation"):
        check_no_autograd(code, "g")


@pytest.mark.parametrize("line", [
    "node.func(x)",  # an attribute merely named like torch.func
    "torch.ones(3, requires_grad=False)",
    "helper.vjp(x)",
])
def test_are_names_that_only_look_like_autograd_accepted(line):
    code = f"import torch\n\ndef g(x, node=None, helper=None):\n    {line}\n    return x\n"
    check_no_autograd(code, "g")


@pytest.mark.parametrize("body", [
    "return sum(np.sin(c * X[:, 0]) * np.cos(c * X[:, 1]) for c in (1.0, 0.5))",
    "total = 0\n    for c in (1.0, 0.5):\n        total = total + c * X[:, 0]\n    return total",
    "scales = [1.0, 0.5]\n    return sum(c * X[:, 0] for c in scales)",
    "out = 0\n    for j in range(X.shape[1]):\n        out = out + X[:, j]\n    return out",
    "return sum(column for column in X.T)",
    "return [X[:, k] for k in range(2)]",
])
def test_are_loops_with_a_fixed_trip_count_accepted(body):
    check_no_python_loops(f"import numpy as np\n\ndef f(X):\n    {body}\n", "f")


@pytest.mark.parametrize("body, over", [
    ("return np.array([row.sum() for row in X])", "X"),
    ("out = []\n    for i in range(len(X)):\n        out.append(X[i].sum())\n    return out", "range(len(X))"),
    ("return [a @ b for a, b in zip(X, Y)]", "zip(X, Y)"),
    ("scales = [1.0]\n    scales = list(X)\n    return [s for s in scales]", "scales"),
])
def test_is_a_loop_over_the_batch_reported_with_what_it_iterates_over(body, over):
    code = f"import numpy as np\n\ndef f(X, Y=None):\n    {body}\n"
    (finding,) = python_loops(code, "f")
    assert finding.over == over
    with pytest.raises(CheckFailure, match=f"over `{over}`".replace("(", r"\(").replace(")", r"\)")):
        check_no_python_loops(code, "f")
