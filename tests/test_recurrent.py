"""PyTorch's recurrent layers on the digits, and gradient clipping in fit."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from nn_tutorial import data, models, training


@pytest.fixture(scope="module")
def sequences():
    return data.digit_sequences()


@pytest.mark.parametrize(
    ("kind", "validation", "test"), [("rnn", 0.95, 0.95), ("lstm", 0.95, 0.96)]
)
def test_row_reader_reaches_the_accuracy_the_rnn_lesson_states(sequences, kind, validation, test):
    # The lesson's recipe: Adam at 0.005, 20 epochs, gradients clipped to norm 1.
    train_set, val_set, test_set = sequences
    torch.manual_seed(0)
    model = models.RowReader(kind, input_size=8, hidden_size=64, classes=10)
    history = training.fit(
        model, train_set, val_set, epochs=20, loss_fn=nn.CrossEntropyLoss(), device="cpu",
        optimizer=torch.optim.Adam(model.parameters(), lr=5e-3), clip_grad_norm=1.0, log=None,
    )  # fmt: skip
    assert history.val_accuracy[-1] >= validation
    _, accuracy = training.evaluate(model, test_set, nn.CrossEntropyLoss(), device="cpu")
    assert accuracy >= test


def test_row_reader_returns_one_score_per_class_and_names_a_wrong_kind():
    model = models.RowReader("lstm", input_size=8, hidden_size=16, classes=10)
    assert model(torch.randn(4, 8, 8)).shape == (4, 10)
    with pytest.raises(ValueError, match=r"kind must be 'rnn' or 'lstm', got 'gru'"):
        models.RowReader("gru", input_size=8, hidden_size=16, classes=10)
    with pytest.raises(ValueError, match=r"N x steps x features, got \[8, 8\]"):
        model(torch.randn(8, 8))


class RecordingSGD(torch.optim.SGD):
    """SGD that records the overall gradient norm it is asked to step with."""

    def __init__(self, params, lr):
        super().__init__(params, lr=lr)
        self.norms = []

    def step(self, closure=None):
        grads = [p.grad for group in self.param_groups for p in group["params"]]
        self.norms.append(torch.linalg.vector_norm(torch.cat([g.flatten() for g in grads])).item())
        return super().step(closure)


def train_with(clip):
    torch.manual_seed(0)
    x = torch.randn(64, 4) * 100  # large inputs: large gradients
    y = (x[:, 0] > 0).long()
    dataset = torch.utils.data.TensorDataset(x, y)
    model = nn.Linear(4, 2)
    optimizer = RecordingSGD(model.parameters(), lr=1e-3)
    training.fit(
        model, dataset, dataset, epochs=2, optimizer=optimizer, loss_fn=nn.CrossEntropyLoss(),
        device="cpu", batch_size=16, clip_grad_norm=clip, log=None,
    )  # fmt: skip
    return optimizer.norms


def test_fit_clips_the_overall_gradient_norm_before_each_step():
    unclipped = train_with(None)
    assert max(unclipped) > 1.0  # the clipping below has something to do
    clipped = train_with(0.5)
    assert len(clipped) == 8 and max(clipped) <= 0.5 + 1e-5
    with pytest.raises(ValueError, match="clip_grad_norm must be a positive number or None, got 0"):
        train_with(0)
