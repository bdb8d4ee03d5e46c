"""
Autograd: automatic differentiation
===================================

Training a network means nudging every weight against the gradient of the loss. Writing those
derivatives by hand is slow and error-prone; ``torch.autograd`` records the operations you run
on tensors and computes the derivatives for you. PyTorch builds this record while your code
runs (*define-by-run*), so a loop or an ``if`` in your code is simply part of the record. This
lesson runs autograd on tensors small enough to check every number by hand.

**What you will learn**

- how ``requires_grad`` makes a tensor's operations recorded, and what ``grad_fn`` is;
- why ``x.grad`` is 4.5 in the classic example, derived with the chain rule;
- why running the same cells twice gives 9, and how to clear gradients;
- when a graph must be walked twice (``retain_graph=True``) and what that costs;
- how gradients that add up let you train on a batch in pieces (micro-batches), and why each
  piece's loss is divided by their number;
- how to keep the gradient of an intermediate tensor with ``retain_grad()``;
- what a Jacobian is, how ``backward(v)`` computes a vector-Jacobian product, and how
  ``jacobian()`` builds the whole matrix from such products;
- how to take a second derivative with ``create_graph=True``;
- how to switch recording off with ``torch.no_grad()``, ``detach()`` and
  ``torch.inference_mode()``, and how to freeze parameters;
- how to read the "modified by an inplace operation" error (which tensor, what its version
  numbers mean), find the operation it comes from, and fix it;
- how to write your own operation with ``torch.autograd.Function`` and check it with
  ``torch.autograd.gradcheck``.
"""

# %%
# Tensors that record their history
# ---------------------------------
#
# A tensor created with ``requires_grad=True`` asks autograd to track every operation that
# uses it. Tensors you create yourself are *leaves* of the graph: their gradients end up in
# their ``.grad`` attribute.
import warnings

import torch
from torch import nn

from nn_tutorial import data, functions, plotting, set_language

set_language("en")  # what the package prints and draws follows the page's language

torch.manual_seed(0)

x = torch.ones(2, 2, requires_grad=True)
print(x)

# %%
# An operation on ``x`` gives a tensor that remembers how it was made. Its ``grad_fn`` is the
# backward function of that operation: here an addition, ``AddBackward0``.
y = x + 2
print(y)
print(type(y.grad_fn).__name__, "| y is a leaf:", y.is_leaf)

# %%
# Two more operations. ``z`` is made by a multiplication and ``out`` by a mean, and each
# records its own ``grad_fn``.
z = y * y * 3
out = z.mean()
print(z)
print(out)

# %%
# The graph autograd recorded
# ---------------------------
#
# Each ``grad_fn`` points to the functions that made its inputs (``next_functions``), so
# from ``out`` we can walk back to ``x``. The figure draws that walk. Orange is where the
# backward pass starts, green is the leaf ``x`` (``AccumulateGrad`` adds the gradient into
# ``x.grad``), and the arrows point the way the gradient flows. Read from the top: the mean,
# the multiplication by 3, the product ``y * y``, the addition of 2, and ``x``. The product uses
# ``y`` twice, so it has two edges to ``AddBackward0`` (the two curved arrows); during the
# backward pass the gradients arriving along both are added.
fig = plotting.plot_autograd_graph(
    out, title="The graph of out = mean(3 * (x + 2)²)", names={"x": x}
)

# %%
# Changing the flag in place: ``requires_grad_()``
# ------------------------------------------------
#
# Tensors start with ``requires_grad=False``, so ordinary arithmetic records nothing. The method
# ``requires_grad_()`` switches the flag on an existing tensor. The trailing underscore is
# PyTorch's mark for *in place*: the same tensor object is changed, nothing is copied, and the
# method returns that same tensor.
a = torch.randn(2, 2)
a = (a * 3) / (a - 1)
print("before:", a.requires_grad)
same = a.requires_grad_(True)
print("after:", a.requires_grad, "| same object:", same is a)
b = (a * a).sum()
print(type(b.grad_fn).__name__)

# %%
# Gradients: why ``x.grad`` is 4.5
# --------------------------------
#
# ``out`` holds a single number, so ``out.backward()`` needs no argument: it computes
# :math:`\partial\,\mathrm{out} / \partial x` and stores it in ``x.grad``.
out.backward()
print(x.grad)

# %%
# The chain rule gives the same number. With :math:`y_i = x_i + 2` and :math:`z_i = 3 y_i^2`,
# the output is the mean of the four :math:`z_i`:
#
# .. math::
#
#    \mathrm{out} = \frac{1}{4} \sum_{i=1}^{4} 3 (x_i + 2)^2,
#    \qquad
#    \frac{\partial\,\mathrm{out}}{\partial x_i}
#    = \frac{1}{4} \cdot 6 (x_i + 2) \cdot 1
#    = \frac{3}{2} (x_i + 2).
#
# Every :math:`x_i` is 1, so each entry of the gradient is :math:`\frac{3}{2} \cdot 3 = 4.5`.
#
# Why a learner saw 9: gradients accumulate
# -----------------------------------------
#
# A learner's notebook printed 9 here instead of 4.5. Two facts explain it. First, to compute
# gradients the graph saves some intermediate values during the forward pass (the product
# ``y * y`` keeps ``y``), and by default ``backward()`` frees them as it goes. A second
# ``backward()`` through the same graph then fails, with this error:
try:
    out.backward()
except RuntimeError as error:
    print(f"RuntimeError: {error}")

# %%
# The notebook's ``backward()`` calls pass no ``retain_graph=True`` (see below), so it must have
# run the forward cell (``y``, ``z``, ``out``) again, building a new graph, and then
# ``backward()`` again. Second, ``backward()`` **adds** the new gradient to
# whatever ``x.grad`` already holds. Doing exactly that here gives :math:`4.5 + 4.5 = 9`:
y = x + 2
z = y * y * 3
out = z.mean()
out.backward()
print(x.grad)

# %%
# Adding, not overwriting, is on purpose: when a tensor is used in several places, or when the
# loss is the sum of several parts backpropagated one at a time, the contributions must be
# summed. Training uses it too, to take one step for a batch computed in pieces (a section
# below shows it). The price is that you clear the gradient yourself before each new step. Set
# it to ``None`` (the next ``backward()`` then writes a fresh tensor), or fill it with zeros in
# place with ``x.grad.zero_()``. Optimizers do the same with ``optimizer.zero_grad()``, as
# :doc:`plot_lenet` shows.
x.grad = None
y = x + 2
z = y * y * 3
out = z.mean()
out.backward()
print(x.grad)

# %%
# Walking one graph twice: ``retain_graph=True``
# ----------------------------------------------
#
# The error names the way out: ``backward(retain_graph=True)`` keeps the saved values, so the
# graph can be walked again. You need it when two backward passes share part of a graph, for
# instance two losses computed from the same intermediate ``h``, each backpropagated on its own
# (to look at their gradients one at a time, or to feed them to different optimizers). The
# first pass must keep the graph; the last one may free it.
x.grad = None
h = (x + 2) ** 2  # shared by both losses; the square saves x + 2
loss_a = h.mean()
loss_b = (3 * h).sum()
loss_a.backward(retain_graph=True)
print("after loss_a:", x.grad[0, 0].item())
print("still saved:", h.grad_fn._saved_self[0, 0].item())
loss_b.backward()
print("after loss_b:", x.grad[0, 0].item())

# %%
# The cost is memory. Until the graph is freed, every value it saved stays in memory: here one
# small tensor (a node shows what it saved in its ``_saved_*`` attributes, ``_saved_self``
# above), in a network the activations of every layer, which are often most of the memory a
# training step takes. (Not always: the weights, their gradients and an optimizer's state, two
# more values per weight for Adam, make four copies of the weights, and for a large model
# trained on small batches they take more.) So keep the graph only when a second pass really
# needs it. When you only want the sum of both gradients, backpropagate the sum: one pass, and
# the graph is freed as it goes.
x.grad = None
h = (x + 2) ** 2
(h.mean() + (3 * h).sum()).backward()
print("one pass over the sum:", x.grad[0, 0].item())

# %%
# Gradients that add up on purpose: micro-batches
# -----------------------------------------------
#
# Backpropagating a sum needs the whole graph in memory at once. When a batch is too large for
# that, do the opposite: split it into :math:`k` *micro-batches*, run the forward and backward
# pass of one micro-batch at a time (so only its saved values are in memory), let the gradients
# add up in ``.grad``, and take one step for the whole batch. Here is a linear model
# ``inputs @ w`` with a mean squared error, on a batch of 32 samples. First, the gradient of the
# full batch, in one pass:
inputs, targets = data.random_regression(32, 8, 1, seed=0)
torch.manual_seed(0)
w = torch.randn(8, 1, requires_grad=True)


def mse(w, inputs, targets):
    return ((inputs @ w - targets) ** 2).mean()


mse(w, inputs, targets).backward()
full_batch = w.grad.clone()

# %%
# Now the same 32 samples as :math:`k = 4` micro-batches of 8, each loss backpropagated as it
# is. The gradients add up to four times the gradient of the full batch:
k = 4
w.grad = None
for inputs_i, targets_i in zip(inputs.chunk(k), targets.chunk(k), strict=True):
    mse(w, inputs_i, targets_i).backward()
print("accumulated / full batch:", (w.grad / full_batch).flatten())

# %%
# The loss is a *mean*: the mean of 32 squared errors is the mean of the four micro-batch
# means, :math:`\frac{1}{k} \sum_i \mathrm{loss}_i`. So each micro-batch's loss must be
# divided by :math:`k` (with micro-batches of different sizes :math:`n_i`, weighted by
# :math:`n_i / n`). Without that the step is :math:`k` times too long: the learning rate is in
# effect multiplied by :math:`k`, and changes whenever :math:`k` does. With the :math:`1/k` the
# accumulated gradient is the full-batch gradient, up to float32 rounding, and one step uses
# it. (They are equal because each sample's loss depends on that sample alone. A layer that
# mixes the samples of a batch, such as batch normalisation, sees only the micro-batch, and
# then the two are only close.)
w.grad = None
for inputs_i, targets_i in zip(inputs.chunk(k), targets.chunk(k), strict=True):
    loss = mse(w, inputs_i, targets_i) / k  # this micro-batch's share of the batch mean
    loss.backward()  # adds into w.grad
difference = (w.grad - full_batch).abs().max().item()
print(f"max |accumulated - full batch| = {difference:.1e}", end=", ")
print(f"largest entry {full_batch.abs().max().item():.2f}")
with torch.no_grad():
    w -= 0.1 * w.grad  # one step for the whole batch
w.grad = None  # cleared before the next batch

# %%
# Gradients of intermediate tensors: ``retain_grad()``
# ----------------------------------------------------
#
# Only leaves keep their gradient in ``.grad``: ``y`` and ``z`` are *non-leaf* tensors, and
# autograd passes their gradients on without storing them, to save memory. (Reading ``y.grad``
# gives ``None`` and a warning.) To look at one, call ``retain_grad()`` on it before the backward
# pass. Here :math:`\partial\,\mathrm{out} / \partial z_i = 1/4` (the mean) and
# :math:`\partial\,\mathrm{out} / \partial y_i = \frac{1}{4} \cdot 6 y_i = 4.5`.
x.grad = None
y = x + 2
y.retain_grad()
z = y * y * 3
z.retain_grad()
out = z.mean()
out.backward()
print("z.grad:", z.grad)
print("y.grad:", y.grad)

# %%
# What is a Jacobian?
# -------------------
#
# ``out`` was a single number. When a function has several outputs, each output has its own
# gradient, and stacking those gradients as rows gives the **Jacobian matrix**. For a function
# :math:`f` from :math:`n` inputs to :math:`m` outputs it is the :math:`m \times n` table of
# all partial derivatives: row :math:`i` says how output :math:`i` moves, column :math:`j`
# says which input moves it.
#
# .. math::
#
#    J = \begin{pmatrix}
#    \frac{\partial y_1}{\partial x_1} & \cdots & \frac{\partial y_1}{\partial x_n} \\
#    \vdots & \ddots & \vdots \\
#    \frac{\partial y_m}{\partial x_1} & \cdots & \frac{\partial y_m}{\partial x_n}
#    \end{pmatrix}
#
# A worked example with two inputs and three outputs,
# :math:`f(x_1, x_2) = (x_1^2,\; x_1 x_2,\; 3 x_2)`. Differentiating each output by each input:
#
# .. math::
#
#    J = \begin{pmatrix} 2 x_1 & 0 \\ x_2 & x_1 \\ 0 & 3 \end{pmatrix},
#    \qquad
#    J(2, 3) = \begin{pmatrix} 4 & 0 \\ 3 & 2 \\ 0 & 3 \end{pmatrix}.
#
# ``torch.autograd.functional.jacobian`` computes the same table from the code of :math:`f`.
# So does ``torch.func``, the composable API the PyTorch docs now point to: ``jacrev(f)(x)``
# builds this matrix, ``vjp`` gives the product of the next section, and ``vmap`` runs either
# over a batch.


def f(x):
    return torch.stack([x[0] ** 2, x[0] * x[1], 3 * x[1]])


x = torch.tensor([2.0, 3.0], requires_grad=True)
J = torch.autograd.functional.jacobian(f, x)
print(J)
print("torch.func.jacrev gives the same:", torch.equal(torch.func.jacrev(f)(x), J))

# %%
# The vector-Jacobian product
# ---------------------------
#
# ``y = f(x)`` has three entries, so ``y.backward()`` on its own is ambiguous: the gradient of
# *what*? Autograd refuses to guess.
y = f(x)
try:
    y.backward()
except RuntimeError as error:
    print("RuntimeError:", error)

# %%
# You pass a vector :math:`v` with one entry per output (for a single number the vector is just
# 1: ``out.backward()`` is ``out.backward(torch.tensor(1.0))``), and autograd computes the
# **vector-Jacobian product** :math:`v^\top J` in one backward pass, without forming
# :math:`J`: each node of the graph turns the vector arriving from its outputs into the vector
# for its inputs. This is how reverse mode works, and it is exactly what training needs. If a
# scalar loss :math:`l` is computed from :math:`y` and :math:`v = \partial l / \partial y`, the
# chain rule says
#
# .. math::
#
#    v^\top J
#    = \left( \sum_i \frac{\partial l}{\partial y_i} \frac{\partial y_i}{\partial x_1},\;
#      \ldots,\; \sum_i \frac{\partial l}{\partial y_i} \frac{\partial y_i}{\partial x_n} \right)
#    = \frac{\partial l}{\partial x}.
#
# With :math:`v = (1, 0.5, 2)`, by hand: :math:`(1 \cdot 4 + 0.5 \cdot 3,\; 0.5 \cdot 2 + 2 \cdot
# 3) = (5.5, 7)`. ``y.backward(v)`` and ``v @ J`` agree:
v = torch.tensor([1.0, 0.5, 2.0])
y.backward(v)
print("x.grad:", x.grad)
print("v @ J: ", v @ J)
print("equal:", torch.allclose(x.grad, v @ J))

# %%
# How ``jacobian()`` gets the whole matrix
# ----------------------------------------
#
# So where did ``J`` above come from? ``torch.autograd.functional.jacobian`` builds it row by
# row from vector-Jacobian products: one per output, with :math:`v = e_i` (1 at entry
# :math:`i`, 0 elsewhere), since :math:`e_i^\top J` is row :math:`i` of :math:`J`. The loop
# below does the same with ``torch.autograd.grad``, which returns the gradient instead of adding
# it into ``x.grad``. The three passes walk one graph, hence ``retain_graph=True``. A function
# with a million outputs would need a million passes, which is why training differentiates a
# single number, the loss: its gradient is one vector-Jacobian product.
y = f(x)
rows = []
for e_i in torch.eye(3):
    (row,) = torch.autograd.grad(y, x, e_i, retain_graph=True)
    rows.append(row)
print(torch.stack(rows))
print("equal to jacobian():", torch.equal(torch.stack(rows), J))

# %%
# The graph can depend on the data. Below, ``y`` is doubled until its norm passes 1000, so how
# many multiplications get recorded depends on the random ``x``. Whatever the count :math:`k`,
# the Jacobian is :math:`2^k I` (each output is its input times :math:`2^k`), so the
# vector-Jacobian product is :math:`2^k v`.
x = torch.randn(3, requires_grad=True)
y = x * 2
k = 1
while y.norm() < 1000:
    y = y * 2
    k += 1
print(f"doubled {k} times, y = {[round(value, 1) for value in y.tolist()]}")

v = torch.tensor([0.1, 1.0, 0.0001])
y.backward(v)
print("x.grad:", x.grad)
print(f"2**{k} * v:", 2**k * v)

# %%
# Second derivatives: ``create_graph=True``
# -----------------------------------------
#
# A backward pass is itself a computation, and autograd can record it too: with
# ``create_graph=True`` the gradient it returns has a ``grad_fn``, so it can be differentiated
# again. For :math:`y = x^3` the first derivative is :math:`3x^2` and the second :math:`6x`.
# (Each :math:`y_i` depends on :math:`x_i` alone, so the gradient of ``y.sum()`` holds every
# :math:`dy_i / dx_i`.)
x = torch.tensor([-1.0, 0.5, 2.0], requires_grad=True)
y = x**3
(dy_dx,) = torch.autograd.grad(y.sum(), x, create_graph=True)
(d2y_dx2,) = torch.autograd.grad(dy_dx.sum(), x)
print("dy/dx:   ", dy_dx)
print("3x²:     ", 3 * x.detach() ** 2)
print("d²y/dx²: ", d2y_dx2)
print("6x:      ", 6 * x.detach())

# %%
# Without ``create_graph=True`` the backward pass is not recorded: the gradient is a plain
# tensor with no history, and asking for its gradient fails. You need the recorded version when
# a gradient is itself part of what you differentiate: a *gradient penalty* adds the norm of a
# gradient to the loss (as in WGAN-GP), Newton's method and Hessian-vector products use second
# derivatives, and meta-learning differentiates through a training step. The recorded backward
# pass costs memory, and ``create_graph=True`` also keeps the graph, as ``retain_graph=True``
# does.
(dy_dx,) = torch.autograd.grad((x**3).sum(), x)
print("without create_graph: requires_grad", dy_dx.requires_grad, "| grad_fn", dy_dx.grad_fn)
try:
    torch.autograd.grad(dy_dx.sum(), x)
except RuntimeError as error:
    print(f"RuntimeError: {error}")

# %%
# Switching recording off
# -----------------------
#
# Recording costs memory and time, and some computations must not be part of the graph: the
# weight update itself, or measuring accuracy on validation or test data. Inside
# ``with torch.no_grad():`` no operation is recorded, even on tensors that require gradients.
print((x**2).requires_grad)
with torch.no_grad():
    print((x**2).requires_grad)

# %%
# ``detach()`` does the same for one tensor: it returns a tensor with the same values, sharing
# the same memory, that is cut off from the graph. A common use is handing values to NumPy or
# matplotlib, which know nothing of gradients. Sharing memory has a catch: a change made in
# place through either tensor is seen by both, and the next section shows how that can break a
# backward pass.
x_detached = x.detach()
print(x_detached.requires_grad, "| same values:", torch.equal(x, x_detached))
print("same memory:", x_detached.data_ptr() == x.data_ptr())
print(x_detached.numpy().round(4))

# %%
# When an in-place change breaks ``backward()``
# ---------------------------------------------
#
# To compute gradients, many operations save tensors during the forward pass: ``exp`` saves its
# result, since the derivative of :math:`e^x` is :math:`e^x`. Change that result in place
# afterwards, and the saved value is wrong: the backward pass would compute a wrong gradient
# without a word. Autograd prevents that with a *version counter*. Every tensor has one (the
# internal attribute ``_version``, read here to watch it), each in-place operation adds 1 to
# it, and a saved tensor remembers the version it was saved at. Two in-place changes, then the
# backward pass:
x = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
y = x.exp()  # exp saves y, its result, for the backward pass
print("after exp:  version", y._version)
y.add_(1)
print("after add_: version", y._version)
y.mul_(2)
print("after mul_: version", y._version)
try:
    y.sum().backward()
except RuntimeError as error:
    print(f"RuntimeError: {error}")

# %%
# This "modified by an inplace operation" error is one of those learners meet most often. Read
# it piece by piece:
#
# - ``[torch.FloatTensor [3]]`` is the tensor that changed: its type and shape, a float32
#   tensor of shape ``(3,)``, our ``y``.
# - ``which is output 0 of Exp``: the operation whose output it is, here the first (and only)
#   output of ``exp``. Look for that operation in the forward code, and for in-place changes of
#   its result after it.
# - ``is at version 2; expected version 0 instead``: the tensor was saved at version 0 and is now
#   at version 2. The difference counts the in-place operations since, our ``add_`` and
#   ``mul_``.
# - The hint: in a real model the message does not say where in your code that operation ran.
#   *Anomaly detection* does: ``torch.autograd.set_detect_anomaly(True)`` records, for each
#   operation of the forward pass, the traceback of the line that ran it, and when a backward
#   step fails it shows that traceback in a warning. It slows every operation down, so turn it
#   on to find a bug, not to train.
#
# We catch the warning and print its first line and the line of code it points to:
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    with torch.autograd.set_detect_anomaly(True):
        y = x.exp()
        y.add_(1)
        try:
            y.sum().backward()
        except RuntimeError as error:
            print("the error's hint now:", str(error).split("Hint: ")[1])
forward_trace = str(caught[0].message).split(" (Triggered internally")[0].splitlines()
print(forward_trace[0])
print("the line:", forward_trace[-1].strip())

# %%
# The fix is to leave the saved tensor alone: write the operation out of place, which makes a new
# tensor and leaves ``y`` as ``exp`` saved it (``y = y + 1`` rather than ``y.add_(1)``), or
# change a copy made with ``.clone()``. Both compute :math:`2(e^x + 1)`, and both give its
# gradient, :math:`2e^x`:
y = x.exp()
out_of_place = (y + 1) * 2  # new tensors: y stays at version 0
(gradient_out_of_place,) = torch.autograd.grad(out_of_place.sum(), x)
y = x.exp()
changed_copy = y.clone()
changed_copy.add_(1).mul_(2)  # changes the copy; y stays at version 0
(gradient_clone,) = torch.autograd.grad(changed_copy.sum(), x)
print("out of place:", gradient_out_of_place)
print("clone:       ", gradient_clone)
print("2 e^x:       ", 2 * x.detach().exp())

# %%
# Not every in-place change fails, only a change to a tensor that was saved and is still
# needed. ``x * 2`` saves nothing of its result (its derivative is the constant 2), so adding to
# that result in place is fine. A detached tensor, though, shares its version counter with the
# original along with the memory: zeroing ``exp``'s result through ``detach()`` is a change of
# the saved tensor, and its backward pass fails with the same error.
doubled = x * 2
doubled.add_(1)  # nothing saved doubled: allowed
doubled.sum().backward()
print("x * 2, then add_(1): backward works, x.grad =", x.grad)
y = x.exp()
y.detach().zero_()  # through the detached tensor: same memory, same version counter
print("exp(x) after detach().zero_():", y, "| version", y._version)
try:
    y.sum().backward()
except RuntimeError as error:
    print("RuntimeError: ...", str(error).split("inplace operation: ")[1].split(" Hint")[0])

# %%
# Inference mode: ``torch.inference_mode()``
# ------------------------------------------
#
# ``torch.inference_mode()`` is a stricter ``no_grad()`` for code that will never need
# gradients, such as serving a trained model. It skips more bookkeeping (tensors made inside it
# carry no version counter), so it can be faster. The price: what it makes are *inference
# tensors*, and outside inference mode an inference tensor cannot be **saved for backward**
# (autograd checks the version of what it saves, and there is none), cannot be **changed in
# place**, and cannot be made to **require gradients**. A result made under ``no_grad()`` is an
# ordinary tensor.
with torch.no_grad():
    doubled_no_grad = x * 2
with torch.inference_mode():
    doubled_inference = x * 2
print("no_grad:        requires_grad", doubled_no_grad.requires_grad, end=", ")
print("inference tensor", doubled_no_grad.is_inference())
print("inference_mode: requires_grad", doubled_inference.requires_grad, end=", ")
print("inference tensor", doubled_inference.is_inference())

# %%
# Both results can enter a recorded computation, as long as autograd need not save the
# inference tensor. An addition saves nothing (the gradient of :math:`w + t` with respect to
# :math:`w` is 1), so ``w + doubled_inference`` works. A multiplication must save its other
# factor (the gradient of :math:`w t` with respect to :math:`w` is :math:`t`): that works with
# the ``no_grad()`` result and fails with the inference tensor.
w = torch.ones(3, requires_grad=True)
(w + doubled_inference).sum().backward()
print("w + inference tensor, w.grad:", w.grad)
w.grad = None
(w * doubled_no_grad).sum().backward()
print("w * no_grad result,   w.grad:", w.grad)
try:
    (w * doubled_inference).sum().backward()
except RuntimeError as error:
    print(f"RuntimeError: {error}")

# %%
# The other two restrictions, a change in place and turning on ``requires_grad``:
try:
    doubled_inference.add_(1)
except RuntimeError as error:
    print(f"RuntimeError: {error}")
try:
    doubled_inference.requires_grad_()
except RuntimeError as error:
    print(f"RuntimeError: {error}")

# %%
# Freezing parameters: ``requires_grad_(False)``
# ----------------------------------------------
#
# To train part of a model and keep the rest fixed, for example to fine-tune only the last
# layer of a trained network, switch the flag off on the frozen parameters. ``requires_grad_``
# of an ``nn.Module`` sets it on all of the module's parameters. Autograd then records nothing
# for them: their ``.grad`` stays ``None``, and no time is spent computing it. Give the
# optimizer only the parameters that still require gradients.
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 1))
net[0].requires_grad_(False)  # freeze the first layer
loss = net(torch.randn(8, 4)).pow(2).mean()
loss.backward()
print("net[0].weight.grad:", net[0].weight.grad)
print("net[2].weight.grad:", net[2].weight.grad)
trainable = [p for p in net.parameters() if p.requires_grad]
print(f"trainable: {len(trainable)} of {len(list(net.parameters()))} tensors")

# %%
# Your own operation: ``torch.autograd.Function``
# -----------------------------------------------
#
# Autograd differentiates any composition of PyTorch operations, but the derivative of a
# formula is not always the one you want. Take softplus, :math:`\log(1 + e^x)`, a smooth ReLU.
# PyTorch already has it, stable and exact: ``torch.nn.functional.softplus``, or
# ``torch.logaddexp(x, 0)``; use those in real code. We rebuild it only to learn
# ``torch.autograd.Function`` on a function whose problems are easy to see.
#
# Written as it reads, softplus overflows: :math:`e^{100}` is ``inf`` in 32-bit floats, so the
# value is ``inf`` and the gradient ``nan``. Autograd does not evaluate the formula of the
# derivative, :math:`e^x / (1 + e^x)`: it walks the chain. The log's backward sends
# :math:`1 / (1 + e^x)` to the exponential, which is 0 at :math:`x = 100`; the exponential's
# backward multiplies it by :math:`e^x`, which is ``inf``; and :math:`0 \cdot \infty` is
# ``nan``. Keeping the gradient at the exponential's output (``retain_grad()``) shows both
# factors:
points = torch.tensor([-10.0, 0.0, 100.0], requires_grad=True)
exp_points = torch.exp(points)
exp_points.retain_grad()
naive = torch.log(1 + exp_points)
naive.sum().backward()
print("log(1 + exp(x)):                     ", naive.detach())
print("gradient at exp(x), 1 / (1 + e^x):   ", exp_points.grad)
print("times the derivative of exp(x), e^x: ", exp_points.detach())
print("gradient at x, their product:        ", points.grad)

# %%
# The stable rewrite :math:`\max(x, 0) + \log(1 + e^{-|x|})` never overflows, but it is built
# from two pieces with a kink at 0, where autograd's derivative of the pieces is 1 instead of
# the true 0.5. The derivative has a closed form, :math:`\sigma(x) = 1 / (1 + e^{-x})`, so we
# write the operation ourselves: a subclass of ``torch.autograd.Function`` with a ``forward``
# that computes the value and saves what the backward needs (``ctx.save_for_backward``), and a
# ``backward`` that receives the gradient of the output and returns the gradient of the input.
# It lives in :mod:`nn_tutorial.functions`:
#
# .. literalinclude:: ../../../src/nn_tutorial/functions.py
#    :pyobject: Softplus
#
# ``functions.softplus`` calls ``Softplus.apply``, which runs ``forward`` and records our
# ``backward`` in the graph as a single node:
points.grad = None
stable = functions.softplus(points)
stable.sum().backward()
print("Softplus:", stable.detach(), "gradient", points.grad)
print(type(stable.grad_fn).__name__)

# %%
# PyTorch's own softplus gives the same values and gradients:
builtin = nn.functional.softplus(points)
(builtin_gradient,) = torch.autograd.grad(builtin.sum(), points)
print("torch.nn.functional.softplus:", builtin.detach(), "gradient", builtin_gradient)

# %%
# Our value at -10 also keeps its digits, where ``log(1 + exp(x))`` lost some: adding 1 to
# :math:`e^{-10}` rounds most of its digits away. A hand-written backward is a new place for
# mistakes. ``torch.autograd.gradcheck`` compares it with finite differences,
# :math:`(f(x + \epsilon) - f(x - \epsilon)) / 2\epsilon` for each
# input entry, and says whether they agree. It needs double precision: in 32-bit floats the
# rounding error of the difference is as large as what it measures. The stable rewrite fails the
# check at 0, for the reason above; our ``Softplus`` passes.


def stable_rewrite(x):
    return x.clamp(min=0) + torch.log1p(torch.exp(-x.abs()))


inputs = torch.tensor([-3.0, -0.5, 0.0, 0.5, 3.0], dtype=torch.float64, requires_grad=True)
for function in [stable_rewrite, functions.softplus]:
    passed = torch.autograd.gradcheck(function, (inputs,), raise_exception=False)
    print(f"{function.__name__}: gradcheck passed = {passed}")

# %%
# Summary
# -------
#
# - A tensor with ``requires_grad=True`` has its operations recorded; each result's
#   ``grad_fn`` links back to the operations that made it.
# - ``backward()`` walks that graph with the chain rule and stores gradients in the leaves'
#   ``.grad``. For ``mean(3 * (x + 2)²)`` at ``x = 1`` that is :math:`\frac{3}{2}(x+2) = 4.5`.
# - Gradients **accumulate**: a second forward and backward gives 9. Clear them with
#   ``x.grad = None`` or ``x.grad.zero_()`` (an optimizer's ``zero_grad()``) before each step.
# - ``backward()`` frees the values the graph saved; ``retain_graph=True`` keeps them for a
#   second pass, at the price of the memory they hold. ``retain_grad()`` keeps the gradient of
#   a non-leaf tensor.
# - The Jacobian is the table of all partial derivatives of a function with several outputs.
#   ``y.backward(v)`` computes :math:`v^\top J` without building :math:`J`;
#   ``torch.autograd.functional.jacobian`` builds :math:`J` from one such product per output.
# - Accumulation on purpose: a batch split into :math:`k` micro-batches, each loss divided by
#   :math:`k`, backpropagated one after the other, gives the full-batch gradient for one step.
# - ``create_graph=True`` records the backward pass, so a gradient can be differentiated again:
#   :math:`d^2(x^3)/dx^2 = 6x`.
# - ``torch.no_grad()`` and ``detach()`` keep computations out of the graph (a detached tensor
#   shares memory and version counter with the original). ``torch.inference_mode()`` goes
#   further: its tensors cannot be saved for backward, changed in place or made to require
#   gradients afterwards. ``requires_grad_(False)`` freezes parameters.
# - "modified by an inplace operation ... is at version N; expected version M" means a tensor
#   that the backward pass needs was changed in place :math:`N - M` times after it was saved;
#   the message names its shape and the operation whose output it is, and
#   ``torch.autograd.set_detect_anomaly(True)`` points to the line of code. Fix it out of place
#   or on a ``.clone()``.
# - A ``torch.autograd.Function`` defines an operation with its own backward;
#   ``torch.autograd.gradcheck`` checks that backward in double precision. (For softplus itself,
#   use ``torch.nn.functional.softplus``.)
#
# What to read next
# -----------------
#
# :doc:`plot_autograd_mlp` puts autograd to work: a two-layer network written with plain
# tensors, trained with ``loss.backward()`` and an update by hand, its gradients checked
# against the chain rule, and the same model rebuilt with ``torch.nn`` and ``torch.optim``.

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
# **1. Two backward passes (warm-up).** With ``x = torch.tensor(2.0, requires_grad=True)`` and
# ``y = 3 * x**2``, you call ``y.backward(retain_graph=True)`` and then ``y.backward()`` without
# zeroing anything. Predict ``x.grad`` before you run it.
#
# *Hint:* the derivative is :math:`6x`; think about what ``backward`` does with a ``.grad`` that is
# already there.
answer = ...  # your answer here
exercises.check("autograd-accumulate", answer)

# %%
# **Solution**

x = torch.tensor(2.0, requires_grad=True)
y = 3 * x**2
y.backward(retain_graph=True)
y.backward()
answer = x.grad.item()
print(answer)
exercises.check("autograd-accumulate", answer)

# %%
# **2. A vector-Jacobian product.** For ``x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)``
# and the function :math:`f(x) = (x_0 x_1,\; x_1 + x_2^2)`, compute :math:`v^\top J` with
# ``v = torch.tensor([1.0, 0.5])``, using ``torch.autograd.functional.jacobian``. It is the
# ``x.grad`` that ``f(x).backward(v)`` leaves.
#
# *Hint:* ``J`` has one row per output and one column per input.
answer = ...  # your answer here
exercises.check("autograd-vjp", answer)

# %%
# **Solution**


def f(x):
    return torch.stack([x[0] * x[1], x[1] + x[2] ** 2])


x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
v = torch.tensor([1.0, 0.5])
J = torch.autograd.functional.jacobian(f, x)
answer = v @ J
print(answer)
exercises.check("autograd-vjp", answer)

# %%
# **3. Your own backward.** Write ``Square``, a ``torch.autograd.Function`` whose ``forward``
# returns :math:`x^2` and whose ``backward`` returns the gradient by hand. The check runs
# ``torch.autograd.gradcheck`` on it.
#
# *Hint:* save ``x`` with ``ctx.save_for_backward`` and multiply ``grad_output`` by the derivative.
Square = ...  # your answer here
exercises.check("autograd-square", Square)

# %%
# **Solution**


class Square(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * 2 * x


exercises.check("autograd-square", Square)

# %%
# **4. Find the bug: an in-place change.** ``residual_with_bug`` computes
# :math:`\mathrm{relu}(x) + x`, a residual connection, but its backward pass fails with
# "modified by an inplace operation". Read the error it prints: which tensor changed, and which
# operation's output is it? Then write ``residual(x)``: the same value, with a backward pass that
# works and gives the right gradient. The check runs it on tensors with entries of both signs
# and compares its value and its gradient with those of :math:`\mathrm{relu}(x) + x`.
#
# *Hint:* either of the lesson's two fixes works.


def residual_with_bug(x):
    h = torch.relu(x)
    h += x  # the residual connection, added in place
    return h


try:
    residual_with_bug(torch.tensor([-1.0, 0.5, 2.0], requires_grad=True)).sum().backward()
except RuntimeError as error:
    print(f"RuntimeError: {error}")

residual = ...  # your answer here
exercises.check("autograd-inplace-bug", residual)

# %%
# **Solution**


def residual(x):
    # The error names "output 0 of Relu", at version 1 instead of 0: relu saves its output
    # for the backward pass (its derivative is 1 where the output is positive), and h += x
    # changed that output in place. Adding out of place makes a new tensor and leaves relu's
    # output as it was saved. (A clone works too: h = torch.relu(x).clone(), then h += x.)
    return torch.relu(x) + x


x = torch.tensor([-1.0, 0.5, 2.0], requires_grad=True)
residual(x).sum().backward()
print("gradient:", x.grad)  # 1 where x < 0, 2 where x > 0
exercises.check("autograd-inplace-bug", residual)
