# %% [markdown]
# # Assignment 4 — Least squares: closed form versus gradient descent
#
# Linear regression is the one model whose training problem we can solve exactly, with a
# formula, *and* by gradient descent. Doing both side by side shows what gradient descent
# is really doing, when it is safe, and what goes wrong when the data do not pin the
# answer down.
#
# **How this notebook works.** Each task asks for one or two functions. Replace the line
# `raise NotImplementedError(...)` with your code, run the cell, then run the self-check
# cell below it. The self-checks are a few public tests; the grader also runs hidden tests
# on many randomly drawn problems. Do not rename the functions or change their arguments.
#
# ## Conventions used everywhere below (and by the grader)
#
# | quantity | convention |
# |---|---|
# | data | `X` has shape `(n, d)`: `n` points, `d` features; `y` has shape `(n,)` |
# | parameters | **one** vector `theta` of shape `(d + 1,)`: $\theta = (w_1, \dots, w_d, b)$, the bias **last** |
# | design matrix | $A = [X \mid \mathbf{1}]$, the column of ones **last**, shape `(n, d + 1)`; predictions are $A\theta = Xw + b$ |
# | loss | the **mean** of the squared errors, $\mathrm{LS}(\theta) = \frac{1}{n}\lVert A\theta - y\rVert^2$, with **no** factor $\tfrac12$ |
# | ridge | $\mathrm{LS}(\theta) + \lambda \lVert w\rVert^2$: only the weights are penalised, **never the bias** |
# | noise variance | the maximum-likelihood estimate: divide by $n$ |
#
# Other books use a sum instead of a mean, or put a $\tfrac12$ in front; every formula
# below changes by a constant when you do, so stick to this table.

# %%
import matplotlib.pyplot as plt
import numpy as np

from autograder.selfcheck import SelfCheck

selfcheck = SelfCheck("a4")

# %% [markdown]
# ## Task `design_matrix`: the bias as one more weight
#
# The model $f(\mathbf{x}) = \mathbf{w}^\top\mathbf{x} + b$ has a bias that is added to
# every prediction. If we give every point an extra feature that is always $1$, the bias
# becomes the weight of that feature: for a batch, $X\mathbf{w} + b\mathbf{1} = A\theta$
# with $A = [X \mid \mathbf{1}]$. From then on the bias needs no special treatment in the
# algebra (except in ridge regression, as we will see).
#
# Write `design_matrix(X)` returning $A$: `X` with a column of ones appended on the right,
# in the dtype of `X`. No Python loops — `np.hstack`, `np.column_stack` or
# `np.concatenate` with `np.ones` do it.

# %% solution design_matrix

# %% selfcheck design_matrix

# %% [markdown]
# ## Task `ls_loss`: the least-squares loss, vectorized
#
# The least-squares problem asks for the parameters that make the average squared error of
# the predictions as small as possible:
#
# $$\mathrm{LS}(\theta) = \frac{1}{n}\sum_{i=1}^{n} \big(\mathbf{w}^\top\mathbf{x}_i + b - y_i\big)^2
#   = \frac{1}{n}\lVert A\theta - y\rVert^2 .$$
#
# The second form needs no loop: one matrix–vector product gives all residuals
# $r = A\theta - y$ at once, and $\lVert r\rVert^2 = r^\top r$. Write `ls_loss(X, y, theta)`
# returning this number. Note that the order of the rows does not matter: shuffling the
# points (and their targets with them) leaves the loss unchanged.

# %% solution ls_loss

# %% selfcheck ls_loss

# %% [markdown]
# ## Task `ls_gradient`: the gradient, by hand
#
# Expand the loss: $\mathrm{LS}(\theta) = \frac1n(\theta^\top A^\top A\theta - 2y^\top A\theta + y^\top y)$.
# The gradient of $\theta^\top M\theta$ is $2M\theta$ for a symmetric $M$, and the gradient of
# $c^\top\theta$ is $c$, so
#
# $$\nabla\mathrm{LS}(\theta) = \frac{2}{n}A^\top(A\theta - y).$$
#
# Read it as: each residual $r_i$ pushes the parameters along its own row of $A$, and the
# pushes are averaged. The $\frac2n$ is not decoration — it comes from the mean and from
# differentiating a square, and the grader checks it.
#
# Write `ls_gradient(X, y, theta)` with NumPy operations only (no `torch.autograd`). The
# grader compares it with PyTorch's automatic differentiation and with finite differences.

# %% solution ls_gradient

# %% selfcheck ls_gradient

# %% [markdown]
# ## Task `has_collinear_features`: when is the answer unique?
#
# At a minimum the gradient vanishes, which gives the **normal equations**
#
# $$A^\top A\,\theta = A^\top y .$$
#
# They have exactly one solution when $A^\top A$ is invertible, that is when the columns
# of $A$ are linearly independent ($A$ has *full column rank*). If one column is a linear
# combination of the others (**collinearity**), we can move weight between those columns
# without changing a single prediction, so infinitely many $\theta$ reach the same minimal
# loss.
#
# Here is an example from the lectures: the first two features are equal. For any
# solution $\theta$, adding $t$ to $w_1$ and subtracting $t$ from $w_2$ gives the same
# predictions. Note that the column of ones counts too: a *constant* feature is a multiple
# of it, so it also makes the solution non-unique.
#
# Write `has_collinear_features(X)` returning `True` when the columns of $A = [X \mid \mathbf{1}]$
# are linearly dependent and `False` otherwise. Use the rank: `np.linalg.matrix_rank`
# decides it with a tolerance suited to floating-point data (testing `det(AᵀA) == 0` does
# not work: rounding makes the determinant of a singular matrix tiny, not zero). With
# fewer points than parameters ($n < d + 1$) the columns are always dependent.

# %%
X_collinear = np.array([[8.0, 8.0, 98.0], [43.0, 43.0, 21.0], [12.0, 12.0, 16.0], [87.0, 87.0, 44.0]])
y_collinear = np.array([1.0, 2.0, 0.5, 3.0])
theta_a = np.array([0.02, 0.01, 0.005, 0.3])
theta_b = theta_a + np.array([0.5, -0.5, 0.0, 0.0])  # weight moved from w1 to w2
try:
    A_collinear = design_matrix(X_collinear)
    print("same predictions:", np.allclose(A_collinear @ theta_a, A_collinear @ theta_b))
except NotImplementedError as exc:
    print("not yet:", exc)

# %% solution has_collinear_features

# %% selfcheck has_collinear_features

# %% [markdown]
# ## Task `ls_closed_form`: solve the normal equations — do not invert
#
# On paper the solution is $\theta^* = (A^\top A)^{-1}A^\top y$. In code, **never form the
# inverse**: call `np.linalg.solve(A.T @ A, A.T @ y)`. Solving factorises the matrix once
# and substitutes; inverting does that *and* $d+1$ more substitutions to build every
# column of the inverse, then a matrix product — more work, and more rounding error,
# for a matrix you only ever apply to one vector. (`np.linalg.lstsq(A, y)`, a QR
# factorisation of $A$, `np.linalg.pinv` or a Cholesky factorisation of $A^\top A$ are
# all correct too; the grader compares your predictions and loss, and your parameters
# whenever they are unique.)
#
# Collinear features need care: $A^\top A$ is then singular, and both `solve` and `inv`
# raise `LinAlgError` (or, when rounding hides the singularity, return huge meaningless
# numbers). Your function must still return *a* minimiser in that case. Check
# `has_collinear_features(X)` first, and if it is true use `np.linalg.lstsq(A, y,
# rcond=None)`, which returns the minimiser with the smallest norm. The grader accepts any
# minimiser on collinear data (it compares predictions and loss, which are unique even when
# $\theta$ is not).
#
# Write `ls_closed_form(X, y)` returning $\theta^*$ of shape `(d + 1,)`.

# %% solution ls_closed_form

# %% selfcheck ls_closed_form

# %% [markdown]
# ## Task `ridge_closed_form`: regularisation restores a unique answer
#
# Ridge regression adds a penalty on the size of the weights:
#
# $$R(\theta) = \frac1n\lVert A\theta - y\rVert^2 + \lambda\lVert w\rVert^2, \qquad \lambda > 0 .$$
#
# The bias is **not** penalised: shifting all targets by a constant should shift the bias,
# not be resisted. With $D = \mathrm{diag}(1, \dots, 1, 0)$ (a zero for the bias), the
# penalty is $\lambda\,\theta^\top D\theta$ and setting the gradient
# $\frac2n A^\top(A\theta - y) + 2\lambda D\theta$ to zero gives
#
# $$\big(A^\top A + n\lambda D\big)\,\theta = A^\top y .$$
#
# Mind the $n$: it is there because our loss is a *mean*. (The lecture slides write
# $(X^\top X + \lambda I)^{-1}X^\top y$, which is the same idea for a *sum* of squares with
# the bias penalised as well — not our convention.)
#
# The matrix $A^\top A + n\lambda D$ is invertible even when features are collinear: for
# $v \ne 0$, $v^\top(A^\top A + n\lambda D)v = \lVert Av\rVert^2 + n\lambda\lVert v_w\rVert^2$, which is
# positive unless the weight part $v_w$ is zero — and then $Av$ is a nonzero multiple of
# the column of ones. So ridge has exactly one solution; on the example above it splits the
# weight of the two equal features evenly. As $\lambda \to 0$ the ridge solution tends to
# the least-squares one (when that is unique), and the larger $\lambda$, the smaller
# $\lVert w\rVert$.
#
# Write `ridge_closed_form(X, y, lam)` by solving that linear system.

# %% solution ridge_closed_form

# %% selfcheck ridge_closed_form

# %%
try:
    for lam in [1e-3, 1e-1, 10.0]:
        print(f"lambda = {lam:g}: theta =", np.round(ridge_closed_form(X_collinear, y_collinear, lam), 5))
except NotImplementedError as exc:
    print("not yet:", exc)

# %% [markdown]
# ## Task `ls_step_size`: how large may a gradient step be?
#
# The loss is a quadratic with Hessian $H = \frac2n A^\top A$. Along an eigenvector of $H$
# with eigenvalue $\mu$, one gradient step with step size $\eta$ multiplies the distance
# to the minimum by $(1 - \eta\mu)$. The step converges in every direction only if
# $|1 - \eta\mu| < 1$ for every eigenvalue, that is $\eta < 2/L$ with
# $L = \mu_{\max} = \frac2n\lambda_{\max}(A^\top A)$ (the largest eigenvalue, also the
# Lipschitz constant of the gradient). At $\eta = 2/L$ the steepest direction oscillates
# for ever; above it, gradient descent diverges. We use the safe middle, $\eta = 1/L$: it
# decreases the loss at every step, and the error shrinks at least by the factor
# $1 - \mu_{\min}/\mu_{\max}$ per step.
#
# Write `ls_step_size(X)` returning $1/L$. `np.linalg.eigvalsh` gives the eigenvalues of a
# symmetric matrix in increasing order.

# %% solution ls_step_size

# %% selfcheck ls_step_size

# %% [markdown]
# ## Task `ls_gradient_descent`: gradient descent reaches the closed form
#
# Write `ls_gradient_descent(X, y, epochs)`: start at $\theta_0 = 0$, take `epochs` steps
# $\theta_{k+1} = \theta_k - \eta\,\nabla\mathrm{LS}(\theta_k)$ with $\eta$ = `ls_step_size(X)`,
# and return `(theta, losses)` where `losses` is an array of shape `(epochs + 1,)` holding the
# loss **before the first step and after every step** (`losses[0]` is the loss at
# $\theta_0 = 0$). Use your own `ls_gradient` and `ls_loss`; no autograd.

# %% solution ls_gradient_descent

# %% selfcheck ls_gradient_descent

# %% [markdown]
# ## Task `noise_variance`: how noisy are the targets?
#
# Least squares is maximum likelihood for the model $y = \mathbf{w}^\top\mathbf{x} + b + \varepsilon$
# with Gaussian noise $\varepsilon \sim \mathcal N(0, \sigma^2)$. Once the weights are fitted,
# maximising the likelihood over $\sigma^2$ gives the mean squared residual,
#
# $$\sigma^2_* = \frac1n\sum_{i=1}^n \big(y_i - \mathbf{w}_*^\top\mathbf{x}_i - b_*\big)^2 ,$$
#
# which is the least-squares loss at the optimum. (Statistics courses often divide by
# $n - d - 1$ to remove a bias; here we want the maximum-likelihood estimate, so divide by $n$.)
# Write `noise_variance(X, y)`: fit with `ls_closed_form`, return $\sigma^2_*$.

# %% solution noise_variance

# %% selfcheck noise_variance

# %% [markdown]
# ## Task `plot_fit`: a real dataset, both ways
#
# The lecture's dataset has 25 points with one feature. Its closed-form fit is
# $w \approx 0.3011$, $b \approx 0.2338$. Write `plot_fit(x, y, theta_closed, theta_gd, losses)`
# that returns a matplotlib figure with **two axes** side by side:
#
# 1. the data as a scatter plot (`ax.scatter`) and the two fitted lines (one `ax.plot` each:
#    closed form and gradient descent), with a title and axis labels;
# 2. the gradient-descent loss against the epoch (`ax.plot`), with a title, axis labels and a
#    **logarithmic** y axis (`ax.set_yscale("log")`).
#
# Create the figure with `fig, (left, right) = plt.subplots(1, 2)` and `return fig`.

# %%
x_lecture = np.arange(1, 26) / 10
y_lecture = np.array([0.27, 0.30, 0.38, 0.36, 0.39, 0.42, 0.45, 0.40, 0.45, 0.54, 0.57, 0.60, 0.60,
                      0.66, 0.69, 0.72, 0.75, 0.78, 0.81, 0.84, 0.87, 0.90, 0.93, 0.96, 0.99])

# %% solution plot_fit

# %% selfcheck plot_fit

# %%
try:
    X_lecture = x_lecture.reshape(-1, 1)
    theta_closed = ls_closed_form(X_lecture, y_lecture)
    for epochs in [10, 100, 500]:
        theta_gd, losses = ls_gradient_descent(X_lecture, y_lecture, epochs)
        print(f"{epochs:4d} epochs: gradient descent {np.round(theta_gd, 4)}, closed form {np.round(theta_closed, 4)}")
    print("noise variance estimate:", noise_variance(X_lecture, y_lecture))
    plot_fit(x_lecture, y_lecture, theta_closed, theta_gd, losses)
    plt.show()
except NotImplementedError as exc:
    print("not yet:", exc)

# %% [markdown]
# ## Submitting
#
# Restart the kernel and run all cells (Kernel → Restart Kernel and Run All Cells) to make
# sure the notebook works from top to bottom, then submit the `.ipynb` file.

# %% [markdown]
# ## Your progress
#
# Run this cell last (Run All runs it too): it runs every task's public self-checks again
# and shows them in one table, the thing to look at before you submit. Passing them is a
# good sign, not a guarantee: the hidden tests try many more inputs.

# %%
selfcheck.progress(globals())
