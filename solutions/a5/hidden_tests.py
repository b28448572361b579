"""Hidden tests for a5 (secret: never shipped to students).

torch is the oracle (``torch.nn.functional``, ``torch.autograd``, finite differences), in float64, on logits up to
±1000. Student functions get tensors and must return tensors (the ECE may be a float); mistake models are
functions of the call's tensors or multiples of the right gradient.
"""

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import assume

from autograder.checks import (central_difference, check_close, check_dtype, check_gradient, check_shape,
                               check_vectorized)
from autograder.checks.returns import check_losses, check_tuple
from autograder.checks.static import check_from_scratch
from autograder.testkit import (CheckFailure, Call, built_on, by_hand, check_call, check_result, draws, example,
                                st, tolerances)
from autograder.testkit.strategies import arrays, floats, labels, logits

#: Library routines that would do the work the graded functions are meant to do themselves.
LIBRARY_ROUTINES = {"sigmoid", "expit", "logsigmoid", "softplus", "logaddexp", "softmax", "log_softmax", "logsumexp",
                    "cross_entropy", "nll_loss", "binary_cross_entropy", "binary_cross_entropy_with_logits"}


def T(values, dtype=torch.float64):
    return torch.tensor(np.asarray(values), dtype=dtype)


def from_scratch(student, code, call, *, vectorized=False):
    """``call`` runs (so a stub earns nothing), vectorized if asked, and no library routine does the work."""
    if vectorized:
        check_vectorized(code, getattr(student, call.function), *call.args)
    else:
        call.run(student)
    check_from_scratch(code, call.function, LIBRARY_ROUTINES)


def binary_labels(n):
    return arrays(shape=(n,), low=0.0, high=1.0).map(np.round)


def classification_batches(*, magnitude=50.0, rows=None, classes=None):
    return logits(rows=rows, classes=classes, magnitude=magnitude).flatmap(
        lambda Z: labels(rows=Z.shape[0], classes=Z.shape[1]).map(lambda y: (Z, y)))


@draws(20, z=arrays(shape=st.one_of(st.tuples(st.integers(0, 12)), st.tuples(st.integers(1, 4), st.integers(1, 4))),
                    low=-30.0, high=30.0))
def test_sigmoid_matches_definition(student, z):
    check_call(student, Call("sigmoid", z=T(z)), torch.sigmoid, mistakes={
        "you computed σ(−z) = 1 / (1 + e^z) (or swapped the branches: 1 / (1 + e^(−|z|)) is σ(z) for z ≥ 0, "
        "e^(−|z|) / (1 + e^(−|z|)) for z < 0); the sigmoid is 1 / (1 + e^(−z))": lambda z: torch.sigmoid(-z)})


def test_sigmoid_keeps_precision_in_the_tails(student, reference):
    z = np.r_[np.linspace(-1000.0, 1000.0, 401), -745.0, -709.0, -100.0, -50.0, -40.0, -37.0, 37.0, 40.0, 710.0]
    call = Call("sigmoid", z=T(z))
    got = check_shape(call.run(student), z.shape, call=call.text, inputs=call.shown)
    want = call.apply(reference.sigmoid).numpy()
    for lost, hint in ((~np.isfinite(got), "exp overflows to inf for arguments above about 709, and inf / inf is nan; "
                        "only ever exponentiate −|z|"),
                       ((got == 0) & (want > 1e-300), "your formula computes a tiny probability as 1 minus a number "
                        "close to 1 (as (1 + tanh(z/2)) / 2 or 1 − σ(−z) do) and loses every digit; σ(−40) ≈ 4e-18, "
                        "not 0. For z < 0 use e^z / (1 + e^z), which has no subtraction")):
        if lost.any():
            i = np.flatnonzero(lost)[-1]
            raise call.failure(f"returned {got[i]} for z = {z[i]:g}, where σ(z) ≈ {want[i]:.6g}.", hint=hint)
    check_result(call, got, reference.sigmoid, tol=tolerances.TAIL_PROBABILITY)  # judged by relative error


def test_sigmoid_is_vectorized_and_from_scratch(student, code):
    from_scratch(student, code, Call("sigmoid", z=torch.zeros(3, dtype=torch.float64)), vectorized=True)


SUM_NOT_MEAN = "you returned the sum over the examples; the loss is their mean"


@draws(20, p=arrays(shape=st.tuples(st.integers(1, 12)), low=1e-3, high=1 - 1e-3), data=st.data())
def test_bce_matches_definition(student, p, data):
    check_call(student, Call("bce", p=T(p), y=T(data.draw(binary_labels(len(p))))), F.binary_cross_entropy, mistakes={
        SUM_NOT_MEAN: lambda p, y: F.binary_cross_entropy(p, y, reduction="sum"),
        "only the term of label 1 is there: add (1 − y) log(1 − p)": lambda p, y: torch.mean(-y * torch.log(p))})


@draws(20, z=arrays(shape=st.tuples(st.integers(1, 12)), low=-1000.0, high=1000.0), data=st.data())
def test_bce_with_logits_matches_torch(student, z, data):
    call = Call("bce_with_logits", z=T(z), y=T(data.draw(binary_labels(len(z)))))
    try:
        check_call(student, call, F.binary_cross_entropy_with_logits, mistakes={
            SUM_NOT_MEAN: lambda z, y: torch.sum(torch.logaddexp(z, 0 * z) - y * z),
            "the sign of y z is flipped: the loss per example is log(1 + e^z) − y z":
                lambda z, y: torch.mean(torch.logaddexp(z, 0 * z) + y * z)})
    except CheckFailure as failure:
        if "hint:" in str(failure) or np.max(np.abs(z)) < 20:
            raise
        raise CheckFailure(f"{failure}\nhint: for large |z|, σ(z) is within rounding of 0 or 1, so going through σ "
                           "and log loses digits (or gives inf); compute max(z, 0) + log1p(exp(−|z|)) − y z from the "
                           "logits directly") from None


def test_bce_with_logits_is_from_scratch(student, code):
    from_scratch(student, code, Call("bce_with_logits", z=T([0.0, 0.0]), y=T([1.0, 1.0])))


@st.composite
def logistic_problems(draw):
    m, d = draw(st.integers(1, 10)), draw(st.integers(1, 4))
    X = draw(arrays(shape=(m, d), low=-3.0, high=3.0))
    return X, draw(binary_labels(m)), draw(arrays(shape=(d,), low=-3.0, high=3.0)), draw(floats(low=-3.0, high=3.0))


def logistic_gradient_call(X, y, w, b):
    return Call("logistic_gradient", X=T(X), y=T(y), w=T(w), b=b)


@draws(20, problem=logistic_problems())
@example(problem=(np.array([[1.0, 2.0], [-1.0, 0.5], [0.5, -1.5]]), np.array([1.0, 0.0, 1.0]), np.array([0.3, -0.2]),
                  0.1))  # shrinking ends on X = 0, where one wrong grad_b fits two mistakes: here each has its numbers
def test_logistic_gradient_matches_autograd(student, problem):
    X, y, w, b = map(T, problem)
    expected = torch.func.grad(lambda w, b: F.binary_cross_entropy_with_logits(X @ w + b, y), argnums=(0, 1))(w, b)
    (grad_w, grad_b), m = expected, len(y)
    check_call(student, logistic_gradient_call(*problem), expected, parts=("grad_w", "grad_b"), mistakes={
        "the gradient misses the 1/m: the loss is a mean, so grad_w = (1/m) Xᵀ(σ(Xw + b) − y) and grad_b is the mean "
        "of σ(Xw + b) − y": (m * grad_w, m * grad_b),
        "grad_b misses the 1/m: it is the mean of σ(Xw + b) − y": (grad_w, m * grad_b),
        "the gradient has the wrong sign: it is (1/m) Xᵀ(σ(Xw + b) − y), prediction minus label": (-grad_w, -grad_b),
        "the sigmoid is missing: the error is σ(Xw + b) − y, not (Xw + b) − y":
            lambda X, y, w, b: (X.T @ (X @ w + b - y) / len(y), (X @ w + b - y).mean())})


@draws(10, problem=logistic_problems())
def test_logistic_gradient_matches_finite_differences(student, reference, problem):
    X, y, w, b = problem
    call = logistic_gradient_call(*problem)
    grad_w, grad_b = check_tuple(call.run(student), ("grad_w", "grad_b"), call=call.text)
    numeric = central_difference(lambda t: float(reference.bce_with_logits(T(X @ t[:-1] + t[-1]), T(y))), np.r_[w, b])
    analytic = np.r_[np.asarray(grad_w).reshape(-1), np.asarray(grad_b).reshape(-1)]
    check_gradient(analytic, numeric, call=call.text + " as one vector (grad_w, grad_b)", inputs=call.shown,
                   tol=tolerances.for_gradient(analytic.dtype))


def test_logistic_gradient_uses_no_autograd(student, code):
    by_hand(student, code, logistic_gradient_call([[1.0, 2.0], [-1.0, 0.5]], [1.0, 0.0], [0.1, -0.2], 0.3))


@st.composite
def small_training_sets(draw, *, softmax=False):
    """(X, targets, classes, epochs, lr): 0/1 float targets, or integer labels of 2 to 4 classes for softmax."""
    m, d, k = draw(st.integers(2, 10)), draw(st.integers(1, 4)), draw(st.integers(2, 4))
    X = draw(arrays(shape=(m, d), low=-3.0, high=3.0))
    targets = draw(labels(rows=m, classes=k)) if softmax else draw(binary_labels(m))
    return X, targets, k, draw(st.integers(0, 6)), draw(floats(low=0.01, high=2.0))


def check_training(student, reference, call, parts, helpers, *, uphill):
    """Parameters and losses as the reference's; a failure names the helpers still wrong on ``helpers``' inputs."""
    got = check_tuple(call.run(student), parts, call=call.text)
    check_losses(got[-1], call.inputs["epochs"], call=call.text, inputs=call.shown)
    train = getattr(reference, call.function)
    with built_on(student, reference, helpers, user="the training loop") as tol:
        check_result(call, got, train, parts=parts, tol=tol, mistakes={
            f"the steps go uphill: the update is {uphill}": lambda *args: train(*args[:-1], -args[-1])})


@draws(10, problem=small_training_sets())
def test_train_logistic_follows_the_convention(student, reference, problem):
    X, y, _, epochs, lr = problem
    check_training(student, reference, Call("train_logistic", X=T(X), y=T(y), epochs=epochs, lr=lr),
                   ("w", "b", "losses"), {"logistic_gradient": (T(X), T(y), T(0 * X[0]), 0.0),
                                          "bce_with_logits": (T(0.5 + 0 * y), T(y))}, uphill="w ← w − lr · grad_w")


def separable_data(seed, classes=None, *, train=200, test=300):
    """Points labelled by the largest of k (3 or 4 by default) random linear scores, the top two 0.5 apart."""
    rng = np.random.default_rng(seed)
    d, k = int(rng.integers(2, 6)), classes or int(rng.integers(3, 5))
    V, c = rng.standard_normal((k, d)), rng.uniform(-1.0, 1.0, k)
    X = 2 * rng.standard_normal((8 * (train + test), d))
    X = X[np.diff(np.sort(X @ V.T + c, axis=1)[:, -2:])[:, 0] > 0.5][:train + test]
    y = (X @ V.T + c).argmax(axis=1)
    return k, X[:train], y[:train], X[train:], y[train:]


def check_generalises(student, seed, classes, hint):
    """Trained (300 steps) on separable classes, the model predicts at least 90% of new points right."""
    k, X, y, X_test, y_test = separable_data(seed, classes)
    if k == 2:
        train = Call("train_logistic", X=T(X), y=T(y), epochs=300, lr=0.5)
        w, b, _ = check_tuple(train.run(student), ("w", "b", "losses"), call=train.text)
        predict = Call("predict_logistic", X_test=T(X_test), w=T(w), b=float(np.asarray(b)))
    else:
        train = Call("train_softmax", X=T(X), labels=torch.tensor(y), classes=k, epochs=300, lr=0.5)
        W, b, _ = check_tuple(train.run(student), ("W", "b", "losses"), call=train.text)
        predict = Call("predict_softmax", X_test=T(X_test), W=T(W), b=T(b))
    predicted = check_shape(predict.run(student), y_test.shape, call=predict.text, inputs=predict.shown)
    if np.mean(predicted == y_test) < 0.9:
        raise train.failure(f"trained on {len(y)} points of {k} linearly separable classes (seed {seed}), then "
                            f"{predict.function} on {len(y_test)} new points of the same distribution: accuracy "
                            f"{np.mean(predicted == y_test):.3f}, expected at least 0.9.", hint=hint)


@draws(5, seed=st.integers(0, 2**32 - 1))
def test_train_logistic_generalises(student, seed):
    check_generalises(student, seed, 2, "check the update (w ← w − lr · grad) and that predict_logistic returns 1 "
                                        "where Xw + b > 0")


def test_train_logistic_uses_no_autograd(student, code):
    by_hand(student, code, Call("train_logistic", X=T([[1, 2], [-1, 0.5], [0, -1]]), y=T([1, 0, 0]), epochs=3, lr=0.1))


@draws(20, problem=logistic_problems())
def test_predict_logistic_matches_definition(student, reference, problem):
    X, _, w, b = problem
    b = 0.0 if len(X) % 2 else b
    assume(np.all(np.abs(X @ w + b) > 1e-9))  # drawn examples clearly off the boundary (σ(1e-17) rounds to 1/2)
    # rows of zeros with b = 0 sit exactly on the boundary σ = 1/2, which belongs to class 0 (1 only where σ > 1/2)
    X = np.vstack([X, np.zeros((2, X.shape[1]))]) if b == 0.0 else X
    call = Call("predict_logistic", X=T(X), w=T(w), b=b)
    got = check_result(call, call.run(student), reference.predict_logistic, mistakes={
        "you returned probabilities; return the classes 0 and 1 (1 where Xw + b > 0)":
            lambda X, w, b: torch.sigmoid(X @ w + b),
        "the classes are swapped: class 1 is where σ(Xw + b) > 1/2": lambda X, w, b: (X @ w + b < 0).long(),
        "at exactly σ = 1/2 (Xw + b = 0) the class is 0: class 1 only where σ(Xw + b) > 1/2, strictly":
            lambda X, w, b: (X @ w + b >= 0).long()})
    check_dtype(got, np.int64, call=call.text, inputs=call.shown, why="the notebook asks for int64 classes: convert "
                "the comparison with .long() (a bool tensor is not int64)")


def softmax(Z):
    return torch.softmax(Z, dim=1)


SOFTMAX_MISTAKES = {
    "each column sums to 1 instead of each row: normalise along dim=1, one distribution per row":
        lambda Z: torch.softmax(Z, dim=0),
    "the exponentials are not normalised: divide by each row's sum": torch.exp,
}
ROW_MAXIMUM_HINT = ("the row maxima must broadcast against Z of shape (n, k): Z.max(dim=1, keepdim=True).values "
                    "has shape (n, 1), while without keepdim the shape (n,) lines up with the columns")


@draws(20, Z=logits(magnitude=50.0))
def test_softmax_matches_definition(student, Z):
    check_call(student, Call("softmax", Z=T(Z)), softmax, mistakes=SOFTMAX_MISTAKES, error_hint=ROW_MAXIMUM_HINT)


@draws(20, Z=logits(magnitude=50.0), data=st.data())
def test_softmax_rows_sum_to_one_and_ignore_shifts(student, Z, data):
    shift = data.draw(arrays(shape=(Z.shape[0], 1), low=-100.0, high=100.0))
    call = Call("softmax", Z=T(Z))
    got = check_shape(call.run(student), Z.shape, call=call.text, inputs=call.shown)
    sums = np.sum(got, axis=1)
    if not np.allclose(sums, 1.0, rtol=tolerances.FLOAT64.rtol, atol=tolerances.FLOAT64.atol):
        raise call.failure(f"returned rows that sum to {sums.tolist()}, not 1.",
                           hint="every row is one example's probability distribution: normalise along dim=1")
    check_close(call.but(Z=T(Z + shift)).run(student), got, inputs={"Z": Z, "c": shift[:, 0]},
                call="softmax(Z + c) compared with softmax(Z), for a constant c per row")


@draws(20, Z=logits(magnitude=1000.0))
def test_softmax_survives_huge_logits(student, Z):
    call = Call("softmax", Z=T(Z))
    got = check_shape(call.run(student), Z.shape, call=call.text, inputs=call.shown)
    if not np.isfinite(got).all():
        raise call.failure(f"returned nan or inf: {got.tolist()}.",
                           hint="the unstable softmax overflows: exp(z) is inf for z above about 709. Subtract each "
                                "row's maximum before exponentiating; it does not change the result")
    check_result(call, got, softmax, mistakes=SOFTMAX_MISTAKES)


def test_softmax_is_vectorized_and_from_scratch(student, code):
    from_scratch(student, code, Call("softmax", Z=torch.zeros(3, 2, dtype=torch.float64)), vectorized=True)


@draws(20, Z=logits(magnitude=50.0), tau=floats(low=0.1, high=10.0))
def test_softmax_temperature_matches_definition(student, Z, tau):
    check_call(student, Call("softmax_temperature", Z=T(Z), tau=tau), lambda Z, tau: softmax(Z / tau), mistakes={
        "the logits are multiplied by tau; the temperature divides them: softmax(Z / tau)":
            lambda Z, tau: softmax(Z * tau)})


@draws(20, Z=logits(magnitude=50.0))
def test_softmax_temperature_limits(student, Z):
    ordered = np.sort(Z, axis=1)
    assume(np.all(ordered[:, -1] - ordered[:, -2] >= 0.1))  # a clear winner in every row
    n, k = Z.shape
    call = Call("softmax_temperature", Z=T(Z), tau=1e12)
    try:
        check_call(student, call, torch.full((n, k), 1 / k, dtype=torch.float64))
        check_call(student, call.but(tau=1e-3), torch.eye(k, dtype=torch.float64)[T(Z).argmax(dim=1)])
    except CheckFailure as failure:
        raise CheckFailure(f"{failure}\nhint: a huge temperature flattens every row to 1/k, a tiny one gives a "
                           "one-hot row on the largest logit; softmax_temperature(Z, tau) is softmax(Z / tau), and "
                           "softmax must subtract the row maximum") from None


@draws(20, Z=logits(magnitude=1000.0))
def test_logsumexp_matches_torch(student, Z):
    check_call(student, Call("logsumexp", Z=T(Z)), lambda Z: torch.logsumexp(Z, dim=1), mistakes={
        "exp overflows for logits above about 709: take c = the row maximum and compute c + log Σ exp(z − c)":
            lambda Z: torch.log(torch.exp(Z).sum(dim=1)),
        "the maximum is subtracted but not added back: logsumexp(z) = c + log Σ exp(z − c)":
            lambda Z: torch.log(torch.exp(Z - Z.max(dim=1, keepdim=True).values).sum(dim=1))})


def test_logsumexp_is_vectorized_and_from_scratch(student, code):
    from_scratch(student, code, Call("logsumexp", Z=torch.zeros(3, 2, dtype=torch.float64)), vectorized=True)


INTEGER_LABELS_HINT = ("with integer labels of shape (n,), pick one entry per row: log_probs[torch.arange(n), labels] "
                       "(log_probs[:, labels] picks whole columns, and labels * log_probs only makes sense for "
                       "one-hot labels); tell the formats apart with labels.ndim")
ONE_HOT_HINT = ("with one-hot labels of shape (n, k), multiply them with the log-probabilities and sum each row; "
                "tell the formats apart with labels.ndim")


def labels_hint(call):
    return ONE_HOT_HINT if call.inputs["labels"].ndim == 2 else INTEGER_LABELS_HINT


def classes_of(labels):
    return labels.argmax(dim=1) if labels.ndim == 2 else labels


CROSS_ENTROPY_MISTAKES = {
    "you returned the sum over the rows; the loss is their mean":
        lambda Z, labels: F.cross_entropy(Z, classes_of(labels), reduction="sum"),
    "log(softmax(Z)) is -inf when a probability underflows to 0; use logsumexp(z) − z[label]":
        lambda Z, labels: F.nll_loss(torch.log(softmax(Z)), classes_of(labels)),
    "integer labels were used as column indices: " + INTEGER_LABELS_HINT:
        lambda Z, labels: -torch.log_softmax(Z, dim=1)[:, classes_of(labels)].mean(),
}


def check_cross_entropy(student, Z, labels, expected=F.cross_entropy):
    call = Call("cross_entropy", Z=T(Z), labels=labels)
    check_call(student, call, expected, mistakes=CROSS_ENTROPY_MISTAKES, error_hint=labels_hint(call))


@draws(20, batch=classification_batches(magnitude=1000.0))
def test_cross_entropy_matches_torch(student, batch):
    check_cross_entropy(student, batch[0], torch.tensor(batch[1]))


@draws(20, batch=classification_batches(magnitude=50.0))
def test_cross_entropy_accepts_one_hot_labels(student, batch):
    check_cross_entropy(student, batch[0], T(np.eye(batch[0].shape[1])[batch[1]]))


@draws(20, batch=classification_batches(magnitude=30.0, classes=2))
def test_two_classes_are_logistic_regression(student, batch):
    check_cross_entropy(student, batch[0], torch.tensor(batch[1]), expected=lambda Z, labels: (
        F.binary_cross_entropy_with_logits(Z[:, 1] - Z[:, 0], labels.double())))


def test_cross_entropy_is_from_scratch(student, code):
    from_scratch(student, code, Call("cross_entropy", Z=T(np.zeros((2, 3))), labels=torch.tensor([0, 2])))


@st.composite
def gradient_problems(draw, *, magnitude, rows=None):
    Z, y = draw(classification_batches(magnitude=magnitude, rows=rows))
    return Z, np.eye(Z.shape[1])[y] if draw(st.booleans()) else y


def gradient_call(Z, labels):
    return Call("cross_entropy_gradient", Z=T(Z), labels=T(labels) if labels.ndim == 2 else torch.tensor(labels))


@draws(20, problem=gradient_problems(magnitude=50.0))
def test_cross_entropy_gradient_matches_autograd(student, problem):
    call = gradient_call(*problem)
    G = torch.func.grad(lambda Z: F.cross_entropy(Z, call.inputs["labels"]))(call.inputs["Z"])
    check_call(student, call, G, error_hint=labels_hint(call), mistakes={
        "the gradient misses the 1/n: the loss is a mean over the rows, so divide softmax(Z) − Y by n": len(G) * G,
        "the gradient has the wrong sign: it is (softmax(Z) − Y) / n": -G,
        "the one-hot labels are not subtracted: the gradient is (softmax(Z) − Y) / n":
            lambda Z, labels: softmax(Z) / len(Z)})


@draws(10, problem=gradient_problems(magnitude=5.0, rows=st.integers(1, 4)))
def test_cross_entropy_gradient_matches_finite_differences(student, reference, problem):
    call = gradient_call(*problem)
    got = call.run(student, hint=labels_hint(call))
    numeric = central_difference(lambda Z: float(reference.cross_entropy(T(Z), call.inputs["labels"])), problem[0])
    check_gradient(got, numeric, call=call.text, inputs=call.shown, tol=tolerances.for_gradient(np.asarray(got).dtype))


def test_cross_entropy_gradient_uses_no_autograd(student, code):
    by_hand(student, code, gradient_call(np.array([[1.0, 2.0, 0.0], [0.5, 0.0, -1.0]]), np.array([2, 0])))


@draws(10, problem=small_training_sets(softmax=True))
def test_train_softmax_follows_the_convention(student, reference, problem):
    X, y, classes, epochs, lr = problem
    Z = T(X) @ torch.ones(X.shape[1], classes, dtype=torch.float64) * 0.1 + torch.arange(classes) * 0.2
    y = torch.tensor(y)
    check_training(student, reference, Call("train_softmax", X=T(X), labels=y, classes=classes, epochs=epochs, lr=lr),
                   ("W", "b", "losses"), {"cross_entropy_gradient": (Z, y), "cross_entropy": (Z, y)},
                   uphill="W ← W − lr · Gᵀ X")


@draws(5, seed=st.integers(0, 2**32 - 1))
def test_train_softmax_generalises(student, seed):
    check_generalises(student, seed, None, "check the gradients (Gᵀ X for W, the column sums of G for b), the update "
                                           "direction, and that predict_softmax takes the argmax of X Wᵀ + b along dim=1")


def test_train_softmax_uses_no_autograd(student, code):
    by_hand(student, code, Call("train_softmax", X=T([[1.0, 2.0], [-1.0, 0.5], [0.0, -1.0]]),
                                labels=torch.tensor([0, 1, 2]), classes=3, epochs=3, lr=0.1))


def np_ece(probs, y, bins, *, weighted=True, signed=False, over_all_bins=False, confidence=None, right_closed=False):
    """The ECE and its common wrong variants, on the trusted side."""
    top = probs.max(axis=1) if confidence is None else confidence
    which = np.clip(np.ceil(top * bins) - 1 if right_closed else np.floor(top * bins), 0, bins - 1).astype(int)
    sizes = np.bincount(which, minlength=bins)
    gaps = (np.bincount(which, probs.argmax(axis=1) == y, bins) - np.bincount(which, top, bins))[sizes > 0]
    gaps = (gaps if signed else np.abs(gaps)) / sizes[sizes > 0]
    if over_all_bins:
        return gaps.sum() / bins
    return float(gaps @ sizes[sizes > 0] / len(y)) if weighted else float(gaps.mean())


UNWEIGHTED = "the bins are averaged without weights; weight each bin's gap by its share |B|/n of the examples"


def check_ece(student, probs, y, bins, expected, mistakes, hint=None):
    """The ECE may be a Python float or a 0-dimensional tensor (the notebook allows both): no library check."""
    call = Call("expected_calibration_error", probs=T(probs), labels=torch.tensor(y), bins=bins)
    check_close(call.run(student, hint=hint), expected, call=call.text, inputs=call.shown, mistakes=mistakes)


@st.composite
def calibration_problems(draw):
    n, k, bins = draw(st.integers(1, 30)), draw(st.integers(2, 4)), draw(st.integers(1, 15))
    probs = softmax(T(draw(arrays(shape=(n, k), low=-4.0, high=4.0)))).numpy()
    assume(np.all(np.diff(np.sort(probs, axis=1)[:, -2:]) > 1e-6))  # one clear prediction per row
    scaled = probs.max(axis=1) * bins
    assume(np.all(np.abs(scaled - np.round(scaled)) > 1e-6))  # no confidence on a bin edge
    return probs, draw(labels(rows=n, classes=k)), bins


@draws(20, problem=calibration_problems())
def test_expected_calibration_error_matches_definition(student, problem):
    probs, y, bins = problem
    check_ece(student, *problem, np_ece(*problem), {
        UNWEIGHTED: lambda: np_ece(*problem, weighted=False),
        "the gaps are divided by the number of bins; weight each bin's gap by |B|/n instead":
            lambda: np_ece(*problem, over_all_bins=True),
        "the absolute value is missing: ECE adds |accuracy − confidence| per bin": lambda: np_ece(*problem, signed=True),
        "the confidence is the probability of the predicted class (the row maximum), not of the true class":
            lambda: np_ece(*problem, confidence=probs[np.arange(len(y)), y])})


def test_expected_calibration_error_bins_are_closed_on_the_left(student):
    # confidences exactly on bin edges (0.5, 0.75 with B = 4) belong to the bin they open: [0.5, 0.75), [0.75, 1]
    probs = np.array([[0.75, 0.25, 0.0], [0.5, 0.25, 0.25], [0.25, 0.75, 0.0], [0.625, 0.375, 0.0]])
    y = np.array([0, 1, 1, 0])
    check_ece(student, probs, y, 4, np_ece(probs, y, 4), {
        "a confidence exactly on an edge i/B belongs to bin i, the one it opens: bins are [i/B, (i+1)/B), so use "
        "floor(c B) (with the last bin closed at 1)": np_ece(probs, y, 4, right_closed=True)})


def test_expected_calibration_error_puts_one_in_the_last_bin(student):
    # confidences 1, 1, 0.7 (right, wrong, right): last bin 2/3 * |1/2 − 1| + bin 7: 1/3 * |1 − 0.7|
    check_ece(student, np.array([[1.0, 0.0], [0.0, 1.0], [0.3, 0.7]]), np.array([0, 0, 1]), 10, 2 / 3 * 0.5 + 0.3 / 3, {
        "a confidence of exactly 1 belongs to the last bin, [(B−1)/B, 1]; it seems to have been dropped": 0.3 / 3,
        UNWEIGHTED: (0.5 + 0.3) / 2},
        hint="a confidence of exactly 1 gives floor(1 · B) = B, one past the last bin; put it in bin B − 1 (for "
             "example with min(floor(c B), B − 1))")
