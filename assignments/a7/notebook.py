# %% [markdown]
# # Assignment 7 — Reverse-mode automatic differentiation from scratch
#
# PyTorch's `loss.backward()` looks like magic until you have written it once. In this
# assignment you do: a `Value` class that holds one number, records every operation applied
# to it as a node of a **computation graph**, and computes the derivative of a result with
# respect to every number it was built from by walking that graph backwards. Then you build
# a tiny neural network (neurons, layers, an MLP) out of `Value`s and train it.
#
# **The idea in three sentences.** A program that computes a number `L` from inputs is a
# graph: each node is an intermediate result, and each edge says "this node was used to
# compute that one". The chain rule says that the derivative of `L` with respect to a node
# is the sum, over every node that *used* it, of (that user's derivative) × (the local
# derivative of the user with respect to this node). So if we visit nodes from `L` back to
# the inputs, each node only after all of its users, one pass gives every derivative: this
# is **reverse accumulation**, or backpropagation.
#
# **How this notebook works.** Replace each `raise NotImplementedError(...)` with your code,
# run the cell, then run the self-checks below it. When you submit, hidden tests build
# thousands of random expression graphs out of your `Value`s (with shared sub-expressions
# and long chains) and compare every value and every gradient with PyTorch's autograd in
# double precision. When a gradient is wrong, they try each operation on its own to tell you
# *which* operation's local derivative is at fault. Do not rename the class, its methods or
# the attributes `data` and `grad`.

# %%
import math
import random

from autograder.selfcheck import SelfCheck

selfcheck = SelfCheck("a7")

# %% [markdown]
# ## Task `value_ops`: the `Value` class and its operations
#
# A `Value` has two public attributes:
#
# - `data`, the number it holds;
# - `grad`, the derivative of the output that `backward()` was last called on with respect
#   to this node. It starts at `0.0`.
#
# and three private ones that make it a graph node: the nodes it was computed from (its
# *children*), a short name of the operation (useful for printing, not graded), and a
# function `_backward()` that knows how to pass this node's `grad` on to its children.
# A leaf (a node made directly by `Value(3.0)`) has no children and a `_backward` that does
# nothing. This bookkeeping is given (class `Node` below); you write the operations.
#
# Every operation returns a **new** `Value` and leaves its operands' `data` alone:
#
# | operation | result | local derivative(s) |
# |---|---|---|
# | `a + b` | $a + b$ | $\partial/\partial a = 1$, $\partial/\partial b = 1$ |
# | `a * b` | $a b$ | $\partial/\partial a = b$, $\partial/\partial b = a$ |
# | `a ** k` (`k` a plain number) | $a^k$ | $k\,a^{k-1}$ |
# | `a.exp()` | $e^a$ | $e^a$ (the result itself) |
# | `a.log()` | $\ln a$ (for $a > 0$) | $1/a$ |
# | `a.tanh()` | $\tanh a$ | $1 - \tanh^2 a$ (in terms of the *result*) |
# | `a.relu()` | $\max(0, a)$ | $1$ if $a > 0$, else $0$ — **also 0 at $a = 0$**, as PyTorch does |
#
# Negation, subtraction and division can be written with these (`-a` is `a * -1`,
# `a - b` is `a + (-b)`, `a / b` is `a * b ** -1`), or on their own; either is fine as long
# as the values and derivatives are right (for `a / b`: $1/b$ and $-a/b^2$).
#
# **Plain numbers.** Either operand of `+`, `-`, `*` and `/` may be a plain Python number:
# `a + 1`, `2 * a`, `1 - a`, `1 / a` must all work and give `Value`s. For `2 * a`, Python
# first asks `int.__mul__`, which does not know `Value`, and then calls `a.__rmul__(2)`: so
# you need the *reflected* methods `__radd__`, `__rsub__`, `__rmul__` and `__rtruediv__`
# too. Careful: `1 - a` is not `a - 1`.
#
# **Local derivatives.** Each operation sets the new node's `_backward` to a small function
# (a closure) that adds *local derivative × `out.grad`* to each child's `grad`. Use `+=`, not
# `=`: a node used in several places receives one contribution from each use (see task
# `backward` below).
#
# **`backward()`** (task `backward`) is the method you call on the output:
#
# 1. order every node the output depends on so that each node comes after its children
#    (a **topological order**; a depth-first search that appends a node after visiting its
#    children gives one — recursive or with an explicit stack);
# 2. set the output's `grad` to `1.0` (d output / d output);
# 3. call `_backward()` of every node in the **reverse** of that order, so that a node passes
#    its gradient on only once all of its users have added to it.
#
# Contracts the grader relies on: the graph may have shared sub-expressions (the same node
# used many times) and may be up to 250 operations deep (a recursive depth-first search is
# fine at that depth); `backward()` is called once per graph, on a graph whose `grad`s are
# all still `0.0`.

# %%
class Node:
    """The bookkeeping of a graph node (given: `Value` below builds on it).

    `data` is the number this node holds; `grad` is d(output)/d(this node) once `backward()`
    has run on some output (0.0 until then); `_children` are the nodes it was computed from,
    `_op` names how, and `_backward()` passes its grad on to them (a leaf's does nothing).
    """

    def __init__(self, data, children=(), op=""):
        self.data = float(data)
        self.grad = 0.0
        self._children = tuple(children)
        self._op = op
        self._backward = lambda: None

# %% [markdown]
# Now `Value` itself: a `Node` with the operations. `Value(2.0)` makes a leaf; inside an
# operation, `Value(result, (self, other), "*")` makes the new node and records its children.
# You may also write `Value` from scratch, in another layout, as long as `data`, `grad`, the
# operations and `backward()` behave as described.

# %% solution Value

# %% [markdown]
# A first look (this cell runs even before you have written anything):

# %%
try:
    a, b = Value(2.0), Value(-3.0)
    c = a * b + a.exp()
    c.backward()
    print(f"c = {c.data:.4f};  dc/da = {a.grad:.4f} (expect b + e^a = {-3 + math.exp(2):.4f});  "
          f"dc/db = {b.grad:.4f} (expect a = 2)")
except NotImplementedError as exc:
    print("not yet:", exc)

# %% selfcheck value_ops

# %% [markdown]
# ### What the tests of `value_ops` check
#
# The value of every operation (with `Value`s and with plain numbers on either side), that
# operands are left alone, and each operation's local derivative on its own: the result of a
# single operation, `backward()` on it, and the `grad` of each operand, against PyTorch.

# %% [markdown]
# ## Task `backward`: topological order, reverse accumulation, shared nodes
#
# `backward()` is graded on a single leaf (its grad becomes 1), on graphs where the order
# matters — a node reached by two paths of different lengths must not pass its gradient on
# before both paths have delivered theirs (visiting the graph breadth-first, or calling
# `_backward` while you walk down from the output, gets this wrong) —, on long chains, and on
# random graphs of every operation.
#
# **Nodes used more than once.** In `a * a` the node `a` is both operands: its gradient is
# $2a$, one $a$ from each use. In `(a + b) * (a - b)` it is used by two different nodes.
# Gradients from every use must add up; a `_backward` that assigns (`=`) instead of adding
# (`+=`) keeps only the last one.

# %% selfcheck backward

# %% [markdown]
# ## Task `mlp`: a neural network made of `Value`s
#
# - `Neuron(nin, nonlin=True)` holds `nin` weights `w` (a list of `Value`s, drawn uniformly
#   from $(-1, 1)$ with Python's `random` module) and a bias `b` (a `Value`, `0.0` to start).
#   Called on a list `x` of `nin` numbers or `Value`s it returns the `Value`
#   $\sum_i w_i x_i + b$, passed through `relu()` when `nonlin` is true.
# - `Layer(nin, nout, nonlin=True)` holds `nout` neurons in `neurons`; called on `x` it
#   returns the **list** of their outputs.
# - `MLP(nin, nouts)` stacks layers of sizes `nouts` (`MLP(3, [4, 4, 1])`: 3 inputs, two
#   hidden layers of 4 neurons, 1 output); every layer has a ReLU except the last, which is
#   linear. Called on `x` it returns the list of the last layer's outputs (a list of one
#   `Value` for one output).
# - Each class has `parameters()`: the list of its `Value`s to train. Order: neuron by
#   neuron, each neuron's weights and then its bias; layer by layer, first to last.

# %% solution Neuron Layer MLP

# %% selfcheck mlp

# %% [markdown]
# ## Training the network
#
# Four points, four targets, the mean squared error, and plain gradient descent: zero every
# `grad`, build the loss, `backward()`, then move each parameter against its gradient. This
# is all `torch.optim.SGD` and `loss.backward()` do for you. The loss should fall towards 0
# (a step much larger than 0.05 can push every ReLU of a layer below zero for good: try it).

# %%
xs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
targets = [1.0, -1.0, -1.0, 1.0]
try:
    random.seed(0)
    network = MLP(3, [4, 4, 1])
    for step in range(200):
        for p in network.parameters():
            p.grad = 0.0
        loss = Value(0.0)
        for x, target in zip(xs, targets):
            loss = loss + (network(x)[0] - target) ** 2
        loss = loss / len(xs)
        loss.backward()
        for p in network.parameters():
            p.data -= 0.05 * p.grad
        if step % 40 == 0 or step == 199:
            print(f"step {step:2d}: loss {loss.data:.4f}")
    print("predictions:", [round(network(x)[0].data, 3) for x in xs], "targets:", targets)
except NotImplementedError as exc:
    print("not yet:", exc)

# %% [markdown]
# ## Submitting
#
# Save the notebook and submit the `.ipynb` file. Before you do, restart the kernel and run
# all cells (Kernel → Restart Kernel and Run All Cells): the grader runs your cells in order,
# in a fresh Python.

# %% [markdown]
# ## Your progress
#
# Run this cell last (Run All runs it too): it runs every task's public self-checks again and
# shows them in one table. Passing them is a good sign, not a guarantee: the hidden tests try
# many more graphs.

# %%
selfcheck.progress(globals())
