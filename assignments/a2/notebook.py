# %% [markdown]
# # Assignment 2 — Gradients by hand
#
# Training a model means nudging its parameters in the direction that lowers a loss, and
# that direction comes from the **gradient**: the vector of partial derivatives
# $\nabla f(\mathbf{x}) = (\partial f / \partial x_1, \dots, \partial f / \partial x_d)$. Libraries
# compute gradients for us with automatic differentiation (autograd), but before relying on
# it you should be able to do what it does: split a function into simple pieces, take the
# derivative of each piece, and combine them with the chain rule.
#
# In this assignment every gradient is **written by hand**. Inside the graded functions you
# may not call autograd (`.backward()`, `torch.autograd`, `torch.func`, `requires_grad`):
# the grader reads your code and also runs it with autograd switched off. Outside them, in
# the demo cells, you are welcome to use autograd to check your answers.
#
# **How this notebook works.** Replace each `raise NotImplementedError(...)` with your code,
# run the cell, then run the self-check below it. The self-checks use a few values worked
# out by hand; the grader also compares your gradients with autograd and with finite
# differences on many random inputs, checks shapes and dtypes, and checks that you work on
# whole arrays instead of looping over rows. Do not rename the functions or change their
# arguments.

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch

from autograder.selfcheck import SelfCheck

selfcheck = SelfCheck("a2")

# %% [markdown]
# ## The function from assignment 1
#
# We keep working with $f(\mathbf{x}) = \sin(x_1)\cos(x_2) + \sin(0.5\,x_1)\cos(0.5\,x_2)$
# on the square $[0, 10]^2$. Here it is, on batches, so that this notebook stands on its own.

# %%
def f_numpy(X):
    return np.sin(X[:, 0]) * np.cos(X[:, 1]) + np.sin(0.5 * X[:, 0]) * np.cos(0.5 * X[:, 1])


def f_torch(X):
    return torch.sin(X[:, 0]) * torch.cos(X[:, 1]) + torch.sin(0.5 * X[:, 0]) * torch.cos(0.5 * X[:, 1])

# %% [markdown]
# ## Task `grad_f_numpy`: the gradient of f, on a batch
#
# A partial derivative treats every other variable as a constant. For $\partial f/\partial x_1$,
# the factor $\cos(x_2)$ is just a number, so you only differentiate $\sin(x_1)$; in the
# second term, the chain rule adds the inner derivative of $0.5\,x_1$. Work out both partial
# derivatives on paper first, then write `grad_f_numpy(X)`: for `X` of shape `(n, 2)` it
# returns an array of shape `(n, 2)` whose row `i` is $\nabla f$ at row `i` of `X`
# (column 0 holds $\partial f/\partial x_1$, column 1 holds $\partial f/\partial x_2$).
#
# Compute each column on the whole batch at once and put the two columns side by side
# (`np.stack(..., axis=1)` or `np.column_stack`). Keep the dtype of `X`.

# %% solution grad_f_numpy

# %% selfcheck grad_f_numpy

# %% [markdown]
# Outside graded code, autograd is a fine way to check a hand-written gradient. Because
# each output of `f_torch` depends only on its own row, the gradient of the *sum* of the
# outputs with respect to `X` holds every row's gradient at once:

# %%
rng = np.random.default_rng(0)
X_check = rng.uniform(0.0, 10.0, size=(5, 2))
X_leaf = torch.tensor(X_check, requires_grad=True)
f_torch(X_leaf).sum().backward()
try:
    print("largest difference from autograd:", np.abs(grad_f_numpy(X_check) - X_leaf.grad.numpy()).max())
except NotImplementedError as exc:
    print("not yet:", exc)

# %% [markdown]
# ## Task `grad_f_torch`: the same gradient in PyTorch
#
# Write `grad_f_torch(X)` for a tensor `X` of shape `(n, 2)`, returning a tensor of shape
# `(n, 2)` with the same dtype as `X` (a float32 input gives a float32 result). Use
# `torch.sin`, `torch.cos` and `torch.stack`; again, no autograd.

# %% solution grad_f_torch

# %% selfcheck grad_f_torch

# %% [markdown]
# ## Task `poly_derivative`: a polynomial
#
# In the lectures, gradient descent looks for a minimum of $p(x) = 2x^4 + x^3 - 3x^2$.
# Use the power rule, $\frac{d}{dx} x^k = k\,x^{k-1}$, term by term, and write
# `poly_derivative(x)` that returns $p'(x)$ for every entry of an array `x` of any shape.

# %% solution poly_derivative

# %% selfcheck poly_derivative

# %% [markdown]
# ## Computation graphs: forward, then backward
#
# Autograd sees a formula as a graph of small operations (nodes). The **forward pass**
# evaluates the nodes from the inputs to the output and remembers each intermediate value.
# The **backward pass** walks the graph the other way: each node receives the derivative
# of the output with respect to its own value (the *upstream* gradient), multiplies it by
# its *local* gradient (the derivative of the node's output with respect to each of its
# inputs), and passes the products on to its inputs.
#
# Two nodes are all you need for $L = (x + y)\,z$: a sum $q = x + y$ and a product
# $L = q\,z$. Their local gradients are
#
# - sum: $\partial q/\partial x = 1$ and $\partial q/\partial y = 1$;
# - product: $\partial L/\partial q = z$ and $\partial L/\partial z = q$.
#
# With $x = -2$, $y = 5$, $z = -4$ the forward pass gives $q = 3$ and $L = -12$; follow
# the backward pass yourself to get $\partial L/\partial x$, $\partial L/\partial y$ and
# $\partial L/\partial z$ (the self-check knows the answer).
#
# ## Task `add_mul_graph`
#
# Write `add_mul_graph(x, y, z)` for arrays `x`, `y`, `z` of one shape (each entry is a
# separate small graph). Return the tuple `(L, dL_dx, dL_dy, dL_dz)`, four arrays of that
# shape. Write the forward pass and then the backward pass, node by node, in the order
# described above.

# %% solution add_mul_graph

# %% selfcheck add_mul_graph

# %% [markdown]
# ## Task `sigmoid_neuron`: a single neuron
#
# A neuron with two inputs computes $z = w_0 x_0 + w_1 x_1 + b$ and then squashes it with
# the sigmoid $\sigma(z) = 1 / (1 + e^{-z})$. Its graph has products $w_i x_i$, a sum, and
# the sigmoid node. The sigmoid has a famously convenient local gradient: differentiating
# $(1 + e^{-z})^{-1}$ gives $e^{-z} / (1 + e^{-z})^2$, which you can rewrite as
# $\sigma(z)\,(1 - \sigma(z))$ — so the backward pass can reuse the value the forward pass
# already computed.
#
# Write `sigmoid_neuron(X, w, b)` for a batch `X` of shape `(n, 2)` (one input
# $(x_0, x_1)$ per row), weights `w` of shape `(2,)` and a number `b`. Return the tuple
# `(out, grad_X, grad_w, grad_b)`:
#
# - `out`, shape `(n,)`: the neuron's output for each row;
# - `grad_X`, shape `(n, 2)`: row `i` holds $\partial\,\text{out}_i / \partial x_0$ and
#   $\partial\,\text{out}_i / \partial x_1$ for row `i`;
# - `grad_w`, shape `(n, 2)`: row `i` holds $\partial\,\text{out}_i / \partial w_0$ and
#   $\partial\,\text{out}_i / \partial w_1$ — one gradient per example, not summed;
# - `grad_b`, shape `(n,)`: $\partial\,\text{out}_i / \partial b$.
#
# Broadcasting helps: an `(n,)` vector reshaped to `(n, 1)` multiplies every column of an
# `(n, 2)` array.

# %% solution sigmoid_neuron

# %% selfcheck sigmoid_neuron

# %% [markdown]
# ## Task `y_partials`: a longer formula
#
# The lecture on differentiation asks for both partial derivatives of
#
# $$y = e^{xz} + \frac{xz}{\ln x} + \frac{\sin(\ln x)}{xz}$$
#
# at $x = 2$, $z = 3$. Introduce names for the pieces ($u = xz$, $v = \ln x$, …), find the
# local derivative of each, and combine them; the quotient rule
# $(a/c)' = (a'c - ac')/c^2$ is needed twice for $\partial y / \partial x$. The formula
# only makes sense for $x > 0$, $x \neq 1$ (where $\ln x = 0$) and $z \neq 0$, and the
# grader only uses such points.
#
# Write `y_partials(x, z)` for arrays `x` and `z` of one shape, returning the tuple
# `(dy_dx, dy_dz)`.

# %% solution y_partials

# %% selfcheck y_partials

# %% [markdown]
# ## Task `mse_line_gradient`: the loss of a line
#
# Fitting a line $\hat y = w x + b$ to data $(x_i, y_i)$, $i = 1..n$, by least squares
# minimizes the mean squared error
#
# $$L(w, b) = \frac{1}{n} \sum_{i=1}^n (w x_i + b - y_i)^2 .$$
#
# Each term is a square of a residual $r_i = w x_i + b - y_i$; differentiate the square,
# then the residual with respect to $w$ and to $b$, and average over the data. Write
# `mse_line_gradient(x, y, w, b)` returning the array `[dL/dw, dL/db]` of shape `(2,)`.
#
# The 25 points below come from the lecture on learning; the cell after the self-check
# takes a few hundred gradient steps with your function.

# %%
x_data = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3,
                   1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2.0, 2.1, 2.2, 2.3, 2.4, 2.5])
y_data = np.array([0.27, 0.30, 0.38, 0.36, 0.39, 0.42, 0.45, 0.40, 0.45, 0.54, 0.57, 0.60, 0.60,
                   0.66, 0.69, 0.72, 0.75, 0.78, 0.81, 0.84, 0.87, 0.90, 0.93, 0.96, 0.99])

# %% solution mse_line_gradient

# %% selfcheck mse_line_gradient

# %%
try:
    params = np.zeros(2)
    for _ in range(500):
        params = params - 0.2 * mse_line_gradient(x_data, y_data, params[0], params[1])
    w_fit, b_fit = np.polyfit(x_data, y_data, 1)
    print(f"after 500 steps: w = {params[0]:.4f}, b = {params[1]:.4f}")
    print(f"least-squares line: w = {w_fit:.4f}, b = {b_fit:.4f}")
except NotImplementedError as exc:
    print("not yet:", exc)

# %% [markdown]
# ## Task `central_difference`: checking gradients numerically
#
# How do you know a hand-written gradient is right? Compare it with a **finite
# difference**: move one coordinate a little and watch how much the function changes.
# Taylor's theorem tells you how accurate that is. Moving coordinate $i$ by $\pm h$
# (with $\mathbf{e}_i$ the $i$-th unit vector),
#
# $$f(\mathbf{x} \pm h\mathbf{e}_i) = f(\mathbf{x}) \pm h\,\partial_i f + \tfrac{h^2}{2}\,\partial_i^2 f
#   \pm \tfrac{h^3}{6}\,\partial_i^3 f + \dots$$
#
# - the **forward difference** $\big(f(\mathbf{x} + h\mathbf{e}_i) - f(\mathbf{x})\big)/h$
#   is off by about $\tfrac{h}{2}\partial_i^2 f$: its error shrinks like $h$;
# - the **central difference** $\big(f(\mathbf{x} + h\mathbf{e}_i) - f(\mathbf{x} - h\mathbf{e}_i)\big)/(2h)$
#   cancels the $h^2$ terms, so it is off by about $\tfrac{h^2}{6}\partial_i^3 f$: ten times
#   smaller $h$, a hundred times smaller error.
#
# Write `central_difference_gradient(fun, x, h)`: `fun` takes one point (an array of shape
# `(d,)`) and returns a number, `x` is the point, and the result is the array of shape
# `(d,)` of central differences. A loop over the $d$ coordinates is fine here. Do not
# change `x` itself: build the shifted points as new arrays.

# %% solution central_difference_gradient

# %% selfcheck central_difference

# %% [markdown]
# ## How small should h be?
#
# The formulas above suggest "as small as possible", but a computer stores numbers with
# about 16 significant digits. When $h$ is tiny, $f(\mathbf{x} + h\mathbf{e}_i)$ and
# $f(\mathbf{x} - h\mathbf{e}_i)$ agree in almost all their digits, and subtracting them
# leaves mostly rounding noise — of order $\varepsilon |f| / h$ with
# $\varepsilon \approx 10^{-16}$ — which then grows as $h$ shrinks. The cell below measures
# the error of both differences for $\partial y/\partial x$ at $(x, z) = (2, 3)$ over a
# range of steps, using your `y_partials` as the exact answer. Run it and look at the
# plot: where does each error stop falling, and why do the two curves bottom out at
# different steps? Which $h$ would you choose for a central difference?

# %%
def y_value(point):
    x, z = point
    return np.exp(x * z) + x * z / np.log(x) + np.sin(np.log(x)) / (x * z)


try:
    point = np.array([2.0, 3.0])
    exact = y_partials(point[:1], point[1:])[0][0]
    steps = np.logspace(-12, -1, 45)
    central_errors = [abs(central_difference_gradient(y_value, point, h)[0] - exact) for h in steps]
    forward_errors = [abs((y_value(point + [h, 0.0]) - y_value(point)) / h - exact) for h in steps]
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.loglog(steps, central_errors, label="central difference")
    ax.loglog(steps, forward_errors, label="forward difference")
    ax.set_xlabel("step h")
    ax.set_ylabel("error in dy/dx at (2, 3)")
    ax.legend()
    plt.show()
except NotImplementedError as exc:
    print("not yet:", exc)

# %% [markdown]
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
