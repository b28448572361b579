"""Hidden tests for a4 (secret: never shipped to students).

Least squares are compared with ``numpy.linalg.lstsq`` on drawn, well-conditioned problems, by predictions and loss
as well as parameters, so every correct way of solving (solve, lstsq, pinv, QR, Cholesky) passes."""

import numpy as np
import torch
from hypothesis import assume

from autograder.checks import (central_difference, check_close, check_dtype, check_gradient, check_shape,
                               check_vectorized, torch_gradient)
from autograder.checks.returns import check_losses, check_tuple
from autograder.checks.static import check_numpy_only, library_calls
from autograder.testkit import (Call, CheckFailure, built_on, by_hand, check_call, check_plotted, check_result,
                                draws, example, examples, fail, figure_axes, given, st, tolerances)
from autograder.testkit.strategies import arrays, floats, well_conditioned_matrices
from autograder.testrun.modules import public_tests_for

PUBLIC = public_tests_for(__file__)  # the public tests hold the hints both sides give


def design(X):
    return np.hstack([X, np.ones((len(X), 1))])


def lstsq(X, y):
    return np.linalg.lstsq(design(X), y, rcond=None)[0]


def curvatures(X):  # the eigenvalues of AᵀA, A = [X | 1], ascending: the loss's curvatures up to the factor 2/n
    return np.linalg.eigvalsh(design(X).T @ design(X))


@st.composite
def regression_problems(draw, *, max_condition=1e3, spare_rows=1):
    """{X, y}: y = [X | 1] θ + noise, cond([X | 1]) <= max_condition, n >= d + 1 + spare_rows (residuals remain)."""
    d = draw(st.integers(1, 4))
    n = draw(st.integers(d + 1 + spare_rows, 16))
    X = draw(well_conditioned_matrices(rows=n, cols=d, max_condition=20.0)) * draw(floats(low=1.0, high=8.0))
    X = X + draw(arrays(shape=(d,), low=-2.0, high=2.0))
    y = design(X) @ draw(arrays(shape=(d + 1,), low=-5.0, high=5.0)) + draw(arrays(shape=(n,), low=-1.0, high=1.0))
    assume(np.linalg.cond(design(X)) <= max_condition)
    return {"X": X, "y": y}


@st.composite
def loss_inputs(draw):
    """{X, y, theta} with moderate entries, so finite differences stay accurate."""
    d, n = draw(st.integers(1, 4)), draw(st.integers(1, 12))
    return {"X": draw(arrays(shape=(n, d), low=-3.0, high=3.0)), "y": draw(arrays(shape=(n,), low=-3.0, high=3.0)),
            "theta": draw(arrays(shape=(d + 1,), low=-3.0, high=3.0))}


def check_ignores_row_order(student, call, data, shape=()):
    """The student's result for ``call`` (of ``shape``) stays the same when the rows of X and y are reordered."""
    order = np.array(data.draw(st.permutations(range(len(call.inputs["y"])))), dtype=int)
    original = check_shape(call.run(student), shape, call=call.text, inputs=call.shown)
    shuffled = call.but(X=call.inputs["X"][order], y=call.inputs["y"][order])
    check_close(shuffled.run(student), original, inputs={**call.shown, "order": order},
                call=f"{call.text.replace('X, y', 'X[order], y[order]')} compared with {call.text}")


# ----------------------------------------------------------------- design_matrix


@draws(20, X=arrays(shape=st.tuples(st.integers(0, 8), st.integers(1, 4))))
def test_design_matrix_matches_definition(student, reference, X):
    check_call(student, Call("design_matrix", X=X), reference.design_matrix, mistakes={
        "the column of ones is first; the convention puts it last, so that theta = (w, b) ends with the bias":
            lambda X: np.hstack([np.ones((len(X), 1)), X])})


@draws(20, X=arrays(shape=st.tuples(st.integers(1, 6), st.integers(1, 4)), dtype=np.float32))
def test_design_matrix_keeps_the_dtype(student, reference, X):
    call = Call("design_matrix", X=X)
    check_dtype(check_call(student, call, reference.design_matrix), X.dtype, call=f"{call.text} for a float32 X",
                inputs=call.shown, why="the notebook asks for A in the dtype of X: np.ones((n, 1)) is float64 and "
                "np.hstack then promotes everything to float64; pass dtype=X.dtype to np.ones (or use np.ones_like)")


def test_design_matrix_is_vectorized(student, code):
    check_vectorized(code, student.design_matrix, np.ones((3, 2)))


# ----------------------------------------------------------------- ls_loss


LOSS_MISTAKES = {
    "you returned the sum of the squared residuals; the loss is their mean (divide by n)":
        lambda X, y, t: np.sum((design(X) @ t - y) ** 2),
    "there is no factor 1/2 in this course's loss: (1/n) ‖A theta − y‖²":
        lambda X, y, t: np.mean((design(X) @ t - y) ** 2) / 2,
    "you took a square root: the loss is the mean squared error, not its root":
        lambda X, y, t: np.sqrt(np.mean((design(X) @ t - y) ** 2)),
    "the bias is missing: predictions are A theta = X w + b, with b = theta[-1]":
        lambda X, y, t: np.mean((X @ t[:-1] - y) ** 2),
    PUBLIC.BIAS_FIRST: lambda X, y, t: np.mean((X @ t[1:] + t[0] - y) ** 2),
}


@examples(20)  # every loss mistake gives another value on the @example (a shrunk X = [[0]] tells none apart)
@example(problem={"X": np.array([[1.0], [2.0]]), "y": np.array([0.5, -1.0]), "theta": np.array([2.0, -3.0])})
@given(problem=loss_inputs())
def test_ls_loss_matches_definition(student, reference, problem):
    check_call(student, Call("ls_loss", **problem), reference.ls_loss, mistakes=LOSS_MISTAKES)


@draws(20, problem=loss_inputs(), data=st.data())
def test_ls_loss_ignores_row_order(student, problem, data):
    check_ignores_row_order(student, Call("ls_loss", **problem), data)


def test_ls_loss_is_vectorized(student, code):
    check_vectorized(code, student.ls_loss, np.ones((3, 2)), np.ones(3), np.ones(3),
                     batch=lambda n: (np.ones((n, 2)), np.ones(n), np.ones(3)))  # theta does not grow with n


# ----------------------------------------------------------------- ls_gradient


def torch_loss(X, y, theta):
    return torch.mean((torch.cat([X, torch.ones(len(X), 1, dtype=X.dtype)], dim=1) @ theta - y) ** 2)


GRADIENT_MISTAKES = {
    "the factor 2 is missing: the derivative of a square r² is 2r, so the gradient is (2/n) Aᵀ(A theta − y)":
        lambda X, y, t: design(X).T @ (design(X) @ t - y) / len(y),
    "the gradient misses the 1/n: the loss is a mean, so is its gradient, (2/n) Aᵀ(A theta − y)":
        lambda X, y, t: 2 * design(X).T @ (design(X) @ t - y),
    "the gradient has the wrong sign: it is (2/n) Aᵀ(A theta − y), pointing uphill":
        lambda X, y, t: -2 * design(X).T @ (design(X) @ t - y) / len(y),
}


@draws(20, problem=loss_inputs())
def test_ls_gradient_matches_autograd(student, problem):
    call = Call("ls_gradient", **problem)
    check_call(student, call, torch_gradient(torch_loss, *call.args, wrt=2), mistakes=GRADIENT_MISTAKES)


@draws(20, problem=loss_inputs())
def test_ls_gradient_matches_finite_differences(student, reference, problem):
    call, (X, y, theta) = Call("ls_gradient", **problem), problem.values()
    check_gradient(call.run(student), central_difference(lambda t: reference.ls_loss(X, y, t), theta),
                   call=call.text, inputs=call.shown, tol=tolerances.FINITE_DIFFERENCE)


#: A small problem for the tests that only need a function to run.
SMALL = {"X": np.array([[1.0, 2.0], [0.5, -1.0], [3.0, 0.0]]), "y": np.array([1.0, 0.0, 2.0])}


def test_ls_gradient_uses_no_autograd(student, code):
    by_hand(student, code, Call("ls_gradient", **SMALL, theta=np.array([0.1, 0.2, 0.3])))
    check_numpy_only(code, "ls_gradient")  # the notebook: "with NumPy operations only"


# ----------------------------------------------------------------- has_collinear_features


def collinear_variants(X):
    """Variants of a full-rank X whose design matrix is rank deficient, each with a description."""
    first = X[:, :1]
    return [
        ("a copy of the first column appended", np.hstack([X, first])),
        ("3 times the first column appended", np.hstack([X, 3.0 * first])),
        ("a constant column appended (a multiple of the column of ones)", np.hstack([X, np.full_like(first, 2.5)])),
        ("the first column plus 1 appended (a combination of the first column and the ones)", np.c_[X, first + 1]),
        (f"only {X.shape[1]} rows, fewer than the {X.shape[1] + 1} parameters", X[: X.shape[1]]),
    ] + [("the sum of the first two columns appended", np.c_[X, first + X[:, 1:2]])] * (X.shape[1] > 1)


@draws(20, problem=regression_problems())
def test_has_collinear_features_drawn_cases(student, problem):
    cases = [("full-rank, well-conditioned features", problem["X"]), *collinear_variants(problem["X"])]
    for i, (what, variant) in enumerate(cases):
        call, expected = Call("has_collinear_features", X=variant), i > 0  # only the first is of full rank
        if not isinstance(got := call.run(student), (bool, np.bool_)) or bool(got) != expected:
            raise fail(call, f"with {what}: returned {got!r}, expected {expected}.", hint=(
                "the bias's column of ones counts: check the rank of the design matrix [X | 1], not of X alone"
                if "ones" in what else "n points cannot determine more than n parameters; the rank is at most n"
                if "rows" in what else "use np.linalg.matrix_rank(design_matrix(X)) < number of columns; exact "
                "tests such as det(AᵀA) == 0 fail in floating point" if expected else None))


# ----------------------------------------------------------------- ls_closed_form


NO_BIAS = "theta looks like the solution without the bias: solve with the design matrix [X | 1]"
COLLINEAR = ("with collinear features AᵀA is singular, so np.linalg.inv and np.linalg.solve cannot handle it; check "
             "has_collinear_features(X) first and use np.linalg.lstsq(A, y, rcond=None), which returns a minimiser")


def check_least_squares(call, got, *, unique, what=""):
    """A least-squares solution against lstsq's: predictions and loss always, the parameters if they are unique."""
    (X, y), text = call.args, call.text + what
    A, best, no_bias = design(X), lstsq(X, y), np.r_[np.linalg.lstsq(X, y, rcond=None)[0], 0.0]
    got = check_shape(got, best.shape, call=text, inputs=call.shown)
    check_close(A @ got, A @ best, call=f"the predictions design_matrix(X) @ {text}", inputs=call.shown,
                mistakes={NO_BIAS: A @ no_bias})
    check_close(np.mean((A @ got - y) ** 2), np.mean((A @ best - y) ** 2), call=f"the loss at {text}",
                inputs=call.shown)
    if unique:
        check_close(got, best, call=text, inputs=call.shown, mistakes={NO_BIAS: no_bias})


@draws(20, problem=regression_problems())
def test_ls_closed_form_matches_lstsq(student, problem):
    call = Call("ls_closed_form", **problem)
    check_least_squares(call, call.run(student), unique=True)


@draws(20, problem=regression_problems())
def test_ls_closed_form_on_collinear_features(student, problem):
    call = Call("ls_closed_form", **problem)
    check_least_squares(call, call.run(student), unique=True)
    for what, variant in collinear_variants(problem["X"]):
        call = Call("ls_closed_form", X=variant, y=problem["y"][: len(variant)])
        got = call.run(student, hint=f"X here has {what}: {COLLINEAR}")
        try:
            check_least_squares(call, got, unique=False, what=f" with {what}")
        except CheckFailure as failure:
            raise CheckFailure(f"{failure}\nhint: {COLLINEAR}") from None
        smallest = lstsq(*call.args)
        if np.linalg.norm(got) > np.linalg.norm(smallest) * (1 + 1e-6) + 1e-9:  # the docstring's "smallest norm"
            raise fail(call, f"with {what}: returned a minimiser of the loss, ‖theta‖ = {np.linalg.norm(got):.6g}, but "
                       f"not the one of smallest norm, {np.linalg.norm(smallest):.6g} (theta = {smallest.tolist()}).",
                       hint="the notebook asks for the minimiser of smallest norm, which np.linalg.lstsq(A, y, "
                       "rcond=None) (or np.linalg.pinv(A) @ y) returns; setting some weights to 0 gives another one")


def test_ls_closed_form_never_inverts(student, code):
    """No np.linalg.inv, scipy.linalg.inv, torch.inverse or torch.linalg.inv (pinv is a least-squares solver)."""
    student.ls_closed_form(np.array([[1.0, 2.0], [0.5, -1.0], [3.0, 0.0], [2.0, 2.5]]), np.array([1.0, 0, 2, 1.5]))
    for name in ("ls_closed_form", "ridge_closed_form"):
        if findings := library_calls(code, name, {"inv", "inverse"}):
            listed = "; ".join(f"{f.what} in {f.function} ({f.where})" for f in findings[:5])
            raise CheckFailure(f"{name} forms an inverse matrix: {listed}.\nhint: the notebook asks you never to "
                               "invert (even on the branch where the features are not collinear): solve the normal "
                               "equations with np.linalg.solve(A.T @ A, A.T @ y), or use np.linalg.lstsq")


@draws(20, problem=regression_problems(), data=st.data())
def test_ls_closed_form_ignores_row_order(student, problem, data):
    check_ignores_row_order(student, Call("ls_closed_form", **problem), data, shape=(problem["X"].shape[1] + 1,))


# ----------------------------------------------------------------- ridge_closed_form


def ridge(X, y, weights, bias=0.0):  # theta solving (AᵀA + P) theta = Aᵀy, P = diag(weights, ..., weights, bias)
    return np.linalg.solve(design(X).T @ design(X) + np.diag([weights] * X.shape[1] + [bias]), design(X).T @ y)


RIDGE_MISTAKES = {
    "the bias is penalised too: the penalty is lam ‖w‖², so the matrix is AᵀA + n lam D with a 0 for the bias":
        lambda X, y, lam: ridge(X, y, len(X) * lam, len(X) * lam),
    "the penalty is missing the factor n: with the mean loss the system is (AᵀA + n lam D) theta = Aᵀy "
    "(AᵀA + lam I is the formula for a sum of squares)": lambda X, y, lam: ridge(X, y, lam),
    "this is the slides' formula (AᵀA + lam I)⁻¹Aᵀy for a sum of squares with the bias penalised; with the course's "
    "mean loss and unpenalised bias it is (AᵀA + n lam D) theta = Aᵀy": lambda X, y, lam: ridge(X, y, lam, lam),
    "the penalty has the wrong sign: ridge adds n lam D to AᵀA": lambda X, y, lam: ridge(X, y, -len(X) * lam),
}


@draws(20, problem=regression_problems(), lam=floats(low=1e-3, high=10.0))
def test_ridge_closed_form_matches_definition(student, reference, problem, lam):
    check_call(student, Call("ridge_closed_form", **problem, lam=lam), reference.ridge_closed_form,
               mistakes=RIDGE_MISTAKES)


@draws(20, problem=regression_problems())
def test_ridge_tends_to_least_squares(student, problem):
    # lam small against the smallest curvature of the loss moves theta by a relative ~1e-12 only
    call = Call("ridge_closed_form", **problem, lam=1e-12 * curvatures(problem["X"])[0] / len(problem["y"]))
    check_close(call.run(student), lstsq(**problem), call=f"{call.text} compared with the least-squares solution",
                inputs=call.shown)


@draws(20, problem=regression_problems())
def test_ridge_weights_shrink_as_lambda_grows(student, problem):
    lams, shape = (1e-3, 1e-2, 1e-1, 1.0, 10.0, 100.0), (problem["X"].shape[1] + 1,)
    calls = [Call("ridge_closed_form", **problem, lam=lam) for lam in lams]
    norms = [np.linalg.norm(check_shape(c.run(student), shape, call=c.text, inputs=c.shown)[:-1]) for c in calls]
    for call, small, large, before, after in zip(calls[1:], lams, lams[1:], norms, norms[1:]):
        if not after <= before * (1 + 1e-9) + 1e-12:
            raise fail(call, f"the weights grow with lam: ‖w‖ = {before:.6g} at lam = {small:g} but {after:.6g} at "
                       f"lam = {large:g}.", hint="a larger penalty must give smaller weights; check the sign of the "
                       "penalty and that it applies to w (not to the bias)")


@draws(20, problem=regression_problems(), lam=floats(low=1e-2, high=10.0))
def test_ridge_is_unique_with_duplicate_columns(student, reference, problem, lam):
    call = Call("ridge_closed_form", X=np.hstack([problem["X"], problem["X"][:, :1]]), y=problem["y"], lam=lam)
    text = f"{call.text} with the first column of X duplicated as the last"
    solve = "AᵀA + n lam D is invertible for lam > 0, even with duplicate columns: solve (AᵀA + n lam D) theta = Aᵀy"
    got = check_shape(call.run(student, hint=solve), (call.inputs["X"].shape[1] + 1,), call=text, inputs=call.shown)
    if not np.isfinite(got).all():
        raise fail(call, f"returned non-finite values {got}.", hint=solve)
    check_close(got[-2], got[0], call=f"{text}: the duplicate's weight theta[-2] against theta[0]", inputs=call.shown)
    check_close(got, call.apply(reference.ridge_closed_form), call=text, inputs=call.shown,
                mistakes={hint: (lambda m=m: call.apply(m)) for hint, m in RIDGE_MISTAKES.items()})


# ----------------------------------------------------------------- ls_step_size


@draws(20, problem=regression_problems())
def test_ls_step_size_matches_definition(student, reference, problem):
    check_call(student, Call("ls_step_size", X=problem["X"]), reference.ls_step_size, mistakes={
        "the step is 2/L, the edge of divergence: L = (2/n) λ_max(AᵀA), and the step is 1/L":
            lambda X: len(X) / curvatures(X)[-1],
        "the step misses the 2/n of L = (2/n) λ_max(AᵀA): the gradient of the mean loss is (2/n) Aᵀ(A theta − y)":
            lambda X: 1 / curvatures(X)[-1],
        "λ_max is taken from XᵀX; the bias is a parameter too, so use the design matrix: L = (2/n) λ_max(AᵀA)":
            lambda X: len(X) / (2 * np.linalg.eigvalsh(X.T @ X)[-1]),
        "you used the smallest eigenvalue; the step must respect the steepest direction, λ_max":
            lambda X: len(X) / (2 * curvatures(X)[0]),
    })


# ----------------------------------------------------------------- ls_gradient_descent


def descent_result(student, call):
    """(theta, losses) as the contract shapes them: theta with one entry per column of [X | 1], epochs + 1 losses."""
    text, epochs = f"{call.function}(X, y, {call.inputs['epochs']})", call.inputs["epochs"]
    theta, losses = check_tuple(call.run(student), ("theta", "losses"), call=text)
    theta = check_shape(theta, (call.inputs["X"].shape[1] + 1,), call=f"{text}[0] (theta)", inputs=call.shown)
    return theta, check_losses(losses, epochs, call=text, inputs=call.shown)


def helpers(problem):
    """The helpers gradient descent builds on, with arguments to try them on (theta = 0)."""
    X, y, theta = *problem.values(), np.zeros(problem["X"].shape[1] + 1)
    return {"ls_step_size": (X,), "ls_gradient": (X, y, theta), "ls_loss": (X, y, theta)}


def uphill(X, y, epochs):
    """(theta, losses) of descent with the update's sign flipped (theta ← theta + step · gradient, step 1/L)."""
    A, thetas = design(X), [np.zeros(X.shape[1] + 1)]
    for _ in range(epochs):
        thetas.append(thetas[-1] + A.T @ (A @ thetas[-1] - y) / curvatures(X)[-1])
    return thetas[-1], np.array([np.mean((A @ theta - y) ** 2) for theta in thetas])


@draws(20, problem=regression_problems(), epochs=st.integers(0, 12))
def test_ls_gradient_descent_follows_the_convention(student, reference, problem, epochs):
    call = Call("ls_gradient_descent", **problem, epochs=epochs)
    got = descent_result(student, call)
    with built_on(student, reference, helpers(problem), user="gradient descent") as tol:
        check_result(call, got, reference.ls_gradient_descent, tol=tol, parts=("theta", "losses"), mistakes={
            "the steps go uphill: the update is theta ← theta − step · gradient": uphill})


@examples(10)  # each example runs gradient descent for up to thousands of steps
@given(problem=regression_problems(max_condition=12.0))
def test_ls_gradient_descent_reaches_closed_form(student, reference, problem):
    (X, y), best, (low, *_, high) = problem.values(), lstsq(**problem), curvatures(problem["X"])
    # with step 1/L the error shrinks by (1 - 1/κ) per step: 70κ steps shrink it by e^-70, far below
    # round-off, and even a descent that is twice as slow (a step of 1/(2L)) gets there
    call = Call("ls_gradient_descent", X=X, y=y, epochs=int(np.ceil(70 * high / low)))
    with built_on(student, reference, helpers(problem), user="gradient descent") as tol:
        theta, losses = descent_result(student, call)
        check_close(design(X) @ theta, design(X) @ best, inputs=call.shown, tol=tol,
                    call=f"the predictions of {call.text}[0] against the closed form")
        check_close(theta, best, call=f"{call.text}[0] against the closed-form solution", inputs=call.shown, tol=tol)
        # a float32 gradient stalls at its own rounding level, and a float32 loss (a sum of n squares) is itself only
        # accurate to about n·eps32 relative: near the minimum, steps may wobble the loss by that much
        float32 = tol is not None or tolerances.for_dtype(losses.dtype) is tolerances.FLOAT32  # float32 helpers or loss
        wobble, floor = (4 * len(y) * np.finfo(np.float32).eps, 1e-6 * abs(losses[0])) if float32 else (1e-12, 0.0)
        if (rises := np.flatnonzero(np.diff(losses) > wobble * np.abs(losses[:-1]) + floor + 1e-15)).size:
            k = int(rises[0])
            raise fail(call, f"the loss went up at step {k + 1}: from {losses[k]:.6g} to {losses[k + 1]:.6g}.", hint=(
                "with step 1/L every step must decrease the loss; check the step size and the sign of the update"))


def test_ls_gradient_descent_uses_no_autograd(student, code):
    by_hand(student, code, Call("ls_gradient_descent", **SMALL, epochs=3))


# ----------------------------------------------------------------- noise_variance


def rss(X, y):  # the residual sum of squares of the least-squares fit
    return np.sum((design(X) @ lstsq(X, y) - y) ** 2)


@examples(20)  # (the problems have n >= d + 3, so dividing by n - d - 1 and not dividing at all differ)
@given(problem=regression_problems(spare_rows=2))
def test_noise_variance_matches_definition(student, reference, problem):
    check_call(student, Call("noise_variance", **problem), reference.noise_variance, mistakes={
        "you divided by n − d − 1 (the unbiased estimate); the maximum-likelihood σ² divides by n":
            lambda X, y: rss(X, y) / (len(y) - X.shape[1] - 1),
        PUBLIC.SIGMA_NOT_VARIANCE: lambda X, y: np.sqrt(rss(X, y) / len(y)),
        "you returned the sum of squared residuals; σ² is their mean": rss,
        "the fit has no bias: fit theta with ls_closed_form, which includes the column of ones":
            lambda X, y: np.mean((X @ np.linalg.lstsq(X, y, rcond=None)[0] - y) ** 2),
    })


# ----------------------------------------------------------------- plot_fit


def test_plot_fit_plots_the_data(student):
    """Not the lecture's data: a cloud whose x and y ranges differ, so swapped axes and wrong lines show."""
    x, y = np.array([0.5, 1.0, 2.0, 3.5, 4.0, 6.0]), np.array([10.0, 12.5, 11.0, 16.0, 15.0, 21.0])
    call = Call("plot_fit", x=x, y=y, theta_closed=np.array([1.75, 8.9]), theta_gd=np.array([1.5, 9.4]),
                losses=np.geomspace(40.0, 1.5, 30))
    axes = figure_axes(call.run(student), call.text)
    if len(axes) != 2:
        raise CheckFailure(f"{call.text} returned a figure with {len(axes)} axes; it needs two side by side "
                           "(fig, (left, right) = plt.subplots(1, 2)).")
    fits, curve = axes
    check_plotted(fits, np.column_stack([x, y]), kind="scatter_data", call=f"{call.text}, first axes",
                  what="the data (x, y)")
    lines = [line["xy"] for line in fits.get("line_data") or [] if len(line["xy"]) >= 2]
    for name in ("theta_closed", "theta_gd"):
        w, b = call.inputs[name]  # is some line y = w x + b (on[0]), or x = w y + b (on[1]: the axes swapped)?
        on = [any(np.allclose(xy[:, 1 - i], w * xy[:, i] + b, rtol=1e-6, atol=1e-9) for xy in lines) for i in (0, 1)]
        if not on[0]:
            found = ("a line with y on the horizontal axis: the axes are swapped" if on[1] else
                     "no line whose points satisfy y = w x + b")
            raise CheckFailure(f"{call.text}: the first axes should show the line y = w x + b of {name} = ({w:g}, "
                               f"{b:g}); found {found}.\nhint: draw ax.plot(grid, w * grid + b) for each theta = "
                               "(w, b), with grid the x values (e.g. np.linspace(x.min(), x.max(), 2))")
    losses = call.inputs["losses"]
    if not any(int(line["count"]) == len(losses) and np.allclose(line["xy"][:, 1], losses, rtol=1e-6)
               for line in curve.get("line_data") or []):
        check_plotted(curve, np.column_stack([np.arange(len(losses)), losses]), kind="line_data",
                      call=f"{call.text}, second axes", what="the losses against the epoch 0, 1, ...")
