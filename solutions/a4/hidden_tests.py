"""Hidden tests for a4 (secret: never shipped to students).

Least-squares solutions are compared with ``numpy.linalg.lstsq`` on drawn,
well-conditioned problems, by predictions and loss as well as parameters, so
every correct way of solving (solve, lstsq, pinv, QR, Cholesky) passes.
"""

import numpy as np
import torch
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from autograder.checks import (
    CheckFailure,
    central_difference,
    check_against,
    check_close,
    check_dtype,
    check_gradient,
    check_library,
    check_no_autograd,
    check_shape,
    check_vectorized,
    tolerances,
    torch_gradient,
)
from autograder.checks.figures import check_plotted, figure_axes
from autograder.checks.returns import call_explained, check_losses, check_tuple
from autograder.checks.static import check_numpy_only, library_calls
from autograder.checks.strategies import arrays, floats, well_conditioned_matrices
from autograder.testrun.modules import public_tests_for

# The public tests (shipped to students) hold the hints both sides give.
PUBLIC = public_tests_for(__file__)
from autograder.student import StudentAborted, StudentError
from autograder.testing import SEED  # noqa: F401 - importing it registers the "autograder" hypothesis profile

#: Fewer examples than the profile's 40: each example here makes several sandbox calls, and a
#: wrong formula shows on the first few well-conditioned problems already.
SOME_EXAMPLES = settings(parent=settings.get_profile("autograder"), max_examples=20)
#: For the tests that run gradient descent for thousands of steps.
FEW_EXAMPLES = settings(parent=settings.get_profile("autograder"), max_examples=10)


def design(X):
    return np.hstack([X, np.ones((len(X), 1))])


def lstsq(X, y):
    return np.linalg.lstsq(design(X), y, rcond=None)[0]


@st.composite
def regression_problems(draw, *, max_condition=1e3, low=-5.0, high=5.0, spare_rows=1):
    """(X, y): n points with d features, y = A θ + noise, with cond([X | 1]) <= max_condition.

    n is at least d + 1 + spare_rows, so the fit leaves residuals to estimate the noise from.
    """
    d = draw(st.integers(1, 4))
    n = draw(st.integers(d + 1 + spare_rows, 16))
    X = draw(well_conditioned_matrices(rows=n, cols=d, max_condition=20.0)) * draw(floats(low=1.0, high=8.0))
    X = X + draw(arrays(shape=(d,), low=-2.0, high=2.0))
    theta = draw(arrays(shape=(d + 1,), low=low, high=high))
    y = design(X) @ theta + draw(arrays(shape=(n,), low=-1.0, high=1.0))
    assume(np.linalg.cond(design(X)) <= max_condition)
    return X, y


@st.composite
def loss_inputs(draw):
    """(X, y, theta) with moderate entries, so finite differences stay accurate."""
    d = draw(st.integers(1, 4))
    n = draw(st.integers(1, 12))
    return (draw(arrays(shape=(n, d), low=-3.0, high=3.0)), draw(arrays(shape=(n,), low=-3.0, high=3.0)),
            draw(arrays(shape=(d + 1,), low=-3.0, high=3.0)))


# ----------------------------------------------------------------- design_matrix


@SOME_EXAMPLES
@given(X=arrays(shape=st.tuples(st.integers(0, 8), st.integers(1, 4))))
def test_design_matrix_matches_definition(student, reference, X):
    check_against(student.design_matrix, reference.design_matrix, X=X, mistakes={
        "the column of ones is first; the convention puts it last, so that theta = (w, b) ends with the bias":
            lambda X: np.hstack([np.ones((len(X), 1)), X]),
    })


@SOME_EXAMPLES
@given(X=arrays(shape=st.tuples(st.integers(1, 6), st.integers(1, 4)), dtype=np.float32))
def test_design_matrix_keeps_the_dtype(student, reference, X):
    got = check_against(student.design_matrix, reference.design_matrix, X=X)
    check_dtype(got, X.dtype, call="design_matrix(X) for a float32 X", inputs={"X": X},
                why="the notebook asks for A in the dtype of X: np.ones((n, 1)) is float64 and np.hstack then "
                    "promotes everything to float64; pass dtype=X.dtype to np.ones (or use np.ones_like)")


def test_design_matrix_is_vectorized(student, code):
    check_vectorized(code, student.design_matrix, np.ones((3, 2)))


# ----------------------------------------------------------------- ls_loss


def _loss_mistakes():
    def residual(X, y, theta):
        return design(X) @ theta - y

    return {
        "you returned the sum of the squared residuals; the loss is their mean (divide by n)":
            lambda X, y, t: np.sum(residual(X, y, t) ** 2),
        "there is no factor 1/2 in this course's loss: (1/n) ‖A theta − y‖²":
            lambda X, y, t: np.mean(residual(X, y, t) ** 2) / 2,
        "you took a square root: the loss is the mean squared error, not its root":
            lambda X, y, t: np.sqrt(np.mean(residual(X, y, t) ** 2)),
        "the bias is missing: predictions are A theta = X w + b, with b = theta[-1]":
            lambda X, y, t: np.mean((X @ t[:-1] - y) ** 2),
        PUBLIC.BIAS_FIRST: lambda X, y, t: np.mean((X @ t[1:] + t[0] - y) ** 2),
    }


#: Every known loss mistake gives a different value here (a shrunk example such as X = [[0]] cannot tell them apart).
LOSS_SEPARATES_MISTAKES = (np.array([[1.0], [2.0]]), np.array([0.5, -1.0]), np.array([2.0, -3.0]))


@SOME_EXAMPLES
@example(problem=LOSS_SEPARATES_MISTAKES)
@given(problem=loss_inputs())
def test_ls_loss_matches_definition(student, reference, problem):
    X, y, theta = problem
    check_against(student.ls_loss, reference.ls_loss, X=X, y=y, theta=theta, mistakes=_loss_mistakes())


@SOME_EXAMPLES
@given(problem=loss_inputs(), data=st.data())
def test_ls_loss_ignores_row_order(student, problem, data):
    X, y, theta = problem
    order = np.array(data.draw(st.permutations(range(len(y)))), dtype=int)
    original = student.ls_loss(X, y, theta)
    check_close(student.ls_loss(X[order], y[order], theta), np.asarray(original, dtype=float),
                call="ls_loss(X[order], y[order], theta) compared with ls_loss(X, y, theta)",
                inputs={"X": X, "y": y, "theta": theta, "order": order})


def test_ls_loss_is_vectorized(student, code):
    check_vectorized(code, student.ls_loss, np.ones((3, 2)), np.ones(3), np.ones(3),
                     batch=lambda n: (np.ones((n, 2)), np.ones(n), np.ones(3)))  # theta does not grow with n


# ----------------------------------------------------------------- ls_gradient


def _torch_loss(X, y, theta):
    A = torch.cat([X, torch.ones(len(X), 1, dtype=X.dtype)], dim=1)
    return torch.mean((A @ theta - y) ** 2)


def _gradient_mistakes():
    def residual(X, y, t):
        return design(X) @ t - y

    return {
        "the factor 2 is missing: the derivative of a square r² is 2r, so the gradient is (2/n) Aᵀ(A theta − y)":
            lambda X, y, t: design(X).T @ residual(X, y, t) / len(y),
        "the gradient misses the 1/n: the loss is a mean, so is its gradient, (2/n) Aᵀ(A theta − y)":
            lambda X, y, t: 2 * design(X).T @ residual(X, y, t),
        "the gradient has the wrong sign: it is (2/n) Aᵀ(A theta − y), pointing uphill":
            lambda X, y, t: -2 * design(X).T @ residual(X, y, t) / len(y),
    }


@SOME_EXAMPLES
@given(problem=loss_inputs())
def test_ls_gradient_matches_autograd(student, reference, problem):
    X, y, theta = problem
    expected = torch_gradient(_torch_loss, X, y, theta, wrt=2)
    got = student.ls_gradient(X, y, theta)
    check_library(got, "numpy", call="ls_gradient(X, y, theta)", inputs={"X": X, "y": y, "theta": theta})
    check_close(got, expected, call="ls_gradient(X, y, theta)", inputs={"X": X, "y": y, "theta": theta},
                mistakes={hint: (lambda m=m: m(X, y, theta)) for hint, m in _gradient_mistakes().items()})


@SOME_EXAMPLES
@given(problem=loss_inputs())
def test_ls_gradient_matches_finite_differences(student, reference, problem):
    X, y, theta = problem
    numeric = central_difference(lambda t: reference.ls_loss(X, y, t), theta)
    check_gradient(student.ls_gradient(X, y, theta), numeric, call="ls_gradient(X, y, theta)",
                   inputs={"X": X, "y": y, "theta": theta}, tol=tolerances.FINITE_DIFFERENCE)


def test_ls_gradient_uses_no_autograd(student, code):
    X, y, theta = np.array([[1.0, 2.0], [0.5, -1.0], [3.0, 0.0]]), np.array([1.0, 0.0, 2.0]), np.array([0.1, 0.2, 0.3])
    student.ls_gradient.call(X, y, theta, forbid_autograd=True)  # runs it, with autograd switched off
    check_no_autograd(code, "ls_gradient")
    check_numpy_only(code, "ls_gradient")  # the notebook: "with NumPy operations only"


# ----------------------------------------------------------------- has_collinear_features


def collinear_variants(X):
    """Variants of a full-rank X whose design matrix is rank deficient, each with a description."""
    first = X[:, :1]
    variants = [
        ("a copy of the first column appended", np.hstack([X, first])),
        ("3 times the first column appended", np.hstack([X, 3.0 * first])),
        ("a constant column appended (a multiple of the column of ones)", np.hstack([X, np.full_like(first, 2.5)])),
        ("the first column plus 1 appended (a combination of the first column and the ones)", np.hstack([X, first + 1.0])),
        (f"only {X.shape[1]} rows, fewer than the {X.shape[1] + 1} parameters", X[: X.shape[1]]),
    ]
    if X.shape[1] >= 2:
        variants.append(("the sum of the first two columns appended", np.hstack([X, X[:, :1] + X[:, 1:2]])))
    return variants


@SOME_EXAMPLES
@given(problem=regression_problems())
def test_has_collinear_features_drawn_cases(student, problem):
    X, _ = problem
    cases = [("full-rank, well-conditioned features", X, False)]
    cases += [(what, variant, True) for what, variant in collinear_variants(X)]
    for what, variant, expected in cases:
        got = student.has_collinear_features(variant)
        if isinstance(got, (bool, np.bool_)) and bool(got) == expected:
            continue
        hint = ""
        if "ones" in what:
            hint = ("\nhint: the bias's column of ones counts: check the rank of the design matrix "
                    "[X | 1], not of X alone")
        elif "rows" in what:
            hint = "\nhint: n points cannot determine more than n parameters; the rank is at most n"
        elif expected:
            hint = ("\nhint: use np.linalg.matrix_rank(design_matrix(X)) < number of columns; exact tests "
                    "such as det(AᵀA) == 0 fail in floating point")
        raise CheckFailure(f"has_collinear_features(X) with {what}\n  X = {variant.tolist()}\n"
                           f"returned {got!r}, expected {expected}.{hint}")


# ----------------------------------------------------------------- ls_closed_form


def check_least_squares_solution(got, X, y, *, call, unique):
    """Compare a least-squares solution with lstsq's: predictions and loss always, parameters if unique."""
    inputs = {"X": X, "y": y}
    expected = lstsq(X, y)
    got = check_shape(got, expected.shape, call=call, inputs=inputs)
    A = design(X)
    no_bias = np.r_[np.linalg.lstsq(X, y, rcond=None)[0], 0.0]
    mistakes = {"theta looks like the solution without the bias: solve with the design matrix [X | 1]": no_bias}
    check_close(A @ got, A @ expected, call=f"the predictions design_matrix(X) @ {call}", inputs=inputs,
                mistakes={hint: A @ value for hint, value in mistakes.items()})
    check_close(np.mean((A @ got - y) ** 2), np.mean((A @ expected - y) ** 2), call=f"the loss at {call}",
                inputs=inputs)
    if unique:
        check_close(got, expected, call=call, inputs=inputs, mistakes=mistakes)
    return got


@SOME_EXAMPLES
@given(problem=regression_problems())
def test_ls_closed_form_matches_lstsq(student, problem):
    X, y = problem
    check_least_squares_solution(student.ls_closed_form(X, y), X, y, call="ls_closed_form(X, y)", unique=True)


@SOME_EXAMPLES
@given(problem=regression_problems())
def test_ls_closed_form_on_collinear_features(student, problem):
    X, y = problem
    check_least_squares_solution(student.ls_closed_form(X, y), X, y, call="ls_closed_form(X, y)", unique=True)
    for what, variant in collinear_variants(X):
        y_variant = y[: len(variant)]
        got = call_explained(
            student.ls_closed_form, variant, y_variant, call=f"ls_closed_form(X, y) with collinear features ({what})",
            hint="with collinear features AᵀA is singular, so np.linalg.inv and np.linalg.solve cannot handle it; "
                 "check has_collinear_features(X) first and then use np.linalg.lstsq(A, y, rcond=None), which "
                 "returns a minimiser anyway")
        try:
            got = check_least_squares_solution(got, variant, y_variant, call=f"ls_closed_form(X, y) with {what}",
                                               unique=False)
        except CheckFailure as failure:
            raise CheckFailure(f"{failure}\nhint: with collinear features AᵀA is singular and solving or inverting "
                               "it returns meaningless numbers; check has_collinear_features(X) first and use "
                               "np.linalg.lstsq(A, y, rcond=None) in that case") from None
        smallest = lstsq(variant, y_variant)
        if np.linalg.norm(got) > np.linalg.norm(smallest) * (1 + 1e-6) + 1e-9:  # the docstring's "smallest norm"
            raise CheckFailure(
                f"ls_closed_form(X, y) with collinear features ({what})\n  X = {variant.tolist()}\n  y = "
                f"{y_variant.tolist()}\nreturned a minimiser of the loss, but not the one of smallest norm: ‖theta‖ = "
                f"{np.linalg.norm(got):.6g}, while the smallest is {np.linalg.norm(smallest):.6g} "
                f"(theta = {smallest.tolist()}).\nhint: the notebook asks for the minimiser of smallest norm, which "
                "np.linalg.lstsq(A, y, rcond=None) (or np.linalg.pinv(A) @ y) returns; setting some weights to 0 "
                "gives another minimiser")


#: Routines that form an inverse (np.linalg.inv, scipy.linalg.inv, torch.inverse, torch.linalg.inv); pinv is
#: allowed by the notebook (it is a least-squares solver for rank-deficient A).
INVERTING_CALLS = {"inv", "inverse"}


def test_ls_closed_form_never_inverts(student, code):
    X, y = np.array([[1.0, 2.0], [0.5, -1.0], [3.0, 0.0], [2.0, 2.5]]), np.array([1.0, 0.0, 2.0, 1.5])
    student.ls_closed_form(X, y)  # runs it (a missing definition fails here with "not implemented")
    for name in ("ls_closed_form", "ridge_closed_form"):
        findings = library_calls(code, name, INVERTING_CALLS)
        if findings:
            listed = "; ".join(f"{f.what} in {f.function} ({f.where})" for f in findings[:5])
            raise CheckFailure(f"{name} forms an inverse matrix: {listed}.\nhint: the notebook asks you never to "
                               "invert (even on the branch where the features are not collinear): solve the normal "
                               "equations with np.linalg.solve(A.T @ A, A.T @ y), or use np.linalg.lstsq")


@SOME_EXAMPLES
@given(problem=regression_problems(), data=st.data())
def test_ls_closed_form_ignores_row_order(student, problem, data):
    X, y = problem
    order = np.array(data.draw(st.permutations(range(len(y)))), dtype=int)
    original = check_shape(student.ls_closed_form(X, y), (X.shape[1] + 1,), call="ls_closed_form(X, y)",
                           inputs={"X": X, "y": y})
    check_close(student.ls_closed_form(X[order], y[order]), original,
                call="ls_closed_form(X[order], y[order]) compared with ls_closed_form(X, y)",
                inputs={"X": X, "y": y, "order": order})


# ----------------------------------------------------------------- ridge_closed_form


def _ridge(X, y, lam, *, scale_with_n=True, penalise_bias=False):
    A = design(X)
    n, p = A.shape
    diagonal = np.full(p, n * lam if scale_with_n else lam)
    if not penalise_bias:
        diagonal[-1] = 0.0
    return np.linalg.solve(A.T @ A + np.diag(diagonal), A.T @ y)


def _ridge_mistakes():
    return {
        "the bias is penalised too: the penalty is lam ‖w‖², so the matrix is AᵀA + n lam D with a 0 for the bias":
            lambda X, y, lam: _ridge(X, y, lam, penalise_bias=True),
        "the penalty is missing the factor n: with the mean loss the system is (AᵀA + n lam D) theta = Aᵀy "
        "(AᵀA + lam I is the formula for a sum of squares)":
            lambda X, y, lam: _ridge(X, y, lam, scale_with_n=False),
        "this is the slides' formula (AᵀA + lam I)⁻¹Aᵀy for a sum of squares with the bias penalised; with the "
        "course's mean loss and unpenalised bias it is (AᵀA + n lam D) theta = Aᵀy":
            lambda X, y, lam: _ridge(X, y, lam, scale_with_n=False, penalise_bias=True),
        "the penalty has the wrong sign: ridge adds n lam D to AᵀA":
            lambda X, y, lam: _ridge(X, y, -lam),
    }


@SOME_EXAMPLES
@given(problem=regression_problems(), lam=floats(low=1e-3, high=10.0))
def test_ridge_closed_form_matches_definition(student, reference, problem, lam):
    X, y = problem
    check_against(student.ridge_closed_form, reference.ridge_closed_form, X=X, y=y, lam=lam,
                  mistakes=_ridge_mistakes())


@SOME_EXAMPLES
@given(problem=regression_problems())
def test_ridge_tends_to_least_squares(student, problem):
    X, y = problem
    # lam small against the smallest curvature of the loss moves theta by a relative ~1e-12 only
    lam = 1e-12 * np.linalg.svd(design(X), compute_uv=False)[-1] ** 2 / len(y)
    check_close(student.ridge_closed_form(X, y, lam), lstsq(X, y),
                call=f"ridge_closed_form(X, y, {lam:.3g}) compared with the least-squares solution",
                inputs={"X": X, "y": y})


@SOME_EXAMPLES
@given(problem=regression_problems())
def test_ridge_weights_shrink_as_lambda_grows(student, problem):
    X, y = problem
    lams = [1e-3, 1e-2, 1e-1, 1.0, 10.0, 100.0]
    norms = []
    for lam in lams:
        theta = check_shape(student.ridge_closed_form(X, y, lam), (X.shape[1] + 1,),
                            call=f"ridge_closed_form(X, y, {lam:g})", inputs={"X": X, "y": y})
        norms.append(float(np.linalg.norm(theta[:-1])))
    for (small, before), (large, after) in zip(zip(lams, norms), zip(lams[1:], norms[1:])):
        if not after <= before * (1 + 1e-9) + 1e-12:
            raise CheckFailure(
                f"ridge_closed_form(X, y, lam)\n  X = {X.tolist()}\n  y = {y.tolist()}\n"
                f"the weights grow with lam: ‖w‖ = {before:.6g} at lam = {small:g} but {after:.6g} at lam = {large:g}.\n"
                "hint: a larger penalty must give smaller weights; check the sign of the penalty and that it "
                "applies to w (not to the bias)")


@SOME_EXAMPLES
@given(problem=regression_problems(), lam=floats(low=1e-2, high=10.0))
def test_ridge_is_unique_with_duplicate_columns(student, reference, problem, lam):
    X, y = problem
    doubled = np.hstack([X, X[:, :1]])
    call = "ridge_closed_form(X, y, lam) with the first column of X duplicated as the last"
    inputs = {"X": doubled, "y": y, "lam": lam}
    got = call_explained(student.ridge_closed_form, doubled, y, lam, call=call,
                         hint="AᵀA + n lam D is invertible for lam > 0 even with duplicate columns; solve that system")
    got = check_shape(got, (doubled.shape[1] + 1,), call=call, inputs=inputs)
    if not np.isfinite(got).all():
        raise CheckFailure(f"{call}\nreturned non-finite values {got}.\nhint: the ridge system is invertible for "
                           "lam > 0; solve (AᵀA + n lam D) theta = Aᵀy")
    check_close(got[-2], got[0], call=f"{call}: the weight of the duplicate (theta[-2]) against theta[0]",
                inputs=inputs)
    check_close(got, reference.ridge_closed_form(doubled, y, lam), call=call, inputs=inputs,
                mistakes={hint: (lambda m=m: m(doubled, y, lam)) for hint, m in _ridge_mistakes().items()})


# ----------------------------------------------------------------- ls_step_size


def _step_size_mistakes():
    def largest(M):
        return np.linalg.eigvalsh(M)[-1]

    return {
        "the step is 2/L, the edge of divergence: L = (2/n) λ_max(AᵀA), and the step is 1/L":
            lambda X: len(X) / largest(design(X).T @ design(X)),
        "the step misses the 2/n of L = (2/n) λ_max(AᵀA): the gradient of the mean loss is (2/n) Aᵀ(A theta − y)":
            lambda X: 1 / largest(design(X).T @ design(X)),
        "λ_max is taken from XᵀX; the bias is a parameter too, so use the design matrix: L = (2/n) λ_max(AᵀA)":
            lambda X: len(X) / (2 * largest(X.T @ X)),
        "you used the smallest eigenvalue; the step must respect the steepest direction, λ_max":
            lambda X: len(X) / (2 * np.linalg.eigvalsh(design(X).T @ design(X))[0]),
    }


@SOME_EXAMPLES
@given(problem=regression_problems())
def test_ls_step_size_matches_definition(student, reference, problem):
    X, _ = problem
    check_against(student.ls_step_size, reference.ls_step_size, X=X, mistakes=_step_size_mistakes())


# ----------------------------------------------------------------- ls_gradient_descent


def _check_descent_result(result, epochs, *, call, inputs):
    theta, losses = check_tuple(result, ("theta", "losses"), call=call)
    theta = check_shape(theta, (inputs["X"].shape[1] + 1,), call=f"{call}[0] (theta)", inputs=inputs)
    return theta, check_losses(losses, epochs, call=call, inputs=inputs)


def _helper_results(student, X, y):
    """What the student's step size, gradient and loss return at theta = 0 (None for a helper that fails)."""
    theta = np.zeros(X.shape[1] + 1)
    results = {}
    for name, args in {"ls_step_size": (X,), "ls_gradient": (X, y, theta), "ls_loss": (X, y, theta)}.items():
        try:
            results[name] = (args, getattr(student, name)(*args))
        except (StudentError, StudentAborted):
            results[name] = (args, None)
    return results


def descent_tolerance(student, X, y):
    """The tolerance gradient descent built on the student's helpers deserves.

    A helper computing in float32 is accepted by its own task; a descent that uses
    it inherits its precision, so it is judged at float32 too (None: by the dtype
    of the descent's own results, as usual).
    """
    for _, got in _helper_results(student, X, y).values():
        if isinstance(got, (np.ndarray, np.generic)) and tolerances.for_dtype(got.dtype) is tolerances.FLOAT32:
            return tolerances.FLOAT32
    return None


def blame_helpers_at_their_own_tolerance(failure, student, reference, X, y):
    """Re-raise ``failure``, naming the helpers (step size, gradient, loss) that are wrong.

    Each helper is judged exactly as its own test judges it: against the reference at
    the tolerance of the helper's own result dtype, so a helper the grader accepted
    in its task is never blamed here.
    """
    wrong = []
    for name, (args, got) in _helper_results(student, X, y).items():
        expected = np.asarray(getattr(reference, name)(*args))
        if got is None:
            wrong.append(name)
            continue
        array = np.asarray(got) if isinstance(got, (np.ndarray, np.generic, float, int)) else None
        if array is None or array.shape != expected.shape or not np.issubdtype(array.dtype, np.number):
            wrong.append(name)
            continue
        tol = tolerances.for_dtype(array.dtype)
        if not np.allclose(array.astype(np.float64), expected, rtol=tol.rtol, atol=tol.atol):
            wrong.append(name)
    if wrong:
        names, verb = " and ".join(wrong), ("they do" if len(wrong) > 1 else "it does")
        raise CheckFailure(f"{failure}\nhint: gradient descent builds on your {names}, and {verb} not match the "
                           "definition on this input yet: fix that task first") from None
    raise failure


def _descend(X, y, epochs, *, direction):
    """Gradient descent as specified, or with the update's sign flipped (direction=+1), for hints."""
    A = design(X)
    step = len(y) / (2 * np.linalg.eigvalsh(A.T @ A)[-1])
    theta = np.zeros(A.shape[1])
    for _ in range(epochs):
        theta = theta + direction * step * (2 / len(y)) * A.T @ (A @ theta - y)
    return theta


@SOME_EXAMPLES
@given(problem=regression_problems(), epochs=st.integers(0, 12))
def test_ls_gradient_descent_follows_the_convention(student, reference, problem, epochs):
    X, y = problem
    call, inputs = f"ls_gradient_descent(X, y, {epochs})", {"X": X, "y": y}
    theta, losses = _check_descent_result(student.ls_gradient_descent(X, y, epochs), epochs, call=call, inputs=inputs)
    expected_theta, expected_losses = reference.ls_gradient_descent(X, y, epochs)
    tol = descent_tolerance(student, X, y)
    try:
        check_close(theta, expected_theta, call=f"{call}[0] (theta)", inputs=inputs, tol=tol, mistakes={
            "the steps go uphill: the update is theta ← theta − step · gradient":
                lambda: _descend(X, y, epochs, direction=+1),
        })
        check_close(losses, expected_losses, call=f"{call}[1] (losses)", inputs=inputs, tol=tol)
    except CheckFailure as failure:
        blame_helpers_at_their_own_tolerance(failure, student, reference, X, y)


@FEW_EXAMPLES
@given(problem=regression_problems(max_condition=12.0))
def test_ls_gradient_descent_reaches_closed_form(student, reference, problem):
    try:
        _check_reaches_closed_form(student, *problem, tol=descent_tolerance(student, *problem))
    except CheckFailure as failure:
        blame_helpers_at_their_own_tolerance(failure, student, reference, *problem)


def _check_reaches_closed_form(student, X, y, *, tol):
    A = design(X)
    eigenvalues = np.linalg.eigvalsh(A.T @ A)
    # with step 1/L the error shrinks by (1 - 1/κ) per step: 70κ steps shrink it by e^-70, far below
    # round-off, and even a descent that is twice as slow (a step of 1/(2L)) gets there
    epochs = int(np.ceil(70 * eigenvalues[-1] / eigenvalues[0]))
    call, inputs = f"ls_gradient_descent(X, y, {epochs})", {"X": X, "y": y}
    theta, losses = _check_descent_result(student.ls_gradient_descent(X, y, epochs), epochs, call=call, inputs=inputs)
    expected = lstsq(X, y)
    check_close(A @ theta, A @ expected, call=f"the predictions of {call}[0] against the closed form", inputs=inputs,
                tol=tol)
    check_close(theta, expected, call=f"{call}[0] against the closed-form solution", inputs=inputs, tol=tol)
    # a float32 gradient stalls at its own rounding level, and a float32 loss (a sum of n squares) is itself only
    # accurate to about n·eps32 relative: near the minimum, steps may wobble the loss by that much
    eps32 = float(np.finfo(np.float32).eps)
    float32 = tolerances.FLOAT32 in (tol, tolerances.for_dtype(losses.dtype))  # a float32 gradient, or loss
    wobble, floor = (4 * len(y) * eps32, 1e-6 * abs(losses[0])) if float32 else (1e-12, 0.0)
    rises = np.flatnonzero(np.diff(losses) > wobble * np.abs(losses[:-1]) + floor + 1e-15)
    if rises.size:
        k = int(rises[0])
        raise CheckFailure(f"{call}\nthe loss went up at step {k + 1}: from {losses[k]:.6g} to {losses[k + 1]:.6g}.\n"
                           "hint: with step 1/L every step must decrease the loss; check the step size and the sign "
                           "of the update")


def test_ls_gradient_descent_uses_no_autograd(student, code):
    X, y = np.array([[1.0, 2.0], [0.5, -1.0], [3.0, 0.0]]), np.array([1.0, 0.0, 2.0])
    student.ls_gradient_descent.call(X, y, 3, forbid_autograd=True)  # runs it, with autograd switched off
    check_no_autograd(code, "ls_gradient_descent")


# ----------------------------------------------------------------- noise_variance


def _noise_mistakes():
    def residual(X, y):
        return design(X) @ lstsq(X, y) - y

    # (the problems have n >= d + 3, so dividing by n - d - 1 and not dividing at all differ)
    return {
        "you divided by n − d − 1 (the unbiased estimate); the maximum-likelihood σ² divides by n":
            lambda X, y: residual(X, y) @ residual(X, y) / (len(y) - X.shape[1] - 1),
        PUBLIC.SIGMA_NOT_VARIANCE: lambda X, y: np.sqrt(np.mean(residual(X, y) ** 2)),
        "you returned the sum of squared residuals; σ² is their mean":
            lambda X, y: residual(X, y) @ residual(X, y),
        "the fit has no bias: fit theta with ls_closed_form, which includes the column of ones":
            lambda X, y: np.mean((X @ np.linalg.lstsq(X, y, rcond=None)[0] - y) ** 2),
    }


@SOME_EXAMPLES
@given(problem=regression_problems(spare_rows=2))
def test_noise_variance_matches_definition(student, reference, problem):
    X, y = problem
    check_against(student.noise_variance, reference.noise_variance, X=X, y=y, mistakes=_noise_mistakes())


# ----------------------------------------------------------------- plot_fit


def test_plot_fit_plots_the_data(student):
    # not the lecture's data: a cloud whose x and y ranges differ, so swapped axes and wrong lines show
    x = np.array([0.5, 1.0, 2.0, 3.5, 4.0, 6.0])
    y = np.array([10.0, 12.5, 11.0, 16.0, 15.0, 21.0])
    theta_closed, theta_gd = np.array([1.75, 8.9]), np.array([1.5, 9.4])
    losses = np.geomspace(40.0, 1.5, 30)
    call = "plot_fit(x, y, theta_closed, theta_gd, losses)"
    axes = figure_axes(student.plot_fit(x, y, theta_closed, theta_gd, losses), call)
    if len(axes) != 2:
        raise CheckFailure(f"{call} returned a figure with {len(axes)} axes; it needs two side by side "
                           "(fig, (left, right) = plt.subplots(1, 2)).")
    fits, curve = axes
    check_plotted(fits, np.column_stack([x, y]), kind="scatter_data", call=f"{call}, first axes",
                  what="the data (x, y)")
    for name, (w, b) in (("theta_closed", theta_closed), ("theta_gd", theta_gd)):
        on_line = [line for line in fits.get("line_data") or [] if len(line["xy"]) >= 2
                   and np.allclose(line["xy"][:, 1], w * line["xy"][:, 0] + b, rtol=1e-6, atol=1e-9)]
        if on_line:
            continue
        swapped = [line for line in fits.get("line_data") or [] if len(line["xy"]) >= 2
                   and np.allclose(line["xy"][:, 0], w * line["xy"][:, 1] + b, rtol=1e-6, atol=1e-9)]
        detail = ("a line with y on the horizontal axis: the axes are swapped" if swapped else
                  "no line whose points satisfy y = w x + b")
        raise CheckFailure(f"{call}: the first axes should show the line y = w x + b of {name} = ({w:g}, {b:g}); "
                           f"found {detail}.\nhint: draw ax.plot(grid, w * grid + b) for each theta = (w, b), with "
                           "grid the x values (e.g. np.linspace(x.min(), x.max(), 2))")
    index = next((i for i, line in enumerate(curve.get("line_data") or [])
                  if int(line["count"]) == len(losses) and np.allclose(line["xy"][:, 1], losses, rtol=1e-6)), None)
    if index is None:
        check_plotted(curve, np.column_stack([np.arange(len(losses)), losses]), kind="line_data",
                      call=f"{call}, second axes", what="the losses against the epoch 0, 1, ...")
