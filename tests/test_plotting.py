"""Figures: each function returns a Figure that draws, in English and in Korean."""

from __future__ import annotations

import io

import pytest
import torch
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch
from torch import nn

from nn_tutorial import hooks, language, models, plotting
from nn_tutorial.training import History


def drawn(fig: Figure) -> str:
    """Render the figure (missing glyphs warn, and warnings are errors) and return its texts."""
    assert isinstance(fig, Figure)
    fig.savefig(io.BytesIO(), format="png")
    texts = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
    return "\n".join(texts)


HISTORY = History([1.0, 0.5, 0.3], [1.1, 0.6, 0.4], [0.7, 0.9, 0.95], [0.1, 0.1, 0.1])


def test_history_in_korean_renders_every_glyph():
    fig = plotting.plot_history(
        HISTORY, title="학습 곡선", xlabel="에폭", labels=("학습 손실", "테스트 손실", "정확도")
    )
    text = drawn(fig)
    assert "학습 곡선" in text and "에폭" in text and "95.0%" in text


def test_history_marks_the_last_epoch_the_model_fit_returns_not_the_best():
    history = History([1.0, 0.5, 0.3], [1.1, 0.6, 0.4], [0.7, 0.991, 0.981], [0.1, 0.1, 0.1])
    text = drawn(plotting.plot_history(history))
    assert "98.1%" in text and "99.1%" not in text
    with pytest.raises(ValueError, match="at least one epoch"):
        plotting.plot_history(History())


def test_losses_one_or_several_curves():
    assert "loss" in drawn(plotting.plot_losses([3.0, 2.0, 1.0], title="loss"))
    fig = plotting.plot_losses({"raw": [3.0, 2.0], "nn.Sequential": [3.0, 2.0]})
    assert "nn.Sequential" in drawn(fig)


def test_filters_and_feature_maps_one_panel_each():
    net = models.MNISTConvNet()
    fig = plotting.plot_filters(net.conv1.weight, title="conv1")
    assert sum(ax.get_visible() and bool(ax.images) for ax in fig.axes) == 10
    with hooks.record_activations(net, ["conv2"]) as activations:
        net(torch.randn(1, 1, 28, 28))
    fig = plotting.plot_feature_maps(activations["conv2"], max_maps=12)
    assert sum(bool(ax.images) for ax in fig.axes) == 12
    with pytest.raises(ValueError, match="4 dimensions"):
        plotting.plot_filters(torch.zeros(3, 3))


@pytest.mark.parametrize(("language_code", "label"), [("en", "output value"), ("ko", "출력값")])
def test_feature_maps_share_one_colour_scale_with_a_colorbar(language_code, label):
    maps = torch.stack([torch.full((4, 4), 0.1), torch.linspace(-3.0, 2.0, 16).reshape(4, 4)])
    language.set_language(language_code)
    try:
        fig = plotting.plot_feature_maps(maps)
        text = drawn(fig)
    finally:
        language.set_language("en")
    images = [image for ax in fig.axes for image in ax.images]
    assert len(images) == 2
    assert {image.get_clim() for image in images} == {(-3.0, 3.0)}  # shared, symmetric about 0
    assert label in text  # the colorbar says what the colours mean


def test_digit_predictions_mark_mistakes():
    images = torch.randn(4, 1, 8, 8)
    fig = plotting.plot_digit_predictions(
        images, torch.tensor([1, 2, 3, 4]), torch.tensor([1, 2, 5, 4])
    )
    text = drawn(fig)
    assert "5 ≠ 3" in text and "1" in text


def test_autograd_graph_shows_backward_functions_and_named_leaves():
    net = models.LeNet()
    loss = nn.MSELoss()(net(torch.randn(1, 1, 32, 32)), torch.randn(1, 10))
    text = drawn(plotting.plot_autograd_graph(loss, names=dict(net.named_parameters())))
    for name in ("MseLossBackward0", "AddmmBackward0", "ConvolutionBackward0", "conv1.weight"):
        assert name in text
    with pytest.raises(ValueError, match="no grad_fn"):
        plotting.plot_autograd_graph(torch.ones(2, requires_grad=True))


def test_autograd_graph_draws_an_input_used_twice_as_two_visible_edges():
    x = torch.ones(2, 2, requires_grad=True)
    y = x + 2
    fig = plotting.plot_autograd_graph((y * y * 3).mean())
    drawn(fig)
    arrows = [p for p in fig.axes[0].patches if isinstance(p, FancyArrowPatch)]
    bends = sorted(arrow.get_connectionstyle().rad for arrow in arrows)
    # Mean -> Mul, Mul -> Mul, Add -> x straight; the two Mul -> Add edges bent apart.
    assert len(arrows) == 5
    assert bends.count(0) == 3
    assert bends[0] < 0 < bends[-1]


def test_shape_trace_diagram_and_grad_norms():
    steps = hooks.shape_trace(models.LeNet(), torch.randn(1, 1, 32, 32))
    text = drawn(plotting.plot_shape_trace(steps, title="모양"))
    assert "16 x 6 x 6" in text and "576" in text
    assert "conv2" in drawn(plotting.plot_grad_norms({"conv2": [1.0, 0.5], "fc2": [0.2, 0.1]}))


@pytest.mark.parametrize(("language_code", "label"), [("en", "share of zeros"), ("ko", "0의 비율")])
def test_layer_stats_one_column_per_run_with_the_reference_line(language_code, label):
    language.set_language(language_code)
    try:
        zeros = {"lr 0.002": {"conv1": [0.5, 0.4], "fc1": [0.5, 0.6]}, "lr 0.02": {"conv1": [0.9]}}
        ratios = {
            "lr 0.002": {"conv1": [1e-2, 1e-3], "fc1": [2e-2, 1e-2]},
            "lr 0.02": {"conv1": [0.1]},
        }
        fig = plotting.plot_layer_stats(zeros, ratios, reference=1e-3)
        text = drawn(fig)
    finally:
        language.set_language("en")
    assert label in text and "lr 0.02" in text
    assert len(fig.axes) == 4
    top_right, bottom_left = fig.axes[1], fig.axes[2]  # the axes are made row by row
    assert top_right.get_ylim() == (0, 1) and bottom_left.get_yscale() == "log"
    assert any(list(line.get_ydata()) == [1e-3, 1e-3] for line in bottom_left.lines)
    with pytest.raises(ValueError, match="same runs"):
        plotting.plot_layer_stats(zeros, {"lr 0.002": ratios["lr 0.002"]})


def test_saliency_puts_each_map_under_its_digit_on_one_scale():
    images = torch.rand(3, 1, 28, 28)
    maps = torch.rand(3, 1, 28, 28) * torch.tensor([1.0, 2.0, 0.5]).view(3, 1, 1, 1)
    fig = plotting.plot_saliency(images, maps, ["4 → 4", "2 → 2", "4 → 9"])
    text = drawn(fig)
    assert "4 → 9" in text and "logit" in text
    shown = [ax.images[0] for ax in fig.axes if ax.images]
    assert len(shown) == 6
    assert {image.get_clim() for image in shown[3:]} == {(0, float(maps.max()))}  # row by row
    with pytest.raises(ValueError, match="3 digits, 3 maps and 2 titles"):
        plotting.plot_saliency(images, maps, ["a", "b"])


@pytest.mark.parametrize(
    ("language", "leaf", "epoch"), [("en", "leaf", "epoch"), ("ko", "잎", "에폭")]
)
def test_default_labels_follow_the_language(language, leaf, epoch):
    from nn_tutorial import set_language

    set_language(language)
    try:
        x = torch.ones(2, requires_grad=True)
        assert f"{leaf}\n[2]" in drawn(plotting.plot_autograd_graph((x * 2).sum()))
        assert epoch in drawn(plotting.plot_history(HISTORY))
        steps = hooks.shape_trace(models.LeNet(), torch.randn(1, 1, 32, 32))
        assert steps[0].name == {"en": "input", "ko": "입력"}[language]
    finally:
        set_language("en")


def test_confusion_matrix_counts_each_true_and_predicted_pair():
    labels = torch.tensor([0, 0, 1, 2, 2, 2, 9])
    predictions = torch.tensor([0, 0, 7, 2, 2, 5, 9])
    fig = plotting.plot_confusion_matrix(labels, predictions, title="LeNet")
    image = fig.axes[0].images[0].get_array()
    assert image.shape == (10, 10)
    assert image[0, 0] == 2 and image[2, 2] == 2 and image[9, 9] == 1
    assert image[1, 7] == 1 and image[2, 5] == 1  # rows are true digits, columns predictions
    assert image.sum() == len(labels)
    text = drawn(fig)
    assert "predicted digit" in text and "true digit" in text and "LeNet" in text


def test_confusion_matrix_labels_follow_the_language_and_bad_input_is_named():
    language.set_language("ko")
    try:
        text = drawn(plotting.plot_confusion_matrix(torch.tensor([3]), torch.tensor([8])))
    finally:
        language.set_language("en")
    assert "예측한 숫자" in text and "실제 숫자" in text
    with pytest.raises(ValueError, match="got 3 labels and 2 predictions"):
        plotting.plot_confusion_matrix(torch.tensor([1, 2, 3]), torch.tensor([1, 2]))
    with pytest.raises(ValueError, match="classes 0 to 9, got values from 0 to 10"):
        plotting.plot_confusion_matrix(torch.tensor([0, 10]), torch.tensor([0, 1]))


@pytest.mark.parametrize("code", language.LANGUAGES)
def test_conv_channels_draws_each_input_its_kernel_slice_and_the_sum(code):
    language.set_language(code)
    try:
        torch.manual_seed(0)
        net = models.LeNet()
        maps = torch.relu(torch.randn(1, 6, 15, 15))
        fig = plotting.plot_conv_channels(net.conv2, maps, out_channel=3, title="conv2")
        text = drawn(fig)
        # 6 input maps, 6 kernel slices, 6 parts and the output: 19 images
        assert sum(len(ax.images) for ax in fig.axes) == 19
        assert language.text("label.conv_output_n", n=3) in text
        assert language.text("label.conv_input_n", n=5) in text and "[3, 5]" in text
        # the output panel is conv2's output channel 3 for these maps
        title = language.text("label.conv_output_n", n=3)
        output = next(ax for ax in fig.axes if ax.get_title() == title)
        expected = net.conv2(maps)[0, 3].detach().numpy()
        assert (abs(output.images[0].get_array() - expected) < 1e-5).all()
    finally:
        language.set_language("en")
    with pytest.raises(ValueError, match="6 x H x W"):
        plotting.plot_conv_channels(net.conv2, torch.zeros(1, 15, 15))
    with pytest.raises(ValueError, match="between 0 and 15"):
        plotting.plot_conv_channels(net.conv2, maps, out_channel=16)
    with pytest.raises(ValueError, match=r"nn\.Conv2d"):
        plotting.plot_conv_channels(net.fc1, maps)


@pytest.mark.parametrize(
    ("language_code", "gap", "best"), [("en", "= 2.0×", "epoch 3"), ("ko", "= 2.0배", "에폭(3)")]
)
def test_history_marks_the_gap_and_the_best_epoch_in_the_page_language(language_code, gap, best):
    losses = [1.0, 0.5, 0.2, 0.1], [1.1, 0.6, 0.15, 0.2]
    history = History(*losses, [0.7, 0.9, 0.95, 0.95], [0.1] * 4)
    language.set_language(language_code)
    try:
        text = drawn(plotting.plot_history(history, mark_gap=True, mark_best=True))
    finally:
        language.set_language("en")
    assert gap in text and best in text


def test_seed_spread_draws_a_dot_per_seed_and_refuses_empty_settings():
    fig = plotting.plot_seed_spread(
        {
            "validation loss": {"baseline": [0.13, 0.15, 0.12], "shifts": [0.06, 0.07, 0.08]},
            "검증 정확도 (%)": {"baseline": [95.4, 96.3, 96.8], "shifts": [97.2, 97.2, 97.2]},
        },
        title="seeds",
    )
    text = drawn(fig)
    assert "검증 정확도 (%)" in text and "shifts" in text and "seeds" in text
    dots = [line for ax in fig.axes for line in ax.lines if line.get_marker() == "o"]
    assert sum(len(line.get_xdata()) for line in dots) == 12
    with pytest.raises(ValueError, match="one per seed"):
        plotting.plot_seed_spread({"loss": {"baseline": []}})
    with pytest.raises(ValueError, match="non-empty mappings"):
        plotting.plot_seed_spread({})
