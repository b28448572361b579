"""Hidden tests for a6 (secret: never shipped to students).

Every gradient is compared with torch's autograd of the same computation in
float64 (the oracle), the MLP's also with central finite differences of the
reference loss. Gradients are checked one layer and one parameter at a time,
from the output down, so the first failure names the layer where the
mistake is. Mistake models (what a recognisable wrong implementation would
return) turn a mismatch into a specific hint.
"""

from dataclasses import replace

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograder.checks import (
    CheckFailure,
    central_difference,
    check_close,
    check_gradient,
    check_no_autograd,
    check_not_modified,
    hints,
    tolerances,
    torch_forward,
    torch_vjp,
)
from autograder.checks.compare import describe_call, show
from autograder.checks.strategies import arrays, labels, layer_widths, logits, mlp_parameters, normal_arrays
from autograder.checks.static import check_numpy_only
from autograder.testrun.modules import public_tests_for

# The public tests (shipped to students) hold the hints both sides give.
PUBLIC = public_tests_for(__file__)

# The helper modules next to this file, imported as siblings (autograder.testrun.modules).
from .mlp_checks import (  # noqa: E402
    SHAPE_HINT,
    XOR_X,
    XOR_Y,
    MLPProblem,
    backward_mistakes,
    call_student,
    check_bias_shape,
    fixed_problem,
    kink_margin,
    layer_pairs,
    layers_from_the_top,
    mlp_problems,
    parts,
    rings,
    student_gradients,
    torch_mlp,
    variant_mlp,
    where,
)

from .training_checks import (
    MISTAKE_HINTS,
    TRAINING_CASES,
    agree,
    epoch_batchings,
    epoch_losses,
    explain,
    flat,
    probe_pieces,
    run_epoch,
    shuffle_mistake,
    small_problem,
    train,
)


def fewer_examples(count):
    """The grading profile with fewer examples: every example is a round trip to the sandbox, and a few
    generic examples (seeded normal values, no ties) already expose the mistakes these tests look for."""
    return settings(settings.get_profile("autograder"), max_examples=count)


# ------------------------------------------------------------------ linear layer


@st.composite
def linear_problems(draw):
    n, c, c_out = draw(st.integers(1, 8)), draw(st.integers(1, 5)), draw(st.integers(1, 5))
    return tuple(draw(arrays(shape=shape)) for shape in [(n, c_out), (n, c), (c, c_out), (c_out,)])


def _linear_torch(X, W, b):
    return X @ W + b


def square_linear_problem():
    """(V, X, W, b) with a square W: tried first, so that mixing up W and Wᵀ gives wrong values and a specific
    hint rather than a shape error."""
    rng = np.random.default_rng(5)
    return rng.standard_normal((4, 3)), rng.standard_normal((4, 3)), rng.standard_normal((3, 3)), rng.standard_normal(3)


@fewer_examples(20)
@example(problem=square_linear_problem())
@given(problem=linear_problems())
def test_linear_forward_matches_torch(student, problem):
    _, X, W, b = problem
    inputs = {"X": X, "W": W, "b": b}
    got = call_student(student.linear_forward, X, W, b, call="linear_forward(X, W, b)", inputs=inputs, hint=SHAPE_HINT)
    check_close(got, torch_forward(_linear_torch, X, W, b), call="linear_forward(X, W, b)", inputs=inputs, mistakes={
        PUBLIC.W_TRANSPOSED: lambda: X @ W.T + b,
        "the bias b is missing: the layer computes X @ W + b": lambda: X @ W,
    })


@fewer_examples(20)
@example(problem=square_linear_problem())
@given(problem=linear_problems())
def test_linear_backward_matches_torch(student, problem):
    V, X, W, b = problem
    inputs = {"V": V, "X": X, "W": W}
    call = "linear_backward(V, X, W)"
    got = parts(call_student(student.linear_backward, V, X, W, call=call, inputs=inputs, hint=SHAPE_HINT),
                3, call=call, names=["dX", "dW", "db"])
    dX, dW, db = torch_vjp(_linear_torch, X, W, b, cotangent=V, wrt=(0, 1, 2))
    check_close(got[0], dX, call=f"dX, the gradient with respect to the input, from {call}", inputs=inputs, mistakes={
        PUBLIC.DX_UNTRANSPOSED: lambda: V @ W,
    })
    check_close(got[1], dW, call=f"dW, the gradient with respect to the weights, from {call}", inputs=inputs, mistakes={
        PUBLIC.DW_TRANSPOSED: lambda: (X.T @ V).T,
        "dW is Xᵀ V, a sum over the batch; do not divide it by n (dividing by n belongs to the loss)":
            lambda: X.T @ V / len(X),
    })
    check_bias_shape(got[2], db.shape, batch_shape=V.shape, call=f"db, the gradient with respect to the bias, from "
                     f"{call}", inputs=inputs)
    check_close(got[2], db, call=f"db, the gradient with respect to the bias, from {call}", inputs=inputs, mistakes={
        "db is averaged over the batch; it is the sum of V over the rows, V.sum(axis=0)": lambda: V.mean(axis=0),
    })


# ------------------------------------------------------------------ activations


@st.composite
def activation_problems(draw, scale=3.0):
    shape = draw(st.tuples(st.integers(1, 6), st.integers(1, 6)))
    return draw(normal_arrays(shape=shape)), draw(normal_arrays(shape=shape, scale=scale))  # V, Z


RELU_PASSES_EVERYTHING = PUBLIC.RELU_PASSES_EVERYTHING


def _relu_mistakes(V, Z):
    return {
        RELU_PASSES_EVERYTHING: V,
        "the mask looks inverted: the gradient passes where Z > 0 and is 0 where Z < 0": V * (Z < 0),
        "you returned ReLU's derivative without multiplying it by the upstream gradient V": (Z > 0) * 1.0,
        "you multiplied V by relu(Z); the derivative of ReLU is 1 where Z > 0 and 0 elsewhere": V * np.maximum(Z, 0),
    }


@fewer_examples(20)
@given(problem=activation_problems())
def test_relu_matches_torch(student, problem):
    V, Z = problem
    check_close(student.relu_forward(Z), torch_forward(torch.relu, Z), call="relu_forward(Z)", inputs={"Z": Z},
                library="numpy")
    check_close(student.relu_backward(V, Z), torch_vjp(torch.relu, Z, cotangent=V), call="relu_backward(V, Z)",
                inputs={"V": V, "Z": Z}, mistakes=_relu_mistakes(V, Z), library="numpy")


@st.composite
def kink_problems(draw):
    """Pre-activations with exact zeros (and at least one zero and one negative entry)."""
    shape = draw(st.tuples(st.integers(1, 5), st.integers(2, 5)))
    Z = draw(hnp.arrays(np.float64, shape, elements=st.sampled_from([-2.0, -0.5, 0.0, 0.5, 2.0])))
    Z[0, 0], Z[0, 1] = 0.0, -1.0
    return draw(normal_arrays(shape=shape)), Z


@fewer_examples(20)
@given(problem=kink_problems())
def test_relu_backward_at_the_kink(student, problem):
    V, Z = problem
    check_close(student.relu_backward(V, Z), torch_vjp(torch.relu, Z, cotangent=V), inputs={"V": V, "Z": Z},
                call="relu_backward(V, Z) where some entries of Z are exactly 0", mistakes={
                    RELU_PASSES_EVERYTHING: V,
                    PUBLIC.RELU_KINK: V * (Z >= 0),
                    **_relu_mistakes(V, Z)})


def extreme_scores():
    """(V, Z) with pre-activations far beyond exp's range (|z| up to 1000): the notebook promises no overflow."""
    Z = np.array([[-1000.0, -800.0, -50.0, 0.0], [50.0, 709.0, 800.0, 1000.0]])
    return np.ones_like(Z), Z


@fewer_examples(20)
@example(problem=extreme_scores())
@given(problem=activation_problems(scale=10.0))
def test_sigmoid_matches_torch(student, problem):
    V, Z = problem
    with np.errstate(over="ignore", invalid="ignore"):
        s = 1 / (1 + np.exp(-Z))
        overflowing = np.exp(Z) / (1 + np.exp(Z))
        flipped = 1 / (1 + np.exp(Z))
    check_close(student.sigmoid_forward(Z), torch_forward(torch.sigmoid, Z), call="sigmoid_forward(Z)",
                inputs={"Z": Z}, library="numpy", mistakes={
                    "check the sign in the exponent: σ(z) = 1 / (1 + exp(-z))": flipped,
                    "e^z / (1 + e^z) is inf / inf = nan for z above about 709: use 1 / (1 + e^(-z)) for z ≥ 0 and "
                    "e^z / (1 + e^z) only for z < 0": overflowing})
    check_close(student.sigmoid_backward(V, Z), torch_vjp(torch.sigmoid, Z, cotangent=V), call="sigmoid_backward(V, Z)",
                inputs={"V": V, "Z": Z}, library="numpy", mistakes={
                    PUBLIC.SIGMOID_OF_Z: V * Z * (1 - Z),
                    "you returned σ'(Z) without multiplying it by the upstream gradient V": s * (1 - s),
                    "the derivative is σ(Z) (1 - σ(Z)); you multiplied V by σ(Z) only": V * s,
                })


@fewer_examples(20)
@given(problem=activation_problems())
def test_activation_backward_leaves_inputs_unchanged(student, problem):
    V, Z = problem
    for name in ("relu_backward", "sigmoid_backward"):
        result = getattr(student, name).call(V, Z)
        check_not_modified(result.mutated, call=f"{name}(V, Z)", inputs={"V": V, "Z": Z})


# ------------------------------------------------------------------ softmax cross-entropy


@st.composite
def classification_problems(draw, magnitude=20.0):
    n, k = draw(st.integers(1, 8)), draw(st.integers(2, 5))
    return draw(logits(rows=n, classes=k, magnitude=magnitude)), draw(labels(rows=n, classes=k))


def _torch_cross_entropy(y):
    return lambda S: F.cross_entropy(S, torch.as_tensor(y))


def _check_cross_entropy(student, S, y):
    inputs = {"S": S, "y": y}
    call = "softmax_cross_entropy(S, y)"
    loss, dS = parts(call_student(student.softmax_cross_entropy, S, y, call=call, inputs=inputs,
                                  hint="S has shape (n, k) and y holds n integer labels in 0..k-1"),
                     2, call=call, names=["loss", "dS"])
    shifted = np.exp(S - S.max(axis=1, keepdims=True))
    P, Y, n = shifted / shifted.sum(axis=1, keepdims=True), np.eye(S.shape[1])[y], len(S)
    expected_loss = torch_forward(_torch_cross_entropy(y), S)
    # a scalar loss crosses the channel as a Python float; judge it at the precision of dS
    tol = tolerances.for_dtype(getattr(dS, "dtype", None))
    check_close(loss, expected_loss, call=f"the loss of {call}", inputs=inputs, tol=tol, mistakes={
        "the loss is summed over the batch; it is the mean over the n examples": n * expected_loss,
    })
    check_close(dS, torch_vjp(_torch_cross_entropy(y), S), call=f"dS, the gradient of the loss with respect to S, "
                f"from {call}", inputs=inputs, mistakes={
                    PUBLIC.DS_WITHOUT_MEAN: P - Y,
                    "the one-hot labels are not subtracted: dS = (softmax(S) - onehot(y)) / n": P / n,
                    "softmax must normalise each row (one example) over the k classes, axis=1": lambda: (
                        np.exp(S) / np.exp(S).sum(axis=0) - Y) / n,
                })


@fewer_examples(20)
@given(problem=classification_problems())
def test_softmax_cross_entropy_matches_torch(student, problem):
    _check_cross_entropy(student, *problem)


def test_softmax_cross_entropy_large_scores(student):
    S = np.array([[1000.0, 0.0, -1000.0], [-1000.0, 1000.0, 999.0], [800.0, 800.0, -5.0]])
    y = np.array([0, 2, 1])
    loss, dS = parts(student.softmax_cross_entropy(S, y), 2, call="softmax_cross_entropy(S, y)", names=["loss", "dS"])
    if not (np.isfinite(loss).all() and np.isfinite(dS).all()):
        raise CheckFailure(f"{describe_call('softmax_cross_entropy(S, y)', {'S': S, 'y': y})}\nreturned NaN or inf for "
                           f"scores of size 1000 (loss {loss!r}).\nhint: exp(1000) overflows; subtract each row's "
                           "maximum from S before exponentiating (softmax does not change) and compute the log of "
                           "the softmax as shifted scores minus log-sum-exp")
    _check_cross_entropy(student, S, y)


# ------------------------------------------------------------------ mlp_forward


@fewer_examples(20)
@given(problem=mlp_problems())
def test_mlp_forward_matches_torch(student, reference, problem):
    call = f"mlp_forward(X, params, {problem.activation!r})"
    S, cache = parts(call_student(student.mlp_forward, problem.X, problem.params, problem.activation, call=call,
                                  inputs=problem.shown(), hint=SHAPE_HINT), 2, call=call, names=["S", "cache"])
    check_close(S, torch_forward(torch_mlp(problem.activation), problem.X, *problem.flat),
                call=f"the scores S of {call}", inputs=problem.shown(), mistakes={
                    PUBLIC.LAST_ACTIVATION:
                        lambda: variant_mlp(problem, last_activation=True),
                    PUBLIC.NO_ACTIVATION: lambda: variant_mlp(problem, no_activation=True),
                })
    _, expected = reference.mlp_forward(problem.X, problem.params, problem.activation)
    pairs = layer_pairs(cache, len(problem.params), call=f"the cache of {call}")
    for layer, ((H, Z), (want_H, want_Z)) in enumerate(zip(pairs, expected)):
        check_close(H, want_H, call=f"cache[{layer}][0], the input H of layer {layer + 1}, from {call}",
                    inputs=problem.shown(), mistakes={
                        "H is the layer's input after the activation of the layer below, phi(Z), not Z itself":
                            lambda layer=layer: expected[layer - 1][1] if layer else None})
        check_close(Z, want_Z, call=f"cache[{layer}][1], the pre-activation Z = H W + b of layer {layer + 1}, "
                    f"from {call}", inputs=problem.shown(), mistakes={
                        "Z is the pre-activation H W + b, before the activation is applied":
                            lambda layer=layer: expected[layer + 1][0] if layer + 1 < len(expected) else None})


# ------------------------------------------------------------------ mlp_backward


@fewer_examples(30)
@given(problem=mlp_problems())
def test_mlp_backward_matches_torch(student, reference, problem):
    grads = student_gradients(student, reference, problem)
    expected = torch_vjp(torch_mlp(problem.activation), problem.X, *problem.flat, cotangent=problem.dS,
                         wrt=range(1, 1 + len(problem.flat)))
    mistakes = backward_mistakes(problem)
    for layer, which, name in layers_from_the_top(problem):
        check_close(grads[layer][which], expected[2 * layer + which], call=where(problem, layer, name),
                    inputs=problem.shown(),
                    mistakes={hint: (lambda f=f: f(layer, which)) for hint, f in mistakes.items()})


@fewer_examples(15)
@given(problem=mlp_problems(depth=st.integers(1, 3), width=st.integers(1, 3), rows=st.integers(1, 4)))
def test_mlp_backward_matches_finite_differences(student, reference, problem):
    assume(kink_margin(problem) > 1e-3)  # finite differences are meaningless across ReLU's kink

    def loss(params):
        S, _ = reference.mlp_forward(problem.X, params, problem.activation)
        return reference.softmax_cross_entropy(S, problem.y)[0]

    S, _ = reference.mlp_forward(problem.X, problem.params, problem.activation)
    dS = reference.softmax_cross_entropy(S, problem.y)[1]
    problem = replace(problem, dS=dS)  # the mistake models back-propagate the same upstream gradient
    grads = student_gradients(student, reference, problem)
    mistakes = backward_mistakes(problem)
    for layer, which, name in layers_from_the_top(problem):
        def loss_of(value, layer=layer, which=which):
            params = [list(pair) for pair in problem.params]
            params[layer][which] = value
            return loss(params)

        got = np.asarray(grads[layer][which])
        numeric = central_difference(loss_of, problem.params[layer][which])
        tol = tolerances.for_gradient(got.dtype)
        hint = hints.for_values(got.astype(np.float64), numeric, tol=tol, mistakes={
            h: (lambda f=f: f(layer, which)) for h, f in mistakes.items()}) if got.shape == numeric.shape else None
        check_gradient(got, numeric, call=f"{where(problem, layer, name)}, for the mean cross-entropy loss",
                       inputs=problem.shown(), tol=tol, hint=hint)


def test_mlp_backward_uses_no_autograd(student, reference, code):
    problem = fixed_problem()
    _, cache = reference.mlp_forward(problem.X, problem.params, "relu")
    student.mlp_backward.call(problem.dS, problem.params, cache, "relu", forbid_autograd=True)
    check_no_autograd(code, "mlp_backward")
    check_numpy_only(code, "mlp_backward")  # the notebook: "from NumPy arrays and nothing else"


@fewer_examples(10)
@given(problem=mlp_problems(depth=st.integers(2, 3)))
def test_mlp_backward_leaves_inputs_unchanged(student, reference, problem):
    _, cache = reference.mlp_forward(problem.X, problem.params, problem.activation)
    result = student.mlp_backward.call(problem.dS, problem.params, cache, problem.activation)
    check_not_modified(result.mutated, call=f"mlp_backward(dS, params, cache, {problem.activation!r})",
                       inputs={"dS": problem.dS, "params": problem.params, "cache": cache})


@fewer_examples(10)
@given(widths=layer_widths(depth=st.integers(2, 3), width=st.integers(2, 5)), weight=st.floats(0.1, 1.0),
       n=st.integers(1, 6), seed=st.integers(0, 2**16), activation=st.sampled_from(["relu", "sigmoid"]))
def test_mlp_backward_keeps_constant_weights_symmetric(student, reference, widths, weight, n, seed, activation):
    rng = np.random.default_rng(seed)
    # hidden layers: every weight equal; output layer: every hidden unit sends the same (random) weights
    params = [(np.full((a, b), weight), np.zeros(b)) for a, b in zip(widths[:-2], widths[1:-1])]
    params.append((np.tile(rng.standard_normal((1, widths[-1])), (widths[-2], 1)), np.zeros(widths[-1])))
    problem = MLPProblem(widths, params, rng.standard_normal((n, widths[0])), rng.standard_normal((n, widths[-1])),
                         np.zeros(n, dtype=int), activation)
    grads = student_gradients(student, reference, problem)
    tol = tolerances.FLOAT64
    for layer in range(len(params) - 1):  # every hidden layer; the output units differ through dS
        dW, db = np.asarray(grads[layer][0]), np.asarray(grads[layer][1])
        same = np.isclose(dW, dW[:, :1], rtol=tol.rtol, atol=tol.atol).all() and np.isclose(
            db, db[:1], rtol=tol.rtol, atol=tol.atol).all()
        if not same:
            raise CheckFailure(
                f"{describe_call(f'mlp_backward(dS, params, cache, {activation!r})', problem.shown())}\nwith every "
                f"hidden weight equal to {weight!r}, equal rows in the last W and every bias 0, the hidden units of "
                f"layer {layer + 1} received different "
                f"gradients:\n  dW = {dW!r}\n  db = {db!r}\nhint: identical units compute identical outputs and must "
                "get identical gradients (the columns of dW and the entries of db are all equal); a difference "
                "means some step mixes up units, e.g. a transposed product")


# ------------------------------------------------------------------ count_parameters


@fewer_examples(20)
@given(widths=st.lists(st.integers(1, 3000), min_size=2, max_size=6))
def test_count_parameters_matches_formula(student, reference, widths):
    pairs = list(zip(widths[:-1], widths[1:]))
    got = student.count_parameters(widths)
    if isinstance(got, bool) or not isinstance(got, int):
        raise CheckFailure(f"count_parameters({widths}) returned {show(got)}, a {type(got).__name__}; the notebook asks "
                           "for an int (a count of parameters is a whole number).\nhint: add up a * b + b with "
                           "integers, or convert the result with int(...)")
    check_close(got, reference.count_parameters(widths), call="count_parameters(widths)",
                inputs={"widths": widths}, mistakes={
                    "the biases are missing: each layer also has one bias per output unit, d·p + p + p·k + k":
                        sum(a * b for a, b in pairs),
                    "each layer has one bias per output unit, not per input unit": sum(a * b + a for a, b in pairs),
                })


# ------------------------------------------------------------------ init_mlp


def test_init_mlp_scale(student):
    widths = [64, 128, 64, 10]
    params = layer_pairs(student.init_mlp(widths, 0), len(widths) - 1, call=f"init_mlp({widths}, 0)")
    for layer, ((W, _), fan_in, fan_out) in enumerate(zip(params, widths[:-1], widths[1:]), start=1):
        W = np.asarray(W, dtype=np.float64)
        scales = [np.sqrt(2 / (fan_in + fan_out)), np.sqrt(1 / fan_in), np.sqrt(2 / fan_in)]  # Xavier, LeCun, He
        low, high = 0.75 * min(scales), 1.25 * max(scales)
        std, mean = float(W.std()), float(W.mean())
        if low <= std <= high and abs(mean) <= 0.2 * std:
            continue
        if np.ptp(W) == 0:
            hint = PUBLIC.EQUAL_WEIGHTS
        elif abs(mean) > 0.2 * std:
            hint = "the weights should be centred on 0 (a normal N(0, s²) or a uniform on [-a, a])"
        elif abs(std - 1) < 0.1:
            hint = ("the weights are not scaled: a standard normal has standard deviation 1; multiply it by "
                    "sqrt(2 / fan_in) (He) or sqrt(2 / (fan_in + fan_out)) (Xavier)")
        else:
            hint = ("the scale must shrink as the layer gets wider: use sqrt(2 / fan_in) (He) or "
                    "sqrt(2 / (fan_in + fan_out)) (Xavier) as the standard deviation")
        raise CheckFailure(f"init_mlp({widths}, 0): the weights of layer {layer} ({fan_in} -> {fan_out}) have mean "
                           f"{mean:.3g} and standard deviation {std:.3g}; expected mean 0 and a standard deviation "
                           f"between {low:.3g} and {high:.3g}.\nhint: {hint}")


@fewer_examples(15)
@given(widths=layer_widths(depth=st.integers(1, 3), width=st.integers(2, 8)), seed=st.integers(0, 2**16))
def test_init_mlp_breaks_symmetry(student, widths, seed):
    call = f"init_mlp({widths}, {seed})"
    params = layer_pairs(student.init_mlp(widths, seed), len(widths) - 1, call=call)
    for layer, (W, _) in enumerate(params, start=1):
        W = np.asarray(W)
        if np.unique(W.T, axis=0).shape[0] < W.shape[1]:
            raise CheckFailure(f"{call}: two hidden units of layer {layer} have identical weights (equal columns of "
                               f"W):\n  W = {W!r}\nhint: units that start equal compute the same output and get the "
                               "same gradient, so they stay equal for ever; draw every weight at random")
    again = layer_pairs(student.init_mlp(widths, seed), len(widths) - 1, call=call)
    if any(not np.array_equal(a, b) for pair, other in zip(params, again) for a, b in zip(pair, other)):
        raise CheckFailure(f"{call} returned different weights when called twice with the same seed.\nhint: draw "
                           "from np.random.default_rng(seed), not from the global random state, so runs are "
                           "reproducible")


# ------------------------------------------------------------------ sgd_momentum_step


@st.composite
def momentum_problems(draw):
    widths = draw(layer_widths(depth=st.integers(1, 3), width=st.integers(1, 4)))
    params, grads, velocities = (draw(mlp_parameters(widths=widths)) for _ in range(3))
    return params, grads, velocities, draw(st.floats(1e-3, 1.0)), draw(st.floats(0.0, 0.99))


@fewer_examples(20)
@given(problem=momentum_problems())
def test_sgd_momentum_step_matches_definition(student, reference, problem):
    params, grads, velocities, lr, momentum = problem
    call = f"sgd_momentum_step(params, grads, velocities, lr={lr!r}, momentum={momentum!r})"
    inputs = {"params": params, "grads": grads, "velocities": velocities}
    new_params, new_velocities = parts(student.sgd_momentum_step(params, grads, velocities, lr, momentum), 2,
                                       call=call, names=["new_params", "new_velocities"])
    new_params = layer_pairs(new_params, len(params), call=f"new_params of {call}")
    new_velocities = layer_pairs(new_velocities, len(params), call=f"new_velocities of {call}")
    want_params, want_velocities = reference.sgd_momentum_step(params, grads, velocities, lr, momentum)
    for layer in range(len(params)):
        for which, name in ((0, "W"), (1, "b")):
            p, g, v = params[layer][which], grads[layer][which], velocities[layer][which]
            where_ = f"layer {layer + 1}, {name}"
            check_close(new_velocities[layer][which], want_velocities[layer][which], inputs=inputs,
                        call=f"the new velocity of {where_} from {call}", mistakes={
                            "the velocity is an average: v <- momentum v + (1 - momentum) g; the factor "
                            "(1 - momentum) on g is missing": momentum * v + g,
                            "momentum and (1 - momentum) are swapped: v <- momentum v + (1 - momentum) g":
                                (1 - momentum) * v + momentum * g,
                        })
            check_close(new_params[layer][which], want_params[layer][which], inputs=inputs,
                        call=f"the new {where_} from {call}", mistakes={
                            PUBLIC.RAW_GRADIENT_STEP:
                                p - lr * g,
                            PUBLIC.OLD_VELOCITY_STEP:
                                p - lr * v,
                        })


# ------------------------------------------------------------------ train_mlp

XOR_SETTINGS = {"lr": 0.5, "momentum": 0.9, "batch_size": 2, "epochs": 500}


def check_training(student, reference, X, y, widths, *, name, min_accuracy, **settings_):
    shown = ", ".join(f"{k}={v!r}" for k, v in settings_.items())
    call = f"train_mlp(X_{name}, y_{name}, {widths}, {shown})"
    params, losses = parts(student.train_mlp(X, y, widths, **settings_), 2, call=call, names=["params", "losses"])
    params = layer_pairs(params, len(widths) - 1, call=f"the params returned by {call}")
    for layer, ((W, b), fan_in, fan_out) in enumerate(zip(params, widths[:-1], widths[1:]), start=1):
        if np.shape(W) != (fan_in, fan_out) or np.shape(b) != (fan_out,):
            raise CheckFailure(f"{call} returned W of shape {np.shape(W)} and b of shape {np.shape(b)} for layer "
                               f"{layer}; expected {(fan_in, fan_out)} and {(fan_out,)}.\nhint: {PUBLIC.UPDATE_KEEPS_SHAPE}")
    losses = epoch_losses(losses, settings_["epochs"], call=call)
    S, _ = reference.mlp_forward(X, [(np.asarray(W, float), np.asarray(b, float)) for W, b in params],
                                 settings_["activation"])
    accuracy = float(np.mean(S.argmax(axis=1) == y))
    if accuracy < min_accuracy or not losses[-1] < losses[0]:
        raise CheckFailure(f"{call}\nreached a training accuracy of {accuracy:.1%} (loss {losses[0]:.4g} in the first "
                           f"epoch, {losses[-1]:.4g} in the last); expected at least {min_accuracy:.0%} and a loss "
                           f"that goes down.\nhint: {PUBLIC.TRAINING_PIECES}")


def test_train_mlp_solves_xor_from_other_seeds(student, reference):
    for seed, activation in ((1, "relu"), (2, "relu"), (3, "sigmoid")):
        check_training(student, reference, XOR_X, XOR_Y, [2, 32, 2], name="xor", min_accuracy=1.0, seed=seed,
                       activation=activation, **XOR_SETTINGS)


def test_train_mlp_learns_rings(student, reference):
    X, y = rings(200, seed=7)
    check_training(student, reference, X, y, [2, 16, 2], name="rings", min_accuracy=0.97, seed=0, activation="relu",
                   lr=0.5, momentum=0.9, batch_size=20, epochs=60)


def test_train_mlp_uses_no_autograd(student, code):
    student.train_mlp.call(XOR_X, XOR_Y, [2, 8, 2], activation="relu", lr=0.5, momentum=0.9, batch_size=2, epochs=5,
                           seed=0, forbid_autograd=True)
    check_no_autograd(code, "train_mlp")
    check_numpy_only(code, "train_mlp")  # the notebook: "from NumPy arrays and nothing else"


# ------------------------------------------------------------------ train_mlp, step by step

def test_train_mlp_is_reproducible(student):
    data_seed, n, recipe = TRAINING_CASES[0]
    X, y = small_problem(data_seed, n, recipe.widths)
    call = f"train_mlp(X, y, {list(recipe.widths)}, {recipe.shown()})"
    first, second = train(student, X, y, recipe, call), train(student, X, y, recipe, call)
    if not (np.array_equal(first[1], second[1]) and np.array_equal(flat(first[0]), flat(second[0]))):
        raise CheckFailure(f"{describe_call(call, {'X': X, 'y': y})}\nreturned different results when called twice "
                           f"with the same seed:\n  losses, first call:  {show(first[1])}\n  losses, second call: "
                           f"{show(second[1])}\nhint: every random choice must come from the seed: shuffle with "
                           "rng = np.random.default_rng(seed) (made once, before the first epoch), not with "
                           "np.random.shuffle, np.random.permutation or an unseeded default_rng()")


def test_train_mlp_follows_the_recipe(student, reference):
    for data_seed, n, recipe in TRAINING_CASES:
        X, y = small_problem(data_seed, n, recipe.widths)
        call = f"train_mlp(X, y, {list(recipe.widths)}, {recipe.shown()}) on n = {n} examples"
        inputs = {"X": X, "y": y}
        initial = layer_pairs(student.init_mlp(list(recipe.widths), recipe.seed), len(recipe.widths) - 1,
                              call=f"init_mlp({list(recipe.widths)}, {recipe.seed})")
        initial = [(np.asarray(W, dtype=np.float64), np.asarray(b, dtype=np.float64)) for W, b in initial]
        params, losses = train(student, X, y, recipe, call)
        wrong, tol = probe_pieces(student, reference, X, y, initial, recipe)
        histories = explain(reference, X, y, initial, recipe, losses, tol or tolerances.FLOAT64)
        if not histories:
            _explain_failure(student, reference, X, y, initial, recipe, losses, tol, wrong, call)
        hint = shuffle_mistake(histories[0][1], n, recipe.batch_size)
        if hint:
            raise CheckFailure(f"{describe_call(call, inputs)}\nreturned the losses {show(losses)}, which match a "
                               f"training run whose epochs are not shuffled as documented.\nhint: {hint}")
        for ((want_params, _), _) in histories:
            if agree(params, want_params) or len(histories) == 1:
                break
        for layer, ((W, b), (want_W, want_b)) in enumerate(zip(params, want_params), start=1):
            check_close(W, want_W, call=f"the trained W of layer {layer} from {call}, against the recipe replayed "
                        "from your init_mlp(widths, seed) and the epochs' orders your losses show", inputs=inputs,
                        tol=tol)
            check_close(b, want_b, call=f"the trained b of layer {layer} from {call}", inputs=inputs, tol=tol)


def _explain_failure(student, reference, X, y, initial, recipe, losses, tol, wrong, call):
    """No shuffled order makes the recipe produce the student's losses: name the known mistake that does."""
    for variant, hint in MISTAKE_HINTS.items():
        if explain(reference, X, y, initial, recipe, losses, tol or tolerances.FLOAT64, variant):
            raise CheckFailure(f"{describe_call(call, {'X': X, 'y': y})}\nreturned the losses {show(losses)}, which "
                               f"no shuffled order of the documented recipe produces.\nhint: {hint}")
    velocities = [(np.zeros_like(W), np.zeros_like(b)) for W, b in initial]
    _, first = run_epoch(reference, X, y, (initial, velocities), epoch_batchings(len(X), recipe.batch_size)[0], recipe)
    detail = (f"returned the losses {show(losses)}; no order of the examples makes the documented recipe, started "
              f"from your init_mlp(widths, seed), produce them (for example, the unshuffled first epoch has loss "
              f"{first:.6g}).")
    if wrong:
        raise CheckFailure(f"{describe_call(call, {'X': X, 'y': y})}\n{detail}\nhint: train_mlp builds on your "
                           f"{' and '.join(wrong)}, which do not match the definition on this input yet: fix that "
                           "task first")
    raise CheckFailure(f"{describe_call(call, {'X': X, 'y': y})}\n{detail}\nhint: follow the recipe: params = "
                       "init_mlp(widths, seed) and all velocities 0, once; every epoch a new order from a generator "
                       "seeded once with seed, then each batch of batch_size examples (the last may be shorter): "
                       "forward, loss, backward, one momentum step; losses[e] = the size-weighted mean of the "
                       "epoch's batch losses")
