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
- why the starting weights decide how large the learning rate can be, how to scale them by
  the fan-in, and how a mean loss changes the learning rate;
- why only the weights require gradients, not the data;
- how to write the training loop with ``mm``, ``relu``, ``backward()`` and ``torch.no_grad()``;
- that autograd's gradients equal the chain rule done by hand;
- that ``nn.Sequential`` with ``torch.optim.SGD`` computes the very same thing;
- two checks before a long run: the first loss of a classifier (about ln of the number of
  classes), and overfitting one batch.
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
import math

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


def spread(w1, w2):
    """The standard deviations of x @ w1 and of the output, for the weights w1 and w2."""
    with torch.no_grad():
        pre_activation = x.mm(w1)
        output = pre_activation.relu().mm(w2)
    return pre_activation.std().item(), output.std().item()


initial = starting_weights()
pre_std, output_std = spread(initial.w1, initial.w2)
print(
    f"N(0, 1) weights, standard deviation of: input {x.std().item():.3g}, "
    f"x @ w1 {pre_std:.3g}, output {output_std:.3g}, target {y.std().item():.3g}"
)

# %%
# Layers avoid this by scaling their starting weights by the number of inputs, the *fan-in*.
# A sum of fan-in products keeps a standard deviation of 1 when each weight has a standard
# deviation of :math:`1/\sqrt{\text{fan-in}}`: N(0, 1 / fan-in). Before a ReLU, which zeroes
# about half of the values, Kaiming (He) initialisation, N(0, 2 / fan-in)
# (``torch.nn.init.kaiming_normal_``), doubles the variance, so that the values keep their
# scale from layer to layer. ``nn.Linear`` draws its weights from the uniform distribution
# :math:`U(-1/\sqrt{\text{in\_features}},\, 1/\sqrt{\text{in\_features}})`, whose standard
# deviation is :math:`1/\sqrt{3\,\text{in\_features}}`: scaled by the fan-in too, a little
# smaller. The same seed-0 weights, scaled each way, and ``nn.Linear``'s own:
torch.manual_seed(1)  # not seed 0, which drew the data: the weights must not repeat it
linear1 = nn.Linear(INPUT_SIZE, HIDDEN_SIZE, bias=False, device=device)
linear2 = nn.Linear(HIDDEN_SIZE, OUTPUT_SIZE, bias=False, device=device)
with torch.no_grad():
    initialisations = {
        "N(0, 1)": (initial.w1, initial.w2),
        "N(0, 1 / fan-in)": (initial.w1 / INPUT_SIZE**0.5, initial.w2 / HIDDEN_SIZE**0.5),
        "Kaiming N(0, 2 / fan-in)": (
            initial.w1 * (2 / INPUT_SIZE) ** 0.5,
            initial.w2 * (2 / HIDDEN_SIZE) ** 0.5,
        ),
        "nn.Linear, U(±1/√fan-in)": (linear1.weight.T, linear2.weight.T),
    }
for name, (w1, w2) in initialisations.items():
    pre_std, output_std = spread(w1, w2)
    print(
        f"{name:<25} standard deviation of: w1 {w1.std().item():.3g}, "
        f"x @ w1 {pre_std:.3g}, output {output_std:.3g}"
    )

# %%
# The loss sets the learning rate too, by a known factor. A mean instead of the sum divides
# the loss, and so every gradient, by the number of values averaged: 32 samples times 2
# outputs, 64. The same steps then take a learning rate 64 times larger, and they are the
# same steps: the N(0, 1) run with a mean loss at :math:`64 \times 10^{-6}` gives the first
# run's losses divided by 64, to the last bit (64 is a power of two, so even the rounding is
# the same). A sum grows with the batch size, and so does its gradient; a mean does not. That
# is why PyTorch's losses average by default (``nn.MSELoss()`` over all the values,
# ``nn.CrossEntropyLoss()`` over the samples): the learning rate then need not change with the
# batch size.
mean_losses = training.train_two_layer_net(
    starting_weights(), x, y, lr=64e-6, reduction="mean", log=None
)
pairs = list(zip(losses, mean_losses, strict=True))
relative = max(abs(64 * mean - total) / total for total, mean in pairs)
print(f"64 x mean loss vs sum loss, largest relative difference over {STEPS} steps: {relative}")

# %%
# With both changes, Kaiming weights and a mean loss, the same data train at a learning rate
# of :math:`10^{-2}`. In terms of the sum, that is :math:`10^{-2} / 64 \approx 1.6 \times
# 10^{-4}`: 160 times the rate the N(0, 1) weights trained with, and 16 times the
# :math:`10^{-5}` that made them overflow. The N(0, 1) weights with the same mean loss and
# learning rate overflow within four steps. The figure shows both runs as the mean squared
# error: the Kaiming run starts at the scale of the targets and passes the first run's final
# error within a hundred steps. It ends far lower, because with smaller values the rounding
# errors are smaller too.
kaiming = starting_weights()
with torch.no_grad():
    kaiming.w1 *= (2 / INPUT_SIZE) ** 0.5  # Kaiming: standard deviation sqrt(2 / fan-in)
    kaiming.w2 *= (2 / HIDDEN_SIZE) ** 0.5
kaiming_losses = training.train_two_layer_net(kaiming, x, y, lr=1e-2, reduction="mean", log=None)
for step in (1, 50, 100, STEPS):
    print(f"Kaiming, mean loss, lr 1e-2: step {step:>3}  loss {kaiming_losses[step - 1]:.3g}")
final = losses[-1] / 64  # the first run's last loss, as a mean
passed = next(step for step, loss in enumerate(kaiming_losses, 1) if loss < final)
print(f"below the first run's final {final:.3g} from step {passed}")
try:
    training.train_two_layer_net(starting_weights(), x, y, lr=1e-2, reduction="mean", log=None)
except FloatingPointError as error:
    print("N(0, 1), mean loss, lr 1e-2: FloatingPointError:", error)
fig = plotting.plot_losses(
    {
        "N(0, 1), sum loss, lr 1e-6": [loss / 64 for loss in losses],
        "Kaiming, mean loss, lr 1e-2": kaiming_losses,
    },
    title="Starting weights and the learning rate",
    xlabel="step",
    ylabel="mean squared error",
    log=True,
)

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
# Two checks before a long run
# ----------------------------
#
# Two habits catch most broken set-ups in seconds, before any long training. Both need a
# classifier: here a small one for the handwritten digits of
# :func:`nn_tutorial.data.load_digits`, 8 x 8 images in 10 classes, with ``nn.Linear``'s
# default starting weights. Its loss is the cross-entropy, ``nn.functional.cross_entropy``:
# minus the log of the probability that the softmax of the 10 outputs gives the right class
# (:doc:`plot_lenet` explains it).
#
# **The first loss.** With small starting weights the 10 outputs are all near 0, the softmax
# gives each class about 1/10, and the loss is :math:`-\ln(1/10) = \ln 10 \approx 2.303`. So
# the first loss of a classifier with :math:`C` classes should be about :math:`\ln C`. The
# first loss on the 1,221 training digits, for three seeds, with ``nn.Linear``'s default
# weights and then with the same layers drawn from N(0, 1):
train, validation, test = data.load_digits(image_size=8)
images, labels = train.tensors[0].to(device), train.tensors[1].to(device)


def classifier(seed):
    """A small MLP for the 8 x 8 digits, with nn.Linear's default starting weights."""
    torch.manual_seed(seed)
    return nn.Sequential(nn.Flatten(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10)).to(device)


print(f"ln(10) = {math.log(10):.3f}")
for seed in range(3):
    net = classifier(seed)
    with torch.no_grad():
        default_loss = nn.functional.cross_entropy(net(images), labels).item()
        for layer in (net[1], net[3]):
            nn.init.normal_(layer.weight)  # N(0, 1), as TwoLayerNet draws its weights
        outputs = net(images)
        normal_loss = nn.functional.cross_entropy(outputs, labels).item()
    print(
        f"seed {seed}: first loss {default_loss:.3f} with nn.Linear's default, "
        f"{normal_loss:.1f} with N(0, 1) weights (outputs of standard deviation "
        f"{outputs.std().item():.0f})"
    )

# %%
# With the default weights the first loss is within 0.05 of :math:`\ln 10`. The N(0, 1)
# weights give outputs of tens, a softmax sure of one class, mostly a wrong one, and a loss
# more than twenty times too large: the first steps would go into undoing the starting
# weights, or, as with the two-layer network above, blow up. A first loss far from
# :math:`\ln C` says to look at the starting weights (or at the loss) before anything else.
#
# **Overfit one batch first.** Then train on one small batch until its loss is about 0. Here
# 32 digits meet 4,810 parameters: a network and a loop that work must learn them by heart.
# If they cannot, the fault is in the training code or its settings, not in the data or the
# size of the network: a missing ``zero_grad()``, an optimizer given other parameters, a
# tensor detached from the graph, a learning rate far off, or the wrong thing given to the
# loss. Below, 100 steps of Adam, first with the
# logits, then with a common bug: a softmax before ``cross_entropy``, which applies its own.
batch_images, batch_labels = images[:32], labels[:32]


def overfit(net, softmax_first=False, steps=100):
    """Train net on the one batch with Adam, printing the loss every 20 steps."""
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-2)
    for step in range(1, steps + 1):
        optimizer.zero_grad()
        outputs = net(batch_images)
        if softmax_first:
            outputs = outputs.softmax(dim=1)  # the bug: probabilities instead of logits
        loss = nn.functional.cross_entropy(outputs, batch_labels)
        loss.backward()
        optimizer.step()
        if step == 1 or step % 20 == 0:
            print(f"  step {step:>3}  loss {loss.item():.3g}")


print("logits into cross_entropy:")
overfit(classifier(0))
print("softmax, then cross_entropy:")
overfit(classifier(0), softmax_first=True)

# %%
# The right loop drives the loss from :math:`\ln 10` to about :math:`10^{-4}`; the buggy one
# stalls above 1.5 and never gets further. Probabilities lie between 0 and 1, so the softmax
# inside ``cross_entropy`` can give the right class at most :math:`e / (e + 9)`, and the loss
# can never go below :math:`\ln(1 + 9/e) \approx 1.46`. Fitting one batch shows that the
# network and the loop can learn, not that what they learn carries over to new digits: that
# is the validation set's question, which :doc:`plot_lenet` takes up.

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
#   larger than the targets (standard deviation 193 against 1). Weights scaled by the fan-in,
#   N(0, 1 / fan-in), Kaiming's N(0, 2 / fan-in) for a ReLU, or ``nn.Linear``'s default, keep
#   them at the scale of the targets.
# - A mean loss divides the gradients by the number of values averaged, so it takes a
#   learning rate that many times larger for the same steps. With Kaiming weights and a mean
#   loss the same data train at lr 1e-2.
# - Only the weights require gradients: the data are never updated.
# - A training step by hand: ``mm`` and ``relu`` forward, the loss, ``loss.backward()``, the
#   update under ``torch.no_grad()``, and zeroed gradients.
# - Autograd's gradients equal the chain rule written out by hand.
# - ``nn.Sequential`` with ``nn.Linear``, ``nn.MSELoss(reduction="sum")`` and
#   ``torch.optim.SGD`` is the same computation, with the bookkeeping done for you.
# - Before a long run: a classifier's first loss should be about :math:`\ln C` (2.303 for
#   10 classes), and a small batch should be learned by heart, to a loss near 0.
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

# sphinx_gallery_thumbnail_number = 3

# %%
# **1. Starting weights for any layer.** Write ``init_weight(fan_in, fan_out)``: a new random
# weight shaped ``fan_in x fan_out`` (the layout of ``w1`` and ``w2``: a layer computes
# ``x @ w``), scaled so that ``x @ w`` has a standard deviation of about 1 when the entries of
# ``x`` have standard deviation 1, whatever the sizes (Kaiming's 1.41 for a ReLU is right too).
# The check tries fan-ins from 16 to 4096, then trains this lesson's network from
# ``init_weight(1000, 100)`` and ``init_weight(100, 2)`` with a mean loss at lr 1e-2.
#
# *Hint:* a sum of ``fan_in`` products of standard deviation 1 has standard deviation
# :math:`\sqrt{\text{fan\_in}}`.
init_weight = ...  # your answer here
exercises.check("mlp-init-scale", init_weight)

# %%
# **Solution**


def init_weight(fan_in, fan_out):
    return torch.randn(fan_in, fan_out) / fan_in**0.5


exercises.check("mlp-init-scale", init_weight)

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
