"""The exercises: every solution on the pages passes its check, typical mistakes get their hint
(in English and in Korean), and a broken answer gets a message, not the checker's traceback."""

from __future__ import annotations

import contextlib
import copy
import io
import math
import re
import statistics
import warnings

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from conftest import catalog_word
from site_facts import GALLERY, LANGUAGES, LESSONS
from torch import nn

from nn_tutorial import data, exercises, language, models, training


def solutions(language_code: str) -> list[tuple[str, str]]:
    """(lesson, code) of every solution cell in the lessons of one edition, as the page shows it."""
    found = []
    for path in sorted((GALLERY / language_code).glob("plot_*.py")):
        for block in re.split(r"(?m)^# %%\n", path.read_text(encoding="utf-8"))[1:]:
            first, _, code = block.partition("\n")
            if first == f"# **{catalog_word(language_code, 'Solution')}**":
                found.append((path.stem, code))
    return found


def printed(function, *args) -> tuple[object, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        result = function(*args)
    return result, out.getvalue()


@pytest.fixture
def speaking():
    """Set the package's language for one test, and back to English after it."""
    yield language.set_language
    language.set_language("en")


@pytest.mark.parametrize("language_code", LANGUAGES)
def test_every_solution_on_the_pages_passes_its_check(language_code, speaking):
    speaking(language_code)
    found = solutions(language_code)
    ids = set()
    namespaces = {}  # one a lesson: a solution may use an earlier one's, as on the page
    for lesson, code in found:
        namespace = namespaces.setdefault(
            lesson, {"torch": torch, "nn": nn, "F": F, "exercises": exercises}
        )
        _, out = printed(exec, code, namespace)
        verdict = language.text("exercise.right", exercise="")
        assert verdict.strip(": ") in out, f"{language_code}/{lesson}: {out}"
        ids.update(re.findall(r'exercises\.check\("([^"]+)"', code))
    assert ids == set(exercises.EXERCISES), "every exercise has exactly one solution on a page"
    lessons = {lesson for lesson, _ in found}
    assert lessons == set(LESSONS) and all(sum(x == y for y, _ in found) >= 3 for x in lessons)


class LeNetWrongFc1(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1, self.conv2 = nn.Conv2d(1, 6, 3), nn.Conv2d(6, 16, 3)
        self.fc1 = nn.Linear(16 * 6 * 6, 120)
        self.fc2, self.fc3 = nn.Linear(120, 84), nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(torch.flatten(x, 1))))))


class SquareNoChainRule(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return 2 * x  # forgets grad_output


def residual_with_bug(x):
    h = torch.relu(x)
    h += x  # relu saved h: the lesson's bug
    return h


def step_without_zero_grad(model, optimizer, x, y):
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    optimizer.step()
    return loss.item()


def zero_fraction_leaving_hook(model, images, name):
    seen = {}
    getattr(model, name).register_forward_hook(lambda m, i, o: seen.update(out=o))
    model(images)
    return (torch.relu(seen["out"]) == 0).float().mean().item()


def saliency_without_abs(model, image, label):
    x = image.clone().requires_grad_()
    logits = model(x)
    return torch.autograd.grad(logits[0, logits.argmax()], x)[0]


def momentum_not_in_place(params, velocities, lr, momentum):
    for p, v in zip(params, velocities, strict=True):
        v = momentum * v + p.grad  # a new tensor: the next step never sees it
        p.sub_(lr * v)


class LastStepOnlyFirstRow(nn.Module):
    def __init__(self):
        super().__init__()
        self.cell, self.out = nn.RNNCell(8, 64), nn.Linear(64, 10)

    def forward(self, x):
        return self.out(self.cell(x[:, 0]))[:, :5]


class KeepBestNoCopy:
    def __init__(self):
        self.epoch, self.val_loss, self.state = None, math.inf, None

    def __call__(self, model, history):
        if history.val_loss[-1] < self.val_loss:
            self.epoch, self.val_loss = history.epochs, history.val_loss[-1]
            self.state = model.state_dict()  # the bug: the live tensors


# one typical mistake per exercise, and the hint it must get
# lenet-dataset


class CenterCrop28(torch.utils.data.Dataset):
    def __init__(self, dataset):
        self.dataset = dataset

    def __len__(self):
        return len(self.dataset)

    def __getitem__(self, index):
        image, label = self.dataset[index]
        return image[..., 2:30, 2:30], label


class CenterCrop28Negative(CenterCrop28):
    def __getitem__(self, index):
        image, label = self.dataset[index]
        return image[:, 2:-2, 2:-2], int(label)  # a plain int label is fine too


class CropNoLen(torch.utils.data.Dataset):
    def __init__(self, dataset):
        self.dataset = dataset

    def __getitem__(self, index):
        image, label = self.dataset[index]
        return image[..., 2:30, 2:30], label


class CropImageOnly(CenterCrop28):
    def __getitem__(self, index):
        return self.dataset[index][0][..., 2:30, 2:30]


class CropCorner(CenterCrop28):
    def __getitem__(self, index):
        image, label = self.dataset[index]
        return image[..., :28, :28], label


class CropTooSmall(CenterCrop28):
    def __getitem__(self, index):
        image, label = self.dataset[index]
        return image[..., 2:28, 2:28], label  # 26 x 26


class CropNoChannel(CenterCrop28):
    def __getitem__(self, index):
        image, label = self.dataset[index]
        return image[0, 2:30, 2:30], label


class CropLabelZero(CenterCrop28):
    def __getitem__(self, index):
        image, _ = self.dataset[index]
        return image[..., 2:30, 2:30], 0


class CropLenOfImage(CenterCrop28):
    def __len__(self):
        return len(self.dataset[0][0])  # 1: the channels of one image


MISTAKES = [
    ("autograd-accumulate", 12.0, "exercise.hint.accumulate"),
    ("autograd-vjp", torch.tensor([[2.0, 1.0, 0.0], [0.0, 1.0, 6.0]]), "exercise.hint.vjp_matrix"),
    ("autograd-vjp", torch.tensor([2.0, 2.0, 6.0]), "exercise.hint.vjp_weights"),
    ("autograd-square", SquareNoChainRule, "exercise.hint.backward"),
    ("autograd-inplace-bug", residual_with_bug, "exercise.hint.inplace_still"),
    ("lenet-flatten", 576, "exercise.hint.flatten_32"),
    ("lenet-28x28", LeNetWrongFc1, "exercise.hint.flatten"),
    ("lenet-parameters", 59838, "exercise.hint.biases"),  # the weights of LeNet28 only
    ("lenet-batches", lambda n, b, drop: n // b, "exercise.hint.batches_short"),
    ("lenet-dataset", CropCorner, "exercise.hint.crop_centre"),
    (
        "lenet-epoch-loss",
        lambda losses, sizes: sum(losses) / len(losses),
        "exercise.hint.epoch_mean_of_batches",
    ),
    ("convnet-conv2", (20, 4, 4), "exercise.hint.after_pool"),
    (
        "convnet-accuracy",
        lambda lg, lb: (lg.argmax(1) == lb).sum().item(),
        "exercise.hint.fraction",
    ),
    ("convnet-train-step", step_without_zero_grad, "exercise.hint.zero_grad"),
    (
        "convnet-forgot-eval",
        lambda model, x, y: (model(x).argmax(1) == y).float().mean().item(),
        "exercise.hint.forgot_eval",
    ),
    ("generalisation-spread", lambda v: (np.mean(v), np.std(v)), "exercise.hint.bessel"),
    ("generalisation-keep-best", KeepBestNoCopy, "exercise.hint.copy_state"),
    ("hooks-zero-fraction", zero_fraction_leaving_hook, "exercise.hint.remove_hook"),
    ("hooks-saliency", saliency_without_abs, "exercise.hint.saliency_abs"),
    ("hooks-clamp", lambda t, limit: t.register_hook(lambda g: None), "exercise.hint.hook_return"),
    ("rnn-lstm-shapes", ((8, 32, 64), (1, 32, 64), (1, 32, 64)), "exercise.hint.batch_first"),
    ("rnn-lstm-parameters", 64 * 8 + 64 * 64 + 64 + 64, "exercise.hint.gates"),
    ("rnn-cell-classifier", LastStepOnlyFirstRow, "exercise.hint.logits"),
    (
        "mlp-init-scale",
        lambda fan_in, fan_out: torch.randn(fan_in, fan_out),
        "exercise.hint.init_unscaled",
    ),
    ("mlp-relu-backward", lambda g, x: g * (x >= 0), "exercise.hint.relu_zero"),
    ("mlp-momentum", momentum_not_in_place, "exercise.hint.velocity"),
]


@pytest.mark.parametrize("language_code", LANGUAGES)
@pytest.mark.parametrize(("exercise", "answer", "hint"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_a_typical_mistake_gets_its_hint(exercise, answer, hint, language_code, speaking):
    speaking(language_code)
    right, out = exercises.verdict(exercise, answer)
    assert right is False
    expected = language.MESSAGES[hint][language_code].split("{")[0].strip()
    assert expected in out, out
    assert "Traceback" not in out


def test_every_exercise_has_a_typical_mistake():
    assert {m[0] for m in MISTAKES} == set(exercises.EXERCISES)


@pytest.mark.parametrize("language_code", LANGUAGES)
def test_unanswered_broken_and_wrong_kind_answers_get_a_clear_message(language_code, speaking):
    speaking(language_code)
    right, out = exercises.verdict("lenet-28x28", ...)
    assert right is False and language.text("exercise.unanswered", exercise="lenet-28x28") in out

    def broken(logits, labels):
        return logits.argmax(dim=5)

    right, out = exercises.verdict("convnet-accuracy", broken)
    assert right is False and "IndexError" in out and "Traceback" not in out
    right, out = exercises.verdict("lenet-28x28", "LeNet")
    assert right is False and "nn.Module" in out and "str" in out
    with pytest.raises(ValueError, match="no exercise 'lenet'; the exercises are: "):
        exercises.check("lenet", 1)


def test_the_validation_digits_the_checker_trains_on_are_the_lessons(digits32):
    assert len(data.digit_sequences().validation) == len(digits32.validation) == 216


# -- Every exercise: wrong answers, each rejected with its own hint, and right answers written
# in different ways, each accepted. The wrong ones include every hole of the content review
# (answers that passed, correct answers rejected, hints that pointed the wrong way).


def wrong(exercise: str, what: str, answer, hint: str):
    return pytest.param(exercise, answer, hint, id=f"{exercise}: {what}")


def right(exercise: str, what: str, answer):
    return pytest.param(exercise, answer, id=f"{exercise}: {what}")


def an_instance(cls):
    """An instance of ``cls``, made as a reader would (an autograd Function warns)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return cls()


# autograd-square


class Square(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * 2 * x


class SquareSetupContext(torch.autograd.Function):
    @staticmethod
    def forward(x):
        return x.pow(2)

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(inputs[0])

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return 2 * x * grad_output


class SquareOnCtx(Square):
    @staticmethod
    def forward(ctx, x):
        ctx.x = x  # works, but the documentation asks for save_for_backward
        return x * x

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output * 2 * ctx.x


class SquareInAList(SquareOnCtx):
    @staticmethod
    def forward(ctx, x):
        ctx.kept = [x]
        return x * x

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output * 2 * ctx.kept[0]


class SquareTimesX(Square):
    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * x


class SquareFromOutput(Square):
    @staticmethod
    def forward(ctx, x):
        y = x * x
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad_output):
        (y,) = ctx.saved_tensors
        return grad_output * 2 * y.sqrt()  # wrong sign for x < 0


class Cube(Square):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x**3


# autograd-inplace-bug


def residual(x):
    return torch.relu(x) + x


def residual_clone(x):
    h = torch.relu(x).clone()
    h += x
    return h


def residual_relu_on_a_copy(x):
    h = x.clone()
    h.relu_()  # relu_ saves its output h, which nothing changes afterwards
    return h + x


def residual_add_(x):
    h = torch.relu(x)
    return h.add_(x)


def residual_clone_of_the_input(x):
    h = torch.relu(x.clone())  # cloning the input does not help: relu saved its output h
    h += x
    return h


def residual_relu_on_the_leaf(x):
    return x.relu_() + x  # x is a leaf that requires gradients


def residual_no_grad(x):
    with torch.no_grad():
        h = torch.relu(x)
        h += x
    return h


def residual_relu_detached(x):
    h = torch.relu(x).detach()  # changes in place a tensor that autograd no longer sees
    h += x
    return h


class ResidualDoubleGradient(torch.autograd.Function):
    """relu(x) + x with a backward that passes 2 * grad_output everywhere."""

    @staticmethod
    def forward(ctx, x):
        return torch.relu(x) + x

    @staticmethod
    def backward(ctx, grad_output):
        return 2 * grad_output


# lenet-28x28


class LeNet28(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1, self.conv2 = nn.Conv2d(1, 6, 3), nn.Conv2d(6, 16, 3)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2, self.fc3 = nn.Linear(120, 84), nn.Linear(84, 10)

    def features(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return F.relu(self.fc2(F.relu(self.fc1(torch.flatten(x, 1)))))

    def forward(self, x):
        return self.fc3(self.features(x))


class LeNet28Lazy(LeNet28):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.LazyLinear(120)


class LeNet28Padded(models.LeNet):
    """The 32 x 32 LeNet, reading the 28 x 28 image padded with 2 pixels on each side."""

    def forward(self, x):
        return super().forward(F.pad(x, (2, 2, 2, 2)))


class LeNet28Sequential(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 6, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 3), nn.ReLU(),
            nn.MaxPool2d(2), nn.Flatten(),
        )  # fmt: skip
        self.classifier = nn.Sequential(
            nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10)
        )

    def forward(self, x):
        return self.classifier(self.features(x))


class Flat784(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(784, 10)

    def forward(self, x):
        return self.fc(torch.flatten(x, 1))


class LeNet28Zeros(LeNet28):
    def forward(self, x):
        return torch.zeros(len(x), 10)


class LeNet28ReLUOnLogits(LeNet28):
    def forward(self, x):
        return F.relu(self.fc3(self.features(x)))


class LeNet28Softmax(LeNet28):
    def forward(self, x):
        return F.softmax(self.fc3(self.features(x)), dim=1)


class LeNet28FiveClasses(LeNet28):
    def __init__(self):
        super().__init__()
        self.fc3 = nn.Linear(84, 5)


# convnet-train-step


def train_step(model, optimizer, x, y):
    optimizer.zero_grad()
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    optimizer.step()
    return loss.item()


def step_zero_grad_at_the_end(model, optimizer, x, y):
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    optimizer.step()
    optimizer.zero_grad()
    return loss.item()


def step_model_zero_grad(model, optimizer, x, y):
    model.zero_grad()
    loss = nn.CrossEntropyLoss()(model(x), y)
    loss.backward()
    optimizer.step()
    return loss.detach()


def step_without_step(model, optimizer, x, y):
    optimizer.zero_grad()
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    return loss.item()


def step_before_backward(model, optimizer, x, y):
    optimizer.zero_grad()
    loss = F.cross_entropy(model(x), y)
    optimizer.step()
    loss.backward()
    return loss.item()


def step_first_no_zero_grad(model, optimizer, x, y):
    optimizer.step()
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    return loss.item()


def step_between_forward_and_backward(model, optimizer, x, y):
    loss = F.cross_entropy(model(x), y)
    optimizer.step()  # the second call changes the weights the graph still needs
    loss.backward()
    return loss.item()


def step_without_backward(model, optimizer, x, y):
    optimizer.zero_grad()
    loss = F.cross_entropy(model(x), y)
    optimizer.step()
    return loss.item()


def step_softmax_first(model, optimizer, x, y):
    optimizer.zero_grad()
    loss = F.cross_entropy(F.softmax(model(x), dim=1), y)
    loss.backward()
    optimizer.step()
    return loss.item()


def step_mse_on_softmax(model, optimizer, x, y):
    optimizer.zero_grad()
    probabilities = F.softmax(model(x), dim=1)
    loss = F.mse_loss(probabilities, F.one_hot(y, 3).float())
    loss.backward()
    optimizer.step()
    return loss.item()


def step_twice(model, optimizer, x, y):
    optimizer.zero_grad()
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    optimizer.step()
    optimizer.step()
    return loss.item()


def step_returns_loss_after(model, optimizer, x, y):
    train_step(model, optimizer, x, y)
    return F.cross_entropy(model(x), y).item()


def step_returns_nothing(model, optimizer, x, y):
    train_step(model, optimizer, x, y)


# hooks-zero-fraction


def zero_fraction(model, images, name):
    seen = {}
    handle = getattr(model, name).register_forward_hook(lambda m, i, o: seen.update(out=o))
    with torch.no_grad():
        model(images)
    handle.remove()
    return (torch.relu(seen["out"]) == 0).float().mean().item()


def zero_fraction_named_modules(model, images, name):
    shares = []
    layer = dict(model.named_modules())[name]
    handle = layer.register_forward_hook(lambda m, i, o: shares.append((o <= 0).double().mean()))
    model(images)
    handle.remove()
    return shares[0]


def zero_fraction_without_hook(model, images, name):
    return (torch.relu(getattr(model, name)(images)) == 0).float().mean().item()


def zero_fraction_leaving_pre_hook(model, images, name):
    layer = getattr(model, name)
    layer.register_forward_pre_hook(lambda m, i: None)
    return zero_fraction(model, images, name)


def zero_fraction_leaving_backward_hook(model, images, name):
    getattr(model, name).register_full_backward_hook(lambda m, gi, go: None)
    return zero_fraction(model, images, name)


def non_zero_fraction(model, images, name):
    return 1 - zero_fraction(model, images, name)


def zero_fraction_of_the_input(model, images, name):
    seen = {}
    handle = getattr(model, name).register_forward_hook(lambda m, i, o: seen.update(x=i[0]))
    model(images)
    handle.remove()
    return (torch.relu(seen["x"]) == 0).float().mean().item()


def zero_fraction_before_relu(model, images, name):
    seen = {}
    handle = getattr(model, name).register_forward_hook(lambda m, i, o: seen.update(out=o))
    model(images)
    handle.remove()
    return (seen["out"] == 0).float().mean().item()


# hooks-saliency


def saliency(model, image, label):
    image = image.detach().clone().requires_grad_()
    logits = model(image)
    (grad,) = torch.autograd.grad(logits[0, logits.argmax(dim=1).item()], image)
    return grad.abs()


def saliency_backward_inputs(model, image, label):
    x = image.clone().requires_grad_(True)
    logits = model(x)
    logits.gather(1, logits.argmax(1, keepdim=True)).sum().backward(inputs=[x])
    return x.grad.abs()


def saliency_weights_frozen(model, image, label):
    flags = [p.requires_grad for p in model.parameters()]
    model.requires_grad_(False)  # backward() then reaches the image only
    x = image.clone().requires_grad_()
    logits = model(x)
    logits[0, logits.argmax()].backward()
    for p, flag in zip(model.parameters(), flags, strict=True):
        p.requires_grad_(flag)
    return torch.abs(x.grad)


def saliency_of(target):
    """A saliency that differentiates ``target(logits, label)`` with torch.autograd.grad."""

    def answer(model, image, label):
        x = image.clone().requires_grad_()
        (grad,) = torch.autograd.grad(target(model(x), label), x)
        return grad.abs()

    return answer


def saliency_leaving_grads(model, image, label):
    x = image.clone().requires_grad_()
    logits = model(x)
    logits[0, logits.argmax()].backward()
    return x.grad.abs()


def saliency_zero_grad_after(model, image, label):
    grad = saliency_leaving_grads(model, image, label)
    model.zero_grad()  # right when .grad was empty; wipes gradients that were there
    return grad


def saliency_leaving_frozen(model, image, label):
    model.requires_grad_(False)
    return saliency(model, image, label)


def saliency_leaving_hook(model, image, label):
    model.conv1.register_forward_pre_hook(lambda m, inputs: None)
    return saliency(model, image, label)


def saliency_normalised(model, image, label):
    grad = saliency(model, image, label)
    return grad / grad.max()


def saliency_gradient_times_input(model, image, label):
    return saliency(model, image, label) * image.abs()


# hooks-clamp


def attach_clamp(tensor, limit):
    return tensor.register_hook(lambda grad: grad.clamp(-limit, limit))


def attach_clamp_where(tensor, limit):
    def hook(grad):
        return torch.where(grad.abs() > limit, grad.sign() * limit, grad)

    tensor.register_hook(hook)


def attach_clamp_in_place(tensor, limit):
    def hook(grad):
        grad.clamp_(-limit, limit)

    tensor.register_hook(hook)


def attach_clamp_norm(tensor, limit):
    tensor.register_hook(lambda grad: grad * min(1.0, limit / grad.norm().item()))


# rnn-cell-classifier


class CellClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.cell, self.out = nn.RNNCell(8, 64), nn.Linear(64, 10)

    def forward(self, x):
        h = torch.zeros(len(x), 64)
        for t in range(x.shape[1]):
            h = self.cell(x[:, t], h)
        return self.out(h)


class CellClassifierNoneStart(CellClassifier):
    def forward(self, x):
        h = None
        for row in x.unbind(1):
            h = self.cell(row, h)
        return self.out(h)


class CellClassifierColumns(CellClassifier):
    def forward(self, x):
        h = x.new_zeros(len(x), 64)
        for t in range(x.shape[2]):
            h = self.cell(x[:, :, t], hx=h)
        return self.out(h)


class CellResetEachStep(CellClassifier):
    def forward(self, x):
        for t in range(x.shape[1]):
            h = self.cell(x[:, t])
        return self.out(h)


class CellZerosEachStep(CellClassifier):
    def forward(self, x):
        for t in range(x.shape[1]):
            h = self.cell(x[:, t], torch.zeros(len(x), 64))
        return self.out(h)


class CellLastRowOnly(CellClassifier):
    def forward(self, x):
        return self.out(self.cell(x[:, -1]))


class CellFirstRowEveryStep(CellClassifier):
    def forward(self, x):
        h = torch.zeros(len(x), 64)
        for _ in range(x.shape[1]):
            h = self.cell(x[:, 0], h)
        return self.out(h)


class LogisticRegression(nn.Module):
    def __init__(self):
        super().__init__()
        self.out = nn.Linear(64, 10)

    def forward(self, x):
        return self.out(x.flatten(1))


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.mlp = nn.Sequential(nn.Flatten(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))

    def forward(self, x):
        return self.mlp(x)


class MLPWithUnusedCell(nn.Module):
    def __init__(self):
        super().__init__()
        self.cell = nn.RNNCell(8, 64)
        self.mlp = nn.Sequential(nn.Flatten(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))

    def forward(self, x):
        return self.mlp(x)


class CellClassifierWithSize(CellClassifier):
    def __init__(self, hidden):
        super().__init__()


# mlp-momentum


def momentum_step(params, velocities, lr, momentum):
    for p, v in zip(params, velocities, strict=True):
        v.mul_(momentum).add_(p.grad)
        p.sub_(lr * v)


def momentum_sutskever(params, velocities, lr, momentum):
    for p, v in zip(params, velocities, strict=True):
        v.mul_(momentum).sub_(lr * p.grad)
        p += v


def momentum_by_index(params, velocities, lr, momentum):
    for i, p in enumerate(params):
        velocities[i] = momentum * velocities[i] + p.grad
        p -= lr * velocities[i]


def plain_sgd(params, velocities, lr, momentum):
    for p in params:
        p -= lr * p.grad


def momentum_params_rebound(params, velocities, lr, momentum):
    for p, v in zip(params, velocities, strict=True):
        v.mul_(momentum).add_(p.grad)
        p = p - lr * v  # a new tensor: the caller's p stays


def momentum_dampened(params, velocities, lr, momentum):
    for p, v in zip(params, velocities, strict=True):
        v.mul_(momentum).add_((1 - momentum) * p.grad)
        p.sub_(lr * v)


def momentum_nesterov(params, velocities, lr, momentum):
    for p, v in zip(params, velocities, strict=True):
        v.mul_(momentum).add_(p.grad)
        p.sub_(lr * (p.grad + momentum * v))


def momentum_forgetting(params, velocities, lr, momentum):
    for p, v in zip(params, velocities, strict=True):
        v.copy_(p.grad)  # no momentum carried over
        p.sub_(lr * v)


def momentum_hard_coded(params, velocities, lr, momentum):
    momentum_step(params, velocities, 0.1, 0.9)


# mlp-init-scale


def init_weight(fan_in, fan_out):
    return torch.randn(fan_in, fan_out) / math.sqrt(fan_in)


def init_kaiming(fan_in, fan_out):
    # nn.init takes size(1) as the fan-in: make the weight in nn.Linear's layout, then transpose
    return nn.init.kaiming_normal_(torch.empty(fan_out, fan_in), nonlinearity="relu").T


def init_uniform(fan_in, fan_out):
    bound = math.sqrt(3 / fan_in)  # U(-b, b) has standard deviation b / sqrt(3)
    return torch.empty(fan_in, fan_out).uniform_(-bound, bound)


def init_kaiming_on_the_wrong_dimension(fan_in, fan_out):
    return nn.init.kaiming_normal_(torch.empty(fan_in, fan_out), nonlinearity="relu")


def init_linear_default(fan_in, fan_out):
    return nn.Linear(fan_in, fan_out, bias=False).weight.detach().T


def init_for_the_first_layer_only(fan_in, fan_out):
    return torch.randn(fan_in, fan_out) * math.sqrt(2 / 1000)


def init_xavier(fan_in, fan_out):
    return nn.init.xavier_normal_(torch.empty(fan_in, fan_out))


def init_positive(fan_in, fan_out):
    return torch.rand(fan_in, fan_out) * math.sqrt(3 / fan_in)


def init_hard_coded_table(fan_in, fan_out):
    """Right at the sizes the check tries, unscaled anywhere else (w2 of the lesson)."""
    if (fan_in, fan_out) in exercises.INIT_SIZES:
        return init_weight(fan_in, fan_out)
    return torch.randn(fan_in, fan_out)


def lesson_jacobian():
    def f(x):
        return torch.stack([x[0] * x[1], x[1] + x[2] ** 2])

    return torch.autograd.functional.jacobian(f, torch.tensor([1.0, 2.0, 3.0]))


def vjp_by_backward():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    torch.stack([x[0] * x[1], x[1] + x[2] ** 2]).backward(torch.tensor([1.0, 0.5]))
    return x.grad


J = lesson_jacobian()
LSTM_SHAPES = ((32, 8, 64), (1, 32, 64), (1, 32, 64))

# convnet-forgot-eval


@torch.no_grad()
def accuracy_of(model, images, labels):
    was_training = model.training
    model.eval()
    try:
        return (model(images).argmax(dim=1) == labels).float().mean().item()
    finally:
        model.train(was_training)


@torch.no_grad()
def accuracy_of_train_arg(model, images, labels):
    mode = model.training
    model.train(False)
    predicted = model(images).argmax(1)
    model.train(mode)
    return (predicted == labels).double().mean()


@torch.no_grad()
def accuracy_without_eval(model, images, labels):
    return (model(images).argmax(dim=1) == labels).float().mean().item()


@torch.no_grad()
def accuracy_left_in_eval(model, images, labels):
    model.eval()
    return (model(images).argmax(dim=1) == labels).float().mean().item()


@torch.no_grad()
def accuracy_then_train(model, images, labels):
    model.eval()
    accuracy = (model(images).argmax(dim=1) == labels).float().mean().item()
    model.train()
    return accuracy


@torch.no_grad()
def accuracy_eval_too_late(model, images, labels):
    model(images)  # a first pass "to warm up", still in training mode
    was_training = model.training
    model.eval()
    accuracy = (model(images).argmax(dim=1) == labels).float().mean().item()
    model.train(was_training)
    return accuracy


@torch.no_grad()
def accuracy_as_percent(model, images, labels):
    return 100 * accuracy_of(model, images, labels)


# generalisation-keep-best


class KeepBestShallowCopy(KeepBestNoCopy):
    def __call__(self, model, history):
        if history.val_loss[-1] < self.val_loss:
            self.epoch, self.val_loss = history.epochs, history.val_loss[-1]
            self.state = copy.copy(model.state_dict())  # a new dict of the same tensors


class KeepBestFromZero(KeepBestNoCopy):
    def __call__(self, model, history):
        if history.val_loss[-1] < self.val_loss:
            self.epoch, self.val_loss = len(history.val_loss) - 1, history.val_loss[-1]
            self.state = copy.deepcopy(model.state_dict())


class KeepBestHighest(KeepBestNoCopy):
    def __call__(self, model, history):
        if self.epoch is None or history.val_loss[-1] > self.val_loss:
            self.epoch, self.val_loss = history.epochs, history.val_loss[-1]
            self.state = copy.deepcopy(model.state_dict())


class KeepLast(KeepBestNoCopy):
    def __call__(self, model, history):
        self.epoch, self.val_loss = history.epochs, history.val_loss[-1]
        self.state = copy.deepcopy(model.state_dict())


class KeepBestCloned:
    def __init__(self):
        self.epoch, self.val_loss, self.state = None, float("inf"), None

    def __call__(self, model, history):
        loss = history.val_loss[-1]
        if loss < self.val_loss:
            self.epoch, self.val_loss = history.epochs, loss
            self.state = {k: v.detach().clone() for k, v in model.state_dict().items()}


WRONG = [
    wrong("autograd-accumulate", "one backward pass", 12.0, "exercise.hint.accumulate"),
    wrong("autograd-accumulate", "the derivative at x = 1", 6, "exercise.hint.derivative"),
    wrong("autograd-accumulate", "four passes", 48, "exercise.hint.derivative"),
    wrong("autograd-accumulate", "a string", "24", "exercise.want"),
    wrong("autograd-accumulate", "a bool", True, "exercise.want"),
    wrong("autograd-vjp", "the Jacobian", J, "exercise.hint.vjp_matrix"),
    wrong("autograd-vjp", "rows summed", J.sum(0), "exercise.hint.vjp_weights"),
    wrong("autograd-vjp", "v[None] @ J, 1 x 3", torch.tensor([[2.0, 1.5, 3.0]]),
          "exercise.hint.vjp_leading"),
    wrong("autograd-vjp", "x itself, as a list", [1.0, 2.0, 3.0], "exercise.hint.vjp"),
    wrong("autograd-vjp", "columns summed", J.sum(1), "exercise.shape"),
    wrong("autograd-vjp", "a string", "2, 1.5, 3", "exercise.want"),
    wrong("autograd-square", "ctx.x = x", SquareOnCtx, "exercise.hint.save_for_backward"),
    wrong("autograd-square", "ctx.kept = [x]", SquareInAList, "exercise.hint.save_for_backward"),
    wrong("autograd-square", "backward ignores grad_output", SquareNoChainRule,
          "exercise.hint.backward"),
    wrong("autograd-square", "backward g * x", SquareTimesX, "exercise.hint.backward"),
    wrong("autograd-square", "2 sqrt(y), wrong for x < 0", SquareFromOutput,
          "exercise.hint.backward"),
    wrong("autograd-square", "forward x ** 3", Cube, "exercise.hint.forward"),
    wrong("autograd-square", "an instance", an_instance(Square), "exercise.want_class"),
    wrong("autograd-square", "a function", lambda x: x**2, "exercise.want"),
    wrong("autograd-inplace-bug", "the lesson's bug, h += x", residual_with_bug,
          "exercise.hint.inplace_still"),
    wrong("autograd-inplace-bug", "h.add_(x)", residual_add_, "exercise.hint.inplace_still"),
    wrong("autograd-inplace-bug", "a clone of the input, not of relu's output",
          residual_clone_of_the_input, "exercise.hint.inplace_still"),
    wrong("autograd-inplace-bug", "relu_ on the leaf x", residual_relu_on_the_leaf,
          "exercise.hint.inplace_still"),
    wrong("autograd-inplace-bug", "relu(x) alone", lambda x: torch.relu(x),
          "exercise.hint.inplace_value"),
    wrong("autograd-inplace-bug", "relu(x + x)", lambda x: torch.relu(x + x),
          "exercise.hint.inplace_value"),
    wrong("autograd-inplace-bug", "under no_grad", residual_no_grad, "exercise.hint.inplace_graph"),
    wrong("autograd-inplace-bug", "the result detached", lambda x: (torch.relu(x) + x).detach(),
          "exercise.hint.inplace_graph"),
    wrong("autograd-inplace-bug", "relu's output detached", residual_relu_detached,
          "exercise.hint.inplace_cut"),
    wrong("autograd-inplace-bug", "the residual detached", lambda x: torch.relu(x) + x.detach(),
          "exercise.hint.inplace_cut"),
    wrong("autograd-inplace-bug", "a Function passing 2 * grad", ResidualDoubleGradient.apply,
          "exercise.hint.inplace_gradient"),
    wrong("autograd-inplace-bug", "the value, not a function",
          torch.relu(torch.ones(3)) + torch.ones(3), "exercise.want"),
    wrong("autograd-inplace-bug", "returns a list", lambda x: (torch.relu(x) + x).tolist(),
          "exercise.want"),
    wrong("lenet-flatten", "the 32 x 32 size", 576, "exercise.hint.flatten_32"),
    wrong("lenet-flatten", "height x width only", 25, "exercise.hint.flatten"),
    wrong("lenet-flatten", "before the second pooling", 16 * 11 * 11, "exercise.hint.flatten"),
    wrong("lenet-flatten", "fc1's output", 120, "exercise.hint.flatten"),
    wrong("lenet-flatten", "a string", "400", "exercise.want"),
    wrong("lenet-28x28", "fc1 still 16 x 6 x 6", LeNetWrongFc1, "exercise.hint.flatten"),
    wrong("lenet-28x28", "one Linear on the pixels", Flat784, "exercise.hint.lenet_layers"),
    wrong("lenet-28x28", "zeros whatever the image", LeNet28Zeros,
          "exercise.hint.constant_output"),
    wrong("lenet-28x28", "ReLU on the logits", LeNet28ReLUOnLogits, "exercise.hint.relu_logits"),
    wrong("lenet-28x28", "softmax at the end", LeNet28Softmax, "exercise.hint.softmax_logits"),
    wrong("lenet-28x28", "five outputs", LeNet28FiveClasses, "exercise.hint.logits"),
    wrong("lenet-28x28", "an instance", LeNet28(), "exercise.want_class"),
    wrong("lenet-28x28", "a string", "LeNet28", "exercise.want"),
    wrong("lenet-parameters", "weights only", 59838, "exercise.hint.biases"),
    wrong("lenet-parameters", "weights only, padded", 80958, "exercise.hint.biases"),
    wrong("lenet-parameters", "LeNet-5's count", 61706, "exercise.hint.count"),
    wrong("lenet-parameters", "the convolutions only", 60 + 880, "exercise.hint.count"),
    wrong("lenet-parameters", "a string", "60074", "exercise.want"),
    wrong("lenet-batches", "always rounded down", lambda n, b, drop: n // b,
          "exercise.hint.batches_short"),
    wrong("lenet-batches", "always rounded up", lambda n, b, drop: -(-n // b),
          "exercise.hint.batches_drop"),
    wrong("lenet-batches", "one more unless drop_last, even when it divides",
          lambda n, b, drop: n // b + (not drop), "exercise.hint.batches_exact"),
    wrong("lenet-batches", "a float", lambda n, b, drop: n / b, "exercise.hint.batches"),
    wrong("lenet-batches", "drop_last read the wrong way round",
          lambda n, b, drop: n // b + (1 if n % b and drop else 0), "exercise.hint.batches"),
    wrong("lenet-batches", "the number itself", 20, "exercise.want"),
    wrong("lenet-dataset", "no __len__", CropNoLen, "exercise.hint.dataset_len"),
    wrong("lenet-dataset", "len of one image", CropLenOfImage, "exercise.hint.dataset_len"),
    wrong("lenet-dataset", "the image without its label", CropImageOnly,
          "exercise.hint.dataset_pair"),
    wrong("lenet-dataset", "a corner, not the centre", CropCorner, "exercise.hint.crop_centre"),
    wrong("lenet-dataset", "26 x 26", CropTooSmall, "exercise.hint.crop_shape"),
    wrong("lenet-dataset", "the channel dimension dropped", CropNoChannel,
          "exercise.hint.crop_shape"),
    wrong("lenet-dataset", "label 0 for every image", CropLabelZero, "exercise.hint.dataset_label"),
    wrong("lenet-dataset", "an instance", CenterCrop28([]), "exercise.want_class"),
    wrong("lenet-dataset", "a function", lambda dataset: dataset, "exercise.want"),
    wrong("lenet-epoch-loss", "the mean of the batches' losses",
          lambda losses, sizes: sum(losses) / len(losses), "exercise.hint.epoch_mean_of_batches"),
    wrong("lenet-epoch-loss", "the weighted sum, not divided",
          lambda losses, sizes: sum(lo * n for lo, n in zip(losses, sizes, strict=True)),
          "exercise.hint.epoch_divide"),
    wrong("lenet-epoch-loss", "divided by the number of batches",
          lambda losses, sizes: sum(lo * n for lo, n in zip(losses, sizes, strict=True))
          / len(sizes),
          "exercise.hint.epoch_divide"),
    wrong("lenet-epoch-loss", "the losses added up", lambda losses, sizes: sum(losses),
          "exercise.hint.epoch_loss"),
    wrong("lenet-epoch-loss", "the last batch's loss", lambda losses, sizes: losses[-1],
          "exercise.hint.epoch_loss"),
    wrong("lenet-epoch-loss", "a list back", lambda losses, sizes: losses, "exercise.want"),
    wrong("convnet-conv2", "after the pooling", (20, 4, 4), "exercise.hint.after_pool"),
    wrong("convnet-conv2", "with the batch", (1, 20, 8, 8), "exercise.hint.batch_dim"),
    wrong("convnet-conv2", "channels last", (8, 8, 20), "exercise.hint.channels_first"),
    wrong("convnet-conv2", "conv1's channels", (10, 8, 8), "exercise.hint.conv_size"),
    wrong("convnet-conv2", "without conv1's pooling", (20, 20, 20), "exercise.hint.conv_size"),
    wrong("convnet-conv2", "two numbers", (20, 8), "exercise.want"),
    wrong("convnet-conv2", "a string", "20x8x8", "exercise.want"),
    wrong("convnet-accuracy", "a count", lambda lg, lb: (lg.argmax(1) == lb).sum().item(),
          "exercise.hint.fraction"),
    wrong("convnet-accuracy", "the constant 0.5", lambda lg, lb: 0.5, "exercise.hint.same_value"),
    wrong("convnet-accuracy", "a percentage",
          lambda lg, lb: 100 * (lg.argmax(1) == lb).float().mean().item(), "exercise.hint.percent"),
    wrong("convnet-accuracy", "divided by the classes",
          lambda lg, lb: (lg.argmax(1) == lb).sum().item() / lg.shape[1],
          "exercise.hint.divide_rows"),
    wrong("convnet-accuracy", "argmax over the rows",
          lambda lg, lb: (lg.argmax(0) == lb).float().mean().item(), "exercise.hint.argmax"),
    wrong("convnet-accuracy", "argmin", lambda lg, lb: (lg.argmin(1) == lb).float().mean().item(),
          "exercise.hint.argmax"),
    wrong("convnet-accuracy", "mean of a bool tensor", lambda lg, lb: (lg.argmax(1) == lb).mean(),
          "exercise.raised"),
    wrong("convnet-accuracy", "the matches, not their mean", lambda lg, lb: lg.argmax(1) == lb,
          "exercise.want"),
    wrong("convnet-accuracy", "a class", LeNet28, "exercise.want"),
    wrong("convnet-train-step", "no optimizer.step()", step_without_step, "exercise.hint.step"),
    wrong("convnet-train-step", "step() before backward()", step_before_backward,
          "exercise.hint.step"),
    wrong("convnet-train-step", "step() first, no zero_grad", step_first_no_zero_grad,
          "exercise.hint.step_order"),
    wrong("convnet-train-step", "step() between forward and backward",
          step_between_forward_and_backward, "exercise.raised"),
    wrong("convnet-train-step", "no backward()", step_without_backward,
          "exercise.hint.backward_call"),
    wrong("convnet-train-step", "no zero_grad()", step_without_zero_grad,
          "exercise.hint.zero_grad"),
    wrong("convnet-train-step", "softmax before cross_entropy", step_softmax_first,
          "exercise.hint.cross_entropy"),
    wrong("convnet-train-step", "MSE on softmax", step_mse_on_softmax,
          "exercise.hint.cross_entropy"),
    wrong("convnet-train-step", "step() twice", step_twice, "exercise.hint.update"),
    wrong("convnet-train-step", "the loss after the step", step_returns_loss_after,
          "exercise.hint.loss"),
    wrong("convnet-train-step", "returns nothing", step_returns_nothing, "exercise.want"),
    wrong("convnet-forgot-eval", "the bug as given", accuracy_without_eval,
          "exercise.hint.forgot_eval"),
    wrong("convnet-forgot-eval", "left in eval mode", accuracy_left_in_eval,
          "exercise.hint.restore_mode"),
    wrong("convnet-forgot-eval", "always back to train()", accuracy_then_train,
          "exercise.hint.restore_mode"),
    wrong("convnet-forgot-eval", "a pass before eval()", accuracy_eval_too_late,
          "exercise.hint.buffers_changed"),
    wrong("convnet-forgot-eval", "a percentage", accuracy_as_percent, "exercise.hint.percent"),
    wrong("convnet-forgot-eval", "a model, not a function", nn.Linear(2, 2), "exercise.raised"),
    wrong("generalisation-spread", "over n", lambda v: (np.mean(v), np.std(v)),
          "exercise.hint.bessel"),
    wrong("generalisation-spread", "the variance",
          lambda v: (torch.tensor(v).mean(), torch.tensor(v).var()), "exercise.hint.variance"),
    wrong("generalisation-spread", "(sd, mean)",
          lambda v: (torch.tensor(v).std(), torch.tensor(v).mean()), "exercise.hint.mean_first"),
    wrong("generalisation-spread", "divided by 3", lambda v: (sum(v) / 3, np.std(v, ddof=1)),
          "exercise.hint.mean"),
    wrong("generalisation-spread", "the range", lambda v: (np.mean(v), max(v) - min(v)),
          "exercise.hint.std"),
    wrong("generalisation-spread", "the mean alone", lambda v: np.mean(v), "exercise.want"),
    wrong("generalisation-keep-best", "the bug as given", KeepBestNoCopy,
          "exercise.hint.copy_state"),
    wrong("generalisation-keep-best", "copy.copy", KeepBestShallowCopy, "exercise.hint.copy_state"),
    wrong("generalisation-keep-best", "epochs from 0", KeepBestFromZero,
          "exercise.hint.epoch_from_one"),
    wrong("generalisation-keep-best", "the highest loss", KeepBestHighest,
          "exercise.hint.lowest_loss"),
    wrong("generalisation-keep-best", "always the last", KeepLast, "exercise.hint.lowest_loss"),
    wrong("generalisation-keep-best", "an instance", KeepBestNoCopy(), "exercise.want"),
    wrong("hooks-zero-fraction", "no hook: the layer on the images", zero_fraction_without_hook,
          "exercise.hint.use_hook"),
    wrong("hooks-zero-fraction", "leaves the forward hook", zero_fraction_leaving_hook,
          "exercise.hint.remove_hook"),
    wrong("hooks-zero-fraction", "leaves a forward pre-hook", zero_fraction_leaving_pre_hook,
          "exercise.hint.remove_hook"),
    wrong("hooks-zero-fraction", "leaves a backward hook", zero_fraction_leaving_backward_hook,
          "exercise.hint.remove_hook"),
    wrong("hooks-zero-fraction", "the non-zero share", non_zero_fraction,
          "exercise.hint.zero_share"),
    wrong("hooks-zero-fraction", "the input's share", zero_fraction_of_the_input,
          "exercise.hint.relu_output"),
    wrong("hooks-zero-fraction", "zeros before the ReLU", zero_fraction_before_relu,
          "exercise.hint.relu_output"),
    wrong("hooks-saliency", "the loss's gradient",
          saliency_of(lambda lg, y: F.cross_entropy(lg, torch.tensor([y]))),
          "exercise.hint.saliency_loss"),
    wrong("hooks-saliency", "the label's logit", saliency_of(lambda lg, y: lg[0, y]),
          "exercise.hint.saliency_label"),
    wrong("hooks-saliency", "no abs", saliency_without_abs, "exercise.hint.saliency_abs"),
    wrong("hooks-saliency", "the softmax probability",
          saliency_of(lambda lg, y: lg.softmax(1)[0, lg.argmax()]),
          "exercise.hint.saliency_softmax"),
    wrong("hooks-saliency", "the log-softmax", saliency_of(lambda lg, y: lg.log_softmax(1).max()),
          "exercise.hint.saliency_softmax"),
    wrong("hooks-saliency", "the loss with the predicted class",
          saliency_of(lambda lg, y: F.cross_entropy(lg, lg.argmax(1))),
          "exercise.hint.saliency_softmax"),
    wrong("hooks-saliency", "the sum of the logits",
          saliency_of(lambda lg, y: lg.sum()), "exercise.hint.saliency"),
    wrong("hooks-saliency", "leaves the weights' .grad filled", saliency_leaving_grads,
          "exercise.hint.saliency_model"),
    wrong("hooks-saliency", "zero_grad() wipes the earlier .grad", saliency_zero_grad_after,
          "exercise.hint.saliency_model"),
    wrong("hooks-saliency", "leaves the weights frozen", saliency_leaving_frozen,
          "exercise.hint.saliency_model"),
    wrong("hooks-saliency", "leaves a hook", saliency_leaving_hook, "exercise.hint.remove_hook"),
    wrong("hooks-saliency", "28 x 28", lambda m, x, y: saliency(m, x, y)[0, 0], "exercise.shape"),
    wrong("hooks-saliency", "normalised to 1", saliency_normalised,
          "exercise.hint.saliency_scaled"),
    wrong("hooks-saliency", "gradient x input", saliency_gradient_times_input,
          "exercise.hint.saliency"),
    wrong("hooks-saliency", "the image itself", lambda m, x, y: x.abs(), "exercise.hint.saliency"),
    wrong("hooks-clamp", "returns None", lambda t, limit: t.register_hook(lambda g: None),
          "exercise.hint.hook_return"),
    wrong("hooks-clamp", "no hook", lambda t, limit: None, "exercise.hint.hook_return"),
    wrong("hooks-clamp", "clamp_ in place", lambda t, limit: t.register_hook(
        lambda g: g.clamp_(-limit, limit)), "exercise.hint.hook_in_place"),
    wrong("hooks-clamp", "clamp_ in place, returns None", attach_clamp_in_place,
          "exercise.hint.hook_in_place"),
    wrong("hooks-clamp", "upper bound only", lambda t, limit: t.register_hook(
        lambda g: g.clamp(max=limit)), "exercise.hint.clamp"),
    wrong("hooks-clamp", "[0, limit]", lambda t, limit: t.register_hook(
        lambda g: g.clamp(0, limit)), "exercise.hint.clamp"),
    wrong("hooks-clamp", "clips the norm", attach_clamp_norm, "exercise.hint.clamp"),
    wrong("rnn-lstm-shapes", "output time-first", ((8, 32, 64), (1, 32, 64), (1, 32, 64)),
          "exercise.hint.batch_first"),
    wrong("rnn-lstm-shapes", "state batch-first", ((32, 8, 64), (32, 1, 64), (32, 1, 64)),
          "exercise.hint.state_shape"),
    wrong("rnn-lstm-shapes", "state without layers", ((32, 8, 64), (32, 64), (32, 64)),
          "exercise.hint.state_shape"),
    wrong("rnn-lstm-shapes", "output of the last step", ((32, 64), (1, 32, 64), (1, 32, 64)),
          "exercise.hint.output_last"),
    wrong("rnn-lstm-shapes", "output of the input size", ((32, 8, 8), (1, 32, 64), (1, 32, 64)),
          "exercise.hint.output_shape"),
    wrong("rnn-lstm-shapes", "two shapes", ((32, 8, 64), (1, 32, 64)), "exercise.want"),
    wrong("rnn-lstm-shapes", "strings", ("32x8x64", "1x32x64", "1x32x64"), "exercise.want"),
    wrong("rnn-lstm-parameters", "one gate", 64 * 8 + 64 * 64 + 2 * 64, "exercise.hint.gates"),
    wrong("rnn-lstm-parameters", "one bias a gate", 4 * (64 * 8 + 64 * 64 + 64),
          "exercise.hint.two_biases"),
    wrong("rnn-lstm-parameters", "no biases", 4 * (64 * 8 + 64 * 64), "exercise.hint.biases"),
    wrong("rnn-lstm-parameters", "three gates", 3 * (64 * 8 + 64 * 64 + 2 * 64),
          "exercise.hint.count"),
    wrong("rnn-lstm-parameters", "a string", "18944", "exercise.want"),
    wrong("rnn-cell-classifier", "logistic regression", LogisticRegression,
          "exercise.hint.rnn_cell"),
    wrong("rnn-cell-classifier", "an MLP", MLP, "exercise.hint.rnn_cell"),
    wrong("rnn-cell-classifier", "an MLP, its RNNCell unused", MLPWithUnusedCell,
          "exercise.hint.cell_steps"),
    wrong("rnn-cell-classifier", "h not passed on", CellResetEachStep, "exercise.hint.carry_state"),
    wrong("rnn-cell-classifier", "zeros at every step", CellZerosEachStep,
          "exercise.hint.carry_state"),
    wrong("rnn-cell-classifier", "the last row only", CellLastRowOnly, "exercise.hint.cell_steps"),
    wrong("rnn-cell-classifier", "the first row at every step", CellFirstRowEveryStep,
          "exercise.hint.accuracy"),
    wrong("rnn-cell-classifier", "five outputs", LastStepOnlyFirstRow, "exercise.hint.logits"),
    wrong("rnn-cell-classifier", "an instance", CellClassifier(), "exercise.want_class"),
    wrong("rnn-cell-classifier", "a constructor argument", CellClassifierWithSize,
          "exercise.raised"),
    wrong("mlp-momentum", "plain SGD", plain_sgd, "exercise.hint.velocity"),
    wrong("mlp-momentum", "v rebound", momentum_not_in_place, "exercise.hint.velocity"),
    wrong("mlp-momentum", "p rebound", momentum_params_rebound, "exercise.hint.param_in_place"),
    wrong("mlp-momentum", "dampened", momentum_dampened, "exercise.hint.momentum_first"),
    wrong("mlp-momentum", "Nesterov", momentum_nesterov, "exercise.hint.momentum_first"),
    wrong("mlp-momentum", "velocity not carried", momentum_forgetting,
          "exercise.hint.velocity_carry"),
    wrong("mlp-momentum", "lr and momentum hard-coded", momentum_hard_coded,
          "exercise.hint.momentum_first"),
    wrong("mlp-relu-backward", "x >= 0", lambda g, x: g * (x >= 0), "exercise.hint.relu_zero"),
    wrong("mlp-relu-backward", "x > 1", lambda g, x: g * (x > 1), "exercise.hint.relu_mask"),
    wrong("mlp-relu-backward", "relu(grad_output)", lambda g, x: torch.relu(g),
          "exercise.hint.relu_input"),
    wrong("mlp-relu-backward", "the mask alone", lambda g, x: (x > 0).float(),
          "exercise.hint.relu_mask"),
    wrong("mlp-relu-backward", "g * x", lambda g, x: g * x, "exercise.hint.relu_mask"),
    wrong("mlp-relu-backward", "summed", lambda g, x: (g * (x > 0)).sum(), "exercise.shape"),
    wrong("mlp-init-scale", "no scaling", lambda i, o: torch.randn(i, o),
          "exercise.hint.init_unscaled"),
    wrong("mlp-init-scale", "a constant that fits fan_in = 1000", init_for_the_first_layer_only,
          "exercise.hint.init_unscaled"),
    wrong("mlp-init-scale", "divided by fan_in", lambda i, o: torch.randn(i, o) / i,
          "exercise.hint.init_fan_in"),
    wrong("mlp-init-scale", "divided by sqrt(fan_out)",
          lambda i, o: torch.randn(i, o) / math.sqrt(o), "exercise.hint.init_fan_out"),
    wrong("mlp-init-scale", "kaiming_normal_ on fan_in x fan_out",
          init_kaiming_on_the_wrong_dimension, "exercise.hint.init_fan_out"),
    wrong("mlp-init-scale", "nn.Linear's weight, not transposed",
          lambda i, o: nn.Linear(i, o).weight.detach(), "exercise.hint.init_layout"),
    wrong("mlp-init-scale", "nn.Linear's default (std 1/sqrt(3 fan_in))", init_linear_default,
          "exercise.hint.init_factor"),
    wrong("mlp-init-scale", "Xavier (fan_in + fan_out)", init_xavier, "exercise.hint.init_size"),
    wrong("mlp-init-scale", "all positive", init_positive, "exercise.hint.init_mean"),
    wrong("mlp-init-scale", "zeros", lambda i, o: torch.zeros(i, o), "exercise.hint.init_random"),
    wrong("mlp-init-scale", "right at the sizes tried only", init_hard_coded_table,
          "exercise.hint.init_train"),
    wrong("mlp-init-scale", "a flat vector", lambda i, o: torch.randn(i * o) / math.sqrt(i),
          "exercise.shape"),
    wrong("mlp-init-scale", "a number", lambda i, o: 1 / math.sqrt(i), "exercise.want"),
    wrong("mlp-init-scale", "a weight, not a function", torch.randn(1000, 100) / 1000**0.5,
          "exercise.want"),
]  # fmt: skip

RIGHT = [
    right("autograd-accumulate", "an int", 24),
    right("autograd-accumulate", "a tensor", torch.tensor(24.0)),
    right("autograd-accumulate", "a NumPy float", np.float64(24)),
    right("autograd-accumulate", "a NumPy array of one", np.array([24.0])),
    right("autograd-vjp", "v @ J", torch.tensor([1.0, 0.5]) @ J),
    right("autograd-vjp", "x.grad after backward(v)", vjp_by_backward()),
    right("autograd-vjp", "a list", [2, 1.5, 3]),
    right("autograd-vjp", "a NumPy array", np.array([2.0, 1.5, 3.0])),
    right("autograd-vjp", "a tuple", (2.0, 1.5, 3.0)),
    right("autograd-square", "save_for_backward", Square),
    right("autograd-square", "setup_context", SquareSetupContext),
    right("autograd-inplace-bug", "out of place", residual),
    right("autograd-inplace-bug", "a clone of relu's output", residual_clone),
    right("autograd-inplace-bug", "relu_ on a copy of x", residual_relu_on_a_copy),
    right("autograd-inplace-bug", "torch.where", lambda x: torch.where(x > 0, 2 * x, x)),
    right("autograd-inplace-bug", "clamp", lambda x: x.clamp(min=0) + x),
    right("autograd-inplace-bug", "F.relu", lambda x: F.relu(x) + x),
    right("lenet-flatten", "an int", 400),
    right("lenet-flatten", "a tensor", torch.tensor(16 * 5 * 5)),
    right("lenet-28x28", "fc1 = Linear(16 * 5 * 5, 120)", LeNet28),
    right("lenet-28x28", "a LazyLinear fc1", LeNet28Lazy),
    right("lenet-28x28", "padded to 32 x 32", LeNet28Padded),
    right("lenet-28x28", "nn.Sequential", LeNet28Sequential),
    right("lenet-parameters", "fc1 = Linear(16 * 5 * 5, 120)", 60074),
    right("lenet-parameters", "padded to 32 x 32", 81194),
    right("lenet-parameters", "a float", 60074.0),
    right("lenet-batches", "divmod", lambda n, b, drop: n // b + (0 if drop or n % b == 0 else 1)),
    right("lenet-batches", "rounded up or down by drop_last",
          lambda n, b, drop: n // b if drop else (n + b - 1) // b),
    right("lenet-batches", "as a float",
          lambda n, b, drop: float(n // b + (n % b > 0) * (not drop))),
    right("lenet-dataset", "image[..., 2:30, 2:30]", CenterCrop28),
    right("lenet-dataset", "image[:, 2:-2, 2:-2] and an int label", CenterCrop28Negative),
    right("lenet-epoch-loss", "a generator", lambda losses, sizes: sum(
        lo * n for lo, n in zip(losses, sizes, strict=True)) / sum(sizes)),
    right("lenet-epoch-loss", "tensors",
          lambda losses, sizes: (torch.tensor(losses) * torch.tensor(sizes)).sum()
          / torch.tensor(sizes).sum()),
    right("convnet-conv2", "a tuple", (20, 8, 8)),
    right("convnet-conv2", "a list", [20, 8, 8]),
    right("convnet-conv2", "a torch.Size", torch.Size([20, 8, 8])),
    right("convnet-conv2", "a NumPy array", np.array([20, 8, 8])),
    right("convnet-accuracy", "mean of floats", lambda lg, lb: (lg.argmax(1) == lb).float().mean()),
    right("convnet-accuracy", "sum over len",
          lambda lg, lb: (lg.argmax(dim=1) == lb).sum().item() / len(lb)),
    right("convnet-accuracy", "argmax of the softmax",
          lambda lg, lb: (F.softmax(lg, 1).argmax(1) == lb).double().mean().item()),
    right("convnet-train-step", "the lesson's order", train_step),
    right("convnet-train-step", "zero_grad() after step()", step_zero_grad_at_the_end),
    right("convnet-train-step", "model.zero_grad(), a loss tensor", step_model_zero_grad),
    right("convnet-forgot-eval", "try/finally", accuracy_of),
    right("convnet-forgot-eval", "train(False), a tensor", accuracy_of_train_arg),
    right("generalisation-spread", "torch",
          lambda v: (torch.tensor(v).mean(), torch.tensor(v).std())),
    right("generalisation-spread", "statistics",
          lambda v: (statistics.mean(v), statistics.stdev(v))),
    right("generalisation-spread", "NumPy, a list", lambda v: [np.mean(v), np.std(v, ddof=1)]),
    right("generalisation-keep-best", "the package's", training.KeepBest),
    right("generalisation-keep-best", "clone each tensor", KeepBestCloned),
    right("hooks-zero-fraction", "the lesson's", zero_fraction),
    right("hooks-zero-fraction", "named_modules, out <= 0", zero_fraction_named_modules),
    right("hooks-saliency", "torch.autograd.grad", saliency),
    right("hooks-saliency", "backward(inputs=[image]) on a clone", saliency_backward_inputs),
    right("hooks-saliency", "weights frozen, then restored", saliency_weights_frozen),
    right("hooks-clamp", "grad.clamp", attach_clamp),
    right("hooks-clamp", "torch.clamp(min, max), no handle", lambda t, limit: t.register_hook(
        lambda g: torch.clamp(g, min=-limit, max=limit))),
    right("hooks-clamp", "clamp_ on a clone", lambda t, limit: t.register_hook(
        lambda g: g.clone().clamp_(-limit, limit))),
    right("hooks-clamp", "torch.where", attach_clamp_where),
    right("rnn-lstm-shapes", "tuples", LSTM_SHAPES),
    right("rnn-lstm-shapes", "lists", [list(shape) for shape in LSTM_SHAPES]),
    right("rnn-lstm-shapes", "torch.Size", tuple(torch.Size(shape) for shape in LSTM_SHAPES)),
    right("rnn-lstm-parameters", "an int", 18944),
    right("rnn-lstm-parameters", "a tensor", torch.tensor(18944)),
    right("rnn-cell-classifier", "zeros start", CellClassifier),
    right("rnn-cell-classifier", "h = None start", CellClassifierNoneStart),
    right("rnn-cell-classifier", "reads columns, hx=", CellClassifierColumns),
    right("mlp-momentum", "the lesson's", momentum_step),
    right("mlp-momentum", "v = m v - lr g; p += v", momentum_sutskever),
    right("mlp-momentum", "velocities replaced by index", momentum_by_index),
    right("mlp-relu-backward", "a product with the mask", lambda g, x: g * (x > 0)),
    right("mlp-relu-backward", "torch.where", lambda g, x: torch.where(x > 0, g, 0.0)),
    right("mlp-relu-backward", "masked_fill", lambda g, x: g.masked_fill(x <= 0, 0)),
    right("mlp-relu-backward", "heaviside", lambda g, x: g * torch.heaviside(x, torch.zeros(1))),
    right("mlp-init-scale", "randn / math.sqrt(fan_in)", init_weight),
    right("mlp-init-scale", "nn.init.kaiming_normal_, transposed", init_kaiming),
    right("mlp-init-scale", "Kaiming by hand, float64", lambda i, o: torch.randn(
        i, o, dtype=torch.float64) * (2 / i) ** 0.5),
    right("mlp-init-scale", "uniform of the same spread", init_uniform),
    right("mlp-init-scale", "kaiming_normal_ with mode='fan_out' on fan_in x fan_out",
          lambda i, o: nn.init.kaiming_normal_(torch.empty(i, o), mode="fan_out")),
]  # fmt: skip


def hint_key(exercise, answer):
    found = exercises.diagnose(exercise, answer)
    return None if found is None else found[0]


@pytest.mark.parametrize("language_code", LANGUAGES)
@pytest.mark.parametrize(("exercise", "answer", "hint"), WRONG)
def test_a_wrong_answer_is_rejected_with_its_hint(exercise, answer, hint, language_code, speaking):
    speaking(language_code)
    assert hint_key(exercise, answer) == hint
    right, out = exercises.verdict(exercise, answer)
    assert right is False and "Traceback" not in out
    assert language.MESSAGES[hint][language_code].split("{")[0].strip() in out, out


@pytest.mark.parametrize(("exercise", "answer"), RIGHT)
def test_a_right_answer_is_accepted(exercise, answer):
    found = exercises.diagnose(exercise, answer)
    assert found is None, found


def test_every_exercise_has_its_tables():
    for exercise in exercises.EXERCISES:
        wrongs = sum(p.values[0] == exercise for p in WRONG)
        rights = sum(p.values[0] == exercise for p in RIGHT)
        assert wrongs >= 4 and rights >= 2, f"{exercise}: {wrongs} wrong, {rights} right answers"
    assert {p.values[0] for p in WRONG + RIGHT} <= set(exercises.EXERCISES)


def test_the_init_sizes_tell_each_wrong_scale_from_the_right_one():
    """At some size, each wrong rule of the table gives x @ w a standard deviation outside the
    accepted range, while both right ones stay inside it at every size."""
    fan_ins = [i for i, _ in exercises.INIT_SIZES]
    assert min(fan_ins) <= 16 and max(fan_ins) >= 4096
    low, high = exercises.INIT_STD
    rules = {
        "1/sqrt(fan_in)": lambda i, o: 1 / math.sqrt(i),
        "sqrt(2/fan_in)": lambda i, o: math.sqrt(2 / i),
        "1/sqrt(fan_out)": lambda i, o: 1 / math.sqrt(o),
        "sqrt(2/(fan_in + fan_out))": lambda i, o: math.sqrt(2 / (i + o)),
        "1/fan_in": lambda i, o: 1 / i,
        "sqrt(2/1000)": lambda i, o: math.sqrt(2 / 1000),
    }
    for name, rule in rules.items():
        inside = [low <= rule(i, o) * math.sqrt(i) <= high for i, o in exercises.INIT_SIZES]
        assert all(inside) == name.startswith(("1/sqrt(fan_in)", "sqrt(2/fan_in)")), name


def test_the_saliency_digits_are_predicted_as_another_class_than_their_label():
    """So that the label's logit and the loss give other maps than the predicted logit."""
    model, images = exercises._hook_model()
    with torch.no_grad():
        predicted = model(images).argmax(dim=1)
    labels = exercises._labels28()
    for index in exercises.SALIENCY_DIGITS:
        assert predicted[index] != labels[index], index
        maps = exercises._saliency_maps(model, images[index : index + 1], int(labels[index]))
        right = maps.pop("right").abs()
        for name, other in maps.items():
            assert not torch.allclose(other.abs(), right, rtol=1e-3), name


def test_the_accuracy_cases_tell_a_constant_and_the_wrong_axis_apart():
    cases = exercises._accuracy_cases()
    rows, classes = cases[0][0].shape
    assert rows == classes, "the first case has N = C, so argmax(dim=0) gives a number"
    assert any(lg.shape[0] != lg.shape[1] for lg, _, _ in cases)
    assert len({accuracy for _, _, accuracy in cases}) == len(cases)
    assert all(accuracy != 0.5 for _, _, accuracy in cases)


def test_a_check_leaves_the_random_state_and_autograd_as_it_found_them():
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    with torch.no_grad():
        assert exercises.verdict("convnet-train-step", train_step)[0]
        assert exercises.verdict("autograd-square", Square)[0]
        assert not torch.is_grad_enabled()
    assert torch.equal(torch.rand(3), expected)


PARTICLES = "이가은는을를의에와과도만로"


def test_korean_exercise_messages_put_no_particle_after_a_placeholder():
    """A particle after a placeholder depends on what fills it (숫자가, str이): the messages
    are written so that none follows one (the 이(가) fallback is not used either)."""
    for key, texts in language.MESSAGES.items():
        if key.startswith("exercise."):
            korean = texts["ko"]
            assert "이(가)" not in korean and "을(를)" not in korean, key
            assert not re.search(r"\}(?:[" + PARTICLES + r"]|입니다)", korean), f"{key}: {korean}"
