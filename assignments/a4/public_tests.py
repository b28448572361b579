"""Public self-checks for a4: hand-computed values and the lecture's datasets.

Students run these from their notebook; the grader runs them too. They use
known answers only (no reference solution), so they can be shipped.
"""

from types import SimpleNamespace

import numpy as np

from autograder.checks import CheckFailure, check_close, tolerances
from autograder.checks.returns import blame_helpers, check_losses, check_tuple

#: The lecture's 25-point dataset (one feature).
X_LECTURE = (np.arange(1, 26) / 10).reshape(-1, 1)
Y_LECTURE = np.array([0.27, 0.30, 0.38, 0.36, 0.39, 0.42, 0.45, 0.40, 0.45, 0.54, 0.57, 0.60, 0.60,
                      0.66, 0.69, 0.72, 0.75, 0.78, 0.81, 0.84, 0.87, 0.90, 0.93, 0.96, 0.99])

#: Hints both the public checks and the hidden tests give (defined once, here).
BIAS_FIRST = "the bias is read from theta[0]; the convention puts it last, theta = (w_1, ..., w_d, b)"
SIGMA_NOT_VARIANCE = "you returned σ, the standard deviation; the task asks for the variance σ²"

#: The lectures' collinear example: the first two features are equal.
X_COLLINEAR = np.array([[8.0, 8.0, 98.0], [43.0, 43.0, 21.0], [12.0, 12.0, 16.0], [87.0, 87.0, 44.0]])


def simple_regression(x, y):
    """Slope and intercept of the one-feature least-squares line: w = cov(x, y) / var(x), b = ȳ − w x̄."""
    dx, dy = x - x.mean(), y - y.mean()
    w = (dx @ dy) / (dx @ dx)
    return np.array([w, y.mean() - w * x.mean()])


def test_design_matrix_known_values(student):
    X = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    expected = np.array([[1.0, 2.0, 1.0], [3.0, 4.0, 1.0], [5.0, 6.0, 1.0]])
    check_close(student.design_matrix(X), expected, call="design_matrix(X)", inputs={"X": X})


def test_ls_loss_known_values(student):
    X, y = np.array([[1.0], [2.0], [3.0]]), np.array([1.0, 3.0, 2.0])
    # theta = (w, b) = (1, 0): predictions 1, 2, 3; residuals 0, -1, 1; mean square 2/3
    theta = np.array([1.0, 0.0])
    check_close(student.ls_loss(X, y, theta), 2 / 3, call="ls_loss(X, y, theta)",
                inputs={"X": X, "y": y, "theta": theta}, mistakes={
                    "you returned the sum of the squared residuals; the loss is their mean": 2.0,
                    "there is no factor 1/2 in this course's loss": 1 / 3,
                    # bias first: b = 1, w = 0; predictions 1, 1, 1; residuals 0, -2, -1; mean square 5/3
                    BIAS_FIRST: 5 / 3})
    # theta = (0.5, 1): predictions 1.5, 2, 2.5; residuals 0.5, -1, 0.5; mean square 1.5 / 3
    theta = np.array([0.5, 1.0])
    check_close(student.ls_loss(X, y, theta), 0.5, call="ls_loss(X, y, theta)",
                inputs={"X": X, "y": y, "theta": theta})


def test_ls_gradient_known_values(student):
    X, y, theta = np.array([[1.0], [2.0], [3.0]]), np.array([1.0, 3.0, 2.0]), np.array([1.0, 0.0])
    # residuals r = (0, -1, 1); Aᵀr = (0 - 2 + 3, 0 - 1 + 1) = (1, 0); times 2/n = 2/3
    check_close(student.ls_gradient(X, y, theta), np.array([2 / 3, 0.0]), call="ls_gradient(X, y, theta)",
                inputs={"X": X, "y": y, "theta": theta}, mistakes={
                    "the factor 2 is missing: the derivative of r² is 2r": np.array([1 / 3, 0.0]),
                    "the 1/n is missing: the loss is a mean, and so is its gradient": np.array([2.0, 0.0])})


def test_has_collinear_features_known_cases(student):
    cases = [
        (X_COLLINEAR, True, "the lectures' example, whose first two features are equal"),
        (np.array([[0.0], [1.0], [2.0]]), False, "one feature that is not constant"),
        (np.array([[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]]), True, "a constant second feature (a multiple of the ones column)"),
    ]
    for X, expected, what in cases:
        got = student.has_collinear_features(X)
        if not isinstance(got, (bool, np.bool_)) or bool(got) != expected:
            hint = ("\nhint: the bias's column of ones counts: check the rank of [X | 1], not of X alone"
                    if "constant" in what else "")
            raise CheckFailure(f"has_collinear_features(X) for {what}\n  X = {X.tolist()}\n"
                               f"returned {got!r}, expected {expected}.{hint}")


def test_ls_closed_form_lecture_data(student):
    # Known answer: w ≈ 0.3011, b ≈ 0.2338.
    expected = simple_regression(X_LECTURE[:, 0], Y_LECTURE)
    x = X_LECTURE[:, 0]
    without_bias = np.array([(x @ Y_LECTURE) / (x @ x), 0.0])  # the best line through the origin
    check_close(student.ls_closed_form(X_LECTURE, Y_LECTURE), expected, call="ls_closed_form(X, y)",
                inputs={"X": X_LECTURE, "y": Y_LECTURE}, mistakes={
                    "theta looks like the solution without the bias: solve with the design matrix [X | 1]": without_bias})


def test_ridge_closed_form_known_values(student):
    X = np.array([[1.0], [-1.0]])
    # AᵀA = 2 I, Aᵀy = (2, 0) for y = (1, -1); with n lam = 1 the weight is 2 / (2 + 1)
    sum_convention = "the penalty is missing the factor n: with the mean loss the system is (AᵀA + n lam D) theta = Aᵀy"
    y = np.array([1.0, -1.0])
    check_close(student.ridge_closed_form(X, y, 0.5), np.array([2 / 3, 0.0]), call="ridge_closed_form(X, y, 0.5)",
                inputs={"X": X, "y": y}, mistakes={sum_convention: np.array([0.8, 0.0])})
    # Shifting the targets by 2 moves only the bias, which is not penalised.
    y = np.array([3.0, 1.0])
    check_close(student.ridge_closed_form(X, y, 0.5), np.array([2 / 3, 2.0]), call="ridge_closed_form(X, y, 0.5)",
                inputs={"X": X, "y": y}, mistakes={
                    "the bias is penalised too: the penalty is lam ‖w‖², with no term for b": np.array([2 / 3, 4 / 3]),
                    sum_convention: np.array([0.8, 2.0])})


def test_ls_step_size_known_values(student):
    X = np.array([[1.0], [-1.0]])  # AᵀA = 2 I, so L = (2/2) * 2 = 2
    check_close(student.ls_step_size(X), 0.5, call="ls_step_size(X)", inputs={"X": X}, mistakes={
        "the step is 2/L, the edge of divergence: L = (2/n) λ_max(AᵀA), and the step is 1/L": 1.0})
    X = np.array([[0.0], [0.0], [3.0]])  # AᵀA = [[9, 3], [3, 3]]: eigenvalues 6 ± 3√2; XᵀX = 9
    check_close(student.ls_step_size(X), 1 / (4 + 2 * np.sqrt(2)), call="ls_step_size(X)", inputs={"X": X}, mistakes={
        "the step is 2/L, the edge of divergence: L = (2/n) λ_max(AᵀA), and the step is 1/L": 2 / (4 + 2 * np.sqrt(2)),
        "the step misses the 2/n of L = (2/n) λ_max(AᵀA): the gradient of the mean loss is (2/n) Aᵀ(A theta − y)":
            1 / (6 + 3 * np.sqrt(2)),
        "λ_max is taken from XᵀX; the bias is a parameter too, so use the design matrix: L = (2/n) λ_max(AᵀA)": 1 / 6,
        "you used the smallest eigenvalue; the step must respect the steepest direction, λ_max":
            1 / (4 - 2 * np.sqrt(2))})


def test_ls_gradient_descent_lecture_data(student):
    epochs = 500
    call, inputs = "ls_gradient_descent(X, y, 500)", {"X": X_LECTURE, "y": Y_LECTURE}
    theta, losses = check_tuple(student.ls_gradient_descent(X_LECTURE, Y_LECTURE, epochs), ("theta", "losses"),
                                call=call)
    losses = check_losses(losses, epochs, call=call, inputs=inputs)
    try:
        check_close(losses[0], np.mean(Y_LECTURE ** 2), call=call + "[1][0] (the loss at theta = 0)", inputs=inputs)
    except CheckFailure as failure:
        blame_helpers_of_descent(student, failure)
    # After 500 steps of size 1/L the error has shrunk by (1 - 1/17.8)^500 ≈ 1e-13. A float32 gradient (accepted in
    # its own task) stops the descent at float32 precision, so the end point is judged at that precision then.
    try:
        gradient = student.ls_gradient(X_LECTURE, Y_LECTURE, np.zeros(2))
    except Exception:  # not written (descent may compute its gradient inline): judge at float64
        gradient = None
    tol = tolerances.FLOAT32 if getattr(gradient, "dtype", None) == np.float32 else None
    try:
        check_close(theta, simple_regression(X_LECTURE[:, 0], Y_LECTURE), call=call + "[0] (theta)", inputs=inputs,
                    tol=tol)
    except CheckFailure as failure:
        blame_helpers_of_descent(student, failure)


#: What the helpers gradient descent builds on return on the lecture data: the loss at theta = 0 is the
#: mean of y², and the step 1/L = n / (2 λ_max(AᵀA)) (λ_max from numpy.linalg.eigvalsh).
HELPERS_ON_LECTURE_DATA = {"ls_loss": (X_LECTURE, Y_LECTURE, np.zeros(2)), "ls_step_size": (X_LECTURE,)}
KNOWN = SimpleNamespace(ls_loss=lambda X, y, theta: np.mean(Y_LECTURE ** 2), ls_step_size=lambda X: 0.16453405392422746)


def blame_helpers_of_descent(student, failure):
    """Re-raise ``failure`` with the hidden tests' hint when a helper of the student's is wrong."""
    blame_helpers(failure, student, KNOWN, HELPERS_ON_LECTURE_DATA, user="gradient descent")


def test_noise_variance_known_values(student):
    X, y = np.array([[0.0], [1.0], [2.0], [3.0]]), np.array([0.0, 1.0, 1.0, 2.0])
    # best line 0.6 x + 0.1; residuals -0.1, 0.3, -0.3, 0.1; mean square 0.2 / 4
    check_close(student.noise_variance(X, y), 0.05, call="noise_variance(X, y)", inputs={"X": X, "y": y}, mistakes={
        "you divided by n − d − 1 = 2 (the unbiased estimate); the maximum-likelihood σ² divides by n = 4": 0.1,
        "you returned the sum of the squared residuals; σ² is their mean": 0.2,
        SIGMA_NOT_VARIANCE: np.sqrt(0.05),
        # the line through the origin, 9/14 x, leaves residuals 0, 5/14, -4/14, 1/14: mean square 3/56
        "the fit has no bias: fit theta with ls_closed_form, which includes the column of ones": 3 / 56})


def test_plot_fit_draws_both_panels(student):
    theta = simple_regression(X_LECTURE[:, 0], Y_LECTURE)
    losses = np.geomspace(1.0, 1e-3, 20)
    figure = student.plot_fit(X_LECTURE[:, 0], Y_LECTURE, theta, theta + 0.01, losses)
    call = "plot_fit(x, y, theta_closed, theta_gd, losses)"
    axes = getattr(figure, "axes", None)
    if not isinstance(axes, list):
        raise CheckFailure(f"{call} returned {figure!r}; it must return the matplotlib figure (return fig).")
    if len(axes) != 2:
        raise CheckFailure(f"{call} returned a figure with {len(axes)} axes; it needs two axes side by side "
                           "(fig, (left, right) = plt.subplots(1, 2)): the fits, and the loss curve.")
    fits, curve = axes
    problems = []
    if fits["collections"] < 1:
        problems.append("the first axes has no scatter plot of the data (use left.scatter(x, y))")
    if fits["lines"] < 2:
        problems.append(f"the first axes has {fits['lines']} line(s); draw both fitted lines with left.plot")
    if curve["lines"] < 1:
        problems.append("the second axes has no loss curve (use right.plot(losses))")
    if curve["yscale"] != "log":
        problems.append(f"the loss axes has a {curve['yscale']} y scale; use right.set_yscale('log')")
    for name, ax in (("first", fits), ("second", curve)):
        missing = [part for part in ("title", "xlabel", "ylabel") if not ax[part]]
        if missing:
            problems.append(f"the {name} axes has no {', no '.join(missing)}")
    if problems:
        raise CheckFailure(f"{call} returned a figure that is not complete:\n- " + "\n- ".join(problems))
