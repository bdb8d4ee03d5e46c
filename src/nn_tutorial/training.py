"""Training loops with nothing hidden: the steps are the ones the lessons teach.

:func:`fit` is the ordinary loop (zero the gradients, forward, loss, backward,
step) over a :class:`~torch.utils.data.DataLoader`, with a held-out
evaluation after every epoch. :func:`sgd_step` and :func:`train_two_layer_net`
are the hand-written versions the autograd lessons take apart.
"""

from __future__ import annotations

import copy
import math
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset

from nn_tutorial.language import text

__all__ = [
    "History",
    "KeepBest",
    "device",
    "evaluate",
    "fit",
    "load_checkpoint",
    "resolve_device",
    "save_checkpoint",
    "sgd_step",
    "train_two_layer_net",
]


def _accelerator() -> torch.device | None:
    """The accelerator PyTorch uses on this machine (CUDA, MPS, XPU, ...), or None."""
    return torch.accelerator.current_accelerator() if torch.accelerator.is_available() else None


def device() -> torch.device:
    """Return this machine's accelerator (CUDA, MPS, XPU, ...) when PyTorch sees one, else the CPU.

    It asks :mod:`torch.accelerator`, so an Apple-silicon GPU (MPS) or an Intel GPU (XPU) is
    used as a CUDA GPU is, with no code for each kind.
    """
    return _accelerator() or torch.device("cpu")


def resolve_device(requested: torch.device | str | None) -> torch.device:
    """Turn ``None``, a name or a device into a device this machine has.

    Raises
    ------
    RuntimeError
        If an accelerator is asked for (``"cuda"``, ``"mps"``, ...) that this machine lacks.
    """
    if requested is None:
        return device()
    chosen = torch.device(requested)
    if chosen.type == "cpu":
        return chosen
    present = _accelerator()
    if present is None or present.type != chosen.type:
        sees = f"only a {present.type!r} accelerator" if present else "no accelerator"
        raise RuntimeError(
            f"device={str(requested)!r} was asked for, but PyTorch sees {sees} on this "
            "machine. Use device='cpu', or device=None to take an accelerator only when there "
            "is one."
        )
    return chosen


@dataclass
class History:
    """What :func:`fit` measured, one entry per epoch."""

    train_loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)

    @property
    def epochs(self) -> int:
        """Number of epochs recorded."""
        return len(self.train_loss)

    def as_dict(self) -> dict[str, list[float]]:
        """The history as a plain dictionary (for saving or plotting)."""
        return asdict(self)


@torch.no_grad()
def evaluate(
    model: nn.Module,
    dataset: Dataset,
    loss_fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
    *,
    device: torch.device | str | None = None,
    batch_size: int = 256,
) -> tuple[float, float]:
    """Return the mean loss and the accuracy of ``model`` on ``dataset``.

    The model is put in evaluation mode while it runs and put back as it was.
    """
    target_device = resolve_device(device)
    was_training = model.training
    model.eval()
    total_loss, correct, count = 0.0, 0, 0
    for x, y in DataLoader(dataset, batch_size=batch_size):
        x, y = x.to(target_device), y.to(target_device)
        logits = model(x)
        total_loss += loss_fn(logits, y).item() * len(y)
        correct += (logits.argmax(dim=1) == y).sum().item()
        count += len(y)
    model.train(was_training)
    return total_loss / count, correct / count


def fit(
    model: nn.Module,
    train: Dataset,
    validation: Dataset,
    *,
    epochs: int,
    optimizer: torch.optim.Optimizer,
    loss_fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
    device: torch.device | str | None = None,
    batch_size: int = 64,
    scheduler: torch.optim.lr_scheduler.LRScheduler | None = None,
    clip_grad_norm: float | None = None,
    seed: int = 0,
    checkpoint: str | os.PathLike | None = None,
    resume: bool = False,
    log: Callable[[str], None] | None = print,
    on_epoch: Callable[[nn.Module, History], None] | None = None,
) -> History:
    """Train ``model`` on ``train``, evaluating on ``validation`` after every epoch.

    The test set is not an argument on purpose: it is for the one evaluation at
    the end (:func:`evaluate`), after every choice has been made.

    Parameters
    ----------
    model : torch.nn.Module
        The network; it is moved to ``device``.
    train, validation : torch.utils.data.Dataset
        Datasets of ``(input, label)`` pairs.
    epochs : int
        Number of passes over ``train`` (in all, counting resumed ones).
    optimizer : torch.optim.Optimizer
        An optimizer over ``model.parameters()``.
    loss_fn : callable
        ``loss_fn(logits, labels)``, for example ``nn.CrossEntropyLoss()``.
    device : torch.device or str, optional
        Where to train; ``None`` takes a GPU when there is one.
    batch_size : int
        Mini-batch size of the training loader.
    scheduler : torch.optim.lr_scheduler.LRScheduler, optional
        Stepped once at the end of every epoch (and saved with the checkpoint).
    clip_grad_norm : float, optional
        If given, after each ``backward()`` the gradients of all parameters
        are scaled down together so that their overall norm is at most this
        (:func:`torch.nn.utils.clip_grad_norm_`). Recurrent networks need it:
        a gradient sent back through many time steps can explode.
    seed : int
        Seed of the shuffling, so two runs see the batches in the same order.
    checkpoint : path, optional
        If given, model, optimizer and history are saved there after every
        epoch. The file is written atomically: an interrupted save leaves the
        previous checkpoint whole.
    resume : bool
        Continue from ``checkpoint`` if the file exists.
    log : callable or None
        Receives one line per epoch, in the language set by
        :func:`nn_tutorial.set_language`; ``None`` keeps quiet.
    on_epoch : callable, optional
        Called as ``on_epoch(model, history)`` at the end of every epoch, after
        the validation, with this epoch already recorded in ``history``: for
        example a :class:`KeepBest`, which keeps the weights of the best epoch.

    Returns
    -------
    History
        Train loss, validation loss, validation accuracy and seconds per epoch.

    Raises
    ------
    FloatingPointError
        On the first loss that is not finite, naming the epoch and the step.
    """
    if epochs < 1:
        raise ValueError(f"epochs must be at least 1, got {epochs}.")
    if on_epoch is not None and not callable(on_epoch):
        raise TypeError(
            "on_epoch must be a function of (model, history) or None, "
            f"got {type(on_epoch).__name__}."
        )
    target_device = resolve_device(device)
    if clip_grad_norm is not None and not clip_grad_norm > 0:
        raise ValueError(f"clip_grad_norm must be a positive number or None, got {clip_grad_norm}.")
    model.to(target_device)
    history = History()
    generator = torch.Generator().manual_seed(seed)
    if resume and checkpoint is not None and Path(checkpoint).exists():
        history = load_checkpoint(checkpoint, model, optimizer, generator, scheduler)
        if log:
            log(text("fit.resumed", path=checkpoint, epoch=history.epochs))
    loader = DataLoader(train, batch_size=batch_size, shuffle=True, generator=generator)

    for epoch in range(history.epochs + 1, epochs + 1):
        start = time.perf_counter()
        model.train()
        total, count = 0.0, 0
        for step, (x, y) in enumerate(loader, start=1):
            x, y = x.to(target_device), y.to(target_device)
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            value = loss.item()  # one read of the loss a step: for the check and the average
            if not math.isfinite(value):
                raise FloatingPointError(
                    f"the loss became {value} at epoch {epoch}, step {step}: training "
                    "diverged. Lower the learning rate or check the inputs for NaN or inf."
                )
            loss.backward()
            if clip_grad_norm is not None:
                nn.utils.clip_grad_norm_(model.parameters(), clip_grad_norm)
            optimizer.step()
            total += value * len(y)
            count += len(y)
        if scheduler is not None:
            scheduler.step()
        val_loss, val_accuracy = evaluate(model, validation, loss_fn, device=target_device)
        history.train_loss.append(total / count)
        history.val_loss.append(val_loss)
        history.val_accuracy.append(val_accuracy)
        history.seconds.append(time.perf_counter() - start)
        if checkpoint is not None:
            save_checkpoint(checkpoint, model, optimizer, history, generator, scheduler)
        if log:
            log(
                text(
                    "fit.epoch",
                    epoch=epoch,
                    epochs=epochs,
                    train_loss=total / count,
                    val_loss=val_loss,
                    val_accuracy=val_accuracy,
                )
            )
        if on_epoch is not None:
            on_epoch(model, history)
    return history


class KeepBest:
    """Keep a copy of the weights of the epoch with the lowest validation loss.

    Pass one to :func:`fit` as ``on_epoch``. ``fit`` returns the model as it is
    after its last epoch; if the validation loss rose since its best epoch,
    ``model.load_state_dict(keep_best.state)`` brings back the weights of that
    epoch (*early stopping*, decided after the run).

    ``state_dict()`` returns the model's own tensors, which the optimizer goes
    on changing in place: the copy (``copy.deepcopy``) is what keeps them.

    Attributes
    ----------
    epoch : int or None
        The best epoch so far, counted from 1 (None before the first).
    val_loss : float
        Its validation loss.
    state : dict or None
        A copy of the model's ``state_dict()`` at the end of that epoch.
    """

    def __init__(self) -> None:
        self.epoch: int | None = None
        self.val_loss = math.inf
        self.state: dict[str, torch.Tensor] | None = None

    def __call__(self, model: nn.Module, history: History) -> None:
        if history.val_loss[-1] < self.val_loss:
            self.epoch = history.epochs
            self.val_loss = history.val_loss[-1]
            self.state = copy.deepcopy(model.state_dict())  # a copy, not the live tensors


def save_checkpoint(
    path: str | os.PathLike,
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    history: History,
    generator: torch.Generator | None = None,
    scheduler: torch.optim.lr_scheduler.LRScheduler | None = None,
) -> None:
    """Save model, optimizer and history to ``path``, atomically.

    The state is written to a temporary file beside ``path`` and moved over
    it only once complete, so a save interrupted half-way never leaves a
    corrupt checkpoint (the previous one stays). It holds tensors and plain
    containers only, so :func:`load_checkpoint` can read it with
    ``weights_only=True``.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    state = {
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "history": history.as_dict(),
        # The shuffling generator's state: a resumed run sees the batches a full run would.
        "generator": None if generator is None else generator.get_state(),
        "scheduler": None if scheduler is None else scheduler.state_dict(),
    }
    handle, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            torch.save(state, file)
            file.flush()
            os.fsync(file.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def load_checkpoint(
    path: str | os.PathLike,
    model: nn.Module,
    optimizer: torch.optim.Optimizer | None = None,
    generator: torch.Generator | None = None,
    scheduler: torch.optim.lr_scheduler.LRScheduler | None = None,
) -> History:
    """Load a checkpoint written by :func:`save_checkpoint` into ``model``.

    ``optimizer``, the shuffling ``generator`` and ``scheduler``, when given,
    are restored too.

    The file is read with ``torch.load(..., weights_only=True)`` (the default
    since PyTorch 2.6), which refuses arbitrary Python objects. Keep PyTorch
    up to date, as flaws in this safe loader were fixed in 2.6 and 2.10
    (CVE-2025-32434, CVE-2026-24747), and load only files you trust.

    Returns
    -------
    History
        The history saved with it.
    """
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except (FileNotFoundError, IsADirectoryError):
        raise
    except Exception as error:
        raise ValueError(f"{path} is not a readable nn_tutorial checkpoint: {error}") from error
    if not isinstance(state, dict) or not {"model", "optimizer", "history"} <= state.keys():
        raise ValueError(
            f"{path} is not an nn_tutorial checkpoint: expected the keys "
            "'model', 'optimizer' and 'history'."
        )
    try:
        model.load_state_dict(state["model"])
    except RuntimeError as error:
        raise ValueError(f"the checkpoint {path} was saved from another model ({error})") from error
    if optimizer is not None:
        optimizer.load_state_dict(state["optimizer"])
    if generator is not None and state.get("generator") is not None:
        generator.set_state(state["generator"])
    if scheduler is not None and state.get("scheduler") is not None:
        scheduler.load_state_dict(state["scheduler"])
    return History(**state["history"])


def sgd_step(parameters: Iterable[torch.Tensor], lr: float) -> None:
    """The plain update rule ``weight = weight - lr * gradient``, then zero the gradients.

    The update runs under :func:`torch.no_grad` so autograd does not record it,
    and changes each tensor in place (not through ``.data``, which would hide
    the change from autograd's version checks).
    """
    with torch.no_grad():
        for parameter in parameters:
            if parameter.grad is None:
                continue
            parameter -= lr * parameter.grad
            parameter.grad.zero_()


def train_two_layer_net(
    model,
    x: torch.Tensor,
    y: torch.Tensor,
    *,
    lr: float = 1e-6,
    steps: int = 500,
    reduction: str = "sum",
    log_every: int = 100,
    log: Callable[[str], None] | None = print,
) -> list[float]:
    """Train a :class:`~nn_tutorial.models.TwoLayerNet` with raw tensor operations.

    Each step: forward with ``mm`` and ``relu``, the squared-error loss,
    ``loss.backward()``, the update under ``torch.no_grad()``, and the
    gradients zeroed for the next step.

    Parameters
    ----------
    reduction : str
        How the squared errors make the loss, as in :class:`torch.nn.MSELoss`:
        ``"sum"``, their sum, or ``"mean"``, their mean (the sum divided by ``y.numel()``, which
        divides every gradient by that number too).

    Returns
    -------
    list of float
        The loss at every step.
    """
    if reduction not in ("sum", "mean"):
        raise ValueError(f'reduction must be "sum" or "mean", got {reduction!r}.')
    losses = []
    for step in range(1, steps + 1):
        y_pred = x.mm(model.w1).relu().mm(model.w2)
        errors = (y_pred - y).pow(2)
        loss = errors.sum() if reduction == "sum" else errors.mean()
        value = loss.item()
        if not math.isfinite(value):
            raise FloatingPointError(text("mlp.diverged", loss=value, step=step, lr=lr))
        losses.append(value)
        loss.backward()
        sgd_step(model.parameters(), lr)
        if log and step % log_every == 0:
            log(text("mlp.step", step=step, loss=value))
    return losses
