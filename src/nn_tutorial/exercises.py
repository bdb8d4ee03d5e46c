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

from nn_tutorial import data, models
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
    net = _class(answer, nn.Module, "nn.Module")()
    convs = sum(isinstance(m, nn.Conv2d) for m in net.modules())
    linears = sum(isinstance(m, nn.Linear) for m in net.modules())
    if (convs, linears) != (2, 3):
        return "exercise.hint.lenet_layers", {"convs": convs, "linears": linears}
    torch.manual_seed(0)
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


LEARNING_RATES = (1e-7, 1e-6, 1e-5, 1e-4)
"""The choices of the exercise; with the lesson's loop (training.train_two_layer_net on its
data and weights), 1e-5 and 1e-4 make the loss infinite within 6 steps and 1e-7 and 1e-6 do
not (tests/test_exercises.py measures it)."""


def mlp_learning_rate(answer: Any) -> Hint:
    """The largest of 1e-7, 1e-6, 1e-5, 1e-4 with which the lesson's loop does not diverge."""
    value = _number(answer)
    choice = next((lr for lr in LEARNING_RATES if math.isclose(value, lr, rel_tol=1e-6)), None)
    if choice is None:
        return "exercise.hint.not_a_choice", {}
    if choice == 1e-6:
        return None
    if choice > 1e-6:
        return "exercise.hint.too_large", {}
    return "exercise.hint.too_small", {}


EXERCISES: dict[str, Callable[[Any], Hint]] = {
    "autograd-accumulate": autograd_accumulate,
    "autograd-vjp": autograd_vjp,
    "autograd-square": autograd_square,
    "lenet-flatten": lenet_flatten,
    "lenet-28x28": lenet_28,
    "lenet-parameters": lenet_parameters,
    "convnet-conv2": convnet_conv2,
    "convnet-accuracy": convnet_accuracy,
    "convnet-train-step": convnet_train_step,
    "hooks-zero-fraction": hooks_zero_fraction,
    "hooks-saliency": hooks_saliency,
    "hooks-clamp": hooks_clamp,
    "rnn-lstm-shapes": rnn_lstm_shapes,
    "rnn-lstm-parameters": rnn_lstm_parameters,
    "rnn-cell-classifier": rnn_cell_classifier,
    "mlp-momentum": mlp_momentum,
    "mlp-relu-backward": mlp_relu_backward,
    "mlp-learning-rate": mlp_learning_rate,
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
