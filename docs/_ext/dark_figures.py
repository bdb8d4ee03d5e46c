"""Every lesson figure drawn twice: as the lesson draws it, and for the theme's dark scheme.

matplotlib draws black text on white, which glares on pydata-sphinx-theme's dark pages.
:func:`scraper`, sphinx-gallery's image scraper for the site (``image_scrapers`` in
``conf_common``), lets sphinx-gallery's own matplotlib scraper save each figure as the lesson
drew it, then saves a restyled copy beside it, ``<name>_dark.png``. ``gallery_pages`` puts both
on the page, the one as ``only-light`` and the other as ``only-dark`` (the theme's classes,
which it shows per scheme; ``site.css`` decides while the scheme is still "auto"), both
loading lazily: a hidden image is never fetched, and they have the same size, so switching
does not move the page.

:func:`restyle` makes the dark copy. It maps each colour of the figure's furniture (text,
axes, spines, ticks, grids, legend frames, colorbar outlines, boxes and arrows): white to the
theme's dark background, black to its light text colour, greys and pale tints in between,
with their hue. Saturated colours of middling lightness (matplotlib's ``C0`` to ``C9``, the
data's colours) stay as they are, so a curve keeps its colour and its meaning. Images keep
their colormap (a digit, a feature map), and so does the text written over one (the counts
of a confusion matrix). The downloaded script and notebook are untouched: this runs only at
build time.
"""

from __future__ import annotations

import colorsys
import pickle
from pathlib import Path

import numpy as np
from matplotlib.collections import Collection
from matplotlib.colors import to_rgb, to_rgba
from matplotlib.figure import Figure
from matplotlib.image import AxesImage, FigureImage
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Annotation, Text

BACKGROUND = "#14181e"
"""pydata-sphinx-theme's dark background (``--pst-color-background``: its gray 900)."""
FOREGROUND = "#ced6dd"
"""pydata-sphinx-theme's text colour in the dark scheme (``--pst-color-text-base``)."""
SUFFIX = "_dark"
"""The dark copy of ``name.png`` is ``name_dark.png``."""


def dark_path(png: str | Path) -> Path:
    """Where the dark copy of the figure saved as ``png`` goes."""
    png = Path(png)
    return png.with_name(f"{png.stem}{SUFFIX}{png.suffix}")


def dark_colour(colour) -> tuple[float, float, float, float]:
    """The colour as the dark figure draws it (its alpha kept)."""
    red, green, blue, alpha = to_rgba(colour)
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    if saturation >= 0.25 and 0.25 <= lightness <= 0.75:
        return red, green, blue, alpha  # a data colour: it keeps its meaning
    # Lightness turned over, from the page's background (for white) to its text (for black).
    low, high = np.array(to_rgb(BACKGROUND)), np.array(to_rgb(FOREGROUND))
    mixed = low + (1 - lightness) * (high - low)
    if saturation >= 0.1:  # a tint (a pale box, a dark red) keeps its hue
        _, mixed_lightness, _ = colorsys.rgb_to_hls(*mixed)
        mixed = colorsys.hls_to_rgb(hue, mixed_lightness, saturation)
    return (*(float(value) for value in mixed), alpha)


def _visible(colour) -> bool:
    return not (isinstance(colour, str) and colour == "none") and to_rgba(colour)[3] > 0


def _map(colour):
    return dark_colour(colour) if _visible(colour) else colour


def _over_image(text: Text) -> bool:
    """Whether ``text`` is written in data coordinates inside one of its axes' images."""
    axes = text.axes
    if axes is None or not axes.images or text.get_transform() != axes.transData:
        return False
    x, y = text.get_position()
    for image in axes.images:
        left, right, bottom, top = image.get_extent()
        if min(left, right) <= x <= max(left, right) and min(bottom, top) <= y <= max(bottom, top):
            return True
    return False


def _restyle_patch(patch: Patch) -> None:
    patch.set_facecolor(_map(patch.get_facecolor()))
    patch.set_edgecolor(_map(patch.get_edgecolor()))


def _parts(text: Text) -> list[Patch]:
    """The patches drawn with a text: its box, and an annotation's arrow."""
    parts = [text.get_bbox_patch()]
    if isinstance(text, Annotation):
        parts.append(text.arrow_patch)
    return [part for part in parts if part is not None]


def _restyle_text(text: Text) -> None:
    if not _over_image(text):
        text.set_color(_map(text.get_color()))
    for part in _parts(text):
        _restyle_patch(part)


def _restyle_line(line: Line2D) -> None:
    line.set_color(_map(line.get_color()))
    line.set_markerfacecolor(_map(line.get_markerfacecolor()))
    line.set_markeredgecolor(_map(line.get_markeredgecolor()))
    if line.get_fillstyle() != "full":
        line.set_markerfacecoloralt(_map(line.get_markerfacecoloralt()))


def _restyle_collection(collection: Collection) -> None:
    if collection.get_array() is not None:
        return  # colours from a colormap (a colorbar's scale, a colour-coded scatter)
    faces, edges = collection.get_facecolor(), collection.get_edgecolor()
    if len(faces):
        collection.set_facecolor([_map(tuple(face)) for face in faces])
    if len(edges):
        collection.set_edgecolor([_map(tuple(edge)) for edge in edges])


def restyle(fig: Figure) -> Figure:
    """Restyle ``fig`` for a dark page, in place, and return it (see the module's docstring)."""
    artists = fig.findobj(include_self=True)
    # A text's box and an annotation's arrow are restyled with their text, and only there:
    # mapped twice, a colour would turn back.
    owned = {id(patch) for text in artists if isinstance(text, Text) for patch in _parts(text)}
    for artist in artists:
        if isinstance(artist, (AxesImage, FigureImage)) or id(artist) in owned:
            continue  # an image keeps its own colours
        if isinstance(artist, Text):
            _restyle_text(artist)
        elif isinstance(artist, Line2D):
            _restyle_line(artist)
        elif isinstance(artist, Patch):
            _restyle_patch(artist)
        elif isinstance(artist, Collection):
            _restyle_collection(artist)
    fig.patch.set_facecolor(BACKGROUND)  # so savefig's "auto" face colour is the page's
    return fig


def dark_copy(fig: Figure) -> Figure:
    """A restyled copy of ``fig``; ``fig`` itself is left as it is (a lesson may use it on)."""
    return restyle(pickle.loads(pickle.dumps(fig)))


def scraper(block, block_vars: dict, gallery_conf: dict) -> str:
    """sphinx-gallery's matplotlib scraper, and the dark copy of each figure it saved."""
    import matplotlib.pyplot as plt
    from sphinx_gallery.scrapers import matplotlib_scraper

    figures = [plt.figure(number) for number in plt.get_fignums()]
    rst = matplotlib_scraper(block, block_vars, gallery_conf)  # saves them, and closes them
    paths = block_vars["image_path_iterator"].paths[-len(figures) :] if figures else []
    for fig, path in zip(figures, paths, strict=True):
        # Closed, the figure pickles without pyplot: its copy is not a new pyplot figure.
        dark_copy(fig).savefig(dark_path(path), facecolor=BACKGROUND, edgecolor=BACKGROUND)
    return rst


def setup(app):
    # Nothing to connect: conf_common names scraper in sphinx_gallery_conf["image_scrapers"].
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
