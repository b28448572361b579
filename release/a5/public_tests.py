"""Public self-checks for a5: hand-computed values and the lectures' dummy datasets.

Students run these from their notebook; the grader runs them too. They use
known answers only (no reference solution), so they can be shipped.
"""

import math
from contextlib import contextmanager
from types import SimpleNamespace

import numpy as np
import torch

from autograder.checks import CheckFailure, check_close, check_shape
from autograder.checks.returns import blame_helpers, call_explained, check_losses, check_tuple

#: The lectures' binary dummy data: 7 examples, 6 features, and two unseen examples.
X_BINARY = np.array([[0.4, 0.5, 0.8, 0, 0, 0], [0.2, 0.7, 0.4, 0, 0, 0], [0.7, 0.2, 0.7, 0, 0, 0],
                     [0, 0, 0, 0.6, 0.9, 0.4], [0, 0, 0, 0.5, 0.4, 0.2], [0, 0, 0, 0.9, 0.8, 0.5],
                     [0, 0, 0, 0.8, 0.3, 0.6]])
Y_BINARY = np.array([0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0])
X_UNSEEN = np.array([[0.4, 0.8, 0.8, 0, 0, 0], [0, 0, 0, 0.6, 0.8, 0.8]])

#: The lectures' three-class dummy data: 10 examples, 6 features; the one-hot labels as indices.
X_THREE = np.vstack([X_BINARY, [[0, 0, 0, 0.5, 0, 0], [0, 0, 0, 0.9, 0, 0], [0, 0, 0, 0.8, 0, 0]]])
LABELS_THREE = np.array([2, 2, 2, 0, 0, 0, 0, 1, 1, 1])


def tensor(values, dtype=torch.float64):
    return torch.tensor(np.asarray(values), dtype=dtype)


#: Small inputs of the checks below: logits whose softmax rows are (1/2, 1/2) and (1/4, 3/4), labels 1 and 0.
Z_SMALL, LABELS_SMALL = tensor([[0.0, 0.0], [0.0, math.log(3)]]), torch.tensor([1, 0])
#: The gradient of the mean cross-entropy there: softmax rows minus one-hot rows, divided by n = 2.
GRADIENT_SMALL = np.array([[0.25, -0.25], [-0.375, 0.375]])

#: What the helpers a later task builds on return on small inputs, worked out by hand above: when the later task
#: fails, a helper that gets these wrong is the first thing to fix (the hidden tests say the same).
KNOWN = SimpleNamespace(
    softmax=lambda Z: np.array([[0.5, 0.5], [0.25, 0.75]]),
    cross_entropy=lambda Z, labels: 1.5 * math.log(2),  # (-log(1/2) - log(1/4)) / 2
    cross_entropy_gradient=lambda Z, labels: GRADIENT_SMALL,
    bce_with_logits=lambda z, y: math.log(2),  # σ(0) = 1/2 for a label 1
    logistic_gradient=lambda X, y, w, b: (np.array([-0.5]), 0.0),  # see test_logistic_gradient_known_values
)
LOGISTIC_HELPERS = {"logistic_gradient": (tensor([[1.0], [-1.0]]), tensor([1.0, 0.0]), tensor([0.0]), 0.0),
                    "bce_with_logits": (tensor([0.0]), tensor([1.0]))}
SOFTMAX_HELPERS = {"cross_entropy_gradient": (Z_SMALL, LABELS_SMALL), "cross_entropy": (Z_SMALL, LABELS_SMALL)}


@contextmanager
def blaming(student, helpers, user="the training loop"):
    """A failed check in this block also names the helpers (of ``helpers``) that get their known answer wrong."""
    try:
        yield
    except CheckFailure as failure:
        blame_helpers(failure, student, KNOWN, helpers, user=user)


def test_sigmoid_known_values(student):
    z = tensor([0.0, math.log(3), -math.log(3), 1000.0, -1000.0])
    check_close(student.sigmoid(z), np.array([0.5, 0.75, 0.25, 1.0, 0.0]), call="sigmoid(z)",
                inputs={"z": z.numpy()}, mistakes={  # exp(z) / (1 + exp(z)) is inf / inf at z = 1000
                    "exp overflows to inf for arguments above about 709, and inf / inf is nan; only ever "
                    "exponentiate −|z|": np.array([0.5, 0.75, 0.25, np.nan, 0.0])})


def test_bce_known_values(student):
    p, y = tensor([0.5]), tensor([1.0])
    check_close(student.bce(p, y), math.log(2), call="bce(p, y)", inputs={"p": p.numpy(), "y": y.numpy()})
    p, y = tensor([0.9, 0.2]), tensor([1.0, 0.0])
    check_close(student.bce(p, y), -(math.log(0.9) + math.log(0.8)) / 2, call="bce(p, y)",
                inputs={"p": p.numpy(), "y": y.numpy()},
                mistakes={"you returned the sum over the examples; the loss is their mean":
                          -(math.log(0.9) + math.log(0.8))})
    # logits 0, 1000 and -1000 with labels 1, 0 and 1: losses log 2, 1000 and 1000
    z, y = tensor([0.0, 1000.0, -1000.0]), tensor([1.0, 0.0, 1.0])
    check_close(student.bce_with_logits(z, y), (math.log(2) + 2000) / 3, call="bce_with_logits(z, y)",
                inputs={"z": z.numpy(), "y": y.numpy()}, mistakes={
                    "for large |z|, σ(z) is within rounding of 0 or 1, so going through σ and log loses digits "
                    "(or gives inf); compute max(z, 0) + log1p(exp(−|z|)) − y z from the logits directly": math.inf})


def test_logistic_gradient_known_values(student):
    X, y, w = tensor([[1.0], [-1.0]]), tensor([1.0, 0.0]), tensor([0.0])
    # σ(0) = 1/2 for both; errors (-1/2, 1/2); grad_w = (1·(-1/2) + (-1)·(1/2)) / 2, grad_b = 0
    call, inputs = "logistic_gradient(X, y, w, b)", {"X": X.numpy(), "y": y.numpy(), "w": w.numpy(), "b": 0.0}
    got = check_tuple(student.logistic_gradient(X, y, w, 0.0), ("grad_w", "grad_b"), call=call)
    check_close(got[0], np.array([-0.5]), call=call + "[0] (grad_w)", inputs=inputs,
                mistakes={"the gradient misses the 1/m: the loss is a mean over the m examples": np.array([-1.0])})
    check_close(got[1], 0.0, call=call + "[1] (grad_b)", inputs=inputs)


def test_train_logistic_lecture_data(student):
    X, y = tensor(X_BINARY), tensor(Y_BINARY)
    call, inputs = "train_logistic(X, y, 300, 0.05)", {"X": X_BINARY, "y": Y_BINARY}
    w, b, losses = check_tuple(student.train_logistic(X, y, 300, 0.05), ("w", "b", "losses"), call=call)
    losses = check_losses(losses, 300, call=call, inputs=inputs)
    with blaming(student, LOGISTIC_HELPERS):
        check_close(losses[0], math.log(2), call=f"{call}: losses[0], the loss at w = 0, b = 0", inputs=inputs)
    if not losses[-1] < losses[0]:
        raise CheckFailure(f"{call}: the loss did not decrease ({losses[0]:.4g} → {losses[-1]:.4g}).\n"
                           "hint: the update is w ← w − lr · grad_w (and the same for b)")
    b = float(b)
    with blaming(student, LOGISTIC_HELPERS):
        check_close(student.predict_logistic(tensor(X_BINARY), tensor(w), b), Y_BINARY.astype(np.int64),
                    call="predict_logistic(X, w, b) on the training examples", inputs=inputs)
    check_close(student.predict_logistic(tensor(X_UNSEEN), tensor(w), b), np.array([0, 1]),
                call="predict_logistic(X_unseen, w, b) on the two unseen examples", inputs={"X_unseen": X_UNSEEN})


def test_softmax_known_values(student):
    Z = tensor([[0.0, math.log(2), math.log(3)], [1000.0, 1000.0, -1000.0]])
    got = call_explained(student.softmax, Z, call="softmax(Z)",
                         hint="the row maxima must broadcast against Z of shape (n, k): use "
                              "Z.max(dim=1, keepdim=True).values, of shape (n, 1)")
    check_close(got, np.array([[1 / 6, 2 / 6, 3 / 6], [0.5, 0.5, 0.0]]), call="softmax(Z)",
                inputs={"Z": Z.numpy()}, mistakes={
                    "each column sums to 1 instead of each row: normalise along dim=1":
                        np.array([[0.0, 0.0, 1.0], [1.0, 1.0, 0.0]]),
                    "the unstable softmax overflows: exp(z) is inf for z above about 709. Subtract each row's "
                    "maximum before exponentiating; it does not change the result":
                        np.array([[1 / 6, 2 / 6, 3 / 6], [np.nan, np.nan, 0.0]])})


def test_softmax_temperature_known_values(student):
    Z = tensor([[0.0, 2.0], [4.0, 0.0]])
    # dividing by tau = 2 gives logits (0, 1) and (2, 0)
    expected = np.array([[1 / (1 + math.e), math.e / (1 + math.e)],
                         [math.e ** 2 / (1 + math.e ** 2), 1 / (1 + math.e ** 2)]])
    # multiplying by tau instead gives logits (0, 4) and (8, 0)
    multiplied = np.array([[1 / (1 + math.e ** 4), math.e ** 4 / (1 + math.e ** 4)],
                           [math.e ** 8 / (1 + math.e ** 8), 1 / (1 + math.e ** 8)]])
    with blaming(student, {"softmax": (Z_SMALL,)}, user="softmax_temperature"):
        check_close(student.softmax_temperature(Z, 2.0), expected, call="softmax_temperature(Z, 2.0)",
                    inputs={"Z": Z.numpy()}, mistakes={
                        "the logits are multiplied by tau; the temperature divides them: softmax(Z / tau)": multiplied})


def test_logsumexp_known_values(student):
    Z = tensor([[0.0, 0.0], [1000.0, 1000.0], [math.log(2), math.log(3)]])
    check_close(student.logsumexp(Z), np.array([math.log(2), 1000 + math.log(2), math.log(5)]), call="logsumexp(Z)",
                inputs={"Z": Z.numpy()}, mistakes={  # log Σ exp(z) overflows to inf on the second row
                    "exp overflows for logits above about 709: take c = the row maximum and compute "
                    "c + log Σ exp(z − c)": np.array([math.log(2), math.inf, math.log(5)])})


def test_cross_entropy_known_values(student):
    Z = tensor([[0.0, 0.0], [1000.0, -1000.0], [1000.0, -1000.0]])
    labels = torch.tensor([1, 1, 0])
    expected = (math.log(2) + 2000.0 + 0.0) / 3  # per row: logsumexp(z) − z[label]
    call, inputs = "cross_entropy(Z, labels)", {"Z": Z.numpy(), "labels": labels.numpy()}
    check_close(student.cross_entropy(Z, labels), expected, call=call + " with integer labels", inputs=inputs,
                mistakes={"you returned the sum over the rows; the loss is their mean": 3 * expected,
                          "integer labels were used as column indices: pick one entry per row with "
                          "log_probs[torch.arange(n), labels]": (3 * math.log(2) + 8000) / 9})
    one_hot = tensor([[0.0, 1.0], [0.0, 1.0], [1.0, 0.0]])
    check_close(student.cross_entropy(Z, one_hot), expected, call=call + " with one-hot labels",
                inputs={"Z": Z.numpy(), "labels": one_hot.numpy()})


def test_cross_entropy_gradient_known_values(student):
    Z, labels = Z_SMALL, LABELS_SMALL
    with blaming(student, {"softmax": (Z,)}, user="cross_entropy_gradient"):
        check_close(student.cross_entropy_gradient(Z, labels), GRADIENT_SMALL, call="cross_entropy_gradient(Z, labels)",
                    inputs={"Z": Z.numpy(), "labels": labels.numpy()},
                    mistakes={"the gradient misses the 1/n: the loss is a mean over the rows, so divide softmax(Z) − Y "
                              "by n": 2 * GRADIENT_SMALL})


def test_train_softmax_lecture_data(student):
    X, labels = tensor(X_THREE), torch.tensor(LABELS_THREE)
    call, inputs = "train_softmax(X, labels, 3, 300, 0.09)", {"X": X_THREE, "labels": LABELS_THREE}
    W, b, losses = check_tuple(student.train_softmax(X, labels, 3, 300, 0.09), ("W", "b", "losses"), call=call)
    check_shape(W, (3, 6), call=f"{call}: W", inputs=inputs)
    check_shape(b, (3,), call=f"{call}: b", inputs=inputs)
    losses = check_losses(losses, 300, call=call, inputs=inputs)
    with blaming(student, SOFTMAX_HELPERS):
        check_close(losses[0], math.log(3), call=f"{call}: losses[0], the loss at W = 0, b = 0", inputs=inputs)
        check_close(student.predict_softmax(X, tensor(W), tensor(b)), LABELS_THREE,
                    call="predict_softmax(X, W, b) on the training examples", inputs=inputs)


def test_expected_calibration_error_known_values(student):
    probs = tensor([[0.95, 0.05], [0.85, 0.15], [0.15, 0.85], [0.35, 0.65]])
    labels = torch.tensor([0, 0, 0, 1])
    # confidences 0.95, 0.85, 0.85, 0.65; correct: yes, yes, no, yes; with 5 bins of width 0.2:
    # bin [0.8, 1): 3 examples, accuracy 2/3, mean confidence 2.65/3  -> 3/4 * 0.65/3 = 0.1625
    # bin [0.6, 0.8): 1 example, accuracy 1, confidence 0.65          -> 1/4 * 0.35   = 0.0875
    check_close(student.expected_calibration_error(probs, labels, 5), 0.25,
                call="expected_calibration_error(probs, labels, 5)",
                inputs={"probs": probs.numpy(), "labels": labels.numpy()},
                mistakes={"the bins are averaged without weights; weight each bin by its share |B|/n of the "
                          "examples": (0.65 / 3 + 0.35) / 2})
