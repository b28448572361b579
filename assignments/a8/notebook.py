# %% [markdown]
# # Assignment 8 — Optimizers: from momentum to Adam
#
# In assignment 3 you wrote gradient descent and momentum as whole runs. Libraries organise
# optimizers differently: an optimizer is an **update rule** applied once per step to the
# parameters $\mathbf{w}$, given the gradient $\mathbf{g} = \nabla L(\mathbf{w})$ and a
# small **state** it keeps between steps (a velocity, moving averages, a step counter).
# Here you write the update rules of the five optimizers every deep-learning course
# meets — SGD, heavy-ball momentum, Nesterov momentum, RMSProp and Adam — plus AdamW,
# and make them agree **exactly** with `torch.optim`, the implementation most code uses.
#
# Every step function takes NumPy arrays and returns **new** arrays (the state included);
# it must not change the arrays it was given. Write the updates yourself with NumPy: do
# not call `torch.optim`.
#
# **Weight decay.** Every rule takes a `weight_decay` coefficient $\lambda$. For SGD,
# momentum, RMSProp and Adam it is *coupled*, as in `torch.optim`: the gradient is replaced
# by $\mathbf{g}' = \mathbf{g} + \lambda \mathbf{w}$ before anything else, which is the
# gradient of the loss plus $\tfrac{\lambda}{2}\lVert \mathbf{w} \rVert^2$. AdamW
# *decouples* it (see its task).
#
# **How this notebook works.** Replace each `raise NotImplementedError(...)` with your code,
# run the cell, then run the self-check below it. The grader also runs hidden tests: it runs
# `torch.optim` on many random problems and compares every single step of yours with
# torch's, state included; it names the classic mistakes when your numbers match one.
# Do not rename the functions or change their arguments.

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch

from autograder.selfcheck import SelfCheck

selfcheck = SelfCheck("a8")

# %% [markdown]
# ## Task `sgd`: the plain step
#
# Write `sgd_step(w, g, lr, weight_decay)`: with $\mathbf{g}' = \mathbf{g} + \lambda\mathbf{w}$,
# return $\mathbf{w} - \eta\,\mathbf{g}'$ ($\eta$ is `lr`). With `weight_decay = 0` this is
# the gradient-descent step of assignment 3.

# %% solution sgd_step

# %% selfcheck sgd

# %% [markdown]
# ## Task `momentum`: heavy-ball momentum, torch's way
#
# The lectures wrote momentum as an exponential moving average of the gradients,
# $\Delta_t = \alpha\,\Delta_{t-1} + (1-\alpha)\,\mathbf{g}_t$. `torch.optim.SGD` keeps a
# *velocity* (its "momentum buffer") that sums the gradients without the factor
# $1 - \beta$:
#
# $$\mathbf{v}_t = \beta\,\mathbf{v}_{t-1} + \mathbf{g}'_t, \qquad
#   \mathbf{w}_t = \mathbf{w}_{t-1} - \eta\,\mathbf{v}_t, \qquad \mathbf{v}_0 = \mathbf{0}.$$
#
# Both describe the same method: $\mathbf{v}_t = \Delta_t / (1 - \alpha)$ with
# $\beta = \alpha$, so torch's learning rate is the lecture's multiplied by $1 - \beta$.
# Write `momentum_step(w, g, v, lr, beta, weight_decay)` returning `(w_new, v_new)`.

# %% solution momentum_step

# %% selfcheck momentum

# %% [markdown]
# ## Task `nesterov`: look before you leap
#
# Heavy-ball momentum computes the gradient where the ball *is*, then lets the velocity
# carry it further. Nesterov's method corrects for the velocity it is about to apply. In
# torch's form, the velocity is updated as before and the step looks ahead along it:
#
# $$\mathbf{v}_t = \beta\,\mathbf{v}_{t-1} + \mathbf{g}'_t, \qquad
#   \mathbf{w}_t = \mathbf{w}_{t-1} - \eta\,(\mathbf{g}'_t + \beta\,\mathbf{v}_t).$$
#
# Write `nesterov_step(w, g, v, lr, beta, weight_decay)` returning `(w_new, v_new)`.

# %% solution nesterov_step

# %% selfcheck nesterov

# %% [markdown]
# ## Task `rmsprop`: a step size per coordinate
#
# On an ill-conditioned problem the gradient is large along steep directions and tiny along
# flat ones, and one learning rate cannot suit both. RMSProp divides each coordinate of the
# gradient by a running estimate of its typical size, a moving average of its squares:
#
# $$\mathbf{s}_t = \alpha\,\mathbf{s}_{t-1} + (1-\alpha)\,\mathbf{g}'^2_t, \qquad
#   \mathbf{w}_t = \mathbf{w}_{t-1} - \eta\,\frac{\mathbf{g}'_t}{\sqrt{\mathbf{s}_t} + \varepsilon},
#   \qquad \mathbf{s}_0 = \mathbf{0},$$
#
# all operations taken entry by entry. Note where $\varepsilon$ sits: *outside* the square
# root. Write `rmsprop_step(w, g, s, lr, alpha, eps, weight_decay)` returning `(w_new, s_new)`.

# %% solution rmsprop_step

# %% selfcheck rmsprop

# %% [markdown]
# ## Task `adam`: momentum and RMSProp together
#
# Adam keeps both moving averages, of the gradient ($\mathbf{m}$) and of its square
# ($\mathbf{v}$), both starting at zero:
#
# $$\mathbf{m}_t = \beta_1 \mathbf{m}_{t-1} + (1-\beta_1)\,\mathbf{g}'_t, \qquad
#   \mathbf{v}_t = \beta_2 \mathbf{v}_{t-1} + (1-\beta_2)\,\mathbf{g}'^2_t.$$
#
# Because they start at zero, early averages are too small: after one step
# $\mathbf{m}_1 = (1-\beta_1)\,\mathbf{g}'_1$. Dividing by $1 - \beta^t$ removes this
# **bias**, and the step uses the corrected averages:
#
# $$\hat{\mathbf{m}}_t = \frac{\mathbf{m}_t}{1-\beta_1^t}, \qquad
#   \hat{\mathbf{v}}_t = \frac{\mathbf{v}_t}{1-\beta_2^t}, \qquad
#   \mathbf{w}_t = \mathbf{w}_{t-1} - \eta\,\frac{\hat{\mathbf{m}}_t}{\sqrt{\hat{\mathbf{v}}_t} + \varepsilon}.$$
#
# Write `adam_step(w, g, m, v, t, lr, beta1, beta2, eps, weight_decay)`, where `t` is the
# number of this step (1 for the first). Return `(w_new, m_new, v_new)`: the averages
# **without** bias correction, which is what the next step needs.

# %% solution adam_step

# %% selfcheck adam

# %% [markdown]
# ## Task `adamw`: decoupled weight decay
#
# With coupled decay, Adam divides the decay term $\lambda\mathbf{w}$ by
# $\sqrt{\hat{\mathbf{v}}}$ like the rest of the gradient, so parameters with large
# gradients are barely decayed. AdamW applies the decay to the parameters directly,
# outside the adaptive step: first $\mathbf{w}' = \mathbf{w} - \eta\lambda\mathbf{w}$, then
# Adam's step from $\mathbf{w}'$ with the plain gradient $\mathbf{g}$ (no $\lambda\mathbf{w}$
# in the averages). Write `adamw_step(w, g, m, v, t, lr, beta1, beta2, eps, weight_decay)`,
# arguments and result as for `adam_step`.

# %% solution adamw_step

# %% selfcheck adamw

# %% [markdown]
# ## Task `optimizer_paths`: five runs
#
# Write `optimizer_paths(grad, x0, steps, settings)`: run `sgd`, `momentum`, `nesterov`,
# `rmsprop` and `adam` — **your** step functions — for `steps` steps from `x0` (shape
# `(d,)`), each with its state starting at zeros and Adam's `t` counting from 1. `grad(x)`
# returns the gradient at a point `x` of shape `(d,)`. `settings[name]` holds the keyword
# arguments of that optimizer's step function besides `w`, `g`, the state and `t`, for
# example `settings["momentum"] == {"lr": 0.01, "beta": 0.9, "weight_decay": 0.0}`.
# Return a dict mapping each of the five names to its path, an array of shape
# `(steps + 1, d)` whose entry 0 is `x0`.

# %% solution optimizer_paths

# %% selfcheck optimizer_paths

# %% [markdown]
# ## Task `plot_optimizer_paths`
#
# Write `plot_optimizer_paths(f, paths, box)`: on one axes, draw the contours of `f` over
# the rectangle `box = (xmin, xmax, ymin, ymax)` (`f` maps a batch of points of shape
# `(m, 2)` to values of shape `(m,)`; evaluate it on a grid from `np.meshgrid`), then one
# line per entry of `paths` (a dict `name -> array (T, 2)`), labelled with its name, and a
# legend. Return the Figure. The grader checks the data you plotted, not the pixels.

# %% solution plot_optimizer_paths

# %% selfcheck plot_optimizer_paths

# %% [markdown]
# ## Five optimizers on two landscapes
#
# First an ill-conditioned quadratic, $f(\mathbf{x}) = \tfrac12(x_1^2 + 25\,x_2^2)$: one
# direction is 25 times steeper than the other. Then the function of assignment 3,
# $f(\mathbf{x}) = \sin(x_1)\cos(x_2) + \sin(0.5\,x_1)\cos(0.5\,x_2)$.

# %%
SETTINGS = {
    "sgd": {"lr": 0.07, "weight_decay": 0.0},
    "momentum": {"lr": 0.02, "beta": 0.8, "weight_decay": 0.0},
    "nesterov": {"lr": 0.02, "beta": 0.8, "weight_decay": 0.0},
    "rmsprop": {"lr": 0.05, "alpha": 0.9, "eps": 1e-8, "weight_decay": 0.0},
    "adam": {"lr": 0.2, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0},
}
SCALES = np.array([1.0, 25.0])


def f_bowl(X):
    return 0.5 * (X**2) @ SCALES


def grad_bowl(x):
    return SCALES * x


def f_a3(X):
    return np.sin(X[:, 0]) * np.cos(X[:, 1]) + np.sin(0.5 * X[:, 0]) * np.cos(0.5 * X[:, 1])


def grad_a3(x):
    leaf = torch.tensor(np.asarray(x, dtype=np.float64)[None], requires_grad=True)
    values = torch.sin(leaf[:, 0]) * torch.cos(leaf[:, 1]) + torch.sin(0.5 * leaf[:, 0]) * torch.cos(0.5 * leaf[:, 1])
    values.sum().backward()
    return leaf.grad.numpy()[0]


try:
    bowl = optimizer_paths(grad_bowl, np.array([-4.0, 1.0]), 60, SETTINGS)
    plot_optimizer_paths(f_bowl, bowl, (-4.5, 1.5, -1.5, 1.5))
    plt.show()
    hills = optimizer_paths(grad_a3, np.array([3.0, 8.0]), 80, SETTINGS)
    plot_optimizer_paths(f_a3, hills, (0.0, 10.0, 0.0, 10.0))
    plt.show()
except NotImplementedError as exc:
    print("not yet:", exc)

# %% [markdown]
# ## Things to think about (not graded)
#
# - On the bowl, which optimizers zig-zag across the steep direction, and which go
#   straight for the minimum? Why do RMSProp and Adam take their first steps at
#   (nearly) 45°?
# - Raise SGD's learning rate above $2/25$. What happens, and why exactly there?
# - Adam's first step has length about `lr` in every coordinate, whatever the gradient's
#   size. Which line of the bias correction makes that so?
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
# and shows them in one table. Passing them is a good sign, not a guarantee: the hidden
# tests try many more inputs.

# %%
selfcheck.progress(globals())
