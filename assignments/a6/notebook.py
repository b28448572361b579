# %% [markdown]
# # Assignment 6 — An MLP with backpropagation written by hand
#
# In this assignment you build a multi-layer perceptron (MLP) from NumPy arrays and
# nothing else: the layers, the activations, the loss, the backward pass that computes
# every gradient, the initialization and the training loop. PyTorch appears only as a
# referee: at the end of some sections you can compare your gradients with the ones its
# autograd computes for the same network. Your own backward pass must not use autograd
# (the grader checks both your code and what it does when it runs).
#
# **Conventions used everywhere below.**
#
# - A batch `X` has shape `(n, c)`: `n` examples, one per row, with `c` features each.
# - A fully-connected (linear) layer with `c` inputs and `c′` outputs has a weight matrix
#   `W` of shape `(c, c′)` — inputs by outputs — and a bias `b` of shape `(c′,)`. On a
#   batch it computes `X @ W + b`, of shape `(n, c′)`; the bias is broadcast to every row.
# - An MLP is a list of layers `params = [(W1, b1), (W2, b2), ..., (WL, bL)]`. An
#   activation function follows every layer except the last one, whose outputs are the
#   class **scores** `S` (also called logits), one row of `k` scores per example.
# - A backward function receives `V`, the gradient of the (scalar) loss with respect to
#   the output of the step it undoes, and returns the gradient with respect to that step's
#   inputs. That product of `V` with the step's Jacobian is called a **vector-Jacobian
#   product** (VJP); you never build the Jacobian itself.
#
# **How this notebook works.** Replace each `raise NotImplementedError(...)` with your
# code, run the cell, then run the self-check below it. When you submit, hidden tests
# compare all your gradients with PyTorch's autograd on many random networks (any depth,
# width and batch size), and with finite differences; they also check that your backward
# pass leaves its inputs untouched. Do not rename the functions or change their arguments.

# %%
import numpy as np
import torch
import matplotlib.pyplot as plt

from autograder.selfcheck import SelfCheck

selfcheck = SelfCheck("a6")

# %% [markdown]
# ## Task `linear_layer`: a fully-connected layer and its VJPs
#
# The forward pass is one line: `linear_forward(X, W, b)` returns `X @ W + b`.
#
# For the backward pass, let `Y = X W + b` and let `V = ∂L/∂Y` (same shape as `Y`, `(n, c′)`)
# be the gradient that arrives from the layers above. Entry `Y[i, j]` is
# $\sum_m X_{im} W_{mj} + b_j$, so:
#
# - `X[i, m]` influences row `i` of `Y` through the weights `W[m, :]`; collecting these
#   contributions gives $\partial L/\partial X = V W^\top$, shape `(n, c)`.
# - `W[m, j]` multiplies `X[i, m]` in *every* row `i`; adding the contributions of all rows
#   gives $\partial L/\partial W = X^\top V$, shape `(c, c′)` — the shape of `W`.
# - `b[j]` is added to every row, so its gradient adds up column `j` of `V` over the batch:
#   $\partial L/\partial b = \sum_i V_{i,:}$, shape `(c′,)`.
#
# A quick way to remember (or re-derive) these: each gradient has the shape of the thing
# it is the gradient of, and there is only one way to multiply `V` with `W` or `X` (with
# transposes) that produces that shape.
#
# `linear_backward(V, X, W)` returns the tuple `(dX, dW, db)`.

# %% solution linear_forward linear_backward

# %% selfcheck linear_layer

# %% [markdown]
# ## Task `activations`: ReLU and sigmoid, forward and backward
#
# Activations act entry by entry, so their VJP is an entrywise product: the upstream
# gradient `V` times the derivative at the **pre-activation** `Z` (the value that went into
# the activation).
#
# - ReLU: $\mathrm{relu}(z) = \max(0, z)$. Its derivative is 1 for $z > 0$ and 0 for
#   $z < 0$. At $z = 0$ there is a kink and no derivative; like PyTorch, we use **0** there.
#   So `relu_backward(V, Z)` keeps `V` where `Z > 0` and puts 0 everywhere else.
# - Sigmoid: $\sigma(z) = 1 / (1 + e^{-z})$, with derivative $\sigma(z)(1 - \sigma(z))$.
#   Note that this is a formula in $\sigma(z)$, not in $z$: compute the sigmoid first.
#   For large negative $z$, $e^{-z}$ overflows; a version that never overflows uses
#   $e^{z} / (1 + e^{z})$ when $z < 0$.
#
# Both backward functions take `(V, Z)` and return an array of the shape of `Z`. They must
# not change `V` or `Z` in place: the caller may still need them.

# %% solution relu_forward relu_backward sigmoid_forward sigmoid_backward

# %% selfcheck activations

# %% [markdown]
# ## Task `softmax_cross_entropy`: the classification head
#
# For one example with scores $s \in \mathbb{R}^k$ and true class $y$, softmax turns the
# scores into probabilities $p_j = e^{s_j} / \sum_m e^{s_m}$ and the cross-entropy loss is
# $-\log p_y = \log \sum_m e^{s_m} - s_y$. Over a batch we use the **mean** over the $n$
# examples.
#
# Differentiating $\log \sum_m e^{s_m} - s_y$ with respect to $s_j$ gives $p_j - [j = y]$:
# the probabilities minus the one-hot encoding of the label. For instance with
# $p = (0.2, 0.7, 0.1)$ and $y = 1$ the gradient is $(0.2, -0.3, 0.1)$. Because the
# batch loss is a mean, each row of the gradient is also divided by $n$:
#
# $$\frac{\partial L}{\partial S} = \frac{1}{n}\left(\mathrm{softmax}(S) - \mathrm{onehot}(y)\right).$$
#
# `softmax_cross_entropy(S, y)` takes scores `S` of shape `(n, k)` and integer labels `y`
# of shape `(n,)`, and returns `(loss, dS)`. Scores can be large (think 1000): `exp(1000)`
# overflows, so subtract each row's maximum from `S` first — softmax does not change when
# the same number is subtracted from every score of a row.

# %% solution softmax_cross_entropy

# %% selfcheck softmax_cross_entropy

# %% [markdown]
# ## Task `mlp_forward`: the forward pass, keeping what backward needs
#
# `mlp_forward(X, params, activation)` runs the layers in order. With $H_0 = X$:
#
# $$Z_l = H_{l-1} W_l + b_l, \qquad H_l = \phi(Z_l) \text{ for } l < L, \qquad S = Z_L,$$
#
# where $\phi$ is ReLU (`activation="relu"`) or the sigmoid (`"sigmoid"`). It returns
# `(S, cache)`. The **cache** keeps what the backward pass will need: for each layer $l$,
# its input $H_{l-1}$ (for the weight gradient) and its pre-activation $Z_l$ (for the
# activation's derivative). Use exactly this layout, a list with one pair per layer:
# `cache = [(H0, Z1), (H1, Z2), ..., (H_{L-1}, Z_L)]`, with `H0 = X` and `Z_L = S`. (The
# grader also checks `mlp_backward` on its own, with a cache in this layout.)

# %% solution mlp_forward

# %% selfcheck mlp_forward

# %% [markdown]
# ## Task `mlp_backward`: backpropagation
#
# The backward pass visits the layers in reverse order, carrying `V`, the gradient of the
# loss with respect to the current layer's output. It starts with `V = dS` (the gradient
# with respect to the scores) and, for layer $l = L, \dots, 1$:
#
# 1. if the layer is followed by an activation ($l < L$), turn `V` into the gradient with
#    respect to $Z_l$ with the activation's VJP — this is the step of the chain rule that
#    is easy to forget;
# 2. apply the linear layer's VJPs: they give the gradients of $W_l$ and $b_l$, and the
#    gradient with respect to the layer's input $H_{l-1}$, which becomes the new `V`.
#
# `mlp_backward(dS, params, cache, activation)` returns a list `[(dW1, db1), ..., (dWL, dbL)]`
# with the same layout and shapes as `params`. It must not modify `dS`, `params` or the
# cache (no in-place operations such as `V *= mask` or `Z[Z < 0] = 0` on arrays you were
# given), and it must not call autograd. Reuse your functions from the tasks above.

# %% solution mlp_backward

# %% selfcheck mlp_backward

# %% [markdown]
# ### Checking your gradients against autograd
#
# Below, the same network is written with torch operations and autograd differentiates
# the loss; your gradients should agree to about 1e-12. Try it with both activations and
# with other widths.

# %%
def torch_loss(X, y, params, activation):
    """The same MLP and loss in torch, so that autograd can differentiate it."""
    phi = torch.relu if activation == "relu" else torch.sigmoid
    H = torch.tensor(X)
    leaves = []
    for layer, (W, b) in enumerate(params):
        W, b = torch.tensor(W, requires_grad=True), torch.tensor(b, requires_grad=True)
        leaves.append((W, b))
        H = H @ W + b
        if layer < len(params) - 1:
            H = phi(H)
    loss = torch.nn.functional.cross_entropy(H, torch.tensor(y))
    loss.backward()
    return loss.item(), [(W.grad.numpy(), b.grad.numpy()) for W, b in leaves]


demo_rng = np.random.default_rng(0)
demo_widths = [3, 5, 4, 2]
demo_params = [(demo_rng.standard_normal((a, b)), demo_rng.standard_normal(b))
               for a, b in zip(demo_widths[:-1], demo_widths[1:])]
demo_X, demo_y = demo_rng.standard_normal((6, 3)), demo_rng.integers(0, 2, 6)
try:
    S, cache = mlp_forward(demo_X, demo_params, "relu")
    loss, dS = softmax_cross_entropy(S, demo_y)
    mine = mlp_backward(dS, demo_params, cache, "relu")
    _, theirs = torch_loss(demo_X, demo_y, demo_params, "relu")
    for layer, ((dW, db), (tW, tb)) in enumerate(zip(mine, theirs), start=1):
        print(f"layer {layer}: largest difference dW {np.abs(dW - tW).max():.2e}, db {np.abs(db - tb).max():.2e}")
except NotImplementedError as exc:
    print("not yet:", exc)

# %% [markdown]
# ## Task `count_parameters`: how big is an MLP?
#
# A layer from $a$ units to $b$ units has $a \cdot b$ weights and $b$ biases. An MLP with
# input dimension $d$, one hidden layer of $p$ units and $k$ outputs therefore has
# $d p + p + p k + k$ parameters; with $d = 100$, $p = 2000$, $k = 10$ that is 222,010,
# almost all of them in the first weight matrix. Write `count_parameters(widths)` for any
# list of widths `[d, h1, ..., k]` (at least two entries). Return an `int`.

# %% solution count_parameters

# %% selfcheck count_parameters

# %% [markdown]
# ## Task `init_mlp`: why the weights start at random
#
# Suppose every weight starts at 0, or at the same constant. Then all hidden units of a
# layer compute the same function of the input: same pre-activation, same output. In the
# backward pass they also receive the same gradient, because they are connected to the
# next layer through identical weights. After the update they are still identical — and
# so on forever. The layer behaves like a single unit, however wide it is. (With all
# weights at 0 it is even worse: the hidden layers output a constant.) Random weights
# break this symmetry. The cell after this task shows it with your own backward pass.
#
# The scale of the random weights matters too. With $\mathrm{fan}_{in}$ inputs, a
# pre-activation sums $\mathrm{fan}_{in}$ terms, so with weights of a fixed size its
# variance grows with the width, layer after layer. Scaled initializations keep it steady:
#
# - **Xavier** (Glorot): standard deviation $\sqrt{2 / (\mathrm{fan}_{in} + \mathrm{fan}_{out})}$,
#   suited to sigmoid-like activations;
# - **He**: standard deviation $\sqrt{2 / \mathrm{fan}_{in}}$, suited to ReLU, which zeroes
#   about half of its inputs.
#
# Write `init_mlp(widths, seed)` returning `[(W1, b1), ...]` with shapes as above, weights
# drawn with one of these scales from `np.random.default_rng(seed)` (the same seed must give
# the same parameters) and biases starting at 0 — the random weights already break the
# symmetry.

# %% solution init_mlp

# %% selfcheck init_mlp

# %% [markdown]
# Symmetry in action: below, every weight of the hidden layer is 0.3 and every hidden unit
# sends the same weights to the three outputs (the rows of `W2` are equal). All hidden units
# then get the same gradient — the columns of `dW1` are equal — so no update can ever make
# them differ. Random weights give each unit its own gradient.

# %%
try:
    X_sym, y_sym = demo_rng.standard_normal((5, 2)), demo_rng.integers(0, 3, 5)
    symmetric = [(np.full((2, 4), 0.3), np.zeros(4)), (np.tile([[0.5, -0.2, 0.1]], (4, 1)), np.zeros(3))]
    for name, params in [("symmetric", symmetric), ("random", init_mlp([2, 4, 3], 1))]:
        S, cache = mlp_forward(X_sym, params, "relu")
        dW1 = mlp_backward(softmax_cross_entropy(S, y_sym)[1], params, cache, "relu")[0][0]
        print(f"{name} weights, dW1 =\n{np.round(dW1, 4)}")
except NotImplementedError as exc:
    print("not yet:", exc)

# %% [markdown]
# ## Task `sgd_momentum`: one step of SGD with momentum
#
# Mini-batch SGD estimates the gradient on a few examples at a time, so consecutive
# gradients are noisy. Momentum keeps an exponential moving average of them, the
# velocity $v$ (starting at 0), and steps along that average:
#
# $$v \leftarrow \beta\, v + (1 - \beta)\, g, \qquad p \leftarrow p - \eta\, v,$$
#
# with $\beta$ the momentum (typically 0.9) and $\eta$ the learning rate. Write
# `sgd_momentum_step(params, grads, velocities, lr, momentum)`, where the three lists
# have the layout `[(W1, b1), ...]`, returning `(new_params, new_velocities)` in the same
# layout. (PyTorch's `SGD` uses $v \leftarrow \beta v + g$ instead: the same idea with a
# learning rate larger by $1/(1-\beta)$. Here, use the average above.)

# %% solution sgd_momentum_step

# %% selfcheck sgd_momentum

# %% [markdown]
# ## Task `train_mlp`: putting it together
#
# `train_mlp(X, y, widths, *, activation, lr, momentum, batch_size, epochs, seed)`:
#
# 1. starts from `init_mlp(widths, seed)` with all velocities at 0 (once, before the first
#    epoch: the velocities carry over from epoch to epoch);
# 2. shuffles the examples at the start of every epoch, with one generator created from
#    `seed` before the first epoch (`rng = np.random.default_rng(seed)`, then a new
#    `order = rng.permutation(n)` every epoch), so the same seed always gives the same run;
#    then walks through the order `batch_size` examples at a time — when `n` is not a
#    multiple of `batch_size` the last mini-batch is shorter, and it is trained on too. For
#    each mini-batch it runs the forward pass, the loss, the backward pass and one momentum
#    step;
# 3. returns `(params, losses)`, where `losses[e]` is the mean of the mini-batch losses of
#    epoch `e`, each computed in its forward pass (before its update) and weighted by the
#    size of its batch, $\sum_b |B_b|\,L_b / n$: an array of shape `(epochs,)`.
#
# The grader replays this recipe step by step on small problems, from your own
# `init_mlp(widths, seed)`, and compares your losses and parameters with it.
#
# The labels `y` are integers in `0..k-1` with `k = widths[-1]`.
#
# **XOR.** Four points, the corners of the unit square, labelled 1 when exactly one
# coordinate is 1. No straight line puts both 1s on one side and both 0s on the other,
# so a network without hidden layer (a linear classifier) can get at most 3 of the 4
# right; an MLP with one hidden layer classifies all 4 correctly.

# %% solution train_mlp

# %% selfcheck train_mlp

# %%
X_xor = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
y_xor = np.array([0, 1, 1, 0])


def accuracy(params, X, y, activation):
    S, _ = mlp_forward(X, params, activation)
    return float(np.mean(S.argmax(axis=1) == y))


def plot_boundary(ax, params, X, y, activation, title):
    """Colour the plane by the predicted class and draw the data on top."""
    low, high = X.min(axis=0) - 0.5, X.max(axis=0) + 0.5
    u, v = np.meshgrid(np.linspace(low[0], high[0], 150), np.linspace(low[1], high[1], 150))
    S, _ = mlp_forward(np.column_stack([u.ravel(), v.ravel()]), params, activation)
    ax.contourf(u, v, S.argmax(axis=1).reshape(u.shape), levels=[-0.5, 0.5, 1.5], cmap="coolwarm", alpha=0.3)
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap="coolwarm", edgecolors="k", s=25)
    ax.set(title=title, xlabel="$x_1$", ylabel="$x_2$")


try:
    xor_settings = dict(lr=0.5, momentum=0.9, batch_size=2, epochs=500, seed=0)
    linear_params, linear_losses = train_mlp(X_xor, y_xor, [2, 2], activation="relu", **xor_settings)
    mlp_params, mlp_losses = train_mlp(X_xor, y_xor, [2, 32, 2], activation="relu", **xor_settings)
    print("accuracy of a linear classifier:", accuracy(linear_params, X_xor, y_xor, "relu"))
    print("accuracy of the MLP:            ", accuracy(mlp_params, X_xor, y_xor, "relu"))
    fig, axes = plt.subplots(1, 3, figsize=(14, 4))
    axes[0].plot(linear_losses, label="linear [2, 2]")
    axes[0].plot(mlp_losses, label="MLP [2, 32, 2]")
    axes[0].set(title="XOR: training loss", xlabel="epoch", ylabel="mean cross-entropy", yscale="log")
    axes[0].legend()
    plot_boundary(axes[1], linear_params, X_xor, y_xor, "relu", "linear classifier")
    plot_boundary(axes[2], mlp_params, X_xor, y_xor, "relu", "MLP with 32 hidden units")
    plt.show()
except NotImplementedError as exc:
    print("not yet:", exc)

# %% [markdown]
# **Rings.** A second non-linear problem: class 0 fills a small disc, class 1 a ring
# around it. A linear classifier cannot do better than cutting the plane in two; the MLP
# has to learn a closed boundary. Try fewer hidden units, the sigmoid, another learning
# rate or no momentum (`momentum=0`) and watch the loss curve.

# %%
def make_rings(n, *, noise=0.1, seed=0):
    """n points: label 0 near radius 0.5, label 1 near radius 1.5, at uniformly random angles."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 2, n)
    radius = np.where(labels == 0, 0.5, 1.5) + noise * rng.standard_normal(n)
    angle = rng.uniform(0.0, 2.0 * np.pi, n)
    return np.column_stack([radius * np.cos(angle), radius * np.sin(angle)]), labels


X_rings, y_rings = make_rings(200)
try:
    ring_settings = dict(activation="relu", lr=0.5, momentum=0.9, batch_size=20, epochs=60, seed=0)
    ring_params, ring_losses = train_mlp(X_rings, y_rings, [2, 16, 2], **ring_settings)
    print("training accuracy on the rings:", accuracy(ring_params, X_rings, y_rings, "relu"))
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    axes[0].plot(ring_losses)
    axes[0].set(title="rings: training loss", xlabel="epoch", ylabel="mean cross-entropy", yscale="log")
    plot_boundary(axes[1], ring_params, X_rings, y_rings, "relu", "MLP [2, 16, 2] on the rings")
    plt.show()
except NotImplementedError as exc:
    print("not yet:", exc)

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
