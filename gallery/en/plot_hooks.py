"""
Hooks: looking inside a network while it runs
=============================================

After ``backward()`` every weight holds its gradient, but the values that flow *between* the
layers are out of reach: the output of ``conv2``, or the gradient arriving at it, is not kept. Hooks
are functions you attach to a module that PyTorch calls during the forward or the backward pass,
with those values in hand. They let you print, record or change them without editing the
network's code. This lesson attaches hooks by hand, then uses them to see how gradients behave
during training, which units die and how far each update moves the weights, what a trained
network makes of a digit and which of its pixels the answer is sensitive to, and ends with the
tool that finds where a NaN comes from.

**What you will learn**

- how to register a forward hook and a forward pre-hook, and what they receive;
- how to remove a hook with the handle that registering it returned;
- how to register a backward hook with ``register_full_backward_hook``, how it can replace the
  gradient that flows on, what it forbids (in-place changes), and why the older
  ``register_backward_hook`` was deprecated;
- how ``Tensor.register_hook`` (a hook on one tensor's gradient) differs from a module hook;
- how to record feature maps and per-layer gradient norms with hooks, and how to read them:
  what the batch size does to a gradient norm, and why layers of different sizes cannot be
  compared value by value;
- how to watch two health checks of training: the share of ReLU outputs that are zero (and the
  units that are dead), recorded with forward hooks, and the size of each update relative to its
  weight, recorded with the optimizer's own step hooks;
- how to compute a saliency map, the gradient of the predicted logit with respect to the input
  pixels, and what it does and does not tell;
- how ``torch.autograd.set_detect_anomaly`` names the operation whose backward made a NaN.
"""

# %%
# The network and one input
# -------------------------
#
# We use :class:`nn_tutorial.models.MNISTConvNet` from :doc:`plot_convnet`, untrained for now,
# with one random 28 x 28 image and a made-up target class.
import math
import warnings

import matplotlib.pyplot as plt
import torch
from torch import nn

import nn_tutorial
from nn_tutorial import data, hooks, models, plotting, pretrained, set_language, training

set_language("en")  # what the package prints and draws follows the page's language

torch.manual_seed(0)

net = models.MNISTConvNet()
image = torch.randn(1, 1, 28, 28)
target = torch.tensor([3])
loss_fn = nn.CrossEntropyLoss()

# %%
# A forward hook
# --------------
#
# A forward hook is called right after a module's ``forward`` returns, as
# ``hook(module, inputs, output)``. ``inputs`` is a tuple holding the positional arguments the
# module received (a module may take several); ``output`` is what it returned. Here is one that
# describes what passes through ``conv2``:


def print_forward(module, inputs, output):
    print(f"forward through {type(module).__name__}")
    print("  inputs:   ", type(inputs))
    print("  inputs[0]:", type(inputs[0]))
    print("  output:   ", type(output))
    print("  input size: ", inputs[0].size())
    print("  output size:", output.size())
    print(f"  output norm: {output.norm().item():.4f}")


forward_handle = net.conv2.register_forward_hook(print_forward)
out = net(image)

# %%
# ``conv2`` received 10 channels of 12 x 12 (conv1's output after pooling) and produced 20
# channels of 8 x 8. A forward hook may also *change* the output: if it returns a tensor, that
# tensor replaces the output for the rest of the forward pass.
#
# Removing hooks
# --------------
#
# Hooks stay until they are removed: every later ``net(image)`` would print this block again.
# Each ``register_*`` call returns a handle, and ``handle.remove()`` takes its hook off. After
# that, a forward pass prints nothing but our own line.
forward_handle.remove()
net(image)
print("forward done, no hook called")

# %%
# Keep the handle of every hook you register. A forgotten hook keeps printing, or keeps storing
# tensors and memory, for as long as the model lives. The examples below remove each hook as soon
# as they are done with it.
#
# A forward pre-hook
# ------------------
#
# A forward pre-hook is called just *before* a module's ``forward``, as ``hook(module, inputs)``;
# if it returns a tuple, that tuple replaces the inputs. It shows what a module is about to
# receive: here, what reaches ``fc1``.


def print_inputs(module, inputs):
    print(f"{type(module).__name__} is about to receive {list(inputs[0].shape)}")


pre_handle = net.fc1.register_forward_pre_hook(print_inputs)
net(image)
pre_handle.remove()

# %%
# ``fc1`` receives ``conv2``'s 20 channels of 4 x 4, pooled and flattened: 320 numbers per image.
# :func:`nn_tutorial.hooks.shape_trace` lists such shapes for a whole network with a pre-hook
# and a forward hook on every layer.
#
# A backward hook
# ---------------
#
# A full backward hook is called once the gradients with respect to a module's inputs have been
# computed, as ``hook(module, grad_input, grad_output)``. ``grad_output`` holds the gradient of
# the loss with respect to the module's output, ``grad_input`` the gradient with respect to its
# input. Both are tuples, with one entry per tensor.


def print_backward(module, grad_input, grad_output):
    print(f"backward through {type(module).__name__}")
    print("  grad_input:    ", type(grad_input))
    print("  grad_input[0]: ", type(grad_input[0]))
    print("  grad_output:   ", type(grad_output))
    print("  grad_output[0]:", type(grad_output[0]))
    print("  grad_input size: ", grad_input[0].size())
    print("  grad_output size:", grad_output[0].size())
    print(f"  grad_input norm: {grad_input[0].norm().item():.4f}")


backward_handle = net.conv2.register_full_backward_hook(print_backward)
out = net(image)
loss = loss_fn(out, target)
loss.backward()
backward_handle.remove()

# %%
# The hook ran during ``loss.backward()``. The sizes mirror the forward pass: the gradient with
# respect to the output has the output's size, 1 x 20 x 8 x 8, and the one with respect to the
# input has the input's size, 1 x 10 x 12 x 12. The gradients of ``conv2``'s *weights* are not in
# ``grad_input``: they go to ``net.conv2.weight.grad`` as usual.
#
# .. note::
#
#    Older code uses ``register_backward_hook``, which is deprecated. It attached the hook to the
#    *last operation* the module performed, and reported that operation's inputs and outputs.
#    For a module made of several operations (a block with a convolution, an addition and a
#    ReLU), ``grad_input`` described only the last one, not the module's real input. Even for a
#    single convolution it returned three gradients (input, weight and bias) where the module has
#    one input. ``register_full_backward_hook`` sees the gradients with respect to the module's
#    true inputs and outputs, whatever the module does inside.
#
# A backward hook that changes the gradient
# -----------------------------------------
#
# If a full backward hook returns a tuple, that tuple replaces ``grad_input``: the layers before
# the module receive it instead of the real gradient. A hook on ``conv2`` that returns zeros cuts
# the gradient off there.


def cut_gradient(module, grad_input, grad_output):
    return (torch.zeros_like(grad_input[0]),)  # one entry per input, like grad_input


cut_handle = net.conv2.register_full_backward_hook(cut_gradient)
net.zero_grad()
loss_fn(net(image), target).backward()
cut_handle.remove()
print(f"conv2 weight gradient norm: {net.conv2.weight.grad.norm().item():.4f}")
print(f"conv1 weight gradient norm: {net.conv1.weight.grad.norm().item():.4f}")

# %%
# ``conv2``'s own weights still get their gradient, which is computed from ``grad_output``;
# ``conv1`` gets zeros. A hook that scales or clips ``grad_input`` instead changes the gradient
# at a layer boundary in the same way.
#
# No in-place changes under a backward hook
# -----------------------------------------
#
# A full backward hook wraps the module's inputs and outputs in an autograd function of its own,
# and PyTorch forbids modifying those tensors in place. The usual way to run into this is an
# ``nn.ReLU(inplace=True)`` right after the hooked layer, as in torchvision's ResNet and VGG: the
# forward pass itself fails.
block = nn.Sequential(nn.Conv2d(1, 4, 5), nn.ReLU(inplace=True))
block_handle = block[0].register_full_backward_hook(print_backward)
try:
    block(image)
except RuntimeError as error:
    print("RuntimeError:", str(error).split(". ")[0])
block_handle.remove()

# %%
# The cure is an out-of-place ReLU (``nn.ReLU()``) after the layer, or a hook on a module whose
# output nothing modifies in place. Forward hooks have no such restriction.
#
# When the input needs no gradient
# --------------------------------
#
# ``conv2``'s input comes from ``conv1``, whose weights require gradients, so a gradient flows
# into it. ``conv1``'s input is the image itself, which does not require one. Its hook still runs,
# but ``grad_input`` holds ``None``, and PyTorch warns that only output gradients are available.
# We catch the warning to show it.
received = []
first_handle = net.conv1.register_full_backward_hook(
    lambda module, grad_input, grad_output: received.append(grad_input)
)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    loss_fn(net(image), target).backward()
first_handle.remove()
print("conv1 grad_input:", received[0])
print("warning:", str(caught[0].message).split(" See ")[0])

# %%
# The gradient with respect to ``conv1``'s output was computed as usual (it is what ``conv1``'s
# weights need), but there is nothing to report for its input.
#
# A hook on one tensor
# --------------------
#
# Module hooks belong to a module and run at every call of it. A tensor hook belongs to one
# tensor: ``tensor.register_hook(hook)`` calls ``hook(grad)`` once the gradient of the loss
# with respect to that tensor is computed. It sees only that gradient, not a module's inputs and
# outputs, and if it returns a tensor, that tensor replaces the gradient for the rest of the
# backward pass. Here it watches the network's output, the 10 logits, whose gradient under
# cross-entropy is known in closed form: the softmax of the logits minus the one-hot target,
# divided by the batch size (here 1).
out = net(image)
out.register_hook(lambda grad: print("gradient at the logits:", grad.squeeze().numpy().round(3)))
loss_fn(out, target).backward()
expected = torch.softmax(out, dim=1) - nn.functional.one_hot(target, 10)
print("softmax - one-hot:      ", expected.detach().squeeze().numpy().round(3))

# %%
# The two rows agree. ``out`` is an intermediate tensor of this one forward pass, so its hook
# goes with the graph: the next ``net(image)`` makes a new ``out`` with no hook. A hook on a
# parameter (``net.fc2.weight.register_hook(...)``) stays instead, and runs at every backward
# pass until ``handle.remove()``, like a module hook.
#
# What hooks are for
# ------------------
#
# Two tools in :mod:`nn_tutorial.hooks` are built from hooks. Both are context managers that
# remove their hooks when the ``with`` block ends.
#
# - :func:`nn_tutorial.hooks.record_grad_norms` stores, at every backward pass, the norm of the
#   gradient with respect to each named layer's output.
# - :func:`nn_tutorial.hooks.record_activations` stores each named layer's latest output.
#
# ``record_grad_norms`` registers a full backward hook on each layer and keeps the norm of
# ``grad_output[0]``. On the first layer that hook warns, as we saw, that no input needs a
# gradient; the helper silences that one warning, because the output's gradient is all it keeps.
#
# First, gradient norms while a fresh network takes its first steps on the real digits (28 x 28,
# enlarged from scikit-learn's 8 x 8 digits). The hooks stay on for the whole of
# :func:`nn_tutorial.training.fit`: one norm per layer per training step. Three epochs are enough
# to see the start of training, which is where the gradients change most. The test set is not
# used in this lesson: it is kept for a final evaluation.
device = nn_tutorial.device()  # an accelerator (CUDA, MPS, XPU) when there is one, else the CPU
train_set, val_set, _ = data.load_digits(image_size=28)

torch.manual_seed(0)
net = models.MNISTConvNet()
optimizer = torch.optim.Adam(net.parameters(), lr=2e-3)
layers = ["conv1", "conv2", "fc1", "fc2"]
batch_size = 64
with hooks.record_grad_norms(net, layers) as grad_norms:
    history = training.fit(
        net,
        train_set,
        val_set,
        epochs=3,
        optimizer=optimizer,
        loss_fn=loss_fn,
        batch_size=batch_size,
        device=device,
    )
print(f"{len(grad_norms['fc2'])} steps recorded per layer")

# %%
# Each line is one layer, each point one step, on a log scale.
fig = plotting.plot_grad_norms(
    grad_norms,
    title="Gradient norm at each layer's output",
    xlabel="training step",
    ylabel="gradient norm",
)

# %%
# The gradient starts at the loss and travels backwards: ``fc2`` receives it first, ``conv1``
# last. At the first steps it shrinks on the way, more than tenfold between ``fc2`` and
# ``conv1``: the untrained layers pass little of it back. Within twenty steps the layers adapt
# and the four curves come within a factor of two or three of each other; from then on they
# move together and fall slowly as the loss falls (a batch the network already classifies well
# has little left to correct).
#
# The peaks at steps 20, 40 and 60 fall on the last batch of each epoch, which is smaller than
# the others:
batch_sizes = [len(batch) for batch in torch.arange(len(train_set)).split(batch_size)]
full, last = len(batch_sizes) - 1, batch_sizes[-1]
print(f"{len(train_set)} training digits = {full} x {batch_size} + {last}")

# %%
# A small batch does not only give a noisier gradient norm: it gives a *larger* one, by a known
# factor. ``CrossEntropyLoss`` averages over the batch (``reduction='mean'``): the loss is the sum
# of the digits' own losses divided by the batch size :math:`B`, so each digit's part of a
# layer's output gradient is that digit's own gradient divided by :math:`B`. The norm of the
# whole output gradient is the square root of the sum of the :math:`B` parts' squares,
# :math:`\sqrt{B g^2} / B = g / \sqrt{B}`, where :math:`g` is the root mean square of the
# digits' own gradient norms. A batch of 5 therefore has :math:`\sqrt{64 / 5}` times the norm a
# batch of 64 would have with digits like it. We compare each last batch with the five batches
# before it: the norms drift within an epoch, so the batches nearby are the fair comparison.
per_epoch = {
    name: torch.tensor(values).reshape(-1, len(batch_sizes))  # one row per epoch
    for name, values in grad_norms.items()
}
print(f"sqrt({batch_size} / {last}) = {math.sqrt(batch_size / last):.2f}")
print("last batch / mean of the 5 before it, epochs 1, 2, 3:")
for name, norms in per_epoch.items():
    ratios = norms[:, -1] / norms[:, -6:-1].mean(dim=1)
    print(f"  {name:<5}", "  ".join(f"{ratio:.2f}" for ratio in ratios.tolist()))

# %%
# In the first epoch the four ratios lie between 3.6 and 4.2, close to 3.58. Later they stray
# further: by then the network classifies most digits well and their own gradients are small, while
# the few it gets wrong keep large ones, so the root mean square over five digits depends on which
# five they are (five digits all classified well would even make a dip). Multiplying each norm by
# :math:`\sqrt{B}` puts every batch on the scale of one digit, :math:`g`:
sqrt_batch = torch.tensor(batch_sizes).sqrt()
per_digit = {name: (norms * sqrt_batch).flatten().tolist() for name, norms in per_epoch.items()}
fig = plotting.plot_grad_norms(
    per_digit,
    title="The same norms, times the square root of the batch size",
    xlabel="training step",
    ylabel="gradient norm × √B",
)

# %%
# The peaks at steps 20 and 40 are gone, and the last batch of the third epoch is no higher than
# other batches of that epoch. So a gradient norm depends on the batch size, and norms can only
# be compared between runs with the same batch size. A ``DataLoader`` with ``drop_last=True``
# skips the short last batch, and its peak with it.
#
# The curves of different layers need care too. A norm adds up the squares of all the values of
# a tensor, and the four outputs have very different sizes:
with hooks.record_activations(net, layers) as outputs, torch.no_grad():
    net(image.to(device))
for name, output in outputs.items():
    print(f"{name:<5} {output.numel():>5} values per image")
ratio = outputs["conv1"].numel() / outputs["fc2"].numel()
print(f"conv1 / fc2: {ratio:.0f} times as many values, square root {math.sqrt(ratio):.0f}")

# %%
# If its values received gradients as large as ``fc2``'s, ``conv1``'s norm would be 24 times
# ``fc2``'s. The plot compares layers as a whole, not value by value: two curves at the same height
# would mean that each of ``conv1``'s values receives a gradient 24 times smaller than each of
# ``fc2``'s. To compare per value, divide each norm by the square root of the number of values (that
# gives the root mean square). In a network this shallow the gradient neither vanishes nor explodes
# on its way back; in a deep network this is the plot that shows whether the early layers receive
# anything at all.
#
# Dead units and the size of each update
# --------------------------------------
#
# Karpathy's makemore lessons watch two more statistics while a network trains; both come from
# hooks. The first is the share of a layer's outputs that the ReLU after it sets to zero. Where
# a ReLU outputs zero it also passes no gradient back, so a unit (a neuron of ``fc1``, a channel
# of ``conv2``) that is zero for *every* input is dead: nothing reaches its weights, and it stops
# learning. :func:`nn_tutorial.hooks.record_zero_shares` records the share at every training
# step with a forward hook on each layer (``MNISTConvNet`` applies ``F.relu`` after ``conv1``,
# ``conv2`` and ``fc1``, so the hook counts the outputs that are :math:`\le 0`).
#
# The second is the size of each update relative to the weight it changes,
# :math:`\lVert w_\text{after} - w_\text{before} \rVert / \lVert w_\text{before} \rVert`.
# Makemore's rule of thumb puts a healthy value near :math:`10^{-3}`: far below, the layer hardly
# learns; far above, each step rewrites a large part of the weights.
# :func:`nn_tutorial.hooks.record_update_ratios` records it with the optimizer's own hooks:
# ``optimizer.register_step_pre_hook`` copies the weights before each ``step()`` and
# ``register_step_post_hook`` compares after it. We train the same network for three epochs at
# three learning rates, the 2e-3 above, ten times less and ten times more, and afterwards count
# the units that are zero for all 216 validation digits.
relu_layers = ["conv1", "conv2", "fc1"]  # each is followed by a ReLU in forward
val_images = val_set.tensors[0].to(device)


def dead_units(output):
    """Which units are <= 0 for every image: a neuron of a linear layer, or a channel of a
    convolution at every position."""
    negative = (output <= 0).reshape(*output.shape[:2], -1)  # images x units x positions
    return negative.all(dim=2).all(dim=0)


torch.manual_seed(0)
untrained = models.MNISTConvNet().to(device)  # the weights every run below starts from
with hooks.record_activations(untrained, relu_layers) as outputs, torch.no_grad():
    untrained(val_images)
dead_at_start = [f"{name} {dead_units(outputs[name]).sum().item()}" for name in relu_layers]
print("dead units before training:", ", ".join(dead_at_start))

zero_shares, update_ratios = {}, {}
for lr in (2e-4, 2e-3, 2e-2):
    torch.manual_seed(0)
    net = models.MNISTConvNet()
    optimizer = torch.optim.Adam(net.parameters(), lr=lr)
    with (
        hooks.record_zero_shares(net, relu_layers) as zeros,
        hooks.record_update_ratios(net, optimizer, layers) as ratios,
    ):
        history = training.fit(
            net,
            train_set,
            val_set,
            epochs=3,
            optimizer=optimizer,
            loss_fn=loss_fn,
            batch_size=batch_size,
            device=device,
            log=None,
        )
    with hooks.record_activations(net, relu_layers) as outputs, torch.no_grad():
        net(val_images)
    run = f"lr = {lr:g}"
    zero_shares[run], update_ratios[run] = zeros, ratios
    print(f"{run}: validation accuracy {history.val_accuracy[-1]:.1%}")
    print("  layer  zeros, epoch 3  dead units  ratio, steps 1-20 (largest)  ratio, epoch 3")
    for name in layers:
        first, last = max(ratios[name][:20]), torch.tensor(ratios[name][-20:]).median().item()
        share, dead = "-", "-"  # fc2 has no ReLU after it
        if name in zeros:
            units = dead_units(outputs[name])
            share = f"{sum(zeros[name][-20:]) / 20:.0%}"  # an epoch is 20 steps
            dead = f"{units.sum().item()} / {units.numel()}"
        print(f"  {name:<5}  {share:>14}  {dead:>10}  {first:>27.1e}  {last:>13.1e}")

# %%
# The columns are the three runs; the top row is the share of zeros, the bottom row the update
# ratio on a log scale, with the dashed line at :math:`10^{-3}`.
fig = plotting.plot_layer_stats(
    zero_shares, update_ratios, title="Inside three training runs", xlabel="training step"
)

# %%
# At 2e-2 the first updates change ``conv2``'s and ``fc1``'s weights by more than half their
# size, and within ten steps ``conv2``'s outputs are about 90% zeros: at the end 13 of its 20
# channels and 16 of ``fc1``'s 50 neurons are dead on the whole validation set. At 2e-3 no
# channel of ``conv1`` or ``conv2`` died. ``fc1`` loses a few neurons in every run: 3 were dead
# from the start (negative for every digit with the initial weights), and the two slower runs
# end with 6 and 8. Over seeds 0, 1 and 2 (run while writing this lesson, not here) the pattern
# holds: 13 or 14 dead channels of ``conv2`` at 2e-2, at most 3 at 2e-3. The accuracy alone would
# not show it: after three epochs the 2e-2 run is about as accurate as the 2e-3 one (91.7%
# against 94.0% here; with seed 1 it is the better one). A network this small still has units to
# spare.
#
# The update ratio follows the learning rate, because Adam moves each weight by about ``lr`` at
# every step, whatever the size of its gradient (at the very first step by exactly ``lr``, which
# is why the largest ratio of the first 20 steps is ten times larger from one run to the next).
# So the ratio is roughly ``lr`` divided by the typical size of a weight. In the last epoch the
# three runs sit between :math:`2 \cdot 10^{-3}` and :math:`5 \cdot 10^{-3}`, between
# :math:`3 \cdot 10^{-3}` and :math:`10^{-2}`, and near :math:`1.5 \cdot 10^{-2}`: all above the
# rule of thumb, even 2e-4, which learns too slowly (55.1% after three epochs).
# The rule of thumb is a place to start looking, not a law; what the plot flags here is the
# first steps of the 2e-2 run, the ones that killed the channels.
#
# Feature maps
# ------------
#
# Now what a trained network sees. Three epochs are not a finished training, and training is not
# this lesson's subject: :func:`nn_tutorial.pretrained.convnet` returns the same network trained
# for 8 epochs with Adam (``nn_tutorial.pretrained.RECIPE``). The first call trains it and saves its
# ``state_dict`` in a cache folder; later calls, and later builds of this page, load it.
net = pretrained.convnet().to(device)
_, val_accuracy = training.evaluate(net, val_set, loss_fn, device=device)
print(f"trained network: validation accuracy {val_accuracy:.1%}")

# %%
# We take one validation digit and let it through the network with
# :func:`nn_tutorial.hooks.record_activations` watching ``conv1`` and ``conv2``.
digit, label = val_set[129]  # a 4: strokes in three directions
batch = digit.unsqueeze(0).to(device)  # a batch of one
with hooks.record_activations(net, ["conv1", "conv2"]) as activations, torch.no_grad():
    prediction = net(batch).argmax(dim=1).item()
for name, maps in activations.items():
    print(f"{name}: {list(maps.shape)}")

# %%
# The digit, as the network receives it:
fig, ax = plt.subplots(figsize=(2.6, 2.8), layout="constrained")
ax.imshow(digit[0].numpy(), cmap="gray_r")
ax.set_title(f"label {label.item()}, predicted {prediction}")
ax.set_axis_off()

# %%
# ``conv1`` produced ten maps of 24 x 24, one per filter. These are the outputs of the
# convolution, before the ReLU that follows it in ``forward``. All the maps share one colour
# scale, shown on the right, so colours can be compared from map to map: red is positive (what
# the ReLU lets through), blue negative (what it sets to zero). Map 2 is positive along the
# strokes; maps 1, 4 and 6 do the opposite, negative on the strokes and positive on the
# background; maps 7 and 9 are strongest along the lower edge of the horizontal stroke (an edge
# in one direction); the others respond weakly to this digit.
fig = plotting.plot_feature_maps(activations["conv1"], title="conv1 feature maps", ncols=10)

# %%
# ``conv2`` combines those ten maps into twenty of 8 x 8, again on one shared scale. They are
# coarser and harder to name: each responds to a combination of strokes in one region of the
# digit. Some, such as 10, 11 and 16, respond strongly in the lower left, where the diagonal
# stroke meets the horizontal one; others, such as 14 and 17, stay pale: what they look for is
# not in this digit. This is the kind of evidence the fully connected layers turn into a class.
fig = plotting.plot_feature_maps(
    activations["conv2"], title="conv2 feature maps", max_maps=20, ncols=10
)

# %%
# Saliency: which pixels the answer is sensitive to
# -------------------------------------------------
#
# Feature maps show what the layers compute, not which pixels the answer depends on. A saliency
# map (Simonyan, Vedaldi and Zisserman, 2013) is a first answer: the gradient of the predicted
# class's logit with respect to the input pixels. It is the gradient of the logit, not of the
# loss: it needs no label, and it describes the prediction, right or wrong. The image is a leaf
# like any other, so autograd computes its gradient once the image requires one:
image = batch.clone().requires_grad_()  # the 4 from above, a batch of one
logits = net(image)
predicted = logits.argmax(dim=1).item()
logits[0, predicted].backward()
saliency_map = image.grad.abs()  # one value per pixel: how fast the logit moves with it
net.zero_grad()  # backward() also filled the weights' .grad, which nothing here needs
print(f"predicted {predicted}, saliency map shaped {list(saliency_map.shape)}")
print(f"largest {saliency_map.max().item():.3f}, median {saliency_map.median().item():.4f}")

# %%
# What the map means can be checked: if it is right, nudging the pixels with the largest values
# in the direction of their gradient should move the logit more than nudging as many pixels
# taken at random. We change 30 pixels (of 784) by 0.3 each, about a tenth of the range of the
# pixel values.
sign = image.grad.sign().flatten()


def nudged_change(pixels):
    """How much the predicted logit moves when ``pixels`` change by 0.3 along their gradient."""
    nudged = batch.flatten().clone()
    nudged[pixels] += 0.3 * sign[pixels]
    with torch.no_grad():
        return (net(nudged.view_as(batch))[0, predicted] - logits[0, predicted]).item()


most_salient = saliency_map.flatten().topk(30).indices
at_random = torch.randperm(28 * 28, generator=torch.Generator().manual_seed(0))[:30]
print(f"predicted logit: {logits[0, predicted].item():.2f}")
print(f"change, 30 most salient pixels: {nudged_change(most_salient):+.2f}")
print(f"change, 30 random pixels:       {nudged_change(at_random):+.2f}")

# %%
# The map is right about that: the salient pixels move the logit about three times as much as
# random ones. Now for a few more validation digits, one of them misread. Each image's logits
# depend on that image alone, so the gradient of the sum of the predicted logits gives every
# image of a batch its own map in one backward pass.
picks = [129, 2, 0, 1, 34]  # a 4, a 2, a 6, a 9, and a 4 that the network reads as a 9
images = val_set.tensors[0][picks].to(device).requires_grad_()
logits = net(images)
predictions = logits.argmax(dim=1)
logits.gather(1, predictions.unsqueeze(1)).sum().backward()
maps = images.grad.abs()
net.zero_grad()
labels = val_set.tensors[1][picks].tolist()
fig = plotting.plot_saliency(
    images,
    maps,
    [f"label {y}, predicted {p}" for y, p in zip(labels, predictions.tolist(), strict=True)],
    title="Saliency of the predicted logit",
)

# %%
# The bright pixels lie inside the area of the digit, on the strokes and in the gaps between
# them; the blank margins stay dark. The maps are speckled: neighbouring pixels often differ
# several times over, partly because max pooling passes each 2 x 2 window's gradient to one
# position only. The map of the misread 4 is the map of its 9 logit: it shows where a change
# would move the network's score for a 9, not why the network chose 9.
#
# What a saliency map does *not* tell is where the network "looks". It measures sensitivity to a
# change, and a blank pixel, where a stroke could appear, has a gradient too. Here is the share of
# each map that falls on blank pixels (those at the lowest value), next to the share of the image
# they cover:
background = val_set.tensors[0][picks].flatten(1) <= val_set.tensors[0].min() + 1e-6
on_background = (maps.flatten(1).cpu() * background).sum(dim=1) / maps.flatten(1).cpu().sum(dim=1)
blank_share = background.float().mean(dim=1)
print("share of the map on blank pixels:", "  ".join(f"{v:4.0%}" for v in on_background.tolist()))
print("share of blank pixels:           ", "  ".join(f"{v:4.0%}" for v in blank_share.tolist()))

# %%
# A tenth to a fifth of each map lies on blank pixels: less than their share of the image, but far
# from nothing. Nor does a saliency map tell:
#
# - what happens after larger changes. The gradient describes the network near this one image;
#   it is the slope at this point, and says nothing about two pixels that matter only together,
#   or about a change large enough to cross a ReLU's zero.
# - whether ink raises or lowers the logit: ``abs()`` drops the sign. The signed gradient
#   (``image.grad`` itself) keeps it, and is noisier to read.
#
# It is a cheap first look, a starting point for questions, not an explanation of the decision.
#
# Where does the NaN come from?
# -----------------------------
#
# A NaN in a gradient is found late: the weights turn NaN after ``optimizer.step()``, the loss
# a step after that, and nothing says which operation produced it. The usual cause is an
# operation whose derivative is infinite at the point where it runs. Here is one: the distance
# between two points, when the points are the same. :math:`\sqrt{u}` has the derivative
# :math:`1 / (2 \sqrt{u})`, infinite at :math:`u = 0`, and the chain rule multiplies that
# infinity by the derivative of :math:`(a - b)^2`, which is 0 there: :math:`0 \times \infty` is
# NaN.
a = torch.tensor([1.0, 2.0], requires_grad=True)
b = torch.tensor([1.0, 2.0])  # the same point
distance = ((a - b) ** 2).sum().sqrt()
distance.backward()
print(f"distance {distance.item()}, gradient {a.grad.tolist()}")

# %%
# ``torch.autograd.set_detect_anomaly(True)`` turns on autograd's debugger. During the forward
# pass it records where each operation was called; during the backward pass it checks what
# every backward function returns and stops at the first NaN with a ``RuntimeError`` naming that
# function. It also issues a warning holding the traceback of the forward call that created the
# function. The mode slows autograd down: turn it on to find a bug, not to train.
a.grad = None
with warnings.catch_warnings(record=True) as caught, torch.autograd.set_detect_anomaly(True):
    warnings.simplefilter("always")
    distance = ((a - b) ** 2).sum().sqrt()
    try:
        distance.backward()
    except RuntimeError as error:
        print("RuntimeError:", error)
print("warning:", str(caught[0].message).splitlines()[0])

# %%
# ``PowBackward0`` is the backward of ``** 2``: it received the infinite gradient from
# ``SqrtBackward0`` and multiplied it by :math:`2(a - b) = 0`. The warning's traceback, not
# shown here, ends at the line ``distance = ((a - b) ** 2).sum().sqrt()``. The cure is a
# function that is differentiable where it runs, or a definition of the gradient there:
# ``torch.linalg.vector_norm`` defines the gradient of the norm at 0 as 0.
a.grad = None
torch.linalg.vector_norm(a - b).backward()
print(f"gradient of vector_norm at the same point: {a.grad.tolist()}")

# %%
# Summary
# -------
#
# - ``register_forward_hook`` calls ``hook(module, inputs, output)`` after each forward; ``inputs``
#   is a tuple, and a returned tensor replaces the output. ``register_forward_pre_hook`` calls
#   ``hook(module, inputs)`` before it, and a returned tuple replaces the inputs.
# - Registering returns a handle; ``handle.remove()`` takes the hook off. Until then the hook runs
#   at every call.
# - ``register_full_backward_hook`` calls ``hook(module, grad_input, grad_output)`` with the
#   gradients with respect to the module's true inputs and outputs; ``grad_input`` holds ``None``
#   for an input that needs no gradient, and a returned tuple replaces ``grad_input``. The
#   module's inputs and outputs must then not be modified in place (no ``nn.ReLU(inplace=True)``
#   after it). ``register_backward_hook`` is deprecated: it saw only the module's last operation.
# - ``tensor.register_hook(hook)`` calls ``hook(grad)`` with the gradient of that one tensor; on
#   an intermediate tensor it lasts one backward pass, on a parameter until it is removed.
# - With hooks, the values between layers can be recorded: per-layer gradient norms show how the
#   training signal travels back, feature maps show what each layer responds to. With a mean
#   loss a batch's gradient norm scales as :math:`1 / \sqrt{B}`, so compare norms only at the same
#   batch size; and a norm grows with the number of values, so compare layers per value by
#   dividing by its square root.
# - A forward hook can count, at every training step, the outputs a ReLU sets to zero; a unit
#   that is zero for every input is dead and no longer learns. The optimizer's
#   ``register_step_pre_hook`` and ``register_step_post_hook`` give the size of each update
#   relative to its weight; about :math:`10^{-3}` is the usual rule of thumb. Here a learning rate
#   ten times too large showed as first updates of half a weight's size and 13 of ``conv2``'s 20
#   channels dead, while the accuracy still looked fine.
# - A saliency map is the gradient of the predicted logit with respect to the input:
#   ``image.requires_grad_()``, a forward pass, ``backward()`` on ``logits[0, predicted]``, then
#   ``image.grad.abs()``. It tells which pixels the logit is sensitive to near this image, not
#   where the network looks nor why it chose its answer.
# - ``torch.autograd.set_detect_anomaly(True)`` stops the backward pass at the first function
#   that returns NaN, names it, and shows where the forward pass created it.
#
# What to read next
# -----------------
#
# - :doc:`plot_rnn`: a recurrent network that calls one layer at every time step.
# - :doc:`plot_convnet`: the network used here, and how it was trained.

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

# sphinx_gallery_thumbnail_number = 5

# %%
# **1. Dead activations.** Write ``zero_fraction(model, images, name)``: with a forward hook on the
# layer called ``name``, return the fraction of that layer's outputs that are zero after a ReLU,
# for one forward pass of ``images``. Leave no hook behind.
#
# *Hint:* the hook receives ``(module, inputs, output)``; ``register_forward_hook`` returns a
# handle.
zero_fraction = ...  # your answer here
exercises.check("hooks-zero-fraction", zero_fraction)

# %%
# **Solution**


def zero_fraction(model, images, name):
    seen = {}
    layer = getattr(model, name)
    handle = layer.register_forward_hook(lambda module, inputs, output: seen.update(out=output))
    with torch.no_grad():
        model(images)
    handle.remove()
    return (torch.relu(seen["out"]) == 0).float().mean().item()


exercises.check("hooks-zero-fraction", zero_fraction)

# %%
# **2. A saliency map.** Write ``saliency(model, image, label)``: ``image`` is one digit as a
# batch of one (1 x 1 x 28 x 28) and ``label`` its true class. Return
# :math:`|\partial\, \text{logit} / \partial\, \text{image}|` for the class the model
# *predicts*, which is not always the label, shaped like ``image``. Leave the model as it was:
# no hook, and the ``.grad`` of its weights unchanged.
#
# *Hint:* ``backward()`` adds to the ``.grad`` of every weight that took part;
# ``torch.autograd.grad`` returns the gradients you ask for and stores none.
saliency = ...  # your answer here
exercises.check("hooks-saliency", saliency)

# %%
# **Solution**


def saliency(model, image, label):
    image = image.detach().clone().requires_grad_()  # our own leaf: the caller's stays as it was
    logits = model(image)
    predicted = logits.argmax(dim=1).item()  # not the label: the map explains the prediction
    (grad,) = torch.autograd.grad(logits[0, predicted], image)
    return grad.abs()


exercises.check("hooks-saliency", saliency)

# %%
# **3. A hook that changes the gradient.** Write ``attach_clamp(tensor, limit)``: register a hook on
# ``tensor`` (a ``Tensor.register_hook``, not a module hook) so that the gradient it receives is
# clamped to ``[-limit, limit]``.
#
# *Hint:* a tensor hook that returns a tensor replaces the gradient.
attach_clamp = ...  # your answer here
exercises.check("hooks-clamp", attach_clamp)

# %%
# **Solution**


def attach_clamp(tensor, limit):
    return tensor.register_hook(lambda grad: grad.clamp(-limit, limit))


exercises.check("hooks-clamp", attach_clamp)
