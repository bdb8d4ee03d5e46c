"""The dark copy of a lesson figure (docs/_ext/dark_figures.py): light furniture on the theme's
dark background, the data's colours and the images as they were."""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import numpy as np
import pytest
from dark_figures import BACKGROUND, FOREGROUND, dark_colour, dark_copy, dark_path, restyle
from matplotlib.colors import to_rgb, to_rgba
from PIL import Image


def luminance(colour) -> float:
    """WCAG's relative luminance of a colour."""
    channels = np.array(to_rgb(colour))
    linear = np.where(channels <= 0.03928, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)
    return float(linear @ [0.2126, 0.7152, 0.0722])


def contrast(a, b) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_tells_readable_text_from_glaring_or_invisible_text():
    """The measure the checks below rely on: black on white is 21:1, a colour on itself 1:1."""
    assert contrast("black", "white") == pytest.approx(21)
    assert contrast(FOREGROUND, BACKGROUND) > 10
    assert contrast("black", BACKGROUND) < 1.5
    assert contrast("#222222", BACKGROUND) < 4.5


def figure():
    """A lesson-like figure: title, labels, two data curves with a legend, an annotated arrow,
    an image with a colorbar and a count written on the image, a boxed label."""
    fig, (curves, picture) = plt.subplots(1, 2, figsize=(6, 2.5), layout="constrained")
    curves.plot([1, 2, 3], [3, 1, 2], marker="o", label="train")
    curves.plot([1, 2, 3], [2, 2, 3], "--", color="C1", label="validation")
    curves.axhline(2.5, color="black", linestyle=":")
    curves.annotate("gap", (3, 2), xytext=(2, 2.8), arrowprops={"arrowstyle": "->"})
    curves.text(1, 1, "84.0%", bbox={"facecolor": "white", "edgecolor": "0.4"})
    curves.set(xlabel="epoch", ylabel="loss", title="losses")
    curves.grid(alpha=0.3)
    curves.legend()
    values = np.arange(16.0).reshape(4, 4)
    image = picture.imshow(values, cmap="Blues")
    picture.text(0, 0, "7", color="black", ha="center", va="center")  # a count on a pale cell
    fig.colorbar(image, ax=picture).set_label("count")
    fig.suptitle("a figure")
    return fig


def texts(fig):
    """Every visible text of the figure, with its colour, by what it says (tick labels too)."""
    return [
        (t.get_text(), t.get_color())
        for t in fig.findobj(plt.Text)
        if t.get_text() and t.get_visible()
    ]


def test_the_dark_copy_has_light_text_on_the_themes_background():
    fig = figure()
    dark = dark_copy(fig)
    assert to_rgba(dark.get_facecolor()) == to_rgba(BACKGROUND)
    for axes in dark.axes:
        assert axes.get_facecolor() == to_rgba(BACKGROUND)
    written = texts(dark)
    assert {"losses", "epoch", "loss", "train", "validation", "gap", "84.0%", "count"} <= {
        text for text, _ in written
    }
    dim = [(text, c) for text, c in written if text != "7" and contrast(c, BACKGROUND) < 7]
    assert not dim, f"text too dark on the dark background: {dim}"
    # legend frame, text box and colorbar outline: dark faces, light edges
    curves, _picture, bar = dark.axes
    frame = curves.get_legend().get_frame()
    assert contrast(frame.get_facecolor(), BACKGROUND) < 1.2
    box = next(t for t in curves.texts if t.get_text() == "84.0%").get_bbox_patch()
    assert contrast(box.get_facecolor(), BACKGROUND) < 1.2
    assert contrast(box.get_edgecolor(), BACKGROUND) > 3
    arrow = next(t for t in curves.texts if t.get_text() == "gap").arrow_patch
    assert contrast(arrow.get_edgecolor(), BACKGROUND) > 7
    assert contrast(bar.spines["outline"].get_edgecolor(), BACKGROUND) > 7
    for spine in curves.spines.values():
        assert contrast(spine.get_edgecolor(), BACKGROUND) > 7
    tick = curves.xaxis.get_major_ticks()[0].tick1line
    assert contrast(tick.get_markeredgecolor(), BACKGROUND) > 7
    reference = curves.lines[2]
    assert contrast(reference.get_color(), BACKGROUND) > 7


def test_the_dark_copy_keeps_the_data_colours_and_the_images():
    fig = figure()
    dark = dark_copy(fig)
    light_curves, light_picture, _ = fig.axes
    curves, picture, bar = dark.axes
    for before, after in zip(light_curves.lines[:2], curves.lines[:2], strict=True):
        assert to_rgba(after.get_color()) == to_rgba(before.get_color())
    assert [to_rgba(c) for c in (curves.lines[0].get_color(), curves.lines[1].get_color())] == [
        to_rgba("C0"),
        to_rgba("C1"),
    ]
    image = picture.images[0]
    assert np.array_equal(image.get_array(), light_picture.images[0].get_array())
    assert image.get_cmap().name == "Blues" and image.get_clim() == (0.0, 15.0)
    # the count on the pale cell stays black, readable on the image
    assert next(t for t in picture.texts if t.get_text() == "7").get_color() == "black"
    # the drawn pixels of the image and of the colorbar's scale are the same in both
    light, dark_pixels = render(fig), render(dark)
    for drawn in (image, bar):
        x0, y0, x1, y1 = pixel_box(dark, drawn)
        inner = (slice(y0 + 4, y1 - 4), slice(x0 + 4, x1 - 4))  # inside the spines
        assert np.array_equal(light[inner], dark_pixels[inner]), drawn
    assert tuple(dark_pixels[2, 2, :3]) == tuple(round(255 * v) for v in to_rgb(BACKGROUND))


def render(fig) -> np.ndarray:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", facecolor=fig.get_facecolor())
    return np.asarray(Image.open(buffer).convert("RGBA"))


def pixel_box(fig, artist) -> tuple[int, int, int, int]:
    """The pixels of ``artist`` in the saved image (rows counted from the top)."""
    fig.canvas.draw()
    box = artist.get_window_extent()
    height = fig.bbox.height
    return int(box.x0), int(height - box.y1), int(box.x1), int(height - box.y0)


def test_the_lessons_own_figure_is_left_as_it_was():
    """The lesson may use its figure on: the dark copy is a copy."""
    fig = figure()

    def colours():
        lines = [line.get_color() for line in fig.axes[0].lines]
        return texts(fig), lines, fig.get_facecolor(), fig.axes[0].get_facecolor()

    before = colours()
    dark_copy(fig)
    assert colours() == before


def test_restyled_twice_a_figure_stays_dark():
    """Each artist is restyled once: a box or an arrow reached twice would turn light again."""
    fig = restyle(figure())
    curves = fig.axes[0]
    box = next(t for t in curves.texts if t.get_text() == "84.0%").get_bbox_patch()
    arrow = next(t for t in curves.texts if t.get_text() == "gap").arrow_patch
    assert contrast(box.get_facecolor(), BACKGROUND) < 1.2
    assert contrast(arrow.get_edgecolor(), BACKGROUND) > 7


@pytest.mark.parametrize(
    ("colour", "expected"),
    [
        ("white", BACKGROUND),
        ("black", FOREGROUND),
        ("C0", "C0"),
        ("tab:red", "tab:red"),
        ("C2", "C2"),
    ],
)
def test_white_and_black_turn_over_and_data_colours_stay(colour, expected):
    assert dark_colour(colour) == pytest.approx(to_rgba(expected))


def test_greys_and_pale_tints_turn_dark_and_keep_their_hue_and_alpha():
    import colorsys

    grey = dark_colour("0.8")  # a legend's edge
    assert contrast(grey, BACKGROUND) < contrast(dark_colour("0.4"), BACKGROUND)
    pale_blue = dark_colour("#dbe9f6")  # a box of the autograd graph
    hue, lightness, _ = colorsys.rgb_to_hls(*pale_blue[:3])
    assert lightness < 0.3 and hue == pytest.approx(colorsys.rgb_to_hls(*to_rgb("#dbe9f6"))[0])
    assert contrast(FOREGROUND, pale_blue) > 7  # its label, now light, stays readable on it
    assert dark_colour((1, 1, 1, 0.3))[3] == 0.3


def test_the_dark_copy_is_saved_beside_the_figure():
    assert dark_path("images/sphx_glr_plot_x_001.png").as_posix() == (
        "images/sphx_glr_plot_x_001_dark.png"
    )
