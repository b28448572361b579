"""Public self-checks for a7: small graphs worked out by hand.

Students run these from their notebook; the grader runs them too. The student's objects are
driven by an object program (``autograder.values.Program``): build, call backward(), read numbers.
"""

import math
import re

from autograder.checks import CheckFailure
from autograder.values import Program

#: Python's error when a plain number on the left meets a Value that has no reflected method.
_REFLECTED = re.compile(r"unsupported operand type\(s\) for (\S+): '(int|float)' and")
_REFLECTED_NAMES = {"+": "add", "-": "sub", "*": "mul", "/": "truediv"}


def reflected_hint(message):
    """The hint for that error (None for any other message); the hidden tests give the same one."""
    found = _REFLECTED.search(message)
    if found is None or found.group(1) not in _REFLECTED_NAMES:
        return None
    return (f"with a plain number on the left, Python calls the Value's reflected method (for {found.group(1)}: "
            f"__r{_REFLECTED_NAMES[found.group(1)]}__); define __radd__, __rsub__, __rmul__ and __rtruediv__")


def run_program(student, program):
    """The program's results; an error caused by a missing reflected method comes back with its hint."""
    try:
        return student.run_objects(program)
    except Exception as exc:  # noqa: BLE001 - re-raised unless it is that error
        hint = reflected_hint(str(exc))
        if hint is None:
            raise
        raise CheckFailure(f"{exc}\nhint: {hint}") from None


def _number(value, what):
    if type(value) not in (int, float):
        kind = f"a {value.type_name} object" if hasattr(value, "type_name") else type(value).__name__
        raise CheckFailure(f"{what} must be a number (a float), but it is {kind}")
    return float(value)


def _expect(got, expected, what):
    got = _number(got, what)
    if not math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-12):
        raise CheckFailure(f"{what}: expected {expected:.10g}, got {got:.10g}")


def test_value_ops_known_values(student):
    program = Program("Value")
    a, b = program.new("Value", 2.0), program.new("Value", -3.0)
    cases = {  # what the student would write: its value with a = 2, b = -3
        "a + b": (program.op("add", a, b), -1.0), "a - b": (program.op("sub", a, b), 5.0),
        "a * b": (program.op("mul", a, b), -6.0), "a / b": (program.op("truediv", a, b), -2 / 3),
        "a ** 3": (program.op("pow", a, 3), 8.0), "-a": (program.op("neg", a), -2.0),
        "a.exp()": (program.call(a, "exp"), math.exp(2)), "a.log()": (program.call(a, "log"), math.log(2)),
        "b.tanh()": (program.call(b, "tanh"), math.tanh(-3)), "b.relu()": (program.call(b, "relu"), 0.0),
        "a.relu()": (program.call(a, "relu"), 2.0), "a + 1": (program.op("add", a, 1), 3.0),
        "1 - a": (program.op("sub", 1, a), -1.0), "2 * b": (program.op("mul", 2, b), -6.0),
        "1 / a": (program.op("truediv", 1, a), 0.5),
    }
    reads = {name: (program.get(ref, "data"), value) for name, (ref, value) in cases.items()}
    grad = program.get(a, "grad")
    out = run_program(student, program)
    _expect(out[grad], 0.0, "Value(2.0).grad before any backward()")
    for name, (ref, value) in reads.items():
        _expect(out[ref], value, f"({name}).data with a = Value(2.0), b = Value(-3.0)")


def _grads(student, build, names):
    """Build a graph with ``build(program, leaves)``, call backward() on its output, read the leaves' grads."""
    program = Program("Value")
    leaves = [program.new("Value", value) for value in names.values()]
    program.call(build(program, *leaves), "backward")
    reads = [program.get(leaf, "grad") for leaf in leaves]
    out = run_program(student, program)
    return [out[r] for r in reads]


def test_local_derivatives_known_values(student):
    a, b = 2.0, -3.0  # with these values, each line: the operation and (d/da, d/db) by hand
    cases = [
        ("a + b", lambda p, x, y: p.op("add", x, y), (1.0, 1.0)),
        ("a - b", lambda p, x, y: p.op("sub", x, y), (1.0, -1.0)),
        ("a * b", lambda p, x, y: p.op("mul", x, y), (b, a)),
        ("a / b", lambda p, x, y: p.op("truediv", x, y), (1 / b, -a / b ** 2)),
        ("a ** 3 + b", lambda p, x, y: p.op("add", p.op("pow", x, 3), y), (3 * a ** 2, 1.0)),
        ("a.exp() + b", lambda p, x, y: p.op("add", p.call(x, "exp"), y), (math.exp(a), 1.0)),
        ("a.log() + b", lambda p, x, y: p.op("add", p.call(x, "log"), y), (1 / a, 1.0)),
        ("b.tanh() + a", lambda p, x, y: p.op("add", p.call(y, "tanh"), x), (1.0, 1 - math.tanh(b) ** 2)),
        ("a.relu() * b.relu()", lambda p, x, y: p.op("mul", p.call(x, "relu"), p.call(y, "relu")), (0.0, 0.0)),
    ]
    for text, build, expected in cases:
        got = _grads(student, build, {"a": a, "b": b})
        for name, g, e in zip("ab", got, expected):
            _expect(g, e, f"with a = Value({a}), b = Value({b}), after ({text}).backward(), {name}.grad")


def test_backward_known_values(student):
    program = Program("Value")
    leaf = program.new("Value", 3.0)
    program.call(leaf, "backward")
    grad = program.get(leaf, "grad")
    _expect(run_program(student, program)[grad], 1.0, "a = Value(3.0); a.backward(); a.grad")
    # e = (a * b + c) * d: de/da = b d, de/db = a d, de/dc = d, de/dd = a b + c
    a, b, c, d = 2.0, -3.0, 10.0, -2.0
    got = _grads(student, lambda p, w, x, y, z: p.op("mul", p.op("add", p.op("mul", w, x), y), z),
                 {"a": a, "b": b, "c": c, "d": d})
    for name, g, e in zip("abcd", got, (b * d, a * d, d, a * b + c)):
        _expect(g, e, f"with a, b, c, d = Value(2.0), Value(-3.0), Value(10.0), Value(-2.0), "
                      f"after ((a * b + c) * d).backward(), {name}.grad")


def test_node_used_twice_known_values(student):
    a, b = 3.0, -2.0
    cases = [
        ("a * a", lambda p, x, y: p.op("add", p.op("mul", x, x), y), (2 * a, 1.0)),
        ("a + a", lambda p, x, y: p.op("mul", p.op("add", x, x), y), (2 * b, 2 * a)),
        ("(a + b) * (a - b)", lambda p, x, y: p.op("mul", p.op("add", x, y), p.op("sub", x, y)), (2 * a, -2 * b)),
    ]
    for text, build, expected in cases:
        got = _grads(student, build, {"a": a, "b": b})
        for name, g, e in zip("ab", got, expected):
            _expect(g, e, f"with a = Value({a}), b = Value({b}), in the graph {text} (plus b), {name}.grad "
                          "after backward()")


def test_mlp_shapes_and_parameters(student):
    program = Program("MLP")
    mlp = program.new("MLP", 3, [4, 4, 1])
    params = program.call(mlp, "parameters")
    outputs = program.call(mlp, "__call__", [1.0, -2.0, 0.5])
    out = run_program(student, program)
    found = out[params]
    if not isinstance(found, list) or len(found) != 41:
        raise CheckFailure("MLP(3, [4, 4, 1]).parameters() must be a list of 41 Values (4 * (3 + 1) + 4 * (4 + 1) "
                           f"+ 1 * (4 + 1)); got {type(found).__name__} of length "
                           f"{len(found) if isinstance(found, list) else '-'}")
    result = out[outputs]
    if not isinstance(result, list) or len(result) != 1:
        raise CheckFailure(f"MLP(3, [4, 4, 1])([1.0, -2.0, 0.5]) must return a list of one Value; got {result!r:.80}")
    reads = Program("MLP")
    value = reads.get(result[0], "data")
    _number(run_program(student, reads)[value], "MLP(3, [4, 4, 1])([1.0, -2.0, 0.5])[0].data")
