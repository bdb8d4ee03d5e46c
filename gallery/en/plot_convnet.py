"""
ConvNet: define-by-run networks with ``torch.nn``
=================================================

Many people first picture a neural network as a fixed graph: you declare the layers and how they
connect, and then feed data through it. PyTorch is *define-by-run*: there is no graph until your
code runs, and autograd records a new one on every forward pass, from the operations that
actually ran. This lesson shows what follows from that on a small convolutional network,
``MNISTConvNet``: branches are ordinary arithmetic, the state of a forward pass lives in the
graph and not in the modules, and ``forward`` is plain Python that you can step through with the
ordinary debugger. It shows the containers that hold layers (and the plain list that silently
holds none), trains the network on real handwritten digits, shows what ``train()`` and
``eval()`` change in a network with dropout and batch normalisation, and looks at what the
first layer learned.

**What you will learn**

- what define-by-run means: autograd records ordinary operations as they run, so joining two
  branches is just ``a + b``;
- what a module keeps (parameters and buffers), where the state of one forward pass lives, and
  how to debug a pass with ``pdb``;
- ``nn.Sequential``, ``nn.ModuleList`` and ``nn.ModuleDict``, and why a plain Python list of
  layers trains nothing;
- how to run ``MNISTConvNet``, compute a ``CrossEntropyLoss`` and read the gradients it leaves;
- why the network ends with logits and not with a ReLU;
- how to train it on the digits and see overfitting begin;
- what ``train()`` and ``eval()`` change with ``nn.Dropout`` and ``nn.BatchNorm2d``, and the
  silent bug of forgetting ``eval()``;
- what its first-layer filters look like.
"""

# %%
# The graph is the code
# ---------------------
#
# In a framework with a static graph you first build the network as a graph of nodes, with
# special nodes to join branches, repeat a step or choose between two paths, and run data
# through it later. In PyTorch you write the arithmetic itself: two branches, summed and halved,
# are ``(branch_a(x) + branch_b(x)) * 0.5``. Autograd records each operation as it runs, so the
# backward pass follows whatever you wrote.
import torch
import torch.nn.functional as F
from torch import nn

torch.manual_seed(0)

x = torch.randn(2, 3)
branch_a = nn.Linear(3, 4)
branch_b = nn.Linear(3, 4)
out = (branch_a(x) + branch_b(x)) * 0.5  # two branches, summed, halved: plain arithmetic
print(out.grad_fn.name())  # the last operation recorded
print(out.grad_fn.next_functions[0][0].name())  # the one before it

# %%
# The last operation was a multiplication, and before it an addition: the graph is the code.
#
# **What a module keeps.** A module holds its *parameters*, which the optimizer trains, and its
# *buffers*: tensors that are part of its state but are not trained, such as the running
# statistics of a batch-normalisation layer. It does not keep what a call computed: no input,
# output or gradient of the last pass. What the backward pass needs is saved in the graph
# that autograd records for that pass. ``nn.BatchNorm1d`` has both kinds of state, and one call
# in training mode (the default) changes a buffer:
norm_layer = nn.BatchNorm1d(3)
print("parameters:", [name for name, _ in norm_layer.named_parameters()])
print("buffers:   ", [name for name, _ in norm_layer.named_buffers()])
print("running_mean before:", norm_layer.running_mean)
norm_layer(torch.randn(8, 3) + 5)  # a batch of 8 whose mean is near 5
print("running_mean after: ", norm_layer.running_mean)

# %%
# The running mean moved a tenth of the way (BatchNorm's default ``momentum`` is 0.1) from 0
# towards the batch's mean. After ``norm_layer.eval()`` the layer normalises with these running
# statistics instead of the batch's own, which is why ``eval()`` changes what such a network
# outputs. Parameters and buffers are both saved by ``state_dict()`` and moved by
# ``.to(device)``.
#
# Because a module keeps no per-call values, calling the same layer several times in one pass is
# safe: each call adds its own nodes to the graph. That is how recurrent networks share weights
# (:doc:`plot_rnn` builds one). Containers still exist for *holding* layers (the section
# "Containers" below); how the layers connect is left to ordinary Python in ``forward``.
#
# .. note::
#
#    **Coming from Lua Torch?** There a module stored its last ``output`` and ``gradInput``, so
#    using it twice in one pass meant cloning it and sharing the weights by hand, and joining
#    branches took table modules such as ``nn.ConcatTable`` and ``nn.CAddTable`` (or the nngraph
#    package). In PyTorch ``input1 + input2`` replaces ``nn.CAddTable()`` and ``input * 0.5``
#    replaces ``nn.MulConstant(0.5)``, and the per-call values live in the graph.
#
# **Debugging is plain Python.** ``forward`` runs line by line, so an error's stack trace points
# at the line that failed, not at a later "run the graph" call, and ``pdb`` stops where you ask
# it to. **Any Python can go in forward**: ``if``, ``while``, ``print``, a call to
# ``breakpoint()``. The module below applies the same layer until the output's norm reaches 10,
# so the number of steps depends on the data, and each input gets a graph of its own length.
# ``graph_nodes`` walks that graph back from the output, through each node's
# ``next_functions``, and collects its nodes.


class RepeatUntilLarge(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.layer = nn.Linear(4, 4)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        steps = 0
        while x.norm() < 10 and steps < 20:  # a Python loop that depends on the values
            x = 2 * self.layer(x)
            steps += 1
        # breakpoint()  # uncomment: pdb stops here with x and steps in scope (try `p x.norm()`)
        print(f"input applied the layer {steps} times")
        return x


def graph_nodes(tensor: torch.Tensor) -> set:
    """Every node of the graph that produced ``tensor``, found by walking back from it."""
    nodes, to_visit = set(), [tensor.grad_fn]
    while to_visit:
        node = to_visit.pop()
        if node is not None and node not in nodes:
            nodes.add(node)
            to_visit.extend(parent for parent, _ in node.next_functions)
    return nodes


repeat = RepeatUntilLarge()
direction = torch.randn(1, 4)
for scale in (0.1, 2.0):  # the same direction, a small and a large input
    result = repeat(scale * direction)
    nodes = graph_nodes(result)
    matmuls = sum(node.name() == "AddmmBackward0" for node in nodes)
    # Edges into the weight's AccumulateGrad node (its .variable is the weight): each one
    # sends the weight a gradient during backward().
    into_weight = sum(
        getattr(parent, "variable", None) is repeat.layer.weight
        for node in nodes
        for parent, _ in node.next_functions
    )
    print(f"  graph: {matmuls} AddmmBackward0 nodes, {into_weight} edges into layer.weight")
    result.sum().backward()

# %%
# A small input needs more steps than a large one, and each pass recorded a graph as long as
# the loop it ran: one ``AddmmBackward0`` node (the layer's matrix product plus bias) per step,
# and from each step one edge into ``layer.weight``. ``backward()`` follows every one of those
# edges, so the weight's gradient sums a contribution from every step the loop took. No
# description of the loop was needed beforehand. (The two backward calls added their gradients
# together in ``.grad``.)
#
# Containers, and the list that registers nothing
# -----------------------------------------------
#
# Assigning a module (or an ``nn.Parameter``) to an attribute of a module *registers* it:
# ``parameters()``, ``state_dict()``, ``.to(device)`` and ``train()``/``eval()`` all reach it.
# Three containers register the layers they hold: ``nn.Sequential`` also runs them in order,
# ``nn.ModuleList`` holds a list that ``forward`` loops over, ``nn.ModuleDict`` holds layers by
# name. A plain Python list is none of these, and the layers in it are invisible to the module:


class Stack(nn.Module):
    """Linear layers applied in turn, held in a container or in a plain Python list."""

    def __init__(self, registered: bool) -> None:
        super().__init__()
        layers = [nn.Linear(4, 8), nn.Linear(8, 8), nn.Linear(8, 2)]
        self.layers = nn.ModuleList(layers) if registered else layers  # the only difference

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for layer in self.layers:
            x = layer(x)
        return x


in_a_list, in_a_module_list = Stack(registered=False), Stack(registered=True)
print("parameters in a plain list: ", len(list(in_a_list.parameters())))
print("parameters in an nn.ModuleList:", len(list(in_a_module_list.parameters())))
print("its state_dict:", list(in_a_module_list.state_dict()))
try:
    torch.optim.SGD(in_a_list.parameters(), lr=0.1)
except ValueError as error:
    print("optimizer on the plain list:", error)

# %%
# The plain list gives the module no parameters: the optimizer refuses an empty list, and
# ``state_dict()`` would save nothing. That is the lucky case. Give the module one registered
# layer, a head after the list, and the optimizer takes its parameters without a word. One
# training step then shows what happens to the layers in the list:
in_a_list.head = nn.Linear(2, 2)  # one registered layer, after the ones in the list
optimizer = torch.optim.SGD(in_a_list.parameters(), lr=0.1)  # no error now
first_weight = in_a_list.layers[0].weight.detach().clone()
loss = in_a_list.head(in_a_list(torch.randn(16, 4))).pow(2).mean()
loss.backward()
optimizer.step()
print("parameters the optimizer got:", len(list(in_a_list.parameters())))
print("the list's first layer has a gradient:", in_a_list.layers[0].weight.grad is not None)
print("and the step changed it:", not torch.equal(first_weight, in_a_list.layers[0].weight))

# %%
# Autograd computed the gradient of the list's layers (they are tensors that require it), but
# the optimizer never heard of them: it trains the head alone, and the layers in the list keep
# their initial weights, silently. ``nn.Sequential`` holds the same layers and runs them too;
# ``nn.ModuleDict`` holds them by name, for a ``forward`` that picks one:
print(nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2)))
heads = nn.ModuleDict({"digit": nn.Linear(8, 10), "odd_or_even": nn.Linear(8, 2)})
print("ModuleDict parameters:", [name for name, _ in heads.named_parameters()])

# %%
# Inside a container, a layer's name is its place: ``0.weight`` is the weight of the
# Sequential's first layer, ``digit.weight`` that of the head named ``digit``. Hooks and
# ``state_dict()`` use these names (:doc:`plot_hooks`).
#
# The network
# -----------
#
# Every network derives from ``torch.nn.Module``: the constructor creates the layers, and
# ``forward`` says how an input flows through them. Here is
# :class:`nn_tutorial.models.MNISTConvNet`, written for 28 x 28 images like those of MNIST:
#
# .. literalinclude:: ../../../src/nn_tutorial/models.py
#    :pyobject: MNISTConvNet
#
# ``check_images`` only checks the input's shape, so that a wrong one gets a clear message.
import nn_tutorial
from nn_tutorial import data, models, plotting, set_language, training

set_language("en")  # what the package prints and draws follows the page's language

torch.manual_seed(0)  # the initial weights
net = models.MNISTConvNet()
print(net)

# %%
# Models are written for mini-batches: a 4-D tensor shaped
# ``samples x channels x height x width``. ``nn.Conv2d`` and ``nn.MaxPool2d`` would also take
# one unbatched ``1 x 28 x 28`` image, but the ``torch.flatten(x, 1)`` before ``fc1`` treats
# dimension 0 as the batch and would turn the 20 channels into 20 rows, which ``fc1`` cannot
# take (:doc:`plot_lenet` shows the error). ``check_images`` therefore refuses one unbatched
# image and says so. One greyscale image goes in as a batch of one, 1 x 1 x 28 x 28
# (``image.unsqueeze(0)`` adds the batch dimension to a single image).
image = torch.randn(1, 1, 28, 28)
out = net(image)
print(out.size())

# %%
# Ten numbers per image: one score per digit class.
#
# A loss and its gradients
# ------------------------
#
# ``nn.CrossEntropyLoss`` takes those scores and the index of the right class. We pretend the
# image is a 3. The target is a tensor of class indices, one per image of the batch.
target = torch.tensor([3])
loss_fn = nn.CrossEntropyLoss()
loss = loss_fn(out, target)
print(f"loss: {loss.item():.4f}")

# %%
# An untrained network gives each class about the same probability, 1/10, so the loss is close
# to :math:`-\log(1/10) \approx 2.30`. One call to ``backward()`` sends the gradient of the loss
# to every weight of the network; each parameter keeps its own in ``.grad``, with the
# parameter's shape.
loss.backward()
print(net.conv1.weight.grad.size())

# %%
# Ten filters, one input channel, 5 x 5 pixels each. Norms summarise a weight and its gradient in
# one number each. ``.item()`` turns a one-element tensor into a Python float; no ``.data`` is
# needed (nor wanted: it hides changes from autograd).
print(f"conv1 weight norm:   {net.conv1.weight.norm().item():.4f}")
print(f"conv1 gradient norm: {net.conv1.weight.grad.norm().item():.4f}")

# %%
# Why the last layer has no ReLU
# ------------------------------
#
# The original version of this network ended with ``F.relu(self.fc2(x))``. Ours returns
# ``self.fc2(x)`` as it is: *logits*, scores that may be any real number.
# ``nn.CrossEntropyLoss`` applies ``log_softmax`` to them itself, so they need no activation.
# A ReLU there would do harm: it turns every negative score into 0, so the network can no
# longer push a wrong class below zero, and the ReLU's gradient is 0 wherever its input was
# negative. Those classes then receive no gradient at all. Counting them on our one image:
logits = out.detach().requires_grad_()
loss_fn(F.relu(logits), target).backward()
print("negative logits:", (logits < 0).sum().item(), "of", logits.numel())
print("logits with zero gradient:", (logits.grad == 0).sum().item())

# %%
# Training on real digits
# -----------------------
#
# :func:`nn_tutorial.data.load_digits` gives the 1,797 handwritten digits that scikit-learn
# ships, 8 x 8 pixels each, here enlarged to 28 x 28 so they fit this network, split into a
# training, a validation and a test set. :func:`nn_tutorial.training.fit` runs the usual loop
# (zero the gradients, forward, loss, backward, step; :doc:`plot_lenet_training` writes it out) and
# measures the accuracy on the validation set after every epoch. Every choice below is made
# on the validation set; the test set stays untouched, kept for a final measurement, so that
# it still tells how the network does on digits that played no part in any choice.
device = nn_tutorial.device()  # an accelerator (CUDA, MPS, XPU) when there is one, else the CPU
train_set, val_set, test_set = data.load_digits(image_size=28)
print(f"images: {len(train_set)} training, {len(val_set)} validation, {len(test_set)} test")


torch.manual_seed(0)
net = models.MNISTConvNet()
initial_filters = net.conv1.weight.detach().clone()  # kept to compare with after training
optimizer = torch.optim.Adam(net.parameters(), lr=2e-3)
history = training.fit(
    net, train_set, val_set, epochs=8, optimizer=optimizer, loss_fn=loss_fn, device=device
)
ratio = history.val_loss[-1] / history.train_loss[-1]
print(f"last epoch: the validation loss is {ratio:.1f} times the training loss")

# %%
# The training loss falls at every epoch. The validation loss falls for the first five epochs,
# then stops improving: it rises for two epochs and comes back down in the last one, while the
# training loss keeps falling, to several times below it. The network has started to fit its
# training images better than digits it has not seen: this widening gap, shaded in the figure
# (a log scale, on which equal gaps are equal ratios), is *overfitting*. The validation accuracy
# climbs only slowly after epoch 4, from 95.4% to 96.8%: that is three images, since one of the
# 216 validation images is worth 0.46 points. :doc:`plot_generalisation`, the next lesson,
# tests what narrows the gap, over several seeds, and keeps the best epoch.
fig = plotting.plot_history(
    history,
    title="MNISTConvNet on the digits",
    mark_gap=True,
)

# %%
# ``train()`` and ``eval()``: dropout and batch normalisation
# -----------------------------------------------------------
#
# ``MNISTConvNet`` computes the same thing in training and in use. Two common layers do not:
#
# - ``nn.Dropout(p)`` zeroes a random share ``p`` of its inputs in training (and scales the rest
#   by ``1 / (1 - p)``), and passes everything through unchanged in evaluation;
# - ``nn.BatchNorm2d`` normalises each channel with the mean and variance of the current batch in
#   training, and updates its running statistics (buffers) as it does; in evaluation it uses
#   those running statistics, so that an image's output does not depend on the others in its
#   batch.
#
# ``model.train()`` and ``model.eval()`` set the mode of every registered layer (they set
# ``.training``). Here is ``MNISTConvNet`` with a batch normalisation after each convolution and
# a dropout before the last layer, written as an ``nn.Sequential`` and trained for 3 epochs:
torch.manual_seed(0)
bn_net = nn.Sequential(
    nn.Conv2d(1, 10, 5),
    nn.BatchNorm2d(10),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(10, 20, 5),
    nn.BatchNorm2d(20),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Flatten(),
    nn.Linear(320, 50),
    nn.ReLU(),
    nn.Dropout(0.5),
    nn.Linear(50, 10),
)
optimizer = torch.optim.Adam(bn_net.parameters(), lr=2e-3)
training.fit(
    bn_net, train_set, val_set, epochs=3, optimizer=optimizer, loss_fn=loss_fn, device=device
)
print("layer 1 in the state_dict:", [k for k in bn_net.state_dict() if k.startswith("1.")])

# %%
# The state_dict holds, for the first batch normalisation (layer ``1`` of the Sequential), its
# two parameters (``weight`` and ``bias``) and three buffers: ``running_mean``,
# ``running_var`` and ``num_batches_tracked``, the count of training batches it has seen. They
# are saved and loaded with the weights: a model with batch normalisation needs them to give
# the same outputs after loading.
#
# In training mode two calls on the same images give different outputs (another dropout mask
# each time, and batch statistics); in evaluation mode they agree:
images = val_set.tensors[0][:8].to(device)
with torch.no_grad():
    bn_net.train()
    difference = (bn_net(images) - bn_net(images)).abs().max().item()
    print(f"train(): two calls differ by up to {difference:.3f}")
    bn_net.eval()
    difference = (bn_net(images) - bn_net(images)).abs().max().item()
    print(f"eval():  two calls differ by up to {difference:.3f}")

# %%
# **The silent bug: forgetting** ``eval()``. ``fit`` leaves the model in training mode. An
# evaluation that forgets to switch runs with dropout on and batch statistics, and nothing
# warns: it simply gives a worse number. It also changes the model, since every forward pass in
# training mode updates the running statistics, here with the validation images.


@torch.no_grad()
def accuracy_on(model: nn.Module, dataset) -> float:
    """The accuracy of ``model`` on a whole dataset, in whatever mode the model is in."""
    images, labels = dataset.tensors
    predicted = model(images.to(device)).argmax(dim=1)
    return (predicted == labels.to(device)).float().mean().item()


bn_net.eval()
print(f"with eval():    validation accuracy {accuracy_on(bn_net, val_set):.1%}")
bn_net.train()  # where fit left it, and where a forgotten eval() leaves it
before = bn_net[1].num_batches_tracked.item()
print(f"without eval(): validation accuracy {accuracy_on(bn_net, val_set):.1%}")
after = bn_net[1].num_batches_tracked.item()
print(f"and the forgotten eval() changed the buffers: num_batches_tracked {before} -> {after}")

# %%
# Forgetting ``eval()`` cost several points, more than ten validation images, and moved the
# running statistics towards the validation images' own. :func:`nn_tutorial.training.evaluate`
# (which ``fit`` calls after every epoch) switches to ``eval()`` and back to the mode it found,
# which is what exercise 3 below asks you to write. Under ``torch.no_grad()`` the mode still
# matters: ``no_grad`` stops the recording of the graph, ``eval()`` changes what the layers
# compute; they are independent.
#
# What the first layer learned
# ----------------------------
#
# Each of conv1's ten filters is a 5 x 5 pattern that the layer slides over the image; its
# response at a position is the sum of the pixels weighted by the filter. Red weights are
# positive and respond to ink, blue weights are negative and respond to background, so a filter
# with red beside blue responds to an edge of a stroke in that direction. Before training the
# filters are random noise:
fig = plotting.plot_filters(initial_filters, title="conv1 filters before training", ncols=10)

# %%
# Training (the 8-epoch run above) moved them a long way from that start, measured against their
# initial size:
change = (net.conv1.weight.detach().cpu() - initial_filters).norm() / initial_filters.norm()
print(f"relative change of conv1's weight: {change.item():.0%}")

# %%
# After training the filters are smoother, and several have split into a red side and a blue
# side: edge detectors, each for one direction. Our digits were enlarged from 8 x 8 pixels, so
# their strokes are soft ramps rather than sharp lines, and smooth filters are what fits them.
fig = plotting.plot_filters(net.conv1.weight, title="conv1 filters after training", ncols=10)

# %%
# To see what those filters make of an actual digit, and how the gradients move through the
# layers during training, :doc:`plot_hooks` looks inside the network while it runs.
#
# Summary
# -------
#
# - PyTorch is define-by-run: autograd records the operations as the code runs, so joining
#   branches is ``a + b`` and the backward pass follows whatever ran.
# - A module holds parameters and buffers (BatchNorm's running statistics); it keeps nothing of
#   one call. The values of a pass are in its graph, so a layer can be called many times.
# - ``nn.Sequential``, ``nn.ModuleList`` and ``nn.ModuleDict`` register the layers they hold; a
#   plain Python list registers none: 0 parameters, and an optimizer that trains nothing there.
# - ``forward`` is ordinary Python: loops, conditions and ``breakpoint()`` all work, and each
#   pass records a graph of the length it ran.
# - ``CrossEntropyLoss`` wants logits and a class index; a ReLU before it starves the negative
#   scores of gradient.
# - After ``backward()`` every parameter holds its gradient in ``.grad``; read norms with
#   ``.norm().item()``.
# - Models are written for mini-batches: one image goes in as a batch of one.
# - Trained on 1,221 digits, ``MNISTConvNet`` reaches about 97% on the 216 validation digits
#   (one digit is 0.46 points), and after a few epochs its validation loss stops following the
#   training loss down: overfitting begins.
# - ``train()`` and ``eval()`` change what dropout and batch normalisation compute; the running
#   statistics are buffers in the ``state_dict``. Forgetting ``eval()`` cost 7 points here, with
#   no warning, and changed the buffers.
#
# What to read next
# -----------------
#
# - :doc:`plot_generalisation`, the next lesson: the overfitting drawn, and what narrows it,
#   tested one change at a time over several seeds; keeping the best epoch.
# - :doc:`plot_hooks`: forward and backward hooks, feature maps and gradient norms, on this
#   lesson's network.
# - :doc:`plot_rnn`: a recurrent network that reuses one layer at every time step.
# - :doc:`plot_lenet_training`, the lesson before: the training loop written out, and saving a
#   model.

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
# **1. A shape by hand (warm-up).** What is the shape ``(channels, height, width)`` of the output
# of ``MNISTConvNet``'s ``conv2`` for one 28 x 28 image, before its pooling?
#
# *Hint:* a 5x5 convolution takes 4 pixels off; ``conv1`` is followed by a 2x2 pooling.
answer = ...  # your answer here
exercises.check("convnet-conv2", answer)

# %%
# **Solution**

answer = (20, 8, 8)  # 28 -conv1-> 24 -pool-> 12 -conv2-> 8
exercises.check("convnet-conv2", answer)

# %%
# **2. One training step.** Write ``train_step(model, optimizer, x, y)``: the steps of the training
# loop for one mini-batch with ``nn.functional.cross_entropy``, returning the loss as a float. The
# check calls it on two mini-batches in a row (SGD, lr = 0.1) and compares the weights after each
# call with the expected update.
#
# *Hint:* five lines: clear the gradients, forward, loss, backward, step.
train_step = ...  # your answer here
exercises.check("convnet-train-step", train_step)

# %%
# **Solution**


def train_step(model, optimizer, x, y):
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(x), y)
    loss.backward()
    optimizer.step()
    return loss.item()


exercises.check("convnet-train-step", train_step)

# %%
# **3. Find the bug: a forgotten** ``eval()``\ **.** This function measures a model's accuracy,
# and gives too low a number for a model with dropout or batch normalisation:
#
# .. code-block:: python
#
#    @torch.no_grad()
#    def accuracy_of(model, images, labels):
#        predicted = model(images).argmax(dim=1)
#        return (predicted == labels).float().mean().item()
#
# Write a fixed ``accuracy_of(model, images, labels)`` that measures in evaluation mode and
# then leaves the model in the mode it found it in, training or evaluation. The check calls it
# on a model with ``nn.BatchNorm1d`` and ``nn.Dropout``, once in each mode.
#
# *Hint:* ``model.training`` says which mode the model is in; ``model.train(mode)`` sets it.
accuracy_of = ...  # your answer here
exercises.check("convnet-forgot-eval", accuracy_of)

# %%
# **Solution**


@torch.no_grad()
def accuracy_of(model, images, labels):
    was_training = model.training
    model.eval()
    try:
        predicted = model(images).argmax(dim=1)
        return (predicted == labels).float().mean().item()
    finally:
        model.train(was_training)  # back to the mode it came in, even after an error


exercises.check("convnet-forgot-eval", accuracy_of)
