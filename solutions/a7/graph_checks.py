"""Expression graphs for a7's hidden tests: drawn by hypothesis, built from the student's Values by handle,
and checked against torch.autograd in float64.

A graph is a tuple of :class:`Node`; a node's operands are earlier nodes (by index) or plain numbers
(:class:`Const`), and the last node is the output. The same graph is built three ways: in Python floats
while it is drawn (to keep every operation in its domain), in torch (the oracle) and from the student's
``Value`` in the sandbox (one object program). When the gradients disagree, every operation of the graph
is tried on its own, on the values it saw in the graph, and the first one whose own derivative is wrong
is named; only when each is right alone is ``backward()`` blamed.
"""

import math
from dataclasses import dataclass

import torch
from hypothesis import strategies as st

from autograder.checks import CheckFailure, tolerances
from autograder.sandbox.objects import Program
from autograder.testrun.modules import public_tests_for

# The public tests (shipped to students) hold the hints both sides give.
PUBLIC = public_tests_for(__file__)

BINARY = ("add", "sub", "mul", "truediv")
UNARY = ("exp", "log", "tanh", "relu")
ALL_OPS = BINARY + ("pow", "neg") + UNARY
SYMBOL = {"add": "+", "sub": "-", "mul": "*", "truediv": "/"}
EXPONENTS = (2, 3, -1, 0.5, -2, 1.5)
TOL = tolerances.FLOAT64
LARGEST = 1e3  # every value of a drawn graph stays below this in size, so FLOAT64's tolerance is meaningful


@dataclass(frozen=True)
class Const:
    """A plain number used as an operand (``2 * a``, ``a ** 3``)."""

    value: float


@dataclass(frozen=True)
class Node:
    op: str  # "leaf" or one of ALL_OPS
    args: tuple = ()  # node indices (int) or Const
    value: float = 0.0  # a leaf's data


def operation_name(node: Node) -> str:
    """How the operation reads in a message: ``*``, ``** 0.5``, ``exp()``, ``unary -``."""
    if node.op in SYMBOL:
        return SYMBOL[node.op]
    if node.op == "pow":
        return f"** {node.args[1].value:g}"
    if node.op == "neg":
        return "unary -"
    return f"{node.op}()"


def _name(graph: tuple[Node, ...], arg) -> str:
    if isinstance(arg, Const):
        return f"{arg.value:g}"
    return chr(ord("a") + _leaves(graph).index(arg)) if graph[arg].op == "leaf" else f"v{arg}"


def _leaves(graph: tuple[Node, ...]) -> list[int]:
    return [i for i, node in enumerate(graph) if node.op == "leaf"]


def statement(graph: tuple[Node, ...], i: int) -> str:
    """One line of the program that builds node ``i``, as a student would write it."""
    node = graph[i]
    if node.op == "leaf":
        return f"{_name(graph, i)} = Value({node.value:g})"
    left = _name(graph, node.args[0])
    if node.op in SYMBOL:
        right = node.args[1]
        return f"v{i} = {left} {SYMBOL[node.op]} {_name(graph, right)}"
    if node.op == "pow":
        return f"v{i} = {left} ** {node.args[1].value:g}"
    if node.op == "neg":
        return f"v{i} = -{left}"
    return f"v{i} = {left}.{node.op}()"


def listing(graph: tuple[Node, ...], *, limit: int = 25, backward: bool = True) -> str:
    """The program that builds the graph (and calls backward()), shortened in the middle when long."""
    lines = [statement(graph, i) for i in range(len(graph))]
    if len(lines) > limit:
        lines = lines[:limit - 5] + [f"... ({len(lines) - limit + 4} more lines)"] + lines[-4:]
    if backward:
        lines.append(f"{_name(graph, len(graph) - 1)}.backward()")
    return "\n".join("    " + line for line in lines)


# ----------------------------------------------------------------------------- evaluation


def _apply(op: str, x, y=None):
    """One operation on floats or on torch tensors (the oracle)."""
    if op == "add":
        return x + y
    if op == "sub":
        return x - y
    if op == "mul":
        return x * y
    if op == "truediv":
        return x / y
    if op == "pow":
        return x ** y
    if op == "neg":
        return -x
    if isinstance(x, torch.Tensor):
        return {"exp": torch.exp, "log": torch.log, "tanh": torch.tanh, "relu": torch.relu}[op](x)
    return {"exp": math.exp, "log": math.log, "tanh": math.tanh, "relu": lambda v: max(0.0, v)}[op](x)


def torch_values_and_grads(graph: tuple[Node, ...]) -> tuple[list[float], dict[int, float]]:
    """Every node's value, and d(output)/d(leaf) for every leaf, by torch.autograd in float64."""
    tensors: list[torch.Tensor] = []
    for node in graph:
        if node.op == "leaf":
            tensors.append(torch.tensor(node.value, dtype=torch.float64, requires_grad=True))
            continue
        args = [a.value if isinstance(a, Const) else tensors[a] for a in node.args]
        tensors.append(_apply(node.op, *args))
    leaves = _leaves(graph)
    output = tensors[-1]
    grads = [None] * len(leaves)
    if output.requires_grad:
        grads = torch.autograd.grad(output, [tensors[i] for i in leaves], allow_unused=True)
    return ([float(t.detach()) for t in tensors],
            {i: 0.0 if g is None else float(g) for i, g in zip(leaves, grads)})


# ----------------------------------------------------------------------------- strategies


def _values() -> st.SearchStrategy[float]:
    return st.integers(-2000, 2000).map(lambda k: k / 1000)  # three decimals: readable in messages


@st.composite
def graphs(draw, *, ops: tuple[str, ...] = ALL_OPS, max_ops: int = 10, numbers: bool = True,
           recent: int | None = None) -> tuple[Node, ...]:
    """A random expression graph; operands are drawn among all earlier nodes (so nodes get shared).

    ``recent`` limits operands to the last few nodes (long chains); an operation outside its domain
    (log of a negative number, division by a tiny one, a huge exp) is replaced by tanh or *, so that
    every drawn graph is valid.
    """
    graph: list[Node] = [Node("leaf", (), draw(_values())) for _ in range(draw(st.integers(1, 3)))]
    values = [node.value for node in graph]
    for _ in range(draw(st.integers(1, max_ops))):
        op = draw(st.sampled_from(ops))
        low = 0 if recent is None else max(0, len(graph) - recent)
        x = draw(st.integers(low, len(graph) - 1))
        if op in BINARY:
            if numbers and draw(st.booleans()) and draw(st.booleans()):
                y = Const(draw(_values().filter(lambda v: abs(v) > 0.1)))
            else:
                y = draw(st.integers(low, len(graph) - 1))
            if draw(st.booleans()) and isinstance(y, Const):
                x, y = y, x  # a plain number on the left: the reflected method
            args = (x, y)
        elif op == "pow":
            args = (x, Const(draw(st.sampled_from(EXPONENTS))))
        else:
            args = (x,)
        node = _valid(Node(op, args), values)
        values.append(_apply(node.op, *[a.value if isinstance(a, Const) else values[a] for a in node.args]))
        graph.append(node)
    return tuple(graph)


def _valid(node: Node, values: list[float]) -> Node:
    """``node``, or a safe replacement when it would leave its domain or grow too large."""
    def value(arg):
        return arg.value if isinstance(arg, Const) else values[arg]

    x = value(node.args[0])
    y = value(node.args[1]) if len(node.args) > 1 else None
    if node.op == "truediv" and abs(y) < 0.1:
        node = Node("mul", node.args)
    elif node.op == "log" and x < 0.05:
        node = Node("tanh", node.args)
    elif node.op == "pow" and (abs(x) < 0.1 or (x < 0 and not float(y).is_integer())):
        node = Node("tanh", node.args[:1])
    elif node.op == "exp" and x > 5:
        node = Node("tanh", node.args)
    try:
        result = _apply(node.op, value(node.args[0]), *(value(a) for a in node.args[1:]))
    except (OverflowError, ZeroDivisionError, ValueError):
        result = math.inf
    return node if abs(result) < LARGEST else Node("tanh", node.args[:1] if isinstance(node.args[0], int)
                                                     else node.args[1:])


def single(op: str, *operands: float, number_at: int | None = None, exponent: float | None = None) -> tuple[Node, ...]:
    """A graph of one operation on fresh leaves (one operand a plain number when ``number_at`` is 0 or 1)."""
    graph, args = [], []
    for position, value in enumerate(operands):
        if position == number_at:
            args.append(Const(value))
        else:
            graph.append(Node("leaf", (), value))
            args.append(len(graph) - 1)
    if op == "pow":
        args.append(Const(exponent))
    return tuple(graph) + (Node(op, tuple(args)),)


# ----------------------------------------------------------------------------- the student's side


def number(value, what: str) -> float:
    """A number read from the student's objects, or a failure saying what it is instead."""
    if type(value) in (int, float):
        return float(value)
    kind = f"a {value.type_name} object" if hasattr(value, "type_name") else f"{type(value).__name__} {value!r:.60}"
    raise CheckFailure(f"{what} must be a number (a float), but it is {kind}")


def program_for(graph: tuple[Node, ...], *, backward: bool = True) -> tuple[Program, list, list]:
    """The object program that builds ``graph`` from the student's Value, runs backward() on its output and
    reads every node's data and every leaf's grad."""
    program = Program("Value")
    refs: list = []
    for node in graph:
        args = [a.value if isinstance(a, Const) else refs[a] for a in node.args]
        if node.op == "leaf":
            refs.append(program.new("Value", node.value))
        elif node.op in UNARY:
            refs.append(program.call(args[0], node.op))
        else:
            refs.append(program.op(node.op, *args))
    if backward:
        program.call(refs[-1], "backward")
    data = [program.get(ref, "data") for ref in refs]
    grads = [program.get(refs[i], "grad") for i in _leaves(graph)] if backward else []
    return program, data, grads


def run_graph(student, graph: tuple[Node, ...], *, backward: bool = True) -> tuple[list[float], dict[int, float]]:
    """The student's value of every node and grad of every leaf."""
    program, data, grads = program_for(graph, backward=backward)
    result = PUBLIC.run_program(student, program)
    values = [number(result[ref], f"the data of {_name(graph, i)} (built by `{statement(graph, i)}`)")
              for i, ref in enumerate(data)]
    leaves = _leaves(graph)
    return values, {i: number(result[ref], f"{_name(graph, i)}.grad after backward()") for i, ref in zip(leaves, grads)}


def _close(got: float, expected: float) -> bool:
    return math.isclose(got, expected, rel_tol=TOL.rtol, abs_tol=TOL.atol) or (math.isnan(got) and math.isnan(expected))


def check_values(student, graph: tuple[Node, ...]) -> None:
    """Every node's data (no backward) against torch; names the first wrong operation."""
    got, _ = run_graph(student, graph, backward=False)
    expected, _ = torch_values_and_grads(graph)
    for i, node in enumerate(graph):
        if not _close(got[i], expected[i]):
            raise CheckFailure(f"the value of `{statement(graph, i)}` is wrong (operation {operation_name(node)}):"
                               f" expected {fmt(expected[i])}, got {fmt(got[i])}\nbuilt by:\n"
                               f"{listing(graph[:i + 1], backward=False)}{_swapped_hint(graph, i, got[i], expected)}")


def _swapped_hint(graph: tuple[Node, ...], i: int, got: float, values: list[float]) -> str:
    """A hint when ``number op x`` came out as ``x op number``: the reflected method swapped its operands."""
    node = graph[i]
    if node.op not in ("sub", "truediv") or not isinstance(node.args[0], Const):
        return ""
    number, operand = node.args[0].value, values[node.args[1]]
    if _apply(node.op, number, operand) == _apply(node.op, operand, number) or not _close(
            got, _apply(node.op, operand, number)):
        return ""
    return (f"\nhint: that is {_name(graph, node.args[1])} {SYMBOL[node.op]} {number:g}: for a plain number on the "
            f"left, Python calls __r{node.op}__(self, other) with the number as other, so it must compute "
            f"other {SYMBOL[node.op]} self")


def check_gradients(student, graph: tuple[Node, ...], *, localise: bool = True) -> None:
    """Values, then every leaf's grad after backward(), against torch; on a wrong grad, find the culprit.

    The culprit is looked for in this order: backward() itself (on a lone leaf, and on a chain of two
    multiplications by constants, which needs the right order but only the simplest local rule), then
    each operation of the graph on its own (``localise``), then backward() again, in general terms.
    """
    check_values(student, graph)
    _, got = run_graph(student, graph)
    _, expected = torch_values_and_grads(graph)
    wrong = [i for i in got if not _close(got[i], expected[i])]
    if not wrong:
        return
    i = wrong[0]
    detail = (f"{_name(graph, i)}.grad is wrong after backward() on this graph: expected {fmt(expected[i])}, "
              f"got {fmt(got[i])}\n{listing(graph)}")
    found = backward_problem(student)
    if found is None and localise:
        culprit = find_wrong_operation(student, graph)
        if culprit and culprit[1] == graph:
            raise CheckFailure(culprit[0])  # the graph is that one operation: nothing more to say
        found = culprit[0] if culprit else None
    if found:
        raise CheckFailure(f"{found}\n\nfound while checking this graph, where {detail}")
    shared = any(sum(a == j for n in graph for a in n.args if isinstance(a, int)) > 1 for j in range(len(graph)))
    hint = ("hint: every operation is right on its own here, so backward() combines them wrongly. "
            + ("A node used more than once must receive the sum of the gradients from all its uses (+=), and "
               "must pass its own gradient on only after all of them have arrived: call _backward() in the "
               "reverse of a topological order, each node once." if shared else
               "Set the output's grad to 1, then call _backward() of each node once, in the reverse of a "
               "topological order (every node after all the nodes that use it)."))
    raise CheckFailure(f"{detail}\n{hint}")


def fmt(x: float) -> str:
    return f"{x + 0.0:.10g}"  # + 0.0: no "-0"


def backward_problem(student) -> str | None:
    """What is wrong with backward() itself, judged on graphs that need nothing else, or None."""
    leaf = (Node("leaf", (), 0.5),)
    _, grads = run_graph(student, leaf)
    if grads[0] != 1.0:
        return (f"backward() is wrong: a = Value(0.5); a.backward() leaves a.grad = {fmt(grads[0])}, expected 1 "
                "(d a / d a).\nhint: backward() must start by setting the output's own grad to 1")
    step = single("mul", 0.5, 2.0, number_at=1)
    _, alone = run_graph(student, step)
    chain = step + (Node("mul", (1, Const(3.0))),)
    _, grads = run_graph(student, chain)
    if _close(alone[0], 2.0) and not _close(grads[0], 6.0):
        return (f"backward() is wrong: a * 2 on its own gives the right a.grad, but\n{listing(chain)}\n"
                f"gives a.grad = {fmt(grads[0])}, expected 6.\nhint: call _backward() of every node once, in the "
                "reverse of a topological order: the output first, then each node after all the nodes that use it")
    return None


def find_wrong_operation(student, graph: tuple[Node, ...], *, most: int = 40) -> tuple[str, tuple] | None:
    """The first operation of ``graph`` whose own derivative is wrong on the values it saw there: what is wrong,
    and the one-operation graph that shows it.

    Each distinct operation on distinct operands is tried once, at most ``most`` of them.
    """
    values, _ = torch_values_and_grads(graph)
    tried: set = set()
    for node in graph:
        if node.op == "leaf":
            continue
        operands = [a.value if isinstance(a, Const) else values[a] for a in node.args]
        number_at = next((k for k, a in enumerate(node.args) if isinstance(a, Const)), None)
        key = (node.op, number_at, tuple(operands))
        if key in tried or len(tried) >= most:
            continue
        tried.add(key)
        if node.op == "pow":
            alone = single("pow", operands[0], exponent=operands[1])
        else:
            alone = single(node.op, *operands, number_at=number_at)
        _, got = run_graph(student, alone)
        _, expected = torch_values_and_grads(alone)
        for leaf in got:
            if not _close(got[leaf], expected[leaf]):
                return (f"the local derivative of {operation_name(node)} is wrong: on its own,\n{listing(alone)}\n"
                        f"gives {_name(alone, leaf)}.grad = {fmt(got[leaf])}, expected {fmt(expected[leaf])}", alone)
    return None
