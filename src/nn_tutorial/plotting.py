"""Figures for the lessons, drawn with matplotlib alone. Each function returns its Figure.

Text on the figures is passed in by the lesson (titles, axis labels), so the
Korean lessons draw Korean figures. :func:`apply_style` registers a font with
Hangul (NanumGothic, shipped by the ``koreanize-matplotlib`` package) as a
fallback behind matplotlib's default, so every language's figures render with
no missing glyph; it runs when this module is imported.
"""

from __future__ import annotations

import importlib.util
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from nn_tutorial.hooks import ShapeStep
from nn_tutorial.language import text
from nn_tutorial.training import History

__all__ = [
    "apply_style",
    "plot_autograd_graph",
    "plot_confusion_matrix",
    "plot_conv_channels",
    "plot_digit_predictions",
    "plot_feature_maps",
    "plot_filters",
    "plot_grad_norms",
    "plot_history",
    "plot_layer_stats",
    "plot_losses",
    "plot_saliency",
    "plot_seed_spread",
    "plot_shape_trace",
]

HANGUL_FONT = "NanumGothic"


def apply_style() -> None:
    """Make matplotlib draw Hangul: add NanumGothic as a fallback font.

    Latin text keeps matplotlib's DejaVu Sans; characters it lacks are taken
    from NanumGothic. Safe to call more than once.
    """
    # Find the font files without importing koreanize_matplotlib: its import
    # changes matplotlib's settings and raises a DeprecationWarning.
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            "nn_tutorial's figures need the koreanize-matplotlib package for their Hangul font: "
            "pip install koreanize-matplotlib"
        )
    fonts = Path(spec.submodule_search_locations[0]) / "fonts"
    known = {font.name for font in mpl.font_manager.fontManager.ttflist}
    if HANGUL_FONT not in known:
        for path in sorted(fonts.glob("NanumGothic*.ttf")):
            mpl.font_manager.fontManager.addfont(str(path))
    mpl.rcParams["font.family"] = ["DejaVu Sans", HANGUL_FONT]
    mpl.rcParams["axes.unicode_minus"] = True
    mpl.rcParams["figure.dpi"] = 100


apply_style()


def _image(ax, values: np.ndarray, cmap: str = "gray") -> None:
    ax.imshow(values, cmap=cmap, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])


def _grid(count: int, ncols: int, cell: float = 1.1) -> tuple[Figure, np.ndarray]:
    ncols = min(ncols, count)
    nrows = math.ceil(count / ncols)
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(cell * ncols, cell * nrows + 0.4),
        squeeze=False,
        layout="constrained",
    )
    for ax in axes.flat[count:]:
        ax.axis("off")
    return fig, axes.flat


def plot_history(
    history: History,
    *,
    title: str | None = None,
    xlabel: str | None = None,
    labels: Sequence[str] | None = None,
    mark_gap: bool = False,
    mark_best: bool = False,
) -> Figure:
    """Plot the losses and the validation accuracy that :func:`~nn_tutorial.training.fit` recorded.

    The accuracy of the last epoch is written on its curve: ``fit`` returns the
    model as it is after its last epoch, so that is the model you hold (not the
    best epoch's, which may score higher).

    Parameters
    ----------
    history : History
        What ``fit`` returned.
    title : str, optional
        The figure's title.
    xlabel : str, optional
        Label of the epoch axis; by default "epoch" in the current language
        (:func:`nn_tutorial.set_language`), like every default label here.
    labels : three str, optional
        Names of the train loss, the validation loss and the validation accuracy.
    mark_gap : bool
        Shade the gap between the two loss curves and write, at the last
        epoch, how many times the training loss the validation loss is: the
        size of the overfitting.
    mark_best : bool
        Draw a dashed line at the epoch with the lowest validation loss, the
        one a :class:`~nn_tutorial.training.KeepBest` keeps.
    """
    if history.epochs == 0:
        raise ValueError("plot_history needs a History of at least one epoch, got an empty one.")
    xlabel = xlabel or text("label.epoch")
    labels = labels or [text(f"label.{key}") for key in ("train_loss", "val_loss", "val_accuracy")]
    epochs = np.arange(1, history.epochs + 1)
    fig, (loss_ax, acc_ax) = plt.subplots(1, 2, figsize=(8, 3.2), layout="constrained")
    loss_ax.plot(epochs, history.train_loss, marker="o", label=labels[0])
    loss_ax.plot(epochs, history.val_loss, marker="o", label=labels[1])
    if mark_gap:
        # A log scale: a gap is a ratio, and a training loss near 0 stays readable.
        loss_ax.set_yscale("log")
        train, val = np.array(history.train_loss), np.array(history.val_loss)
        loss_ax.fill_between(
            epochs, train, val, where=val > train, interpolate=True, color="C1", alpha=0.15,
            linewidth=0,
        )  # fmt: skip
        end = (epochs[-1], train[-1], val[-1])
        loss_ax.annotate(
            "", (end[0], end[1]), xytext=(end[0], end[2]), arrowprops={"arrowstyle": "<->"}
        )
        loss_ax.annotate(
            text("label.gap", ratio=end[2] / end[1]),
            (end[0], math.sqrt(end[1] * end[2])),
            textcoords="offset points",
            xytext=(-6, 0),
            ha="right",
            va="center",
        )
    if mark_best:
        best = int(np.argmin(history.val_loss))
        loss_ax.axvline(epochs[best], color="0.4", linestyle="--", linewidth=1)
        loss_ax.annotate(
            text("label.best_epoch", epoch=best + 1),
            (epochs[best], 1),
            xycoords=("data", "axes fraction"),
            textcoords="offset points",
            xytext=(-3, -3),
            ha="right",
            va="top",
            fontsize="small",
        )
    loss_ax.set_xlabel(xlabel)
    # with the gap marked, the curves fill the top right: the legend goes below them
    loss_ax.legend(loc="lower left" if mark_gap else "best")
    loss_ax.grid(alpha=0.3)
    acc_ax.plot(epochs, np.array(history.val_accuracy) * 100, marker="o", color="C2")
    acc_ax.set_xlabel(xlabel)
    acc_ax.set_ylabel(f"{labels[2]} (%)")
    acc_ax.grid(alpha=0.3)
    # Mark the last epoch, the model fit returns: marking the best one would suggest you hold it.
    # The value goes below the point, in the space the rising curve leaves, so that it cannot
    # sit over an earlier, higher point and be read as that epoch's.
    last = history.epochs - 1
    point = (epochs[last], history.val_accuracy[last] * 100)
    acc_ax.plot(*point, marker="o", markersize=12, fillstyle="none", color="C2")
    acc_ax.annotate(
        f"{history.val_accuracy[last]:.1%}",
        point,
        textcoords="offset points",
        xytext=(0, -10),
        ha="right",
        va="top",
        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"},
    )
    for ax in (loss_ax, acc_ax):
        ax.xaxis.get_major_locator().set_params(integer=True)
    if title:
        fig.suptitle(title)
    return fig


def plot_losses(
    losses: Sequence[float] | Mapping[str, Sequence[float]],
    *,
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    log: bool = True,
) -> Figure:
    """Plot one loss curve, or several (a mapping of label to losses) on the same axes.

    The axis labels default to "step" and "loss" in the current language.
    """
    xlabel, ylabel = xlabel or text("label.step"), ylabel or text("label.loss")
    curves = losses if isinstance(losses, Mapping) else {"": losses}
    fig, ax = plt.subplots(figsize=(6, 3.2), layout="constrained")
    for index, (label, values) in enumerate(curves.items()):
        style = "-" if index == 0 else "--"
        ax.plot(np.arange(1, len(values) + 1), values, style, label=label or None)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3, which="both")
    if len(curves) > 1:
        ax.legend()
    if title:
        ax.set_title(title)
    return fig


def plot_seed_spread(
    panels: Mapping[str, Mapping[str, Sequence[float]]], *, title: str | None = None
) -> Figure:
    """Draw one dot per seed for each setting, and a bar at their mean, one panel per measure.

    Parameters
    ----------
    panels : mapping
        The measure's name (the panel's y label) to a mapping of the setting's
        name to one value per seed, for example
        ``{"validation loss": {"baseline": [0.13, 0.15, 0.12], ...}}``.
    title : str, optional
        The figure's title.
    """
    if not panels or not all(isinstance(p, Mapping) and p for p in panels.values()):
        raise ValueError(
            "plot_seed_spread needs a mapping of measure names to non-empty mappings of "
            f"setting names to values, got {panels!r}."
        )
    fig, axes = plt.subplots(
        1, len(panels), figsize=(4.2 * len(panels), 3.2), layout="constrained", squeeze=False
    )
    for ax, (measure, settings) in zip(axes[0], panels.items(), strict=True):
        for index, (setting, values) in enumerate(settings.items()):
            values = np.asarray(values, dtype=float)
            if values.ndim != 1 or values.size == 0:
                raise ValueError(
                    "each setting needs a list of values, one per seed; "
                    f"{setting!r} got {values!r}."
                )
            # a small sideways offset per seed, so equal values stay visible as separate dots
            offsets = np.linspace(-0.12, 0.12, values.size) if values.size > 1 else np.zeros(1)
            ax.plot(index + offsets, values, "o", color=f"C{index}", alpha=0.8)
            ax.plot([index - 0.25, index + 0.25], [values.mean()] * 2, color=f"C{index}")
        ax.set_xticks(range(len(settings)), list(settings), rotation=20)
        ax.set_ylabel(measure)
        ax.grid(alpha=0.3, axis="y")
    if title:
        fig.suptitle(title)
    return fig


def plot_filters(weight: torch.Tensor, *, title: str | None = None, ncols: int = 10) -> Figure:
    """Show each output channel's kernel (first input channel) of a convolution's weight.

    Parameters
    ----------
    weight : torch.Tensor
        A convolution's weight, shaped out_channels x in_channels x kH x kW.
    """
    if weight.dim() != 4:
        raise ValueError(
            f"expected a convolution weight with 4 dimensions, got {list(weight.shape)}"
        )
    kernels = weight.detach().cpu()[:, 0].numpy()
    limit = np.abs(kernels).max()
    fig, axes = _grid(len(kernels), ncols, cell=0.9)
    for index, (ax, kernel) in enumerate(zip(axes, kernels, strict=False)):
        ax.imshow(kernel, cmap="RdBu_r", vmin=-limit, vmax=limit, interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(str(index), fontsize=8)
    if title:
        fig.suptitle(title)
    return fig


def plot_feature_maps(
    maps: torch.Tensor, *, title: str | None = None, max_maps: int = 16, ncols: int = 8
) -> Figure:
    """Show the channels of one layer's output for one image, on one colour scale.

    All maps share a scale symmetric about 0 (red above 0, blue below, white
    at 0), drawn in a colorbar, so a colour means the same value in every map
    and the maps can be compared with each other.

    Parameters
    ----------
    maps : torch.Tensor
        Shaped C x H x W, or 1 x C x H x W (the first image of a batch is used).
    max_maps : int
        Show at most this many channels.
    """
    if maps.dim() == 4:
        maps = maps[0]
    if maps.dim() != 3:
        raise ValueError(f"expected feature maps shaped C x H x W, got {list(maps.shape)}")
    maps = maps.detach().cpu()[:max_maps].numpy()
    limit = float(np.abs(maps).max()) or 1.0  # all zeros: any scale will do
    fig, axes = _grid(len(maps), ncols)
    axes = list(axes)
    for index, (ax, channel) in enumerate(zip(axes, maps, strict=False)):
        shown = ax.imshow(channel, cmap="RdBu_r", vmin=-limit, vmax=limit, interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(str(index), fontsize=8)
    colorbar = fig.colorbar(shown, ax=axes, shrink=0.9, pad=0.02)
    colorbar.set_label(text("label.output_value"), fontsize=8)
    colorbar.ax.tick_params(labelsize=7)
    if title:
        fig.suptitle(title)
    return fig


def plot_conv_channels(
    conv: torch.nn.Conv2d,
    inputs: torch.Tensor,
    out_channel: int = 0,
    *,
    title: str | None = None,
) -> Figure:
    """Draw how one output channel of a convolution sums over all its input channels.

    Top row: each input map, on its own grey scale; middle row: the slice of the
    weight that the output channel applies to it (``conv.weight[out_channel, c]``);
    bottom row: each map convolved with its slice, and, at the right, their sum plus
    the bias, which is ``conv(inputs)[out_channel]``. The bottom row shares one
    colour scale, so the sum can be read off its parts.

    Parameters
    ----------
    conv : torch.nn.Conv2d
        A convolution without groups.
    inputs : torch.Tensor
        One image's input to ``conv``, shaped C x H x W or 1 x C x H x W.
    out_channel : int
        The output channel to draw.
    """
    if not isinstance(conv, torch.nn.Conv2d) or conv.groups != 1:
        raise ValueError(f"expected an nn.Conv2d with groups=1, got {conv!r}")
    if inputs.dim() == 4 and len(inputs) == 1:
        inputs = inputs[0]
    if inputs.dim() != 3 or inputs.shape[0] != conv.in_channels:
        raise ValueError(
            f"expected one image's input shaped {conv.in_channels} x H x W "
            f"(or 1 x {conv.in_channels} x H x W), got {list(inputs.shape)}"
        )
    if not 0 <= out_channel < conv.out_channels:
        raise ValueError(
            f"out_channel must be between 0 and {conv.out_channels - 1}, got {out_channel}"
        )
    weight = conv.weight.detach()[out_channel : out_channel + 1]  # 1 x C x k x k
    inputs = inputs.detach().to(weight.device, weight.dtype)
    with torch.no_grad():
        # each input channel on its own: a grouped convolution, one group per channel
        parts = torch.nn.functional.conv2d(
            inputs[None],
            weight.reshape(-1, 1, *weight.shape[-2:]),
            stride=conv.stride,
            padding=conv.padding,
            dilation=conv.dilation,
            groups=conv.in_channels,
        )[0]
        output = conv(inputs[None])[0, out_channel]
    channels = conv.in_channels
    kernels, parts, output = weight[0].cpu().numpy(), parts.cpu().numpy(), output.cpu().numpy()
    fig, axes = plt.subplots(
        3,
        channels + 1,
        figsize=(1.25 * (channels + 1), 4.3),
        squeeze=False,
        layout="constrained",
    )
    kernel_limit = float(np.abs(kernels).max()) or 1.0
    limit = float(max(np.abs(parts).max(), np.abs(output).max())) or 1.0
    for c in range(channels):
        _image(axes[0, c], inputs[c].cpu().numpy())
        axes[0, c].set_title(text("label.conv_input_n", n=c), fontsize=8)
        _image(axes[1, c], kernels[c], cmap="RdBu_r")
        axes[1, c].images[0].set_clim(-kernel_limit, kernel_limit)
        axes[1, c].set_title(f"[{out_channel}, {c}]", fontsize=8)
        _image(axes[2, c], parts[c], cmap="RdBu_r")
        axes[2, c].images[0].set_clim(-limit, limit)
        axes[2, c].set_title(f"{c} ⋆ [{out_channel}, {c}]", fontsize=8)
    axes[0, 0].set_ylabel(text("label.conv_inputs"), fontsize=8)
    axes[1, 0].set_ylabel(text("label.conv_kernels"), fontsize=8)
    axes[2, 0].set_ylabel(text("label.conv_parts"), fontsize=8)
    axes[0, channels].axis("off")
    axes[1, channels].axis("off")
    axes[1, channels].text(
        0.5,
        0.0,
        text("label.conv_sum"),
        ha="center",
        va="bottom",
        fontsize=9,
        transform=axes[1, channels].transAxes,
    )
    _image(axes[2, channels], output, cmap="RdBu_r")
    axes[2, channels].images[0].set_clim(-limit, limit)
    axes[2, channels].set_title(text("label.conv_output_n", n=out_channel), fontsize=8)
    for spine in axes[2, channels].spines.values():
        spine.set_edgecolor("tab:orange")
        spine.set_linewidth(2)
    if title:
        fig.suptitle(title)
    return fig


def plot_digit_predictions(
    images: torch.Tensor,
    labels: torch.Tensor,
    predictions: torch.Tensor,
    *,
    title: str | None = None,
    ncols: int = 8,
) -> Figure:
    """Show digits with the model's prediction above each; mistakes in red as "pred ≠ true".

    Parameters
    ----------
    images : torch.Tensor
        N x 1 x H x W (or N x H x W) images.
    labels, predictions : torch.Tensor
        The true and the predicted class of each image.
    """
    images = images.detach().cpu().reshape(len(images), *images.shape[-2:]).numpy()
    fig, axes = _grid(len(images), ncols)
    for ax, image, label, prediction in zip(
        axes, images, labels.tolist(), predictions.tolist(), strict=False
    ):
        _image(ax, image, cmap="gray_r")
        wrong = label != prediction
        ax.set_title(
            f"{prediction} ≠ {label}" if wrong else str(prediction),
            color="C3" if wrong else "black",
            fontsize=10,
        )
    if title:
        fig.suptitle(title)
    return fig


def plot_confusion_matrix(
    labels: torch.Tensor,
    predictions: torch.Tensor,
    *,
    classes: int = 10,
    title: str | None = None,
) -> Figure:
    """Count, for every true class, how often each class was predicted.

    Row ``i``, column ``j`` holds the number of images of class ``i`` that the
    model called ``j``: the diagonal is what it got right, every other non-zero
    cell a kind of mistake. Cells are labelled with their counts; the axis
    labels follow :func:`nn_tutorial.set_language`.

    Parameters
    ----------
    labels, predictions : torch.Tensor
        The true and the predicted class of each image, integers in
        ``0 .. classes - 1``.
    classes : int
        Number of classes.
    title : str, optional
        The figure's title.

    Raises
    ------
    ValueError
        If the two tensors differ in length or hold a class outside the range.
    """
    labels = torch.as_tensor(labels).detach().cpu().flatten().long()
    predictions = torch.as_tensor(predictions).detach().cpu().flatten().long()
    if labels.shape != predictions.shape:
        raise ValueError(
            f"labels and predictions must have one entry per image, got {len(labels)} "
            f"labels and {len(predictions)} predictions."
        )
    for name, values in (("labels", labels), ("predictions", predictions)):
        if len(values) and (values.min() < 0 or values.max() >= classes):
            raise ValueError(
                f"{name} must be classes 0 to {classes - 1}, got values from "
                f"{values.min().item()} to {values.max().item()}."
            )
    counts = torch.bincount(labels * classes + predictions, minlength=classes * classes)
    matrix = counts.reshape(classes, classes).numpy()
    fig, ax = plt.subplots(figsize=(5.2, 4.6), layout="constrained")
    ax.imshow(matrix, cmap="Blues")
    largest = max(int(matrix.max()), 1)
    for (row, column), count in np.ndenumerate(matrix):
        if count:
            ax.text(
                column,
                row,
                str(count),
                ha="center",
                va="center",
                fontsize=9,
                color="white" if count > largest / 2 else ("C3" if row != column else "black"),
            )
    ax.set_xticks(range(classes))
    ax.set_yticks(range(classes))
    ax.set_xlabel(text("label.predicted"))
    ax.set_ylabel(text("label.true"))
    if title:
        ax.set_title(title)
    return fig


def plot_grad_norms(
    norms: Mapping[str, Sequence[float]],
    *,
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
) -> Figure:
    """Plot, per layer, the gradient norm recorded at each backward pass (log scale).

    The axis labels default to "step" and "gradient norm" in the current language.
    """
    xlabel, ylabel = xlabel or text("label.step"), ylabel or text("label.grad_norm")
    fig, ax = plt.subplots(figsize=(6.5, 3.4), layout="constrained")
    for name, values in norms.items():
        ax.plot(np.arange(1, len(values) + 1), values, label=name, linewidth=1)
    ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=8, ncols=2)
    if title:
        ax.set_title(title)
    return fig


def plot_layer_stats(
    zero_shares: Mapping[str, Mapping[str, Sequence[float]]],
    update_ratios: Mapping[str, Mapping[str, Sequence[float]]],
    *,
    title: str | None = None,
    xlabel: str | None = None,
    reference: float = 1e-3,
) -> Figure:
    """Per-layer statistics of training runs, one column per run.

    The top row shows, at each step, the share of each layer's outputs that the
    ReLU after it sets to zero (:func:`nn_tutorial.hooks.record_zero_shares`);
    the bottom row the size of each layer's update relative to its weight
    (:func:`nn_tutorial.hooks.record_update_ratios`), on a log scale, with a
    dashed line at ``reference``. Both map a run's title (its column title) to
    ``{layer: values}``; the y-axes are shared along each row.
    """
    if list(zero_shares) != list(update_ratios) or not zero_shares:
        raise ValueError(
            "zero_shares and update_ratios must name the same runs, in the same order; got "
            f"{list(zero_shares)} and {list(update_ratios)}."
        )
    xlabel = xlabel or text("label.step")
    runs = list(zero_shares)
    fig, axes = plt.subplots(
        2, len(runs), figsize=(3.0 * len(runs) + 0.6, 5.0), sharey="row", sharex="col",
        squeeze=False, layout="constrained",
    )  # fmt: skip
    for column, run in enumerate(runs):
        top, bottom = axes[0, column], axes[1, column]
        for index, (name, values) in enumerate(zero_shares[run].items()):
            top.plot(np.arange(1, len(values) + 1), values, label=name, color=f"C{index}", lw=1)
        for index, (name, values) in enumerate(update_ratios[run].items()):
            bottom.plot(np.arange(1, len(values) + 1), values, label=name, color=f"C{index}", lw=1)
        bottom.axhline(reference, color="black", linestyle="--", linewidth=0.8)
        bottom.set_yscale("log")
        top.set_ylim(0, 1)
        top.set_title(run, fontsize=10)
        bottom.set_xlabel(xlabel)
        for ax in (top, bottom):
            ax.grid(alpha=0.3, which="both")
    axes[0, 0].set_ylabel(text("label.zero_share"))
    axes[1, 0].set_ylabel(text("label.update_ratio"))
    axes[0, -1].legend(fontsize=7, loc="lower right")
    axes[1, -1].legend(fontsize=7, loc="upper right", ncols=2)
    if title:
        fig.suptitle(title)
    return fig


def plot_saliency(
    images: torch.Tensor,
    maps: torch.Tensor,
    titles: Sequence[str],
    *,
    title: str | None = None,
) -> Figure:
    """Digits in the top row, their saliency maps under them, on one colour scale.

    Parameters
    ----------
    images, maps : torch.Tensor
        N x 1 x H x W (or N x H x W): the digits and, for each, the absolute
        gradient of a logit with respect to its pixels.
    titles : sequence of str
        One title per digit (for example its label and the prediction).
    """
    images = images.detach().cpu().reshape(len(images), *images.shape[-2:]).numpy()
    maps = maps.detach().cpu().reshape(len(maps), *maps.shape[-2:]).numpy()
    if len(images) != len(maps) or len(titles) != len(images):
        raise ValueError(
            f"one map and one title per digit: got {len(images)} digits, {len(maps)} maps "
            f"and {len(titles)} titles."
        )
    fig, axes = plt.subplots(
        2, len(images), figsize=(1.6 * len(images) + 0.8, 3.6), squeeze=False,
        layout="constrained",
    )  # fmt: skip
    top = float(maps.max()) or 1.0
    for column, (image, saliency, name) in enumerate(zip(images, maps, titles, strict=True)):
        _image(axes[0, column], image, cmap="gray_r")
        axes[0, column].set_title(name, fontsize=9)
        shown = axes[1, column].imshow(saliency, cmap="magma", vmin=0, vmax=top)
        axes[1, column].set_xticks([])
        axes[1, column].set_yticks([])
    axes[0, 0].set_ylabel(text("label.digit"), fontsize=9)
    axes[1, 0].set_ylabel(text("label.saliency"), fontsize=9)
    colorbar = fig.colorbar(shown, ax=axes[1, :].tolist(), shrink=0.9, pad=0.02)
    colorbar.ax.tick_params(labelsize=7)
    if title:
        fig.suptitle(title)
    return fig


def _graph_layers(root) -> tuple[list[list], list[tuple]]:
    """Place each autograd node in a layer: its longest distance from the root."""
    depth = {root: 0}
    order = [root]
    edges = []
    index = 0
    while index < len(order):
        node = order[index]
        index += 1
        for child, _ in node.next_functions:
            if child is None:
                continue
            edges.append((node, child))
            if child not in depth:
                order.append(child)
            depth[child] = max(depth.get(child, 0), depth[node] + 1)
    # A second pass settles nodes reached by paths of different lengths.
    for _ in range(len(order)):
        changed = False
        for parent, child in edges:
            if depth[child] < depth[parent] + 1:
                depth[child] = depth[parent] + 1
                changed = True
        if not changed:
            break
    layers: list[list] = [[] for _ in range(max(depth.values()) + 1)]
    for node in order:
        layers[depth[node]].append(node)
    return layers, edges


def plot_autograd_graph(
    tensor: torch.Tensor,
    *,
    title: str | None = None,
    names: Mapping[str, torch.Tensor] | None = None,
) -> Figure:
    """Draw the graph autograd recorded for ``tensor``, from its ``grad_fn`` back to the leaves.

    Each box is a backward function (``AddmmBackward0``, ...); a leaf tensor
    that requires grad appears as ``AccumulateGrad`` with its shape, and its
    name when ``names`` (for example ``dict(net.named_parameters())``) lists it.
    The output is at the top; arrows point the way the gradient flows.
    """
    if tensor.grad_fn is None:
        raise ValueError(
            "this tensor has no grad_fn: it is a leaf, or was made with gradients off. "
            "Draw a tensor computed from tensors that require grad."
        )
    label_of = {id(value): name for name, value in (names or {}).items()}
    layers, edges = _graph_layers(tensor.grad_fn)
    width = max(len(layer) for layer in layers)
    fig_width = max(5.0, 2.3 * width)
    fig, ax = plt.subplots(figsize=(fig_width, 0.85 * len(layers) + 0.6), layout="constrained")
    position = {}
    for row, layer in enumerate(layers):
        for column, node in enumerate(layer):
            x = (column + 0.5) / len(layer) * width
            position[node] = (x, -row)
    # An operation that uses one input twice (y * y) has two edges to the same node: bend
    # them apart, or the second would be drawn exactly on top of the first.
    multiplicity = Counter(edges)
    drawn_so_far: Counter = Counter()
    for parent, child in edges:
        count, index = multiplicity[parent, child], drawn_so_far[parent, child]
        drawn_so_far[parent, child] += 1
        bend = 0.9 * (index - (count - 1) / 2)
        ax.add_patch(
            FancyArrowPatch(
                position[parent],
                position[child],
                arrowstyle="-|>",
                connectionstyle=f"arc3,rad={bend}",
                mutation_scale=10,
                shrinkA=13,
                shrinkB=13,
                color="0.45",
                linewidth=1,
            )
        )
    for node, (x, y) in position.items():
        box = type(node).__name__
        colour = "#dbe9f6"
        variable = getattr(node, "variable", None)
        if variable is not None:
            name = label_of.get(id(variable))
            box = f"{name or text('label.leaf')}\n{list(variable.shape)}"
            colour = "#d9f2d0"
        elif node is tensor.grad_fn:
            colour = "#f8dcc4"
        ax.text(
            x,
            y,
            box,
            ha="center",
            va="center",
            fontsize=8,
            family=["DejaVu Sans Mono", HANGUL_FONT],  # code names, and Hangul labels
            bbox={"boxstyle": "round,pad=0.35", "facecolor": colour, "edgecolor": "0.4"},
        )
    ax.set_xlim(-0.1, width + 0.1)
    ax.set_ylim(-len(layers) + 0.5, 0.5)
    ax.axis("off")
    if title:
        ax.set_title(title)
    return fig


def plot_shape_trace(steps: Sequence[ShapeStep], *, title: str | None = None) -> Figure:
    """Draw the shapes a mini-batch takes through a network, one box per step.

    Box heights grow with the number of values per sample, so the reader sees
    convolutions keep the size, pooling shrink it and ``flatten`` keep the
    count while changing the shape.
    """
    sizes = [math.prod(step.shape[1:]) for step in steps]
    largest = max(sizes)
    # At least 8 inches wide, so a short trace is not drawn in a tiny font on the page.
    fig, ax = plt.subplots(figsize=(max(8.0, 0.95 * len(steps) + 0.5), 3.8), layout="constrained")
    for index, (step, size) in enumerate(zip(steps, sizes, strict=True)):
        height = 0.25 + 1.75 * math.sqrt(size / largest)
        colour = "#dbe9f6" if step.kind == "function" else "#f8dcc4"
        if step.name == "flatten":
            colour = "#d9f2d0"
        ax.add_patch(
            FancyBboxPatch(
                (index - 0.38, -height / 2),
                0.76,
                height,
                boxstyle="round,pad=0.02",
                facecolor=colour,
                edgecolor="0.4",
            )
        )
        ax.text(index, height / 2 + 0.12, step.name, ha="center", va="bottom", fontsize=10)
        shape = " x ".join(str(n) for n in step.shape[1:])
        ax.text(index, -height / 2 - 0.12, shape, ha="center", va="top", fontsize=10, rotation=35)
    ax.set_xlim(-0.6, len(steps) - 0.4)
    ax.set_ylim(-1.7, 1.5)
    ax.axis("off")
    if title:
        ax.set_title(title)
    return fig
