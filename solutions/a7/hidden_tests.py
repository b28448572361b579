"""Hidden tests for a7 (secret: never shipped to students).

The student's ``Value`` objects stay in the sandbox; every test sends an object program
(``autograder.sandbox.objects``) that builds a graph from them, calls ``backward()`` and reads
``data`` and ``grad`` back as numbers. torch.autograd in float64 is the oracle. Operations are
tested one at a time first (the ``local_derivatives`` task); a graph whose gradients are wrong is
taken apart operation by operation to name the one whose own derivative is wrong
(``graph_checks.py``).
"""

import math

import torch
from hypothesis import example, given
from hypothesis import strategies as st

from autograder.checks import CheckFailure
from autograder.sandbox.objects import Program
from autograder.sandbox.wire import Handle

# The helper module next to this file, imported as a sibling (autograder.testrun.modules).
from .graph_checks import (
    ALL_OPS,
    TOL,
    backward_problem,
    fmt,
    Const,
    Node,
    check_gradients,
    check_values,
    graphs,
    number,
    run_graph,
    single,
)

values = st.integers(-2000, 2000).map(lambda k: k / 1000)
nonzero = values.filter(lambda v: abs(v) > 0.1)
positive = st.integers(50, 3000).map(lambda k: k / 1000)


# ----------------------------------------------------------------------------- value_ops


@given(op=st.sampled_from(ALL_OPS), x=nonzero.map(abs), y=nonzero)
def test_value_ops_match_torch(student, op, x, y):
    if op == "pow":
        check_values(student, single("pow", x, exponent=1.5))
    elif op in ("add", "sub", "mul", "truediv"):
        check_values(student, single(op, x, y))
    else:
        check_values(student, single(op, x if op == "log" else y))


@given(op=st.sampled_from(("add", "sub", "mul", "truediv")), x=nonzero, c=nonzero, left=st.booleans())
@example(op="sub", x=0.5, c=2.0, left=True)
@example(op="truediv", x=0.5, c=2.0, left=True)
def test_value_ops_with_plain_numbers(student, op, x, c, left):
    check_values(student, single(op, c, x, number_at=0) if left else single(op, x, c, number_at=1))


def test_value_ops_make_new_nodes(student):
    program = Program("Value")
    a, b = program.new("Value", 2.0), program.new("Value", -3.0)
    results = {name: ref for name, ref in [
        ("a + b", program.op("add", a, b)), ("a * b", program.op("mul", a, b)), ("a - b", program.op("sub", a, b)),
        ("a / b", program.op("truediv", a, b)), ("a ** 2", program.op("pow", a, 2)), ("-a", program.op("neg", a)),
        ("a.exp()", program.call(a, "exp")), ("a.tanh()", program.call(a, "tanh")), ("a.relu()", program.call(a, "relu")),
        ("a.log()", program.call(a, "log"))]}
    reads = {name: (program.get(ref, "grad"), ref) for name, ref in results.items()}
    a_data, b_data, a_grad = program.get(a, "data"), program.get(b, "data"), program.get(a, "grad")
    out = student.run_objects(program)
    if (number(out[a_data], "a.data"), number(out[b_data], "b.data")) != (2.0, -3.0):
        raise CheckFailure(f"after computing {', '.join(results)} with a = Value(2.0), b = Value(-3.0), a.data and "
                           f"b.data are {out[a_data]!r} and {out[b_data]!r}; an operation must not change its operands")
    if number(out[a_grad], "Value(2.0).grad") != 0.0:
        raise CheckFailure(f"a new Value's grad must start at 0.0; got {out[a_grad]!r}")
    for name, (grad, ref) in reads.items():
        made = out[ref]
        if not isinstance(made, Handle) or made in (out[a], out[b]):
            raise CheckFailure(f"{name} with a = Value(2.0), b = Value(-3.0) must return a new Value; "
                               f"got {'one of its operands' if isinstance(made, Handle) else repr(made)}")
        if number(out[grad], f"({name}).grad") != 0.0:
            raise CheckFailure(f"the grad of the result of {name} must start at 0.0 (before backward()); "
                               f"got {out[grad]!r}")


# ----------------------------------------------------------------------------- local_derivatives


@given(op=st.sampled_from(("add", "sub")), x=values, y=values, number_at=st.sampled_from((None, 0, 1)))
@example(op="sub", x=1.0, y=2.0, number_at=0)
def test_add_sub_derivatives(student, op, x, y, number_at):
    check_gradients(student, single(op, x, y, number_at=number_at))


@given(op=st.sampled_from(("mul", "truediv")), x=nonzero, y=nonzero, number_at=st.sampled_from((None, 0, 1)))
@example(op="truediv", x=1.5, y=-0.5, number_at=None)
@example(op="truediv", x=2.0, y=0.5, number_at=0)
def test_mul_div_derivatives(student, op, x, y, number_at):
    check_gradients(student, single(op, x, y, number_at=number_at))


@given(x=positive, k=st.sampled_from((2, 3, -1, 0.5, -2, 1.5)))
@example(x=1.5, k=3)
def test_pow_derivative(student, x, k):
    check_gradients(student, single("pow", x, exponent=k))


@given(op=st.sampled_from(("exp", "log")), x=positive)
@example(op="log", x=0.5)
def test_exp_log_derivatives(student, op, x):
    check_gradients(student, single(op, x))


@given(op=st.sampled_from(("tanh", "relu")), x=values)
@example(op="relu", x=0.0)
@example(op="tanh", x=0.8)
def test_tanh_relu_derivatives(student, op, x):
    graph = single(op, x)
    if op == "relu" and x == 0.0:
        grad = run_graph(student, graph)[1][0]
        if grad != 0.0:
            raise CheckFailure(f"a = Value(0.0); a.relu().backward() gives a.grad = {grad!r}; the contract (and "
                               "PyTorch) takes the derivative of relu at 0 to be 0.\nhint: pass the gradient only "
                               "where a.data > 0, strictly")
    check_gradients(student, graph)


# ----------------------------------------------------------------------------- backward


def _diamond(depth: int, x: float) -> tuple:
    """x feeds the output along a short path (x * 3) and a long one (depth tanh-free steps): the long
    path must deliver its gradient to x before x's own users are finished."""
    graph = [Node("leaf", (), x), Node("mul", (0, Const(3.0)))]
    for _ in range(depth):
        graph.append(Node("add", (len(graph) - 1, Const(0.5))))
        graph.append(Node("mul", (len(graph) - 1, Const(1.1))))
    graph.append(Node("mul", (1, len(graph) - 1)))
    return tuple(graph)


@given(depth=st.integers(1, 4), x=nonzero, extra=graphs(ops=("add", "sub", "mul"), max_ops=6, numbers=False))
def test_backward_waits_for_every_path(student, depth, x, extra):
    check_gradients(student, _diamond(depth, x))
    check_gradients(student, extra)


@example(x=0.25)
@given(x=values)
def test_backward_deep_chain(student, x):
    # The contract promises graphs up to 250 operations deep: 200 here (a recursive sort is fine).
    graph = [Node("leaf", (), x)]
    for step in range(100):
        graph.append(Node("mul", (len(graph) - 1, Const(0.99 if step % 2 else -1.01))))
        graph.append(Node("add", (len(graph) - 1, 0 if step % 10 == 0 else Const(0.01))))
    check_gradients(student, tuple(graph))


@given(graph=graphs(max_ops=12))
def test_expression_graphs_match_torch(student, graph):
    check_gradients(student, graph)


# ----------------------------------------------------------------------------- accumulation


@given(graph=graphs(ops=("add", "sub", "mul"), max_ops=8, numbers=False))
@example(graph=(Node("leaf", (), 1.5), Node("leaf", (), -0.5), Node("add", (0, 1)), Node("sub", (0, 1)),
                Node("mul", (2, 3))))
def test_shared_subexpressions_match_torch(student, graph):
    check_gradients(student, graph)


# ----------------------------------------------------------------------------- mlp


def _torch_mlp(nin: int, nouts: list[int], params: list[float], x: list[float]):
    """The contract's MLP in torch, with the student's own initial parameters (in the contract's order)."""
    flat = torch.tensor(params, dtype=torch.float64, requires_grad=True)
    h = torch.tensor(x, dtype=torch.float64)
    offset, sizes = 0, [nin] + nouts
    for layer, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
        block = flat[offset:offset + n_out * (n_in + 1)].reshape(n_out, n_in + 1)  # per neuron: weights, then bias
        offset += n_out * (n_in + 1)
        h = block[:, :n_in] @ h + block[:, n_in]
        if layer < len(nouts) - 1:
            h = torch.relu(h)
    return flat, h


def _student_mlp(student, nin, nouts, x, *, backward_on: int | None):
    program = Program("MLP")
    mlp = program.new("MLP", nin, nouts)
    params = program.call(mlp, "parameters")
    outputs = program.call(mlp, "__call__", x)
    first = student.run_objects(program)
    call = f"MLP({nin}, {nouts})"
    handles, outs = first[params], first[outputs]
    count = sum((n_in + 1) * n_out for n_in, n_out in zip([nin] + nouts, nouts))
    if not isinstance(handles, list) or len(handles) != count:
        raise CheckFailure(f"{call}.parameters() must be a list of {count} Values (each neuron's weights, then its "
                           f"bias); got {type(handles).__name__} of length "
                           f"{len(handles) if isinstance(handles, list) else '-'}")
    if not isinstance(outs, list) or len(outs) != nouts[-1]:
        raise CheckFailure(f"{call}(x) must return a list of {nouts[-1]} Values, one per output; got {outs!r:.80}")
    reads = Program("MLP")
    if backward_on is not None:
        reads.call(outs[backward_on], "backward")
    data = [reads.get(p, "data") for p in handles]
    grads = [reads.get(p, "grad") for p in handles] if backward_on is not None else []
    out_data = [reads.get(o, "data") for o in outs]
    second = student.run_objects(reads)
    return (call, [number(second[r], f"{call}.parameters()[{i}].data") for i, r in enumerate(data)],
            [number(second[r], f"{call}.parameters()[{i}].grad") for i, r in enumerate(grads)],
            [number(second[r], f"{call}(x)[{i}].data") for i, r in enumerate(out_data)])


mlp_shapes = st.tuples(st.integers(1, 4), st.lists(st.integers(1, 4), min_size=1, max_size=3))


@given(shape=mlp_shapes, x=st.lists(values, min_size=4, max_size=4))
@example(shape=(3, [4, 4, 1]), x=[1.0, -2.0, 0.5, 0.0])
def test_mlp_forward_matches_torch(student, shape, x):
    nin, nouts = shape
    call, params, _, outputs = _student_mlp(student, nin, nouts, x[:nin], backward_on=None)
    _, expected = _torch_mlp(nin, nouts, params, x[:nin])
    for i, (got, want) in enumerate(zip(outputs, expected.tolist())):
        if not math.isclose(got, want, rel_tol=TOL.rtol, abs_tol=TOL.atol):
            raise CheckFailure(f"{call}(x) with x = {x[:nin]}: output {i} is {got:.10g}, expected {want:.10g} "
                               "(computed from your network's own parameters, in parameters() order).\nhint: "
                               "each neuron computes sum_i w_i x_i + b; every layer but the last applies relu, the "
                               "last is linear; parameters() lists each neuron's weights, then its bias")


@given(shape=mlp_shapes, x=st.lists(values, min_size=4, max_size=4))
@example(shape=(3, [4, 4, 1]), x=[1.0, -2.0, 0.5, 0.0])
def test_mlp_gradients_match_torch(student, shape, x):
    nin, nouts = shape
    call, params, grads, _ = _student_mlp(student, nin, nouts, x[:nin], backward_on=nouts[-1] - 1)
    flat, output = _torch_mlp(nin, nouts, params, x[:nin])
    output[-1].backward()
    for i, (got, want) in enumerate(zip(grads, flat.grad.tolist())):
        if not math.isclose(got, want, rel_tol=TOL.rtol, abs_tol=TOL.atol):
            problem = backward_problem(student)
            raise CheckFailure(f"after {call}(x)[-1].backward() with x = {x[:nin]}, parameters()[{i}].grad is "
                               f"{fmt(got)}, expected {fmt(want)}"
                               + (f"\nthe cause is in Value: {problem}" if problem else
                                  "\nhint: the tests of Value say whether its operations and backward() are right; "
                                  "if they pass, build each neuron's output from its own w and b with Value "
                                  "operations, so that backward() reaches every parameter"))


def test_neuron_weights_are_random(student):
    program = Program("Neuron")
    neuron = program.new("Neuron", 6)
    params = program.call(neuron, "parameters")
    first = student.run_objects(program)
    handles = first[params]
    if not isinstance(handles, list) or len(handles) != 7:
        raise CheckFailure(f"Neuron(6).parameters() must be the 6 weights and then the bias; got {handles!r:.80}")
    reads = Program("Neuron")
    data = [reads.get(p, "data") for p in handles]
    second = student.run_objects(reads)
    weights = [number(second[r], f"Neuron(6).parameters()[{i}].data") for i, r in enumerate(data)]
    *w, b = weights
    if b != 0.0:
        raise CheckFailure(f"Neuron(6)'s bias (the last of parameters()) must start at 0.0; got {b!r}")
    if len(set(w)) < len(w) or not all(-1.0 < v < 1.0 for v in w):
        raise CheckFailure(f"Neuron(6)'s weights must be drawn uniformly from (-1, 1), all different; got {w}")
