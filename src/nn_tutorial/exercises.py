"""Check a reader's answer to a lesson's exercise: right, or the hint that helps most.

Each lesson ends with exercises; each has an id and a cell that calls
``check("lenet-flatten", answer)``. The checker runs the answer against the known
one and prints, in the language set by :func:`nn_tutorial.set_language`, whether it
is right and, when it is not, the most useful hint. It never prints the solution.
An answer that raises, or is of the wrong kind, gets a message that says what was
expected and what came, not a traceback from inside the checker.

Each exercise is one function below: it takes the answer and returns ``None`` when
it is right, or ``(message key, fields)`` for the hint. A check runs the answer on
several cases, chosen so that each typical mistake gives a different result from the
right answer (more than one layer, more than one batch, values on both sides of every
threshold, a learning rate that moves the weights), and each hint is true of the
answer it answers. :func:`diagnose` gives the key of the message, for the tests.
"""

from __future__ import annotations

import copy
import functools
import inspect
import math
import numbers
from collections.abc import Callable, Iterator
from typing import Any

import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset, TensorDataset

from nn_tutorial import data, models, training
from nn_tutorial.language import text

__all__ = ["EXERCISES", "check", "diagnose", "verdict"]

Hint = tuple[str, dict[str, Any]] | None


class WrongKind(Exception):
    """The answer is not the kind of thing the exercise asks for: ``key`` and ``fields`` name
    the message that says what was expected and what came."""

    def __init__(self, key: str, **fields: Any) -> None:
        super().__init__(key)
        self.key, self.fields = key, fields


def _want(expected: str, answer: Any) -> WrongKind:
    return WrongKind("exercise.want", expected=expected, got=_kind(answer))


def _kind(answer: Any) -> str:
    if inspect.isclass(answer):
        return text("exercise.kind_class", name=answer.__name__)
    return type(answer).__name__


def _number(answer: Any) -> float:
    """A plain number, a NumPy scalar, or a tensor or array holding one number."""
    if isinstance(answer, numbers.Real) and not isinstance(answer, bool):
        return float(answer)
    if isinstance(answer, torch.Tensor) or hasattr(answer, "__array__"):
        try:
            value = torch.as_tensor(answer)
        except (TypeError, ValueError, RuntimeError):
            raise _want(text("exercise.a_number"), answer) from None
        if value.numel() == 1 and value.dtype != torch.bool and not value.is_complex():
            return float(value.detach().cpu())
    raise _want(text("exercise.a_number"), answer)


def _as_tensor(answer: Any) -> torch.Tensor:
    """The answer as a float64 tensor on the CPU: a tensor, a list, a tuple or an array."""
    if isinstance(answer, torch.Tensor):
        value = answer.detach().cpu()
    elif isinstance(answer, list | tuple) or hasattr(answer, "__array__"):
        try:
            value = torch.as_tensor(answer)
        except (TypeError, ValueError, RuntimeError):
            raise _want("torch.Tensor", answer) from None
    else:
        raise _want("torch.Tensor", answer)
    if value.dtype == torch.bool or value.is_complex():
        raise _want("torch.Tensor", answer)
    return value.to(torch.float64)


def _tensor(answer: Any, shape: tuple[int, ...]) -> torch.Tensor:
    """The answer as a float64 tensor of ``shape`` (see :func:`_as_tensor`)."""
    value = _as_tensor(answer)
    if tuple(value.shape) != shape:
        raise WrongKind("exercise.shape", expected=shape, got=tuple(value.shape))
    return value


def _shape(answer: Any) -> tuple[int, ...] | None:
    """A shape given as a tuple, a list, a torch.Size or an array of whole numbers; else None."""
    if isinstance(answer, str) or not hasattr(answer, "__iter__"):
        return None
    try:
        sizes = list(answer)
    except TypeError:
        return None
    whole = (isinstance(n, numbers.Integral) and not isinstance(n, bool) for n in sizes)
    if not all(whole) and not all(isinstance(n, torch.Tensor) and n.numel() == 1 for n in sizes):
        return None
    return tuple(int(n) for n in sizes)


def _shape_of(out: Any) -> tuple[int, ...] | str:
    """What a model returned, for a hint: its shape, or its kind when it is not a tensor."""
    return tuple(out.shape) if isinstance(out, torch.Tensor) else _kind(out)


def _callable(answer: Any, what: str) -> Callable:
    if inspect.isclass(answer) or not callable(answer):
        raise _want(what, answer)
    return answer


def _class(answer: Any, base: type, name: str) -> type:
    """The class the exercise asks for, a subclass of ``base``; an instance gets its own hint."""
    if isinstance(answer, base):
        raise WrongKind("exercise.want_class", name=type(answer).__name__)
    if not (inspect.isclass(answer) and issubclass(answer, base)):
        raise _want(text("exercise.a_subclass", base=name), answer)
    return answer


def _close(a: torch.Tensor, b: torch.Tensor) -> bool:
    return a.shape == b.shape and torch.allclose(a, b, rtol=1e-5, atol=1e-7)


HOOK_DICTS = ("_forward_hooks", "_forward_pre_hooks", "_backward_hooks", "_backward_pre_hooks")


def _hooks_left(model: nn.Module) -> bool:
    """Whether a forward, forward pre-, backward or backward pre-hook is on any module."""
    return any(getattr(m, name) for m in model.modules() for name in HOOK_DICTS)


# -- autograd ----------------------------------------------------------------------------------


def autograd_accumulate(answer: Any) -> Hint:
    """x = 2, y = 3 x²; y.backward() twice without zeroing: x.grad is 12 + 12."""
    value = _number(answer)
    if value == 24:
        return None
    if value == 12:
        return "exercise.hint.accumulate", {}
    return "exercise.hint.derivative", {}


def _vjp_function(x: torch.Tensor) -> torch.Tensor:
    return torch.stack([x[0] * x[1], x[1] + x[2] ** 2])


def autograd_vjp(answer: Any) -> Hint:
    """x.grad after y.backward(v), for the function and v the exercise gives: v @ J, shaped
    (3,). A list, a tuple or a NumPy array of the right numbers is right too."""
    x = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
    v = torch.tensor([1.0, 0.5], dtype=torch.float64)
    jacobian = torch.autograd.functional.jacobian(_vjp_function, x)
    value = _as_tensor(answer)
    if value.shape == (2, 3) and _close(value, jacobian):
        return "exercise.hint.vjp_matrix", {}
    if value.shape == (1, 3) and _close(value[0], v @ jacobian):
        return "exercise.hint.vjp_leading", {}
    value = _tensor(value, (3,))
    if _close(value, v @ jacobian):
        return None
    if _close(value, jacobian.sum(0)):
        return "exercise.hint.vjp_weights", {}
    return "exercise.hint.vjp", {}


def _tensors_on(ctx: Any) -> Iterator[str]:
    """Names of the attributes of ``ctx`` holding tensors, directly or in a list or tuple."""
    for name, value in vars(ctx).items():
        values = value if isinstance(value, list | tuple) else [value]
        if any(isinstance(v, torch.Tensor) for v in values):
            yield name


def autograd_square(answer: Any) -> Hint:
    """A torch.autograd.Function computing x², with its own backward 2 x · grad_output, that
    keeps x with ctx.save_for_backward: a tensor set as an attribute of ctx (ctx.x = x) works
    here but is what the documentation warns against (wrong gradients, memory leaks)."""
    square = _class(answer, torch.autograd.Function, "torch.autograd.Function")
    x = torch.tensor([-1.5, 0.25, 2.0, -0.5], dtype=torch.float64, requires_grad=True)
    out = square.apply(x)
    if not (isinstance(out, torch.Tensor) and _close(out.detach(), x.detach() ** 2)):
        return "exercise.hint.forward", {}
    stored = list(_tensors_on(out.grad_fn)) if out.grad_fn is not None else []
    if stored:
        return "exercise.hint.save_for_backward", {"name": stored[0]}
    if not torch.autograd.gradcheck(square.apply, (x,), raise_exception=False):
        return "exercise.hint.backward", {}
    return None


def _residual_cases() -> list[tuple[torch.Tensor, torch.Tensor]]:
    """(x, v) pairs for autograd-inplace-bug: a vector and a matrix with entries of both signs
    and none at 0 (where relu's derivative is a convention: clamp says 1, relu 0), and the
    gradients v of the output, with both signs, so that each term's share of x.grad shows."""
    return [
        (
            torch.tensor([-1.5, -0.25, 0.5, 2.0, -3.0, 1.0]),
            torch.tensor([1.0, -2.0, 0.5, 3.0, -1.0, 2.0]),
        ),
        (
            torch.tensor([[0.75, -0.5, 1.5], [-2.0, 0.25, -1.0]]),
            torch.tensor([[2.0, 1.0, -1.0], [0.5, -3.0, 1.5]]),
        ),
    ]


def _in_place(error: RuntimeError) -> bool:
    """Whether autograd refused an in-place change: a saved tensor changed since it was saved
    ("modified by an inplace operation"), or a leaf that requires grad changed in place."""
    return "inplace" in str(error) or "in-place" in str(error)


def autograd_inplace_bug(answer: Any) -> Hint:
    """residual(x) -> relu(x) + x, with a backward pass that works (the lesson's version adds x
    in place to relu's output, which relu saved) and gives x.grad = v (1 + [x > 0]) for the
    output gradient v: the value and the gradient, on each of :func:`_residual_cases`."""
    residual = _callable(answer, "residual(x)")
    for values, v in _residual_cases():
        x = values.clone().requires_grad_(True)
        try:
            out = residual(x)
            changed_x = not torch.equal(x.detach(), values)
        except RuntimeError as error:
            if _in_place(error):
                return "exercise.hint.inplace_still", {}
            raise
        if changed_x:
            return "exercise.hint.inplace_still", {}
        if not isinstance(out, torch.Tensor):
            raise _want("torch.Tensor", out)
        expected = (torch.relu(values) + values).to(torch.float64)
        if not _close(out.detach().cpu().to(torch.float64), expected):
            return "exercise.hint.inplace_value", {}
        if out.grad_fn is None:
            return "exercise.hint.inplace_graph", {}
        try:
            out.backward(v.to(out.dtype))
        except RuntimeError as error:
            if _in_place(error):
                return "exercise.hint.inplace_still", {}
            raise
        if x.grad is None:
            return "exercise.hint.inplace_graph", {}
        grad, v = x.grad.to(torch.float64), v.to(torch.float64)
        through_relu = v * (values > 0)
        if _close(grad, through_relu + v):
            continue
        if _close(grad, v) or _close(grad, through_relu):
            return "exercise.hint.inplace_cut", {}
        return "exercise.hint.inplace_gradient", {}
    return None


# -- LeNet -------------------------------------------------------------------------------------


def lenet_flatten(answer: Any) -> Hint:
    """How many numbers reach fc1 when LeNet reads a 28 x 28 image: 16 x 5 x 5."""
    value = _number(answer)
    if value == 16 * 5 * 5:
        return None
    if value == 16 * 6 * 6:
        return "exercise.hint.flatten_32", {}
    return "exercise.hint.flatten", {}


def lenet_28(answer: Any) -> Hint:
    """A LeNet for 1 x 28 x 28 images: still LeNet (two nn.Conv2d and three nn.Linear
    layers), with 10 raw logits per image that depend on the image. fc1 = Linear(16·5·5, 120),
    an nn.LazyLinear fc1, or padding the image to 32 x 32 in front of the 32 x 32 LeNet are
    all right."""
    torch.manual_seed(0)  # the same weights every time: the verdict must not depend on luck
    net = _class(answer, nn.Module, "nn.Module")()
    convs = sum(isinstance(m, nn.Conv2d) for m in net.modules())
    linears = sum(isinstance(m, nn.Linear) for m in net.modules())
    if (convs, linears) != (2, 3):
        return "exercise.hint.lenet_layers", {"convs": convs, "linears": linears}
    images = torch.randn(8, 1, 28, 28)
    try:
        with torch.no_grad():
            out = net(images)
    except RuntimeError as error:
        if "mat1 and mat2" in str(error):
            return "exercise.hint.flatten", {}
        raise
    if not isinstance(out, torch.Tensor) or tuple(out.shape) != (8, 10):
        return "exercise.hint.logits", {"got": _shape_of(out)}
    out = out.detach().cpu().to(torch.float64)
    if torch.allclose(out, out[:1].expand_as(out), atol=1e-6):
        return "exercise.hint.constant_output", {}
    if (out >= 0).all() and torch.allclose(out.sum(1), torch.ones(8, dtype=out.dtype)):
        return "exercise.hint.softmax_logits", {}
    if (out >= 0).all():
        return "exercise.hint.relu_logits", {}
    return None


def _count(net: nn.Module, weights_only: bool = False) -> int:
    return sum(p.numel() for n, p in net.named_parameters() if "weight" in n or not weights_only)


def _lenet28s() -> tuple[nn.Module, nn.Module]:
    """The parameter counts of the two LeNet28s exercise 2 accepts: fc1 = Linear(16·5·5, 120)
    (60074), and the image padded to 32 x 32 in front of the 32 x 32 LeNet, whose layers and so
    whose count (81194) are that LeNet's."""
    small = models.LeNet()
    small.fc1 = nn.Linear(16 * 5 * 5, 120)
    return small, models.LeNet()


def lenet_parameters(answer: Any) -> Hint:
    """The number of parameters, weights and biases, of the reader's LeNet28 of exercise 2,
    counted before printing. Exercise 2 accepts two LeNet28s, so two counts are right: 60074
    for fc1 = Linear(16·5·5, 120), and 81194 for the image padded to 32 x 32 (its layers are
    the 32 x 32 LeNet's)."""
    value = _number(answer)
    nets = _lenet28s()
    if value in {_count(net) for net in nets}:
        return None
    if value in {_count(net, weights_only=True) for net in nets}:
        return "exercise.hint.biases", {}
    return "exercise.hint.count", {}


# -- LeNet: training on real digits -----------------------------------------------------------

# (n, batch_size, drop_last): a short last batch kept and dropped, n a multiple of batch_size,
# and fewer samples than one batch.
_BATCH_CASES = [
    (1221, 64, False),
    (1221, 64, True),
    (1216, 32, False),
    (1216, 32, True),
    (10, 3, False),
    (10, 3, True),
    (5, 8, False),
    (5, 8, True),
]


def lenet_batches(answer: Any) -> Hint:
    """count_batches(n, batch_size, drop_last) -> the number of batches a DataLoader gives,
    len(DataLoader(range(n), batch_size=batch_size, drop_last=drop_last))."""
    count = _callable(answer, "count_batches(n, batch_size, drop_last)")
    got = [_number(count(n, size, drop)) for n, size, drop in _BATCH_CASES]
    right = [
        len(DataLoader(range(n), batch_size=size, drop_last=drop)) for n, size, drop in _BATCH_CASES
    ]
    if got == right:
        return None
    if got == [n // size for n, size, _ in _BATCH_CASES]:
        return "exercise.hint.batches_short", {}
    if got == [-(-n // size) for n, size, _ in _BATCH_CASES]:
        return "exercise.hint.batches_drop", {}
    if got == [n // size + (not drop) for n, size, drop in _BATCH_CASES]:
        return "exercise.hint.batches_exact", {}
    return "exercise.hint.batches", {}


def _images32() -> TensorDataset:
    """Five 1 x 32 x 32 images whose pixels all differ (so any wrong slice shows), labels 3 to 7."""
    images = torch.arange(5 * 32 * 32, dtype=torch.float32).reshape(5, 1, 32, 32)
    return TensorDataset(images, torch.arange(3, 8))


def lenet_dataset(answer: Any) -> Hint:
    """CenterCrop28: a Dataset class that wraps a dataset of 1 x 32 x 32 images and gives each
    image's central 28 x 28 pixels with its label; a DataLoader batches it."""
    crop = _class(answer, Dataset, "torch.utils.data.Dataset")
    wrapped = _images32()
    dataset = crop(wrapped)
    try:
        length = len(dataset)
    except TypeError:
        return "exercise.hint.dataset_len", {}
    if length != len(wrapped):
        return "exercise.hint.dataset_len", {}
    for index in range(len(wrapped)):
        item = dataset[index]
        if not (isinstance(item, tuple | list) and len(item) == 2):
            return "exercise.hint.dataset_pair", {}
        image, label = item
        expected, expected_label = wrapped[index]
        if not isinstance(image, torch.Tensor) or tuple(image.shape) != (1, 28, 28):
            return "exercise.hint.crop_shape", {"got": _shape_of(image)}
        if not torch.equal(image, expected[..., 2:30, 2:30]):
            return "exercise.hint.crop_centre", {}
        if not torch.equal(torch.as_tensor(label), expected_label):
            return "exercise.hint.dataset_label", {}
    images, labels = next(iter(DataLoader(dataset, batch_size=4)))
    if tuple(images.shape) != (4, 1, 28, 28) or tuple(labels.shape) != (4,):
        return "exercise.hint.crop_shape", {"got": _shape_of(images)}
    return None


# (losses, sizes): a short last batch with a loss far from the others', then equal batches.
_EPOCH_CASES = [
    ([0.9, 0.5, 0.3, 2.0], [64, 64, 64, 5]),
    ([1.2, 0.4], [32, 32]),
    ([0.25, 1.5, 0.75], [10, 3, 7]),
]


def lenet_epoch_loss(answer: Any) -> Hint:
    """epoch_loss(losses, sizes) -> the mean loss per image over an epoch, each batch's mean
    loss weighted by its number of images (to float32's precision: tensors are fine too)."""
    mean_loss = _callable(answer, "epoch_loss(losses, sizes)")
    for losses, sizes in _EPOCH_CASES:
        value = _number(mean_loss(list(losses), list(sizes)))
        total = sum(loss * size for loss, size in zip(losses, sizes, strict=True))
        if math.isclose(value, total / sum(sizes), rel_tol=1e-6):
            continue
        if math.isclose(value, sum(losses) / len(losses), rel_tol=1e-6):
            return "exercise.hint.epoch_mean_of_batches", {}
        if math.isclose(value, total, rel_tol=1e-6):
            return "exercise.hint.epoch_divide", {}
        if math.isclose(value, total / len(sizes), rel_tol=1e-6):
            return "exercise.hint.epoch_divide", {}
        return "exercise.hint.epoch_loss", {}
    return None


# -- ConvNet -----------------------------------------------------------------------------------


def convnet_conv2(answer: Any) -> Hint:
    """The shape of one image's output of conv2 in MNISTConvNet (before pooling): (20, 8, 8)."""
    value = _shape(answer)
    if value is None:
        raise _want("(C, H, W)", answer)
    if value == (20, 8, 8):
        return None
    if value == (1, 20, 8, 8):
        return "exercise.hint.batch_dim", {}
    if len(value) == 3 and sorted(value) == [8, 8, 20]:
        return "exercise.hint.channels_first", {}
    if len(value) != 3:
        raise WrongKind("exercise.want", expected="(C, H, W)", got=value)
    if value == (20, 4, 4):
        return "exercise.hint.after_pool", {}
    return "exercise.hint.conv_size", {}


def _accuracy_cases() -> list[tuple[torch.Tensor, torch.Tensor, float]]:
    """(logits, labels, accuracy): N = C first (so argmax(0) gives a number, not an error),
    then batches with more and fewer rows than classes; no accuracy is 0.5."""
    cases = []
    generator = torch.Generator().manual_seed(0)
    for rows, classes, hits in ((10, 10, 3), (8, 3, 6), (16, 10, 16), (5, 2, 1), (40, 10, 9)):
        logits = torch.randn(rows, classes, generator=generator)
        predicted = logits.argmax(1)
        labels = torch.where(torch.arange(rows) < hits, predicted, (predicted + 1) % classes)
        order = torch.randperm(rows, generator=generator)
        cases.append((logits[order], labels[order], hits / rows))
    return cases


def convnet_accuracy(answer: Any) -> Hint:
    """accuracy(logits, labels) -> the fraction of rows whose largest logit is the label,
    checked on several batches (N = C, N > C, N < C)."""
    accuracy = _callable(answer, "accuracy(logits, labels)")
    cases = _accuracy_cases()
    for logits, labels, expected in cases:
        value = _number(accuracy(logits.clone(), labels.clone()))
        if math.isclose(value, expected, abs_tol=1e-6):
            continue
        rows, classes = logits.shape
        if math.isclose(value, 100 * expected, rel_tol=1e-6):
            return "exercise.hint.percent", {}
        if math.isclose(value, expected * rows, rel_tol=1e-6):
            return "exercise.hint.fraction", {}
        if rows != classes and math.isclose(value, expected * rows / classes, rel_tol=1e-6):
            return "exercise.hint.divide_rows", {}
        try:
            others = {_number(accuracy(lg.clone(), lb.clone())) for lg, lb, _ in cases}
        except Exception:
            others = set()
        if others == {value}:
            return "exercise.hint.same_value", {"value": value}
        return "exercise.hint.argmax", {}
    return None


def _sgd_states(model: nn.Module, batches: list, zero_grad: bool = True) -> list[list]:
    """The parameters after each step of SGD (lr 0.1) on a copy of ``model``, as the right
    train_step leaves them (or, with ``zero_grad=False``, one that never clears .grad)."""
    model = copy.deepcopy(model)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    states, losses = [], []
    for x, y in batches:
        if zero_grad:
            optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        states.append([p.detach().clone() for p in model.parameters()])
        losses.append(loss.item())
    return states, losses


def _same(a: list[torch.Tensor], b: list[torch.Tensor]) -> bool:
    return all(_close(p, q) for p, q in zip(a, b, strict=True))


def convnet_train_step(answer: Any) -> Hint:
    """train_step(model, optimizer, x, y) -> the loss, as a float: the training steps.

    The check calls it on two batches of a two-layer model with SGD at lr = 0.1 and compares
    the weights after each call with those of the expected update: a missing step() and a
    step() before backward() leave the first call's weights unchanged. It does not look at
    .grad afterwards, so zero_grad() at the end of the step is right too.
    """
    step = _callable(answer, "train_step(model, optimizer, x, y)")
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 6), nn.ReLU(), nn.Linear(6, 3))
    batches = [(torch.randn(8, 4), torch.randint(0, 3, (8,))) for _ in range(2)]
    expected, expected_losses = _sgd_states(model, batches)
    accumulated, _ = _sgd_states(model, batches, zero_grad=False)
    start = [p.detach().clone() for p in model.parameters()]
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    backward_calls = []  # a hook on each weight: did a backward pass reach it?
    handles = [p.register_hook(lambda g: backward_calls.append(g)) for p in model.parameters()]
    try:
        losses, states = [], []
        for x, y in batches:
            losses.append(step(model, optimizer, x.clone(), y.clone()))
            states.append([p.detach().clone() for p in model.parameters()])
    finally:
        for handle in handles:
            handle.remove()
    losses = [_number(loss) for loss in losses]
    if not backward_calls:
        return "exercise.hint.backward_call", {}
    if _same(states[0], start):
        moved_later = not _same(states[1], start)
        return ("exercise.hint.step_order" if moved_later else "exercise.hint.step"), {}
    right_loss = [
        math.isclose(v, e, rel_tol=1e-5) for v, e in zip(losses, expected_losses, strict=True)
    ]
    if not _same(states[0], expected[0]):
        return ("exercise.hint.update" if right_loss[0] else "exercise.hint.cross_entropy"), {}
    if not right_loss[0]:
        return "exercise.hint.loss", {}
    if not _same(states[1], expected[1]):
        added_up = _same(states[1], accumulated[1])
        return ("exercise.hint.zero_grad" if added_up else "exercise.hint.update"), {}
    return None if right_loss[1] else ("exercise.hint.loss", {})


def _eval_model() -> tuple[nn.Module, torch.Tensor, torch.Tensor, float]:
    """A model with BatchNorm1d and Dropout whose running statistics are far from the batch's
    own (so a pass in training mode predicts differently), inputs, and labels on which its
    accuracy in evaluation mode is 0.7."""
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Linear(6, 32), nn.BatchNorm1d(32), nn.ReLU(), nn.Dropout(0.5), nn.Linear(32, 4)
    )
    with torch.no_grad():
        for _ in range(20):  # running statistics of inputs centred elsewhere
            model(torch.randn(16, 6) * 3 + 2)
        model.eval()
        images = torch.randn(40, 6)
        predicted = model(images).argmax(dim=1)
    labels = torch.where(torch.arange(40) < 28, predicted, (predicted + 1) % 4)
    return model, images, labels, 0.7


def _buffers(model: nn.Module) -> list[torch.Tensor]:
    return [b.detach().clone() for b in model.buffers()]


def convnet_forgot_eval(answer: Any) -> Hint:
    """accuracy_of(model, images, labels) -> the accuracy in evaluation mode, leaving the model
    in the mode it found it in. Called once on a model in training mode, once in evaluation
    mode; a forward pass in training mode shows as changed running statistics."""
    accuracy_of = _callable(answer, "accuracy_of(model, images, labels)")
    for training_mode in (True, False):
        model, images, labels, expected = _eval_model()
        model.train(training_mode)
        before = _buffers(model)
        value = _number(accuracy_of(model, images.clone(), labels.clone()))
        if math.isclose(value, 100 * expected, rel_tol=1e-6):
            return "exercise.hint.percent", {}
        if math.isclose(value, expected * len(labels), rel_tol=1e-6):
            return "exercise.hint.fraction", {}
        changed = not all(torch.equal(a, b) for a, b in zip(before, _buffers(model), strict=True))
        if not math.isclose(value, expected, abs_tol=1e-6):
            return ("exercise.hint.forgot_eval" if training_mode else "exercise.hint.argmax"), {}
        if changed:
            return "exercise.hint.buffers_changed", {}
        if model.training != training_mode:
            return "exercise.hint.restore_mode", {}
    return None


# -- generalisation ----------------------------------------------------------------------------

SPREAD_CASES = ([95.4, 96.3, 96.8], [0.127, 0.153, 0.120], [1.0, 2.0, 4.0, 9.0])
"""Seed results of the lesson's table, and a case of four seeds (where n - 1 and n differ more)."""


def _pair(answer: Any) -> tuple[float, float]:
    if isinstance(answer, str) or not hasattr(answer, "__len__") or len(answer) != 2:
        raise _want("(mean, standard deviation)", answer)
    return _number(answer[0]), _number(answer[1])


def generalisation_spread(answer: Any) -> Hint:
    """spread(values) -> (mean, standard deviation over n - 1), as torch.std gives by default."""
    spread = _callable(answer, "spread(values)")
    for values in SPREAD_CASES:
        mean, sd = _pair(spread(list(values)))
        n = len(values)
        expected = torch.tensor(values, dtype=torch.float64)
        right_mean, right_sd = expected.mean().item(), expected.std().item()
        if not math.isclose(mean, right_mean, rel_tol=1e-5):
            if math.isclose(mean, right_sd, rel_tol=1e-5):
                return "exercise.hint.mean_first", {}
            return "exercise.hint.mean", {}
        if math.isclose(sd, right_sd, rel_tol=1e-5):
            continue
        if math.isclose(sd, right_sd * math.sqrt((n - 1) / n), rel_tol=1e-5):
            return "exercise.hint.bessel", {}
        if math.isclose(sd, right_sd**2, rel_tol=1e-5):
            return "exercise.hint.variance", {}
        return "exercise.hint.std", {}
    return None


KEEP_BEST_LOSSES = (0.9, 0.7, 0.5, 0.6, 0.8)
"""Validation losses of five epochs: the best is the third, neither the first nor the last, and
its number counted from 0 (2) is another epoch."""


def generalisation_keep_best(answer: Any) -> Hint:
    """A class whose instances, called as ``keeper(model, history)`` after every epoch, keep
    ``epoch`` (from 1), ``val_loss`` and a copy of the ``state_dict()`` of the epoch with the
    lowest validation loss. The weights change in place between epochs, as an optimizer does."""
    if not inspect.isclass(answer):
        raise _want(text("exercise.kind_class", name="KeepBest"), answer)
    from nn_tutorial.training import History

    keeper = answer()
    torch.manual_seed(0)
    model = nn.Linear(3, 2)
    history, weights = History(), []
    for loss in KEEP_BEST_LOSSES:
        with torch.no_grad():
            model.weight.add_(1.0)  # in place, as optimizer.step() changes the weights
        history.train_loss.append(loss / 2)
        history.val_loss.append(loss)
        history.val_accuracy.append(1 - loss)
        history.seconds.append(0.0)
        weights.append(model.weight.detach().clone())
        keeper(model, history)
    best = KEEP_BEST_LOSSES.index(min(KEEP_BEST_LOSSES))  # 2: the third epoch
    epoch = getattr(keeper, "epoch", None)
    if epoch == best:
        return "exercise.hint.epoch_from_one", {}
    if epoch != best + 1:
        return "exercise.hint.lowest_loss", {}
    state = getattr(keeper, "state", None)
    if not isinstance(state, dict) or not isinstance(state.get("weight"), torch.Tensor):
        raise _want("state_dict()", state)
    if torch.equal(state["weight"], weights[-1]):
        return "exercise.hint.copy_state", {}
    if not torch.equal(state["weight"], weights[best]):
        return "exercise.hint.lowest_loss", {}
    return None


# -- hooks -------------------------------------------------------------------------------------


@functools.cache
def _digits28() -> torch.Tensor:
    return data.load_digits(image_size=28).validation.tensors[0][:32]


def _hook_model(scales: dict[str, float] | None = None) -> tuple[nn.Module, torch.Tensor]:
    """The lesson's MNISTConvNet (seed 0, eval mode), with some layers' weights scaled, and 32
    validation digits."""
    torch.manual_seed(0)
    model = models.MNISTConvNet().eval()
    with torch.no_grad():
        for name, scale in (scales or {}).items():
            getattr(model, name).weight.mul_(scale)
    return model, _digits28().clone()


def _layer_output(model: nn.Module, images: torch.Tensor, name: str) -> torch.Tensor:
    """The output of the layer ``name`` in a forward pass of ``model``."""
    seen = {}
    handle = getattr(model, name).register_forward_hook(
        lambda module, inputs, output: seen.update(out=output)
    )
    with torch.no_grad():
        model(images)
    handle.remove()
    return seen["out"]


def hooks_zero_fraction(answer: Any) -> Hint:
    """zero_fraction(model, images, name) -> the share of zeros after ReLU of layer ``name``'s
    output in one forward pass of the model, measured with a forward hook that is removed.
    Checked on "conv1", "conv2" and "fc1": calling the layer on the images yourself gives the
    first layer's share only."""
    measure = _callable(answer, "zero_fraction(model, images, name)")
    model, images = _hook_model()
    ran = []  # the last layer runs only when the whole model does
    for name in ("conv1", "conv2", "fc1"):
        expected = (torch.relu(_layer_output(model, images, name)) == 0).float().mean().item()
        ran.clear()
        handle = model.fc2.register_forward_hook(lambda module, inputs, output: ran.append(1))
        try:
            value = measure(model, images.clone(), name)
        except Exception:
            if not ran:
                return "exercise.hint.use_hook", {}
            raise
        finally:
            handle.remove()
        if _hooks_left(model):
            return "exercise.hint.remove_hook", {}
        value = _number(value)
        if not ran:
            return "exercise.hint.use_hook", {}
        if math.isclose(value, 1 - expected, abs_tol=1e-6):
            return "exercise.hint.zero_share", {}
        if not math.isclose(value, expected, abs_tol=1e-6):
            return "exercise.hint.relu_output", {}
    return None


@functools.cache
def _labels28() -> torch.Tensor:
    return data.load_digits(image_size=28).validation.tensors[1][:32]


SALIENCY_DIGITS = (0, 3, 7)
"""Digits of :func:`_digits28` the saliency check uses: the check's model predicts another
class than the label for each, so the label's logit and the loss give other maps."""


def _saliency_maps(model: nn.Module, image: torch.Tensor, label: int) -> dict[str, torch.Tensor]:
    """The gradient with respect to ``image`` of the predicted logit (``"right"``) and of what
    typical mistakes differentiate instead, signed."""
    image = image.detach().clone().requires_grad_(True)
    logits = model(image)
    predicted = int(logits.argmax(dim=1))
    targets = {
        "right": logits[0, predicted],
        "label": logits[0, label],
        "loss": nn.functional.cross_entropy(logits, torch.tensor([label])),
        "loss_predicted": nn.functional.cross_entropy(logits, torch.tensor([predicted])),
        "softmax": logits.softmax(dim=1)[0, predicted],
        "log_softmax": logits.log_softmax(dim=1)[0, predicted],
        "softmax_label": logits.softmax(dim=1)[0, label],
    }
    return {
        name: torch.autograd.grad(target, image, retain_graph=True)[0].to(torch.float64)
        for name, target in targets.items()
    }


SALIENCY_HINTS = {  # in this order: -log_softmax is the cross-entropy with the predicted class
    "label": "exercise.hint.saliency_label",
    "loss": "exercise.hint.saliency_loss",
    "softmax": "exercise.hint.saliency_softmax",
    "log_softmax": "exercise.hint.saliency_softmax",
    "softmax_label": "exercise.hint.saliency_softmax",
    "loss_predicted": "exercise.hint.saliency_softmax",
}


def _model_state(model: nn.Module) -> list[tuple[bool, torch.Tensor | None]]:
    return [
        (p.requires_grad, None if p.grad is None else p.grad.detach().clone())
        for p in model.parameters()
    ]


def _same_state(a: list, b: list) -> bool:
    return all(
        flag == other_flag
        and (grad is None) == (other is None)
        and (grad is None or torch.equal(grad, other))
        for (flag, grad), (other_flag, other) in zip(a, b, strict=True)
    )


def hooks_saliency(answer: Any) -> Hint:
    """saliency(model, image, label) -> |d logit[predicted] / d image|, shaped like the image
    (1 x 1 x 28 x 28), for the class the model predicts, which is not the label in the check's
    cases; the model is left as it was: no hook, the same .grad and requires_grad. Checked once
    with the weights' .grad empty (None) and once filled, so that clearing them is not enough."""
    compute = _callable(answer, "saliency(model, image, label)")
    for number, index in enumerate(SALIENCY_DIGITS):
        model, images = _hook_model()
        image, label = images[index : index + 1], int(_labels28()[index])
        maps = _saliency_maps(model, image, label)
        if number == 1:  # gradients left by an earlier backward pass must stay as they were
            for parameter in model.parameters():
                parameter.grad = torch.full_like(parameter, 0.5)
        before = _model_state(model)
        value = compute(model, image.clone(), label)
        if _hooks_left(model):
            return "exercise.hint.remove_hook", {}
        if not _same_state(before, _model_state(model)):
            return "exercise.hint.saliency_model", {}
        value = _tensor(value, tuple(image.shape))
        expected = maps["right"].abs()
        if _close(value, expected):
            continue
        if _close(value, maps["right"]):
            return "exercise.hint.saliency_abs", {}
        for name, key in SALIENCY_HINTS.items():
            if _close(value, maps[name].abs()) or _close(value, maps[name]):
                return key, {}
        factor = (value * expected).sum() / (expected * expected).sum()
        if factor > 0 and _close(value, factor * expected):
            return "exercise.hint.saliency_scaled", {}
        return "exercise.hint.saliency", {}
    return None


def hooks_clamp(answer: Any) -> Hint:
    """attach_clamp(tensor, limit): a tensor hook that clamps the gradient to [-limit, limit]
    and returns it as a new tensor (a hook must not modify its argument)."""
    attach = _callable(answer, "attach_clamp(tensor, limit)")
    limit = 0.5
    grad = torch.tensor([10.0, 0.1, -10.0, -0.3, 0.5, -0.5, 0.6, -0.7, 0.49, -0.51])
    leaf = torch.linspace(-1.0, 1.0, len(grad)).requires_grad_(True)
    tensor = leaf * 1.0  # the hook's tensor; backward(grad) hands it grad itself
    attach(tensor, limit)
    given = grad.clone()
    tensor.backward(grad)
    if not torch.equal(grad, given):
        return "exercise.hint.hook_in_place", {}
    if leaf.grad is None or torch.allclose(leaf.grad, given):
        return "exercise.hint.hook_return", {}
    return None if _close(leaf.grad, given.clamp(-limit, limit)) else ("exercise.hint.clamp", {})


# -- RNN ---------------------------------------------------------------------------------------


def rnn_lstm_shapes(answer: Any) -> Hint:
    """The shapes of output, h and c of nn.LSTM(8, 64, batch_first=True) on a (32, 8, 8) batch."""
    shapes = [_shape(shape) for shape in answer] if isinstance(answer, tuple | list) else []
    if len(shapes) != 3 or None in shapes:
        raise _want("(output, h, c)", answer)
    output = shapes[0]
    if shapes == [(32, 8, 64), (1, 32, 64), (1, 32, 64)]:
        return None
    if output == (8, 32, 64):
        return "exercise.hint.batch_first", {}
    if output == (32, 64):
        return "exercise.hint.output_last", {}
    if output != (32, 8, 64):
        return "exercise.hint.output_shape", {}
    return "exercise.hint.state_shape", {}


def rnn_lstm_parameters(answer: Any) -> Hint:
    """The number of parameters of nn.LSTM(8, 64)."""
    value = _number(answer)
    one_gate = 64 * 8 + 64 * 64 + 64 + 64
    if value == 4 * one_gate:
        return None
    if value == one_gate:
        return "exercise.hint.gates", {}
    if value == 4 * (one_gate - 64):
        return "exercise.hint.two_biases", {}
    if value == 4 * (one_gate - 2 * 64):
        return "exercise.hint.biases", {}
    return "exercise.hint.count", {}


RNN_EPOCHS = 6


def rnn_cell_classifier(answer: Any) -> Hint:
    """A classifier class that applies one nn.RNNCell(8, 64) step by step, carrying the hidden
    state from step to step, and reaches 85% on the validation rows after a short training."""
    classifier = _class(answer, nn.Module, "nn.Module")
    train, validation, _ = data.digit_sequences()
    torch.manual_seed(0)
    model = classifier()
    cells = [m for m in model.modules() if isinstance(m, nn.RNNCell)]
    if not cells:
        return "exercise.hint.rnn_cell", {}
    states = {id(cell): [] for cell in cells}

    def record(module, args, kwargs):
        hx = args[1] if len(args) > 1 else kwargs.get("hx")
        states[id(module)].append(hx)

    handles = [cell.register_forward_pre_hook(record, with_kwargs=True) for cell in cells]
    try:
        with torch.no_grad():
            out = model(train.tensors[0][:4].clone())
    finally:
        for handle in handles:
            handle.remove()
    if not isinstance(out, torch.Tensor) or tuple(out.shape) != (4, 10):
        return "exercise.hint.logits", {"got": _shape_of(out)}
    for hxs in states.values():
        if len(hxs) != 8:
            return "exercise.hint.cell_steps", {"calls": len(hxs)}
        for step, hx in enumerate(hxs[1:], start=2):
            if hx is None or not bool(hx.detach().any()):
                return "exercise.hint.carry_state", {"step": step}
    optimizer = torch.optim.Adam(model.parameters(), lr=5e-3)
    loader = torch.utils.data.DataLoader(
        train, batch_size=64, shuffle=True, generator=torch.Generator().manual_seed(0)
    )
    for _ in range(RNN_EPOCHS):
        for x, y in loader:
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
    with torch.no_grad():
        x, y = validation.tensors
        accuracy = (model(x).argmax(1) == y).float().mean().item()
    if accuracy >= 0.85:
        return None
    return "exercise.hint.accuracy", {"accuracy": accuracy, "epochs": RNN_EPOCHS}


# -- autograd MLP ------------------------------------------------------------------------------


def mlp_momentum(answer: Any) -> Hint:
    """momentum_step(params, velocities, lr, momentum): SGD with momentum, as torch.optim.SGD,
    five steps with each of two (lr, momentum) pairs; the parameters and the velocities are
    updated in place (or the velocities replaced in their list)."""
    step = _callable(answer, "momentum_step(params, velocities, lr, momentum)")
    for lr, momentum in ((0.1, 0.9), (0.05, 0.5)):
        torch.manual_seed(0)
        mine = [torch.randn(3, 2, requires_grad=True), torch.randn(2, requires_grad=True)]
        theirs = [p.detach().clone().requires_grad_(True) for p in mine]
        velocities = [torch.zeros_like(p) for p in mine]
        optimizer = torch.optim.SGD(theirs, lr=lr, momentum=momentum)
        for number in range(1, 6):
            grads = [torch.randn_like(p) for p in mine]
            for p, q, g in zip(mine, theirs, grads, strict=True):
                p.grad, q.grad = g.clone(), g.clone()
            before = [p.detach().clone() for p in mine]
            with torch.no_grad():
                step(mine, velocities, lr, momentum)
            optimizer.step()
            if all(_close(p.detach(), q.detach()) for p, q in zip(mine, theirs, strict=True)):
                continue
            if all(torch.equal(p.detach(), b) for p, b in zip(mine, before, strict=True)):
                return "exercise.hint.param_in_place", {"step": number}
            if number == 1:
                return "exercise.hint.momentum_first", {"step": number}
            if not any(bool(torch.as_tensor(v).any()) for v in velocities):
                return "exercise.hint.velocity", {"step": number}
            return "exercise.hint.velocity_carry", {"step": number}
    return None


def mlp_relu_backward(answer: Any) -> Hint:
    """relu_backward(grad_output, x): the gradient ReLU passes back, as autograd computes it:
    grad_output where x > 0, 0 elsewhere (at x = 0 too). The inputs have values on both sides
    of 0 and of 1, and negative gradients where x < 0 and where x > 0."""
    backward = _callable(answer, "relu_backward(grad_output, x)")
    x = torch.tensor([-1.0, 0.0, 0.5, 2.0, -3.0, 3.0, 0.25, -0.5])
    grad_output = torch.tensor([5.0, 5.0, 5.0, 5.0, -2.0, -1.0, -4.0, 3.0])
    value = _tensor(backward(grad_output.clone(), x.clone()), (8,))
    expected = torch.where(x > 0, grad_output, 0.0).to(torch.float64)
    if torch.equal(value, expected):
        return None
    g = grad_output.to(torch.float64)
    if torch.equal(value, torch.relu(g)):  # masked by the gradient's sign
        return "exercise.hint.relu_input", {}
    if torch.equal(value, torch.where(x >= 0, g, 0.0)):
        return "exercise.hint.relu_zero", {}
    return "exercise.hint.relu_mask", {}


INIT_SIZES = ((1000, 100), (64, 512), (16, 2000), (4096, 10))
"""(fan_in, fan_out) of the weights the initialisation exercise asks for: fan_in from 16 to
4096, with fan_out larger and smaller than fan_in by different factors, so that a scale
fixed for one size, one that follows fan_out and one that follows fan_in + fan_out each give
x @ w a standard deviation far from 1 somewhere."""

INIT_STD = (0.85, 1.55)
"""The standard deviations of x @ w accepted: 1 (LeCun, N(0, 1/fan_in)) to about 1.41
(Kaiming for a ReLU, N(0, 2/fan_in)), with room for the sampling noise of one draw."""


def _spread(answer: Callable, fan_in: int, fan_out: int) -> tuple[torch.Tensor, float]:
    """The weight the answer makes for one size, and the std of x @ w for x ~ N(0, 1)."""
    value = answer(fan_in, fan_out)
    weight = _as_tensor(value)
    if tuple(weight.shape) == (fan_out, fan_in):
        raise WrongKind("exercise.hint.init_layout", fan_in=fan_in, fan_out=fan_out)
    weight = _tensor(weight, (fan_in, fan_out))
    x = torch.randn(
        256, fan_in, generator=torch.Generator().manual_seed(fan_in), dtype=weight.dtype
    )
    return weight, (x @ weight).std().item()


def _constant(ratios: list[float]) -> bool:
    """Whether the ratios are one number, up to the sampling noise of the draws."""
    return all(r > 0 and math.isfinite(r) for r in ratios) and max(ratios) < 1.3 * min(ratios)


def mlp_init_scale(answer: Any) -> Hint:
    """init_weight(fan_in, fan_out) -> a new random weight shaped fan_in x fan_out (the layer
    computes x @ w), scaled so that x @ w has a standard deviation of about 1 (1 to 1.41:
    N(0, 1/fan_in), Kaiming's N(0, 2/fan_in) and uniform draws of the same spread are right)
    for x ~ N(0, 1), at every size of INIT_SIZES; then the lesson's two-layer network, with
    w1 and w2 from it, trains with a mean loss at lr 1e-2."""
    make = _callable(answer, "init_weight(fan_in, fan_out)")
    torch.manual_seed(0)
    stds = []
    for fan_in, fan_out in INIT_SIZES:
        weight, std = _spread(make, fan_in, fan_out)
        if not torch.isfinite(weight).all():
            stds.append(math.inf)  # shown as inf in the hint
            continue
        if weight.std().item() == 0:
            return "exercise.hint.init_random", {}
        if abs(weight.mean().item()) > 0.2 * weight.std().item():
            return "exercise.hint.init_mean", {}
        stds.append(std)
    if not all(INIT_STD[0] <= std <= INIT_STD[1] for std in stds):
        fan_ins = [fan_in for fan_in, _ in INIT_SIZES]
        ratio = [fan_in / fan_out for fan_in, fan_out in INIT_SIZES]
        if _constant([s / n**0.5 for s, n in zip(stds, fan_ins, strict=True)]):
            return "exercise.hint.init_unscaled", _extremes(stds)
        if _constant([s * n**0.5 for s, n in zip(stds, fan_ins, strict=True)]):
            return "exercise.hint.init_fan_in", _extremes(stds)
        if _constant([s / r**0.5 for s, r in zip(stds, ratio, strict=True)]):
            return "exercise.hint.init_fan_out", _extremes(stds)
        if _constant(stds):
            return "exercise.hint.init_factor", {"std": sum(stds) / len(stds)}
        return "exercise.hint.init_size", _extremes(stds)
    x, y = data.random_regression(32, 1000, 2, seed=0)
    net = models.TwoLayerNet(1000, 100, 2)
    net.w1 = _as_tensor(make(1000, 100)).float().requires_grad_()
    net.w2 = _as_tensor(make(100, 2)).float().requires_grad_()
    with torch.no_grad():
        first = (net(x) - y).pow(2).mean().item()
    try:
        last = training.train_two_layer_net(
            net, x, y, lr=1e-2, steps=200, reduction="mean", log=None
        )[-1]
    except FloatingPointError:  # the loss overflowed
        last = math.inf
    if not last < 1e-3 * first:
        return "exercise.hint.init_train", {"first": first, "last": last}
    return None


def _extremes(stds: list[float]) -> dict[str, Any]:
    """The fields of a hint: the smallest and the largest std of x @ w and their sizes."""
    low, high = stds.index(min(stds)), stds.index(max(stds))
    return {
        "low": stds[low],
        "low_in": INIT_SIZES[low][0],
        "low_out": INIT_SIZES[low][1],
        "high": stds[high],
        "high_in": INIT_SIZES[high][0],
        "high_out": INIT_SIZES[high][1],
    }


EXERCISES: dict[str, Callable[[Any], Hint]] = {
    "autograd-accumulate": autograd_accumulate,
    "autograd-vjp": autograd_vjp,
    "autograd-square": autograd_square,
    "autograd-inplace-bug": autograd_inplace_bug,
    "lenet-flatten": lenet_flatten,
    "lenet-28x28": lenet_28,
    "lenet-parameters": lenet_parameters,
    "lenet-batches": lenet_batches,
    "lenet-dataset": lenet_dataset,
    "lenet-epoch-loss": lenet_epoch_loss,
    "convnet-conv2": convnet_conv2,
    "convnet-accuracy": convnet_accuracy,
    "convnet-train-step": convnet_train_step,
    "convnet-forgot-eval": convnet_forgot_eval,
    "generalisation-spread": generalisation_spread,
    "generalisation-keep-best": generalisation_keep_best,
    "hooks-zero-fraction": hooks_zero_fraction,
    "hooks-saliency": hooks_saliency,
    "hooks-clamp": hooks_clamp,
    "rnn-lstm-shapes": rnn_lstm_shapes,
    "rnn-lstm-parameters": rnn_lstm_parameters,
    "rnn-cell-classifier": rnn_cell_classifier,
    "mlp-momentum": mlp_momentum,
    "mlp-relu-backward": mlp_relu_backward,
    "mlp-init-scale": mlp_init_scale,
}
"""Exercise id -> its check."""


def _known(exercise: str) -> Callable[[Any], Hint]:
    if exercise not in EXERCISES:
        raise ValueError(
            f"no exercise {exercise!r}; the exercises are: {', '.join(sorted(EXERCISES))}."
        )
    return EXERCISES[exercise]


def diagnose(exercise: str, answer: Any) -> Hint:
    """``None`` when ``answer`` solves ``exercise``; else the key and fields of the message
    :func:`verdict` shows: a hint, a key such as ``exercise.want`` for an answer of the wrong
    kind, or ``exercise.raised`` when the reader's code raised. The check runs with autograd
    on, and leaves the global random state as it found it."""
    check_answer = _known(exercise)
    try:
        with torch.random.fork_rng(devices=[]), torch.enable_grad():
            return check_answer(answer)
    except WrongKind as error:  # the checker's own "expected X, got Y"
        return error.key, error.fields
    except Exception as error:  # the reader's code raised: say so, without our traceback
        return "exercise.raised", {"error": f"{type(error).__name__}: {error}"}


def verdict(exercise: str, answer: Any) -> tuple[bool, str]:
    """Whether ``answer`` solves ``exercise``, and what :func:`check` prints about it."""
    _known(exercise)
    if answer is ... or answer is None:
        return False, text("exercise.unanswered", exercise=exercise)
    hint = diagnose(exercise, answer)
    if hint is None:
        return True, text("exercise.right", exercise=exercise)
    key, fields = hint
    if key == "exercise.raised":
        return False, text(key, exercise=exercise, **fields)
    return False, text("exercise.wrong", exercise=exercise, hint=text(key, **fields))


def check(exercise: str, answer: Any) -> None:
    """Print whether ``answer`` solves ``exercise``, with a hint when it does not.

    ``...`` or ``None`` is an answer not written yet. (It returns nothing, so a notebook
    or a page shows only the sentence; :func:`verdict` gives the answer as a bool.)
    """
    print(verdict(exercise, answer)[1])
