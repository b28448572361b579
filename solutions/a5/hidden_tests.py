"""Hidden tests for a5 (secret: never shipped to students).

torch is the oracle: losses are compared with ``torch.nn.functional`` and
gradients with ``torch.autograd`` (and finite differences), in float64, on
logits up to magnitude 1000. Student functions receive torch tensors.
"""

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from autograder.checks import (
    CheckFailure,
    central_difference,
    check_close,
    check_gradient,
    check_no_autograd,
    check_shape,
    check_vectorized,
    tolerances,
    torch_gradient,
)
from autograder.checks.returns import blame_helpers, call_explained, check_losses, check_tuple
from autograder.checks.static import check_from_scratch
from autograder.checks.strategies import arrays, floats, labels, logits
from autograder.testing import SEED  # noqa: F401 - importing it registers the "autograder" hypothesis profile

#: Fewer examples than the profile's 40: each example makes one or more sandbox calls, and
#: every mistake these tests look for shows on the first few examples.
SOME_EXAMPLES = settings(parent=settings.get_profile("autograder"), max_examples=20)
#: For the tests that train a model or take finite differences: costly per example.
SEVERAL_EXAMPLES = settings(parent=settings.get_profile("autograder"), max_examples=10)
#: For the tests that train a model for hundreds of steps per example.
FEW_EXAMPLES = settings(parent=settings.get_profile("autograder"), max_examples=5)

#: Library routines that would do the work the graded functions are meant to do themselves.
LIBRARY_ROUTINES = {"sigmoid", "expit", "logsigmoid", "softplus", "logaddexp", "softmax", "log_softmax",
                    "logsumexp", "cross_entropy", "nll_loss", "binary_cross_entropy",
                    "binary_cross_entropy_with_logits"}


def T(values, dtype=torch.float64):
    """A torch tensor for the student's function (float64 unless told otherwise)."""
    return torch.tensor(np.asarray(values), dtype=dtype)


@st.composite
def classification_batches(draw, *, magnitude=50.0, rows=None, classes=None):
    """(Z, labels): logits of shape (n, k) and integer labels of shape (n,)."""
    Z = draw(logits(rows=rows, classes=classes, magnitude=magnitude))
    return Z, draw(labels(rows=Z.shape[0], classes=Z.shape[1]))


def binary_labels(n):
    return arrays(shape=(n,), low=0.0, high=1.0).map(np.round)


# ----------------------------------------------------------------- sigmoid


def np_sigmoid(z):
    """A float64 reference on the trusted side (for hints and finite differences)."""
    with np.errstate(over="ignore"):
        small = np.exp(-np.abs(z))
        return np.where(z >= 0, 1 / (1 + small), small / (1 + small))


@SOME_EXAMPLES
@given(z=arrays(shape=st.one_of(st.tuples(st.integers(0, 12)), st.tuples(st.integers(1, 4), st.integers(1, 4))),
                low=-30.0, high=30.0))
def test_sigmoid_matches_definition(student, z):
    expected = torch.sigmoid(T(z)).numpy()
    check_close(student.sigmoid(T(z)), expected, call="sigmoid(z)", inputs={"z": z}, mistakes={
        "you computed σ(−z) = 1 / (1 + e^z); the sigmoid is 1 / (1 + e^(−z))": lambda: np_sigmoid(-z),
        "the two branches are swapped: 1 / (1 + e^(−|z|)) is σ(z) for z ≥ 0, e^(−|z|) / (1 + e^(−|z|)) for z < 0":
            lambda: np_sigmoid(np.abs(z)) * (z < 0) + np_sigmoid(-np.abs(z)) * (z >= 0),
    })


def test_sigmoid_keeps_precision_in_the_tails(student):
    z = np.r_[np.linspace(-1000.0, 1000.0, 401), -745.0, -709.0, -100.0, -50.0, -40.0, -37.0, 37.0, 40.0, 710.0]
    got = check_shape(student.sigmoid(T(z)), z.shape, call="sigmoid(z)", inputs={"z": z})
    bad = np.flatnonzero(~np.isfinite(got))
    if bad.size:
        raise CheckFailure(f"sigmoid(z) returned {got[bad[0]]} for z = {z[bad[0]]:g}; the answer is "
                           f"{np_sigmoid(z[bad[0]:bad[0] + 1])[0]:.6g}.\nhint: exp overflows to inf for arguments "
                           "above about 709, and inf / inf is nan; only ever exponentiate −|z|")
    expected = np_sigmoid(z)
    vanished = np.flatnonzero((got == 0) & (expected > 1e-300))
    if vanished.size:
        i = vanished[-1]
        raise CheckFailure(f"sigmoid(z) returned exactly 0 for z = {z[i]:g}, where σ(z) ≈ {expected[i]:.6g}.\n"
                           "hint: your formula computes a tiny probability as 1 minus a number close to 1 (as "
                           "(1 + tanh(z/2)) / 2 or 1 − σ(−z) do) and loses every digit; σ(−40) ≈ 4e-18, not 0. "
                           "For z < 0 use e^z / (1 + e^z), which has no subtraction")
    check_close(got, expected, call="sigmoid(z) for large |z|, judged by relative error",
                inputs={"z": z}, tol=tolerances.TAIL_PROBABILITY)


def test_sigmoid_is_vectorized_and_from_scratch(student, code):
    check_vectorized(code, student.sigmoid, torch.zeros(3, dtype=torch.float64))
    check_from_scratch(code, "sigmoid", LIBRARY_ROUTINES)


# ----------------------------------------------------------------- bce


@st.composite
def probability_batches(draw):
    n = draw(st.integers(1, 12))
    return draw(arrays(shape=(n,), low=1e-3, high=1 - 1e-3)), draw(binary_labels(n))


@SOME_EXAMPLES
@given(batch=probability_batches())
def test_bce_matches_definition(student, batch):
    p, y = batch
    expected = F.binary_cross_entropy(T(p), T(y)).item()
    terms = -(y * np.log(p) + (1 - y) * np.log1p(-p))
    check_close(student.bce(T(p), T(y)), expected, call="bce(p, y)", inputs={"p": p, "y": y}, mistakes={
        "you returned the sum over the examples; the loss is their mean": terms.sum(),
        "only the term of label 1 is there: add (1 − y) log(1 − p)": np.mean(-y * np.log(p)),
    })


@SOME_EXAMPLES
@given(z=arrays(shape=st.tuples(st.integers(1, 12)), low=-1000.0, high=1000.0), data=st.data())
def test_bce_with_logits_matches_torch(student, z, data):
    y = data.draw(binary_labels(len(z)))
    expected = F.binary_cross_entropy_with_logits(T(z), T(y)).item()
    softplus = np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))
    try:
        check_close(student.bce_with_logits(T(z), T(y)), expected, call="bce_with_logits(z, y)",
                    inputs={"z": z, "y": y}, mistakes={
                        "you returned the sum over the examples; the loss is their mean": np.sum(softplus - y * z),
                        "the sign of y z is flipped: the loss per example is log(1 + e^z) − y z":
                            np.mean(softplus + y * z),
                    })
    except CheckFailure as failure:
        if "hint:" in str(failure) or np.max(np.abs(z)) < 20:
            raise
        raise CheckFailure(f"{failure}\nhint: for large |z|, σ(z) is within rounding of 0 or 1, so going through σ "
                           "and log loses digits (or gives inf); compute max(z, 0) + log1p(exp(−|z|)) − y z from the "
                           "logits directly") from None


def test_bce_with_logits_is_from_scratch(student, code):
    student.bce_with_logits(torch.zeros(2, dtype=torch.float64), torch.ones(2, dtype=torch.float64))
    check_from_scratch(code, "bce_with_logits", LIBRARY_ROUTINES)


# ----------------------------------------------------------------- logistic_gradient


def _logistic_loss(X, y, w, b):
    return F.binary_cross_entropy_with_logits(X @ w + b, y)


@st.composite
def logistic_problems(draw):
    m, d = draw(st.integers(1, 10)), draw(st.integers(1, 4))
    X = draw(arrays(shape=(m, d), low=-3.0, high=3.0))
    return X, draw(binary_labels(m)), draw(arrays(shape=(d,), low=-3.0, high=3.0)), draw(floats(low=-3.0, high=3.0))


def _check_logistic_gradient(got, X, y, w, b):
    call, inputs = "logistic_gradient(X, y, w, b)", {"X": X, "y": y, "w": w, "b": b}
    grad_w, grad_b = check_tuple(got, ("grad_w", "grad_b"), call=call)
    expected_w, expected_b = torch_gradient(_logistic_loss, X, y, w, b, wrt=(2, 3))
    error = np_sigmoid(X @ w + b) - y
    m = len(y)
    check_close(grad_w, expected_w, call=call + "[0] (grad_w)", inputs=inputs, mistakes={
        "the gradient misses the 1/m: the loss is a mean, so grad_w = (1/m) Xᵀ(σ(Xw + b) − y)": X.T @ error,
        "the gradient has the wrong sign: it is (1/m) Xᵀ(σ(Xw + b) − y), prediction minus label": -X.T @ error / m,
        "the sigmoid is missing: the error is σ(Xw + b) − y, not (Xw + b) − y": X.T @ (X @ w + b - y) / m,
    })
    check_close(grad_b, expected_b, call=call + "[1] (grad_b)", inputs=inputs, mistakes={
        "grad_b misses the 1/m: it is the mean of σ(Xw + b) − y": error.sum(),
    })


@SOME_EXAMPLES
@given(problem=logistic_problems())
def test_logistic_gradient_matches_autograd(student, problem):
    X, y, w, b = problem
    _check_logistic_gradient(student.logistic_gradient(T(X), T(y), T(w), b), X, y, w, b)


@SEVERAL_EXAMPLES
@given(problem=logistic_problems())
def test_logistic_gradient_matches_finite_differences(student, reference, problem):
    X, y, w, b = problem
    call, inputs = "logistic_gradient(X, y, w, b)", {"X": X, "y": y, "w": w, "b": b}
    grad_w, grad_b = check_tuple(student.logistic_gradient(T(X), T(y), T(w), b), ("grad_w", "grad_b"), call=call)
    theta = np.r_[w, b]
    numeric = central_difference(lambda t: float(reference.bce_with_logits(T(X @ t[:-1] + t[-1]), T(y))), theta)
    analytic = np.r_[np.asarray(grad_w).reshape(-1), np.asarray(grad_b).reshape(-1)]
    check_gradient(analytic, numeric, call=call + " as one vector (grad_w, grad_b)", inputs=inputs,
                   tol=tolerances.for_gradient(analytic.dtype))


def test_logistic_gradient_uses_no_autograd(student, code):
    X, y, w = T([[1.0, 2.0], [-1.0, 0.5]]), T([1.0, 0.0]), T([0.1, -0.2])
    student.logistic_gradient.call(X, y, w, 0.3, forbid_autograd=True)  # runs it, with autograd switched off
    check_no_autograd(code, "logistic_gradient")


# ----------------------------------------------------------------- train_logistic


@st.composite
def small_training_sets(draw, *, classes=None):
    """(X, targets, epochs, lr): binary 0/1 float targets when classes is None, else integer labels."""
    m, d = draw(st.integers(2, 10)), draw(st.integers(1, 4))
    X = draw(arrays(shape=(m, d), low=-3.0, high=3.0))
    targets = draw(binary_labels(m)) if classes is None else draw(labels(rows=m, classes=classes))
    return X, targets, draw(st.integers(0, 6)), draw(floats(low=0.01, high=2.0))


@SEVERAL_EXAMPLES
@given(problem=small_training_sets())
def test_train_logistic_follows_the_convention(student, reference, problem):
    X, y, epochs, lr = problem
    call, inputs = f"train_logistic(X, y, {epochs}, {lr:.6g})", {"X": X, "y": y}
    w, b, losses = check_tuple(student.train_logistic(T(X), T(y), epochs, lr), ("w", "b", "losses"), call=call)
    losses = check_losses(losses, epochs, call=call, inputs=inputs)
    want_w, want_b, want_losses = (t.numpy() for t in reference.train_logistic(T(X), T(y), epochs, lr))
    try:
        check_close(w, want_w, call=call + ": w", inputs=inputs, mistakes={
            "the steps go uphill: the update is w ← w − lr · grad_w":
                lambda: reference.train_logistic(T(X), T(y), epochs, -lr)[0].numpy()})
        check_close(b, want_b, call=call + ": b", inputs=inputs)
        check_close(losses, want_losses, call=call + ": losses", inputs=inputs)
    except CheckFailure as failure:
        zero = torch.zeros(X.shape[1], dtype=torch.float64)
        blame_helpers(failure, student, reference, {
            "logistic_gradient": (T(X), T(y), zero, 0.0), "bce_with_logits": (T(X) @ zero + 0.5, T(y))},
            user="the training loop")


def separable_binary_data(seed, *, train=200, test=200):
    """Points on both sides of a random hyperplane, at least 0.5 away from it (so they are separable)."""
    rng = np.random.default_rng(seed)
    d = int(rng.integers(2, 6))
    normal = rng.standard_normal(d)
    normal /= np.linalg.norm(normal)
    offset = rng.uniform(-1.0, 1.0)

    def sample(n):
        X = 2 * rng.standard_normal((6 * n, d))
        margin = X @ normal + offset
        keep = np.abs(margin) > 0.5
        return X[keep][:n], (margin[keep][:n] > 0).astype(float)

    return (*sample(train), *sample(test))


@FEW_EXAMPLES
@given(seed=st.integers(0, 2**32 - 1))
def test_train_logistic_generalises(student, seed):
    X, y, X_test, y_test = separable_binary_data(seed)
    call, inputs = "train_logistic(X, y, 300, 0.5)", {"X": X, "y": y}
    w, b, _ = check_tuple(student.train_logistic(T(X), T(y), 300, 0.5), ("w", "b", "losses"), call=call)
    predicted = student.predict_logistic(T(X_test), T(w), float(np.asarray(b)))
    predicted = check_shape(predicted, y_test.shape, call="predict_logistic(X_test, w, b)", inputs={"X_test": X_test})
    accuracy = float(np.mean(predicted == y_test))
    if accuracy < 0.9:
        raise CheckFailure(f"{call} on {len(y)} linearly separable points (seed {seed}), then predict_logistic on "
                           f"{len(y_test)} new points from the same distribution: accuracy {accuracy:.3f}, expected "
                           "at least 0.9.\nhint: check the update (w ← w − lr · grad) and that predict_logistic "
                           "returns 1 where Xw + b > 0")


def test_train_logistic_uses_no_autograd(student, code):
    X, y = T([[1.0, 2.0], [-1.0, 0.5], [0.0, -1.0]]), T([1.0, 0.0, 0.0])
    student.train_logistic.call(X, y, 3, 0.1, forbid_autograd=True)  # runs it, with autograd switched off
    check_no_autograd(code, "train_logistic")


@SOME_EXAMPLES
@given(problem=logistic_problems())
def test_predict_logistic_matches_definition(student, problem):
    X, _, w, b = problem
    b = 0.0 if len(X) % 2 else b
    assume(np.all(np.abs(X @ w + b) > 1e-9))  # drawn examples clearly off the boundary (σ(1e-17) rounds to 1/2)
    # rows of zeros with b = 0 sit exactly on the boundary σ = 1/2, which belongs to class 0 (1 only where σ > 1/2)
    X = np.vstack([X, np.zeros((2, X.shape[1]))]) if b == 0.0 else X
    z = X @ w + b
    got = student.predict_logistic(T(X), T(w), b)
    if isinstance(got, np.ndarray) and got.dtype != np.int64:
        raise CheckFailure(f"predict_logistic(X, w, b) returned a tensor of dtype {got.dtype}; the notebook asks for "
                           "int64 classes.\nhint: convert the comparison with .long() (a bool tensor is not int64)")
    check_close(got, (z > 0).astype(np.int64), call="predict_logistic(X, w, b)",
                inputs={"X": X, "w": w, "b": b}, mistakes={
                    "you returned probabilities; return the classes 0 and 1 (1 where Xw + b > 0)": np_sigmoid(z),
                    "the classes are swapped: class 1 is where σ(Xw + b) > 1/2": (z < 0).astype(np.int64),
                    "at exactly σ = 1/2 (Xw + b = 0) the class is 0: class 1 only where σ(Xw + b) > 1/2, strictly":
                        (z >= 0).astype(np.int64),
                })


# ----------------------------------------------------------------- softmax


def np_softmax(Z, axis=1):
    shifted = Z - Z.max(axis=axis, keepdims=True)
    return np.exp(shifted) / np.exp(shifted).sum(axis=axis, keepdims=True)


def _softmax_mistakes(Z):
    return {
        "each column sums to 1 instead of each row: normalise along dim=1, one distribution per row":
            lambda: np_softmax(Z, axis=0),
        "the exponentials are not normalised: divide by each row's sum": lambda: np.exp(Z),
    }


ROW_MAXIMUM_HINT = ("the row maxima must broadcast against Z of shape (n, k): Z.max(dim=1, keepdim=True).values "
                    "has shape (n, 1), while without keepdim the shape (n,) lines up with the columns")


@SOME_EXAMPLES
@given(Z=logits(magnitude=50.0))
def test_softmax_matches_definition(student, Z):
    got = call_explained(student.softmax, T(Z), call="softmax(Z)", hint=ROW_MAXIMUM_HINT)
    check_close(got, torch.softmax(T(Z), dim=1).numpy(), call="softmax(Z)", inputs={"Z": Z},
                mistakes=_softmax_mistakes(Z))


@SOME_EXAMPLES
@given(Z=logits(magnitude=50.0), data=st.data())
def test_softmax_rows_sum_to_one_and_ignore_shifts(student, Z, data):
    shift = data.draw(arrays(shape=(Z.shape[0], 1), low=-100.0, high=100.0))
    got = check_shape(student.softmax(T(Z)), Z.shape, call="softmax(Z)", inputs={"Z": Z})
    sums = np.sum(got, axis=1)
    if not np.allclose(sums, 1.0, rtol=tolerances.FLOAT64.rtol, atol=tolerances.FLOAT64.atol):
        raise CheckFailure(f"softmax(Z)\n  Z = {Z.tolist()}\nreturned rows that sum to {sums.tolist()}, not 1.\n"
                           "hint: every row is one example's probability distribution: normalise along dim=1")
    check_close(student.softmax(T(Z + shift)), got,
                call="softmax(Z + c) compared with softmax(Z), for a constant c per row",
                inputs={"Z": Z, "c": shift[:, 0]})


@SOME_EXAMPLES
@given(Z=logits(magnitude=1000.0))
def test_softmax_survives_huge_logits(student, Z):
    got = check_shape(student.softmax(T(Z)), Z.shape, call="softmax(Z)", inputs={"Z": Z})
    if not np.isfinite(got).all():
        raise CheckFailure(f"softmax(Z)\n  Z = {Z.tolist()}\nreturned nan or inf: {got.tolist()}.\nhint: the unstable "
                           "softmax overflows: exp(z) is inf for z above about 709. Subtract each row's maximum "
                           "before exponentiating; it does not change the result")
    check_close(got, torch.softmax(T(Z), dim=1).numpy(), call="softmax(Z)", inputs={"Z": Z},
                mistakes=_softmax_mistakes(Z))


def test_softmax_is_vectorized_and_from_scratch(student, code):
    check_vectorized(code, student.softmax, torch.zeros(3, 2, dtype=torch.float64))
    check_from_scratch(code, "softmax", LIBRARY_ROUTINES)


# ----------------------------------------------------------------- softmax_temperature


@SOME_EXAMPLES
@given(Z=logits(magnitude=50.0), tau=floats(low=0.1, high=10.0))
def test_softmax_temperature_matches_definition(student, Z, tau):
    check_close(student.softmax_temperature(T(Z), tau), np_softmax(Z / tau), call=f"softmax_temperature(Z, {tau:.6g})",
                inputs={"Z": Z}, mistakes={
                    "the logits are multiplied by tau; the temperature divides them: softmax(Z / tau)":
                        lambda: np_softmax(Z * tau)})


@SOME_EXAMPLES
@given(Z=logits(magnitude=50.0))
def test_softmax_temperature_limits(student, Z):
    ordered = np.sort(Z, axis=1)
    assume(np.all(ordered[:, -1] - ordered[:, -2] >= 0.1))  # a clear winner in every row
    n, k = Z.shape
    hot = T(Z).argmax(dim=1).numpy()
    hint = "\nhint: softmax_temperature(Z, tau) is softmax(Z / tau), and softmax must subtract the row maximum"
    try:
        check_close(student.softmax_temperature(T(Z), 1e12), np.full((n, k), 1 / k),
                    call="softmax_temperature(Z, 1e12): a huge temperature flattens every row to 1/k",
                    inputs={"Z": Z})
        check_close(student.softmax_temperature(T(Z), 1e-3), np.eye(k)[hot],
                    call="softmax_temperature(Z, 1e-3): a tiny temperature gives a one-hot row on the largest logit",
                    inputs={"Z": Z})
    except CheckFailure as failure:
        raise CheckFailure(f"{failure}{hint}") from None


# ----------------------------------------------------------------- logsumexp


@SOME_EXAMPLES
@given(Z=logits(magnitude=1000.0))
def test_logsumexp_matches_torch(student, Z):
    with np.errstate(over="ignore", divide="ignore"):
        naive = np.log(np.exp(Z).sum(axis=1))
    top = Z.max(axis=1)
    check_close(student.logsumexp(T(Z)), torch.logsumexp(T(Z), dim=1).numpy(), call="logsumexp(Z)", inputs={"Z": Z},
                mistakes={
                    "exp overflows for logits above about 709: take c = the row maximum and compute "
                    "c + log Σ exp(z − c)": naive,
                    "the maximum is subtracted but not added back: logsumexp(z) = c + log Σ exp(z − c)":
                        np.log(np.exp(Z - top[:, None]).sum(axis=1)),
                })


def test_logsumexp_is_vectorized_and_from_scratch(student, code):
    check_vectorized(code, student.logsumexp, torch.zeros(3, 2, dtype=torch.float64))
    check_from_scratch(code, "logsumexp", LIBRARY_ROUTINES)


# ----------------------------------------------------------------- cross_entropy


INTEGER_LABELS_HINT = ("with integer labels of shape (n,), pick one entry per row: log_probs[torch.arange(n), labels] "
                       "(log_probs[:, labels] picks whole columns, and labels * log_probs only makes sense for "
                       "one-hot labels); tell the formats apart with labels.ndim")
ONE_HOT_HINT = ("with one-hot labels of shape (n, k), multiply them with the log-probabilities and sum each row; "
                "tell the formats apart with labels.ndim")


def _cross_entropy_mistakes(Z, y):
    """Wrong cross-entropies, computed only when a check has failed."""
    def log_probs():
        return Z - torch.logsumexp(T(Z), dim=1).numpy()[:, None]

    def via_log_softmax():
        with np.errstate(divide="ignore"):
            return -np.log(np_softmax(Z))[np.arange(len(y)), y].mean()

    return {
        "you returned the sum over the rows; the loss is their mean": lambda: -log_probs()[np.arange(len(y)), y].sum(),
        "log(softmax(Z)) is -inf when a probability underflows to 0; use logsumexp(z) − z[label]": via_log_softmax,
        "integer labels were used as column indices: " + INTEGER_LABELS_HINT: lambda: -log_probs()[:, y].mean(),
    }


@SOME_EXAMPLES
@given(batch=classification_batches(magnitude=1000.0))
def test_cross_entropy_matches_torch(student, batch):
    Z, y = batch
    call = "cross_entropy(Z, labels) with integer labels"
    got = call_explained(student.cross_entropy, T(Z), torch.tensor(y), call=call, hint=INTEGER_LABELS_HINT)
    check_close(got, F.cross_entropy(T(Z), torch.tensor(y)).item(), call=call, inputs={"Z": Z, "labels": y},
                mistakes=_cross_entropy_mistakes(Z, y))


@SOME_EXAMPLES
@given(batch=classification_batches(magnitude=50.0))
def test_cross_entropy_accepts_one_hot_labels(student, batch):
    Z, y = batch
    one_hot = np.eye(Z.shape[1])[y]
    call = "cross_entropy(Z, labels) with one-hot labels"
    got = call_explained(student.cross_entropy, T(Z), T(one_hot), call=call, hint=ONE_HOT_HINT)
    check_close(got, F.cross_entropy(T(Z), torch.tensor(y)).item(), call=call, inputs={"Z": Z, "labels": one_hot},
                mistakes=_cross_entropy_mistakes(Z, y))


@SOME_EXAMPLES
@given(batch=classification_batches(magnitude=30.0, classes=2))
def test_two_classes_are_logistic_regression(student, batch):
    Z, y = batch
    difference = Z[:, 1] - Z[:, 0]
    expected = F.binary_cross_entropy_with_logits(T(difference), T(y.astype(float))).item()
    check_close(student.cross_entropy(T(Z), torch.tensor(y)), expected,
                call="cross_entropy(Z, labels) with two classes, against the logistic loss of z1 − z0",
                inputs={"Z": Z, "labels": y}, mistakes=_cross_entropy_mistakes(Z, y))


def test_cross_entropy_is_from_scratch(student, code):
    student.cross_entropy(torch.zeros(2, 3, dtype=torch.float64), torch.tensor([0, 2]))
    check_from_scratch(code, "cross_entropy", LIBRARY_ROUTINES)


# ----------------------------------------------------------------- cross_entropy_gradient


@st.composite
def gradient_problems(draw, *, magnitude, rows=None):
    Z, y = draw(classification_batches(magnitude=magnitude, rows=rows))
    return Z, y, draw(st.booleans())


def _student_labels(y, k, one_hot):
    return T(np.eye(k)[y]) if one_hot else torch.tensor(y)


@SOME_EXAMPLES
@given(problem=gradient_problems(magnitude=50.0))
def test_cross_entropy_gradient_matches_autograd(student, problem):
    Z, y, one_hot = problem
    n, k = Z.shape
    kind = "one-hot" if one_hot else "integer"
    call = f"cross_entropy_gradient(Z, labels) with {kind} labels"
    got = call_explained(student.cross_entropy_gradient, T(Z), _student_labels(y, k, one_hot), call=call,
                         hint=ONE_HOT_HINT if one_hot else INTEGER_LABELS_HINT)
    expected = torch_gradient(lambda Z_: F.cross_entropy(Z_, torch.tensor(y)), Z)
    P, Y = np_softmax(Z), np.eye(k)[y]
    check_close(got, expected, call=call, inputs={"Z": Z, "labels": Y if one_hot else y}, mistakes={
        "the gradient misses the 1/n: the loss is a mean over the rows, so divide softmax(Z) − Y by n": P - Y,
        "the gradient has the wrong sign: it is (softmax(Z) − Y) / n": (Y - P) / n,
        "the one-hot labels are not subtracted: the gradient is (softmax(Z) − Y) / n": P / n,
    })


@SEVERAL_EXAMPLES
@given(problem=gradient_problems(magnitude=5.0, rows=st.integers(1, 4)))
def test_cross_entropy_gradient_matches_finite_differences(student, reference, problem):
    Z, y, one_hot = problem
    k = Z.shape[1]
    call = f"cross_entropy_gradient(Z, labels) with {'one-hot' if one_hot else 'integer'} labels"
    got = call_explained(student.cross_entropy_gradient, T(Z), _student_labels(y, k, one_hot), call=call,
                         hint=ONE_HOT_HINT if one_hot else INTEGER_LABELS_HINT)
    numeric = central_difference(lambda Z_: float(reference.cross_entropy(T(Z_), torch.tensor(y))), Z)
    check_gradient(got, numeric, call=call, inputs={"Z": Z, "labels": y},
                   tol=tolerances.for_gradient(np.asarray(got).dtype))


def test_cross_entropy_gradient_uses_no_autograd(student, code):
    student.cross_entropy_gradient.call(T([[1.0, 2.0, 0.0], [0.5, 0.0, -1.0]]), torch.tensor([2, 0]),
                                        forbid_autograd=True)  # runs it, with autograd switched off
    check_no_autograd(code, "cross_entropy_gradient")


# ----------------------------------------------------------------- train_softmax


@st.composite
def small_softmax_problems(draw):
    classes = draw(st.integers(2, 4))
    return (classes, *draw(small_training_sets(classes=classes)))


@SEVERAL_EXAMPLES
@given(problem=small_softmax_problems())
def test_train_softmax_follows_the_convention(student, reference, problem):
    classes, X, y, epochs, lr = problem
    call, inputs = f"train_softmax(X, labels, {classes}, {epochs}, {lr:.6g})", {"X": X, "labels": y}
    W, b, losses = check_tuple(student.train_softmax(T(X), torch.tensor(y), classes, epochs, lr), ("W", "b", "losses"),
                          call=call)
    losses = check_losses(losses, epochs, call=call, inputs=inputs)
    want_W, want_b, want_losses = (t.numpy() for t in reference.train_softmax(T(X), torch.tensor(y), classes, epochs, lr))
    try:
        check_close(W, want_W, call=call + ": W, of shape (classes, d)", inputs=inputs, mistakes={
            "the steps go uphill: the update is W ← W − lr · Gᵀ X":
                lambda: reference.train_softmax(T(X), torch.tensor(y), classes, epochs, -lr)[0].numpy()})
        check_close(b, want_b, call=call + ": b", inputs=inputs)
        check_close(losses, want_losses, call=call + ": losses", inputs=inputs)
    except CheckFailure as failure:
        Z = T(X) @ torch.ones(X.shape[1], classes, dtype=torch.float64) * 0.1 + torch.arange(classes) * 0.2
        blame_helpers(failure, student, reference, {
            "cross_entropy_gradient": (Z, torch.tensor(y)), "cross_entropy": (Z, torch.tensor(y))},
            user="the training loop")


def separable_multiclass_data(seed, *, train=200, test=300):
    """Points labelled by the largest of k random linear scores, kept only when the top two differ by 0.5."""
    rng = np.random.default_rng(seed)
    d, k = int(rng.integers(2, 6)), int(rng.integers(3, 5))
    V, c = rng.standard_normal((k, d)), rng.uniform(-1.0, 1.0, k)

    def sample(n):
        X = 2 * rng.standard_normal((8 * n, d))
        scores = X @ V.T + c
        top_two = np.sort(scores, axis=1)[:, -2:]
        keep = top_two[:, 1] - top_two[:, 0] > 0.5
        return X[keep][:n], scores[keep][:n].argmax(axis=1)

    return (k, *sample(train), *sample(test))


@FEW_EXAMPLES
@given(seed=st.integers(0, 2**32 - 1))
def test_train_softmax_generalises(student, seed):
    k, X, y, X_test, y_test = separable_multiclass_data(seed)
    call, inputs = f"train_softmax(X, labels, {k}, 300, 0.5)", {"X": X, "labels": y}
    W, b, _ = check_tuple(student.train_softmax(T(X), torch.tensor(y), k, 300, 0.5), ("W", "b", "losses"), call=call)
    predicted = student.predict_softmax(T(X_test), T(W), T(b))
    predicted = check_shape(predicted, y_test.shape, call="predict_softmax(X_test, W, b)", inputs={"X_test": X_test})
    accuracy = float(np.mean(predicted == y_test))
    if accuracy < 0.9:
        raise CheckFailure(f"{call} on {len(y)} points of {k} linearly separable classes (seed {seed}), then "
                           f"predict_softmax on {len(y_test)} new points: accuracy {accuracy:.3f}, expected at least "
                           "0.9.\nhint: check the gradients (Gᵀ X for W, the column sums of G for b), the update "
                           "direction, and that predict_softmax takes the argmax of X Wᵀ + b along dim=1")


def test_train_softmax_uses_no_autograd(student, code):
    X, y = T([[1.0, 2.0], [-1.0, 0.5], [0.0, -1.0]]), torch.tensor([0, 1, 2])
    student.train_softmax.call(X, y, 3, 3, 0.1, forbid_autograd=True)  # runs it, with autograd switched off
    check_no_autograd(code, "train_softmax")


# ----------------------------------------------------------------- expected_calibration_error


def np_ece(probs, y, bins, *, weighted=True, signed=False, over_all_bins=False, confidence=None):
    """The ECE and its common wrong variants, on the trusted side."""
    top = probs.max(axis=1) if confidence is None else confidence
    correct = (probs.argmax(axis=1) == y).astype(float)
    which = np.minimum((top * bins).astype(int), bins - 1)
    gaps, sizes = [], []
    for i in range(bins):
        members = which == i
        if members.any():
            gap = correct[members].mean() - top[members].mean()
            gaps.append(gap if signed else abs(gap))
            sizes.append(members.sum())
    gaps, sizes = np.array(gaps), np.array(sizes)
    if over_all_bins:
        return gaps.sum() / bins
    return float(gaps @ sizes / len(y)) if weighted else float(gaps.mean())


@st.composite
def calibration_problems(draw):
    n, k, bins = draw(st.integers(1, 30)), draw(st.integers(2, 4)), draw(st.integers(1, 15))
    probs = np_softmax(draw(arrays(shape=(n, k), low=-4.0, high=4.0)))
    ordered = np.sort(probs, axis=1)
    assume(np.all(ordered[:, -1] - ordered[:, -2] > 1e-6))  # one clear prediction per row
    scaled = probs.max(axis=1) * bins
    assume(np.all(np.abs(scaled - np.round(scaled)) > 1e-6))  # no confidence on a bin edge
    return probs, draw(labels(rows=n, classes=k)), bins


@SOME_EXAMPLES
@given(problem=calibration_problems())
def test_expected_calibration_error_matches_definition(student, problem):
    probs, y, bins = problem
    true_class = probs[np.arange(len(y)), y]
    got = student.expected_calibration_error(T(probs), torch.tensor(y), bins)
    check_close(got, np_ece(probs, y, bins), call=f"expected_calibration_error(probs, labels, {bins})",
                inputs={"probs": probs, "labels": y}, mistakes={
                    "the bins are averaged without weights; weight each bin's gap by its share |B|/n of the examples":
                        lambda: np_ece(probs, y, bins, weighted=False),
                    "the gaps are divided by the number of bins; weight each bin's gap by |B|/n instead":
                        lambda: np_ece(probs, y, bins, over_all_bins=True),
                    "the absolute value is missing: ECE adds |accuracy − confidence| per bin":
                        lambda: np_ece(probs, y, bins, signed=True),
                    "the confidence is the probability of the predicted class (the row maximum), not of the true "
                    "class": lambda: np_ece(probs, y, bins, confidence=true_class),
                })


def test_expected_calibration_error_bins_are_closed_on_the_left(student):
    # confidences exactly on bin edges (0.5, 0.75 with B = 4) belong to the bin they open: [0.5, 0.75), [0.75, 1]
    probs = np.array([[0.75, 0.25, 0.0], [0.5, 0.25, 0.25], [0.25, 0.75, 0.0], [0.625, 0.375, 0.0]])
    y = np.array([0, 1, 1, 0])
    expected = np_ece(probs, y, 4)
    right_closed = _right_closed_ece(probs, y, 4)
    call = "expected_calibration_error(probs, labels, 4) with confidences on the bin edges 0.5 and 0.75"
    check_close(student.expected_calibration_error(T(probs), torch.tensor(y), 4), expected, call=call,
                inputs={"probs": probs, "labels": y},
                mistakes={"a confidence exactly on an edge i/B belongs to bin i, the one it opens: bins are "
                          "[i/B, (i+1)/B), so use floor(c B) (with the last bin closed at 1)": right_closed})


def _right_closed_ece(probs, y, bins):
    """The ECE with bins (i/B, (i+1)/B] (a common mistake), on the trusted side."""
    top = probs.max(axis=1)
    which = np.clip(np.ceil(top * bins).astype(int) - 1, 0, bins - 1)
    correct = (probs.argmax(axis=1) == y).astype(float)
    return float(sum(abs(correct[which == i].mean() - top[which == i].mean()) * np.sum(which == i)
                     for i in range(bins) if np.any(which == i)) / len(y))


def test_expected_calibration_error_puts_one_in_the_last_bin(student):
    probs, y = np.array([[1.0, 0.0], [0.0, 1.0], [0.3, 0.7]]), np.array([0, 0, 1])
    # confidences 1, 1, 0.7 (right, wrong, right): last bin 2/3 * |1/2 − 1| + bin 7: 1/3 * |1 − 0.7|
    call = "expected_calibration_error(probs, labels, 10) with confidences equal to 1"
    got = call_explained(student.expected_calibration_error, T(probs), torch.tensor(y), 10, call=call,
                         hint="a confidence of exactly 1 gives floor(1 · B) = B, one past the last bin; put it in "
                              "bin B − 1 (for example with min(floor(c B), B − 1))")
    check_close(got, 2 / 3 * 0.5 + 0.3 / 3, call=call, inputs={"probs": probs, "labels": y},
                mistakes={"a confidence of exactly 1 belongs to the last bin, [(B−1)/B, 1]; it seems to have been "
                          "dropped": 0.3 / 3,
                          "the bins are averaged without weights; weight each bin's gap by its share |B|/n of the "
                          "examples": (0.5 + 0.3) / 2})
