"""
Neural networks: LeNet
======================

:doc:`plot_autograd_mlp` trained a network from raw tensors. ``torch.nn`` packages the same
pieces: a ``torch.nn.Module`` holds the weights, its ``forward`` says how an input becomes an
output, and autograd (:doc:`plot_autograd`) supplies the backward pass. This lesson takes one
small convolutional network, LeNet, through every step of training by hand, and works out what
its convolutions do to the shape of an image and what they compute. :doc:`plot_lenet_training`
then trains it on real handwritten digits.

**What you will learn**

- the six steps of training a network;
- how LeNet is defined, what its parameters are and what input it expects, and what really
  goes wrong when one image is given without a batch dimension;
- how a loss is computed, what graph autograd records for it, and how ``backward()`` fills the
  gradients;
- the update rule ``weight = weight - learning_rate * gradient``, by hand and with
  ``torch.optim``;
- the size of a convolution's output for any padding and stride, where ``16 * 6 * 6`` in
  LeNet's first fully connected layer comes from, why the original LeNet-5 has ``16 * 5 * 5``
  there, and how ``nn.LazyLinear`` spares you the arithmetic;
- what a convolution with several input channels computes.
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
import torch
import torch.nn.functional as F
from torch import nn

from nn_tutorial import data, hooks, models, plotting, set_language, training
from nn_tutorial.language import wrap

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
# resizing them works too. The digits that :doc:`plot_lenet_training` trains on are 8 x 8 and
# are resized to 32 x 32.) For now, a random image will do. Calling the module runs ``forward``
# and returns the 10 scores.
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
    print(wrap(f"ValueError: {error}"))  # lines of 80 columns, Hangul counting two

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
# Padding, stride and the size formula
# ------------------------------------
#
# Both rules are cases of one formula. A convolution or a pooling with a k x k window, padding
# p (p pixels of zeros added on every side) and stride s (the window moves s pixels at a time)
# turns n pixels into
#
# .. math::
#
#    \left\lfloor \frac{n + 2p - k}{s} \right\rfloor + 1 .
#
# LeNet's convolutions have :math:`k = 3, p = 0, s = 1`, so :math:`n - 2`; its poolings have
# :math:`k = s = 2`, so :math:`\lfloor n / 2 \rfloor`. ``padding="same"`` chooses
# :math:`p = (k - 1) / 2` for an odd k, so that the output keeps the input's size. The formula
# against the sizes real layers give on a zero image of n x n pixels:
def output_size(n, k, p=0, s=1):
    """How many pixels a window of k, with padding p and stride s, leaves of n."""
    return (n + 2 * p - k) // s + 1


print(" n   k  p  s   formula  PyTorch")
for n, k, p, s, layer in [
    (32, 3, 0, 1, nn.Conv2d(1, 6, 3)),  # LeNet's conv1
    (30, 2, 0, 2, nn.MaxPool2d(2)),  # a pooling: k = s = 2
    (13, 2, 0, 2, nn.MaxPool2d(2)),  # an odd size: the last row and column are dropped
    (28, 5, 2, 1, nn.Conv2d(1, 6, 5, padding=2)),  # a 28 x 28 digit padded as LeNet-5 did
    (32, 3, 1, 2, nn.Conv2d(1, 6, 3, padding=1, stride=2)),  # stride 2 halves the size
    (32, 3, 1, 1, nn.Conv2d(1, 6, 3, padding="same")),  # "same": p = (3 - 1) / 2 = 1
]:
    real = layer(torch.zeros(1, 1, n, n)).shape[-1]
    print(f"{n:>2}  {k:>2} {p:>2} {s:>2}  {output_size(n, k, p, s):>8}  {real:>7}")

# %%
# With a stride, no padding keeps the size, and PyTorch refuses ``"same"``:
try:
    nn.Conv2d(1, 6, 3, padding="same", stride=2)
except ValueError as error:
    print(f"ValueError: {error}")

# %%
# LeNet-5, the 5 x 5 original
# ---------------------------
#
# Figures and tutorials that show ``6@28x28`` and ``16 * 5 * 5`` draw the original LeNet-5
# (LeCun et al., 1998). It used 5 x 5 kernels, which take 4 pixels off (:math:`n \to n - 4`),
# and it had tanh-like activations and trainable average pooling where ours has ReLU and max
# pooling. The formula, for both kernel sizes:
for k in (3, 5):
    sizes = [32]
    for _ in range(2):  # a convolution, then a pooling, twice
        sizes.append(output_size(sizes[-1], k))
        sizes.append(output_size(sizes[-1], 2, s=2))
    flat = 16 * sizes[-1] ** 2
    print(f"{k} x {k}: {' -> '.join(map(str, sizes))} -> 16 * {sizes[-1]} * {sizes[-1]} = {flat}")

# %%
# You need not do this arithmetic by hand. ``nn.LazyLinear(120)`` is a linear layer that does not
# know its input size yet: it reads it from the first batch it sees and then becomes an ordinary
# ``nn.Linear``. So LeNet-5 can be written without 400 anywhere, and one forward pass of a dummy
# image (only its shape matters) shows every shape on the way:
lenet5 = nn.Sequential(
    nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(),
    nn.LazyLinear(120), nn.ReLU(),
    nn.Linear(120, 84), nn.ReLU(),
    nn.Linear(84, 10),
)  # fmt: skip
print("before:", lenet5[7])
x = torch.zeros(1, 1, 32, 32)
for layer in lenet5:
    x = layer(x)
    if not isinstance(layer, nn.ReLU):  # ReLU keeps the shape
        print(f"{type(layer).__name__:<10} {list(x.shape)}")
print("after: ", lenet5[7])

# %%
# Run the dummy forward pass before you create the optimizer: until then the lazy layer has no
# weights to give it. (``nn.AdaptiveAvgPool2d`` is another way out: it pools any image to a fixed
# size, so the first linear layer's size no longer depends on the image's.)
#
# What conv2 computes over 6 channels
# -----------------------------------
#
# ``conv2``'s weight is shaped ``[16, 6, 3, 3]``: 16 output channels, and for each of them a
# 3 x 3 kernel *per input channel*. An output channel is not one filter sliding over one image:
# each of the 6 maps that ``conv1`` and the pooling made is convolved with its own slice of the
# weight, and the 6 results are added, plus one bias. The figure takes one real digit through
# ``conv1`` and the pooling, then draws, for output channel 0 of our (still untrained) LeNet,
# the 6 input maps, the 6 kernel slices, each map convolved with its slice (⋆ in the labels;
# one colour scale for the bottom row) and their sum, ``conv2``'s output map. We check the sum
# first:
train, validation, test = data.load_digits(image_size=32)
digit = train[0][0].unsqueeze(0)  # one digit, as a batch of one: 1 x 1 x 32 x 32
maps = F.max_pool2d(F.relu(net.conv1(digit)), 2)  # conv2's input: 1 x 6 x 15 x 15
weight, bias = net.conv2.weight, net.conv2.bias
parts = [F.conv2d(maps[:, c : c + 1], weight[0:1, c : c + 1]) for c in range(6)]  # 1 x 1 x 13 x 13
summed = sum(parts) + bias[0]
same = torch.allclose(summed, net.conv2(maps)[:, 0:1], atol=1e-6)
print("conv2's input:", list(maps.shape), "| one kernel slice:", list(weight[0, 0].shape))
print("the 6 parts added, plus the bias, are conv2's output channel 0:", same)
fig = plotting.plot_conv_channels(
    net.conv2,
    maps,
    out_channel=0,
    title="conv2, output channel 0: one map from 6",
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
# - A window of k pixels with padding p and stride s leaves
#   :math:`\lfloor (n + 2p - k) / s \rfloor + 1` of n; ``padding="same"`` keeps n (stride 1
#   only). ``16 * 6 * 6``: 16 channels of 6 x 6 pixels, what is left of 32 x 32 after two 3 x 3
#   convolutions and two poolings; LeNet-5's 5 x 5 kernels leave ``16 * 5 * 5``. A dummy
#   forward pass, or ``nn.LazyLinear``, gives such numbers without arithmetic.
# - Each output channel of a convolution sums over all its input channels: ``conv2``'s weight
#   holds a 3 x 3 kernel for each of its 16 x 6 pairs of output and input channels.
#
# What to read next
# -----------------
#
# :doc:`plot_lenet_training` trains this LeNet on real handwritten digits: the data, the
# ``DataLoader``, the training loop, the test set and saving the weights.

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
