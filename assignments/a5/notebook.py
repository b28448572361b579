# %% [markdown]
# # Assignment 5 — Logistic and softmax regression from scratch
#
# Classification models end with a squashing function — the sigmoid for two classes, the
# softmax for more — and are trained with the cross-entropy loss. Both involve `exp` and
# `log` of numbers that can be huge, so a literal transcription of the formulas produces
# `inf` and `nan` as soon as a model becomes confident. In this assignment you write these
# functions so that they never do, derive their gradients by hand, train two small models
# with those gradients, and measure how well a model's confidence matches its accuracy.
#
# **How this notebook works.** Each task asks for one or two functions. Replace the line
# `raise NotImplementedError(...)` with your code, run the cell, then run the self-check
# cell below it. The grader also runs hidden tests: it compares with PyTorch's own
# functions and automatic differentiation, tries logits as large as ±1000, and trains your
# models on data you have not seen. Do not rename the functions or change their arguments.
#
# ## Conventions used everywhere below (and by the grader)
#
# | quantity | convention |
# |---|---|
# | types | inputs are `torch.Tensor`s (float64 in the tests); return tensors |
# | batch | `X` has shape `(m, d)`, one example per row |
# | losses | always the **mean** over the rows of the batch, never the sum |
# | binary labels | `y` of shape `(m,)` with values 0.0 and 1.0 |
# | class labels | either integers of shape `(n,)` (int64) or one-hot rows of shape `(n, k)` |
# | softmax model | weights `W` of shape `(classes, features)`, bias `b` of shape `(classes,)`, logits $Z = XW^\top + b$ |
# | training | gradient descent from **all-zero** parameters, with your hand-written gradients |
# | from scratch | build `sigmoid`, `bce_with_logits`, `softmax`, `logsumexp` and `cross_entropy` from `exp`, `log`, `log1p`, `max`, `sum`, `where`: no `sigmoid`, `expit`, `softplus`, `logaddexp`, `softmax`, `log_softmax`, `logsumexp`, `cross_entropy`, `nll_loss` or `binary_cross_entropy*` from torch (as functions or tensor methods) |

# %%
import math

import torch

from autograder.selfcheck import SelfCheck

selfcheck = SelfCheck("a5")

# %% [markdown]
# ## Task `sigmoid`: a logistic function that never overflows
#
# $$\sigma(z) = \frac{1}{1 + e^{-z}}$$
#
# maps any real number to $(0, 1)$. Two things can go wrong in floating point:
#
# * **overflow**: `exp` of anything above about 709 is `inf` in float64. The rewritten form
#   $\sigma(z) = e^{z}/(1 + e^{z})$ then gives `inf / inf = nan` for large positive $z$.
# * **lost precision**: for $z = -50$ the answer is about $1.9\cdot10^{-22}$. Formulas that
#   compute it as a difference of numbers close to 1, such as $1 - \sigma(-z)$ or
#   $\tfrac12(1 + \tanh(z/2))$, return exactly 0 — every significant digit is gone, and
#   `log` of it is `-inf`.
#
# A robust recipe: only ever exponentiate $-|z|$ (which is at most 0, so `exp` cannot
# overflow). With $e = e^{-|z|}$, use $1/(1 + e)$ where $z \ge 0$ and $e/(1 + e)$ where
# $z < 0$; `torch.where` picks per element. Write `sigmoid(z)` for a tensor of any shape.
# The grader checks relative precision down to values around $10^{-300}$.

# %% solution sigmoid

# %% selfcheck sigmoid

# %% [markdown]
# ## Task `bce`: binary cross-entropy, from probabilities and from logits
#
# A model that predicts $p = P(y = 1 \mid x)$ pays $-\log p$ when the label is 1 and
# $-\log(1 - p)$ when it is 0. Averaged over a batch,
#
# $$\mathrm{BCE}(p, y) = -\frac1m\sum_{i=1}^m \Big[y_i \log p_i + (1 - y_i)\log(1 - p_i)\Big].$$
#
# Write `bce(p, y)` for probabilities strictly between 0 and 1.
#
# In logistic regression $p = \sigma(z)$ with the **logit** $z = w^\top x + b$. Going
# through $p$ is fragile: for $z = 40$, $\sigma(z)$ rounds to exactly 1.0 and
# $\log(1 - p) = -\infty$, although the true loss for label 0 is about 40. Work with $z$
# directly instead. Since $-\log\sigma(z) = \log(1 + e^{-z})$ and
# $-\log(1 - \sigma(z)) = \log(1 + e^{z})$, the loss of one example simplifies to
#
# $$\log(1 + e^{z}) - y z, \qquad \log(1 + e^{z}) = \max(z, 0) + \log\big(1 + e^{-|z|}\big),$$
#
# and the right-hand form never overflows (`torch.log1p(x)` computes $\log(1 + x)$
# accurately for small $x$). Write `bce_with_logits(z, y)` that way; it must give a finite,
# accurate loss for logits of magnitude 1000.

# %% solution bce bce_with_logits

# %% selfcheck bce

# %% [markdown]
# ## Task `logistic_gradient`: the gradient, by hand
#
# Take one example with logit $z = w^\top x + b$ and loss $\ell = \log(1 + e^{z}) - yz$.
# Its derivative with respect to $z$ is $\frac{e^z}{1 + e^z} - y = \sigma(z) - y$: the
# prediction error. By the chain rule $\partial z/\partial w = x$ and $\partial z/\partial b = 1$,
# and averaging over the batch of $m$ examples gives
#
# $$\nabla_w L = \frac1m X^\top\big(\sigma(Xw + b) - y\big), \qquad
#   \frac{\partial L}{\partial b} = \frac1m\sum_{i=1}^m \big(\sigma(x_i^\top w + b) - y_i\big).$$
#
# (The same shape as the least-squares gradient: features times errors, averaged.) Write
# `logistic_gradient(X, y, w, b)` returning the pair `(grad_w, grad_b)`. Do not use
# autograd: the grader switches it off while your function runs, and compares your
# result with what autograd computes.

# %% solution logistic_gradient

# %% selfcheck logistic_gradient

# %% [markdown]
# ## Task `train_logistic`: training with your own gradient
#
# Write `train_logistic(X, y, epochs, lr)`: start from $w = 0$ (shape `(d,)`) and
# $b = 0$, take `epochs` gradient steps of size `lr` using `logistic_gradient`, and return
# `(w, b, losses)`, where `losses` is a tensor of shape `(epochs + 1,)`: the loss
# `bce_with_logits(X @ w + b, y)` **before the first step and after every step**. Also write
# `predict_logistic(X, w, b)`, returning the predicted classes as an int64 tensor: 1 where
# $\sigma(Xw + b) > \tfrac12$, which is the same as $Xw + b > 0$.
#
# The dataset below is the lectures' dummy data: seven examples with six features; the
# first three features are active for class 0, the last three for class 1. The lecture
# trains for 300 epochs with step 0.05.

# %%
X_binary = torch.tensor([[0.4, 0.5, 0.8, 0.0, 0.0, 0.0],
                         [0.2, 0.7, 0.4, 0.0, 0.0, 0.0],
                         [0.7, 0.2, 0.7, 0.0, 0.0, 0.0],
                         [0.0, 0.0, 0.0, 0.6, 0.9, 0.4],
                         [0.0, 0.0, 0.0, 0.5, 0.4, 0.2],
                         [0.0, 0.0, 0.0, 0.9, 0.8, 0.5],
                         [0.0, 0.0, 0.0, 0.8, 0.3, 0.6]], dtype=torch.float64)
y_binary = torch.tensor([0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0], dtype=torch.float64)
X_binary_unseen = torch.tensor([[0.4, 0.8, 0.8, 0.0, 0.0, 0.0],
                                [0.0, 0.0, 0.0, 0.6, 0.8, 0.8]], dtype=torch.float64)  # expected classes 0 and 1

# %% solution train_logistic predict_logistic

# %% selfcheck train_logistic

# %%
try:
    w_binary, b_binary, losses_binary = train_logistic(X_binary, y_binary, 300, 0.05)
    print("loss: first", float(losses_binary[0]), "last", float(losses_binary[-1]))
    print("unseen points: P(class 1) =", sigmoid(X_binary_unseen @ w_binary + b_binary),
          "classes", predict_logistic(X_binary_unseen, w_binary, b_binary))
except NotImplementedError as exc:
    print("not yet:", exc)

# %% [markdown]
# ## Task `softmax`: probabilities over many classes, stably
#
# For $k$ classes the model produces $k$ logits per example, and the softmax turns a row
# $z$ of logits into probabilities,
#
# $$\mathrm{softmax}(z)_j = \frac{e^{z_j}}{\sum_{l=1}^k e^{z_l}} .$$
#
# Adding the same number $c$ to every logit of a row multiplies numerator and denominator
# by $e^c$, so it changes nothing. Choose $c = -\max_l z_l$: then every exponent is at most
# 0 (no overflow) and at least one equals 0 (the denominator is at least 1, so no division
# by zero). Without this shift, a row like $(1000, 1000)$ gives `inf / inf = nan`.
#
# Write `softmax(Z)` for a batch of logits `Z` of shape `(n, k)`, working row by row
# (`Z.max(dim=1, keepdim=True).values` keeps the shape `(n, 1)` that broadcasts against
# `(n, k)`). No loops.

# %% solution softmax

# %% selfcheck softmax

# %% [markdown]
# ## Task `softmax_temperature`: sharpening and flattening
#
# Dividing the logits by a **temperature** $\tau > 0$ before the softmax,
# $\mathrm{softmax}(z / \tau)$, keeps the order of the probabilities but changes how spread
# out they are: as $\tau \to \infty$ all logits look alike and the result tends to the
# uniform distribution $1/k$; as $\tau \to 0$ the gaps between logits are magnified and
# the result tends to a one-hot vector on the largest logit. Write
# `softmax_temperature(Z, tau)`. With a stable softmax, even $\tau = 10^{-3}$ on logits of
# size 50 works.

# %% solution softmax_temperature

# %% selfcheck softmax_temperature

# %% [markdown]
# ## Task `logsumexp`: the log of a sum of exponentials
#
# The quantity $\log\sum_j e^{z_j}$ appears in every softmax loss. Computed literally it
# overflows for logits around 710. The same shift helps: for $c = \max_j z_j$,
#
# $$\log\sum_j e^{z_j} = c + \log\sum_j e^{z_j - c},$$
#
# where the sum is between 1 and $k$. Write `logsumexp(Z)` returning one value per row,
# shape `(n,)`. Don't forget to add $c$ back.

# %% solution logsumexp

# %% selfcheck logsumexp

# %% [markdown]
# ## Task `cross_entropy`: the multi-class loss, from logits
#
# With one-hot labels $y$ (a row with a single 1 at the true class), the cross-entropy of
# predicted probabilities $\hat p = \mathrm{softmax}(z)$ is $-\sum_j y_j \log \hat p_j$, which
# keeps only the term of the true class $c$: $-\log \hat p_c$. In terms of the logits,
#
# $$-\log \mathrm{softmax}(z)_c = \mathrm{logsumexp}(z) - z_c ,$$
#
# which is stable, whereas `log(softmax(z))` returns `-inf` as soon as a probability
# underflows to 0 (try the logits $(1000, -1000)$ with label 1: the loss is 2000, not `inf`).
#
# Write `cross_entropy(Z, labels)` returning the **mean** over the $n$ rows. It must accept
# both label formats:
#
# * integer classes, shape `(n,)`: pick entry `labels[i]` of row `i` — that is
#   `log_probs[torch.arange(n), labels]`. (`log_probs[:, labels]` is a different thing: it
#   picks whole columns and gives an `(n, n)` matrix.)
# * one-hot rows, shape `(n, k)`: multiply elementwise and sum each row.
#
# `labels.ndim` tells the two apart.
#
# **Two classes are logistic regression.** With $k = 2$,
# $\mathrm{softmax}(z)_1 = \frac{e^{z_1}}{e^{z_0} + e^{z_1}} = \sigma(z_1 - z_0)$: a two-class
# softmax model is a logistic regression whose logit is the *difference* of the two logits.
# The grader checks that your functions agree on this.

# %% solution cross_entropy

# %% selfcheck cross_entropy

# %% [markdown]
# ## Task `cross_entropy_gradient`: softmax minus one-hot
#
# For one row, $\ell = \mathrm{logsumexp}(z) - z_c$. The derivative of logsumexp with
# respect to $z_j$ is $e^{z_j}/\sum_l e^{z_l} = \mathrm{softmax}(z)_j$, and the derivative
# of $z_c$ is 1 for $j = c$ and 0 otherwise. So the gradient of one row's loss is
# $\mathrm{softmax}(z) - y^{\text{one-hot}}$, and since the loss is a mean over $n$ rows,
#
# $$\frac{\partial L}{\partial Z} = \frac1n\big(\mathrm{softmax}(Z) - Y\big), \qquad \text{shape } (n, k).$$
#
# Write `cross_entropy_gradient(Z, labels)` for both label formats
# (`torch.nn.functional.one_hot(labels, k)` builds one-hot rows from integer labels). No
# autograd.

# %% solution cross_entropy_gradient

# %% selfcheck cross_entropy_gradient

# %% [markdown]
# ## Task `train_softmax`: softmax regression with your own gradient
#
# The logits of a batch are $Z = XW^\top + b$ with $W$ of shape `(classes, d)`. If $G$ is
# `cross_entropy_gradient(Z, labels)`, the chain rule through $Z = XW^\top + b$ gives
# $\nabla_W L = G^\top X$ (shape `(classes, d)`) and $\nabla_b L = \sum_i G_i$ (the column
# sums of $G$, shape `(classes,)`). The $1/n$ is already inside $G$.
#
# Write `train_softmax(X, labels, classes, epochs, lr)` with integer `labels`: start from
# $W = 0$ and $b = 0$, take `epochs` steps of size `lr`, and return `(W, b, losses)` with
# `losses` of shape `(epochs + 1,)` as in `train_logistic`. Also write
# `predict_softmax(X, W, b)`, returning the index of the largest logit of each row
# (int64, shape `(n,)`).
#
# The lectures' dummy data below has ten examples and three classes (the lecture trains
# for 300 epochs with step 0.09).

# %%
X_three = torch.tensor([[0.4, 0.5, 0.8, 0.0, 0.0, 0.0],
                        [0.2, 0.7, 0.4, 0.0, 0.0, 0.0],
                        [0.7, 0.2, 0.7, 0.0, 0.0, 0.0],
                        [0.0, 0.0, 0.0, 0.6, 0.9, 0.4],
                        [0.0, 0.0, 0.0, 0.5, 0.4, 0.2],
                        [0.0, 0.0, 0.0, 0.9, 0.8, 0.5],
                        [0.0, 0.0, 0.0, 0.8, 0.3, 0.6],
                        [0.0, 0.0, 0.0, 0.5, 0.0, 0.0],
                        [0.0, 0.0, 0.0, 0.9, 0.0, 0.0],
                        [0.0, 0.0, 0.0, 0.8, 0.0, 0.0]], dtype=torch.float64)
labels_three = torch.tensor([2, 2, 2, 0, 0, 0, 0, 1, 1, 1])  # the lecture's one-hot rows, as class indices

# %% solution train_softmax predict_softmax

# %% selfcheck train_softmax

# %%
try:
    W_three, b_three, losses_three = train_softmax(X_three, labels_three, 3, 300, 0.09)
    print("loss: first", float(losses_three[0]), "(log 3 =", math.log(3), ") last", float(losses_three[-1]))
    print("predicted:", predict_softmax(X_three, W_three, b_three))
    print("labels:   ", labels_three)
except NotImplementedError as exc:
    print("not yet:", exc)

# %% [markdown]
# ## Task `expected_calibration_error`: is the confidence honest?
#
# A classifier's **confidence** on an example is its largest predicted probability, and
# its prediction is the class with that probability. A model is *calibrated* when, among
# the examples it predicts with confidence around 0.8, about 80% are right. The expected
# calibration error measures the gap:
#
# 1. split $[0, 1]$ into $B$ bins of equal width $1/B$: bin $i$ holds the confidences in
#    $[i/B, (i+1)/B)$, and the last bin also holds confidence exactly 1 — in code,
#    bin $= \min(\lfloor cB\rfloor, B - 1)$;
# 2. for every non-empty bin, compute the accuracy $a_i$ (fraction of its examples
#    predicted correctly) and the mean confidence $p_i$;
# 3. average the gaps, weighted by how many of the $n$ examples fall in each bin:
#
# $$\mathrm{ECE} = \sum_{i:\ |B_i| > 0} \frac{|B_i|}{n}\,\big|a_i - p_i\big| .$$
#
# Empty bins contribute nothing. Write `expected_calibration_error(probs, labels, bins=10)`
# for probabilities of shape `(n, k)` and integer labels of shape `(n,)`; return a number
# (a Python float or a 0-dimensional tensor). A loop over the bins is fine.

# %% solution expected_calibration_error

# %% selfcheck expected_calibration_error

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
