"""Public self-checks for a3: small runs worked out by hand, and the lecture's polynomial example.

Students run these from their notebook; the grader runs them too. They use
known answers only (no reference solution), so they can be shipped. The
gradients are public fixtures: q(x) = 1/2 x^T A x - b^T x has gradient A x - b.
"""

import numpy as np

from autograder.checks import CheckFailure, check_close
from autograder.sandbox.wire import Figure, Fixture, Opaque

#: grad q(x) = 2x in one dimension: every step of size lr multiplies x by (1 - 2 lr).
DOUBLE = Fixture("quadratic_gradient", {"A": [[2.0]], "b": [0.0]})


def test_gradient_descent_known_path(student):
    # lr = 0.25: x_t = x_(t-1) - 0.25 * 2 x_(t-1) = x_(t-1) / 2, from the two starts 1 and -2.
    X0 = np.array([[1.0], [-2.0]])
    expected = np.array([[[1.0], [-2.0]], [[0.5], [-1.0]], [[0.25], [-0.5]], [[0.125], [-0.25]]])
    check_close(student.gradient_descent(DOUBLE, X0, 0.25, 3), expected, call="gradient_descent(grad, X0, lr, steps)",
                inputs={"grad": "x -> 2x", "X0": X0, "lr": 0.25, "steps": 3})


def test_momentum_known_path(student):
    # lr = 0.25, momentum = 0.5, from x_0 = 1:
    #   g_1 = -0.25 * 2 * 1 + 0.5 * 0 = -0.5        x_1 = 0.5
    #   g_2 = -0.25 * 2 * 0.5 + 0.5 * (-0.5) = -0.5  x_2 = 0
    #   g_3 = -0.25 * 0 + 0.5 * (-0.5) = -0.25       x_3 = -0.25  (momentum carries it past the minimum)
    X0 = np.array([[1.0]])
    expected = np.array([1.0, 0.5, 0.0, -0.25]).reshape(4, 1, 1)
    check_close(student.momentum_descent(DOUBLE, X0, 0.25, 0.5, 3), expected,
                call="momentum_descent(grad, X0, lr, momentum, steps)",
                inputs={"grad": "x -> 2x", "X0": X0, "lr": 0.25, "momentum": 0.5, "steps": 3})


def test_ema_momentum_known_path(student):
    # lr = 0.5, alpha = 0.25 (not 0.5, where alpha and 1 - alpha could be swapped unnoticed), from x_0 = 1:
    #   D_1 = 0.25 * 0 + 0.75 * 2 = 1.5              x_1 = 1 - 0.5 * 1.5 = 0.25
    #   D_2 = 0.25 * 1.5 + 0.75 * 0.5 = 0.75         x_2 = 0.25 - 0.375 = -0.125
    #   D_3 = 0.25 * 0.75 + 0.75 * (-0.25) = 0       x_3 = -0.125
    X0 = np.array([[1.0]])
    expected = np.array([1.0, 0.25, -0.125, -0.125]).reshape(4, 1, 1)
    check_close(student.ema_momentum_descent(DOUBLE, X0, 0.5, 0.25, 3), expected,
                call="ema_momentum_descent(grad, X0, lr, alpha, steps)",
                inputs={"grad": "x -> 2x", "X0": X0, "lr": 0.5, "alpha": 0.25, "steps": 3})


def test_gradient_norms_known_values(student):
    # grad q(x) = 2x in two dimensions: at (1.5, 2) the gradient is (3, 4), of norm 5.
    grad = Fixture("quadratic_gradient", {"A": [[2.0, 0.0], [0.0, 2.0]], "b": [0.0, 0.0]})
    path = np.array([[[1.5, 2.0], [0.0, 1.0]], [[0.0, 0.0], [-3.0, 0.0]]])  # 2 steps, 2 starts
    check_close(student.gradient_norms(grad, path), np.array([[5.0, 2.0], [0.0, 6.0]]),
                call="gradient_norms(grad, path)", inputs={"grad": "x -> 2x", "path": path})


POLY_DERIVATIVE = Fixture("polynomial", {"coefficients": [8.0, 3.0, -6.0, 0.0]})  # p'(x) = 8x^3 + 3x^2 - 6x


def check_stop(got, expected, *, call, inputs):
    if not isinstance(got, (tuple, list)) or len(got) != 3:
        raise CheckFailure(f"{call} must return a tuple (x, reason, steps), got {got!r}")
    x, reason, steps = got
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)):
        raise CheckFailure(f"{call} with {inputs} returned the step count {steps!r} of type {type(steps).__name__}; "
                           "expected an int (count the steps with an int, not a float)")
    if not isinstance(reason, str) or reason != expected[1] or steps != expected[2]:
        raise CheckFailure(f"{call} with {inputs} stopped with reason {reason!r} after {steps!r} steps; "
                           f"expected {expected[1]!r} after {expected[2]} steps")
    check_close(x, expected[0], call=call, inputs=inputs)


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


def test_minibatch_order_small_example(student):
    order = student.minibatch_order(10, 3, 2, Fixture("random_generator", {"seed": 0}))
    call = "minibatch_order(10, 3, 2, rng)"
    if not isinstance(order, list) or len(order) != 2:
        raise CheckFailure(f"{call} must return a list with one entry per epoch (2), got {order!r}")
    for e, epoch in enumerate(order):
        if not isinstance(epoch, (list, tuple)) or not all(isinstance(batch, np.ndarray) for batch in epoch):
            raise CheckFailure(f"{call}: epoch {e} is {epoch!r}; expected a list of batches, each a NumPy array "
                               "of integer indices (cut each shuffled permutation into pieces of batch_size)")
        sizes = [len(batch) for batch in epoch]
        if sizes != [3, 3, 3, 1]:
            raise CheckFailure(f"{call}: epoch {e} has batches of sizes {sizes}; expected [3, 3, 3, 1] "
                               "(the last batch holds the one leftover index)")
        visited = sorted(int(i) for batch in epoch for i in batch)
        if visited != list(range(10)):
            raise CheckFailure(f"{call}: epoch {e} visits {visited}; every index 0..9 must appear exactly once")


def test_plot_paths_returns_a_figure(student):
    A, b = [[1.0, 0.0], [0.0, 1.0]], [5.0, 5.0]
    paths = np.array([[[1.0, 1.0], [9.0, 2.0], [4.0, 9.0]], [[3.0, 3.0], [7.0, 3.5], [4.5, 7.0]]])  # 1 step, 3 starts
    fig = student.plot_paths(Fixture("quadratic", {"A": A, "b": b}), paths)
    if not isinstance(fig, Figure):
        raise CheckFailure(f"plot_paths(f, paths) must return a matplotlib Figure, got {describe(fig)}")
    if not any(ax["lines"] == 3 and ax["collections"] >= 1 for ax in fig.axes):
        found = [f"{ax['lines']} lines and {ax['collections']} contour sets or other collections" for ax in fig.axes]
        raise CheckFailure(f"plot_paths(f, paths) with 3 starts: expected axes with a contour plot and exactly "
                           f"3 lines (one per start), found axes with {found or 'nothing'}")


def test_plot_gradient_norms_returns_a_figure(student):
    norms = {"gradient descent": 0.9 ** np.arange(30.0), "momentum": 0.6 ** np.arange(30.0)}
    fig = student.plot_gradient_norms(norms)
    if not isinstance(fig, Figure):
        raise CheckFailure(f"plot_gradient_norms(norms) must return a matplotlib Figure, got {describe(fig)}")
    if not any(ax["lines"] == 2 and ax["yscale"] == "log" for ax in fig.axes):
        found = [f"{ax['lines']} lines on a {ax['yscale']} y scale" for ax in fig.axes]
        raise CheckFailure(f"plot_gradient_norms(norms) with 2 methods: expected axes with 2 lines and a log "
                           f"y scale, found axes with {found or 'nothing'}")


def describe(value):
    """A short description of a returned value that is not a Figure."""
    return f"an object of type {value.type_name}" if isinstance(value, Opaque) else repr(value)[:200]
