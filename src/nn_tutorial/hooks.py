"""Hooks that look inside a network while it runs.

Each helper is a context manager: the hooks it registers live only inside the
``with`` block and are removed on the way out, also when the block raises, so
a model is never left with a hook nobody remembers.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import torch
from torch import nn
from torch.overrides import TorchFunctionMode

from nn_tutorial.language import text

__all__ = [
    "ShapeStep",
    "record_activations",
    "record_grad_norms",
    "record_update_ratios",
    "record_zero_shares",
    "shape_trace",
]


def _modules(model: nn.Module, names: Sequence[str]) -> dict[str, nn.Module]:
    """Look up submodules by name, with an error that lists the names there are."""
    available = dict(model.named_modules())
    missing = [name for name in names if name not in available]
    if missing:
        known = ", ".join(name for name in available if name) or "(none)"
        raise KeyError(f"{type(model).__name__} has no submodule {missing}; it has: {known}.")
    return {name: available[name] for name in names}


@contextmanager
def record_activations(model: nn.Module, names: Sequence[str]) -> Iterator[dict[str, torch.Tensor]]:
    """Store the output of each named layer on every forward pass.

    Parameters
    ----------
    model : torch.nn.Module
        The network to watch.
    names : sequence of str
        Submodule names, as in ``model.named_modules()`` (``"conv1"``, ``"rnn.i2h"``).

    Yields
    ------
    dict
        Maps each name to its latest output, detached from the graph and
        copied: a later in-place operation (``nn.ReLU(inplace=True)`` after
        the layer) does not change what was recorded.

    Examples
    --------
    >>> with record_activations(net, ["conv1"]) as activations:
    ...     net(images)
    >>> activations["conv1"].shape
    """
    activations: dict[str, torch.Tensor] = {}
    handles = []
    for name, module in _modules(model, names).items():

        def store(module, inputs, output, name=name):
            activations[name] = output.detach().clone()

        handles.append(module.register_forward_hook(store))
    try:
        yield activations
    finally:
        for handle in handles:
            handle.remove()


@contextmanager
def record_grad_norms(model: nn.Module, names: Sequence[str]) -> Iterator[dict[str, list[float]]]:
    """Record the norm of the gradient leaving each named layer on every backward pass.

    Each layer gets a :meth:`torch.nn.Module.register_full_backward_hook`; the
    norm recorded is that of ``grad_output[0]``, the gradient with respect to
    the layer's output. On a network's first layer the input is the data,
    which needs no gradient: PyTorch then warns that the hook fires "with
    respect to module outputs" only. That is exactly what is recorded here, so
    that one warning is silenced inside the ``with`` block.

    A full backward hook forbids in-place changes to its module's output: with
    an ``nn.ReLU(inplace=True)`` right after a named layer (as in torchvision's
    ResNet), the forward pass raises "Output 0 of BackwardHookFunction is a
    view and is being modified inplace". Name a module whose output is not
    modified in place, or make that ReLU out of place.

    Yields
    ------
    dict
        Maps each name to a list with one norm per backward pass.
    """
    norms: dict[str, list[float]] = {name: [] for name in names}
    handles = []
    for name, module in _modules(model, names).items():

        def store(module, grad_input, grad_output, name=name):
            norms[name].append(grad_output[0].norm().item())

        handles.append(module.register_full_backward_hook(store))
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings(
                "ignore", message="Full backward hook is firing when gradients are computed with "
                "respect to module outputs", category=UserWarning,
            )  # fmt: skip
            yield norms
    finally:
        for handle in handles:
            handle.remove()


@contextmanager
def record_zero_shares(model: nn.Module, names: Sequence[str]) -> Iterator[dict[str, list[float]]]:
    """Record the share of each named layer's outputs that a ReLU after it sets to zero.

    A forward hook on each layer stores, at every forward pass *in training
    mode*, the fraction of the layer's outputs that are ``<= 0``: those are the
    values a ReLU turns into zeros, whether the ReLU is the layer itself (an
    ``nn.ReLU``) or an ``F.relu`` in ``forward`` after it. Passes in eval mode
    (the validation after each epoch of :func:`~nn_tutorial.training.fit`) are
    not recorded, so the lists hold one value per training step.

    Parameters
    ----------
    model : torch.nn.Module
        The network to watch.
    names : sequence of str
        Submodule names, as in ``model.named_modules()``.

    Yields
    ------
    dict
        Maps each name to a list with one share (between 0 and 1) per training
        forward pass.
    """
    shares: dict[str, list[float]] = {name: [] for name in names}
    handles = []
    for name, module in _modules(model, names).items():

        def store(module, inputs, output, name=name):
            if module.training:
                shares[name].append((output.detach() <= 0).float().mean().item())

        handles.append(module.register_forward_hook(store))
    try:
        yield shares
    finally:
        for handle in handles:
            handle.remove()


@contextmanager
def record_update_ratios(
    model: nn.Module, optimizer: torch.optim.Optimizer, names: Sequence[str]
) -> Iterator[dict[str, list[float]]]:
    """Record, at every ``optimizer.step()``, how far each named layer's weight moved.

    The ratio is ``‖w_after - w_before‖ / ‖w_before‖`` for the ``weight`` of
    each named layer: the size of the update relative to the size of the
    weight. It measures the update the optimizer really made (with Adam or
    momentum, that is not ``lr * grad``). The optimizer's own hooks
    (:meth:`torch.optim.Optimizer.register_step_pre_hook` and
    ``register_step_post_hook``) copy the weights before the step and compare
    after it; both are removed when the ``with`` block ends.

    Parameters
    ----------
    model : torch.nn.Module
        The network whose layers are named.
    optimizer : torch.optim.Optimizer
        The optimizer that updates them.
    names : sequence of str
        Submodule names of layers that have a ``weight``.

    Yields
    ------
    dict
        Maps each name to a list with one ratio per step.
    """
    modules = _modules(model, names)
    weights = {}
    for name, module in modules.items():
        weight = getattr(module, "weight", None)
        if not isinstance(weight, torch.Tensor):
            raise ValueError(f"{name} ({type(module).__name__}) has no weight to follow.")
        weights[name] = weight
    ratios: dict[str, list[float]] = {name: [] for name in names}
    before: dict[str, torch.Tensor] = {}

    def copy_weights(optimizer, args, kwargs):
        for name, weight in weights.items():
            before[name] = weight.detach().clone()

    def compare(optimizer, args, kwargs):
        for name, weight in weights.items():
            update = (weight.detach() - before[name]).norm()
            ratios[name].append((update / before[name].norm()).item())

    handles = [
        optimizer.register_step_pre_hook(copy_weights),
        optimizer.register_step_post_hook(compare),
    ]
    try:
        yield ratios
    finally:
        for handle in handles:
            handle.remove()


@dataclass(frozen=True)
class ShapeStep:
    """One step of a forward pass: what ran and the shape it returned."""

    name: str
    """The submodule's name (``"conv1"``) or the function's (``"max_pool2d"``)."""
    kind: str
    """The module's class (``"Conv2d"``) or ``"function"``."""
    shape: tuple[int, ...]

    def __str__(self) -> str:
        return f"{self.name:<12} {self.kind:<10} {list(self.shape)}"


class _FunctionShapes(TorchFunctionMode):
    """Record the output shape of every torch function called outside a leaf module."""

    def __init__(self, steps: list[ShapeStep]) -> None:
        super().__init__()
        self.steps = steps
        self.depth = 0  # > 0 while a leaf module runs: its inner calls are its own business

    def __torch_function__(self, func, types, args=(), kwargs=None):
        result = func(*args, **(kwargs or {}))
        if self.depth == 0 and isinstance(result, torch.Tensor) and not _is_accessor(func):
            name = getattr(func, "__name__", str(func)).lstrip("_")
            self.steps.append(ShapeStep(name, "function", tuple(result.shape)))
        return result


def _is_accessor(func) -> bool:
    """Tensor attribute reads (``x.shape``, ``x.dim()``) are not steps of the network."""
    return getattr(func, "__name__", "") in {"__get__", "size", "dim", "detach", "to"}


def shape_trace(model: nn.Module, example_input: torch.Tensor) -> list[ShapeStep]:
    """Run ``model`` once and list each step's output shape, in order.

    Steps are the leaf submodules (``conv1``, ``fc1``, ...) and the torch
    functions that ``forward`` calls between them (``relu``, ``max_pool2d``,
    ``flatten``). The first step is the input itself. This answers "where does
    ``16 * 6 * 6`` come from?" by showing the shape right before ``fc1``.

    Parameters
    ----------
    model : torch.nn.Module
        The network.
    example_input : torch.Tensor
        A mini-batch the network accepts.

    Returns
    -------
    list of ShapeStep
    """
    steps = [ShapeStep(text("label.input"), "", tuple(example_input.shape))]
    mode = _FunctionShapes(steps)
    handles = []
    for name, module in model.named_modules():
        if next(module.children(), None) is not None:
            continue  # containers: their children are traced instead

        def enter(module, inputs):
            mode.depth += 1

        def leave(module, inputs, output, name=name):
            mode.depth -= 1
            steps.append(ShapeStep(name, type(module).__name__, tuple(output.shape)))

        handles.append(module.register_forward_pre_hook(enter))
        handles.append(module.register_forward_hook(leave))
    try:
        with torch.no_grad(), mode:
            model(example_input)
    finally:
        for handle in handles:
            handle.remove()
    return steps
