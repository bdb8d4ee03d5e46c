"""Ship the Korean web font: NanumGothic, cut down to the Hangul the edition's pages use.

Many readers' machines (and these build machines) have no Korean system font: without
one, every Hangul character of a page is an empty box. So each edition serves its own
font from ``_static/fonts/``, declared in ``site.css`` for the Hangul ranges only (Latin
text keeps the theme's fonts), ahead of the system Korean fonts.

Why NanumGothic: it is the font the figures already draw Hangul with (it comes with the
``koreanize-matplotlib`` dependency, so the build needs no download), it is a screen
font made for body text, with open counters that stay legible at small sizes next to
code, and its licence (SIL OFL) allows shipping a subset.

After the build writes the pages (``build-finished``), this extension collects every
character in the Hangul and CJK-punctuation ranges that the edition's HTML and
JavaScript contain, and writes a subset of the Regular and Bold faces with exactly
those glyphs as woff2. The subset depends only on the pages and the font, and the
font's timestamp is kept, so two builds write the same bytes. A Korean page loads
about 150 to 250 KB (``nox -s bench`` reports it), cached by the browser across pages.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

FACES = {"regular": "NanumGothic.ttf", "bold": "NanumGothicBold.ttf"}
"""The faces shipped, by the name of the file written: ``nanumgothic-<face>.woff2``."""
RANGES = ((0x1100, 0x11FF), (0x3000, 0x303F), (0x3130, 0x318F), (0xAC00, 0xD7A3), (0xFF00, 0xFFEF))
"""Hangul jamo, CJK punctuation, compatibility jamo, Hangul syllables, full-width forms:
the same ranges as the ``unicode-range`` of the @font-face rules in ``site.css``."""
FONT_DIR = "fonts"


def font_files() -> dict[str, Path]:
    """The TTF files of the shipped faces, from the koreanize-matplotlib package."""
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("the Korean web font comes from koreanize-matplotlib: install it")
    folder = Path(spec.submodule_search_locations[0]) / "fonts"
    return {face: folder / name for face, name in FACES.items()}


def in_ranges(character: str) -> bool:
    return any(low <= ord(character) <= high for low, high in RANGES)


def text_files(outdir: Path) -> list[Path]:
    """The files whose text the font is cut for: the edition's pages, and the site's own scripts
    (search index, interface text), not the libraries in _static's folders (MathJax alone is
    megabytes of text with no Hangul in it)."""
    scripts = [*outdir.glob("*.js"), *(outdir / "_static").glob("*.js")]
    return sorted([*outdir.rglob("*.html"), *scripts])


def used_characters(outdir: Path) -> set[str]:
    """Every character of the Korean ranges in the edition's pages and scripts."""
    found: set[str] = set()
    for path in text_files(outdir):
        found.update(c for c in path.read_text(encoding="utf-8", errors="ignore") if in_ranges(c))
    return found


def write_subset(source: Path, target: Path, characters: set[str]) -> None:
    """Write the glyphs of ``characters`` from the font ``source`` as woff2 to ``target``."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]  # keep the font's name and licence records
    options.notdef_outline = True
    options.hinting = False  # browsers render these outlines well unhinted, at half the size
    options.drop_tables += ["TSI0", "TSI1", "TSI2", "TSI3", "TSI5"]  # the font editor's sources
    font = TTFont(source, recalcTimestamp=False)  # the file's own date, not the build's
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in characters))
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    font.flavor = "woff2"
    font.save(target, reorderTables=True)


def ship_font(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    characters = used_characters(outdir) or {"한"}
    for face, source in font_files().items():
        write_subset(
            source, outdir / "_static" / FONT_DIR / f"nanumgothic-{face}.woff2", characters
        )
    logger.info("korean_font: %d characters in the web font", len(characters))


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", ship_font)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
