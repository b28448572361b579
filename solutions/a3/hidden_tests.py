"""Hidden tests for a3 (secret: never shipped to students).

Optimizers are run on quadratics q(x) = ½xᵀAx − bᵀx (gradient A x − b) and on
the separable quartic whose gradient is p'(x) = 8x³ + 3x² − 6x in every
coordinate; the gradients reach the student's code as public fixtures. Paths
must equal the reference step for step; on strictly convex quadratics they
must reach the unique minimiser A⁻¹b.
"""

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from autograder import fixtures
from autograder.checks import CheckFailure, check_close, check_not_modified, tolerances
from autograder.checks.compare import describe_call, show
from autograder.checks.figures import check_contour_region, check_legend, check_plotted, figure_axes, find_artist
from autograder.checks.strategies import arrays, floats, positive_definite_matrices
from autograder.testrun.modules import public_tests_for
from autograder.values import Fixture

# The public tests (shipped to students) hold the hints both sides give.
PUBLIC = public_tests_for(__file__)

#: The gradient of Σᵢ (2xᵢ⁴ + xᵢ³ − 3xᵢ²): the lecture's polynomial in every coordinate (not convex).
QUARTIC = {"coefficients": [8.0, 3.0, -6.0, 0.0]}


# ----------------------------------------------------------------- problems


def gradient_fixture(name, params):
    """The marker sent to the student and the same callable for the trusted side."""
    return Fixture(name, params), fixtures.build(name, params)


@st.composite
def descent_problems(draw, *, max_steps=25):
    """A gradient (quadratic or quartic), starts X0 (k, d), a stable learning rate and a step count."""
    k, d = draw(st.integers(1, 4)), draw(st.integers(1, 3))
    steps = draw(st.integers(0, max_steps))
    if draw(st.booleans()):
        condition = draw(st.floats(1.0, 20.0))
        A = draw(positive_definite_matrices(dim=d, condition=condition))
        b = draw(arrays(shape=(d,), low=-5.0, high=5.0))
        marker, grad = gradient_fixture("quadratic_gradient", {"A": A, "b": b})
        lr = draw(st.floats(0.05, 1.5)) / condition
        X0 = draw(arrays(shape=(k, d), low=-5.0, high=5.0))
    else:
        marker, grad = gradient_fixture("polynomial", QUARTIC)
        lr = draw(st.floats(0.001, 0.02))
        X0 = draw(arrays(shape=(k, d), low=-1.5, high=1.5))
    return marker, grad, X0, lr, steps


@st.composite
def convex_quadratics(draw, *, condition):
    d, k = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    kappa = draw(condition)
    A = draw(positive_definite_matrices(dim=d, condition=kappa))
    b = draw(arrays(shape=(d,), low=-5.0, high=5.0))
    X0 = draw(arrays(shape=(k, d), low=-5.0, high=5.0))
    return A, b, X0, kappa


def check_path(got, expected, *, call, inputs, mistakes=None):
    """Compare a path (steps + 1, k, d) with the expected one, explaining common shape mistakes."""
    shape = np.shape(got) if isinstance(got, np.ndarray) else None
    if shape == expected.shape[1:]:
        raise CheckFailure(f"{describe_call(call, inputs)}\nreturned shape {shape}, expected {expected.shape}.\n"
                           "hint: return the whole path, not only the last points: entry t of the path holds "
                           "all k points after t steps")
    if shape == (expected.shape[0] - 1,) + expected.shape[1:]:
        raise CheckFailure(f"{describe_call(call, inputs)}\nreturned shape {shape}, expected {expected.shape}.\n"
                           "hint: the path starts with the starting points X0 (entry 0) and then has one entry "
                           "per step, steps + 1 entries in all")
    check_close(got, expected, call=call, inputs=inputs, mistakes=mistakes)


def _inputs(marker, X0, lr, steps, **more):
    """The call's arguments in order, for messages; the gradient is described by its formula."""
    if marker.name == "polynomial":
        return {"grad": "x -> 8x^3 + 3x^2 - 6x in every coordinate", "X0": X0, "lr": lr, **more, "steps": steps}
    return {"grad": "x -> A x - b", "X0": X0, "lr": lr, **more, "steps": steps,
            "A": marker.params["A"], "b": marker.params["b"]}


def _descent_mistakes(reference, grad, X0, lr, steps):
    def same_array_everywhere():
        right = reference.gradient_descent(grad, X0, lr, steps)
        return np.broadcast_to(right[-1], right.shape)

    return {
        "the update goes uphill: gradient descent subtracts lr * grad(x)":
            lambda: reference.gradient_descent(lambda X: -grad(X), X0, lr, steps),
        "every step uses the gradient at X0: evaluate the gradient at the current points in each step":
            lambda: X0[None] - lr * np.arange(steps + 1)[:, None, None] * grad(X0)[None],
        "every entry of the path is the same array: updating X in place (X -= ...) and appending X stores "
        "the same object each time; store a copy or write into path[t]": same_array_everywhere,
    }


#: A generic problem on which every known mistake of the three optimizers gives a different path: a
#: non-diagonal quadratic, two starts, several steps (a lagging velocity needs two), momentum and alpha
#: away from 0, 1/2 and 1 (at alpha = 1/2, alpha and 1 - alpha cannot be told apart).
GENERIC_A, GENERIC_B = np.array([[3.0, 0.8], [0.8, 1.5]]), np.array([1.0, -2.0])
GENERIC_PROBLEM = (*gradient_fixture("quadratic_gradient", {"A": GENERIC_A, "b": GENERIC_B}),
                   np.array([[2.0, -1.0], [-3.5, 0.5]]), 0.2, 6)


# ----------------------------------------------------------------- gradient descent


@given(problem=descent_problems())
@example(problem=GENERIC_PROBLEM)
def test_gradient_descent_matches_reference(student, reference, problem):
    marker, grad, X0, lr, steps = problem
    check_path(student.gradient_descent(marker, X0, lr, steps), reference.gradient_descent(grad, X0, lr, steps),
               call="gradient_descent(grad, X0, lr, steps)", inputs=_inputs(marker, X0, lr, steps),
               mistakes=_descent_mistakes(reference, grad, X0, lr, steps))


@settings(max_examples=15)  # each example runs hundreds of steps; a few strong cases suffice
@given(problem=convex_quadratics(condition=st.floats(1.0, 10.0)))
def test_gradient_descent_converges_on_convex_quadratics(student, problem):
    A, b, X0, kappa = problem
    marker, grad = gradient_fixture("quadratic_gradient", {"A": A, "b": b})
    check_converges(student.gradient_descent(marker, X0, 1.0 / kappa, 300), A, b, grad,
                    call="gradient_descent(grad, X0, lr=1/L, steps=300)", inputs={"A": A, "b": b, "X0": X0})


def check_converges(path, A, b, grad, *, call, inputs):
    """The last points of ``path`` are the minimiser A⁻¹b and the gradient there is (nearly) zero."""
    path = as_path(path, call=call, inputs=inputs)
    minimiser = np.linalg.solve(A, b)
    if path.shape[1:] != (len(path[-1]), len(b)):
        raise CheckFailure(f"{describe_call(call, inputs)}\nreturned a path of shape {path.shape}; its points have "
                           f"{path.shape[-1]} coordinates, expected {len(b)}.")
    tol = tolerances.for_optimum(path.dtype)  # a float32 path cannot end closer than float32 allows
    check_close(path[-1], np.broadcast_to(minimiser, path[-1].shape), call=call + ", last points of the path",
                inputs=inputs, tol=tol)
    norms = np.linalg.norm(grad(path[-1]), axis=-1)
    if np.max(norms) > tol.atol:
        raise CheckFailure(f"{describe_call(call, inputs)}\nthe gradient norm at the end of the path is "
                           f"{np.max(norms):.3g}; on a strictly convex quadratic it should go to 0.")


def as_path(got, *, call, inputs):
    """``got`` as a numeric array of shape (steps + 1, k, d), or a failure saying what came back instead."""
    try:
        path = np.asarray(got, dtype=np.float64) if not isinstance(got, np.ndarray) else got
    except (TypeError, ValueError):
        path = None
    if path is None or path.ndim != 3 or path.dtype.kind not in "fiu":
        raise CheckFailure(f"{describe_call(call, inputs)}\nreturned {show(got)}, expected a path: an array of shape "
                           "(steps + 1, k, d) of numbers.")
    return path


def check_steps_all_starts_together(function, *rates_and_steps, call, inputs):
    """``function(grad, X0, *rates_and_steps)`` must call ``grad`` on all starts at once, and give the same path as with
    a gradient that accepts anything (so only the batching is judged here, not the values)."""
    params = {"A": np.array([[2.0, 0.5], [0.5, 1.0]]), "b": np.array([1.0, -1.0])}
    X0 = np.array([[0.0, 0.0], [3.0, -2.0], [-1.0, 4.0]])
    batched = function(Fixture("quadratic_gradient_on_batches", {**params, "rows": len(X0)}), X0, *rates_and_steps)
    anything = as_path(function(Fixture("quadratic_gradient", params), X0, *rates_and_steps), call=call,
                       inputs={"X0": X0, **inputs})
    check_close(batched, anything, call=call + " with a gradient that only accepts all starts at once",
                inputs={"X0": X0, **inputs})


def test_gradient_descent_steps_all_starts_together(student):
    check_steps_all_starts_together(student.gradient_descent, 0.3, 10, call="gradient_descent(grad, X0, lr, steps)",
                                    inputs={"lr": 0.3, "steps": 10})


@settings(max_examples=15)  # changing X0 in place happens on (nearly) every input, so a few suffice
@given(problem=descent_problems(max_steps=5))
def test_gradient_descent_leaves_X0_unchanged(student, problem):
    marker, _, X0, lr, steps = problem
    result = student.gradient_descent.call(marker, X0, lr, steps)
    check_not_modified(result.mutated, call="gradient_descent(grad, X0, lr, steps)",
                       inputs=_inputs(marker, X0, lr, steps))


# ----------------------------------------------------------------- momentum (the lecture's form)


def _momentum_mistakes(reference, grad, X0, lr, momentum, steps):
    def lagging():
        path = np.empty((steps + 1,) + X0.shape)
        path[0], velocity = X0, np.zeros(X0.shape)
        for t in range(1, steps + 1):
            path[t] = path[t - 1] + velocity  # moves with the previous velocity, then updates it
            velocity = -lr * grad(path[t - 1]) + momentum * velocity
        return path

    return {
        "the momentum term is missing: g_t = -lr grad(x_(t-1)) + momentum * g_(t-1) keeps part of the "
        "previous step, so keep g between iterations (starting from g_0 = 0)":
            lambda: reference.gradient_descent(grad, X0, lr, steps),
        "the point moves with the previous g: first compute g_t from the gradient at x_(t-1), then "
        "x_t = x_(t-1) + g_t": lagging,
        "the update goes uphill: g_t = -lr grad(x_(t-1)) + momentum * g_(t-1), then x_t = x_(t-1) + g_t":
            lambda: reference.momentum_descent(lambda X: -grad(X), X0, lr, momentum, steps),
    }


@given(problem=descent_problems(), momentum=st.floats(0.0, 0.95))
@example(problem=GENERIC_PROBLEM, momentum=0.7)
def test_momentum_matches_reference(student, reference, problem, momentum):
    marker, grad, X0, lr, steps = problem
    check_path(student.momentum_descent(marker, X0, lr, momentum, steps),
               reference.momentum_descent(grad, X0, lr, momentum, steps),
               call="momentum_descent(grad, X0, lr, momentum, steps)",
               inputs=_inputs(marker, X0, lr, steps, momentum=momentum),
               mistakes=_momentum_mistakes(reference, grad, X0, lr, momentum, steps))


@given(problem=descent_problems())
def test_momentum_zero_is_gradient_descent(student, reference, problem):
    marker, grad, X0, lr, steps = problem
    try:
        check_path(student.momentum_descent(marker, X0, lr, 0.0, steps),
                   reference.gradient_descent(grad, X0, lr, steps),
                   call="momentum_descent(grad, X0, lr, momentum=0, steps), compared with plain gradient descent",
                   inputs=_inputs(marker, X0, lr, steps, momentum=0.0))
    except CheckFailure as failure:
        raise CheckFailure(f"{failure}\nnote: with momentum = 0, g_t = -lr grad(x_(t-1)), so the path must be "
                           "exactly that of plain gradient descent") from None


@settings(max_examples=15)  # each example runs hundreds of steps; a few strong cases suffice
@given(problem=convex_quadratics(condition=st.floats(1.0, 10.0)), momentum=st.floats(0.0, 0.8))
def test_momentum_converges_on_convex_quadratics(student, problem, momentum):
    A, b, X0, kappa = problem
    marker, grad = gradient_fixture("quadratic_gradient", {"A": A, "b": b})
    check_converges(student.momentum_descent(marker, X0, 1.0 / kappa, momentum, 300), A, b, grad,
                    call=f"momentum_descent(grad, X0, lr=1/L, momentum={momentum:.3g}, steps=300)",
                    inputs={"A": A, "b": b, "X0": X0})


def first_step_below(norms, tol):
    """The first iteration at which every start's gradient norm is below ``tol`` (len(norms) if never)."""
    below = np.all(norms <= tol, axis=1)
    return int(np.argmax(below)) if below.any() else len(norms)


@st.composite
def ill_conditioned_quadratics(draw):
    """A quadratic with condition number 50..200 and starts whose offset from the minimiser has a
    component of length at least 1 along the slow (smallest-eigenvalue) direction."""
    d, k = draw(st.integers(2, 3)), draw(st.integers(1, 3))
    kappa = draw(st.floats(50.0, 200.0))
    A = draw(positive_definite_matrices(dim=d, condition=kappa))
    b = draw(arrays(shape=(d,), low=-5.0, high=5.0))
    slow = np.linalg.eigh(A)[1][:, 0]
    offsets = draw(arrays(shape=(k, d), low=-0.5, high=0.5))
    return A, b, np.linalg.solve(A, b) + 2.0 * slow + offsets, kappa


@settings(max_examples=10)  # each example runs hundreds of steps; a few strong cases suffice
@given(problem=ill_conditioned_quadratics())
def test_momentum_beats_gradient_descent_when_ill_conditioned(student, reference, problem):
    """With condition number κ, plain GD shrinks the slow direction by 1 - 1/κ per step; momentum 0.9 by ~0.95."""
    A, b, X0, kappa = problem
    marker, grad = gradient_fixture("quadratic_gradient", {"A": A, "b": b})
    steps, lr = 1500, 1.0 / kappa
    tol = 1e-6 * max(1.0, float(np.max(np.linalg.norm(grad(X0), axis=-1))))
    call = f"momentum_descent(grad, X0, lr, 0.9, {steps})"
    path = as_path(student.momentum_descent(marker, X0, lr, 0.9, steps), call=call, inputs={"A": A, "X0": X0})
    if path.shape != (steps + 1,) + X0.shape:
        raise CheckFailure(f"momentum_descent(grad, X0, lr, 0.9, {steps}) returned {show(path)}, expected a path "
                           f"of shape {(steps + 1,) + X0.shape}.")
    with_momentum = first_step_below(np.linalg.norm(grad(path), axis=-1), tol)
    plain = first_step_below(np.linalg.norm(grad(reference.gradient_descent(grad, X0, lr, steps)), axis=-1), tol)
    if with_momentum >= plain:
        reached = f"after {with_momentum} steps" if with_momentum <= steps else f"not within {steps} steps"
        raise CheckFailure(
            f"momentum_descent(grad, X0, lr=1/L, momentum=0.9, steps={steps}) on a quadratic with condition "
            f"number {kappa:.3g}\n  A = {show(A)}\n  X0 = {show(X0)}\nreached gradient norm {tol:.3g} {reached}; "
            f"plain gradient descent needs {plain} steps. Momentum should be clearly faster here.\n"
            "hint: check that g_t keeps momentum * g_(t-1) from the previous step")


def test_momentum_steps_all_starts_together(student):
    check_steps_all_starts_together(student.momentum_descent, 0.3, 0.5, 10,
                                    call="momentum_descent(grad, X0, lr, momentum, steps)",
                                    inputs={"lr": 0.3, "momentum": 0.5, "steps": 10})


# ----------------------------------------------------------------- momentum as a moving average


def _ema_mistakes(reference, grad, X0, lr, alpha, steps):
    return {
        "the new gradient enters the moving average with weight (1 - alpha): D_t = alpha D_(t-1) + (1 - alpha) grad":
            lambda: reference.momentum_descent(grad, X0, lr, alpha, steps),
        PUBLIC.ALPHA_SWAPPED:
            lambda: reference.ema_momentum_descent(grad, X0, lr, 1.0 - alpha, steps),
        "the moving average is missing: D_t = alpha D_(t-1) + (1 - alpha) grad(x_(t-1)) carries over between steps":
            lambda: reference.gradient_descent(grad, X0, lr * (1.0 - alpha), steps),
    }


@given(problem=descent_problems(), alpha=st.floats(0.0, 0.95))
@example(problem=GENERIC_PROBLEM, alpha=0.3)
def test_ema_momentum_matches_reference(student, reference, problem, alpha):
    marker, grad, X0, lr, steps = problem
    check_path(student.ema_momentum_descent(marker, X0, lr, alpha, steps),
               reference.ema_momentum_descent(grad, X0, lr, alpha, steps),
               call="ema_momentum_descent(grad, X0, lr, alpha, steps)",
               inputs=_inputs(marker, X0, lr, steps, alpha=alpha),
               mistakes=_ema_mistakes(reference, grad, X0, lr, alpha, steps))


@given(problem=descent_problems(), alpha=st.floats(0.0, 0.95))
def test_ema_momentum_agrees_with_lecture_form(student, reference, problem, alpha):
    """Multiplying D_t by -lr gives g_t: the two forms agree when momentum = alpha and lr_g = lr (1 - alpha)."""
    marker, grad, X0, lr, steps = problem
    check_path(student.ema_momentum_descent(marker, X0, lr, alpha, steps),
               reference.momentum_descent(grad, X0, lr * (1.0 - alpha), alpha, steps),
               call="ema_momentum_descent(grad, X0, lr, alpha, steps), compared with the form "
                    "g_t = -lr (1 - alpha) grad(x_(t-1)) + alpha g_(t-1)",
               inputs=_inputs(marker, X0, lr, steps, alpha=alpha),
               mistakes=_ema_mistakes(reference, grad, X0, lr, alpha, steps))


def test_ema_momentum_steps_all_starts_together(student):
    check_steps_all_starts_together(student.ema_momentum_descent, 0.6, 0.5, 10,
                                    call="ema_momentum_descent(grad, X0, lr, alpha, steps)",
                                    inputs={"lr": 0.6, "alpha": 0.5, "steps": 10})


# ----------------------------------------------------------------- gradient norms


@st.composite
def paths(draw):
    T, k, d = draw(st.integers(1, 12)), draw(st.integers(1, 4)), draw(st.integers(1, 3))
    A = draw(positive_definite_matrices(dim=d, condition=st.floats(1.0, 10.0)))
    b = draw(arrays(shape=(d,), low=-5.0, high=5.0))
    return {"A": A, "b": b}, draw(arrays(shape=(T, k, d), low=-5.0, high=5.0))


@given(problem=paths())
def test_gradient_norms_matches_reference(student, reference, problem):
    params, path = problem
    marker, grad = gradient_fixture("quadratic_gradient", params)
    G = grad(path)
    check_close(student.gradient_norms(marker, path), reference.gradient_norms(grad, path),
                call="gradient_norms(grad, path)", inputs={"grad": "the gradient", "path": path}, mistakes={
        "this is the squared norm: take the square root of the sum of squares (np.linalg.norm)":
            lambda: np.sum(G**2, axis=-1),
        "this is the sum of absolute values (the 1-norm); the gradient norm is the Euclidean norm":
            lambda: np.sum(np.abs(G), axis=-1),
        "this is the norm of the points, not of the gradient at the points": lambda: np.linalg.norm(path, axis=-1),
    })


# ----------------------------------------------------------------- stopping rules


@st.composite
def stopping_problems(draw):
    if draw(st.booleans()):  # the lecture's polynomial p(x) = 2x^4 + x^3 - 3x^2
        coefficients = [8.0, 3.0, -6.0, 0.0]
        x0, lr = draw(floats(low=-2.0, high=2.0)), draw(st.floats(0.001, 0.05))
    else:  # a parabola a (x - c)^2, sometimes with the step size that jumps straight to its minimum
        a, c = draw(st.floats(0.5, 4.0)), draw(floats(low=-3.0, high=3.0))
        coefficients = [2 * a, -2 * a * c]
        x0 = draw(floats(low=-5.0, high=5.0))
        lr = draw(st.sampled_from([1.0 / (2 * a), 0.1 / a, 0.45 / a]))
    eps = draw(st.sampled_from([1e-2, 1e-4, 1e-6]))
    max_epochs = draw(st.integers(0, 400))
    return {"coefficients": coefficients}, x0, lr, eps, max_epochs


@given(problem=stopping_problems())
def test_descend_until_converged_matches_reference(student, reference, problem):
    params, x0, lr, eps, max_epochs = problem
    derivative = fixtures.build("polynomial", params)
    want_x, want_reason, want_steps = reference.descend_until_converged(derivative, x0, lr, eps, max_epochs)
    got = student.descend_until_converged(Fixture("polynomial", params), x0, lr, eps, max_epochs)
    call = "descend_until_converged(derivative, x0, lr, eps, max_epochs)"
    inputs = {"derivative": f"the polynomial with coefficients {params['coefficients']}", "x0": x0, "lr": lr,
              "eps": eps, "max_epochs": max_epochs}
    if not isinstance(got, (tuple, list)) or len(got) != 3:
        raise CheckFailure(f"{describe_call(call, inputs)}\nreturned {show(got)}\nexpected a tuple (x, reason, steps).")
    x, reason, steps = got
    check_stop_types(x, reason, steps, call=call, inputs=inputs)
    if reason != want_reason or steps != want_steps:
        hint = _stopping_hint(reason, steps, want_reason, want_steps)
        raise CheckFailure(f"{describe_call(call, inputs)}\nstopped with reason {reason!r} after {show(steps)} steps; "
                           f"expected {want_reason!r} after {want_steps} steps." + (f"\nhint: {hint}" if hint else ""))
    check_close(x, want_x, call=call + ", returned x", inputs=inputs)


def check_stop_types(x, reason, steps, *, call, inputs):
    """The contract's types: x a number, reason a string, steps an int (a count, never a float)."""
    if not isinstance(reason, str):
        raise CheckFailure(f"{describe_call(call, inputs)}\nreturned the reason {show(reason)}; expected a string "
                           "such as 'epoch limit reached'.")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)):
        raise CheckFailure(f"{describe_call(call, inputs)}\nreturned the step count {show(steps)} of type "
                           f"{type(steps).__name__}; expected an int.\nhint: count the steps with an int "
                           "(taken = 0, then taken += 1), not a float")
    if np.ndim(x) != 0 or isinstance(x, (str, bool)):
        raise CheckFailure(f"{describe_call(call, inputs)}\nreturned x = {show(x)}; expected a single number "
                           "(the last point).")


_stopping_hint = PUBLIC.stopping_hint  # the same hint for a wrong reason or step count on both sides


# ----------------------------------------------------------------- mini-batches


def check_epochs(got, n, batch_size, epochs, *, call, inputs):
    """Every epoch is a list of batches of the right sizes that together visit 0..n-1 exactly once."""
    if not isinstance(got, (list, tuple)) or len(got) != epochs:
        raise CheckFailure(f"{describe_call(call, inputs)}\nreturned {show(got)}\nexpected a list with one entry "
                           f"per epoch ({epochs}), each a list of index arrays.")
    sizes = [batch_size] * (n // batch_size) + ([n % batch_size] if n % batch_size else [])
    for e, epoch in enumerate(got):
        if not isinstance(epoch, (list, tuple)) or not all(isinstance(x, (np.ndarray, list, tuple)) for x in epoch):
            raise CheckFailure(f"{describe_call(call, inputs)}\nepoch {e} is {show(epoch)}; expected a list of "
                               "1-D integer arrays, one per batch.\nhint: cut each epoch's shuffled indices into "
                               "batches: [shuffled[i:i + batch_size] for i in range(0, n, batch_size)]")
        if not all(isinstance(x, np.ndarray) for x in epoch):
            kind = next(type(x).__name__ for x in epoch if not isinstance(x, np.ndarray))
            raise CheckFailure(f"{describe_call(call, inputs)}\nepoch {e} holds a batch of type {kind}; each batch "
                               "must be a NumPy array of integer indices, as the notebook says (its demo cell calls "
                               "b.tolist() on each batch).\nhint: slice the permutation array itself instead of "
                               "converting it to a list")
        epoch = [np.asarray(x) for x in epoch]
        got_sizes = [int(np.size(x)) for x in epoch]
        if got_sizes != sizes:
            hint = ("the last, shorter batch is missing: keep the n % batch_size leftover indices as a final "
                    "batch so that every example is used in every epoch"
                    if got_sizes == sizes[:-1] and n % batch_size else
                    "cut the shuffled indices into consecutive pieces of batch_size, the last one shorter")
            raise CheckFailure(f"{describe_call(call, inputs)}\nepoch {e} has batches of sizes {got_sizes}; "
                               f"expected {sizes}.\nhint: {hint}")
        flat = np.concatenate([np.ravel(x) for x in epoch]) if epoch else np.zeros(0, dtype=int)
        if flat.dtype.kind not in "iu":
            raise CheckFailure(f"{describe_call(call, inputs)}\nepoch {e} holds indices of dtype {flat.dtype}; "
                               "indices must be integers (rng.permutation(n) gives integers).")
        if sorted(flat.tolist()) != list(range(n)):
            missing = sorted(set(range(n)) - set(flat.tolist()))
            repeated = sorted({int(i) for i in flat if np.sum(flat == i) > 1})
            raise CheckFailure(f"{describe_call(call, inputs)}\nepoch {e} does not visit every index 0..{n - 1} "
                               f"exactly once: missing {missing[:10]}, repeated {repeated[:10]}.\nhint: shuffle a "
                               "permutation of all n indices, then cut it into batches (sampling with "
                               "replacement repeats examples)")


@given(n=st.integers(1, 30), batch_size=st.integers(1, 12), epochs=st.integers(1, 3), seed=st.integers(0, 1000))
@example(n=10, batch_size=3, epochs=2, seed=7)  # a batch size that does not divide n: the last batch is shorter
@example(n=12, batch_size=4, epochs=2, seed=7)
def test_minibatch_order_visits_each_index_once_per_epoch(student, n, batch_size, epochs, seed):
    got = student.minibatch_order(n, batch_size, epochs, Fixture("random_generator", {"seed": seed}))
    check_epochs(got, n, batch_size, epochs, call="minibatch_order(n, batch_size, epochs, rng)",
                 inputs={"n": n, "batch_size": batch_size, "epochs": epochs, "rng": f"default_rng({seed})"})


def _flat(order, *, call, inputs):
    """Each epoch's indices in visiting order; the structure itself is judged by the test above."""
    try:
        return [np.concatenate([np.ravel(b) for b in epoch]).tolist() for epoch in order]
    except (TypeError, ValueError):
        raise CheckFailure(f"{describe_call(call, inputs)}\nreturned {show(order)}\nexpected a list with one entry "
                           "per epoch, each a list of index arrays.") from None


def test_minibatch_order_is_reproducible_and_reshuffled(student):
    n, batch_size, epochs = 12, 5, 3
    for seed in range(5):
        call = f"minibatch_order({n}, {batch_size}, {epochs}, rng)"
        inputs = {"rng": f"default_rng({seed})"}

        def order(s):
            got = student.minibatch_order(n, batch_size, epochs, Fixture("random_generator", {"seed": s}))
            return _flat(got, call=call, inputs={"rng": f"default_rng({s})"})

        first, again, other = order(seed), order(seed), order(seed + 100)
        if first != again:
            raise CheckFailure(f"{describe_call(call, inputs)}\ngave {first} the first time and {again} the second "
                               "time, with two generators made from the same seed.\nhint: draw every random "
                               "number from the generator rng you were given (rng.permutation), not from "
                               "np.random or the random module, so that a run can be repeated exactly")
        if first == other:
            raise CheckFailure(f"{describe_call(call, inputs)}\ngave the same order {first} for generators with "
                               "different seeds.\nhint: shuffle with the generator rng you were given")
        if any(epoch == list(range(len(epoch))) for epoch in first):
            raise CheckFailure(f"{describe_call(call, inputs)}\nvisited the examples in their original order "
                               f"({first}).\nhint: shuffle the indices with rng.permutation(n) at the start of "
                               "each epoch")
        for e in range(1, epochs):
            if first[e] == first[0]:
                raise CheckFailure(f"{describe_call(call, inputs)}\nepochs 0 and {e} visit the examples in the same "
                                   f"order {first[0]}.\nhint: reshuffle at the start of every epoch, not once "
                                   "before the first")


# ----------------------------------------------------------------- plots


@given(k=st.integers(1, 5))
def test_plot_paths_draws_each_path_over_contours(student, reference, k):
    A, b = np.array([[1.0, 0.3], [0.3, 2.0]]), np.array([5.0, 8.0])
    X0 = np.column_stack([np.linspace(0.5, 9.5, k), np.linspace(9.0, 1.0, k)])
    path = reference.gradient_descent(fixtures.build("quadratic_gradient", {"A": A, "b": b}), X0, 0.2, 15)
    call = f"plot_paths(f, paths) with paths of shape {path.shape}"
    axes = figure_axes(student.plot_paths(Fixture("quadratic", {"A": A, "b": b}), path), call)
    drawn = [ax for ax in axes if ax["collections"] >= 1 and ax["lines"] >= 1]
    if not drawn:
        raise CheckFailure(f"{call}: no axes hold both a contour plot and lines "
                           f"(axes: {[{k_: ax[k_] for k_ in ('lines', 'collections')} for ax in axes]}).\n"
                           "hint: draw the contours of f (ax.contour or ax.contourf) and the paths (ax.plot) "
                           "on the same axes")
    ax = drawn[0]
    if ax["lines"] != k:
        raise CheckFailure(f"{call}: the axes hold {ax['lines']} lines for {k} starting points; expected exactly "
                           "one line per start.\nhint: call ax.plot(paths[:, j, 0], paths[:, j, 1], ...) once for "
                           "each start j (mark the points with marker=... in the same call)")
    for j in range(k):
        check_plotted(ax, path[:, j, :], kind="line_data", call=call,
                      what=f"the path of start {j} (x = paths[:, {j}, 0], y = paths[:, {j}, 1])")
    check_contour_region(ax, (0.0, 10.0, 0.0, 10.0), call=call)
    if not ax["xlabel"] or not ax["ylabel"]:
        raise CheckFailure(f"{call}: label both axes (ax.set_xlabel, ax.set_ylabel).")


def test_plot_gradient_norms_one_line_per_method_on_log_scale(student):
    norms = {"gradient descent": 0.9 ** np.arange(50.0), "momentum": 0.7 ** np.arange(50.0),
             "moving average": 0.8 ** np.arange(50.0)}
    call = "plot_gradient_norms(norms) with three methods"
    axes = figure_axes(student.plot_gradient_norms(norms), call)
    ax = max(axes, key=lambda a: a["lines"])
    if ax["lines"] != len(norms):
        raise CheckFailure(f"{call}: the axes hold {ax['lines']} lines; expected one line per method ({len(norms)}).")
    for name, values in norms.items():
        index = _find_curve(ax, values)
        if index is None:
            check_plotted(ax, np.column_stack([np.arange(len(values)), values]), kind="line_data", call=call,
                          what=f"the norms of {name!r} against the iteration number 0, 1, 2, ...")
    if ax["yscale"] != "log":
        raise CheckFailure(f"{call}: the y axis uses a {ax['yscale']} scale.\nhint: gradient norms shrink "
                           "geometrically, which a logarithmic scale shows as a straight line: ax.set_yscale('log')")
    if not ax["xlabel"] or not ax["ylabel"]:
        raise CheckFailure(f"{call}: label both axes (for example 'iteration' and 'gradient norm').")
    check_legend(ax, list(norms), call=call)


def _find_curve(ax, values):
    """The line that plots ``values`` against the iteration number, counted from 0 or from 1."""
    for first in (0, 1):
        index = find_artist(ax.get("line_data") or [],
                            np.column_stack([np.arange(first, first + len(values)), values]))
        if index is not None:
            return index
    return None
