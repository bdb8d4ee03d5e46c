"""
Neural networks: LeNet
======================

:doc:`plot_autograd_mlp` trained a network from raw tensors. ``torch.nn`` packages the same
pieces: a ``torch.nn.Module`` holds the weights, its ``forward`` says how an input becomes an
output, and autograd (:doc:`plot_autograd`) supplies the backward pass. This lesson takes one
small convolutional network, LeNet, through every step of training by hand, then trains it for
real on handwritten digits and compares it with a classic support vector machine.

**What you will learn**

- the six steps of training a network;
- how LeNet is defined, what its parameters are and what input it expects, and what really
  goes wrong when one image is given without a batch dimension;
- how a loss is computed, what graph autograd records for it, and how ``backward()`` fills the
  gradients;
- the update rule ``weight = weight - learning_rate * gradient``, by hand and with
  ``torch.optim``;
- where ``16 * 6 * 6`` in LeNet's first fully connected layer comes from, and why the
  original LeNet-5 has ``16 * 5 * 5`` there;
- the training loop that :func:`nn_tutorial.training.fit` runs, written out by hand;
- how to train LeNet on real digits to about 99% test accuracy, choosing on a validation set
  and measuring on the test set once, and how precise that one measurement is;
- how to save the trained weights and load them back;
- which digits the network confuses, read from a confusion matrix.
"""

# %%
# How a network is trained
# ------------------------
#
# Training a neural network repeats the same few steps:
#
# 1. Define a network with learnable parameters (its weights).
# 2. Iterate over a dataset of inputs.
# 3. Pass each input through the network (the *forward* pass).
# 4. Compute the loss: a number that says how far the output is from the right answer.
# 5. Propagate gradients back to the parameters (``loss.backward()``).
# 6. Update the weights, in the simplest case by
#    ``weight = weight - learning_rate * gradient``.
#
# This lesson goes through them one at a time.
#
# Step 1: define the network
# --------------------------
#
# Our LeNet is a LeNet-style network: the 3 x 3 variant of the old PyTorch 60-minute blitz.
# (The original, LeNet-5, used 5 x 5 kernels; the section on ``16 * 6 * 6`` below shows what
# that changes.) It reads a grey 32 x 32 image and returns 10 numbers, one score per digit
# class. Two convolutions, each followed by a ReLU and 2 x 2 max pooling, find local patterns
# such as strokes and corners; three fully connected layers combine them into class scores.
# The network lives in the package as :class:`nn_tutorial.models.LeNet`:
#
# .. literalinclude:: ../../../src/nn_tutorial/models.py
#    :pyobject: LeNet
#
# Only ``forward`` is written. The backward pass comes from autograd, which records what
# ``forward`` does. The first line of ``forward`` checks the input's shape, so a mistake gets a
# readable message (we will trigger it below).
import tempfile
import textwrap
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader

import nn_tutorial
from nn_tutorial import data, hooks, models, plotting, set_language, training

set_language("en")  # what the package prints and draws follows the page's language

torch.manual_seed(0)

net = models.LeNet()
print(net)

# %%
# The learnable parameters
# ------------------------
#
# ``net.parameters()`` yields every tensor the optimizer will update: a weight and a bias for
# each of the five layers, so 10 tensors. The first is ``conv1``'s weight: 6 filters, each
# looking at 1 input channel through a 3 x 3 window.
params = list(net.parameters())
print(len(params))
print(params[0].size())

# %%
# ``named_parameters()`` gives the same tensors with their names. Most of the 81,194 numbers sit
# in ``fc1``, which connects 576 inputs to 120 outputs.
for name, parameter in net.named_parameters():
    print(f"{name:<12} {list(parameter.shape)}")
print("total:", sum(parameter.numel() for parameter in net.parameters()))

# %%
# Steps 2 and 3: an input and the forward pass
# --------------------------------------------
#
# LeNet expects 32 x 32 images. (MNIST's digits are 28 x 28: LeNet-5 padded them with 2 pixels
# of background on each side, which ``padding=2`` in ``conv1`` would do inside the network;
# resizing them works too. The digits we train on at the end are 8 x 8 and are resized to
# 32 x 32.) For now, a random image will do. Calling the module runs ``forward`` and returns the
# 10 scores.
input = torch.randn(1, 1, 32, 32)
out = net(input)
print(out)

# %%
# ``grad_fn=<AddmmBackward0>`` shows that autograd recorded the computation: the last operation
# was ``fc3``'s matrix multiply-and-add.
#
# Networks take mini-batches
# --------------------------
#
# The layers of ``torch.nn`` are written for **mini-batches**: the first dimension counts
# samples. That is why the random input above was ``1 x 1 x 32 x 32``: a batch of one image
# with one channel. What happens to a single image shaped ``1 x 32 x 32``, without the batch
# dimension? Let us run LeNet's layers by hand, without the package's check. ``nn.Conv2d`` and
# max pooling accept an unbatched ``channels x height x width`` input and treat it as one image;
# the error comes later:
image = torch.randn(1, 32, 32)
x = F.max_pool2d(F.relu(net.conv1(image)), 2)
x = F.max_pool2d(F.relu(net.conv2(x)), 2)
print("after the convolutions:", list(x.shape))
x = torch.flatten(x, 1)
print("after torch.flatten(x, 1):", list(x.shape))
try:
    net.fc1(x)
except RuntimeError as error:
    print(f"RuntimeError: {error}")

# %%
# The convolutions worked; the flatten is where it goes wrong. ``torch.flatten(x, 1)`` keeps
# dimension 0 because it is meant to be the batch. Here dimension 0 holds the 16 channels, so
# it makes 16 rows of 36 numbers instead of one row of 576, and ``fc1``, built for 576 inputs,
# cannot multiply them. PyTorch's message speaks of matrix shapes, far from the cause. The
# check at the top of LeNet's ``forward`` stops the image before that and says why:
try:
    net(image)
except ValueError as error:
    print(textwrap.fill(f"ValueError: {error}", width=80))

# %%
# ``unsqueeze(0)`` adds the missing batch dimension in front:
print(image.unsqueeze(0).shape, "->", net(image.unsqueeze(0)).shape)

# %%
# Why keep to batches when some layers accept one sample? A model's code is written for the
# batched case: ``torch.flatten(x, 1)`` and ``argmax(dim=1)`` take dimension 0 to be the batch,
# and layers such as ``nn.BatchNorm2d`` compute their statistics over it. Batches are also how
# training is fast and steady: one call on 32 images keeps the hardware far busier than 32
# calls on one, and a gradient averaged over 32 images is less noisy than one image's.

# %%
# A first backward pass
# ---------------------
#
# ``out`` has 10 entries, so ``backward`` needs a vector with one entry per output (the
# vector-Jacobian product of :doc:`plot_autograd`). Random numbers stand in for it here. Before
# that, ``net.zero_grad()`` clears every parameter's gradient, since gradients accumulate.
net.zero_grad()
out.backward(torch.randn(1, 10))
print(net.conv1.bias.grad)

# %%
# Recap
# -----
#
# The classes met so far:
#
# - ``torch.Tensor``: a multi-dimensional array. When it requires gradients, or is computed
#   from one that does, the operations on it are recorded for ``backward()``; a leaf that
#   requires gradients, such as a weight, receives its gradient in ``.grad``.
# - ``torch.nn.Module``: a neural network block. It keeps its parameters together and moves
#   them in one call (``net.to(device)``), saves and loads them (``state_dict()``), and can
#   contain other modules.
# - ``torch.nn.Parameter``: a kind of tensor that is registered as a parameter automatically
#   when assigned as an attribute of a module. That is how ``net.parameters()`` found the
#   weights of ``nn.Conv2d`` and ``nn.Linear``.
# - ``grad_fn``: every operation on tensors that require gradients creates a node of the
#   graph, an instance of ``torch.autograd.graph.Node`` (``AddmmBackward0`` above), linked to
#   the nodes that made its inputs; together they encode the history of the computation.
# - ``torch.autograd.Function``: not those nodes, but the class you subclass to define a new
#   operation with its own ``forward`` and ``backward``; each use of it adds a node too.
weight = net.conv1.weight
print(type(weight).__name__, "| also a Tensor:", isinstance(weight, torch.Tensor))
node = out.grad_fn
print(type(node).__name__, "| a graph Node:", isinstance(node, torch.autograd.graph.Node))
print(type(node).__name__, "| a Function:", isinstance(node, torch.autograd.Function))

# %%
# So far: a network is defined, inputs go through it, and ``backward`` reaches its weights.
# Still missing: a loss, and updating the weights.
#
# Step 4: the loss
# ----------------
#
# A loss function takes the output and the target and returns one number measuring how far
# apart they are. ``nn.MSELoss`` computes the mean squared error. A random target serves for
# now, shaped like the output.
output = net(input)
target = torch.randn(10)
target = target.reshape(1, -1)  # the same shape as output: 1 x 10
criterion = nn.MSELoss()

loss = criterion(output, target)
print(loss)

# %%
# Following the graph back from the loss
# --------------------------------------
#
# ``loss.grad_fn`` is the last operation, the MSE. Each node's ``next_functions`` lists the
# nodes that produced its inputs, so we can walk back by hand:
print(type(loss.grad_fn).__name__)
addmm = loss.grad_fn.next_functions[0][0]
print(type(addmm).__name__)
print(type(addmm.next_functions[0][0]).__name__)

# %%
# The third step lands on ``AccumulateGrad``, not on a ReLU. ``fc3`` computes
# ``addmm(bias, input, weight.T)``, and its node lists its inputs in that order: the bias (a
# leaf, whose gradient is *accumulated* into ``fc3.bias.grad``), then the ReLU that made the
# input, then the transposed weight.
print([type(node).__name__ for node, _ in addmm.next_functions])

# %%
# The whole graph is easier to look at than to print. The loss is at the top (orange), the
# ten leaves (green) are the parameters, labelled by name, and ``loss.backward()`` follows the
# arrows from the top down. Each layer's parameters join the graph where the layer ran.
fig = plotting.plot_autograd_graph(
    loss,
    title="The graph autograd recorded for the loss",
    names=dict(net.named_parameters()),
)

# %%
# Step 5: backpropagation
# -----------------------
#
# ``loss.backward()`` differentiates the loss with respect to every *leaf* of the graph that
# requires gradients, here the ten parameters, and *adds* the result into the leaf's ``.grad``.
# (Intermediate results, such as the ReLU outputs, get no ``.grad``: their gradients are passed
# on and dropped, unless you ask with ``retain_grad()`` as in :doc:`plot_autograd`.) Because
# it adds, the old gradients go first. Look at ``conv1``'s bias before and after:
net.zero_grad()
print("conv1.bias.grad before backward:")
print(net.conv1.bias.grad)
loss.backward()
print("conv1.bias.grad after backward:")
print(net.conv1.bias.grad)

# %%
# Before the backward pass the gradient is ``None``, not zeros: since PyTorch 2.0,
# ``zero_grad()`` sets gradients to ``None`` by default, which saves memory, and the next
# ``backward()`` writes a fresh tensor instead of adding to zeros. (Older tutorials print
# zeros here; ``zero_grad(set_to_none=False)`` still does that.) Either way, nothing from the
# earlier backward pass is left.
#
# Step 6: updating the weights
# ----------------------------
#
# The simplest update rule is stochastic gradient descent (SGD):
#
# .. math::
#
#    w \leftarrow w - \eta \, \frac{\partial\, \mathrm{loss}}{\partial w},
#
# with the learning rate :math:`\eta` a small number. Written out in the package as
# :func:`nn_tutorial.training.sgd_step`:
#
# .. literalinclude:: ../../../src/nn_tutorial/training.py
#    :pyobject: sgd_step
#
# The update runs under ``torch.no_grad()``: it is not part of the model, so autograd must not
# record it (and it could not: changing a leaf that requires gradients in place is an error
# while recording). Older code wrote ``f.data.sub_(...)`` instead. ``.data`` is a back door that
# hides the change from autograd: if the old value was still needed by a graph, autograd would
# not notice it had changed and would compute wrong gradients without a word.
# ``torch.no_grad()`` gives the same speed and keeps autograd's checks.
training.sgd_step(net.parameters(), lr=0.01)
print(f"loss before the update: {loss.item():.4f}")
print(f"loss after the update:  {criterion(net(input), target).item():.4f}")

# %%
# With an optimizer
# -----------------
#
# ``torch.optim`` implements this rule and better ones (SGD with momentum, Adam, AdamW, ...).
# Give it the parameters; then every training step is: zero the gradients, forward, loss,
# backward, step. Forgetting ``zero_grad()`` would add each step's gradients to the last ones.
optimizer = torch.optim.SGD(net.parameters(), lr=0.01)

for step in range(1, 4):
    optimizer.zero_grad()  # clear the gradients of the last step
    output = net(input)
    loss = criterion(output, target)
    loss.backward()
    optimizer.step()  # the update
    print(f"step {step}: loss {loss.item():.4f}")

# %%
# Where does ``16 * 6 * 6`` come from?
# ------------------------------------
#
# ``fc1`` is ``nn.Linear(16 * 6 * 6, 120)``: it must be told how many numbers reach it, and a
# learner asked where the 6 x 6 comes from. It is the size of the image after the two
# convolutions and two poolings. A 3 x 3 convolution without padding loses one pixel on each
# side (:math:`n \to n - 2`); 2 x 2 max pooling halves the size, rounding down
# (:math:`n \to \lfloor n / 2 \rfloor`):
#
# .. math::
#
#    32 \xrightarrow{\text{conv1}} 30 \xrightarrow{\text{pool}} 15
#    \xrightarrow{\text{conv2}} 13 \xrightarrow{\text{pool}} 6 .
#
# ``conv2`` has 16 output channels, so ``flatten`` turns ``16 x 6 x 6`` into 576 numbers per
# image. :func:`nn_tutorial.hooks.shape_trace` runs the network once and records every step's
# output shape:
steps = hooks.shape_trace(net, torch.randn(1, 1, 32, 32))
for step in steps:
    print(step)

# %%
# The same trace as a picture, without the ReLUs (they keep the shape). Each box's height
# grows with the number of values per image: ``conv1`` multiplies them (6 channels where the
# input had 1), each pooling keeps a quarter, and ``flatten`` (green) keeps all 576 values but
# changes the shape. A 28 x 28 input would reach ``fc1`` as ``16 x 5 x 5`` and fail, which is
# why LeNet needs 32 x 32 images.
shape_changes = [step for step in steps if step.name != "relu"]
fig = plotting.plot_shape_trace(
    shape_changes,
    title="Shapes through LeNet (per image)",
)

# %%
# Figures and tutorials that show ``6@28x28`` and ``16 * 5 * 5`` draw the original LeNet-5
# (LeCun et al., 1998). It used 5 x 5 kernels, which take 4 pixels off (:math:`n \to n - 4`),
# and it had tanh-like activations and trainable average pooling where ours has ReLU and max
# pooling. You need not do the arithmetic by hand: run the layers once on a dummy image and
# read the shapes. (``nn.LazyLinear`` does the same inside a model: it takes its input size
# from the first batch it sees.) LeNet-5's feature layers:
lenet5_features = nn.Sequential(
    nn.Conv2d(1, 6, 5), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.MaxPool2d(2), nn.Flatten()
)
x = torch.zeros(1, 1, 32, 32)
for layer in lenet5_features:
    x = layer(x)
    print(f"{type(layer).__name__:<10} {list(x.shape)}")

# %%
# Training on real digits
# -----------------------
#
# Everything so far used random numbers. Now the real thing: the handwritten digits that ship
# with scikit-learn, 1,797 images of 8 x 8 pixels, upsampled to 32 x 32 for LeNet by
# :func:`nn_tutorial.data.load_digits`. It splits them three ways, always the same way: a
# training set to learn from, a validation set to make choices by (how many epochs, which
# learning rate), and a test set that is touched once, at the very end. A test set that has
# guided choices has been tuned to, and its score no longer says how the model does on digits
# it has never seen.
train, validation, test = data.load_digits(image_size=32)
print(f"images: {len(train)} training, {len(validation)} validation, {len(test)} test")
print("one image:", list(train[0][0].shape), "| its label:", train[0][1].item())

# %%
# The training loop
# -----------------
#
# Training is the six steps from the start of this lesson, now over mini-batches. A
# ``DataLoader`` shuffles the training set and cuts it into batches of 32 images; for each
# batch: zero the gradients, forward, loss, backward, step. The loss is now
# ``nn.CrossEntropyLoss``, the usual loss for classification: it turns the 10 scores into
# probabilities with a softmax and penalises a low probability for the right class (so the
# network itself ends with the raw scores, the *logits*, and no softmax). One epoch (one pass
# over the training set), written out on the CPU, keeping the average loss over the batches as
# ``fit`` does:
torch.manual_seed(0)
net = models.LeNet()
optimizer = torch.optim.AdamW(net.parameters(), lr=2e-3)
loss_fn = nn.CrossEntropyLoss()
loader = DataLoader(train, batch_size=32, shuffle=True, generator=torch.Generator().manual_seed(0))

net.train()  # training mode: matters for layers such as dropout (LeNet has none)
total, count = 0.0, 0
for x, y in loader:
    optimizer.zero_grad()
    loss = loss_fn(net(x), y)
    loss.backward()
    optimizer.step()
    total += loss.item() * len(y)  # this batch's loss, measured before its step
    count += len(y)
train_loss, _ = training.evaluate(net, train, loss_fn, device="cpu")
val_loss, val_accuracy = training.evaluate(net, validation, loss_fn, device="cpu")
print(f"average loss over the epoch's batches: {total / count:.4f}")
print(f"training loss at the end of the epoch: {train_loss:.4f}")
print(f"validation loss at the end:            {val_loss:.4f}")
print(f"validation accuracy at the end:        {val_accuracy:.1%}")

# %%
# The average over the epoch is far above the loss of the same images measured at the end. Each
# batch's loss was taken before its step, by a network that was still learning: the early
# batches met a nearly untrained one. The training loss that ``fit`` reports is this average,
# so in early epochs it sits above the validation loss even though the validation images were
# never trained on.

# %%
# :func:`nn_tutorial.training.fit` runs this loop for a number of epochs and adds what a real
# run needs: it moves each batch to the device, stops on a loss that is not finite, steps a
# learning-rate schedule, measures the validation set after every epoch
# (:func:`nn_tutorial.training.evaluate`), and can save checkpoints. Its loop, straight from
# the package:
#
# .. literalinclude:: ../../../src/nn_tutorial/training.py
#    :pyobject: fit
#    :start-at: for epoch in range(
#    :end-before: return history
#    :dedent: 4
#
# Nothing else happens inside: with the same seed, one epoch of ``fit`` ends with exactly the
# weights of our loop.
torch.manual_seed(0)
same = models.LeNet()
training.fit(
    same,
    train,
    validation,
    epochs=1,
    optimizer=torch.optim.AdamW(same.parameters(), lr=2e-3),
    loss_fn=loss_fn,
    batch_size=32,
    device="cpu",
    log=None,
)
equal = all(torch.equal(a, b) for a, b in zip(net.parameters(), same.parameters(), strict=True))
print("fit gives the same weights as the loop by hand:", equal)

# %%
# The real run
# ------------
#
# 1,221 training digits are few for a network with 81,194 weights: it could learn them by heart
# and do worse on new ones. :class:`nn_tutorial.data.RandomShift` shows each training image
# moved by up to 3 pixels in a random direction, differently in every epoch. A shifted digit is
# still the same digit, so the network sees many more variations than there are images and
# learns features that do not depend on the exact position. The validation and test images are
# not shifted.
#
# The optimizer is AdamW: Adam (each weight gets its own step size, scaled down by a running
# average of its *squared* gradients, while a running average of the gradients gives the
# direction) with *decoupled* weight decay, which shrinks every weight a little at each step,
# apart from the gradient step rather than as a penalty added to the loss. The cosine schedule
# lowers the learning rate smoothly to zero over the 20 epochs. ``fit`` trains on an accelerator
# (a CUDA or MPS GPU, say) when there is one.
device = nn_tutorial.device()

torch.manual_seed(0)
net = models.LeNet()
optimizer = torch.optim.AdamW(net.parameters(), lr=2e-3, weight_decay=0.05)
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=20)
history = training.fit(
    net,
    data.RandomShift(train, max_shift=3),
    validation,
    epochs=20,
    optimizer=optimizer,
    scheduler=scheduler,
    loss_fn=loss_fn,
    batch_size=32,
    device=device,
    log=None,
)
for epoch in range(5, history.epochs + 1, 5):
    print(
        f"epoch {epoch:>2}  train loss {history.train_loss[epoch - 1]:.4f}  "
        f"validation loss {history.val_loss[epoch - 1]:.4f}  "
        f"validation accuracy {history.val_accuracy[epoch - 1]:.1%}"
    )

# %%
# These curves are what the choices were made by: the number of epochs, the learning rate and
# the shift were settled by watching the validation accuracy, never the test set. The accuracy
# written on the curve is the last epoch's: ``fit`` returns the network as it is after its last
# epoch, and that network is the one we save, reload and measure on the test set below.
fig = plotting.plot_history(
    history,
    title="LeNet on the digits",
)

# %%
# Some earlier epoch may have scored higher. Keeping the weights of the best epoch instead (a
# checkpoint saved whenever the validation accuracy improves) is a common choice, and a fair one,
# since it is made on the validation set. Here it would gain little: with 216 validation images
# one image is worth 0.46 points, and the best epoch is a couple of images ahead.
best = max(range(history.epochs), key=lambda index: history.val_accuracy[index])
ahead = round((history.val_accuracy[best] - history.val_accuracy[-1]) * len(validation))
print(f"last epoch ({history.epochs}), the model we keep: {history.val_accuracy[-1]:.1%}")
print(f"best epoch ({best + 1}): {history.val_accuracy[best]:.1%}, {ahead} images more")
print(f"one validation image: {1 / len(validation):.2%}")

# %%
# Why is the training loss above the validation loss all along? Two reasons. The first is the
# one the epoch by hand showed: ``fit`` averages the loss over the epoch while the weights
# improve, which matters most in the first epochs. The second: the training images are shifted,
# which makes them harder, while the validation images are not. By the last epoch the learning
# rate is near zero and the weights hardly move, so the second reason is what is left: with the
# final weights, freshly shifted training images lose about what ``fit`` reported, and the same
# images unshifted have the lowest loss of all, as images the network has trained on should.
shifted = data.RandomShift(train, max_shift=3)
shifted_loss, _ = training.evaluate(net, shifted, loss_fn, device=device)
unshifted_loss, _ = training.evaluate(net, train, loss_fn, device=device)
print(f"train loss fit reported for the last epoch: {history.train_loss[-1]:.4f}")
print(f"final weights, shifted training images:     {shifted_loss:.4f}")
print(f"final weights, unshifted training images:   {unshifted_loss:.4f}")
print(f"final weights, validation images:           {history.val_loss[-1]:.4f}")

# %%
# Saving and loading the trained network
# --------------------------------------
#
# Trained weights are worth keeping. ``net.state_dict()`` is a dictionary from each
# parameter's name to its tensor, and ``torch.save`` writes it to a file. To load it, build the
# same network and give it the dictionary read by ``torch.load(path, weights_only=True)``.
# ``weights_only=True`` (the default since PyTorch 2.6) reads tensors and plain containers and
# refuses arbitrary Python objects. That makes loading much safer, not safe: flaws in this
# loader were fixed in PyTorch 2.6 and 2.10 (CVE-2025-32434, CVE-2026-24747). Keep PyTorch up
# to date and load only files you trust. (The file goes into a temporary directory, which is
# deleted afterwards.)
state = net.state_dict()
print(f"state_dict: {len(state)} tensors,", ", ".join(list(state)[:4]), "...")
with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "lenet.pt"
    torch.save(state, path)
    reloaded = models.LeNet()
    reloaded.load_state_dict(torch.load(path, weights_only=True))

# %%
# The reloaded network gives exactly the same outputs as the one we trained:
images = validation.tensors[0].to(device)
net.eval()
reloaded.to(device).eval()
with torch.no_grad():
    print("same outputs:", torch.equal(reloaded(images), net(images)))

# %%
# The test set, once
# ------------------
#
# With every choice made, the test set is measured, once. Is the result good? A yardstick is a
# strong classic method on exactly the same split: a support vector machine (scikit-learn's
# ``SVC`` with an RBF kernel) on the original 8 x 8 pixels, from
# :func:`nn_tutorial.data.digit_arrays`, trained on the same training images. To be fair to it,
# its two settings, ``C`` (how hard it fits the training images) and ``gamma`` (how far one
# image's influence reaches), are chosen on the validation set, as LeNet's were.
from sklearn.svm import SVC

x, y = data.digit_arrays()
scores = {}
for C in (1, 3, 10, 30):
    for gamma in (0.02, 0.05, 0.1):
        svc = SVC(C=C, gamma=gamma).fit(x.train, y.train)
        scores[C, gamma] = svc.score(x.validation, y.validation)
C, gamma = max(scores, key=scores.get)
svc = SVC(C=C, gamma=gamma).fit(x.train, y.train)
print(f"SVC settings chosen on validation: C={C}, gamma={gamma}")

test_loss, test_accuracy = training.evaluate(net, test, loss_fn, device=device)
svc_accuracy = svc.score(x.test, y.test)
print(f"LeNet test accuracy: {test_accuracy:.1%}")
print(f"SVC test accuracy:   {svc_accuracy:.1%}")

# %%
# How precise is one such number? It comes from one training run (one seed) on 360 test images,
# so one image more or less moves it by 0.28 points. A rough 95% interval for an accuracy
# :math:`p` measured on :math:`n` images is :math:`p \pm 1.96 \sqrt{p (1 - p) / n}`:
n = len(test)
margin = 1.96 * (test_accuracy * (1 - test_accuracy) / n) ** 0.5
print(f"one test image: {1 / n:.2%}")
print(f"LeNet: {test_accuracy:.1%} ± {margin:.1%} (95% interval)")
print(f"LeNet vs SVC: {round((test_accuracy - svc_accuracy) * n)} test images apart")

# %%
# The two are a few images apart, inside that interval: on so small and clean a dataset the
# tuned SVM is already excellent, and LeNet is on par with it. Convolutions pay off on larger
# images and more data.
#
# What the network gets wrong
# ---------------------------
#
# We run the trained network over the test set (``eval()`` mode, no recording) and show the
# digits it misclassifies first, in red as "predicted ≠ true", then correctly classified ones.
images, labels = test.tensors
with torch.no_grad():
    predictions = net(images.to(device)).argmax(dim=1).cpu()
wrong = (predictions != labels).nonzero().flatten()
right = (predictions == labels).nonzero().flatten()
print(f"mistakes: {len(wrong)} of {len(labels)} test digits")
shown = torch.cat([wrong, right[: 24 - len(wrong)]])
fig = plotting.plot_digit_predictions(
    images[shown],
    labels[shown],
    predictions[shown],
    title="Test digits and LeNet's predictions",
)

# %%
# A confusion matrix counts every test digit by its true class (row) and the class the
# network predicted (column), so it shows which mistakes are made and how often. The
# diagonal holds the right answers; each number off it is a kind of mistake, in red.
fig = plotting.plot_confusion_matrix(
    labels,
    predictions,
    title="LeNet on the test digits",
)

# %%
# Summary
# -------
#
# - Training is six steps: define the network, iterate over data, forward, loss, backward,
#   update.
# - A ``torch.nn.Module`` defines ``forward`` only; autograd provides the backward pass.
#   ``parameters()`` lists the tensors to train (10 for LeNet, the first shaped
#   ``[6, 1, 3, 3]``).
# - Models are written for mini-batches. One unbatched image passes LeNet's convolutions but
#   breaks at ``torch.flatten(x, 1)``; ``unsqueeze(0)`` makes it a batch of one.
# - ``loss.grad_fn`` and ``next_functions`` are the recorded graph, made of
#   ``torch.autograd.graph.Node`` objects; ``backward()`` adds gradients into the ``.grad`` of
#   the leaves that require them (the parameters), so clear them first with ``zero_grad()``.
# - The update runs under ``torch.no_grad()`` (never through ``.data``); ``torch.optim`` does
#   it for you with ``step()``, and clears the gradients with ``zero_grad()``. ``backward()``
#   stays autograd's: each step is ``zero_grad()``, forward, loss, ``backward()``, ``step()``.
# - ``16 * 6 * 6``: 16 channels of 6 x 6 pixels, what is left of 32 x 32 after two 3 x 3
#   convolutions and two poolings. LeNet-5's 5 x 5 kernels leave ``16 * 5 * 5``; a dummy
#   forward pass gives such numbers without arithmetic.
# - ``fit`` is the six-step loop over mini-batches plus a validation pass each epoch; its
#   training loss is an average over the epoch, on shifted images here. Choices are made on the
#   validation set; the test set is measured once: LeNet reaches about 99%, give or take a
#   point (one seed, 360 images), on par with a tuned SVM.
# - ``torch.save(net.state_dict(), path)`` saves the weights;
#   ``load_state_dict(torch.load(path, weights_only=True))`` loads them back. Load only files
#   you trust, with an up-to-date PyTorch.
#
# What to read next
# -----------------
#
# :doc:`plot_convnet` builds another convolutional network as its code runs, with the graph
# holding what backward needs, compares one training change at a time over several seeds, and
# looks at the filters it learns; :doc:`plot_hooks` looks inside a network while it runs.

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

# sphinx_gallery_thumbnail_number = 4

# %%
# **1. The flattened size (warm-up).** LeNet here uses two 3x3 convolutions, each followed by 2x2
# max pooling. How many numbers would reach ``fc1`` for one 28 x 28 image (MNIST's size) instead of
# 32 x 32?
#
# *Hint:* follow the height: a 3x3 convolution takes 2 pixels off, a pooling halves it.
answer = ...  # your answer here
exercises.check("lenet-flatten", answer)

# %%
# **Solution**

answer = 16 * 5 * 5  # 28 -conv-> 26 -pool-> 13 -conv-> 11 -pool-> 5
exercises.check("lenet-flatten", answer)

# %%
# **2. LeNet for 28 x 28 images.** Write ``LeNet28``, LeNet changed so that it takes 1 x 28 x 28
# images directly and gives 10 logits per image.
#
# *Hint:* only one layer's size changes.
LeNet28 = ...  # your answer here
exercises.check("lenet-28x28", LeNet28)

# %%
# **Solution**


class LeNet28(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 3)
        self.conv2 = nn.Conv2d(6, 16, 3)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


exercises.check("lenet-28x28", LeNet28)

# %%
# **3. Count before you print.** Work out by hand how many parameters your ``LeNet28`` of
# exercise 2 has, every weight and every bias, then check your number (and only then print it).
#
# *Hint:* a ``Conv2d(c_in, c_out, k)`` has ``c_out * c_in * k * k`` weights and ``c_out`` biases; a
# ``Linear(n_in, n_out)`` has ``n_out * n_in`` and ``n_out``.
answer = ...  # your answer here
exercises.check("lenet-parameters", answer)

# %%
# **Solution**

conv = (6 * 1 * 3 * 3 + 6) + (16 * 6 * 3 * 3 + 16)
linear = (120 * 400 + 120) + (84 * 120 + 84) + (10 * 84 + 10)
answer = conv + linear
exercises.check("lenet-parameters", answer)
print(answer, sum(p.numel() for p in LeNet28().parameters()))
