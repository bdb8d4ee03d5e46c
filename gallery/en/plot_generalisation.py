"""
Generalisation: overfitting, regularisation and early stopping
==============================================================

A network is trained on some images and used on others. How well it does on the others is its
*generalisation*, and the training loss does not measure it: :doc:`plot_convnet` ended with a
validation loss about five times its training loss. This lesson draws that gap, tests three
usual ways of narrowing it (more varied training images, weight decay, dropout) one at a time
and over several seeds, and keeps the weights of the best epoch instead of the last.

**What you will learn**

- how overfitting looks on the curves: a training loss that keeps falling and a validation loss
  that stops following it;
- how to test a change: alone, over several seeds, against the spread those seeds give;
- what random shifts, weight decay and dropout each did here, in numbers;
- how to keep the best epoch's weights (early stopping) with ``copy.deepcopy(model.state_dict())``.
"""

# %%
# A small network, for many trainings
# -----------------------------------
#
# Testing a change properly means many trainings: here four settings times three seeds. So this
# lesson uses a smaller network than ``MNISTConvNet``, on the digits at their original 8 x 8
# pixels: one 3 x 3 convolution with 32 filters (``padding=1`` keeps 8 x 8), a 2 x 2 pooling to
# 4 x 4, and two linear layers. It is an ``nn.Sequential``, the container :doc:`plot_convnet`
# shows; its ``nn.Dropout`` layer does nothing while ``make_net``'s ``dropout`` is 0, its default
# (``nn.Dropout()`` on its own drops half).
import torch
from torch import nn

import nn_tutorial
from nn_tutorial import data, plotting, set_language, training

set_language("en")  # what the package prints and draws follows the page's language
device = nn_tutorial.device()  # an accelerator (CUDA, MPS, XPU) when there is one, else the CPU
train_set, val_set, test_set = data.load_digits(image_size=8)
loss_fn = nn.CrossEntropyLoss()
SEEDS = (0, 1, 2)


def make_net(dropout: float = 0.0) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1),  # 32 x 8 x 8
        nn.ReLU(),
        nn.MaxPool2d(2),  # 32 x 4 x 4
        nn.Flatten(),
        nn.Linear(32 * 4 * 4, 128),
        nn.ReLU(),
        nn.Dropout(dropout),  # zeroes this share of the 128 features, in training mode only
        nn.Linear(128, 10),
    )


def train(seed, *, images=train_set, weight_decay=0.0, dropout=0.0, on_epoch=None):
    """Train a fresh network for 12 epochs; everything random follows ``seed``."""
    torch.manual_seed(seed)  # the initial weights, the dropout masks, the random shifts
    net = make_net(dropout)
    optimizer = torch.optim.AdamW(net.parameters(), lr=1e-2, weight_decay=weight_decay)
    history = training.fit(
        net,
        images,
        val_set,
        epochs=12,
        optimizer=optimizer,
        loss_fn=loss_fn,
        device=device,
        seed=seed,  # the order of the batches
        log=None,
        on_epoch=on_epoch,
    )
    return net, history


print(f"images: {len(train_set)} training, {len(val_set)} validation, {len(test_set)} test")
print(f"one validation image is {100 / len(val_set):.2f} points of accuracy")

# %%
# One image of the 216 is 0.46 points: a difference in accuracy smaller than a point or two is a
# handful of images, and the seed alone moves that many.
#
# Overfitting, drawn
# ------------------
#
# We train the baseline with its three seeds. :class:`nn_tutorial.training.KeepBest`, passed to
# ``fit`` as ``on_epoch``, is called after every epoch and keeps a copy of the weights whenever
# the validation loss is the lowest so far; we use those copies in the last section.
keepers = [training.KeepBest() for _ in SEEDS]
baseline = [train(seed, on_epoch=keep) for seed, keep in zip(SEEDS, keepers, strict=True)]
net, history = baseline[0]  # seed 0, drawn below
for epoch in (1, 6, 12):
    print(
        f"epoch {epoch:2d}: train loss {history.train_loss[epoch - 1]:.3f}, "
        f"validation loss {history.val_loss[epoch - 1]:.3f}"
    )

# %%
# The training loss falls all the way, towards 0: the network ends up nearly certain of the right
# class on every training image. The validation loss falls fast for the first few epochs, then
# barely moves while the training loss keeps falling, and ends a little above its lowest value.
# The shaded band is the gap between the two; the arrow gives its size at the last epoch. The
# network has fitted details of its 1,221 training images that do not hold for other digits:
# that is *overfitting*. The dashed line marks the epoch with the lowest validation loss.
fig = plotting.plot_history(
    history, title="Baseline, seed 0: overfitting", mark_gap=True, mark_best=True
)

# %%
# One change at a time, over three seeds
# --------------------------------------
#
# Three usual remedies, each tried alone against the baseline, with everything else kept equal
# (network, optimizer, learning rate, epochs, seeds), so that a difference has one cause:
#
# - **random shifts** (data augmentation): :class:`nn_tutorial.data.RandomShift` moves each
#   training image by up to one pixel, drawn anew every epoch, so the network sees each digit
#   at up to nine positions instead of one;
# - **weight decay**: ``AdamW(weight_decay=0.5)`` shrinks every weight a little towards 0 at each
#   step (by ``lr * weight_decay`` = 0.5% of it), so only weights that keep earning their size
#   stay large;
# - **dropout**: ``nn.Dropout(0.5)`` zeroes a random half of the 128 features at each training
#   step (and doubles the rest), so no feature can rely on one other being there.
shifted = data.RandomShift(train_set, max_shift=1)
runs = [
    [history for _, history in baseline],
    [train(seed, images=shifted)[1] for seed in SEEDS],
    [train(seed, weight_decay=0.5)[1] for seed in SEEDS],
    [train(seed, dropout=0.5)[1] for seed in SEEDS],
]


def seed_table(runs, labels):
    """For each setting, seed by seed: the last epoch's validation accuracy (%), validation loss
    and training loss."""
    return {
        label: [
            torch.tensor([100 * h.val_accuracy[-1] for h in histories]),
            torch.tensor([h.val_loss[-1] for h in histories]),
            torch.tensor([h.train_loss[-1] for h in histories]),
        ]
        for label, histories in zip(labels, runs, strict=True)
    }


table = seed_table(runs, labels=("baseline", "shifts", "weight decay", "dropout"))
print("validation accuracy (%)            validation loss           train loss")
print("seed 0, 1, 2      mean ± sd        seed 0, 1, 2       mean   mean   setting")
for label, (accuracies, val_losses, train_losses) in table.items():
    print(
        f"{'  '.join(f'{a:.1f}' for a in accuracies)}  "
        f"{accuracies.mean():.1f} ± {accuracies.std():.1f}       "
        f"{' '.join(f'{v:.3f}' for v in val_losses)}  {val_losses.mean():.3f}  "
        f"{train_losses.mean():.3f}  {label}"  # the label last: its width varies
    )

# %%
# The ± is the standard deviation over the three seeds. A figure shows the validation numbers, one
# dot per seed and a bar at each mean, so that you can see whether two settings' dots overlap:
fig = plotting.plot_seed_spread(
    {
        "validation accuracy (%)": {label: columns[0] for label, columns in table.items()},
        "validation loss": {label: columns[1] for label, columns in table.items()},
    },
    title="One change at a time, three seeds each",
)

# %%
# What the numbers say:
#
# - **Random shifts** are the one change that stands clear of the seeds: every shifted run has a
#   lower validation loss than every baseline run, about half the baseline's on average, and
#   all three reach 97.2%, above every baseline run (by one to four images). Their training loss
#   stays far above the baseline's (a shifted image is a new task every epoch): the gap has
#   narrowed from both sides.
# - **Weight decay** at 0.5 kept the training loss higher (the weights cannot grow to fit every
#   training image), but changed the validation loss by less than the seeds' spread: on these
#   runs it shows no effect on digits it has not seen, neither good nor bad.
# - **Dropout** also kept the training loss higher and lowered the mean validation loss, but its
#   seeds spread widely (one is as high as the baseline's): three seeds are not enough to call it.
#
# On accuracy, only a few images separate any two settings. Had we run each setting once, the
# seed would have picked the winner. These conclusions hold for this network, these 12 epochs
# and these strengths; another strength of weight decay or dropout is another experiment, run
# the same way.
#
# Keep the best epoch (early stopping)
# ------------------------------------
#
# ``fit`` returns the network as it is after its last epoch, and the validation loss may have
# been lower before. *Early stopping* keeps the weights of the epoch with the lowest validation
# loss instead. ``KeepBest`` did that during the baseline runs; its whole code is this:
#
# .. literalinclude:: ../../../src/nn_tutorial/training.py
#    :pyobject: KeepBest
#
# The ``copy.deepcopy`` matters: ``state_dict()`` returns the model's own tensors, which the
# optimizer goes on changing in place, so without a copy the "best" weights would silently be
# the last ones. Loading the copy back is one call. The validation set chose the epoch, so its
# numbers flatter the choice; the test set, used here once, gives a fair comparison:
for seed, (net, _), keep in zip(SEEDS, baseline, keepers, strict=True):
    last_loss, last_accuracy = training.evaluate(net, test_set, loss_fn, device=device)
    net.load_state_dict(keep.state)  # the weights of the best epoch
    best_loss, best_accuracy = training.evaluate(net, test_set, loss_fn, device=device)
    print(
        f"seed {seed}: best epoch {keep.epoch:2d}   test loss {last_loss:.3f} (last epoch) -> "
        f"{best_loss:.3f} (best epoch)   accuracy {last_accuracy:.1%} -> {best_accuracy:.1%}"
    )

# %%
# One test image is 0.28 points (there are 360). The best epoch's weights gave a lower test loss
# for every seed, and the same test accuracy or better (three images better for seed 1): early
# stopping undid what the epochs after the best one added to the overfitting. It does not remove
# the gap itself (the training loss was far below the validation loss at the best epoch too);
# the shifts did more for that.
#
# Summary
# -------
#
# - Overfitting is a gap: the training loss keeps falling while the validation loss stops
#   following it. Draw both curves; the last epoch's numbers alone hide when it began.
# - Test a change alone, over several seeds, and compare the difference with the seeds' spread.
#   Here one image is 0.46 points of validation accuracy.
# - On these runs random shifts halved the validation loss, clear of the spread; weight decay
#   (0.5) showed no effect on it; dropout (0.5) lowered the mean, within a wide spread.
# - Early stopping keeps the best epoch's weights: ``copy.deepcopy(model.state_dict())``, or
#   ``fit(..., on_epoch=KeepBest())``, then ``load_state_dict``.
#
# What to read next
# -----------------
#
# - :doc:`plot_hooks`, the next lesson: forward and backward hooks, feature maps and gradient
#   norms.
# - :doc:`plot_convnet`, the lesson before: containers, and what ``train()`` and ``eval()``
#   change in a network with dropout or batch normalisation.

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
# **1. Mean and spread (warm-up).** Write ``spread(values)``: for a list of numbers, one per
# seed, return the pair ``(mean, standard deviation)`` that the table above prints.
#
# *Hint:* the table uses ``torch.std``'s default, which divides by ``n - 1``, not by ``n``.
spread = ...  # your answer here
exercises.check("generalisation-spread", spread)

# %%
# **Solution**


def spread(values):
    values = torch.tensor(values)
    return values.mean().item(), values.std().item()  # std divides by n - 1 by default


exercises.check("generalisation-spread", spread)

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
# **3. Find the bug: the best weights that are not kept.** This class was meant to keep the
# weights of the epoch with the lowest validation loss, but after training ``state`` holds the
# last epoch's weights:
#
# .. code-block:: python
#
#    class KeepBest:
#        def __init__(self):
#            self.epoch, self.val_loss, self.state = None, math.inf, None
#
#        def __call__(self, model, history):
#            if history.val_loss[-1] < self.val_loss:
#                self.epoch, self.val_loss = history.epochs, history.val_loss[-1]
#                self.state = model.state_dict()
#
# Write a fixed class ``KeepBest`` (the same attributes, called in the same way). The check
# calls an instance after each of five epochs whose weights change in place between calls.
#
# *Hint:* what does ``state_dict()`` return: the model's tensors, or copies of them?
KeepBest = ...  # your answer here
exercises.check("generalisation-keep-best", KeepBest)

# %%
# **Solution**
import copy
import math


class KeepBest:
    def __init__(self):
        self.epoch, self.val_loss, self.state = None, math.inf, None

    def __call__(self, model, history):
        if history.val_loss[-1] < self.val_loss:
            self.epoch, self.val_loss = history.epochs, history.val_loss[-1]
            self.state = copy.deepcopy(model.state_dict())  # a copy, not the live tensors


exercises.check("generalisation-keep-best", KeepBest)
