"""
A two-layer network from raw tensors
====================================

``torch.nn`` and ``torch.optim`` hide the mechanics of training behind ``net(x)`` and
``optimizer.step()``. This lesson builds a small network without them: two weight matrices,
matrix products, a ReLU, a loss written out, ``loss.backward()`` and an update by hand. With
nothing hidden you can check each piece: the gradients against a derivation on paper, and the
whole run against the same model built from ``torch.nn``. The lesson needs only what
:doc:`plot_autograd` showed: ``requires_grad``, ``backward()``, ``.grad`` and ``torch.no_grad()``.

**What you will learn**

- what forward and backward propagation do, and the training algorithm they make up;
- what the batch size and the other hyperparameters are;
- why the starting weights decide how large the learning rate can be;
- why only the weights require gradients, not the data;
- how to write the training loop with ``mm``, ``relu``, ``backward()`` and ``torch.no_grad()``;
- that autograd's gradients equal the chain rule done by hand;
- that ``nn.Sequential`` with ``torch.optim.SGD`` computes the very same thing.
"""

# %%
# Forward and backward propagation
# --------------------------------
#
# A neural network is a chain of nested functions applied to the input, each with its own
# weights. Training alternates two passes:
#
# - **Forward propagation**: the input goes through the functions one after the other, and the
#   network makes its best guess of the output. Comparing the guess with the target gives the
#   loss.
# - **Backward propagation**: starting from the loss, the chain rule is applied backwards
#   through the same functions, giving the derivative of the loss with respect to every weight
#   (its gradient). Gradient descent then moves each weight a small step against its gradient,
#   which lowers the loss.
#
# The network here has one hidden layer. For an input batch :math:`x` (one row per sample):
#
# .. math::
#
#    h = \mathrm{relu}(x W_1), \qquad \hat y = h W_2, \qquad
#    L = \sum_{i,j} (\hat y_{ij} - y_{ij})^2 .
#
# The training algorithm
# ----------------------
#
# 1. Initialise all weights at random.
# 2. Forward: combine the inputs with :math:`W_1` and apply the activation (ReLU) to get the
#    hidden values; combine those with :math:`W_2` to get the outputs.
# 3. Compute the loss between the outputs and the targets.
# 4. Backward: compute the gradient of the loss with respect to **all** weights, those of the
#    output layer and those of the hidden layer.
# 5. Update every weight: :math:`W \leftarrow W - \eta \, \partial L / \partial W`.
# 6. Repeat from step 2 until the loss is small enough.
#
# The device
# ----------
#
# :func:`nn_tutorial.device` returns the accelerator that ``torch.accelerator`` finds (an NVIDIA
# or AMD GPU through CUDA, Apple's MPS, Intel's XPU), and the CPU when there is none. Every
# tensor below is created on that device, so the lesson runs unchanged on any of them.
import torch
from torch import nn

import nn_tutorial
from nn_tutorial import data, models, plotting, set_language, training

set_language("en")  # what the package prints and draws follows the page's language

torch.manual_seed(0)

device = nn_tutorial.device()
print(device)

# %%
# Batch size and hyperparameters
# ------------------------------
#
# The **batch size** is how many samples are used to compute one update of the weights. More
# samples give a more reliable gradient per step, fewer give more steps for the same work.
# Here the whole dataset is a single batch of 32 samples, so every step sees all of it.
#
# The other **hyperparameters**, values we choose rather than learn:
#
# - ``INPUT_SIZE``: numbers per sample, the width of the input layer (1000);
# - ``HIDDEN_SIZE``: units of the hidden layer (100);
# - ``OUTPUT_SIZE``: numbers predicted per sample (2);
# - ``LEARNING_RATE``: the factor :math:`\eta` that scales each gradient step. Too small and
#   training crawls; too large and it overshoots and blows up. 1e-6 looks tiny; the section
#   on the starting weights below shows why this network needs it.
BATCH_SIZE = 32
INPUT_SIZE = 1000
HIDDEN_SIZE = 100
OUTPUT_SIZE = 2
LEARNING_RATE = 1e-6

# %%
# Data and weights
# ----------------
#
# The data are random: inputs and targets drawn from a standard normal distribution by
# :func:`nn_tutorial.data.random_regression`. There is nothing to discover in them; the point is
# to watch the machinery fit them.
x, y = data.random_regression(BATCH_SIZE, INPUT_SIZE, OUTPUT_SIZE, seed=0, device=device)
print(f"x: {list(x.shape)}, requires_grad={x.requires_grad}")
print(f"y: {list(y.shape)}, requires_grad={y.requires_grad}")

# %%
# The weights are two plain tensors in :class:`nn_tutorial.models.TwoLayerNet`, created like
# this:
#
# .. literalinclude:: ../../../src/nn_tutorial/models.py
#    :pyobject: TwoLayerNet.__init__
#
# Only the weights require gradients. The loop changes the weights and never the data, so the
# gradient with respect to ``x`` or ``y`` would never be used; asking for it would only cost
# time and memory, since autograd would have to keep what it needs to compute it.


def starting_weights():
    """A TwoLayerNet with the same random weights at every call (seed 0)."""
    generator = torch.Generator().manual_seed(0)
    return models.TwoLayerNet(
        INPUT_SIZE, HIDDEN_SIZE, OUTPUT_SIZE, generator=generator, device=device
    )


model = starting_weights()
print(f"w1: {list(model.w1.shape)}, requires_grad={model.w1.requires_grad}")
print(f"w2: {list(model.w2.shape)}, requires_grad={model.w2.requires_grad}")

# %%
# The training loop
# -----------------
#
# 500 steps of the algorithm above. ``mm`` is matrix multiplication, ``relu`` is
# :math:`\max(0, \cdot)` applied to every entry, and the loss is the sum of squared errors.
# ``loss.backward()`` fills ``w1.grad`` and ``w2.grad``. The update runs under
# ``torch.no_grad()`` because it is not part of the model: autograd must not record it.
# Finally the gradients are zeroed, since the next ``backward()`` would otherwise add to them.
# (:func:`nn_tutorial.training.train_two_layer_net` is the same loop, packaged.)
STEPS = 500
losses = []
for step in range(1, STEPS + 1):
    hidden = x.mm(model.w1).relu()  # forward: hidden layer, 32 x 100
    y_pred = hidden.mm(model.w2)  # forward: output, 32 x 2
    loss = (y_pred - y).pow(2).sum()  # sum of squared errors
    losses.append(loss.item())
    if step == 1 or step % 100 == 0:
        print(f"step {step:>3}  loss {loss.item():.3g}")

    loss.backward()  # backward: gradients into w1.grad and w2.grad
    with torch.no_grad():
        model.w1 -= LEARNING_RATE * model.w1.grad
        model.w2 -= LEARNING_RATE * model.w2.grad
        model.w1.grad.zero_()
        model.w2.grad.zero_()

# %%
# The loss falls from millions to about :math:`10^{-7}` within 500 steps. The network has
# 100,200 weights and only 64 target numbers to match, so it can fit even random targets
# exactly. On a log scale the curve shows two phases: a steep, straight descent, then, from
# about :math:`10^{-5}`, a slow crawl. The crawl is not the optimisation running out of steam
# but the limit of 32-bit floating point numbers: the predictions are sums of about a hundred
# products of size 30, and their rounding errors, around :math:`10^{-5}`, are as large as what
# is left of the error. (The same loop in 64-bit precision, ``dtype=torch.float64``, keeps
# falling, below :math:`10^{-20}` by step 400.) Fitting random data this well also means the
# network has learned nothing that carries over to new data; the point here is the machinery.
fig = plotting.plot_losses(
    losses,
    title="Training the two-layer network",
    xlabel="step",
    ylabel="loss",
    log=True,
)

# %%
# A learning rate ten times larger shows the other side of the trade-off. The packaged loop
# stops at the first loss that is not finite:
diverging = starting_weights()
try:
    training.train_two_layer_net(diverging, x, y, lr=1e-5, log=None)
except FloatingPointError as error:
    print("FloatingPointError:", error)

# %%
# Why so small a learning rate: the starting weights
# --------------------------------------------------
#
# The cause is mostly the starting weights, not the sum in the loss. ``TwoLayerNet`` draws
# every weight from the standard normal distribution, N(0, 1). An entry of :math:`x W_1` is a
# sum of 1000 products of numbers of standard deviation 1, so its standard deviation is about
# :math:`\sqrt{1000} \approx 32`; each output adds up 100 such values (after the ReLU), again
# with weights of size 1, while the targets have a standard deviation of 1. The first
# predictions miss by hundreds, the gradients are huge, and only tiny steps are safe.
start = starting_weights()
with torch.no_grad():
    pre_activation = x.mm(start.w1)
    output = pre_activation.relu().mm(start.w2)
print(
    f"N(0, 1) weights, standard deviation of: input {x.std().item():.3g}, "
    f"x @ w1 {pre_activation.std().item():.3g}, output {output.std().item():.3g}, "
    f"target {y.std().item():.3g}"
)

# %%
# Layers avoid this by scaling their starting weights by the number of inputs, the *fan-in*.
# ``nn.Linear`` draws its weights from the uniform distribution
# :math:`U(-1/\sqrt{\text{in\_features}},\, 1/\sqrt{\text{in\_features}})`. Before a ReLU,
# Kaiming (He) initialisation, N(0, 2 / fan-in) (``torch.nn.init.kaiming_normal_``), keeps
# the values at the same scale from layer to layer. Scaling our weights that way brings the
# outputs to the size of the targets, and the same loop, with the same sum loss, then trains
# with a learning rate a thousand times larger. It even ends lower than the first run's
# :math:`10^{-7}`: with smaller values, the rounding errors are smaller too. (A mean instead of
# the sum would divide every gradient by 64, the number of target values, and allow a learning
# rate only 64 times larger.)
scaled = starting_weights()
with torch.no_grad():
    scaled.w1 *= (2 / INPUT_SIZE) ** 0.5  # Kaiming: standard deviation sqrt(2 / fan-in)
    scaled.w2 *= (2 / HIDDEN_SIZE) ** 0.5
    pre_activation = x.mm(scaled.w1)
    output = pre_activation.relu().mm(scaled.w2)
print(
    f"Kaiming weights, standard deviation of: x @ w1 {pre_activation.std().item():.3g}, "
    f"output {output.std().item():.3g}"
)
scaled_losses = training.train_two_layer_net(scaled, x, y, lr=1e-3, log=None)
print(f"lr 1e-3: loss {scaled_losses[0]:.3g} (step 1), {scaled_losses[-1]:.3g} (step {STEPS})")

# %%
# Gradients by hand
# -----------------
#
# What does ``loss.backward()`` compute? The chain rule, applied from the loss back to the
# weights. Writing :math:`a = x W_1` for the hidden layer before the ReLU:
#
# .. math::
#
#    \frac{\partial L}{\partial \hat y} = 2 (\hat y - y), \qquad
#    \frac{\partial L}{\partial W_2} = h^\top \frac{\partial L}{\partial \hat y}, \qquad
#    \frac{\partial L}{\partial h} = \frac{\partial L}{\partial \hat y} W_2^\top,
#
# .. math::
#
#    \frac{\partial L}{\partial a} = \frac{\partial L}{\partial h} \odot \mathbb{1}[a > 0],
#    \qquad
#    \frac{\partial L}{\partial W_1} = x^\top \frac{\partial L}{\partial a}.
#
# The ReLU lets the gradient through where its input was positive and stops it elsewhere.
# :meth:`nn_tutorial.models.TwoLayerNet.manual_gradients` writes these lines out with no
# autograd at all:
#
# .. literalinclude:: ../../../src/nn_tutorial/models.py
#    :pyobject: TwoLayerNet.manual_gradients
#
# We compare them with autograd's on fresh weights (the same seed, so the starting point of the
# run above), where the gradients are large.
fresh = starting_weights()
loss = (fresh(x) - y).pow(2).sum()
loss.backward()
grad_w1, grad_w2 = fresh.manual_gradients(x, y)
for name, by_hand, by_autograd in [
    ("w1", grad_w1, fresh.w1.grad),
    ("w2", grad_w2, fresh.w2.grad),
]:
    largest = by_autograd.abs().max().item()
    difference = (by_hand - by_autograd).abs().max().item()
    print(
        f"{name}: allclose {torch.allclose(by_hand, by_autograd)}, "
        f"largest gradient {largest:.4g}, max abs difference {difference:.3g}"
    )

# %%
# The same model with ``torch.nn`` and ``torch.optim``
# ----------------------------------------------------
#
# The usual way to write this network is ``nn.Sequential``: two ``nn.Linear`` layers without bias
# around an ``nn.ReLU`` (:doc:`plot_lenet` introduces ``torch.nn`` properly). ``nn.Linear`` stores
# its weight as ``out_features x in_features`` and computes :math:`x W^\top`, so our ``w1`` and
# ``w2`` go in transposed. Copying our N(0, 1) starting weights over ``nn.Linear``'s own (under
# ``torch.no_grad()``, as it is not part of the model) makes the two runs start from the same point.
# ``nn.MSELoss(reduction="sum")`` is our sum of squared errors, and ``torch.optim.SGD`` does the
# update and the zeroing.
sequential = nn.Sequential(
    nn.Linear(INPUT_SIZE, HIDDEN_SIZE, bias=False),
    nn.ReLU(),
    nn.Linear(HIDDEN_SIZE, OUTPUT_SIZE, bias=False),
).to(device)
with torch.no_grad():
    sequential[0].weight.copy_(fresh.w1.T)
    sequential[2].weight.copy_(fresh.w2.T)

loss_fn = nn.MSELoss(reduction="sum")
optimizer = torch.optim.SGD(sequential.parameters(), lr=LEARNING_RATE)
losses_nn = []
for _ in range(STEPS):
    optimizer.zero_grad()
    loss = loss_fn(sequential(x), y)
    losses_nn.append(loss.item())
    loss.backward()
    optimizer.step()

# %%
# Both runs perform the same arithmetic, up to the order in which floating point numbers are
# added inside the matrix products. While the loss is large, that rounding is invisible: the
# losses agree to four significant digits or better, and the largest absolute difference is a
# fraction of one, in the first steps, where the loss is over a million. In the slow phase, where
# rounding is as large as the error itself, the two runs round differently, and the curves
# part slightly at the end.
pairs = list(zip(losses, losses_nn, strict=True))
largest = max(abs(a - b) for a, b in pairs)
print(f"max abs difference over the {STEPS} steps: {largest:.3g}")
relative = max(abs(a - b) / a for a, b in pairs if a > 1)
print(f"max relative difference while the loss is above 1: {relative:.2g}")
fig = plotting.plot_losses(
    {"raw tensors": losses, "nn.Sequential + optim.SGD": losses_nn},
    title="The same training, written two ways",
    xlabel="step",
    ylabel="loss",
    log=True,
)

# %%
# Summary
# -------
#
# - Forward propagation computes the output and the loss; backward propagation applies the
#   chain rule from the loss back to every weight; gradient descent steps against the gradient.
# - The batch size is the number of samples behind one update; the sizes
#   (1000 -> 100 -> 2) and the learning rate (1e-6) are hyperparameters. Ten times that learning
#   rate makes this loss overflow within a few steps.
# - The starting weights set that learning rate. N(0, 1) weights make the first outputs far
#   larger than the targets; weights scaled by the fan-in (``nn.Linear``'s default, or Kaiming's
#   for a ReLU) train the same loop with a learning rate a thousand times larger.
# - Only the weights require gradients: the data are never updated.
# - A training step by hand: ``mm`` and ``relu`` forward, the loss, ``loss.backward()``, the
#   update under ``torch.no_grad()``, and zeroed gradients.
# - Autograd's gradients equal the chain rule written out by hand.
# - ``nn.Sequential`` with ``nn.Linear``, ``nn.MSELoss(reduction="sum")`` and
#   ``torch.optim.SGD`` is the same computation, with the bookkeeping done for you.
#
# What to read next
# -----------------
#
# :doc:`plot_lenet` applies the same loop, through ``torch.optim``, to a convolutional network
# trained on real handwritten digits, and explains ``nn.Module``, the loss functions and the
# optimizers that this lesson only used.

# %%
# Exercises
# ---------
#
# Try each exercise in the downloaded notebook or script: write your answer in place of the
# ``...``, then run the cell. The check in it says whether your answer is right and, if not,
# gives the most useful hint; it never gives the solution away. A worked solution follows each
# exercise under **Solution**, folded: click the word on this page, or the collapsed cell in
# Jupyter, once you have tried.
from nn_tutorial import exercises

# sphinx_gallery_thumbnail_number = 2

# %%
# **1. Which learning rate (warm-up).** Of ``1e-7``, ``1e-6``, ``1e-5`` and ``1e-4``, which is the
# largest with which this lesson's two-layer loop, from its N(0, 1) starting weights, does not
# blow up?
#
# *Hint:* the lesson tried two of them.
answer = ...  # your answer here
exercises.check("mlp-learning-rate", answer)

# %%
# **Solution**

answer = 1e-6
exercises.check("mlp-learning-rate", answer)

# %%
# **2. ReLU's backward by hand.** Write ``relu_backward(grad_output, x)``: the gradient that
# ``torch.relu`` sends back to ``x``, the same as autograd's, including at ``x == 0``.
#
# *Hint:* a mask of where the input was positive.
relu_backward = ...  # your answer here
exercises.check("mlp-relu-backward", relu_backward)

# %%
# **Solution**


def relu_backward(grad_output, x):
    return grad_output * (x > 0)


exercises.check("mlp-relu-backward", relu_backward)

# %%
# **3. Momentum by hand.** Write ``momentum_step(params, velocities, lr, momentum)``, called under
# ``torch.no_grad()`` after ``backward``: SGD with momentum, matching ``torch.optim.SGD(params, lr,
# momentum=momentum)`` step for step (the check compares five steps, for two settings of ``lr``
# and ``momentum``).
#
# *Hint:* ``v = momentum * v + grad``, then ``p = p - lr * v``, both in place.
momentum_step = ...  # your answer here
exercises.check("mlp-momentum", momentum_step)

# %%
# **Solution**


def momentum_step(params, velocities, lr, momentum):
    for p, v in zip(params, velocities, strict=True):
        v.mul_(momentum).add_(p.grad)
        p.sub_(lr * v)


exercises.check("mlp-momentum", momentum_step)
