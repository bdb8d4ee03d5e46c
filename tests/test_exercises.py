"""The exercises: every solution on the pages passes its check, typical mistakes get their hint
(in English and in Korean), and a broken answer gets a message, not the checker's traceback."""

from __future__ import annotations

import contextlib
import io
import re

import pytest
import torch
import torch.nn.functional as F
from site_facts import GALLERY, LANGUAGES
from torch import nn

from nn_tutorial import data, exercises, language

SOLUTION = {"en": "# **Solution**", "ko": "# **풀이**"}


def solutions(language_code: str) -> list[tuple[str, str]]:
    """(lesson, code) of every solution cell in the lessons of one edition, as the page shows it."""
    found = []
    for path in sorted((GALLERY / language_code).glob("plot_*.py")):
        for block in re.split(r"(?m)^# %%\n", path.read_text(encoding="utf-8"))[1:]:
            first, _, code = block.partition("\n")
            if first == SOLUTION[language_code]:
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
    assert len(lessons) == 6 and all(sum(x == y for y, _ in found) >= 3 for x in lessons)


class LeNetWrongFc1(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1, self.conv2 = nn.Conv2d(1, 6, 3), nn.Conv2d(6, 16, 3)
        self.fc1, self.fc2, self.fc3 = nn.Linear(16 * 6 * 6, 120), nn.Linear(120, 84), nn.Linear(84, 10)

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


# one typical mistake per exercise, and the hint it must get
MISTAKES = [
    ("autograd-accumulate", 12.0, "exercise.hint.accumulate"),
    ("autograd-vjp", torch.tensor([[2.0, 1.0, 0.0], [0.0, 1.0, 6.0]]), "exercise.hint.vjp_matrix"),
    ("autograd-vjp", torch.tensor([2.0, 2.0, 6.0]), "exercise.hint.vjp_weights"),
    ("autograd-square", SquareNoChainRule, "exercise.hint.backward"),
    ("lenet-flatten", 576, "exercise.hint.flatten_32"),
    ("lenet-28x28", LeNetWrongFc1, "exercise.hint.flatten"),
    ("lenet-parameters", 59838, "exercise.hint.biases"),  # the weights of LeNet28 only
    ("convnet-conv2", (20, 4, 4), "exercise.hint.after_pool"),
    (
        "convnet-accuracy",
        lambda lg, lb: (lg.argmax(1) == lb).sum().item(),
        "exercise.hint.fraction",
    ),
    ("convnet-train-step", step_without_zero_grad, "exercise.hint.zero_grad"),
    ("hooks-zero-fraction", zero_fraction_leaving_hook, "exercise.hint.remove_hook"),
    ("hooks-largest-grad", lambda m, x, y: "conv1", "exercise.hint.same_answer"),
    ("hooks-clamp", lambda t, limit: t.register_hook(lambda g: None), "exercise.hint.hook_return"),
    ("rnn-lstm-shapes", ((8, 32, 64), (1, 32, 64), (1, 32, 64)), "exercise.hint.batch_first"),
    ("rnn-lstm-parameters", 64 * 8 + 64 * 64 + 64 + 64, "exercise.hint.gates"),
    ("rnn-cell-classifier", LastStepOnlyFirstRow, "exercise.hint.logits"),
    ("mlp-learning-rate", 1e-5, "exercise.hint.too_large"),
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
