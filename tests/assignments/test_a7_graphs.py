"""Do a7's graph checks agree with torch on the reference, and name the operation whose derivative is wrong?

The checks run in-process here (``LocalCalls`` on the reference module's namespace, as the
example corpus does); the examples gate grades the same mistakes through the sandbox.
"""

from __future__ import annotations

import ast
import sys

import pytest
from hypothesis import given, settings

from autograder.authoring import parse_template
from autograder.checks import CheckFailure
from autograder.student import LocalCalls, Student
from autograder.testing import load_module
from tests.conftest import ROOT

SOLUTION = ROOT / "solutions" / "a7" / "solution.py"
checks = load_module(ROOT / "solutions" / "a7" / "graph_checks.py", "a7_graph_checks_under_test")
sys.modules.setdefault("a7_graph_checks_under_test", checks)


def student_with(*replacements: tuple[str, str]) -> Student:
    """The reference solution, with each (old, new) text replaced, as a student's namespace."""
    source = SOLUTION.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in source, old
        source = source.replace(old, new)
    namespace: dict = {"__name__": "a7_student"}
    exec(compile(source, "<a7 student>", "exec"), namespace)
    return Student(LocalCalls(namespace))


@settings(max_examples=25, derandomize=True, database=None, deadline=None)
@given(graph=checks.graphs(max_ops=12))
def test_does_the_reference_match_torch_on_drawn_graphs(graph):
    assert all(abs(v) < checks.LARGEST for v in checks.torch_values_and_grads(graph)[0])
    checks.check_gradients(student_with(), graph)


def test_is_a_deep_chain_fine_for_a_recursive_sort():
    recursive = student_with(("""        order, seen = [], set()
        stack = [(self, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
            elif id(node) not in seen:
                seen.add(id(node))
                stack.append((node, True))
                stack.extend((child, False) for child in node._children)
""", """        order, seen = [], set()

        def visit(node):
            if id(node) not in seen:
                seen.add(id(node))
                for child in node._children:
                    visit(child)
                order.append(node)

        visit(self)
"""))
    chain = [checks.Node("leaf", (), 0.5)]
    for _ in range(250):
        chain.append(checks.Node("mul", (len(chain) - 1, checks.Const(1.001))))
    checks.check_gradients(recursive, tuple(chain))


@pytest.mark.parametrize(("old", "new", "named"), [
    ("(1.0 - out.data ** 2) * out.grad", "(1.0 - self.data ** 2) * out.grad", "tanh()"),
    ("self.grad += out.grad / self.data", "self.grad += out.grad / out.data", "log()"),
    ("exponent * self.data ** (exponent - 1) * out.grad", "exponent * self.data ** exponent * out.grad", "** "),
])
def test_is_the_wrong_local_derivative_named_when_a_graph_fails(old, new, named):
    a, b = checks.Node("leaf", (), 0.7), checks.Node("leaf", (), 1.3)
    graph = (a, b, checks.Node("mul", (0, 1)), checks.Node("tanh", (2,)), checks.Node("log", (1,)),
             checks.Node("pow", (1, checks.Const(3))), checks.Node("add", (3, 4)), checks.Node("add", (6, 5)))
    with pytest.raises(CheckFailure) as failure:
        checks.check_gradients(student_with((old, new)), graph)
    first = str(failure.value).splitlines()[0]
    assert first.startswith(f"the local derivative of {named}"), first
    assert "found while checking this graph" in str(failure.value)


@pytest.mark.parametrize(("old", "new", "blame"), [
    ("for node in reversed(order):", "for node in order:", "backward() is wrong: a * 2 on its own"),
    ("        self.grad = 1.0\n        for node", "        for node", "backward() is wrong: a = Value(0.5); a.backward()"),
])
def test_is_backward_blamed_not_an_operation_when_backward_is_wrong(old, new, blame):
    broken = student_with((old, new))
    for graph in (checks.single("truediv", 0.5, 2.0),
                  (checks.Node("leaf", (), 0.5), checks.Node("mul", (0, checks.Const(3.0))),
                   checks.Node("add", (1, 0)), checks.Node("mul", (2, 1)))):
        with pytest.raises(CheckFailure) as failure:
            checks.check_gradients(broken, graph)
        assert str(failure.value).startswith(blame), str(failure.value)


def test_is_backward_blamed_in_general_when_every_operation_is_right_alone():
    visit_as_you_go = student_with(("""        self.grad = 1.0
        for node in reversed(order):
            node._backward()""", """        self.grad = 1.0

        def visit(node):
            node._backward()
            for child in node._children:
                visit(child)

        visit(self)"""))
    a = checks.Node("leaf", (), 0.5)
    graph = (a, checks.Node("mul", (0, checks.Const(3.0))), checks.Node("add", (1, 0)), checks.Node("mul", (2, 1)))
    with pytest.raises(CheckFailure, match="every operation is right on its own here"):
        checks.check_gradients(visit_as_you_go, graph)


def test_is_a_grad_that_is_not_a_number_a_failure_not_a_grader_error():
    lying = student_with(("""        for node in reversed(order):
            node._backward()
""", """        for node in reversed(order):
            node._backward()
        for node in order:
            node.grad = str(node.grad)
"""))
    with pytest.raises(CheckFailure, match=r"a.grad after backward\(\) must be a number .* str"):
        checks.check_gradients(lying, checks.single("exp", 0.5))


def test_is_the_given_node_class_the_one_the_reference_builds_on():
    cells = parse_template((ROOT / "assignments" / "a7" / "notebook.py").read_text(encoding="utf-8"))
    given_code = next(c.text for c in cells if c.kind == "code" and c.text.startswith("class Node"))
    reference = next(n for n in ast.parse(SOLUTION.read_text(encoding="utf-8")).body
                     if isinstance(n, ast.ClassDef) and n.name == "Node")
    given_node = ast.parse(given_code).body[0]
    assert ast.dump(given_node.body[1]) == ast.dump(reference.body[1])  # __init__, after the docstrings


def test_does_a_missing_reflected_method_get_its_hint():
    no_rsub = student_with(('''    def __rsub__(self, other):
        """other - self, when other is a plain number."""
        return (-self) + other
''', ""))
    with pytest.raises(CheckFailure, match=r"(?s)for -: 'float' and 'Value'.*__rsub__"):
        checks.check_gradients(no_rsub, checks.single("sub", 1.0, 0.5, number_at=0))


def test_is_a_node_used_twice_and_counted_once_blamed_on_accumulation_not_on_mul():
    overwrite = student_with(('''            self.grad += other.data * out.grad
            other.grad += self.data * out.grad''', '''            self.grad = other.data * out.grad
            other.grad = self.data * out.grad'''))
    square = (checks.Node("leaf", (), 1.5), checks.Node("mul", (0, 0)))
    with pytest.raises(CheckFailure) as failure:
        checks.check_gradients(overwrite, square)
    assert "the sum of the gradients from all its uses (+=)" in str(failure.value)
    assert "local derivative of *" not in str(failure.value)


def test_does_a_reflected_method_that_swaps_its_operands_get_its_hint():
    swapped = student_with(('''        return (-self) + other
''', '''        return self - other
'''))
    with pytest.raises(CheckFailure, match=r"(?s)expected 1.5, got -1.5.*must compute other - self"):
        checks.check_values(swapped, checks.single("sub", 2.0, 0.5, number_at=0))
