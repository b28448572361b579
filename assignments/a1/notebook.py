# %% [markdown]
# # Assignment 1 — Tensors: vectorized functions on batches
#
# Deep learning code almost never processes one example at a time. Data arrives as a
# **batch**: a matrix `X` of shape `(n, d)` whose `n` rows are data points with `d`
# features each. A function is *vectorized* when it handles the whole batch with
# array operations (slicing, broadcasting, matrix products, reductions) instead of a
# Python loop over the rows. Vectorized code is shorter, runs in optimized native
# loops, and is what autograd and GPUs expect.
#
# **How this notebook works.** Each task asks for one function. Replace the line
# `raise NotImplementedError(...)` with your code, run the cell, then run the
# self-check cell below it. The self-checks are a few public tests; when you submit,
# the grader also runs hidden tests on many more inputs (including an empty batch and
# a single row), checks the exact shape and dtype of your result, checks that you do
# not modify the input array, and checks that you did not loop over the rows in Python.
#
# Do not rename the functions or change their arguments.

# %%
import numpy as np
import torch

from autograder.selfcheck import SelfCheck

selfcheck = SelfCheck("a1")

# %% [markdown]
# ## Task `f_numpy`: a function of two variables, on a batch
#
# Consider the function of a point $\mathbf{x} = (x_1, x_2)$
#
# $$f(\mathbf{x}) = \sin(x_1)\cos(x_2) + \sin(0.5\,x_1)\cos(0.5\,x_2).$$
#
# Write `f_numpy(X)` for a batch `X` of shape `(n, 2)` with one point per row. It must
# return a vector of shape `(n,)` whose entry `i` is $f$ evaluated at row `i`.
#
# Hints: `X[:, 0]` is the column of all $x_1$ values (shape `(n,)`), and NumPy's
# `np.sin` and `np.cos` work elementwise on whole arrays. A result of shape `(n, 1)` is
# *not* the same as `(n,)`: keep the result one-dimensional. Keep the dtype of the
# input (float64 in, float64 out; float32 in, float32 out), and return a NumPy array: this
# task and the three after `f_torch` are NumPy tasks.

# %% solution f_numpy

# %% selfcheck f_numpy

# %% [markdown]
# ## Task `f_torch`: the same function in PyTorch
#
# Write `f_torch(X)` for a `torch.Tensor` `X` of shape `(n, 2)`, returning a tensor of
# shape `(n,)` with the dtype of `X` (float32 in, float32 out). Use only torch operations (`torch.sin`, `torch.cos`, indexing): later
# assignments will ask autograd for the gradient of your function, which only works if
# every step of the computation is a tensor operation. Converting to NumPy, calling
# `.item()` or building a new tensor from intermediate values cuts the computation
# graph, and the gradient can no longer flow back to `X`.

# %% solution f_torch

# %% selfcheck f_torch

# %% [markdown]
# Once `f_torch` works you can ask autograd for the gradient of the sum of the outputs;
# because each output depends on its own row only, row `i` of `X.grad` is the gradient
# of $f$ at point `i`:

# %%
X_demo = torch.tensor([[1.0, 2.0], [3.0, 0.5]], dtype=torch.float64, requires_grad=True)
try:
    f_torch(X_demo).sum().backward()
    print(X_demo.grad)
except NotImplementedError as exc:
    print("not yet:", exc)

# %% [markdown]
# ## Task `linear_model`: predictions of a linear model
#
# A linear model with weights $\mathbf{w} \in \mathbb{R}^d$ and bias $b$ predicts
# $\hat y = \langle \mathbf{w}, \mathbf{x} \rangle + b$ for one point. Write
# `linear_model(X, w, b)` that returns the predictions for every row of `X` (shape
# `(n, d)`) at once, as a vector of shape `(n,)`. One matrix–vector product does all
# `n` inner products; the scalar `b` is added to every entry by broadcasting.

# %% solution linear_model

# %% selfcheck linear_model

# %% [markdown]
# ## Task `row_dot`: inner products of matching rows — and a broadcasting trap
#
# The inner product of two vectors is $\langle \mathbf{x}, \mathbf{y} \rangle =
# \sum_i x_i y_i$; for example $\langle (0.1, 0, -0.3), (-4, 0.05, 0.1) \rangle = -0.43$.
# Write `row_dot(X, Y)` for two arrays of the same shape `(n, d)`, returning the vector
# of shape `(n,)` whose entry `i` is the inner product of row `i` of `X` with row `i`
# of `Y`.
#
# Beware of broadcasting: `X @ Y.T` computes *every* pair of rows, an `(n, n)` matrix,
# of which you would need only the diagonal (and it costs $n$ times more work). The
# same trap appears when a column of shape `(n, 1)` meets a vector of shape `(n,)`:
# NumPy stretches both to `(n, n)` without complaint. Run the cell below to see it.

# %%
column = np.arange(4.0).reshape(4, 1)
flat = np.arange(4.0)
print("(4, 1) + (4,) gives shape", (column + flat).shape)

# %% solution row_dot

# %% selfcheck row_dot

# %% [markdown]
# ## Task `apply_linear`: one matrix applied to every point
#
# A matrix $W$ of shape `(m, d)` maps a point $\mathbf{x} \in \mathbb{R}^d$ to
# $W\mathbf{x} \in \mathbb{R}^m$. Write `apply_linear(X, W)` that applies $W$ to every
# row of `X` (shape `(n, d)`) and returns the results as the rows of an `(n, m)` array.
# Work out, on paper, which single matrix product of `X` and `W` (possibly transposed)
# has entry `(i, j)` equal to $\langle W_j, X_i \rangle$.

# %% solution apply_linear

# %% selfcheck apply_linear

# %% [markdown]
# ## Submitting
#
# Save the notebook and submit the `.ipynb` file. Before you do, restart the kernel and
# run all cells (Kernel → Restart Kernel and Run All Cells) to make sure the notebook
# works from top to bottom: the grader runs your cells in order, in a fresh Python.

# %% [markdown]
# ## Your progress
#
# Run this cell last (Run All runs it too): it runs every task's public self-checks again
# and shows them in one table, the thing to look at before you submit. Passing them is a
# good sign, not a guarantee: the hidden tests try many more inputs.

# %%
selfcheck.progress(globals())
