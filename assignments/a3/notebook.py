# %% [markdown]
# # Assignment 3 — Gradient descent with momentum
#
# Most functions we want to minimize have no closed-form minimiser, so we search for one
# step by step: start from a guess $\mathbf{x}_0$ and repeatedly move it a little,
# $\mathbf{x}_t = \mathbf{x}_{t-1} + \eta\,\mathbf{p}_t$, where $\eta > 0$ is the step size
# (the *learning rate*) and $\mathbf{p}_t$ a direction. Which direction? The slope of $f$
# along a unit direction $\mathbf{p}$ is the directional derivative
# $\langle \nabla f(\mathbf{x}), \mathbf{p} \rangle$, and by Cauchy–Schwarz it is most
# negative when $\mathbf{p}$ points against the gradient. Stepping along $-\nabla f$ gives
# **gradient descent**:
#
# $$\mathbf{x}_t = \mathbf{x}_{t-1} - \eta\,\nabla f(\mathbf{x}_{t-1}).$$
#
# What can we expect from it? With a small enough step, on a non-convex function it
# heads for a stationary point (where $\nabla f = \mathbf{0}$: a minimum, but possibly a
# saddle point); on a convex function any stationary point is a global minimum, wherever
# we start; and on a *strictly* convex function that minimum is the only one.
#
# In this assignment you write gradient descent, two versions of **momentum**, the
# stopping rules from the lectures, the shuffling behind mini-batch SGD, and two plots.
# Autograd is allowed again (you wrote gradients by hand in assignment 2), but the
# optimizers receive the gradient as a function `grad` and never need autograd.
#
# **How this notebook works.** Replace each `raise NotImplementedError(...)` with your code,
# run the cell, then run the self-check below it. The grader also runs hidden tests: it
# compares your paths with a reference step by step on many random problems, checks that
# they reach the minimum of convex quadratics, and checks that your plots contain what
# they should (it does not compare pixels). Do not rename the functions or change their
# arguments.

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch

from autograder.selfcheck import SelfCheck

selfcheck = SelfCheck("a3")

# %% [markdown]
# ## The function of the previous assignments
#
# $f(\mathbf{x}) = \sin(x_1)\cos(x_2) + \sin(0.5\,x_1)\cos(0.5\,x_2)$ on $[0, 10]^2$ has
# several hills and valleys, so where gradient descent ends up depends on where it starts.
# Below are `f` on batches and its gradient `grad_f`; the gradient uses autograd here, so
# this notebook does not give away assignment 2.

# %%
def f_numpy(X):
    return np.sin(X[:, 0]) * np.cos(X[:, 1]) + np.sin(0.5 * X[:, 0]) * np.cos(0.5 * X[:, 1])


def f_torch(X):
    return torch.sin(X[:, 0]) * torch.cos(X[:, 1]) + torch.sin(0.5 * X[:, 0]) * torch.cos(0.5 * X[:, 1])


def grad_f(X):
    """Gradient of f at every row of X (shape (k, 2)), by autograd."""
    leaf = torch.tensor(np.asarray(X, dtype=np.float64), requires_grad=True)
    f_torch(leaf).sum().backward()
    return leaf.grad.numpy()


starts = np.array([[1.0, 1.0], [3.0, 8.0], [6.0, 2.0], [8.5, 8.5], [5.0, 5.5]])

# %% [markdown]
# ## Task `gradient_descent`: many starts at once
#
# Write `gradient_descent(grad, X0, lr, steps)`. `X0` has shape `(k, d)`: $k$ starting
# points in $\mathbb{R}^d$, one per row. `grad` is a function that takes an array of shape
# `(k, d)` and returns the gradients at all those points, shape `(k, d)`. Run `steps`
# steps of gradient descent from every start **at the same time** — one call of `grad`
# per step updates all $k$ points, so do not loop over the starts — and return the whole
# path: an array of shape `(steps + 1, k, d)` whose entry `t` holds the $k$ points after
# `t` steps (entry 0 is `X0` itself).
#
# Two traps: `X0` belongs to the caller, so do not change it in place; and if you collect
# the points in a list, append a new array each step — `X -= lr * grad(X)` changes the
# array you appended last time.

# %% solution gradient_descent

# %% selfcheck gradient_descent

# %%
try:
    path_gd = gradient_descent(grad_f, starts, 0.5, 60)
    for start, end in zip(starts, path_gd[-1]):
        print(f"from {start} to {np.round(end, 3)}, where f = {f_numpy(end[None])[0]:.4f}")
except NotImplementedError as exc:
    print("not yet:", exc)

# %% [markdown]
# ## Task `momentum`: a heavy ball
#
# Think of gradient descent as a ball that has no mass: at every step it goes wherever the
# local slope points, so in a long narrow valley it bounces from one wall to the other and
# creeps along the valley floor. Give it some mass and it keeps part of its previous
# motion; the bouncing across the valley cancels out while the motion along it builds up.
# In formulas, with a *velocity* $\mathbf{g}_t$ and a momentum coefficient
# $0 \le \lambda < 1$:
#
# $$\mathbf{g}_t = -\eta\,\nabla f(\mathbf{x}_{t-1}) + \lambda\,\mathbf{g}_{t-1}, \qquad
#   \mathbf{x}_t = \mathbf{x}_{t-1} + \mathbf{g}_t, \qquad \mathbf{g}_0 = \mathbf{0}.$$
#
# Unrolling the first formula shows that $\mathbf{g}_t$ is a sum of all past gradient
# steps, the step from $j$ iterations ago weighted by $\lambda^j$. The price is memory:
# the velocity has as many entries as the parameters, so it doubles what the optimizer
# stores.
#
# Write `momentum_descent(grad, X0, lr, momentum, steps)` with the same shapes as
# `gradient_descent` (`lr` is $\eta$, `momentum` is $\lambda$). With `momentum = 0` it
# must give exactly the gradient descent path.

# %% solution momentum_descent

# %% selfcheck momentum

# %% [markdown]
# ## Task `ema_momentum`: momentum as a moving average
#
# Another lecture writes momentum with an *exponential moving average* of the gradients.
# An average of a stream of numbers can be updated one number at a time; the exponential
# version forgets old values gradually, with a memory parameter $0 \le \alpha < 1$:
# $\mu_t = \alpha\,\mu_{t-1} + (1 - \alpha)\,\text{new value}$. Averaging gradients and
# stepping along the average gives
#
# $$\Delta_t = \alpha\,\Delta_{t-1} + (1 - \alpha)\,\nabla f(\mathbf{x}_{t-1}), \qquad
#   \mathbf{x}_t = \mathbf{x}_{t-1} - \gamma\,\Delta_t, \qquad \Delta_0 = \mathbf{0}.$$
#
# Write `ema_momentum_descent(grad, X0, lr, alpha, steps)` (`lr` is $\gamma$), shapes as
# before.
#
# *Think about it:* multiply the first formula by $-\gamma$ and compare with the velocity
# $\mathbf{g}_t$ of the previous task. For which $\eta$ and $\lambda$ do the two methods
# produce the same path? (The grader checks exactly that.)

# %% solution ema_momentum_descent

# %% selfcheck ema_momentum

# %% [markdown]
# ## Task `gradient_norms`: watching convergence
#
# At a stationary point the gradient vanishes, so the gradient norm
# $\|\nabla f(\mathbf{x}_t)\| = \sqrt{\sum_i (\partial_i f)^2}$ along a path tells you how
# close to one the optimizer is. Write `gradient_norms(grad, path)`: `path` has shape
# `(T, k, d)` like the paths above, and the result has shape `(T, k)`, entry `(t, j)` being
# the norm of the gradient at `path[t, j]`. `grad` accepts any array whose rows are points,
# so you can reshape the path to `(T * k, d)` and call it once.

# %% solution gradient_norms

# %% selfcheck gradient_norms

# %% [markdown]
# ## Task `stopping_rules`: when to stop
#
# A fixed number of steps is either too many or too few. The lectures stop gradient
# descent on the polynomial $p(x) = 2x^4 + x^3 - 3x^2$, with
# $p'(x) = 8x^3 + 3x^2 - 6x$, by two rules with a small threshold $\varepsilon$. In each
# epoch, take the step $x_{\text{new}} = x - \eta\,p'(x)$, then
#
# 1. if $|p'(x_{\text{new}})| < \varepsilon$: stop with `"converged on critical point"`
#    (the slope is flat);
# 2. otherwise, if $|x - x_{\text{new}}| < \varepsilon$: stop with `"converged on x value"`
#    (the point has stopped moving);
# 3. otherwise continue from $x_{\text{new}}$; after `max_epochs` steps without stopping,
#    stop with `"epoch limit reached"`.
#
# Write `descend_until_converged(derivative, x0, lr, eps, max_epochs)` for a function of
# one variable, returning the tuple `(x, reason, steps)`: the last point, one of the three
# reasons above (spelled exactly), and the number of steps taken (1 if it stops after the
# first step, 0 when `max_epochs` is 0).

# %% solution descend_until_converged

# %% selfcheck stopping_rules

# %% [markdown]
# The lecture's run starts at $x_0 = 2$ with learning rate $0.001$. Try other starts and
# rates: which local minimum do you reach from $x_0 = -2$? What happens with a learning
# rate of $0.2$?

# %%
def poly_derivative(x):
    return 8 * x**3 + 3 * x**2 - 6 * x


try:
    for epochs in (500, 5000):
        print(descend_until_converged(poly_derivative, 2.0, 0.001, 1e-6, epochs))
except NotImplementedError as exc:
    print("not yet:", exc)

# %% [markdown]
# ## Task `minibatch_order`: shuffling for SGD
#
# With a large dataset, one gradient over all $n$ examples per step is expensive.
# Mini-batch SGD estimates it from a small batch of $k$ examples instead. The usual way to
# choose the batches is to shuffle the indices $0, \dots, n-1$, walk through the shuffled
# list $k$ at a time, and reshuffle when the list runs out; one pass over the data is an
# **epoch**. Sampling this way (without replacement) uses every example exactly once per
# epoch.
#
# When $k$ does not divide $n$ there are $n \bmod k$ indices left at the end of an epoch.
# Some code drops them; **here we keep them as a last, shorter batch**, so that no example
# is skipped.
#
# Write `minibatch_order(n, batch_size, epochs, rng)`. `rng` is a NumPy random generator
# (`np.random.default_rng(seed)`): take every random number from it, for example with
# `rng.permutation(n)` at the start of each epoch, so that a run can be repeated exactly
# from its seed. Return a list with one entry per epoch, each a list of integer index
# arrays (the batches, in order).

# %% solution minibatch_order

# %% selfcheck minibatch_order

# %%
try:
    for epoch, batches in enumerate(minibatch_order(10, 3, 3, np.random.default_rng(0))):
        print(f"epoch {epoch}:", [b.tolist() for b in batches])
except NotImplementedError as exc:
    print("not yet:", exc)

# %% [markdown]
# ## Task `plot_paths`: where do the paths go?
#
# Write `plot_paths(f, paths)` that draws a contour plot of `f` on $[0, 10]^2$ (evaluate
# `f` on a grid: `np.meshgrid`, then one call of `f` on all grid points as rows of an
# `(m, 2)` array) and, on the same axes, the path of every start: `paths` has shape
# `(T, k, 2)`, and each start must be **exactly one line** (`ax.plot` once per start; use
# `marker=` in that call if you want dots at the iterates). Label the axes and return the
# `Figure` (from `fig, ax = plt.subplots()`).

# %% solution plot_paths

# %% selfcheck plot_paths

# %%
try:
    fig = plot_paths(f_numpy, gradient_descent(grad_f, starts, 0.5, 60))
    plt.show()
except NotImplementedError as exc:
    print("not yet:", exc)

# %% [markdown]
# ## Task `plot_gradient_norms`: GD against momentum
#
# Write `plot_gradient_norms(norms)`, where `norms` is a dictionary from a method's name
# to a 1-D array of gradient norms (one per iteration). Draw one line per method against
# the iteration number, with a **logarithmic** y axis (`ax.set_yscale("log")`): a norm
# that shrinks by a constant factor per step then looks like a straight line, and its
# slope shows the rate. Label the axes, add a legend and return the `Figure`.
#
# The demo below uses an elongated bowl, $q(\mathbf{x}) = \tfrac12(x_1^2 + 50\,x_2^2)$,
# whose valley is 50 times steeper across than along: exactly where plain gradient
# descent struggles.

# %% solution plot_gradient_norms

# %% selfcheck plot_gradient_norms

# %%
def grad_bowl(X):
    return X * np.array([1.0, 50.0])


try:
    start = np.array([[5.0, 1.0]])
    runs = {
        "gradient descent": gradient_descent(grad_bowl, start, 1 / 50, 300),
        "momentum 0.9": momentum_descent(grad_bowl, start, 1 / 50, 0.9, 300),
        "moving average, alpha 0.9": ema_momentum_descent(grad_bowl, start, 1 / 5, 0.9, 300),
    }
    fig = plot_gradient_norms({name: gradient_norms(grad_bowl, path)[:, 0] for name, path in runs.items()})
    plt.show()
except NotImplementedError as exc:
    print("not yet:", exc)

# %% [markdown]
# ## Written answer: why momentum needs fewer steps (2 points, graded by hand)
#
# In the last plot, plain gradient descent on the bowl $f(x, y) = \tfrac12 (x^2 + 50 y^2)$
# needs far more steps than momentum to bring the gradient norm down. In the cell below,
# explain why, in a few sentences: which direction limits the learning rate of plain
# gradient descent, how fast it then makes progress along the other direction, and what
# momentum changes about that. (A teacher reads and grades this answer; the grader's
# tests do not.)

# %% [markdown] answer momentum_explained

# %% [markdown]
# ## Things to think about (not graded)
#
# - In the last plot, why do the momentum curves overlap? (Compare their learning rates
#   with your answer in the `ema_momentum` task.)
# - Rerun the demo with momentum 0.99, and with a learning rate of 0.05 for plain gradient
#   descent. What goes wrong, and why?
# - On $f$, do the paths with momentum end in the same valleys as plain gradient descent?
#
# ## Submitting
#
# Save the notebook and submit the `.ipynb` file. First restart the kernel and run all
# cells (Kernel → Restart Kernel and Run All Cells): the grader runs your cells in order,
# in a fresh Python, so the notebook must work from top to bottom.

# %% [markdown]
# ## Your progress
#
# Run this cell last (Run All runs it too): it runs every task's public self-checks again
# and shows them in one table, the thing to look at before you submit. Passing them is a
# good sign, not a guarantee: the hidden tests try many more inputs.

# %%
selfcheck.progress(globals())
