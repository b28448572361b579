"""Public self-checks for a6: hand-computed values, and torch as the oracle.

Students run these from their notebook; the grader runs them too. They use
known answers or torch's autograd only (no reference solution), so they can
be shipped.
"""

import numpy as np
import torch

from autograder.checks import CheckFailure, check_close, torch_vjp

X = np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 0.5]])  # n = 3 examples, c = 2 features
W = np.array([[1.0, 0.0, -1.0], [2.0, 1.0, 0.0]])  # (c, c') = (2, 3)
b = np.array([0.5, -1.0, 0.0])
#: A square W (c = c' = 2), tried first: W and Wᵀ then have the same shape, so using one for the other gives
#: wrong values (and a hint) rather than a shape error.
W_SQUARE, b_SQUARE = np.array([[1.0, 2.0], [0.0, -1.0]]), np.array([0.5, -0.5])

# The hints of the mistakes these checks recognise. The hidden tests give the same hints (they import them from here).
W_TRANSPOSED = "W is used transposed: with W of shape (c, c') the layer computes X @ W + b"
DX_UNTRANSPOSED = "dX is V Wᵀ: you multiplied V by W without transposing it"
DW_TRANSPOSED = "dW looks transposed: it has the shape of W, (c, c'), and equals Xᵀ V"
NOT_SUMMED = ("the bias gradient is not summed over the batch: every row of the batch uses the same b, so db adds up "
              "V over the rows, V.sum(axis=0)")
RELU_PASSES_EVERYTHING = ("the gradient passes through the ReLU unchanged, as if the mask were taken from the "
                          "output with relu(Z) >= 0, which holds everywhere: the mask must come from the "
                          "pre-activation, Z > 0")
RELU_KINK = ("at the kink Z = 0 follow torch's convention: the gradient of ReLU there is 0, so the mask is "
             "Z > 0, not Z >= 0")
SIGMOID_OF_Z = ("you computed Z (1 - Z) from the pre-activation: the derivative is σ(Z) (1 - σ(Z)), so apply the "
                "sigmoid to Z first")
DS_WITHOUT_MEAN = ("dS is missing the 1/n: the loss is the mean over the n examples, so dS = "
                   "(softmax(S) - onehot(y)) / n")
SKIPS_ACTIVATION = ("the gradient skips the activation: multiply it by the activation's derivative at the "
                    "pre-activation Z before going through each hidden layer's VJPs")
RELU_NO_MASK = " (for ReLU the mask Z > 0; relu(Z) >= 0 holds everywhere, so it is no mask)"
BACKWARD_DW_TRANSPOSED = ("the weight gradient looks transposed: dW = Hᵀ V where H is the layer's input, "
                          "with the shape of W")
BACKWARD_DB_MEAN = "the bias gradient is averaged over the batch; it is the sum of V over the rows"
BACKWARD_DX_UNTRANSPOSED = "the gradient sent to the layer below must be V Wᵀ; you multiplied by W untransposed"
EQUAL_WEIGHTS = ("every weight of the layer is equal, so all its units compute the same thing and get the same "
                 "gradient; draw the weights at random")
RAW_GRADIENT_STEP = "the step uses the raw gradient: update p <- p - lr v with the new velocity v"
OLD_VELOCITY_STEP = "the step uses the old velocity: first update v, then p <- p - lr v with the new v"
LAST_ACTIVATION = "the activation is applied after the last layer too: the scores are the last layer's H W + b"
NO_ACTIVATION = "the activation is missing between the layers"
UPDATE_KEEPS_SHAPE = "every update must keep the shape of its parameter; check the shapes of your gradients"
TRAINING_PIECES = ("train_mlp uses every piece above; make sure each passes its own checks, that every layer's W and "
                   "b are updated, and that each epoch visits every example")
NOT_FINITE = ("nan or inf means the loss overflowed or training diverged; check softmax_cross_entropy on large scores "
              "and the update p <- p - lr v")


def _pairs(value, what):
    """``value`` as a list of (W, b) pairs, or a failure saying what came back instead."""
    if not isinstance(value, (list, tuple)) or not all(isinstance(p, (list, tuple)) and len(p) == 2 for p in value):
        raise CheckFailure(f"{what} must be a list of (W, b) pairs, one per layer; got {type(value).__name__}")
    return [(np.asarray(w), np.asarray(v)) for w, v in value]


def test_linear_forward_known_values(student):
    # X W with the square W: row 1 = [1 + 0, 2 - 2] = [1, 0], then + b; X Wᵀ would give row 1 = [1 + 4, 0 - 2] + b
    check_close(student.linear_forward(X, W_SQUARE, b_SQUARE), [[1.5, -0.5], [0.5, 0.5], [3.5, 5.0]],
                call="linear_forward(X, W, b)", inputs={"X": X, "W": W_SQUARE, "b": b_SQUARE},
                mistakes={W_TRANSPOSED: [[5.5, -2.5], [-1.5, 0.5], [4.5, -1.0]]})
    # X W: row 1 = [1 + 4, 0 + 2, -1 + 0] = [5, 2, -1]; then + b
    expected = np.array([[5.5, 1.0, -1.0], [-1.5, -2.0, 0.0], [4.5, -0.5, -3.0]])
    check_close(student.linear_forward(X, W, b), expected, call="linear_forward(X, W, b)",
                inputs={"X": X, "W": W, "b": b})


def _three_gradients(student, V, X, W):
    got = student.linear_backward(V, X, W)
    if not isinstance(got, (list, tuple)) or len(got) != 3:
        raise CheckFailure("linear_backward(V, X, W) must return the three gradients (dX, dW, db)")
    return got


def test_linear_backward_known_values(student):
    # With the square W first: dX = V Wᵀ, dW = Xᵀ V; V W and (Xᵀ V)ᵀ are the two transposition mistakes.
    V = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, -1.0]])
    got = _three_gradients(student, V, X, W_SQUARE)
    inputs = {"V": V, "X": X, "W": W_SQUARE}
    check_close(got[0], [[1.0, 0.0], [2.0, -1.0], [-1.0, 1.0]], call="dX of linear_backward(V, X, W)", inputs=inputs,
                mistakes={DX_UNTRANSPOSED: [[1.0, 2.0], [0.0, -1.0], [1.0, 3.0]]})
    check_close(got[1], [[4.0, -3.0], [2.5, -1.5]], call="dW of linear_backward(V, X, W)", inputs=inputs,
                mistakes={DW_TRANSPOSED: [[4.0, 2.5], [-3.0, -1.5]]})
    V = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, -1.0], [1.0, 2.0, 1.0]])  # upstream gradient, shape (n, c')
    got = _three_gradients(student, V, X, W)
    inputs = {"V": V, "X": X, "W": W}
    # dX = V Wᵀ, dW = Xᵀ V, db = column sums of V
    check_close(got[0], [[-1.0, 2.0], [1.0, 1.0], [0.0, 4.0]], call="dX of linear_backward(V, X, W)", inputs=inputs)
    check_close(got[1], [[4.0, 6.0, 5.0], [2.5, 0.0, 5.5]], call="dW of linear_backward(V, X, W)", inputs=inputs)
    if np.shape(got[2]) == V.shape:
        raise CheckFailure(f"db of linear_backward(V, X, W) has the shape of V, (3, 3); expected (3,).\nhint: {NOT_SUMMED}")
    check_close(got[2], [2.0, 3.0, 2.0], call="db of linear_backward(V, X, W)", inputs=inputs)


def test_relu_known_values(student):
    Z = np.array([[-2.0, 0.0, 3.0], [0.5, -0.1, 0.0]])
    V = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    check_close(student.relu_forward(Z), [[0.0, 0.0, 3.0], [0.5, 0.0, 0.0]], call="relu_forward(Z)", inputs={"Z": Z})
    # the gradient passes where Z > 0 and is 0 elsewhere, including at Z = 0 (torch's convention)
    check_close(student.relu_backward(V, Z), [[0.0, 0.0, 3.0], [4.0, 0.0, 0.0]], call="relu_backward(V, Z)",
                inputs={"V": V, "Z": Z}, mistakes={RELU_PASSES_EVERYTHING: V, RELU_KINK: [[0.0, 2.0, 3.0], [4.0, 0.0, 6.0]]})


def test_sigmoid_known_values(student):
    Z = np.array([[0.0, np.log(3.0), -np.log(3.0)]])
    V = np.array([[2.0, 1.0, -4.0]])
    check_close(student.sigmoid_forward(Z), [[0.5, 0.75, 0.25]], call="sigmoid_forward(Z)", inputs={"Z": Z})
    # σ'(z) = σ(z)(1 - σ(z)) = [0.25, 0.1875, 0.1875], times V
    check_close(student.sigmoid_backward(V, Z), [[0.5, 0.1875, -0.75]], call="sigmoid_backward(V, Z)",
                inputs={"V": V, "Z": Z}, mistakes={SIGMOID_OF_Z: V * Z * (1 - Z)})


def test_softmax_cross_entropy_known_values(student):
    S = np.log(np.array([[0.2, 0.7, 0.1], [0.5, 0.25, 0.25]]))  # scores whose softmax is these probabilities
    y = np.array([1, 0])
    got = student.softmax_cross_entropy(S, y)
    if not isinstance(got, (list, tuple)) or len(got) != 2:
        raise CheckFailure("softmax_cross_entropy(S, y) must return (loss, dS)")
    inputs = {"S": S, "y": y}
    check_close(got[0], (-np.log(0.7) - np.log(0.5)) / 2, call="the loss of softmax_cross_entropy(S, y)",
                inputs=inputs)
    # (softmax(S) - onehot(y)) / n with n = 2
    check_close(got[1], np.array([[0.2, -0.3, 0.1], [-0.5, 0.25, 0.25]]) / 2,
                call="dS of softmax_cross_entropy(S, y)", inputs=inputs,
                mistakes={DS_WITHOUT_MEAN: np.array([[0.2, -0.3, 0.1], [-0.5, 0.25, 0.25]])})


# A small ReLU network: 2 inputs -> 2 hidden units -> 2 scores, and what its forward pass computes.
X_SMALL = np.array([[1.0, 2.0], [-1.0, 0.0]])
PARAMS_SMALL = [(np.array([[1.0, -1.0], [0.0, 1.0]]), np.array([0.5, 0.5])),
                (np.array([[1.0, 0.0], [-1.0, 2.0]]), np.array([0.0, 1.0]))]
Z1_SMALL = np.array([[1.5, 1.5], [-0.5, 1.5]])  # X W1 + b1
H1_SMALL = np.array([[1.5, 1.5], [0.0, 1.5]])  # relu(Z1)
S_SMALL = np.array([[0.0, 4.0], [-1.5, 4.0]])  # H1 W2 + b2
CACHE_SMALL = [(X_SMALL, Z1_SMALL), (H1_SMALL, S_SMALL)]  # (input, pre-activation) of each layer
#: What mlp_backward's common mistakes return for the upstream gradient dS of the check below, by layer (from 0) and
#: part (0 for dW, 1 for db); each mistake changes only the entries listed.
BACKWARD_MISTAKES_SMALL = {
    SKIPS_ACTIVATION + RELU_NO_MASK: {(0, 0): [[0.5, -6.5], [2.0, -6.0]], (0, 1): [1.5, 0.5]},
    BACKWARD_DB_MEAN: {(1, 1): [0.75, 0.5], (0, 1): [0.5, 0.25]},
    BACKWARD_DW_TRANSPOSED: {(1, 0): [[1.5, 2.25], [-1.5, 1.5]], (0, 0): [[1.0, 2.0], [-6.5, -6.0]]},
    BACKWARD_DX_UNTRANSPOSED: {(0, 0): [[2.0, -6.0], [4.0, -4.0]], (0, 1): [2.0, 2.0]},
}


def test_mlp_forward_known_values(student):
    got = student.mlp_forward(X_SMALL, PARAMS_SMALL, "relu")
    call = "mlp_forward(X, params, 'relu')"
    inputs = {"X": X_SMALL, "params": PARAMS_SMALL}
    if not isinstance(got, (list, tuple)) or len(got) != 2:
        raise CheckFailure(f"{call} must return (S, cache)")
    check_close(got[0], S_SMALL, call=f"the scores S of {call}", inputs=inputs, mistakes={
        W_TRANSPOSED: [[0.0, 6.0], [0.0, 2.0]], LAST_ACTIVATION: [[0.0, 4.0], [0.0, 4.0]],
        NO_ACTIVATION: [[0.0, 4.0], [-2.0, 4.0]]})
    cache = _pairs(got[1], f"the cache of {call}")
    if len(cache) != 2:
        raise CheckFailure(f"the cache of {call} must hold one (H, Z) pair per layer (2 here), got {len(cache)}")
    for layer, ((H, Z), (want_H, want_Z)) in enumerate(zip(cache, CACHE_SMALL)):
        check_close(H, want_H, call=f"cache[{layer}][0], the input of layer {layer + 1}, from {call}", inputs=inputs)
        check_close(Z, want_Z, call=f"cache[{layer}][1], the pre-activation of layer {layer + 1}, from {call}",
                    inputs=inputs)


def _torch_scores(X, W1, b1, W2, b2):
    """The same network written with torch operations, for autograd to differentiate."""
    return torch.relu(X @ W1 + b1) @ W2 + b2


def test_mlp_backward_matches_torch_on_a_small_network(student):
    dS = np.array([[1.0, -1.0], [0.5, 2.0]])
    flat = [a for pair in PARAMS_SMALL for a in pair]
    grads = _pairs(student.mlp_backward(dS, PARAMS_SMALL, CACHE_SMALL, "relu"), "mlp_backward's result")
    if len(grads) != 2:
        raise CheckFailure(f"mlp_backward must return one (dW, db) pair per layer (2 here), got {len(grads)}")
    expected = torch_vjp(_torch_scores, X_SMALL, *flat, cotangent=dS, wrt=(1, 2, 3, 4))
    inputs = {"X": X_SMALL, "params": PARAMS_SMALL, "dS": dS}
    for layer in (1, 0):  # from the output down: the first wrong layer is where the mistake is
        for which, name in ((0, "W"), (1, "b")):
            call = f"the gradient of {name} in layer {layer + 1} from mlp_backward(dS, params, cache, 'relu')"
            want = expected[2 * layer + which]
            if which == 1 and np.shape(grads[layer][which]) == dS.shape != want.shape:
                raise CheckFailure(f"{call} has the shape of dS, {dS.shape}; expected {tuple(want.shape)}.\n"
                                   f"hint: {NOT_SUMMED}")
            check_close(grads[layer][which], want, inputs=inputs, call=call, mistakes={
                hint: values[layer, which] for hint, values in BACKWARD_MISTAKES_SMALL.items() if (layer, which) in values})


def test_count_parameters_known_values(student):
    for widths, expected in [([100, 2000, 10], 222_010), ([3, 4], 16), ([2, 3, 3, 1], 25)]:
        check_close(student.count_parameters(widths), expected, call="count_parameters(widths)",
                    inputs={"widths": widths})


def test_init_mlp_shapes(student):
    widths = [3, 5, 2]
    params = _pairs(student.init_mlp(widths, 0), "init_mlp(widths, seed)")
    if len(params) != 2:
        raise CheckFailure(f"init_mlp({widths}, 0) returned {len(params)} layers, expected 2")
    for layer, ((W_l, b_l), fan_in, fan_out) in enumerate(zip(params, widths[:-1], widths[1:]), start=1):
        if W_l.shape != (fan_in, fan_out) or b_l.shape != (fan_out,):
            raise CheckFailure(f"init_mlp({widths}, 0): layer {layer} has W of shape {W_l.shape} and b of shape "
                               f"{b_l.shape}; expected {(fan_in, fan_out)} and {(fan_out,)}")
        if np.ptp(W_l) == 0:
            raise CheckFailure(f"init_mlp({widths}, 0): every weight of layer {layer} is equal.\nhint: {EQUAL_WEIGHTS}")
        if np.any(b_l != 0):
            raise CheckFailure(f"init_mlp({widths}, 0): the biases of layer {layer} are {b_l}; they start at 0 "
                               "(the random weights already make the units differ)")


def test_sgd_momentum_step_known_values(student):
    params = [(np.array([[1.0, 2.0]]), np.array([0.5]))]
    grads = [(np.array([[0.1, -0.2]]), np.array([1.0]))]
    velocities = [(np.array([[0.0, 1.0]]), np.array([0.0]))]
    got = student.sgd_momentum_step(params, grads, velocities, 0.1, 0.9)
    if not isinstance(got, (list, tuple)) or len(got) != 2:
        raise CheckFailure("sgd_momentum_step must return (new_params, new_velocities)")
    new_params, new_velocities = _pairs(got[0], "new_params"), _pairs(got[1], "new_velocities")
    inputs = {"params": params, "grads": grads, "velocities": velocities, "lr": 0.1, "momentum": 0.9}
    call = "sgd_momentum_step(params, grads, velocities, lr=0.1, momentum=0.9)"
    # v = 0.9 v + 0.1 g = [0.01, 0.88] and [0.1];  p = p - 0.1 v
    check_close(new_velocities[0][0], [[0.01, 0.88]], call=f"the new velocity of W from {call}", inputs=inputs)
    check_close(new_velocities[0][1], [0.1], call=f"the new velocity of b from {call}", inputs=inputs)
    # the raw gradient instead gives p - 0.1 g, the old velocity p - 0.1 v_old
    check_close(new_params[0][0], [[0.999, 1.912]], call=f"the new W from {call}", inputs=inputs,
                mistakes={RAW_GRADIENT_STEP: [[0.99, 2.02]], OLD_VELOCITY_STEP: [[1.0, 1.9]]})
    check_close(new_params[0][1], [0.49], call=f"the new b from {call}", inputs=inputs,
                mistakes={RAW_GRADIENT_STEP: [0.4], OLD_VELOCITY_STEP: [0.5]})


XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([0, 1, 1, 0])
XOR_SETTINGS = {"activation": "relu", "lr": 0.5, "momentum": 0.9, "batch_size": 2, "epochs": 500}


def test_train_mlp_solves_xor(student):
    widths = [2, 32, 2]
    got = student.train_mlp(XOR_X, XOR_Y, widths, seed=0, **XOR_SETTINGS)
    settings = ", ".join(f"{k}={v!r}" for k, v in XOR_SETTINGS.items())
    call = f"train_mlp(X_xor, y_xor, {widths}, seed=0, {settings})"
    if not isinstance(got, (list, tuple)) or len(got) != 2:
        raise CheckFailure(f"{call} must return (params, losses)")
    params, losses = _pairs(got[0], "the trained params"), np.asarray(got[1])
    for layer, ((W_l, b_l), fan_in, fan_out) in enumerate(zip(params, widths[:-1], widths[1:]), start=1):
        if W_l.shape != (fan_in, fan_out) or b_l.shape != (fan_out,):
            raise CheckFailure(f"{call} returned W of shape {W_l.shape} and b of shape {b_l.shape} for layer {layer}; "
                               f"expected {(fan_in, fan_out)} and {(fan_out,)}.\nhint: {UPDATE_KEEPS_SHAPE}")
    if losses.shape != (500,):
        raise CheckFailure(f"{call} returned losses of shape {losses.shape}; expected one loss per epoch, (500,)")
    if not np.isfinite(losses.astype(np.float64)).all():
        first = int(np.flatnonzero(~np.isfinite(losses.astype(np.float64)))[0])
        raise CheckFailure(f"{call} returned losses that are not finite: losses[{first}] = {losses[first]!r}.\n"
                           f"hint: {NOT_FINITE}")
    S, _ = student.mlp_forward(XOR_X, params, "relu")
    predicted = np.asarray(S).argmax(axis=1)
    if not (predicted == XOR_Y).all():
        raise CheckFailure(f"{call}\nclassifies XOR as {predicted.tolist()}, expected {XOR_Y.tolist()} "
                           f"(loss went from {losses[0]:.4g} to {losses[-1]:.4g}).\nhint: {TRAINING_PIECES}")
