"""Public self-checks for a3: small runs worked out by hand, and the lecture's polynomial example.

Students run these from their notebook; the grader runs them too. They use
known answers only (no reference solution), so they can be shipped. The
gradients are public fixtures: q(x) = 1/2 x^T A x - b^T x has gradient A x - b.
"""

import numpy as np

from autograder.checks import CheckFailure, check_close
from autograder.checks.compare import describe_call, show
from autograder.testkit import Call, Shown, fail, handed
from autograder.values import Figure, Fixture, Opaque

# Hints the hidden tests give too (they import them from here).
ALPHA_SWAPPED = "alpha and 1 - alpha look swapped: alpha weighs the old average D_(t-1), 1 - alpha the new gradient"
STEPS_AS_INT = "count the steps with an int (taken = 0, then taken += 1), not a float"
CUT_INTO_BATCHES = ("cut each epoch's shuffled indices into batches: "
                    "[shuffled[i:i + batch_size] for i in range(0, n, batch_size)]")
SLICE_THE_ARRAY = "slice the permutation array itself instead of converting it to a list"
LAST_BATCH_MISSING = ("the last, shorter batch is missing: keep the n % batch_size leftover indices as a final "
                      "batch so that every example is used in every epoch")
CONSECUTIVE_PIECES = "cut the shuffled indices into consecutive pieces of batch_size, the last one shorter"
PERMUTE_ALL = ("shuffle a permutation of all n indices, then cut it into batches (sampling with replacement "
               "repeats examples)")
GD_UPHILL = "the update goes uphill: gradient descent subtracts lr * grad(x)"
GD_GRADIENT_AT_X0 = "every step uses the gradient at X0: evaluate the gradient at the current points in each step"
GD_SAME_ARRAY = ("every entry of the path is the same array: updating X in place (X -= ...) and appending X stores "
                 "the same object each time; store a copy or write into path[t]")
MOMENTUM_MISSING = ("the momentum term is missing: g_t = -lr grad(x_(t-1)) + momentum * g_(t-1) keeps part of the "
                    "previous step, so keep g between iterations (starting from g_0 = 0)")
MOMENTUM_LAGS = ("the point moves with the previous g: first compute g_t from the gradient at x_(t-1), then "
                 "x_t = x_(t-1) + g_t")
MOMENTUM_UPHILL = "the update goes uphill: g_t = -lr grad(x_(t-1)) + momentum * g_(t-1), then x_t = x_(t-1) + g_t"
EMA_WEIGHT = ("the new gradient enters the moving average with weight (1 - alpha): "
              "D_t = alpha D_(t-1) + (1 - alpha) grad")
EMA_MISSING = ("the moving average is missing: D_t = alpha D_(t-1) + (1 - alpha) grad(x_(t-1)) carries over between "
               "steps")
NORM_SQUARED = "this is the squared norm: take the square root of the sum of squares (np.linalg.norm)"
NORM_ONE = "this is the sum of absolute values (the 1-norm); the gradient norm is the Euclidean norm"
NORM_OF_POINTS = "this is the norm of the points, not of the gradient at the points"
SAME_AXES = "draw the contours of f (ax.contour or ax.contourf) and the paths (ax.plot) on the same axes"
LINE_PER_START = ("call ax.plot(paths[:, j, 0], paths[:, j, 1], ...) once for each start j (mark the points with "
                  "marker=... in the same call)")
LOG_SCALE = ("gradient norms shrink geometrically, which a logarithmic scale shows as a straight line: "
             "ax.set_yscale('log')")

#: grad q(x) = 2x in one dimension: every step of size lr multiplies x by (1 - 2 lr).
DOUBLE = Fixture("quadratic_gradient", {"A": [[2.0]], "b": [0.0]})


def check_path(got, expected, *, call, inputs, mistakes=None):
    """Compare a path (steps + 1, k, d) with the expected one; the hidden tests' hints for wrong shapes."""
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


#: Multiples of x_0 along a 3-step path, for the wrong paths below.
STEPS = np.arange(4.0).reshape(4, 1, 1)


def test_gradient_descent_known_path(student):
    # lr = 0.25: x_t = x_(t-1) - 0.25 * 2 x_(t-1) = x_(t-1) / 2, from the two starts 1 and -2.
    X0 = np.array([[1.0], [-2.0]])
    expected = np.array([[[1.0], [-2.0]], [[0.5], [-1.0]], [[0.25], [-0.5]], [[0.125], [-0.25]]])
    check_path(student.gradient_descent(DOUBLE, X0, 0.25, 3), expected, call="gradient_descent(grad, X0, lr, steps)",
               inputs={"grad": "x -> 2x", "X0": X0, "lr": 0.25, "steps": 3}, mistakes={
        # uphill, x_t = x_(t-1) + 0.25 * 2 x_(t-1) = 1.5 x_(t-1)
        GD_UPHILL: X0 * 1.5 ** STEPS,
        # x_t = x_0 - t * 0.25 * 2 x_0 = (1 - t / 2) x_0
        GD_GRADIENT_AT_X0: X0 * (1 - STEPS / 2),
        # every entry is the last one, x_3 = x_0 / 8
        GD_SAME_ARRAY: np.broadcast_to(X0 / 8, expected.shape),
    })


def test_momentum_known_path(student):
    # lr = 0.25, momentum = 0.5, from x_0 = 1:
    #   g_1 = -0.25 * 2 * 1 + 0.5 * 0 = -0.5        x_1 = 0.5
    #   g_2 = -0.25 * 2 * 0.5 + 0.5 * (-0.5) = -0.5  x_2 = 0
    #   g_3 = -0.25 * 0 + 0.5 * (-0.5) = -0.25       x_3 = -0.25  (momentum carries it past the minimum)
    X0 = np.array([[1.0]])
    expected = np.array([1.0, 0.5, 0.0, -0.25]).reshape(4, 1, 1)
    # Known wrong paths from the same start: plain gradient descent (x halves each step); moving with the
    # previous g before updating it (1, 1, 0.5, -0.25); going uphill (g_1 = 0.5, g_2 = 1, g_3 = 1.75).
    check_path(student.momentum_descent(DOUBLE, X0, 0.25, 0.5, 3), expected,
               call="momentum_descent(grad, X0, lr, momentum, steps)",
               inputs={"grad": "x -> 2x", "X0": X0, "lr": 0.25, "momentum": 0.5, "steps": 3}, mistakes={
        MOMENTUM_MISSING: 0.5 ** STEPS,
        MOMENTUM_LAGS: np.array([1.0, 1.0, 0.5, -0.25]).reshape(4, 1, 1),
        MOMENTUM_UPHILL: np.array([1.0, 1.5, 2.5, 4.25]).reshape(4, 1, 1),
    })


def test_ema_momentum_known_path(student):
    # lr = 0.5, alpha = 0.25 (not 0.5, where alpha and 1 - alpha could be swapped unnoticed), from x_0 = 1:
    #   D_1 = 0.25 * 0 + 0.75 * 2 = 1.5              x_1 = 1 - 0.5 * 1.5 = 0.25
    #   D_2 = 0.25 * 1.5 + 0.75 * 0.5 = 0.75         x_2 = 0.25 - 0.375 = -0.125
    #   D_3 = 0.25 * 0.75 + 0.75 * (-0.25) = 0       x_3 = -0.125
    X0 = np.array([[1.0]])
    expected = np.array([1.0, 0.25, -0.125, -0.125]).reshape(4, 1, 1)
    # Known wrong paths: without the (1 - alpha) weight (D_1 = 2, D_2 = 0.5, D_3 = -0.375); without the
    # average, plain steps of lr (1 - alpha) = 0.375 (x shrinks to a quarter each step).
    check_path(student.ema_momentum_descent(DOUBLE, X0, 0.5, 0.25, 3), expected,
               call="ema_momentum_descent(grad, X0, lr, alpha, steps)",
               inputs={"grad": "x -> 2x", "X0": X0, "lr": 0.5, "alpha": 0.25, "steps": 3}, mistakes={
        EMA_WEIGHT: np.array([1.0, 0.0, -0.25, -0.0625]).reshape(4, 1, 1),
        EMA_MISSING: 0.25 ** STEPS,
        ALPHA_SWAPPED: np.array([1.0, 0.75, 0.375, 0.0]).reshape(4, 1, 1),  # the same recursion with alpha = 0.75
    })


def test_gradient_norms_known_values(student):
    # grad q(x) = 2x in two dimensions: at (1.5, 2) the gradient is (3, 4), of norm 5.
    grad = Fixture("quadratic_gradient", {"A": [[2.0, 0.0], [0.0, 2.0]], "b": [0.0, 0.0]})
    path = np.array([[[1.5, 2.0], [0.0, 1.0]], [[0.0, 0.0], [-3.0, 0.0]]])  # 2 steps, 2 starts
    # The gradients are (3, 4), (0, 2), (0, 0) and (-6, 0).
    check_close(student.gradient_norms(grad, path), np.array([[5.0, 2.0], [0.0, 6.0]]),
                call="gradient_norms(grad, path)", inputs={"grad": "x -> 2x", "path": path}, mistakes={
        NORM_SQUARED: np.array([[25.0, 4.0], [0.0, 36.0]]),
        NORM_ONE: np.array([[7.0, 2.0], [0.0, 6.0]]),
        NORM_OF_POINTS: np.array([[2.5, 1.0], [0.0, 3.0]]),
    })


POLY_DERIVATIVE = Fixture("polynomial", {"coefficients": [8.0, 3.0, -6.0, 0.0]})  # p'(x) = 8x^3 + 3x^2 - 6x


def check_stop(got, expected, *, call, inputs):
    if not isinstance(got, (tuple, list)) or len(got) != 3:
        raise CheckFailure(f"{call} must return a tuple (x, reason, steps), got {got!r}")
    x, reason, steps = got
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)):
        raise CheckFailure(f"{call} with {inputs} returned the step count {steps!r} of type {type(steps).__name__}; "
                           f"expected an int.\nhint: {STEPS_AS_INT}")
    if not isinstance(reason, str) or reason != expected[1] or steps != expected[2]:
        hint = stopping_hint(reason, steps, expected[1], expected[2])
        raise CheckFailure(f"{call} with {inputs} stopped with reason {reason!r} after {steps!r} steps; "
                           f"expected {expected[1]!r} after {expected[2]} steps" + (f"\nhint: {hint}" if hint else ""))
    check_close(x, expected[0], call=call, inputs=inputs)


def stopping_hint(reason, steps, want_reason, want_steps):
    """The hidden tests' hint for a wrong reason or step count."""
    reasons = ("converged on critical point", "converged on x value", "epoch limit reached")
    if reason not in reasons:
        return f"the reason must be one of {', '.join(repr(r) for r in reasons)}, spelled exactly"
    if reason == want_reason == "converged on critical point" and steps == want_steps + 1:
        return ("test the derivative at the new point x_new right after the step, not at the start of the "
                "next epoch")
    if reason == want_reason and isinstance(steps, (int, np.integer)) and abs(steps - want_steps) == 1:
        return "the step count is off by one: count the steps taken, so stopping after the first update is 1 step"
    if want_reason == "converged on critical point" and reason == "converged on x value":
        return "test the derivative at the new point first, then the size of the step"
    if want_reason == "converged on x value" and reason == "converged on critical point":
        return "the critical-point rule looks at |derivative(x_new)| at the new point, compared with eps"
    if reason == "epoch limit reached":
        return ("check both rules right after every step, the derivative at the new point x_new: "
                "|derivative(x_new)| < eps, then |x - x_new| < eps")
    return None


def test_descend_until_converged_lecture_example(student):
    # The lecture's run from x0 = 2 with lr = 0.001 (x values from running its loop). After 500 steps
    # it is still on its way to the local minimum near 0.6987 (a root of 8x^2 + 3x - 6); with eps = 1e-6
    # and room for more epochs, the step-size rule stops it there after 812 steps.
    call = "descend_until_converged(derivative, x0, lr, eps, max_epochs)"
    inputs = {"x0": 2.0, "lr": 0.001, "eps": 1e-6, "max_epochs": 500}
    check_stop(student.descend_until_converged(POLY_DERIVATIVE, 2.0, 0.001, 1e-6, 500),
               (0.7008291152192028, "epoch limit reached", 500), call=call, inputs=inputs)
    inputs["max_epochs"] = 5000
    check_stop(student.descend_until_converged(POLY_DERIVATIVE, 2.0, 0.001, 1e-6, 5000),
               (0.6986902947008639, "converged on x value", 812), call=call, inputs=inputs)


def test_descend_until_converged_critical_point(student):
    # derivative 2x - 2 (the parabola (x - 1)^2) with lr = 0.5 jumps from 3 straight to the minimum x = 1.
    derivative = Fixture("polynomial", {"coefficients": [2.0, -2.0]})
    check_stop(student.descend_until_converged(derivative, 3.0, 0.5, 1e-6, 100),
               (1.0, "converged on critical point", 1),
               call="descend_until_converged(derivative, x0, lr, eps, max_epochs)",
               inputs={"derivative": "2x - 2", "x0": 3.0, "lr": 0.5, "eps": 1e-6, "max_epochs": 100})


def minibatches(n, batch_size, epochs, seed):
    """The call minibatch_order(n, batch_size, epochs, rng) with a generator made from ``seed``."""
    rng = Shown(handed("random_generator", seed=seed), f"default_rng({seed})")
    return Call("minibatch_order", n=n, batch_size=batch_size, epochs=epochs, rng=rng)


def check_epochs(call, got):
    """Every epoch is a list of index arrays of the right sizes that together visit 0..n-1 exactly once (the
    hidden tests run this check on random sizes)."""
    n, batch_size, epochs = call.inputs["n"], call.inputs["batch_size"], call.inputs["epochs"]
    if not isinstance(got, (list, tuple)) or len(got) != epochs:
        raise fail(call, f"returned {show(got)}\nexpected a list with one entry per epoch ({epochs}), each a list "
                   "of index arrays.")
    sizes = [batch_size] * (n // batch_size) + ([n % batch_size] if n % batch_size else [])
    for e, epoch in enumerate(got):
        if not isinstance(epoch, (list, tuple)) or not all(isinstance(x, np.ndarray) for x in epoch):
            lists = isinstance(epoch, (list, tuple)) and all(isinstance(x, (np.ndarray, list, tuple)) for x in epoch)
            raise fail(call, f"epoch {e} is {show(epoch)}; expected a list of batches, each a 1-D NumPy array of "
                       "integer indices, as the notebook says (its demo cell calls b.tolist() on each batch).",
                       hint=SLICE_THE_ARRAY if lists else CUT_INTO_BATCHES)
        got_sizes = [int(np.size(x)) for x in epoch]
        if got_sizes != sizes:
            short = got_sizes == sizes[:-1] and n % batch_size
            raise fail(call, f"epoch {e} has batches of sizes {got_sizes}; expected {sizes}.",
                       hint=LAST_BATCH_MISSING if short else CONSECUTIVE_PIECES)
        flat = np.concatenate([np.ravel(x) for x in epoch]) if epoch else np.zeros(0, dtype=int)
        if flat.dtype.kind not in "iu":
            raise fail(call, f"epoch {e} holds indices of dtype {flat.dtype}; indices must be integers "
                       "(rng.permutation(n) gives integers).")
        if sorted(flat.tolist()) != list(range(n)):
            missing = sorted(set(range(n)) - set(flat.tolist()))
            repeated = sorted({int(i) for i in flat if np.sum(flat == i) > 1})
            raise fail(call, f"epoch {e} does not visit every index 0..{n - 1} exactly once: missing {missing[:10]}, "
                       f"repeated {repeated[:10]}.", hint=PERMUTE_ALL)


def test_minibatch_order_small_example(student):
    # n = 10 in batches of 3: each epoch is 3 batches of 3 and a last batch with the one leftover index.
    call = minibatches(10, 3, 2, seed=0)
    check_epochs(call, call.run(student))


def test_plot_paths_returns_a_figure(student):
    A, b = [[1.0, 0.0], [0.0, 1.0]], [5.0, 5.0]
    paths = np.array([[[1.0, 1.0], [9.0, 2.0], [4.0, 9.0]], [[3.0, 3.0], [7.0, 3.5], [4.5, 7.0]]])  # 1 step, 3 starts
    fig = student.plot_paths(Fixture("quadratic", {"A": A, "b": b}), paths)
    if not isinstance(fig, Figure):
        raise CheckFailure(f"plot_paths(f, paths) must return a matplotlib Figure, got {describe(fig)}\n"
                           "hint: return fig from fig, ax = plt.subplots() (or ax.figure), not the axes")
    if not any(ax["lines"] == 3 and ax["collections"] >= 1 for ax in fig.axes):
        found = [f"{ax['lines']} lines and {ax['collections']} contour sets or other collections" for ax in fig.axes]
        one_axes = len(fig.axes) == 1 and fig.axes[0]["collections"] >= 1 and fig.axes[0]["lines"] >= 1
        hint = LINE_PER_START if one_axes else SAME_AXES
        raise CheckFailure(f"plot_paths(f, paths) with 3 starts: expected axes with a contour plot and exactly "
                           f"3 lines (one per start), found axes with {found or 'nothing'}\nhint: {hint}")


def test_plot_gradient_norms_returns_a_figure(student):
    norms = {"gradient descent": 0.9 ** np.arange(30.0), "momentum": 0.6 ** np.arange(30.0)}
    fig = student.plot_gradient_norms(norms)
    if not isinstance(fig, Figure):
        raise CheckFailure(f"plot_gradient_norms(norms) must return a matplotlib Figure, got {describe(fig)}\n"
                           "hint: return fig from fig, ax = plt.subplots() (or ax.figure), not the axes")
    if not any(ax["lines"] == 2 and ax["yscale"] == "log" for ax in fig.axes):
        found = [f"{ax['lines']} lines on a {ax['yscale']} y scale" for ax in fig.axes]
        linear = any(ax["lines"] == 2 for ax in fig.axes)
        raise CheckFailure(f"plot_gradient_norms(norms) with 2 methods: expected axes with 2 lines and a log "
                           f"y scale, found axes with {found or 'nothing'}"
                           + (f"\nhint: {LOG_SCALE}" if linear else ""))


def describe(value):
    """A short description of a returned value that is not a Figure."""
    return f"an object of type {value.type_name}" if isinstance(value, Opaque) else repr(value)[:200]
