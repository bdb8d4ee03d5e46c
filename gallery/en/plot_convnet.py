"""
ConvNet: ``torch.nn`` for Lua-Torch users
=========================================

If you built networks in Lua Torch, ``torch.nn`` looks familiar but works differently: the
containers are gone, modules keep no state between calls, and a network's ``forward`` is plain
Python that you can step through with the ordinary debugger. This lesson shows those differences
on a small convolutional network, ``MNISTConvNet``, then trains it on real handwritten digits and
looks at what its first layer learned.

**What you will learn**

- why PyTorch needs no ``ConcatTable`` or ``CAddTable``: autograd records ordinary operations;
- where the state of a forward pass lives, and how to debug one with ``pdb``;
- how to run ``MNISTConvNet``, compute a ``CrossEntropyLoss`` and read the gradients it leaves;
- why the network ends with logits and not with a ReLU;
- how to train it on the digits and what its first-layer filters look like.
"""

# %%
# What changed for Lua-Torch users
# --------------------------------
#
# **Containers are replaced by autograd.** In Lua Torch, joining two branches needed modules
# such as ``nn.ConcatTable`` and ``nn.CAddTable``, or the nngraph package. In PyTorch you write
# the arithmetic itself: ``input1 + input2`` instead of ``nn.CAddTable():forward({input1,
# input2})``, ``input * 0.5`` instead of ``nn.MulConstant(0.5)``. Autograd records each
# operation as it runs, so the backward pass follows whatever you wrote.
import torch
import torch.nn.functional as F
from torch import nn

torch.manual_seed(0)

x = torch.randn(2, 3)
branch_a = nn.Linear(3, 4)
branch_b = nn.Linear(3, 4)
out = (branch_a(x) + branch_b(x)) * 0.5  # two branches, summed, halved: no container needed
print(out.grad_fn.name())  # the last operation recorded
print(out.grad_fn.next_functions[0][0].name())  # the one before it

# %%
# The last operation was a multiplication, and before it an addition: the graph is the code.
#
# **State lives in the graph, not in the modules.** A Lua-Torch module stored its last output
# and gradient (``module.output``, ``module.gradInput``), so using it twice in one pass meant
# cloning it and sharing weights by hand. A PyTorch module stores only its parameters; what the
# backward pass needs is kept in the graph autograd records. Calling the same layer several
# times is therefore safe, and it is how recurrent networks share weights
# (:doc:`plot_rnn` builds one).
#
# **Debugging is plain Python.** ``forward`` runs line by line, so an error's stack trace points
# at the line that failed, and ``pdb`` stops where you ask it to. **Any Python can go in
# forward**: ``if``, ``while``, ``print``, a call to ``breakpoint()``. The module below applies
# the same layer until the output's norm reaches 10, so the number of steps depends on the data.


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


repeat = RepeatUntilLarge()
direction = torch.randn(1, 4)
for scale in (0.1, 2.0):  # the same direction, a small and a large input
    repeat(scale * direction).sum().backward()
print(repeat.layer.weight.grad.shape)

# %%
# A small input needs more steps than a large one. Either way the gradient reached the layer's
# weight through every step the loop took: autograd records what ran, so it needs no description
# of the loop beforehand. (The two backward calls added their gradients together in ``.grad``.)
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
# (zero the gradients, forward, loss, backward, step; :doc:`plot_lenet` writes it out) and
# measures the accuracy on the validation set after every epoch. Every choice below is made
# on the validation set; the test set stays untouched, kept for a final measurement, so that
# it still tells how the network does on digits that played no part in any choice.
device = nn_tutorial.device()  # a GPU when there is one, else the CPU
train_set, val_set, test_set = data.load_digits(image_size=28)
print(f"images: {len(train_set)} training, {len(val_set)} validation, {len(test_set)} test")

torch.manual_seed(0)
net = models.MNISTConvNet()
optimizer = torch.optim.Adam(net.parameters(), lr=2e-3)
history = training.fit(
    net, train_set, val_set, epochs=8, optimizer=optimizer, loss_fn=loss_fn, device=device
)

# %%
# The curves show the loss falling on both sets and the validation accuracy settling.
fig = plotting.plot_history(
    history,
    title="MNISTConvNet on the digits",
)

# %%
# More from the same data
# -----------------------
#
# 1,221 training images are few. Two cheap changes help. :class:`nn_tutorial.data.RandomShift`
# moves each training image by up to 3 pixels, a new shift every epoch: a digit slightly off
# centre is still the same digit, and the network learns that. A cosine schedule lowers the
# learning rate smoothly to zero, so the last epochs make small, careful steps. We also switch
# to AdamW: Adam with decoupled weight decay, which shrinks the weights a little at every step,
# apart from the gradient step, so they do not grow needlessly.
torch.manual_seed(0)
net = models.MNISTConvNet()
initial_filters = net.conv1.weight.detach().clone()  # kept to compare with after training
optimizer = torch.optim.AdamW(net.parameters(), lr=3e-3)
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=12)
history = training.fit(
    net,
    data.RandomShift(train_set, max_shift=3),
    val_set,
    epochs=12,
    optimizer=optimizer,
    loss_fn=loss_fn,
    device=device,
    scheduler=scheduler,
    log=None,
)
print(f"validation accuracy with shifts and a cosine schedule: {history.val_accuracy[-1]:.1%}")

# %%
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
# Training moved them a long way from that start, measured against their initial size:
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
# - PyTorch replaces Lua Torch's containers with autograd: write ``a + b``, and the backward
#   pass follows.
# - Modules keep only their parameters; the state of a pass is in the graph, so a layer can be
#   called many times.
# - ``forward`` is ordinary Python: loops, conditions and ``breakpoint()`` all work.
# - ``CrossEntropyLoss`` wants logits and a class index; a ReLU before it starves the negative
#   scores of gradient.
# - After ``backward()`` every parameter holds its gradient in ``.grad``; read norms with
#   ``.norm().item()``.
# - Models are written for mini-batches: one image goes in as a batch of one.
# - Trained on 1,221 digits, ``MNISTConvNet`` reaches about 97% on the validation digits, and a
#   little more (about 98%) with shifted copies and a cosine schedule.
#
# What to read next
# -----------------
#
# - :doc:`plot_hooks`: forward and backward hooks, feature maps and gradient norms.
# - :doc:`plot_rnn`: a recurrent network that reuses one layer at every time step.

# sphinx_gallery_thumbnail_number = 3

# %%
# Exercises
# ---------
#
# Try each exercise in the downloaded notebook or script: write your answer in place of the
# ``...``, then run the check. It says whether the answer is right and, if not, gives the most
# useful hint; it never shows the solution. A worked solution follows each exercise, folded on
# this page: open it once you have tried.
from nn_tutorial import exercises

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
# **2. Accuracy from logits.** Write ``accuracy(logits, labels)``: the fraction (between 0 and 1)
# of rows whose largest logit is at the label's index.
#
# *Hint:* compare the predicted class with the labels, then average.
accuracy = ...  # your answer here
exercises.check("convnet-accuracy", accuracy)

# %%
# **Solution**


def accuracy(logits, labels):
    return (logits.argmax(dim=1) == labels).float().mean().item()


exercises.check("convnet-accuracy", accuracy)

# %%
# **3. One training step.** Write ``train_step(model, optimizer, x, y)``: the steps of the training
# loop for one mini-batch with ``nn.functional.cross_entropy``, returning the loss as a float. The
# check calls it twice in a row and looks at the gradients.
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
