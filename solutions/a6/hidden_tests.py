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
from hypothesis import assume
from hypothesis.extra import numpy as hnp

from autograder.checks import torch_forward, torch_vjp
from autograder.checks.compare import show
from autograder.checks.static import check_numpy_only
from autograder.testkit import (
    Call, Shown, built_on, by_hand, check_call, check_finite_differences, check_layout, check_op, check_reproducible,
    check_result, check_unchanged, draws, example, per_layer, st, tolerances)
from autograder.testkit.strategies import arrays, labels, layer_widths, logits, mlp_parameters, normal_arrays

# The helper modules next to this file, imported as siblings (autograder.testrun.modules).
from .mlp_checks import (
    FORWARD, FORWARD_MISTAKES, GRADS, PUBLIC, SHAPE_HINT, MLPProblem, backward_mistakes, check_summed, fixed_problem,
    linear_vjps, mlp_problems, models, quietly, rings, sigmoid, student_gradients, torch_mlp, variant_forward)
from .training_checks import RECIPE_HINT, TRAINING_CASES, pieces, replayed, train


# ------------------------------------------------------------------ linear layer


@st.composite
def linear_problems(draw):
    n, c, c_out = draw(st.integers(1, 8)), draw(st.integers(1, 5)), draw(st.integers(1, 5))
    return tuple(draw(arrays(shape=shape)) for shape in [(n, c_out), (n, c), (c, c_out), (c_out,)])


def _linear_torch(X, W, b):
    return X @ W + b


#: (V, X, W, b) with a square W: tried first, so that mixing up W and Wᵀ gives wrong values and a specific hint
#: rather than a shape error.
SQUARE = tuple(map(np.random.default_rng(5).standard_normal, [(4, 3), (4, 3), (3, 3), (3,)]))


@example(problem=SQUARE)
@draws(20, problem=linear_problems())
def test_linear_forward_matches_torch(student, problem):
    _, X, W, b = problem
    check_call(student, Call("linear_forward", X=X, W=W, b=b), lambda *args: torch_forward(_linear_torch, *args),
               error_hint=SHAPE_HINT, mistakes={
        PUBLIC.W_TRANSPOSED: lambda X, W, b: X @ W.T + b,
        "the bias b is missing: the layer computes X @ W + b": lambda X, W, b: X @ W})


LINEAR_BACKWARD_MISTAKES = models(linear_vjps, {
    PUBLIC.DX_UNTRANSPOSED: {"dX_untransposed": True},
    PUBLIC.DW_TRANSPOSED: {"dW_transposed": True},
    "dW is Xᵀ V, a sum over the batch; do not divide it by n (dividing by n belongs to the loss)": {"dW_mean": True},
    "db is averaged over the batch; it is the sum of V over the rows, V.sum(axis=0)": {"db_mean": True},
    "dW and db are averaged over the batch; both are sums over the rows (dividing by n belongs to the loss)":
        {"dW_mean": True, "db_mean": True},
})


@example(problem=SQUARE)
@draws(20, problem=linear_problems())
def test_linear_backward_matches_torch(student, problem):
    V, X, W, b = problem
    call = Call("linear_backward", V=V, X=X, W=W)
    got = check_layout(call, call.run(student, hint=SHAPE_HINT), ("dX", "dW", "db"))
    check_summed(call, got[2], b.shape, len(V), "db")
    check_result(call, got, torch_vjp(_linear_torch, X, W, b, cotangent=V, wrt=(0, 1, 2)), parts=("dX", "dW", "db"),
                 mistakes=LINEAR_BACKWARD_MISTAKES)


# ------------------------------------------------------------------ activations


@st.composite
def activation_problems(draw, scale=3.0):
    shape = draw(st.tuples(st.integers(1, 6), st.integers(1, 6)))
    return draw(normal_arrays(shape=shape)), draw(normal_arrays(shape=shape, scale=scale))  # V, Z


def vjp(f):
    """The oracle of an activation's backward: torch's VJP of ``f`` at Z for the upstream gradient V."""
    return lambda V, Z: torch_vjp(f, Z, cotangent=V)


RELU_MISTAKES = {
    PUBLIC.RELU_PASSES_EVERYTHING: lambda V, Z: V,
    "the mask looks inverted: the gradient passes where Z > 0 and is 0 where Z < 0": lambda V, Z: V * (Z < 0),
    "you returned ReLU's derivative without multiplying it by the upstream gradient V": lambda V, Z: (Z > 0) * 1.0,
    "you multiplied V by relu(Z); the derivative of ReLU is 1 where Z > 0 and 0 elsewhere":
        lambda V, Z: V * np.maximum(Z, 0),
}


@draws(20, problem=activation_problems())
def test_relu_matches_torch(student, problem):
    V, Z = problem
    check_op(student, Call("relu_forward", Z=Z), forward=torch.relu)
    check_call(student, Call("relu_backward", V=V, Z=Z), vjp(torch.relu), mistakes=RELU_MISTAKES)


@st.composite
def kink_problems(draw):
    """Pre-activations with exact zeros (and at least one zero and one negative entry)."""
    shape = draw(st.tuples(st.integers(1, 5), st.integers(2, 5)))
    Z = draw(hnp.arrays(np.float64, shape, elements=st.sampled_from([-2.0, -0.5, 0.0, 0.5, 2.0])))
    Z[0, 0], Z[0, 1] = 0.0, -1.0
    return draw(normal_arrays(shape=shape)), Z


@draws(20, problem=kink_problems())
def test_relu_backward_at_the_kink(student, problem):
    V, Z = problem
    check_call(student, Call("relu_backward", V=V, Z=Shown(Z, f"{show(Z)}, exactly 0 in places")), vjp(torch.relu),
               mistakes={**RELU_MISTAKES, PUBLIC.RELU_KINK: lambda V, Z: V * (Z >= 0)})


#: (V, Z) with pre-activations far beyond exp's range (|z| up to 1000): the notebook promises no overflow.
EXTREME = np.ones((2, 4)), np.array([[-1000.0, -800.0, -50.0, 0.0], [50.0, 709.0, 800.0, 1000.0]])


@example(problem=EXTREME)
@draws(20, problem=activation_problems(scale=10.0))
def test_sigmoid_matches_torch(student, problem):
    V, Z = problem
    check_op(student, Call("sigmoid_forward", Z=Z), forward=torch.sigmoid, mistakes={
        "check the sign in the exponent: σ(z) = 1 / (1 + exp(-z))": quietly(lambda Z: 1 / (1 + np.exp(Z))),
        "e^z / (1 + e^z) is inf / inf = nan for z above about 709: use 1 / (1 + e^(-z)) for z ≥ 0 and "
        "e^z / (1 + e^z) only for z < 0": quietly(lambda Z: np.exp(Z) / (1 + np.exp(Z)))})
    check_call(student, Call("sigmoid_backward", V=V, Z=Z), vjp(torch.sigmoid), mistakes={
        PUBLIC.SIGMOID_OF_Z: lambda V, Z: V * Z * (1 - Z),
        "you returned σ'(Z) without multiplying it by the upstream gradient V":
            quietly(lambda V, Z: sigmoid(Z) * (1 - sigmoid(Z))),
        "the derivative is σ(Z) (1 - σ(Z)); you multiplied V by σ(Z) only": quietly(lambda V, Z: V * sigmoid(Z))})


@draws(20, problem=activation_problems())
def test_activation_backward_leaves_inputs_unchanged(student, problem):
    V, Z = problem
    for name in ("relu_backward", "sigmoid_backward"):
        check_unchanged(student, Call(name, V=V, Z=Z))


# ------------------------------------------------------------------ softmax cross-entropy


@st.composite
def classification_problems(draw, magnitude=20.0):
    n, k = draw(st.integers(1, 8)), draw(st.integers(2, 5))
    return draw(logits(rows=n, classes=k, magnitude=magnitude)), draw(labels(rows=n, classes=k))


def _cross_entropy(S, y, *, summed=False, no_mean=False, no_onehot=False, columns=False):
    """(loss, dS) of a known mistake: the loss summed, dS without the 1/n or the one-hot, the softmax by columns."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        shifted = S if columns else S - S.max(axis=1, keepdims=True)
        log_P = shifted - np.log(np.exp(shifted).sum(axis=0 if columns else 1, keepdims=True))
        n, Y = len(S), np.eye(S.shape[1])[y]
        return -log_P[np.arange(n), y].mean() * (n if summed else 1), (np.exp(log_P) - (0 if no_onehot else Y)) / (
            1 if no_mean else n)


def _torch_cross_entropy(y):
    return lambda S: F.cross_entropy(S, torch.as_tensor(y))


CROSS_ENTROPY_MISTAKES = {
    "the loss is summed over the batch; it is the mean over the n examples": {"summed": True},
    "the loss is summed over the batch and dS lacks the 1/n; both are means over the n examples": {
        "summed": True, "no_mean": True},
    PUBLIC.DS_WITHOUT_MEAN: {"no_mean": True},
    "the one-hot labels are not subtracted: dS = (softmax(S) - onehot(y)) / n": {"no_onehot": True},
    "softmax must normalise each row (one example) over the k classes, axis=1": {"columns": True},
}


def _check_cross_entropy(student, S, y):
    call = Call("softmax_cross_entropy", S=S, y=y)
    got = check_layout(call, call.run(student, hint="S has shape (n, k) and y holds n integer labels in 0..k-1"),
                       ("loss", "dS"))
    expected = torch_forward(_torch_cross_entropy(y), S), torch_vjp(_torch_cross_entropy(y), S)
    # a scalar loss crosses the channel as a Python float; judge it at the precision of dS
    check_result(call, got, expected, parts=("loss", "dS"), tol=tolerances.for_dtype(getattr(got[1], "dtype", None)),
                 mistakes=models(_cross_entropy, CROSS_ENTROPY_MISTAKES))


@draws(20, problem=classification_problems())
def test_softmax_cross_entropy_matches_torch(student, problem):
    _check_cross_entropy(student, *problem)


def test_softmax_cross_entropy_large_scores(student):
    S = np.array([[1000.0, 0.0, -1000.0], [-1000.0, 1000.0, 999.0], [800.0, 800.0, -5.0]])
    call = Call("softmax_cross_entropy", S=S, y=np.array([0, 2, 1]))
    loss, dS = check_layout(call, call.run(student), ("loss", "dS"))
    if not (np.isfinite(loss).all() and np.isfinite(dS).all()):
        raise call.failure(f"returned NaN or inf for scores of size 1000 (loss {loss!r}).", hint=(
            "exp(1000) overflows; subtract each row's maximum from S before exponentiating (softmax does not "
            "change) and compute the log of the softmax as shifted scores minus log-sum-exp"))
    _check_cross_entropy(student, *call.args)


# ------------------------------------------------------------------ mlp_forward


@draws(20, problem=mlp_problems())
def test_mlp_forward_matches_torch(student, reference, problem):
    """The scores against torch's network, the cache's (H, Z) pairs against the reference's."""
    flat = [array for pair in problem.params for array in pair]
    expected = (torch_forward(torch_mlp(problem.activation), problem.X, *flat),
                reference.mlp_forward(problem.X, problem.params, problem.activation)[1])
    check_call(student, problem.forward(), expected, parts=FORWARD, error_hint=SHAPE_HINT,
               mistakes=models(variant_forward, FORWARD_MISTAKES))


# ------------------------------------------------------------------ mlp_backward


@draws(30, problem=mlp_problems())
def test_mlp_backward_matches_torch(student, reference, problem):
    call, grads = student_gradients(student, reference, problem)
    flat = [array for pair in problem.params for array in pair]
    expected = torch_vjp(torch_mlp(problem.activation), problem.X, *flat, cotangent=problem.dS,
                         wrt=range(1, 1 + len(flat)))
    check_result(call, grads, list(zip(expected[::2], expected[1::2])), parts=GRADS,
                 mistakes=backward_mistakes(problem.activation))


@draws(15, problem=mlp_problems(depth=st.integers(1, 3), width=st.integers(1, 3), rows=st.integers(1, 4)))
def test_mlp_backward_matches_finite_differences(student, reference, problem):
    def loss(params):
        return reference.softmax_cross_entropy(reference.mlp_forward(problem.X, params, problem.activation)[0],
                                               problem.y)

    problem = replace(problem, dS=loss(problem.params)[1])  # the gradient of the mean cross-entropy loss
    hidden = [Z for _, Z in reference.mlp_forward(problem.X, problem.params, problem.activation)[1][:-1]]
    assume(problem.activation != "relu" or min([np.inf] + [np.abs(Z).min() for Z in hidden]) > 1e-3)  # no kink
    call, grads = student_gradients(student, reference, problem)
    check_finite_differences(call, grads, lambda params: loss(params)[0], problem.params, parts=GRADS,
                             mistakes=backward_mistakes(problem.activation), of="the mean cross-entropy loss")


def test_mlp_backward_uses_no_autograd(student, reference, code):
    by_hand(student, code, fixed_problem().backward(reference))
    check_numpy_only(code, "mlp_backward")  # the notebook: "from NumPy arrays and nothing else"


@draws(10, problem=mlp_problems(depth=st.integers(2, 3)))
def test_mlp_backward_leaves_inputs_unchanged(student, reference, problem):
    check_unchanged(student, problem.backward(reference))


@draws(10, widths=layer_widths(depth=st.integers(2, 3), width=st.integers(2, 5)), weight=st.floats(0.1, 1.0),
       n=st.integers(1, 6), seed=st.integers(0, 2**16), activation=st.sampled_from(["relu", "sigmoid"]))
def test_mlp_backward_keeps_constant_weights_symmetric(student, reference, widths, weight, n, seed, activation):
    """Hidden units that are identical get identical gradients (equal columns of dW, equal entries of db)."""
    rng = np.random.default_rng(seed)
    # hidden layers: every weight equal; output layer: every hidden unit sends the same (random) weights
    params = [(np.full((a, b), weight), np.zeros(b)) for a, b in zip(widths[:-2], widths[1:-1])]
    params.append((np.tile(rng.standard_normal((1, widths[-1])), (widths[-2], 1)), np.zeros(widths[-1])))
    call, grads = student_gradients(student, reference, MLPProblem(
        widths, params, rng.standard_normal((n, widths[0])), rng.standard_normal((n, widths[-1])), None, activation))
    tol = tolerances.FLOAT64
    for layer in range(len(params) - 1):  # every hidden layer; the output units differ through dS
        dW, db = map(np.asarray, grads[layer])
        if not all(np.allclose(g, g[..., :1], rtol=tol.rtol, atol=tol.atol) for g in (dW, db)):
            raise call.failure(
                f"with every hidden weight equal to {weight!r}, equal rows in the last W and every bias 0, the hidden "
                f"units of layer {layer + 1} received different gradients:\n  dW = {dW!r}\n  db = {db!r}", hint=(
                    "identical units compute identical outputs and must get identical gradients (the columns of dW "
                    "and the entries of db are all equal); a difference means some step mixes up units, e.g. a "
                    "transposed product"))


# ------------------------------------------------------------------ count_parameters


@draws(20, widths=st.lists(st.integers(1, 3000), min_size=2, max_size=6))
def test_count_parameters_matches_formula(student, reference, widths):
    call = Call("count_parameters", widths=widths)
    got = call.run(student)
    if isinstance(got, bool) or not isinstance(got, int):
        raise call.failure(f"returned {show(got)}, a {type(got).__name__}; the notebook asks for an int (a count of "
                           "parameters is a whole number).", hint="add up a * b + b with integers, or convert the "
                                                                  "result with int(...)")
    check_result(call, got, reference.count_parameters, mistakes={
        "the biases are missing: each layer also has one bias per output unit, d·p + p + p·k + k":
            lambda w: sum(a * b for a, b in zip(w[:-1], w[1:])),
        "each layer has one bias per output unit, not per input unit":
            lambda w: sum(a * b + a for a, b in zip(w[:-1], w[1:]))})


# ------------------------------------------------------------------ init_mlp


def test_init_mlp_scale(student):
    """Every layer's weights have mean 0 and the spread of Xavier, LeCun or He initialization (±25%)."""
    call = Call("init_mlp", widths=[64, 128, 64, 10], seed=0)
    widths = call.inputs["widths"]
    params = check_layout(call, call.run(student), per_layer("params"), layers=3)
    for layer, ((W, _), fan_in, fan_out) in enumerate(zip(params, widths, widths[1:]), start=1):
        W = np.asarray(W, dtype=np.float64)
        scales = [np.sqrt(2 / (fan_in + fan_out)), np.sqrt(1 / fan_in), np.sqrt(2 / fan_in)]  # Xavier, LeCun, He
        low, high, std, mean = 0.75 * min(scales), 1.25 * max(scales), float(W.std()), float(W.mean())
        if low <= std <= high and abs(mean) <= 0.2 * std:
            continue
        raise call.failure(f"the weights of layer {layer} ({fan_in} -> {fan_out}) have mean {mean:.3g} and standard "
                           f"deviation {std:.3g}; expected mean 0 and a standard deviation between {low:.3g} and "
                           f"{high:.3g}.", hint=PUBLIC.EQUAL_WEIGHTS if np.ptp(W) == 0 else (
                               "the weights should be centred on 0 (a normal N(0, s²) or a uniform on [-a, a])"
                           ) if abs(mean) > 0.2 * std else (
                               "the weights are not scaled: a standard normal has standard deviation 1; multiply it "
                               "by sqrt(2 / fan_in) (He) or sqrt(2 / (fan_in + fan_out)) (Xavier)"
                           ) if abs(std - 1) < 0.1 else (
                               "the scale must shrink as the layer gets wider: use sqrt(2 / fan_in) (He) or "
                               "sqrt(2 / (fan_in + fan_out)) (Xavier) as the standard deviation"))


@draws(15, widths=layer_widths(depth=st.integers(1, 3), width=st.integers(2, 8)),
       seed=st.integers(0, 2**16))
def test_init_mlp_breaks_symmetry(student, widths, seed):
    call = Call("init_mlp", widths=widths, seed=seed)
    params = check_layout(call, call.run(student), per_layer("params"), layers=len(widths) - 1)
    for layer, (W, _) in enumerate(params, start=1):
        W = np.asarray(W)
        if np.unique(W.T, axis=0).shape[0] < W.shape[1]:
            raise call.failure(f"two hidden units of layer {layer} have identical weights (equal columns of W):\n"
                               f"  W = {W!r}", hint="units that start equal compute the same output and get the same "
                                                    "gradient, so they stay equal for ever; draw every weight at random")
    check_reproducible(call, params, call.run(student), parts=per_layer("params"), hint="draw from "
                       "np.random.default_rng(seed), not from the global random state, so runs are reproducible")


# ------------------------------------------------------------------ sgd_momentum_step


@st.composite
def momentum_problems(draw):
    widths = draw(layer_widths(depth=st.integers(1, 3), width=st.integers(1, 4)))
    params, grads, velocities = (draw(mlp_parameters(widths=widths)) for _ in range(3))
    return params, grads, velocities, draw(st.floats(1e-3, 1.0)), draw(st.floats(0.0, 0.99))


def momentum_rule(update):
    """sgd_momentum_step with ``update(p, g, v, lr, momentum) -> (new p, new v)`` on every array."""
    def step(params, grads, velocities, lr, momentum):
        new = [[update(p, g, v, lr, momentum) for p, g, v in zip(*layer)] for layer in zip(params, grads, velocities)]
        return [[p for p, _ in layer] for layer in new], [[v for _, v in layer] for layer in new]
    return step


MOMENTUM_MISTAKES = {
    "the velocity is an average: v <- momentum v + (1 - momentum) g; the factor (1 - momentum) on g is missing":
        momentum_rule(lambda p, g, v, lr, m: (p - lr * (m * v + g), m * v + g)),
    "momentum and (1 - momentum) are swapped: v <- momentum v + (1 - momentum) g":
        momentum_rule(lambda p, g, v, lr, m: (p - lr * ((1 - m) * v + m * g), (1 - m) * v + m * g)),
    PUBLIC.RAW_GRADIENT_STEP: momentum_rule(lambda p, g, v, lr, m: (p - lr * g, m * v + (1 - m) * g)),
    PUBLIC.OLD_VELOCITY_STEP: momentum_rule(lambda p, g, v, lr, m: (p - lr * v, m * v + (1 - m) * g)),
}


@draws(20, problem=momentum_problems())
def test_sgd_momentum_step_matches_definition(student, reference, problem):
    call = Call("sgd_momentum_step", **dict(zip(("params", "grads", "velocities", "lr", "momentum"), problem)))
    check_call(student, call, reference.sgd_momentum_step, mistakes=MOMENTUM_MISTAKES,
               parts=(per_layer("new_params"), per_layer("new_velocities")),
               order=("new_velocities",))  # the velocities first: a wrong one moves its parameter wrongly


# ------------------------------------------------------------------ train_mlp


def check_training(student, reference, X, y, widths, *, min_accuracy, **settings):
    """train_mlp reaches ``min_accuracy`` on (X, y) and its loss goes down."""
    call = Call("train_mlp", X=X, y=y, widths=widths).with_keywords(**settings)
    params, losses = train(student, call, shapes=True)
    S, _ = reference.mlp_forward(X, [(np.asarray(W, float), np.asarray(b, float)) for W, b in params],
                                 settings["activation"])
    accuracy = float(np.mean(S.argmax(axis=1) == y))
    if accuracy < min_accuracy or not losses[-1] < losses[0]:
        raise call.failure(f"reached a training accuracy of {accuracy:.1%} (loss {losses[0]:.4g} in the first epoch, "
                           f"{losses[-1]:.4g} in the last); expected at least {min_accuracy:.0%} and a loss that goes "
                           "down.", hint=PUBLIC.TRAINING_PIECES)


def test_train_mlp_solves_xor_from_other_seeds(student, reference):
    for seed, activation in ((1, "relu"), (2, "relu"), (3, "sigmoid")):
        check_training(student, reference, PUBLIC.XOR_X, PUBLIC.XOR_Y, [2, 32, 2], min_accuracy=1.0,
                       **{**PUBLIC.XOR_SETTINGS, "activation": activation}, seed=seed)


def test_train_mlp_learns_rings(student, reference):
    X, y = rings(200, seed=7)
    check_training(student, reference, X, y, [2, 16, 2], min_accuracy=0.97, activation="relu", lr=0.5, momentum=0.9,
                   batch_size=20, epochs=60, seed=0)


def test_train_mlp_uses_no_autograd(student, code):
    by_hand(student, code, Call("train_mlp", X=PUBLIC.XOR_X, y=PUBLIC.XOR_Y, widths=[2, 8, 2]).with_keywords(
        **{**PUBLIC.XOR_SETTINGS, "epochs": 5}, seed=0))
    check_numpy_only(code, "train_mlp")  # the notebook: "from NumPy arrays and nothing else"


# ------------------------------------------------------------------ train_mlp, step by step


def test_train_mlp_is_reproducible(student):
    call = TRAINING_CASES[0]
    check_reproducible(call, train(student, call), train(student, call), parts=(per_layer("params"), "losses"),
                       order=("losses",), hint="every random choice must come from the seed: shuffle with rng = "
                       "np.random.default_rng(seed) (made once, before the first epoch), not with np.random.shuffle, "
                       "np.random.permutation or an unseeded default_rng()")


def test_train_mlp_follows_the_recipe(student, reference):
    """The losses and trained parameters against the recipe replayed from the student's own init_mlp."""
    for call in TRAINING_CASES:
        init = Call("init_mlp", widths=call.inputs["widths"], seed=call.inputs["seed"])
        initial = [(np.asarray(W, dtype=np.float64), np.asarray(b, dtype=np.float64)) for W, b in check_layout(
            init, init.run(student), per_layer("params"), layers=len(call.inputs["widths"]) - 1)]
        params, losses = train(student, call)
        with built_on(student, reference, pieces(reference, call, initial), user="train_mlp", hint=RECIPE_HINT) as tol:
            want = replayed(reference, call, initial, losses, params, tol or tolerances.FLOAT64)
            against = call.but(against=Shown(None, "the recipe replayed from your init_mlp(widths, seed) in the "
                                                   "epochs' orders your losses show"))
            check_result(against, params, want, parts=per_layer("params"), tol=tol)
