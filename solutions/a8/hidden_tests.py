"""Hidden tests for a8 (secret: never shipped to students).

Each update function is checked step by step against ``torch.optim`` with the
same hyper-parameters, on random quadratics q(w) = ½wᵀAw − bᵀw: torch takes
the steps (float64), and at every step the student's function gets the
parameters, gradient and state torch had before it, and must return what
torch has after it. A mistake at one step is reported at that step with the
state it started from. Mistake models name the classic errors only when they
alone explain the student's numbers.
"""

import numpy as np
import torch

from autograder.testkit import (
    Call,
    Shown,
    blame_helpers,
    by_hand,
    check_contour_region,
    check_legend,
    check_plotted,
    check_result,
    example,
    examples,
    fail,
    figure_axes,
    given,
    handed,
    results,
    st,
    tolerances,
)
from autograder.testkit.strategies import arrays, positive_definite_matrices
from autograder.testrun.modules import public_tests_for

# The public tests (shipped to students) hold the hints both sides give.
PUBLIC = public_tests_for(__file__)

#: Library optimizers a step function may not call: the task is to write the update.
TORCH_OPTIMIZERS = ("SGD", "Adam", "AdamW", "RMSprop")



def _betas(h):
    return {"lr": h["lr"], "betas": (h["beta1"], h["beta2"]), "eps": h["eps"], "weight_decay": h["weight_decay"]}


#: step function -> (torch optimizer, its keyword arguments from ours, our state's names -> torch's state keys).
ORACLES = {
    "sgd_step": (torch.optim.SGD, lambda h: {"lr": h["lr"], "weight_decay": h["weight_decay"]}, {}),
    "momentum_step": (torch.optim.SGD, lambda h: {"lr": h["lr"], "momentum": h["beta"],
                                                  "weight_decay": h["weight_decay"]}, {"v": "momentum_buffer"}),
    "nesterov_step": (torch.optim.SGD, lambda h: {"lr": h["lr"], "momentum": h["beta"], "nesterov": True,
                                                  "weight_decay": h["weight_decay"]}, {"v": "momentum_buffer"}),
    "rmsprop_step": (torch.optim.RMSprop, lambda h: {"lr": h["lr"], "alpha": h["alpha"], "eps": h["eps"],
                                                     "weight_decay": h["weight_decay"]}, {"s": "square_avg"}),
    "adam_step": (torch.optim.Adam, _betas, {"m": "exp_avg", "v": "exp_avg_sq"}),
    "adamw_step": (torch.optim.AdamW, _betas, {"m": "exp_avg", "v": "exp_avg_sq"}),
}


#: The hyper-parameters of each step function, in the order of its parameters (they are passed positionally).
HYPER = {"sgd_step": ("lr", "weight_decay"), "momentum_step": ("lr", "beta", "weight_decay"),
         "nesterov_step": ("lr", "beta", "weight_decay"), "rmsprop_step": ("lr", "alpha", "eps", "weight_decay"),
         "adam_step": ("lr", "beta1", "beta2", "eps", "weight_decay"),
         "adamw_step": ("lr", "beta1", "beta2", "eps", "weight_decay")}


# ----------------------------------------------------------------- problems and the oracle


def hyper_parameters(function):
    """Hyper-parameters of ``function`` away from 0, ½ and 1 (where mistakes hide); eps large enough that where
    it sits shows; weight decay sometimes 0 (the plain method) and sometimes not."""
    more = {"sgd_step": {}, "momentum_step": {"beta": st.floats(0.2, 0.95)},
            "nesterov_step": {"beta": st.floats(0.2, 0.95)},
            "rmsprop_step": {"alpha": st.floats(0.6, 0.99), "eps": st.floats(1e-3, 0.1)}}
    adam = {"beta1": st.floats(0.6, 0.95), "beta2": st.floats(0.8, 0.999), "eps": st.floats(1e-3, 0.1)}
    return st.fixed_dictionaries({"lr": st.floats(0.01, 0.3), **more.get(function, adam),
                                  "weight_decay": st.one_of(st.just(0.0), st.floats(0.05, 0.5))})


@st.composite
def problems(draw, function, *, max_steps=5):
    """(A, b, w0, hyper-parameters, steps) for one optimizer on a random convex quadratic."""
    d = draw(st.integers(1, 4))
    A = draw(positive_definite_matrices(dim=d, condition=st.floats(1.0, 20.0)))
    b = draw(arrays(shape=(d,), low=-3.0, high=3.0))
    w0 = draw(arrays(shape=(d,), low=-3.0, high=3.0))
    return A, b, w0, draw(hyper_parameters(function)), draw(st.integers(1, max_steps))


def torch_steps(function, A, b, w0, hyper, steps):
    """The calls of ``function`` torch's optimizer makes on this problem, each with torch's result after it."""
    optimizer_class, keywords, state_keys = ORACLES[function]
    p = torch.nn.Parameter(torch.tensor(w0, dtype=torch.float64))
    optimizer = optimizer_class([p], **keywords(hyper), foreach=False)
    state = {name: np.zeros_like(w0) for name in state_keys}
    for t in range(1, steps + 1):
        w = p.detach().numpy().copy()
        g = A @ w - b
        p.grad = torch.tensor(g)
        optimizer.step()
        after = {name: optimizer.state[p][key].detach().numpy().copy() for name, key in state_keys.items()}
        step = {"t": t} if "m" in state_keys else {}
        call = Call(function, w=w, g=g, **state, **step, **{name: hyper[name] for name in HYPER[function]})
        w_new = p.detach().numpy().copy()
        yield call, (w_new, *after.values()) if state_keys else w_new
        state = after


def check_against_torch(student, code, function, problem, mistakes):
    """Every step of ``function`` on ``problem`` must match torch's; the inputs must be left unchanged."""
    by_hand(student, code, next(torch_steps(function, *problem))[0], from_scratch=TORCH_OPTIMIZERS)
    names = ("w", *ORACLES[function][2])
    steps = list(torch_steps(function, *problem))  # torch's states, not the student's: one batch of calls
    for (call, expected), result in zip(steps, results(student, [call for call, _ in steps])):
        if result.mutated:
            raise fail(call, f"changed its input {', '.join(call.labels(result.mutated))} in place.",
                       hint="return new arrays (w - lr * ..., beta * v + ...) instead of updating the ones you were "
                            "given with -= or +=; the caller still holds them")
        check_result(call, result.value, expected, mistakes=mistakes, parts=names if len(names) > 1 else None)


def generic(function, **hyper):
    """A problem on which every known mistake of ``function`` gives different numbers: a non-diagonal quadratic,
    three coordinates of different sizes, weight decay, several steps."""
    A = np.array([[3.0, 0.8, 0.2], [0.8, 1.5, -0.4], [0.2, -0.4, 0.7]])
    return A, np.array([1.0, -2.0, 0.5]), np.array([2.0, -1.0, 0.3]), hyper, 4


# ----------------------------------------------------------------- the plain and momentum methods


def decayed(w, g, wd):
    return g + wd * w


SGD_MISTAKES = {
    "weight decay pulls the parameters towards 0: add weight_decay * w to the gradient, do not subtract it":
        lambda w, g, lr, wd: w - lr * (g - wd * w),
    "the weight-decay term is missing: the step uses g + weight_decay * w": lambda w, g, lr, wd: w - lr * g,
    "the weight-decay term is scaled by the learning rate too: w - lr * (g + weight_decay * w)":
        lambda w, g, lr, wd: w - lr * g - wd * w,
}


@given(problem=problems("sgd_step"))
@example(problem=generic("sgd_step", lr=0.1, weight_decay=0.2))
def test_sgd_step_matches_torch(student, code, problem):
    check_against_torch(student, code, "sgd_step", problem, SGD_MISTAKES)


def heavy_ball(w, g, v, lr, beta, wd):
    v = beta * v + decayed(w, g, wd)
    return w - lr * v, v


MOMENTUM_MISTAKES = {
    "the velocity forgets the previous steps: v_new = beta * v + g (keep the v you were given)":
        lambda w, g, v, lr, beta, wd: heavy_ball(w, g, 0 * v, lr, beta, wd),
    "this is the moving average (1 - beta) g of the lecture; torch's heavy ball adds the whole gradient: "
    "v_new = beta * v + g": lambda w, g, v, lr, beta, wd: (
        w - lr * (beta * v + (1 - beta) * decayed(w, g, wd)), beta * v + (1 - beta) * decayed(w, g, wd)),
    "the step uses the old velocity: first v_new = beta * v + g, then w_new = w - lr * v_new":
        lambda w, g, v, lr, beta, wd: (w - lr * v, beta * v + decayed(w, g, wd)),
    "weight decay is missing from the velocity: with decay, v_new = beta * v + (g + weight_decay * w)":
        lambda w, g, v, lr, beta, wd: heavy_ball(w, g, v, lr, beta, 0.0),
}


@given(problem=problems("momentum_step"))
@example(problem=generic("momentum_step", lr=0.1, beta=0.7, weight_decay=0.2))
def test_momentum_step_matches_torch(student, code, problem):
    check_against_torch(student, code, "momentum_step", problem, MOMENTUM_MISTAKES)


NESTEROV_MISTAKES = {
    "the Nesterov look-ahead is missing (this is heavy-ball momentum): step along g + beta * v_new":
        heavy_ball,
    "the velocity forgets the previous steps: v_new = beta * v + g (keep the v you were given)":
        lambda w, g, v, lr, beta, wd: (w - lr * (1 + beta) * decayed(w, g, wd), decayed(w, g, wd)),
}


@given(problem=problems("nesterov_step"))
@example(problem=generic("nesterov_step", lr=0.1, beta=0.7, weight_decay=0.2))
def test_nesterov_step_matches_torch(student, code, problem):
    check_against_torch(student, code, "nesterov_step", problem, NESTEROV_MISTAKES)


# ----------------------------------------------------------------- adaptive methods


def rms(w, g, s_new, lr, eps, wd, inside=False):
    g = decayed(w, g, wd)
    return w - lr * g / (np.sqrt(s_new + eps) if inside else np.sqrt(s_new) + eps), s_new


RMSPROP_MISTAKES = {
    "eps is inside the square root: torch divides by sqrt(s_new) + eps": lambda w, g, s, lr, a, eps, wd: rms(
        w, g, a * s + (1 - a) * decayed(w, g, wd) ** 2, lr, eps, wd, inside=True),
    "the squared gradients are summed without decay (that is AdaGrad): s_new = alpha * s + (1 - alpha) * g**2":
        lambda w, g, s, lr, a, eps, wd: rms(w, g, s + decayed(w, g, wd) ** 2, lr, eps, wd),
    "the new squared gradient enters the average with weight (1 - alpha): s_new = alpha * s + (1 - alpha) * g**2":
        lambda w, g, s, lr, a, eps, wd: rms(w, g, a * s + decayed(w, g, wd) ** 2, lr, eps, wd),
    "alpha and 1 - alpha are swapped: alpha weighs the old average, s_new = alpha * s + (1 - alpha) * g**2":
        lambda w, g, s, lr, a, eps, wd: rms(w, g, (1 - a) * s + a * decayed(w, g, wd) ** 2, lr, eps, wd),
}


@given(problem=problems("rmsprop_step"))
@example(problem=generic("rmsprop_step", lr=0.1, alpha=0.8, eps=0.01, weight_decay=0.2))
def test_rmsprop_step_matches_torch(student, code, problem):
    check_against_torch(student, code, "rmsprop_step", problem, RMSPROP_MISTAKES)


def adam(w, g, m, v, t, lr, b1, b2, eps, *, correct=True, inside=False, shift=0, hat_state=False):
    """Adam's step from the (already decayed) gradient ``g``, with the variations the mistakes make."""
    m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g**2
    c1, c2 = (1 - b1 ** (t + shift), 1 - b2 ** (t + shift)) if correct else (1.0, 1.0)
    m_hat, v_hat = m / c1, v / c2
    w = w - lr * m_hat / (np.sqrt(v_hat + eps) if inside else np.sqrt(v_hat) + eps)
    return (w, m_hat, v_hat) if hat_state else (w, m, v)


def adam_mistakes(coupled):
    """The classic mistakes of Adam (``coupled``: torch.optim.Adam) or AdamW; ``g`` is decayed as the method says."""

    def model(**how):
        def wrong(w, g, m, v, t, lr, b1, b2, eps, wd):
            start = w if coupled else w - lr * wd * w
            return adam(start, decayed(w, g, wd) if coupled else g, m, v, t, lr, b1, b2, eps, **how)
        return wrong

    mistakes = {
        "the bias correction is missing: divide m by 1 - beta1**t and v by 1 - beta2**t before the step":
            model(correct=False),
        "eps is inside the square root: the step divides by sqrt(v_hat) + eps": model(inside=True),
        "the bias correction uses t + 1: t is the number of this step, 1 for the first": model(shift=1),
        "the returned m and v are bias-corrected: return the raw averages, and correct only for the step":
            model(hat_state=True),
    }
    if coupled:
        mistakes["this is AdamW's decoupled weight decay: torch.optim.Adam adds weight_decay * w to the gradient "
                 "before the averages"] = lambda w, g, m, v, t, lr, b1, b2, eps, wd: adam(
            w - lr * wd * w, g, m, v, t, lr, b1, b2, eps)
    else:
        mistakes["the weight decay is coupled (added to the gradient, as in Adam): AdamW shrinks the parameters "
                 "directly, w - lr * weight_decay * w, and the averages see the plain gradient"] = \
            lambda w, g, m, v, t, lr, b1, b2, eps, wd: adam(w, decayed(w, g, wd), m, v, t, lr, b1, b2, eps)
        mistakes["the decoupled decay is not scaled by the learning rate: AdamW shrinks w by lr * weight_decay * w"] = \
            lambda w, g, m, v, t, lr, b1, b2, eps, wd: adam(w - wd * w, g, m, v, t, lr, b1, b2, eps)
    return mistakes


@given(problem=problems("adam_step"))
@example(problem=generic("adam_step", lr=0.1, beta1=0.8, beta2=0.9, eps=0.01, weight_decay=0.2))
def test_adam_step_matches_torch(student, code, problem):
    check_against_torch(student, code, "adam_step", problem, adam_mistakes(coupled=True))


@given(problem=problems("adamw_step"))
@example(problem=generic("adamw_step", lr=0.1, beta1=0.8, beta2=0.9, eps=0.01, weight_decay=0.2))
def test_adamw_step_matches_torch(student, code, problem):
    check_against_torch(student, code, "adamw_step", problem, adam_mistakes(coupled=False))


# ----------------------------------------------------------------- paths and the plot

NAMES = ("sgd", "momentum", "nesterov", "rmsprop", "adam")


@st.composite
def path_problems(draw):
    d = draw(st.integers(1, 3))
    A = draw(positive_definite_matrices(dim=d, condition=st.floats(1.0, 25.0)))
    b = draw(arrays(shape=(d,), low=-3.0, high=3.0))
    x0 = draw(arrays(shape=(d,), low=-3.0, high=3.0))
    settings = {name: draw(hyper_parameters(f"{name}_step")) for name in NAMES}
    return A, b, x0, draw(st.integers(1, 12)), settings


def helper_calls(problem):
    """One call of each step function on the problem's start, for blaming a wrong helper."""
    A, b, x0, _, settings = problem
    g, z = A @ x0 - b, np.zeros_like(x0)
    state = {"sgd": (), "momentum": (z,), "nesterov": (z,), "rmsprop": (z,), "adam": (z, z, 1)}
    return {f"{name}_step": (x0, g, *state[name], *(settings[name][k] for k in HYPER[f"{name}_step"]))
            for name in NAMES}


@examples(15)  # every example runs five optimizers in the sandbox
@given(problem=path_problems())
def test_optimizer_paths_match_reference(student, reference, problem):
    A, b, x0, steps, settings = problem
    grad = Shown(handed("quadratic_gradient", A=A, b=b), f"w -> A w - b with A = {np.round(A, 4).tolist()}, "
                                                         f"b = {np.round(b, 4).tolist()}")
    call = Call("optimizer_paths", grad=grad, x0=x0, steps=steps, settings=settings)
    got = call.run(student)
    mistakes = {PUBLIC.STATE_RESET: lambda grad, x0, steps, settings: forgetful_paths(reference, grad, x0, steps,
                                                                                      settings)}
    try:
        check_result(call, got, reference.optimizer_paths, parts=NAMES, mistakes=mistakes)
    except AssertionError as failure:
        tol = helper_tolerance(student, problem)
        if tol is tolerances.FLOAT64:
            blame_helpers(failure, student, reference, helper_calls(problem), user="optimizer_paths")
        try:
            check_result(call, got, reference.optimizer_paths, parts=NAMES, mistakes=mistakes, tol=tol)
        except AssertionError as looser:
            blame_helpers(looser, student, reference, helper_calls(problem), user="optimizer_paths")


def helper_tolerance(student, problem):
    """The tolerance for paths built by the student's step functions: float32 steps (which their own tests
    accept) make float32 paths. FLOAT64 when a step function fails (it is blamed instead)."""
    arrays = []
    for name, args in helper_calls(problem).items():
        try:
            out = getattr(student, name)(*args)
        except Exception:  # noqa: BLE001 - a failing helper is reported by blame_helpers
            return tolerances.FLOAT64
        arrays += [part for part in (out if isinstance(out, tuple) else (out,)) if isinstance(part, np.ndarray)]
    return tolerances.for_values(*arrays)


def forgetful_paths(reference, grad, x0, steps, settings):
    """The paths when every step starts from a zero state (and t = 1)."""
    paths = {}
    for name in NAMES:
        path = [np.asarray(x0, dtype=float)]
        for _ in range(steps):
            w = path[-1]
            state = {"sgd": (), "adam": (0 * w, 0 * w, 1)}.get(name, (0 * w,))
            out = getattr(reference, f"{name}_step")(w, grad(w), *state, **settings[name])
            path.append(out if name == "sgd" else out[0])
        paths[name] = np.array(path)
    return paths


def test_plot_optimizer_paths_draws_every_path_over_contours(student):
    f = handed("quadratic", A=[[1.0, 0.0], [0.0, 10.0]], b=[0.0, 0.0])
    t = np.linspace(0.0, 1.0, 9)[:, None]
    paths = {name: np.hstack([(2.0 - k * 0.3) * (1 - t), (0.8 - k * 0.1) * np.cos(5 * t) * (1 - t)])
             for k, name in enumerate(NAMES)}
    box = (-2.5, 2.5, -1.0, 1.0)
    call = Call("plot_optimizer_paths", f=Shown(f, "w -> (w1**2 + 10 w2**2) / 2"), paths=paths, box=box)
    axes = figure_axes(call.run(student), call.text)
    ax = next((ax for ax in axes if ax.get("contour_data")), axes[0])
    check_contour_region(ax, box, call=call.text)
    for name in NAMES:
        check_plotted(ax, paths[name], kind="line_data", call=call.text, what=f"the path of {name}")
    check_legend(ax, NAMES, call=call.text)
