"""Public self-checks for a8: one step of each optimizer worked out by hand, a two-step path, the plot.

Students run these from their notebook; the grader runs them too. They use
known answers only (no reference solution), so they can be shipped. The
hidden tests compare every step with torch.optim on random problems.
"""

from types import SimpleNamespace

import numpy as np

from autograder.testkit import Call, Shown, blame_helpers, check_result, fail, figure_axes, handed

W, G = np.array([1.0, -2.0]), np.array([0.5, 1.0])

#: A hint both the public check and the hidden tests give (defined once, here).
STATE_RESET = "the state starts again from zeros at every step: carry v, s, m and v (and t) from one step to the next"


def test_sgd_step_known_values(student):
    # g + wd w = (0.5 + 0.1, 1 - 0.2) = (0.6, 0.8);  w - 0.1 (0.6, 0.8) = (0.94, -2.08)
    call = Call("sgd_step", w=W, g=G, lr=0.1, weight_decay=0.1)
    check_result(call, call.run(student), np.array([0.94, -2.08]), mistakes={
        "weight decay pulls the parameters towards 0: add weight_decay * w to the gradient, do not subtract it":
            np.array([0.96, -2.12]),
        "the weight-decay term is missing: the step uses g + weight_decay * w": np.array([0.95, -2.1]),
    })


V = np.array([0.2, -0.4])


def test_momentum_step_known_values(student):
    # v_new = 0.9 (0.2, -0.4) + (0.5, 1) = (0.68, 0.64);  w_new = w - 0.1 v_new = (0.932, -2.064)
    call = Call("momentum_step", w=W, g=G, v=V, lr=0.1, beta=0.9, weight_decay=0.0)
    check_result(call, call.run(student), (np.array([0.932, -2.064]), np.array([0.68, 0.64])), parts=("w", "v"),
                 mistakes={
        "the velocity forgets the previous steps: v_new = beta * v + g (keep the v you were given)":
            (np.array([0.95, -2.1]), G),
        "this is the moving average (1 - beta) g of the lecture; torch's heavy ball adds the whole gradient: "
        "v_new = beta * v + g": (np.array([0.977, -1.974]), np.array([0.23, -0.26])),
    })


def test_nesterov_step_known_values(student):
    # v_new = (0.68, 0.64) as for heavy ball; the step looks ahead: g + 0.9 v_new = (1.112, 1.576),
    # so w_new = w - 0.1 (1.112, 1.576) = (0.8888, -2.1576)
    call = Call("nesterov_step", w=W, g=G, v=V, lr=0.1, beta=0.9, weight_decay=0.0)
    check_result(call, call.run(student), (np.array([0.8888, -2.1576]), np.array([0.68, 0.64])), parts=("w", "v"),
                 mistakes={
        "the Nesterov look-ahead is missing (this is heavy-ball momentum): step along g + beta * v_new":
            (np.array([0.932, -2.064]), np.array([0.68, 0.64])),
    })


def test_rmsprop_step_known_values(student):
    # s_new = 0.75 (0, 4) + 0.25 (1, 4) = (0.25, 4), whose square roots are (0.5, 2); with eps = 0.5 the
    # step divides by (1, 2.5): w_new = (1 - 0.1 * 1 / 1, -2 - 0.1 * (-2) / 2.5) = (0.9, -1.92)
    g, s = np.array([1.0, -2.0]), np.array([0.0, 4.0])
    call = Call("rmsprop_step", w=W, g=g, s=s, lr=0.1, alpha=0.75, eps=0.5, weight_decay=0.0)
    check_result(call, call.run(student), (np.array([0.9, -1.92]), np.array([0.25, 4.0])), parts=("w", "s"),
                 mistakes={
        "eps is inside the square root: torch divides by sqrt(s_new) + eps":
            (W - 0.1 * g / np.sqrt(np.array([0.75, 4.5])), np.array([0.25, 4.0])),
        "the squared gradients are summed without decay (that is AdaGrad): s_new = alpha * s + (1 - alpha) * g**2":
            (W - 0.1 * g / (np.sqrt(np.array([1.0, 8.0])) + 0.5), np.array([1.0, 8.0])),
    })


def test_adam_step_known_values(student):
    # The first step (t = 1, m = v = 0) with beta1 = 0.5, beta2 = 0.75, eps = 0.5:
    # m_new = 0.5 g = (0.5, -1), v_new = 0.25 g**2 = (0.25, 1); the bias correction divides them by
    # 1 - 0.5 and 1 - 0.75, giving back g = (1, -2) and g**2 = (1, 4), so the step is
    # 0.1 g / (|g| + 0.5) = 0.1 (1 / 1.5, -2 / 2.5): w_new = (1 - 0.1 / 1.5, -2 + 0.08)
    g, zero = np.array([1.0, -2.0]), np.zeros(2)
    call = Call("adam_step", w=W, g=g, m=zero, v=zero, t=1, lr=0.1, beta1=0.5, beta2=0.75, eps=0.5,
                weight_decay=0.0)
    m_new, v_new = np.array([0.5, -1.0]), np.array([0.25, 1.0])
    check_result(call, call.run(student), (np.array([1 - 0.1 / 1.5, -1.92]), m_new, v_new), parts=("w", "m", "v"),
                 mistakes={
        # without the correction: 0.1 (0.5, -1) / ((0.5, 1) + 0.5) = (0.05, -0.0667)
        "the bias correction is missing: divide m by 1 - beta1**t and v by 1 - beta2**t before the step":
            (np.array([0.95, -2.0 + 0.1 / 1.5]), m_new, v_new),
        "the returned m and v are bias-corrected: return the raw averages, and correct only for the step":
            (np.array([1 - 0.1 / 1.5, -1.92]), g, g**2),
    })


def test_adamw_step_known_values(student):
    # Decoupled decay first: w (1 - 0.1 * 0.5) = (0.95, -1.9); then Adam's first step from there with the plain
    # gradient, 0.1 g / (|g| + 0.5) as in the Adam check: w_new = (0.95 - 0.1 / 1.5, -1.9 + 0.08)
    g, zero = np.array([1.0, -2.0]), np.zeros(2)
    call = Call("adamw_step", w=W, g=g, m=zero, v=zero, t=1, lr=0.1, beta1=0.5, beta2=0.75, eps=0.5,
                weight_decay=0.5)
    m_new, v_new = np.array([0.5, -1.0]), np.array([0.25, 1.0])
    check_result(call, call.run(student), (np.array([0.95 - 0.1 / 1.5, -1.82]), m_new, v_new),
                 parts=("w", "m", "v"), mistakes={
        "the decoupled decay is not scaled by the learning rate: AdamW shrinks w by lr * weight_decay * w":
            (np.array([0.5 - 0.1 / 1.5, -1.0 + 0.08]), m_new, v_new),
        # coupled: g + 0.5 w = (1.5, -3) enters the averages, and the first step is 0.1 (1.5 / 2, -3 / 3.5)
        "the weight decay is coupled (added to the gradient, as in Adam): AdamW shrinks the parameters "
        "directly, w - lr * weight_decay * w, and the averages see the plain gradient":
            (np.array([1 - 0.075, -2 + 0.3 / 3.5]), np.array([0.75, -1.5]), np.array([0.5625, 2.25])),
    })


def test_optimizer_paths_known_path(student):
    # grad(x) = 2x from x0 = 1, two steps. sgd (lr 0.25): x halves, 1, 0.5, 0.25. momentum (lr 0.25, beta 0.5):
    # v = 2, x = 0.5; v = 0.5 * 2 + 1 = 2, x = 0. nesterov: v = 2, x = 1 - 0.25 (2 + 1) = 0.25; v = 1 + 0.5 = 1.5,
    # x = 0.25 - 0.25 (0.5 + 0.75) = -0.0625. rmsprop with alpha = 0 and adam with beta1 = beta2 = 0 (eps = 0)
    # step by lr times the sign of the gradient: 1, 0.9, 0.8.
    settings = {"sgd": {"lr": 0.25, "weight_decay": 0.0},
                "momentum": {"lr": 0.25, "beta": 0.5, "weight_decay": 0.0},
                "nesterov": {"lr": 0.25, "beta": 0.5, "weight_decay": 0.0},
                "rmsprop": {"lr": 0.1, "alpha": 0.0, "eps": 0.0, "weight_decay": 0.0},
                "adam": {"lr": 0.1, "beta1": 0.0, "beta2": 0.0, "eps": 0.0, "weight_decay": 0.0}}
    grad = handed("quadratic_gradient", A=[[2.0]], b=[0.0])
    call = Call("optimizer_paths", grad=Shown(grad, "x -> 2x"), x0=np.array([1.0]), steps=2, settings=settings)
    expected = {name: np.array(path).reshape(3, 1) for name, path in {
        "sgd": [1.0, 0.5, 0.25], "momentum": [1.0, 0.5, 0.0], "nesterov": [1.0, 0.25, -0.0625],
        "rmsprop": [1.0, 0.9, 0.8], "adam": [1.0, 0.9, 0.8]}.items()}
    # With the state reset at every step (v = g, s = g**2, t = 1): momentum 1, 0.5, 0.25 and nesterov
    # 1, 1 - 0.375 * 2 = 0.25, 0.25 - 0.375 * 0.5 = 0.0625; the others do not change on this problem.
    forgetful = {**expected, "momentum": np.array([[1.0], [0.5], [0.25]]),
                 "nesterov": np.array([[1.0], [0.25], [0.0625]])}
    try:
        check_result(call, call.run(student), expected, parts=tuple(expected), mistakes={STATE_RESET: forgetful})
    except AssertionError as failure:
        blame_helpers(failure, student, FIRST_STEPS, FIRST_STEP_CALLS, user="optimizer_paths")


#: The first step of each optimizer on that path (x0 = 1, g = 2, the state at zero), worked out in the
#: comment of test_optimizer_paths_known_path: what the paths build on. RMSProp's second step (x = 0.9,
#: g = 1.8, s = 4): with alpha = 0 its first step cannot tell a decayed average from a sum; the second
#: gives s = 1.8**2 = 3.24 and x = 0.9 - 0.1 * 1.8 / 1.8 = 0.8.
FIRST_STEP_CALLS = {
    "sgd_step": (np.array([1.0]), np.array([2.0]), 0.25, 0.0),
    "momentum_step": (np.array([1.0]), np.array([2.0]), np.zeros(1), 0.25, 0.5, 0.0),
    "nesterov_step": (np.array([1.0]), np.array([2.0]), np.zeros(1), 0.25, 0.5, 0.0),
    "rmsprop_step": (np.array([0.9]), np.array([1.8]), np.array([4.0]), 0.1, 0.0, 0.0, 0.0),
    "adam_step": (np.array([1.0]), np.array([2.0]), np.zeros(1), np.zeros(1), 1, 0.1, 0.0, 0.0, 0.0, 0.0),
}
FIRST_STEPS = SimpleNamespace(
    sgd_step=lambda *_: np.array([0.5]),
    momentum_step=lambda *_: (np.array([0.5]), np.array([2.0])),
    nesterov_step=lambda *_: (np.array([0.25]), np.array([2.0])),
    rmsprop_step=lambda *_: (np.array([0.8]), np.array([3.24])),
    adam_step=lambda *_: (np.array([0.9]), np.array([2.0]), np.array([4.0])),
)


def test_plot_optimizer_paths_returns_a_figure(student):
    t = np.linspace(0.0, 1.0, 6)[:, None]
    paths = {name: np.hstack([(1 - t) * (1 + k), (1 - t) * (0.5 - k / 4)])
             for k, name in enumerate(["sgd", "momentum", "nesterov", "rmsprop", "adam"])}
    f = handed("quadratic", A=[[1.0, 0.0], [0.0, 10.0]], b=[0.0, 0.0])
    call = Call("plot_optimizer_paths", f=Shown(f, "x -> (x1**2 + 10 x2**2) / 2"), paths=paths,
                box=(-1.0, 6.0, -1.0, 1.0))
    axes = figure_axes(call.run(student), call.text)
    if not any(ax["lines"] >= 5 and ax["collections"] >= 1 for ax in axes):
        found = [f"{ax['lines']} lines and {ax['collections']} contour sets" for ax in axes]
        raise fail(call, f"expected axes with a contour plot and a line for each of the 5 paths, found {found}.",
                   hint="draw the contours (ax.contour) and every path (ax.plot, once per optimizer) on the same axes")
