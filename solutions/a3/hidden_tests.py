"""Hidden tests for a3 (secret: never shipped to students).

Optimizers run on quadratics q(x) = ½xᵀAx − bᵀx (gradient A x − b) and on the quartic with gradient
8x³ + 3x² − 6x in every coordinate, handed to the student as public fixtures. Paths must equal the
reference step for step; on strictly convex quadratics they must reach the minimiser A⁻¹b.
"""

import numpy as np

from autograder.checks.compare import check_close, check_library, show
from autograder.checks.figures import find_artist
from autograder.testkit import (Call, CheckFailure, Shown, built, check_call, check_contour_region, check_legend,
                                check_plotted, check_result, check_unchanged, example, examples, fail, figure_axes,
                                given, handed, st, tolerances)
from autograder.testkit.strategies import arrays, floats, positive_definite_matrices
from autograder.testrun.modules import public_tests_for

PUBLIC = public_tests_for(__file__)  # the public tests (shipped to students) hold the hints both sides give


def quadratic(A, b):
    """The gradient x -> A x - b handed to the student, shown with A and b in messages."""
    return Shown(handed("quadratic_gradient", A=A, b=b),
                 f"x -> A x - b with A = {np.round(A, 6).tolist()}, b = {np.round(b, 6).tolist()}")


#: The gradient of Σᵢ (2xᵢ⁴ + xᵢ³ − 3xᵢ²): the lecture's polynomial in every coordinate (not convex).
QUARTIC = Shown(handed("polynomial", coefficients=[8.0, 3.0, -6.0, 0.0]), "x -> 8x^3 + 3x^2 - 6x in every coordinate")


# ----------------------------------------------------------------- problems and paths


@st.composite
def descent_problems(draw, *, max_steps=25):
    """(grad, X0, lr, steps): a quadratic or the quartic, starts X0 (k, d), a stable learning rate."""
    k, d, steps = draw(st.integers(1, 4)), draw(st.integers(1, 3)), draw(st.integers(0, max_steps))
    if draw(st.booleans()):
        condition = draw(st.floats(1.0, 20.0))
        A = draw(positive_definite_matrices(dim=d, condition=condition))
        grad = quadratic(A, draw(arrays(shape=(d,), low=-5.0, high=5.0)))
        lr = draw(st.floats(0.05, 1.5)) / condition
        return grad, draw(arrays(shape=(k, d), low=-5.0, high=5.0)), lr, steps
    lr = draw(st.floats(0.001, 0.02))
    return QUARTIC, draw(arrays(shape=(k, d), low=-1.5, high=1.5)), lr, steps


def descent(function, problem, **rate):
    """The call of ``function`` on ``problem``; its extra rate (momentum, alpha) goes before ``steps``."""
    grad, X0, lr, steps = problem
    return Call(function, grad=grad, X0=X0, lr=lr, **rate, steps=steps)


#: A generic problem on which every known mistake of the three optimizers gives a different path: a
#: non-diagonal quadratic, two starts, several steps (a lagging velocity needs two), momentum and alpha
#: away from 0, 1/2 and 1 (at alpha = 1/2, alpha and 1 - alpha cannot be told apart).
GENERIC_PROBLEM = (quadratic(np.array([[3.0, 0.8], [0.8, 1.5]]), np.array([1.0, -2.0])),
                   np.array([[2.0, -1.0], [-3.5, 0.5]]), 0.2, 6)


@st.composite
def convex_quadratics(draw, kappa=(1.0, 10.0), slow=False):
    """(A, b, X0, κ): a strictly convex quadratic of condition number κ in ``kappa`` and starts X0; ``slow`` starts
    are offset from the minimiser by at least 1 along the slow (smallest-eigenvalue) direction."""
    d, k = draw(st.integers(2 if slow else 1, 3)), draw(st.integers(1, 3))
    kappa = draw(st.floats(*kappa))
    A = draw(positive_definite_matrices(dim=d, condition=kappa))
    b = draw(arrays(shape=(d,), low=-5.0, high=5.0))
    if not slow:
        return A, b, draw(arrays(shape=(k, d), low=-5.0, high=5.0)), kappa
    offsets = draw(arrays(shape=(k, d), low=-0.5, high=0.5))
    return A, b, np.linalg.solve(A, b) + 2.0 * np.linalg.eigh(A)[1][:, 0] + offsets, kappa


def check_path(student, call, expected, mistakes=None, note=None):
    """The student's NumPy path for ``call`` against ``expected`` (a function of the call's arguments), with the
    public check's hints for a path without its first or its last entries; ``note`` says what is expected."""
    got = call.run(student)
    try:
        check_library(got, "numpy", call=call.text, inputs=call.shown)
        PUBLIC.check_path(got, call.apply(expected), call=call.text, inputs=call.shown,
                          mistakes={hint: (lambda m=m: call.apply(m)) for hint, m in (mistakes or {}).items()})
    except CheckFailure as failure:
        raise CheckFailure(f"{failure}\nnote: {note}" if note else str(failure)) from None


def as_path(call, got, shape=(None, None, None)):
    """``got`` as a numeric path of ``shape`` (steps + 1, k, d; None: any size), or a failure showing what came back."""
    try:
        path = got if isinstance(got, np.ndarray) else np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        path = None
    if (path is None or path.ndim != 3 or path.dtype.kind not in "fiu" or len(path) == 0
            or any(want not in (None, size) for want, size in zip(shape, path.shape))):
        sizes = ", ".join(f"{name} = {size}" for name, size in zip(("steps + 1", "k", "d"), shape) if size)
        raise fail(call, f"returned {show(got)}, expected a path: an array of shape (steps + 1, k, d) of numbers"
                   + (f" with {sizes}." if sizes else "."))
    return path


def check_converges(student, function, problem, **rates):
    """From X0 with lr = 1/κ, the path ends at the minimiser A⁻¹b of the quadratic, where the gradient is (nearly) 0."""
    A, b, X0, kappa = problem
    call = Call(function, grad=quadratic(A, b), X0=X0, lr=1 / kappa, **rates, steps=300)
    path = as_path(call, call.run(student), (None, None, len(b)))
    tol = tolerances.for_optimum(path.dtype)  # a float32 path cannot end closer than float32 allows
    check_close(path[-1], np.broadcast_to(np.linalg.solve(A, b), path[-1].shape), tol=tol,
                call=call.text + ", last points of the path", inputs=call.shown)
    norm = np.max(np.linalg.norm(call.local_args[0](path[-1]), axis=-1))
    if norm > tol.atol:
        raise fail(call, f"the gradient norm at the end of the path is {norm:.3g}; on a strictly convex quadratic "
                   "it should go to 0.")


def check_batched(student, function, **rates):
    """``function`` calls grad on all starts at once: the same path with a gradient that accepts nothing else."""
    A, b, X0 = np.array([[2.0, 0.5], [0.5, 1.0]]), np.array([1.0, -1.0]), np.array([[0, 0], [3, -2], [-1, 4.0]])
    call = Call(function, grad=quadratic(A, b), X0=X0, **rates)
    batched = call.but(grad=Shown(handed("quadratic_gradient_on_batches", A=A, b=b, rows=3),
                                  "x -> A x - b that only accepts all 3 starts at once"))
    check_result(batched, batched.run(student), as_path(call, call.run(student)))  # the batched call runs first


# ----------------------------------------------------------------- gradient descent


@given(problem=descent_problems())
@example(problem=GENERIC_PROBLEM)
def test_gradient_descent_matches_reference(student, reference, problem):
    check_path(student, descent("gradient_descent", problem), reference.gradient_descent, {
        PUBLIC.GD_UPHILL: lambda grad, X0, lr, steps: reference.gradient_descent(lambda X: -grad(X), X0, lr, steps),
        PUBLIC.GD_GRADIENT_AT_X0:
            lambda grad, X0, lr, steps: X0 - lr * np.arange(steps + 1.0)[:, None, None] * grad(X0),
        PUBLIC.GD_SAME_ARRAY:
            lambda *args: np.broadcast_to(reference.gradient_descent(*args)[-1], (args[3] + 1, *args[1].shape)),
    })


@examples(15)  # each example runs hundreds of steps; a few strong cases suffice
@given(problem=convex_quadratics())
def test_gradient_descent_converges_on_convex_quadratics(student, problem):
    check_converges(student, "gradient_descent", problem)


def test_gradient_descent_steps_all_starts_together(student):
    check_batched(student, "gradient_descent", lr=0.3, steps=10)


@examples(15)  # changing X0 in place happens on (nearly) every input, so a few suffice
@given(problem=descent_problems(max_steps=5))
def test_gradient_descent_leaves_X0_unchanged(student, problem):
    call = descent("gradient_descent", problem)
    check_unchanged(student, call)


# ----------------------------------------------------------------- momentum (the lecture's form)


def lagging_momentum(grad, X0, lr, momentum, steps):
    """A mistake: each point moves with the previous velocity, which is updated after the move."""
    path, velocity = [X0], np.zeros(X0.shape)
    for _ in range(steps):
        path.append(path[-1] + velocity)
        velocity = -lr * grad(path[-2]) + momentum * velocity
    return np.array(path)


@given(problem=descent_problems(), momentum=st.floats(0.0, 0.95))
@example(problem=GENERIC_PROBLEM, momentum=0.7)
def test_momentum_matches_reference(student, reference, problem, momentum):
    check_path(student, descent("momentum_descent", problem, momentum=momentum), reference.momentum_descent, {
        PUBLIC.MOMENTUM_MISSING: lambda grad, X0, lr, _, steps: reference.gradient_descent(grad, X0, lr, steps),
        PUBLIC.MOMENTUM_LAGS: lagging_momentum,
        PUBLIC.MOMENTUM_UPHILL: lambda grad, *rest: reference.momentum_descent(lambda X: -grad(X), *rest),
    })


@given(problem=descent_problems())
def test_momentum_zero_is_gradient_descent(student, reference, problem):
    check_path(student, descent("momentum_descent", problem, momentum=0.0),
               lambda grad, X0, lr, momentum, steps: reference.gradient_descent(grad, X0, lr, steps),
               note="with momentum = 0, g_t = -lr grad(x_(t-1)), so the path must be exactly that of plain "
                    "gradient descent")


@examples(15)  # each example runs hundreds of steps; a few strong cases suffice
@given(problem=convex_quadratics(), momentum=st.floats(0.0, 0.8))
def test_momentum_converges_on_convex_quadratics(student, problem, momentum):
    check_converges(student, "momentum_descent", problem, momentum=momentum)


@examples(10)  # each example runs hundreds of steps; a few strong cases suffice
@given(problem=convex_quadratics(kappa=(50.0, 200.0), slow=True))
def test_momentum_beats_gradient_descent_when_ill_conditioned(student, reference, problem):
    """With condition number κ, plain GD shrinks the slow direction by 1 - 1/κ per step; momentum 0.9 by ~0.95."""
    A, b, X0, kappa = problem
    call = Call("momentum_descent", grad=quadratic(A, b), X0=X0, lr=1 / kappa, momentum=0.9, steps=1500)
    grad, path = call.local_args[0], as_path(call, call.run(student), (1501, *X0.shape))
    tol = 1e-6 * max(1.0, float(np.max(np.linalg.norm(grad(X0), axis=-1))))
    # the first step at which every start's gradient norm is below tol (1501 if none)
    below = [np.all(np.linalg.norm(grad(p), axis=-1) <= tol, axis=1) for p in
             (path, reference.gradient_descent(grad, X0, 1 / kappa, 1500))]
    fast, plain = (int(np.argmax(steps)) if steps.any() else 1501 for steps in below)
    if fast >= plain:
        raise fail(call, f"on a quadratic with condition number {kappa:.3g}, reached gradient norm {tol:.3g} "
                   + (f"after {fast} steps" if fast <= 1500 else "not within 1500 steps")
                   + f"; plain gradient descent needs {plain} steps. Momentum should be clearly faster here.",
                   hint="check that g_t keeps momentum * g_(t-1) from the previous step")


def test_momentum_steps_all_starts_together(student):
    check_batched(student, "momentum_descent", lr=0.3, momentum=0.5, steps=10)


# ----------------------------------------------------------------- momentum as a moving average


def ema_mistakes(ref):
    return {
        PUBLIC.EMA_WEIGHT: ref.momentum_descent,
        PUBLIC.ALPHA_SWAPPED: lambda grad, X0, lr, a, steps: ref.ema_momentum_descent(grad, X0, lr, 1 - a, steps),
        PUBLIC.EMA_MISSING: lambda grad, X0, lr, alpha, steps: ref.gradient_descent(grad, X0, lr * (1 - alpha), steps),
    }


@given(problem=descent_problems(), alpha=st.floats(0.0, 0.95))
@example(problem=GENERIC_PROBLEM, alpha=0.3)
def test_ema_momentum_matches_reference(student, reference, problem, alpha):
    check_path(student, descent("ema_momentum_descent", problem, alpha=alpha), reference.ema_momentum_descent,
               ema_mistakes(reference))


@given(problem=descent_problems(), alpha=st.floats(0.0, 0.95))
def test_ema_momentum_agrees_with_lecture_form(student, reference, problem, alpha):
    """Multiplying D_t by -lr gives g_t: the two forms agree when momentum = alpha and lr_g = lr (1 - alpha)."""
    check_path(student, descent("ema_momentum_descent", problem, alpha=alpha),
               lambda grad, X0, lr, alpha, steps: reference.momentum_descent(grad, X0, lr * (1 - alpha), alpha, steps),
               ema_mistakes(reference), note="the expected path is that of the lecture's form "
                                             "g_t = -lr (1 - alpha) grad(x_(t-1)) + alpha g_(t-1)")


def test_ema_momentum_steps_all_starts_together(student):
    check_batched(student, "ema_momentum_descent", lr=0.6, alpha=0.5, steps=10)


# ----------------------------------------------------------------- gradient norms


@st.composite
def norm_calls(draw):
    T, k, d = draw(st.integers(1, 12)), draw(st.integers(1, 4)), draw(st.integers(1, 3))
    A = draw(positive_definite_matrices(dim=d, condition=st.floats(1.0, 10.0)))
    b = draw(arrays(shape=(d,), low=-5.0, high=5.0))
    return Call("gradient_norms", grad=quadratic(A, b), path=draw(arrays(shape=(T, k, d), low=-5.0, high=5.0)))


@given(call=norm_calls())
def test_gradient_norms_matches_reference(student, reference, call):
    check_call(student, call, reference.gradient_norms, mistakes={
        PUBLIC.NORM_SQUARED: lambda grad, path: np.sum(grad(path) ** 2, axis=-1),
        PUBLIC.NORM_ONE: lambda grad, path: np.sum(np.abs(grad(path)), axis=-1),
        PUBLIC.NORM_OF_POINTS: lambda grad, path: np.linalg.norm(path, axis=-1),
    })


# ----------------------------------------------------------------- stopping rules


@st.composite
def stopping_calls(draw):
    if draw(st.booleans()):  # the lecture's polynomial p(x) = 2x^4 + x^3 - 3x^2
        coefficients, x0, lr = [8.0, 3.0, -6.0, 0.0], draw(floats(low=-2.0, high=2.0)), draw(st.floats(0.001, 0.05))
    else:  # a parabola a (x - c)^2, sometimes with the step size that jumps straight to its minimum
        a, c = draw(st.floats(0.5, 4.0)), draw(floats(low=-3.0, high=3.0))
        coefficients, x0 = [2 * a, -2 * a * c], draw(floats(low=-5.0, high=5.0))
        lr = draw(st.sampled_from([1.0 / (2 * a), 0.1 / a, 0.45 / a]))
    derivative = Shown(handed("polynomial", coefficients=coefficients), f"x -> polyval({coefficients}, x)")
    return Call("descend_until_converged", derivative=derivative, x0=x0, lr=lr,
                eps=draw(st.sampled_from([1e-2, 1e-4, 1e-6])), max_epochs=draw(st.integers(0, 400)))


@given(call=stopping_calls())
def test_descend_until_converged_matches_reference(student, reference, call):
    want_x, want_reason, want_steps = call.apply(reference.descend_until_converged)
    got = call.run(student)
    if not isinstance(got, (tuple, list)) or len(got) != 3:
        raise fail(call, f"returned {show(got)}\nexpected a tuple (x, reason, steps).")
    x, reason, steps = got
    if not isinstance(reason, str):
        raise fail(call, f"returned the reason {show(reason)}; expected a string such as 'epoch limit reached'.")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)):
        raise fail(call, f"returned the step count {show(steps)} of type {type(steps).__name__}; expected an int.",
                   hint=PUBLIC.STEPS_AS_INT)
    if np.ndim(x) != 0 or isinstance(x, (str, bool)):
        raise fail(call, f"returned x = {show(x)}; expected a single number (the last point).")
    if reason != want_reason or steps != want_steps:
        raise fail(call, f"stopped with reason {reason!r} after {show(steps)} steps; expected {want_reason!r} after "
                   f"{want_steps} steps.", hint=PUBLIC.stopping_hint(reason, steps, want_reason, want_steps))
    check_close(x, want_x, call=call.text + ", returned x", inputs=call.shown)


# ----------------------------------------------------------------- mini-batches


@given(n=st.integers(1, 30), batch_size=st.integers(1, 12), epochs=st.integers(1, 3), seed=st.integers(0, 1000))
@example(n=10, batch_size=3, epochs=2, seed=7)  # a batch size that does not divide n: the last batch is shorter
@example(n=12, batch_size=4, epochs=2, seed=7)
def test_minibatch_order_visits_each_index_once_per_epoch(student, n, batch_size, epochs, seed):
    call = PUBLIC.minibatches(n, batch_size, epochs, seed)
    PUBLIC.check_epochs(call, call.run(student))


def test_minibatch_order_is_reproducible_and_reshuffled(student):
    def order(seed):  # each epoch's indices in visiting order (the structure is judged by the test above)
        call = PUBLIC.minibatches(12, 5, 3, seed)
        got = call.run(student)
        try:
            return call, [np.concatenate([np.ravel(b) for b in epoch]).tolist() for epoch in got]
        except (TypeError, ValueError):
            raise fail(call, f"returned {show(got)}\nexpected a list with one entry per epoch, each a list of "
                       "index arrays.") from None

    for seed in range(5):
        (call, first), (_, again), (_, other) = order(seed), order(seed), order(seed + 100)
        if first != again:
            raise fail(call, f"gave {first} the first time and {again} the second time, with two generators made "
                       "from the same seed.", hint="draw every random number from the generator rng you were given "
                       "(rng.permutation), not from np.random or the random module, so that a run can be repeated "
                       "exactly")
        if first == other:
            raise fail(call, f"gave the same order {first} for generators with different seeds.",
                       hint="shuffle with the generator rng you were given")
        if any(epoch == list(range(len(epoch))) for epoch in first):
            raise fail(call, f"visited the examples in their original order ({first}).",
                       hint="shuffle the indices with rng.permutation(n) at the start of each epoch")
        for e in range(1, len(first)):
            if first[e] == first[0]:
                raise fail(call, f"epochs 0 and {e} visit the examples in the same order {first[0]}.",
                           hint="reshuffle at the start of every epoch, not once before the first")


# ----------------------------------------------------------------- plots


@given(k=st.integers(1, 5))
def test_plot_paths_draws_each_path_over_contours(student, reference, k):
    A, b = np.array([[1.0, 0.3], [0.3, 2.0]]), np.array([5.0, 8.0])
    X0 = np.column_stack([np.linspace(0.5, 9.5, k), np.linspace(9.0, 1.0, k)])
    path = reference.gradient_descent(built(handed("quadratic_gradient", A=A, b=b)), X0, 0.2, 15)
    call = f"plot_paths(f, paths) with paths of shape {path.shape}"
    axes = figure_axes(student.plot_paths(handed("quadratic", A=A, b=b), path), call)
    ax = next((ax for ax in axes if ax["collections"] >= 1 and ax["lines"] >= 1), None)
    if ax is None:
        raise CheckFailure(f"{call}: no axes hold both a contour plot and lines (axes: "
                           f"{[{key: ax[key] for key in ('lines', 'collections')} for ax in axes]}).\nhint: "
                           + PUBLIC.SAME_AXES)
    if ax["lines"] != k:
        raise CheckFailure(f"{call}: the axes hold {ax['lines']} lines for {k} starting points; expected exactly one "
                           f"line per start.\nhint: {PUBLIC.LINE_PER_START}")
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
    ax = max(figure_axes(student.plot_gradient_norms(norms), call), key=lambda a: a["lines"])
    if ax["lines"] != len(norms):
        raise CheckFailure(f"{call}: the axes hold {ax['lines']} lines; expected one line per method ({len(norms)}).")
    for name, values in norms.items():  # against the iteration number, counted from 0 or from 1
        if all(find_artist(ax.get("line_data") or [], np.column_stack([first + np.arange(50), values])) is None
               for first in (0, 1)):
            check_plotted(ax, np.column_stack([np.arange(50), values]), kind="line_data", call=call,
                          what=f"the norms of {name!r} against the iteration number 0, 1, 2, ...")
    if ax["yscale"] != "log":
        raise CheckFailure(f"{call}: the y axis uses a {ax['yscale']} scale.\nhint: {PUBLIC.LOG_SCALE}")
    if not ax["xlabel"] or not ax["ylabel"]:
        raise CheckFailure(f"{call}: label both axes (for example 'iteration' and 'gradient norm').")
    check_legend(ax, list(norms), call=call)
