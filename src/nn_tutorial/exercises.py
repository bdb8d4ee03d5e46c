"""Check a reader's answer to a lesson's exercise: right, or the hint that helps most.

Each lesson ends with exercises; each has an id and a cell that calls
``check("lenet-flatten", answer)``. The checker runs the answer against the known
one and prints, in the language set by :func:`nn_tutorial.set_language`, whether it
is right and, when it is not, the most useful hint. It never prints the solution.
An answer that raises, or is of the wrong kind, gets a message that says what was
expected and what came, not a traceback from inside the checker.

Each exercise is one function below: it takes the answer and returns ``None`` when
it is right, or ``(message key, fields)`` for the hint.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable
from typing import Any

import torch
from torch import nn

from nn_tutorial import data, models
from nn_tutorial.language import text

__all__ = ["EXERCISES", "check", "verdict"]

Hint = tuple[str, dict[str, Any]] | None


class WrongKind(Exception):
    """The answer is not the kind of thing the exercise asks for (its message says which)."""


def _number(answer: Any) -> float:
    if isinstance(answer, torch.Tensor) and answer.numel() == 1:
        return float(answer)
    if isinstance(answer, bool) or not isinstance(answer, int | float):
        raise WrongKind(
            text("exercise.want", expected=text("exercise.a_number"), got=_kind(answer))
        )
    return float(answer)


def _tensor(answer: Any, shape: tuple[int, ...]) -> torch.Tensor:
    if not isinstance(answer, torch.Tensor):
        raise WrongKind(text("exercise.want", expected="torch.Tensor", got=_kind(answer)))
    if tuple(answer.shape) != shape:
        raise WrongKind(text("exercise.shape", expected=shape, got=tuple(answer.shape)))
    return answer.detach().to(torch.float64)


def _callable(answer: Any, what: str) -> Callable:
    if not callable(answer):
        raise WrongKind(text("exercise.want", expected=what, got=_kind(answer)))
    return answer


def _kind(answer: Any) -> str:
    return type(answer).__name__


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
    """x.grad after y.backward(v), for the function and v the exercise gives: v @ J."""
    x = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
    v = torch.tensor([1.0, 0.5], dtype=torch.float64)
    jacobian = torch.autograd.functional.jacobian(_vjp_function, x)
    if isinstance(answer, torch.Tensor) and tuple(answer.shape) == (2, 3):
        return "exercise.hint.vjp_matrix", {}
    value = _tensor(answer, (3,))
    if torch.allclose(value, v @ jacobian):
        return None
    if torch.allclose(value, jacobian.sum(0)):
        return "exercise.hint.vjp_weights", {}
    return "exercise.hint.vjp", {}


def autograd_square(answer: Any) -> Hint:
    """A torch.autograd.Function computing x², with its own backward 2 x · grad."""
    if not (inspect.isclass(answer) and issubclass(answer, torch.autograd.Function)):
        raise WrongKind(
            text("exercise.want", expected="torch.autograd.Function", got=_kind(answer))
        )
    x = torch.tensor([-1.5, 0.25, 2.0], dtype=torch.float64, requires_grad=True)
    if not torch.allclose(answer.apply(x), x.detach() ** 2):
        return "exercise.hint.forward", {}
    if not torch.autograd.gradcheck(answer.apply, (x,), raise_exception=False):
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
    """A LeNet for 1 x 28 x 28 images: 10 logits per image."""
    if not (inspect.isclass(answer) and issubclass(answer, nn.Module)):
        raise WrongKind(text("exercise.want", expected="nn.Module", got=_kind(answer)))
    torch.manual_seed(0)
    try:
        out = answer()(torch.randn(4, 1, 28, 28))
    except RuntimeError as error:
        if "mat1 and mat2" in str(error):
            return "exercise.hint.flatten", {}
        raise
    if tuple(out.shape) != (4, 10):
        return "exercise.hint.logits", {"got": tuple(out.shape)}
    return None


def lenet_parameters(answer: Any) -> Hint:
    """The number of parameters, weights and biases, of LeNet for 28 x 28 images (exercise 2:
    fc1 takes 16 x 5 x 5 inputs), counted before printing."""
    value = _number(answer)
    net = models.LeNet()
    net.fc1 = nn.Linear(16 * 5 * 5, 120)
    if value == sum(p.numel() for p in net.parameters()):
        return None
    if value == sum(p.numel() for p in models.LeNet().parameters()):
        return "exercise.hint.count_variant", {}
    if value == sum(p.numel() for name, p in net.named_parameters() if "weight" in name):
        return "exercise.hint.biases", {}
    return "exercise.hint.count", {}


# -- ConvNet -----------------------------------------------------------------------------------


def convnet_conv2(answer: Any) -> Hint:
    """The shape of one image's output of conv2 in MNISTConvNet (before pooling)."""
    if not isinstance(answer, tuple | list | torch.Size):
        raise WrongKind(text("exercise.want", expected="(C, H, W)", got=_kind(answer)))
    value = tuple(int(n) for n in answer)
    if value == (20, 8, 8):
        return None
    if value == (20, 4, 4):
        return "exercise.hint.after_pool", {}
    return "exercise.hint.conv_size", {}


def convnet_accuracy(answer: Any) -> Hint:
    """accuracy(logits, labels) -> the fraction of rows whose largest logit is the label."""
    accuracy = _callable(answer, "accuracy(logits, labels)")
    logits = torch.tensor([[2.0, 1.0, 0.0], [0.0, 3.0, 1.0], [0.5, 0.2, 0.9], [1.0, 0.0, 4.0]])
    labels = torch.tensor([0, 1, 0, 1])
    value = _number(accuracy(logits, labels))
    if math.isclose(value, 0.5):
        return None
    if value == 2:
        return "exercise.hint.fraction", {}
    return "exercise.hint.argmax", {}


def convnet_train_step(answer: Any) -> Hint:
    """train_step(model, optimizer, x, y) -> the loss, as a float: the six steps."""
    step = _callable(answer, "train_step(model, optimizer, x, y)")
    torch.manual_seed(0)
    model = nn.Linear(4, 3)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.0)  # lr 0: the weights stay put
    x, y = torch.randn(8, 4), torch.tensor([0, 1, 2, 0, 1, 2, 0, 1])
    expected = nn.functional.cross_entropy(model(x), y)
    (once,) = torch.autograd.grad(expected, model.weight)
    loss = _number(step(model, optimizer, x, y))
    step(model, optimizer, x, y)
    if model.weight.grad is None:
        return "exercise.hint.backward_call", {}
    if torch.allclose(model.weight.grad, 2 * once):
        return "exercise.hint.zero_grad", {}
    if not math.isclose(loss, expected.item(), rel_tol=1e-5):
        return "exercise.hint.loss", {}
    return None


# -- hooks -------------------------------------------------------------------------------------


def _hook_model() -> tuple[nn.Module, torch.Tensor]:
    torch.manual_seed(0)
    model = models.MNISTConvNet()
    return model, data.load_digits(image_size=28).validation.tensors[0][:32]


def hooks_zero_fraction(answer: Any) -> Hint:
    """zero_fraction(model, images, name) -> the share of zeros after ReLU of layer ``name``."""
    measure = _callable(answer, "zero_fraction(model, images, name)")
    model, images = _hook_model()
    with torch.no_grad():
        after_conv1 = torch.relu(model.conv1(images))
    expected = (after_conv1 == 0).float().mean().item()
    value = _number(measure(model, images, "conv1"))
    if any(m._forward_hooks for m in model.modules()):
        return "exercise.hint.remove_hook", {}
    if math.isclose(value, expected, abs_tol=1e-6):
        return None
    if math.isclose(value, 1 - expected, abs_tol=1e-6):
        return "exercise.hint.zero_share", {}
    return "exercise.hint.relu_output", {}


def hooks_largest_grad(answer: Any) -> Hint:
    """largest_grad(model, images, labels) -> the name of the layer whose output gradient
    has the largest norm after one backward pass."""
    find = _callable(answer, "largest_grad(model, images, labels)")
    model, images = _hook_model()
    labels = torch.arange(len(images)) % 10
    norms = {}
    handles = [
        getattr(model, name).register_full_backward_hook(
            lambda module, grad_in, grad_out, name=name: norms.__setitem__(
                name, grad_out[0].norm().item()
            )
        )
        for name in ("conv2", "fc1", "fc2")
    ]
    nn.functional.cross_entropy(model(images), labels).backward()
    for handle in handles:
        handle.remove()
    model.zero_grad()
    value = find(model, images, labels)
    if not isinstance(value, str):
        raise WrongKind(text("exercise.want", expected="str", got=_kind(value)))
    return None if value == max(norms, key=norms.get) else ("exercise.hint.grad_norm", {})


def hooks_clamp(answer: Any) -> Hint:
    """attach_clamp(tensor, limit): a tensor hook that clamps its gradient to [-limit, limit]."""
    attach = _callable(answer, "attach_clamp(tensor, limit)")
    x = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
    attach(x, 0.5)
    (x * torch.tensor([10.0, 0.1, -10.0])).sum().backward()
    if x.grad is None or torch.allclose(x.grad, torch.tensor([10.0, 0.1, -10.0])):
        return "exercise.hint.hook_return", {}
    return (
        None
        if torch.allclose(x.grad, torch.tensor([0.5, 0.1, -0.5]))
        else ("exercise.hint.clamp", {})
    )


# -- RNN ---------------------------------------------------------------------------------------


def rnn_lstm_shapes(answer: Any) -> Hint:
    """The shapes of output, h and c of nn.LSTM(8, 64, batch_first=True) on a (32, 8, 8) batch."""
    if not (isinstance(answer, tuple | list) and len(answer) == 3):
        raise WrongKind(text("exercise.want", expected="(output, h, c)", got=_kind(answer)))
    shapes = [tuple(int(n) for n in shape) for shape in answer]
    if shapes == [(32, 8, 64), (1, 32, 64), (1, 32, 64)]:
        return None
    if shapes[0] == (8, 32, 64):
        return "exercise.hint.batch_first", {}
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
    return "exercise.hint.count", {}


def rnn_cell_classifier(answer: Any) -> Hint:
    """A classifier class built on nn.RNNCell(8, 64) that reaches 85% on the validation rows."""
    if not (inspect.isclass(answer) and issubclass(answer, nn.Module)):
        raise WrongKind(text("exercise.want", expected="nn.Module", got=_kind(answer)))
    train, validation, _ = data.digit_sequences()
    torch.manual_seed(0)
    model = answer()
    out = model(train.tensors[0][:4])
    if tuple(out.shape) != (4, 10):
        return "exercise.hint.logits", {"got": tuple(out.shape)}
    optimizer = torch.optim.Adam(model.parameters(), lr=5e-3)
    loader = torch.utils.data.DataLoader(
        train, batch_size=64, shuffle=True, generator=torch.Generator().manual_seed(0)
    )
    for _ in range(6):
        for x, y in loader:
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
    with torch.no_grad():
        x, y = validation.tensors
        accuracy = (model(x).argmax(1) == y).float().mean().item()
    return None if accuracy >= 0.85 else ("exercise.hint.accuracy", {"accuracy": accuracy})


# -- autograd MLP ------------------------------------------------------------------------------


def mlp_momentum(answer: Any) -> Hint:
    """momentum_step(params, velocities, lr, momentum): SGD with momentum, as torch.optim.SGD."""
    step = _callable(answer, "momentum_step(params, velocities, lr, momentum)")
    torch.manual_seed(0)
    mine = [torch.randn(3, 2, requires_grad=True), torch.randn(2, requires_grad=True)]
    theirs = [p.detach().clone().requires_grad_(True) for p in mine]
    velocities = [torch.zeros_like(p) for p in mine]
    optimizer = torch.optim.SGD(theirs, lr=0.1, momentum=0.9)
    for number in range(5):
        grads = [torch.randn_like(p) for p in mine]
        for p, q, g in zip(mine, theirs, grads, strict=True):
            p.grad, q.grad = g.clone(), g.clone()
        with torch.no_grad():
            step(mine, velocities, 0.1, 0.9)
        optimizer.step()
        if not all(torch.allclose(p, q, atol=1e-6) for p, q in zip(mine, theirs, strict=True)):
            hint = "exercise.hint.momentum_first" if number == 0 else "exercise.hint.velocity"
            return hint, {"step": number + 1}
    return None


def mlp_relu_backward(answer: Any) -> Hint:
    """relu_backward(grad_output, x): the gradient ReLU passes back, as autograd computes it."""
    backward = _callable(answer, "relu_backward(grad_output, x)")
    x = torch.tensor([-1.0, 0.0, 2.0, 3.0])
    grad_output = torch.tensor([5.0, 5.0, 5.0, -1.0])
    value = _tensor(backward(grad_output, x), (4,))
    if torch.equal(value, torch.tensor([0.0, 0.0, 5.0, -1.0], dtype=torch.float64)):
        return None
    if value[1] == 5:
        return "exercise.hint.relu_zero", {}
    return "exercise.hint.relu_mask", {}


def mlp_learning_rate(answer: Any) -> Hint:
    """The largest of 1e-7, 1e-6, 1e-5, 1e-4 with which the lesson's loop does not diverge."""
    value = _number(answer)
    if math.isclose(value, 1e-6):
        return None
    if value > 1e-6:
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
    "hooks-largest-grad": hooks_largest_grad,
    "hooks-clamp": hooks_clamp,
    "rnn-lstm-shapes": rnn_lstm_shapes,
    "rnn-lstm-parameters": rnn_lstm_parameters,
    "rnn-cell-classifier": rnn_cell_classifier,
    "mlp-momentum": mlp_momentum,
    "mlp-relu-backward": mlp_relu_backward,
    "mlp-learning-rate": mlp_learning_rate,
}
"""Exercise id -> its check."""


def verdict(exercise: str, answer: Any) -> tuple[bool, str]:
    """Whether ``answer`` solves ``exercise``, and what :func:`check` prints about it."""
    if exercise not in EXERCISES:
        raise ValueError(
            f"no exercise {exercise!r}; the exercises are: {', '.join(sorted(EXERCISES))}."
        )
    if answer is ... or answer is None:
        return False, text("exercise.unanswered", exercise=exercise)
    try:
        hint = EXERCISES[exercise](answer)
    except WrongKind as error:  # the checker's own "expected X, got Y"
        return False, text("exercise.wrong", exercise=exercise, hint=str(error))
    except Exception as error:  # the reader's code raised: say so, without our traceback
        return False, text(
            "exercise.raised", exercise=exercise, error=f"{type(error).__name__}: {error}"
        )
    if hint is None:
        return True, text("exercise.right", exercise=exercise)
    key, fields = hint
    return False, text("exercise.wrong", exercise=exercise, hint=text(key, **fields))


def check(exercise: str, answer: Any) -> None:
    """Print whether ``answer`` solves ``exercise``, with a hint when it does not.

    ``...`` or ``None`` is an answer not written yet. (It returns nothing, so a notebook
    or a page shows only the sentence; :func:`verdict` gives the answer as a bool.)
    """
    print(verdict(exercise, answer)[1])
