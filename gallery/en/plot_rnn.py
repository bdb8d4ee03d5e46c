"""
Recurrent nets: one layer, called at every step
===============================================

A recurrent network reads a sequence one step at a time and carries a hidden state from each
step to the next. In PyTorch it needs no special machinery: a module keeps its parameters (and
buffers, if it has any) but nothing from one call for the next, so calling the same
``nn.Linear`` at every step is all it takes to share its weights across time, and autograd sums
the gradients of all the steps. This lesson builds such a network by hand, checks it against
PyTorch's own ``nn.RNNCell``, uses it to read handwritten digits row by row, and then does the
same with PyTorch's ``nn.RNN`` and ``nn.LSTM``.

**What you will learn**

- how one ``nn.Linear`` called in a loop makes a recurrent network, and where its gradient goes;
- why the hidden state passes through ``tanh``;
- that ``nn.RNNCell`` computes the same thing, and when to prefer ``nn.RNN`` or ``nn.LSTM``;
- how to classify digits read as sequences of 8 rows, or of 64 pixels;
- what ``nn.RNN`` and ``nn.LSTM`` take and return (time first or ``batch_first=True``, the state
  ``h`` or the pair ``(h, c)``);
- when gradients through time vanish or explode, and how to clip them and measure the norms;
- where the LSTM beats the plain RNN: a sequence of 64 steps;
- how truncated backpropagation through time (``detach()`` between chunks) bounds the graph.
"""

# %%
# The recurrent cell
# ------------------
#
# :class:`nn_tutorial.models.RNN` has two layers. ``i2h`` reads the current input and the last
# hidden state side by side and produces the new hidden state; ``h2o`` turns the hidden state
# into an output.
#
# .. literalinclude:: ../../../src/nn_tutorial/models.py
#    :pyobject: RNN
#
# In symbols, with :math:`x_t` the input at step :math:`t` and :math:`h_{t-1}` the state before
# it:
#
# .. math::
#
#    h_t = \tanh\left(W \begin{bmatrix} x_t \\ h_{t-1} \end{bmatrix} + b\right),
#    \qquad y_t = V h_t + c .
#
# We build one with 50 input features, a hidden state of 20 and 10 outputs.
import matplotlib.pyplot as plt
import torch
from torch import nn
from torch.utils.data import DataLoader

import nn_tutorial
from nn_tutorial import data, language, models, plotting, set_language, training

set_language("en")  # what the package prints and draws follows the page's language

torch.manual_seed(0)

rnn = models.RNN(50, 20, 10)
print(rnn)

# %%
# ``i2h`` takes 70 features: 50 of input and 20 of hidden state.
#
# Five steps, one backward
# ------------------------
#
# Now a made-up sequence: 5 time steps, each a batch of 10 random inputs, with an all-zero
# target for the output of every step. The loop calls ``rnn`` five times, passing the hidden
# state on, and adds up the five losses. A single ``backward()`` at the end sends the gradient
# back through all five steps.
batch_size, timesteps = 10, 5
sequence = torch.randn(timesteps, batch_size, 50)
target = torch.zeros(batch_size, 10)
loss_fn = nn.MSELoss()

hidden = rnn.init_hidden(batch_size)
loss = 0
for t in range(timesteps):
    hidden, output = rnn(sequence[t], hidden)  # the same module, so the same weights
    loss = loss + loss_fn(output, target)
loss.backward()
print(f"loss summed over {timesteps} steps: {loss.item():.4f}")
print("i2h.weight.grad:", rnn.i2h.weight.grad.shape)
print("h2o.weight.grad:", rnn.h2o.weight.grad.shape)

# %%
# There is one gradient per weight, not one per step: ``i2h.weight`` was used five times, and
# its ``.grad`` holds the sum of the five contributions. That is what sharing weights across time
# means, and in Lua Torch it took cloned modules with tied weights. Here the hidden state is an
# ordinary tensor in the graph, not something stored inside the module.
#
# Why the tanh
# ------------
#
# The first version of this network had no ``tanh``: ``hidden = self.i2h(combined)``. Then each
# step is affine, :math:`h_t = W_x x_t + W_h h_{t-1} + b`, and unrolling the loop gives
#
# .. math::
#
#    h_T = \sum_{t=1}^{T} W_h^{\,T-t} \, W_x \, x_t + \text{constant} .
#
# However many steps, the final state is one linear function of the inputs: the network is no
# more expressive than a single linear layer over the whole sequence. We can check it. A linear
# function satisfies :math:`f(a + b) = f(a) + f(b)`; with the constant term, that becomes
# :math:`f(a + b) - f(0) = (f(a) - f(0)) + (f(b) - f(0))`. We run the recurrence with and without
# the tanh on two sequences and on their sum.


def final_state(sequence: torch.Tensor, nonlinear: bool) -> torch.Tensor:
    hidden = rnn.init_hidden(sequence.shape[1])
    for step in sequence:
        pre_activation = rnn.i2h(torch.cat((step, hidden), 1))
        hidden = torch.tanh(pre_activation) if nonlinear else pre_activation
    return hidden


# float32 keeps about 7 significant digits. Rounding error stays below this bound; its exact value
# changes from one machine (or memory layout) to the next, so we print only the bound.
ROUNDING = 1e-5

a, b = torch.randn(2, timesteps, batch_size, 50)
zero = torch.zeros_like(a)
with torch.no_grad():
    for nonlinear in (False, True):
        f_ab, f_a, f_b, f_0 = (final_state(s, nonlinear) for s in (a + b, a, b, zero))
        gap = (f_ab - f_0) - (f_a - f_0) - (f_b - f_0)
        deviation = gap.abs().max().item()
        if nonlinear:
            print(f"with tanh:    largest deviation from linearity {deviation:.2g}")
        elif deviation < ROUNDING:
            print(f"without tanh: largest deviation from linearity below {ROUNDING:g} (rounding)")
        else:
            print(f"without tanh: largest deviation from linearity {deviation:.2g}")

# %%
# Without the tanh the deviation is rounding error: the recurrence is linear. With it the state
# depends on the inputs in a non-linear way, which is what lets a recurrent network do more than
# a linear model. The tanh also keeps every component of the state between -1 and 1, so the
# state cannot grow without bound over a long sequence.
#
# The same cell in PyTorch
# ------------------------
#
# PyTorch ships this cell as ``nn.RNNCell``. Its weights are split in two: ``weight_ih`` for the
# input and ``weight_hh`` for the hidden state, each with its own bias. Since
#
# .. math::
#
#    W \begin{bmatrix} x \\ h \end{bmatrix} = W_{:, \text{input}} \, x + W_{:, \text{hidden}} \, h ,
#
# copying the first 50 columns of ``i2h.weight`` into ``weight_ih``, the other 20 into
# ``weight_hh``, the bias into ``bias_ih`` and zero into ``bias_hh`` must give the same states.
cell = nn.RNNCell(50, 20)  # tanh is its default non-linearity
with torch.no_grad():
    cell.weight_ih.copy_(rnn.i2h.weight[:, :50])
    cell.weight_hh.copy_(rnn.i2h.weight[:, 50:])
    cell.bias_ih.copy_(rnn.i2h.bias)
    cell.bias_hh.zero_()

    ours = rnn.init_hidden(batch_size)
    theirs = torch.zeros(batch_size, 20)
    for step in sequence:
        ours, _ = rnn(step, ours)
        theirs = cell(step, theirs)
print("same hidden state after 5 steps:", torch.allclose(ours, theirs, atol=1e-6))

# %%
# ``nn.RNN`` goes one step further: it runs the whole loop in one call, over a tensor holding the
# whole sequence, in compiled code (on a GPU, in cuDNN, NVIDIA's library of fused kernels), which
# beats a Python loop on long sequences and large batches. ``nn.LSTM`` and ``nn.GRU`` run the same
# loop over cells with gates, designed to let the gradient survive over long sequences where a
# plain tanh cell forgets (the digits read pixel by pixel show it, below). They are called
# the same way, but what they carry from step to step differs: ``nn.RNN`` and ``nn.GRU`` carry
# one hidden state ``h``, ``nn.LSTM`` carries two tensors, the hidden state ``h`` and a cell
# state ``c``. Write the cell by hand to understand it or to try an idea; use these for real
# work. We train both on the digits after the hand-made cell.
#
# Reading digits row by row
# -------------------------
#
# Now real data. :func:`nn_tutorial.data.digit_sequences` returns scikit-learn's handwritten
# digits, 8 x 8 pixels each, as sequences: 8 time steps, each one row of 8 pixels, read from top
# to bottom. The network sees one row at a time and must remember the rest in its hidden state.
train_set, val_set, test_set = data.digit_sequences()
digit, label = train_set[0]
print(f"sequences: {len(train_set)} training, {len(val_set)} validation, {len(test_set)} test")
print("one sequence:", list(digit.shape), " label:", label.item())

# %%
# The figure shows a digit and the same digit cut into the rows the network receives, one per
# step.
fig = plt.figure(figsize=(7, 3.6), layout="constrained")
left, right = fig.subfigures(1, 2, width_ratios=[1, 1.2])
ax = left.subplots()
ax.imshow(digit.numpy(), cmap="gray_r")
# Tick labels come from the package's catalog of words, in the page's language.
ax.set_yticks(range(8), labels=[language.text("label.row_n", n=row + 1) for row in range(8)])
ax.set_xticks([])
ax.set_title(f"the digit {label.item()}, 8 x 8 pixels")
right.suptitle("what the network reads at each step")
for row, strip_ax in enumerate(right.subplots(8, 1)):
    strip_ax.imshow(digit[row : row + 1].numpy(), cmap="gray_r", vmin=digit.min(), vmax=digit.max())
    strip_ax.set_xticks([])
    strip_ax.set_yticks([0], labels=[language.text("label.step_n", n=row + 1)])

# %%
# :class:`nn_tutorial.models.SequenceClassifier` runs the cell over the 8 steps and classifies
# the digit from the output of the last step. The cell reads 8 pixels per step, keeps a hidden
# state of 64 and gives 10 outputs, one per class. Training is the usual loop
# (:func:`nn_tutorial.training.fit`) with Adam and ``CrossEntropyLoss``.
#
# .. literalinclude:: ../../../src/nn_tutorial/models.py
#    :pyobject: SequenceClassifier
device = nn_tutorial.device()  # an accelerator (CUDA, MPS, XPU) when there is one, else the CPU
torch.manual_seed(0)
classifier = models.SequenceClassifier(models.RNN(8, 64, 10))
optimizer = torch.optim.Adam(classifier.parameters(), lr=5e-3)
history = training.fit(
    classifier,
    train_set,
    val_set,
    epochs=20,
    optimizer=optimizer,
    loss_fn=nn.CrossEntropyLoss(),
    device=device,
    log=None,
)
print(f"validation accuracy after {history.epochs} epochs: {history.val_accuracy[-1]:.1%}")
best = min(range(history.epochs), key=lambda epoch: history.val_loss[epoch])
print(f"lowest validation loss {history.val_loss[best]:.3f} at epoch {best + 1}", end="; ")
print(f"last epoch: validation {history.val_loss[-1]:.3f}, training {history.train_loss[-1]:.4f}")

# %%
# The curves: the training loss falls almost to zero, while the validation loss hardly improves
# after the first few epochs and ends above its lowest value: the widening gap of overfitting,
# as in :doc:`plot_convnet`. The validation accuracy climbs to about 95%, with ups and downs of
# a few digits from one epoch to the next.
fig = plotting.plot_history(
    history,
    title="RNN reading digits row by row",
)

# %%
# PyTorch's recurrent layers
# --------------------------
#
# ``nn.RNN`` and ``nn.LSTM`` take a whole sequence in one call. By default they read it *time
# first*, shaped (steps, batch, features): ``sequence[t]`` is step ``t`` of every sequence, as
# in our loop over ``sequence`` above. The digits come *batch first*, shaped (batch, 8 rows, 8
# pixels), so we build the layers with ``batch_first=True``. Five digits go through each layer:
torch.manual_seed(0)
rows = train_set[:5][0]  # (batch, steps, features) = (5, 8, 8)
rnn_layer = nn.RNN(input_size=8, hidden_size=64, batch_first=True)
outputs, h = rnn_layer(rows)
print("nn.RNN   outputs", list(outputs.shape), " h", list(h.shape))
lstm_layer = nn.LSTM(input_size=8, hidden_size=64, batch_first=True)
outputs, (h, c) = lstm_layer(rows)
print("nn.LSTM  outputs", list(outputs.shape), " h", list(h.shape), " c", list(c.shape))
outputs, h = nn.RNN(input_size=8, hidden_size=64)(rows)  # time first: no error, wrong reading
print("time first: outputs", list(outputs.shape), " h", list(h.shape))

# %%
# Both layers return the output of every step, (5, 8, 64): one hidden state of 64 per digit and
# per row. ``nn.RNN`` also returns the last hidden state ``h``; ``nn.LSTM`` returns the pair
# ``(h, c)``, so code written for one does not run unchanged with the other. The state is shaped
# (D * num_layers, batch, hidden), with D = 2 for a layer built with ``bidirectional=True`` and
# 1 otherwise, so (1, 5, 64) here; it keeps that order even with ``batch_first=True``: the flag
# applies to the input and the outputs only.
#
# The last line is the mistake to avoid. Without ``batch_first`` the same tensor is read as 5
# steps of a batch of 8 sequences, where each "sequence" is one row position across the five
# digits. Nothing fails, because the shapes fit; only ``h`` shows it, with 8 sequences instead
# of 5.
#
# :class:`nn_tutorial.models.RowReader` wraps either layer for the digits: the layer runs over
# the 8 rows, and a Linear layer turns the output of the last step into 10 class scores.
#
# .. literalinclude:: ../../../src/nn_tutorial/models.py
#    :pyobject: RowReader
#
# Gradient clipping
# -----------------
#
# Backpropagation through time sends the gradient from the last step back to the first, and at
# every step it is multiplied by the recurrent weights and by the slope of the tanh:
#
# .. math::
#
#    \frac{\partial h_T}{\partial h_1} = D_T W_h \, D_{T-1} W_h \cdots D_2 W_h ,
#    \qquad D_t = \operatorname{diag}\left(1 - h_t^2\right) .
#
# Every factor ``D_t`` is a diagonal of tanh slopes, each at most 1, so the size of the product
# is governed by the largest singular value of :math:`W_h`, the most it can stretch a vector.
# If it is below 1, the product shrinks geometrically with the number of steps: the gradient
# *vanishes*, and the first steps barely affect learning. If it is above 1, the product *can*
# grow geometrically and the gradient *explode*, but it need not: small tanh slopes and
# directions that do not line up can still shrink it. Above 1 is necessary for an explosion, not
# sufficient.
#
# *Gradient clipping* guards against the explosion:
# ``torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)``, called between
# ``backward()`` and ``optimizer.step()``, scales all the gradients down together when their
# overall norm exceeds ``max_norm``, keeping their direction. It returns that overall norm as it
# was *before* clipping, so it also tells how large the gradients are and how often it acts.
# :func:`nn_tutorial.training.fit` clips when given ``clip_grad_norm``; to see the norms we write
# its loop out, and record the validation accuracy after every epoch. We train both layers with
# the hand-made cell's recipe (Adam, learning rate 0.005) for 10 epochs, once without clipping
# (a ``max_norm`` of infinity only measures) and once with a maximum norm of 1. The column
# "above 1" is the share of steps whose norm exceeded 1: the steps that clipping at 1 scaled
# down, or would have.
loss_fn = nn.CrossEntropyLoss()


def whole_sequence_loss(reader: nn.Module, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    return loss_fn(reader(x), y)


def train_reader(kind, train_data, val_data, max_norm, loss_of=whole_sequence_loss):
    """Train a RowReader as ``fit`` does, for 10 epochs.

    Return it, the gradient norm of every step and the validation accuracy after every epoch.
    """
    torch.manual_seed(0)
    features = train_data[0][0].shape[1]  # pixels per step
    reader = models.RowReader(kind, input_size=features, hidden_size=64, classes=10).to(device)
    optimizer = torch.optim.Adam(reader.parameters(), lr=5e-3)
    batches = DataLoader(
        train_data, batch_size=64, shuffle=True, generator=torch.Generator().manual_seed(0)
    )
    norms, accuracies = [], []
    for _ in range(10):  # epochs
        for x, y in batches:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss_of(reader, x, y).backward()
            norms.append(nn.utils.clip_grad_norm_(reader.parameters(), max_norm))  # before clipping
            optimizer.step()
        with torch.no_grad():
            accuracies.append(training.evaluate(reader, val_data, loss_fn, device=device)[1])
    return reader, torch.stack(norms).cpu(), accuracies


def print_header() -> None:
    print("layer  max_norm  validation    gradient norm over 200 steps")
    print("                   accuracy    median  largest  above 1")


def report(kind: str, max_norm: float, norms: torch.Tensor, accuracies: list[float]) -> None:
    share = (norms > 1).float().mean()
    print(
        f"{kind:<6} {max_norm:<8g} {accuracies[-1]:>9.1%}    {norms.median():>6.2f}"
        f"  {norms.max():>7.1f}  {share:>7.0%}"
    )


readers = {}
print_header()
for kind in ("rnn", "lstm"):
    for max_norm in (float("inf"), 1.0):
        reader, norms, accuracies = train_reader(kind, train_set, val_set, max_norm)
        report(kind, max_norm, norms, accuracies)
    readers[kind] = reader  # the clipped one

# %%
# On rows of 8 steps nothing explodes. The median gradient norm is below 1 and the largest a
# few units. Clipping at 1 acts on a quarter to a half of the steps, and it changes the
# validation accuracy by one digit (0.46 points) for ``nn.RNN`` and not at all for ``nn.LSTM``:
# too little to tell from the noise of one run. The LSTM has no lead either; it ends two points
# behind. So this shows how to clip and how to watch the norms, not that clipping or the gates
# help: both are for gradients sent back through many more steps.
#
# A long sequence: the digits pixel by pixel
# ------------------------------------------
#
# ``data.digit_sequences(pixels_per_step=1)`` gives the same digits read one pixel at a time,
# left to right and top to bottom: 64 steps of one feature each. To classify a digit from its
# last step, the network must now carry what it saw in the top rows through some fifty steps,
# and the gradient must travel back as far. We train again the same way, three times, reading
# pixels: ``nn.RNN`` without and with clipping, ``nn.LSTM`` with clipping.
pixel_train, pixel_val, _ = data.digit_sequences(pixels_per_step=1)
print("one sequence:", list(pixel_train[0][0].shape))
runs = {}
print_header()
for kind, max_norm in (("rnn", float("inf")), ("rnn", 1.0), ("lstm", 1.0)):
    reader, norms, accuracies = train_reader(kind, pixel_train, pixel_val, max_norm)
    report(kind, max_norm, norms, accuracies)
    runs[kind] = norms, accuracies  # the clipped run of each

# %%
# Now the gradients explode. On 8 steps the largest norm was 3.4 for ``nn.RNN``; on 64 steps
# it reaches 17.7, the medians are 2 to 3, and clipping at 1 acts on more than 90% of the RNN's
# steps and 80% of the LSTM's. The accuracies are far below those of the rows: the task is
# harder when the network has to hold 50 steps in mind, and 10 epochs are short for it. The
# LSTM ends 21 points (46 digits) above the clipped RNN and 12.5 above the unclipped one: its
# gates let it keep what it read many steps ago, where the tanh cell's state is overwritten at
# every step. Clipping did not help ``nn.RNN``: it ended 9 points lower with it than without.
# That is one run of one seed, though, and from one epoch to the next its accuracy moves by as
# much (see the figure), so this run says that clipping acts, not that it hurts or helps.
#
# The figure shows the two clipped runs: the validation accuracy after each epoch, and the norm
# that ``clip_grad_norm_`` returned at each step, on a log scale, with the threshold above which
# it scaled the gradients down.
fig, (acc_ax, norm_ax) = plt.subplots(1, 2, figsize=(8, 3.2), layout="constrained")
for kind, name in (("rnn", "nn.RNN"), ("lstm", "nn.LSTM")):
    norms, accuracies = runs[kind]
    epochs = range(1, len(accuracies) + 1)
    acc_ax.plot(epochs, [100 * accuracy for accuracy in accuracies], marker="o", label=name)
    norm_ax.plot(range(1, len(norms) + 1), norms, linewidth=1, label=name)
norm_ax.axhline(1, color="gray", linestyle="--", label="max_norm = 1")
acc_ax.set(xlabel="epoch", ylabel="validation accuracy (%)")
norm_ax.set(xlabel="training step", ylabel="gradient norm before clipping", yscale="log")
fig.suptitle("Digits read pixel by pixel: 64 steps, clipped at 1")
for ax in (acc_ax, norm_ax):
    ax.grid(alpha=0.3, which="both")
    ax.legend()

# %%
# The norms start between 0.1 and 0.2 and grow as the networks learn to use their state, to
# between 1 and 20 after the first 50 steps; clipping acts on nearly every step from then on.
# The RNN starts faster, but from the fourth epoch on the LSTM is ahead at every epoch, and it
# is still climbing when the RNN wanders between 43% and 61%.
#
# Why did clipping, acting on most steps, not lift the RNN? With Adam a single
# huge gradient does less harm than the picture of "weights thrown far off" suggests. Adam
# divides each weight's step by the square root of a running average of its squared gradients,
# so however large one gradient is, it moves each weight by at most about
# :math:`\text{lr}\,(1-\beta_1)/\sqrt{1-\beta_2} \approx 3.2\,\text{lr}` (with the
# default :math:`\beta_1 = 0.9`, :math:`\beta_2 = 0.999`). The harm is to that running average:
# one huge squared gradient stays in it for thousands of steps and shrinks every step after. A
# single weight shows both, with steady gradients of 0.01 and one gradient of a million at step
# 3000, and then with that gradient clipped to 1:


def adam_steps(spike: float) -> list[float]:
    """How far each Adam step moves one weight, in units of lr; gradient ``spike`` at step 3000."""
    weight = nn.Parameter(torch.zeros(1, dtype=torch.float64))  # float64: tiny moves show
    adam = torch.optim.Adam([weight], lr=1e-3)
    moves = []
    for step in range(3101):
        weight.grad = torch.tensor([spike if step == 3000 else 0.01], dtype=torch.float64)
        before = weight.item()
        adam.step()
        moves.append(abs(weight.item() - before) / 1e-3)
    return moves


print("gradient at step 3000   move of the weight (x lr) at step")
print("                        2999     3000     3100")
for spike in (1e6, 1.0):
    moves = adam_steps(spike)
    print(f"{spike:>17g}    {moves[2999]:>7.2f}  {moves[3000]:>7.2f}  {moves[3100]:>7.2g}")

# %%
# The step with the huge gradient moved the weight about three times the usual step, about as
# far as the clipped one: Adam bounded it by itself. A hundred steps later, without clipping,
# the weight has all but stopped learning, at a ten-thousandth of its usual step; with the
# gradient clipped it still moves about a third of its usual step. With Adam, clipping mainly
# protects the running averages that later steps depend on. With plain SGD the step is the
# learning rate times the gradient, and there clipping bounds the step itself.
#
# Truncated backpropagation through time
# --------------------------------------
#
# Backpropagation through the whole sequence keeps, for every step, what the backward pass
# needs, so its memory grows with the length: a text or a recording of millions of steps cannot
# be held in one graph. *Truncated* backpropagation through time reads the sequence in chunks
# and carries the hidden state from one chunk to the next, but cuts the graph between them with
# ``detach()``: the next chunk starts from the same values, in a tensor with no history, so
# ``backward()`` stops at the chunk's first step. Here the LSTM reads the 64 pixels in 4 chunks
# of 16 (two rows each), trained as before, with clipping at 1, on the loss of the last step.


def truncated_loss(reader: nn.Module, x: torch.Tensor, y: torch.Tensor, chunk: int = 16):
    """The loss of the last step, with the graph cut every ``chunk`` steps."""
    state = None  # the LSTM starts from zeros, on the input's device
    for start in range(0, x.shape[1], chunk):
        if state is not None:
            h, c = state
            state = (h.detach(), c.detach())  # the same values, no history
        outputs, state = reader.recurrent(x[:, start : start + chunk], state)
    return loss_fn(reader.classify(outputs[:, -1]), y)


truncated, norms, accuracies = train_reader("lstm", pixel_train, pixel_val, 1.0, truncated_loss)
print(f"nn.LSTM, chunks of 16: validation accuracy {accuracies[-1]:.1%}", end="; ")
print(f"through all 64 steps: {runs['lstm'][1][-1]:.1%}")

# %%
# How much does one graph hold? ``torch.autograd.graph.saved_tensors_hooks`` calls a function
# on every tensor that autograd saves for the backward pass; we add up their sizes for one batch
# of 64 digits, read whole and read as one chunk.


def saved_mebibytes(forward) -> float:
    """The size of the tensors that autograd saves for backward while ``forward()`` runs."""
    sizes = []

    def pack(tensor: torch.Tensor) -> torch.Tensor:
        sizes.append(tensor.nbytes)
        return tensor  # kept as it is: we only measure

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda tensor: tensor):
        forward()
    return sum(sizes) / 2**20


x = pixel_train[:64][0].to(device)
whole_mib = saved_mebibytes(lambda: truncated.recurrent(x))
chunk_mib = saved_mebibytes(lambda: truncated.recurrent(x[:, :16]))
print(
    f"saved for backward: {whole_mib:.1f} MiB for 64 steps, {chunk_mib:.1f} MiB for a chunk of 16"
)

# %%
# Truncated, the LSTM still learns: 67.6% against 75.5% through all 64 steps. This is one run
# with one seed, and late in training the full LSTM's own accuracy still drops by about five
# points from one epoch to the next (epochs 6 to 7 in the figure), so one run does not measure
# what truncation costs here. The graph ``backward()`` walks holds 16 steps
# instead of 64, and what autograd saves for it shrinks in proportion, from 16.5 to 4.4 MiB
# (measured on the CPU; on a GPU cuDNN saves buffers of its own, and the numbers differ).
#
# What it gives up: no gradient crosses a chunk boundary. The loss at step 64 reaches the
# weights only through the last 16 steps, the bottom two rows. The weights are shared, so what
# they learn there is applied to the first 48 steps too, and the state still carries forward
# what those steps left in it; but nothing in training asks the network to keep anything for
# more than 16 steps, and a dependency longer than a chunk is learned only by luck. In a
# language model, where truncation is the rule, every step has a loss (the next character), so
# each chunk gets its own ``backward()`` and ``optimizer.step()`` before the state is detached
# and carried on.
#
# The test set, once
# ------------------
#
# Every choice is made; now, and only now, the three networks meet the test set.
networks = {"models.RNN": classifier, "nn.RNN": readers["rnn"], "nn.LSTM": readers["lstm"]}
for name, network in networks.items():
    _, accuracy = training.evaluate(network, test_set, nn.CrossEntropyLoss(), device=device)
    print(f"{name:<11} test accuracy {accuracy:.1%}")
print(f"one digit is {100 / len(val_set):.2f} points of validation accuracy, ", end="")
print(f"and {100 / len(test_set):.2f} points of test accuracy")

# %%
# The test accuracies differ from the validation ones by up to about two points, up for the
# hand-made cell and ``nn.LSTM``, down for ``nn.RNN``. That is not a sign that one set is
# easier, nor an error: with 216 and 360 digits, a gap of one or two points is a handful of
# digits, the noise of small sets. It is why one test number should be read with a point or
# two of uncertainty either way.

# %%
# The digits the hand-made cell gets wrong, with its answer first and the true label second.
# Several are hard for a human too at 8 x 8 pixels.
x_test, y_test = test_set[:]
with torch.no_grad():
    predicted = classifier(x_test.to(device)).argmax(dim=1).cpu()
wrong = predicted != y_test
print(f"{wrong.sum().item()} mistakes out of {len(y_test)} digits")
fig = plotting.plot_digit_predictions(
    x_test[wrong], y_test[wrong], predicted[wrong], title="Misclassified test digits", ncols=8
)

# %%
# Summary
# -------
#
# - A recurrent network in PyTorch is a loop that calls the same module at every step; the
#   hidden state is an ordinary tensor in the graph, and the gradients of all steps add up in
#   each weight's ``.grad`` after one ``backward()``.
# - Without a non-linearity the recurrence is linear: the final state is one linear function of
#   all the inputs. ``tanh`` makes it non-linear and keeps the state bounded.
# - ``nn.RNNCell`` computes the same cell with the weight split into ``weight_ih`` and
#   ``weight_hh``; ``nn.RNN``, ``nn.LSTM`` and ``nn.GRU`` run the whole sequence, with cuDNN on a
#   GPU.
# - ``nn.RNN`` and ``nn.LSTM`` run the whole sequence in one call. They read (steps, batch,
#   features) unless built with ``batch_first=True``; ``nn.RNN`` returns the outputs and ``h``,
#   ``nn.LSTM`` the outputs and the pair ``(h, c)``.
# - Through time, the gradient is multiplied by :math:`W_h` and the tanh slopes at every step:
#   a largest singular value below 1 makes it vanish; above 1 it may explode.
# - ``clip_grad_norm_`` between ``backward()`` and ``step()`` scales the gradients down when
#   their overall norm is too large, and returns the norm before clipping: print it. On 8-step
#   rows the norms stay small and clipping changes little. On 64 steps of pixels they reach
#   about 20 and clipping at 1 acts on most steps. With Adam one huge gradient moves a weight by
#   at most about 3.2 times the learning rate; clipping mainly protects Adam's running averages.
# - Read row by row, the digits are classified with 95% to 97% accuracy on the test set by a
#   hidden state of 64, with the hand-made cell, ``nn.RNN`` or ``nn.LSTM``. Read pixel by pixel,
#   64 steps, ``nn.LSTM`` reached 75.5% validation accuracy in 10 epochs and ``nn.RNN`` 54% to
#   63%.
# - Truncated backpropagation through time reads a long sequence in chunks and detaches the
#   state between them: the graph and its memory are bounded by the chunk, and no gradient
#   reaches further back than a chunk.
#
# What to read next
# -----------------
#
# This is the last lesson. To go back over what it built on:
#
# - :doc:`plot_convnet`: define-by-run graphs, and why calling one layer many times is safe.
# - :doc:`plot_hooks`: look at the values and gradients inside a network while it runs.
# - :doc:`plot_autograd`: how ``backward()`` walks the graph and adds up gradients.

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

# sphinx_gallery_thumbnail_number = 1

# %%
# **1. LSTM shapes (warm-up).** ``nn.LSTM(8, 64, batch_first=True)`` reads a batch shaped
# ``(32, 8, 8)``. Give the shapes of ``output``, ``h`` and ``c`` in ``output, (h, c) = lstm(x)``,
# as three tuples.
#
# *Hint:* ``batch_first`` changes the input and the output, not the state.
answer = ...  # your answer here
exercises.check("rnn-lstm-shapes", answer)

# %%
# **Solution**

lstm = nn.LSTM(8, 64, batch_first=True)
output, (h, c) = lstm(torch.zeros(32, 8, 8))
answer = (tuple(output.shape), tuple(h.shape), tuple(c.shape))
print(answer)
exercises.check("rnn-lstm-shapes", answer)

# %%
# **2. What an LSTM costs.** How many parameters does ``nn.LSTM(8, 64)`` have? Work it out, then
# check.
#
# *Hint:* each gate has input weights, hidden weights and, in PyTorch, two biases.
answer = ...  # your answer here
exercises.check("rnn-lstm-parameters", answer)

# %%
# **Solution**

one_gate = 64 * 8 + 64 * 64 + 64 + 64
answer = 4 * one_gate
print(answer, sum(p.numel() for p in nn.LSTM(8, 64).parameters()))
exercises.check("rnn-lstm-parameters", answer)

# %%
# **3. With nn.RNNCell.** Write ``CellClassifier``, an ``nn.Module`` that classifies a batch of
# digit sequences ``(N, 8, 8)`` with one ``nn.RNNCell(8, 64)`` applied step by step and a
# ``nn.Linear(64, 10)`` on the last hidden state. The check trains it for a few epochs and wants
# 85% on the validation digits.
#
# *Hint:* start from ``h = None`` (``nn.RNNCell`` then starts from zeros, on the input's device)
# and loop over ``x[:, t]``.
CellClassifier = ...  # your answer here
exercises.check("rnn-cell-classifier", CellClassifier)

# %%
# **Solution**


class CellClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.cell = nn.RNNCell(8, 64)
        self.out = nn.Linear(64, 10)

    def forward(self, x):
        h = None  # the cell starts from zeros of the input's device and dtype
        for t in range(x.shape[1]):
            h = self.cell(x[:, t], h)
        return self.out(h)


exercises.check("rnn-cell-classifier", CellClassifier)
