"""
Training LeNet on real digits
=============================

:doc:`plot_lenet` went through the steps of training one at a time, on random numbers. This
lesson trains the same LeNet on real handwritten digits: it feeds the data through a
``Dataset`` and a ``DataLoader``, writes the training loop by hand, runs it for real, saves the
result and measures it once on the test set, beside a classic support vector machine.

**What you will learn**

- why the data is split into training, validation and test sets;
- how a ``Dataset`` is written, and what ``DataLoader``'s ``batch_size``, ``shuffle`` and
  ``drop_last`` do;
- the training loop that :func:`nn_tutorial.training.fit` runs, written out by hand;
- how to train LeNet on real digits to about 99% test accuracy, choosing on a validation set
  and measuring on the test set once, and how precise that one measurement is;
- how to save the trained weights and load them back;
- which digits the network confuses, read from a confusion matrix.
"""

# %%
# The digits, split three ways
# ----------------------------
#
# The handwritten digits that ship with scikit-learn are 1,797 images of 8 x 8 pixels;
# :func:`nn_tutorial.data.load_digits` upsamples them to 32 x 32 for LeNet. It splits them three
# ways, always the same way: a training set to learn from, a validation set to make choices by
# (how many epochs, which learning rate), and a test set that is touched once, at the very end.
# A test set that has guided choices has been tuned to, and its score no longer says how the
# model does on digits it has never seen.
import tempfile
from pathlib import Path

import torch
from torch import nn
from torch.utils.data import DataLoader

import nn_tutorial
from nn_tutorial import data, models, plotting, set_language, training

set_language("en")  # what the package prints and draws follows the page's language

train, validation, test = data.load_digits(image_size=32)
print(f"images: {len(train)} training, {len(validation)} validation, {len(test)} test")
print("one image:", list(train[0][0].shape), "| its label:", train[0][1].item())
print("kind:", type(train).__name__)

# %%
# A Dataset of your own
# ---------------------
#
# ``load_digits`` returns ``TensorDataset`` objects: tensors already in memory, indexed
# together. Any object with ``__len__`` (how many samples) and ``__getitem__`` (sample number
# ``i``) is a dataset to PyTorch; subclassing ``torch.utils.data.Dataset`` says so. A dataset
# need not store its samples: it can read them from files, or make them on the fly.
# :class:`nn_tutorial.data.RandomShift`, which the real run below trains on, wraps another
# dataset and moves each image by up to ``max_shift`` pixels in a random direction, anew each
# time it is asked for. Its whole source:
#
# .. literalinclude:: ../../../src/nn_tutorial/data.py
#    :pyobject: RandomShift
#
# The same index twice gives two different images of the same digit:
torch.manual_seed(0)
shifted = data.RandomShift(train, max_shift=3)
(first, label), (second, _) = shifted[0], shifted[0]
print("samples:", len(shifted), "| one:", list(first.shape), "| its label:", label.item())
print("sample 0 twice, shifted the same way:", torch.equal(first, second))

# %%
# The DataLoader
# --------------
#
# A ``DataLoader`` asks a dataset for samples and stacks them into batches. ``batch_size`` sets
# how many samples a batch holds; when it does not divide the dataset, the last batch is
# smaller, unless ``drop_last=True`` leaves it out. We count the batches of one epoch:
for batch_size, drop_last in [(32, False), (64, False), (64, True)]:
    loader = DataLoader(train, batch_size=batch_size, drop_last=drop_last)
    sizes = [len(labels) for _, labels in loader]
    print(
        f"batch_size={batch_size} drop_last={drop_last!s:<5} {len(loader)} batches, "
        f"the last one of {sizes[-1]:>2}, {sum(sizes)} images an epoch"
    )

# %%
# 1,221 = 19 x 64 + 5: with batches of 64 the last one holds 5 images. A gradient averaged over
# 5 images is noisier and often larger than one averaged over 64: :doc:`plot_hooks` finds the
# peaks of its gradient-norm curve on exactly these last batches. ``drop_last=True`` skips the
# short batch, and the 5 images with it for that epoch.
#
# ``shuffle=True`` draws a new order every epoch, so the batches are not the same mixtures each
# time; a ``generator`` with a seed makes the orders repeatable. The first labels of the first
# batch, two epochs:
loader = DataLoader(train, batch_size=64, shuffle=True, generator=torch.Generator().manual_seed(0))
for epoch in (1, 2):
    _, labels = next(iter(loader))  # each iter(loader) is a new epoch
    print(f"shuffle=True,  epoch {epoch}: {labels[:12].tolist()}")
_, labels = next(iter(DataLoader(train, batch_size=64)))
print(f"shuffle=False, every epoch: {labels[:12].tolist()}")

# %%
# Two more options matter when loading, not computing, is slow. ``num_workers=4`` prepares the
# batches in 4 background processes while the model computes (worth it when ``__getitem__``
# reads and decodes files), and ``pin_memory=True`` puts each batch in page-locked memory so that
# copying it to a CUDA GPU is faster. Our digits are tensors already in memory, so this lesson
# uses neither.
#
# The training loop
# -----------------
#
# Training is the six steps of :doc:`plot_lenet`, now over mini-batches. A ``DataLoader``
# shuffles the training set and cuts it into batches of 32 images; for each batch: zero the
# gradients, forward, loss, backward, step. The loss is now
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
# and do worse on new ones. ``RandomShift``, the dataset above, shows each training image
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
# - Choices are made on the validation set; the test set is measured once, at the end.
# - A ``Dataset`` is anything with ``__len__`` and ``__getitem__``; ``RandomShift`` makes a new
#   shifted image each time it is asked. A ``DataLoader`` batches it: 1,221 images in batches of
#   64 are 19 full batches and one of 5, which ``drop_last=True`` leaves out; ``shuffle=True``
#   draws a new order each epoch.
# - ``fit`` is the six-step loop over mini-batches plus a validation pass each epoch; its
#   training loss is an average over the epoch, on shifted images here. LeNet reaches about
#   99% on the test set, give or take a point (one seed, 360 images), on par with a tuned SVM.
# - ``torch.save(net.state_dict(), path)`` saves the weights;
#   ``load_state_dict(torch.load(path, weights_only=True))`` loads them back. Load only files
#   you trust, with an up-to-date PyTorch.
#
# What to read next
# -----------------
#
# :doc:`plot_convnet` builds another convolutional network as its code runs, with the graph
# holding what backward needs, and shows containers and the train and eval modes;
# :doc:`plot_generalisation` changes one thing at a time over several seeds to see what helps a
# network do well on digits it has not seen; :doc:`plot_hooks` looks inside a network while it
# runs.

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
# **1. Count the batches (warm-up).** Write ``count_batches(n, batch_size, drop_last)``: how many
# batches a ``DataLoader`` with this ``batch_size`` and ``drop_last`` gives for a dataset of
# ``n`` samples, without making one.
#
# *Hint:* count the full batches first; then ask whether a short one is left, and whether it
# is kept.
count_batches = ...  # your answer here
exercises.check("lenet-batches", count_batches)

# %%
# **Solution**


def count_batches(n, batch_size, drop_last):
    full, rest = divmod(n, batch_size)
    return full + (1 if rest and not drop_last else 0)


exercises.check("lenet-batches", count_batches)
print(count_batches(1221, 64, False), count_batches(1221, 64, True))

# %%
# **2. A Dataset of your own.** MNIST's digits are 28 x 28. Write ``CenterCrop28``, a
# ``Dataset`` that wraps a dataset of 32 x 32 images such as ``train`` and gives each image cut
# to its central 28 x 28 pixels, with its label unchanged. ``DataLoader(CenterCrop28(train),
# batch_size=64)`` must give batches shaped ``64 x 1 x 28 x 28``.
#
# *Hint:* copy the shape of ``RandomShift``: keep the wrapped dataset in ``__init__``; the crop
# is one slice in ``__getitem__``.
CenterCrop28 = ...  # your answer here
exercises.check("lenet-dataset", CenterCrop28)

# %%
# **Solution**


class CenterCrop28(torch.utils.data.Dataset):
    def __init__(self, dataset):
        self.dataset = dataset

    def __len__(self):
        return len(self.dataset)

    def __getitem__(self, index):
        image, label = self.dataset[index]
        return image[..., 2:30, 2:30], label  # 2 pixels off each side


exercises.check("lenet-dataset", CenterCrop28)

# %%
# **3. The loss of an epoch.** The loop by hand above adds ``loss.item() * len(y)`` for each
# batch and divides by the number of images. Write ``epoch_loss(losses, sizes)``: the mean loss
# per image over an epoch, from the mean loss of each batch (``losses``) and the number of
# images in each batch (``sizes``), two lists of the same length.
#
# *Hint:* a batch of 5 images should count 5 times, not as much as a batch of 64.
epoch_loss = ...  # your answer here
exercises.check("lenet-epoch-loss", epoch_loss)

# %%
# **Solution**


def epoch_loss(losses, sizes):
    return sum(loss * size for loss, size in zip(losses, sizes, strict=True)) / sum(sizes)


exercises.check("lenet-epoch-loss", epoch_loss)
print(f"{epoch_loss([0.9, 0.5, 0.3, 2.0], [64, 64, 64, 5]):.4f}")
