"""The web fonts the site ships, each cut down to the characters an edition's pages use.

Two kinds of text need a font that many readers' machines (and these build machines) lack:

- **Hangul.** Without a Korean system font, every Hangul character of a page is an empty box.
  The font is NanumGothic: the figures already draw Hangul with it (it comes with the
  ``koreanize-matplotlib`` dependency, so the build needs no download), it is a screen font
  made for body text, with open counters that stay legible at small sizes next to code, and its
  licence (SIL OFL) allows shipping a subset. ``site.css`` declares it for the Hangul ranges
  only (Latin text keeps the theme's fonts), ahead of the system Korean fonts.
- **Math.** The formulas are MathML (``mathml``), which browsers draw with an OpenType math font
  (one with a MATH table: stretchy brackets, fraction bars, radicals). The font is STIX Two
  Math, which ``ziamath`` ships (SIL OFL); ``site.css`` asks for it in ``math`` elements.
- **Icons.** The theme draws its icons (search, menu, light and dark, arrows) with Font
  Awesome's solid face, a 115 KB file of some 2,000 icons that every page loads while it is
  first drawn, named in a table of 2,500 rules (19 KB compressed) in the style sheet every page
  waits for. The site uses about twenty: the face is cut to the icons named in the pages and
  scripts (``fa-magnifying-glass``) and those the theme's style sheet draws itself (the
  admonitions' and links' icons), and the table to the rows of the icons named; both are
  written over the theme's copies, where its pages look for them.

After the build writes the pages (``build-finished``), this extension collects the characters
each font is for, in the edition's HTML and JavaScript (Hangul anywhere; for math, the text
inside ``<math>`` elements), and writes a subset of each face with exactly those glyphs (and,
for math, the size variants its MATH table points to) as woff2 in ``_static/fonts``. A subset
depends only on the pages and the font, and the font's timestamp is kept, so two builds write
the same bytes. An edition with no Hangul or no formula still gets a tiny font, so no page ever
asks for a missing file. ``nox -s bench`` reports the bytes a page loads.
"""

from __future__ import annotations

import base64
import functools
import html
import importlib.util
import io
import re
from dataclasses import dataclass
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

FONT_DIR = "fonts"
"""Where the fonts are written: ``_static/fonts/<file>``."""

RANGES = ((0x1100, 0x11FF), (0x3000, 0x303F), (0x3130, 0x318F), (0xAC00, 0xD7A3), (0xFF00, 0xFFEF))
"""Hangul jamo, CJK punctuation, compatibility jamo, Hangul syllables, full-width forms:
the same ranges as the ``unicode-range`` of the Hangul @font-face rules in ``site.css``."""

MATH = re.compile(r"<math\b[^>]*>(.*?)</math>", re.S)


@dataclass(frozen=True)
class Face:
    package: str  # the Python package that ships the font file
    folder: str  # its folder inside the package
    file: str  # the TTF file
    written: str  # the woff2 file written to _static/fonts


FACES = {
    "regular": Face(
        "koreanize_matplotlib", "fonts", "NanumGothic.ttf", "nanumgothic-regular.woff2"
    ),
    "bold": Face("koreanize_matplotlib", "fonts", "NanumGothicBold.ttf", "nanumgothic-bold.woff2"),
}
"""The Hangul faces, by weight."""

MATH_FACE = Face("ziamath", "fonts", "STIXTwoMath-Regular.ttf", "stix-two-math.woff2")

ICON_DIR = "vendor/fontawesome/webfonts"
"""Where the theme keeps its icon fonts, in the package's ``static`` and the site's ``_static``."""
ICON_FACE = Face(
    "pydata_sphinx_theme",
    f"theme/pydata_sphinx_theme/static/{ICON_DIR}",
    "fa-solid-900.woff2",
    "fa-solid-900.woff2",
)
THEME_CSS = "styles/pydata-sphinx-theme.css"
"""The theme's style sheet, in its package's ``static`` and in ``_static``: it names each
icon's character."""
ICON_RULE = re.compile(r'((?:\.fa-[\w-]+,?)+)\{--fa:"((?:[^"\\]|\\.)*)"\}')
"""``.fa-house{--fa:"\\f015"}``: the icons' names (aliases too) and their character."""
ICON_NAME = re.compile(r"\bfa-[a-z0-9-]+")
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
"""The icon font's own characters (Unicode's private use area), which the style sheet also
writes directly where it draws an icon itself."""


def font_file(face: Face) -> Path:
    """The TTF file of a face, from the package that ships it."""
    spec = importlib.util.find_spec(face.package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"the web font {face.file} comes from {face.package}: install it")
    return Path(spec.submodule_search_locations[0]) / face.folder / face.file


HANGUL = re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in RANGES) + "]")
"""A character of RANGES: one search finds whether a page has any (a loop over its characters
in Python took 2 s of each edition's build)."""


def in_ranges(character: str) -> bool:
    return HANGUL.fullmatch(character) is not None


def text_files(outdir: Path) -> list[Path]:
    """The files whose text the fonts are cut for: the edition's pages, and the site's own
    scripts (search index, interface text), not the libraries in _static's folders."""
    scripts = [*outdir.glob("*.js"), *(outdir / "_static").glob("*.js")]
    return sorted([*outdir.rglob("*.html"), *scripts])


def used_characters(outdir: Path) -> set[str]:
    """Every character of the Hangul ranges in the edition's pages and scripts."""
    found: set[str] = set()
    for path in text_files(outdir):
        found.update(path.read_text(encoding="utf-8", errors="ignore"))
    # Each distinct character tested once, not each of the edition's millions (15 s of build).
    return {c for c in found if in_ranges(c)}


def math_characters(outdir: Path) -> set[str]:
    """Every character inside the ``<math>`` elements of the edition's pages."""
    found: set[str] = set()
    for path in sorted(outdir.rglob("*.html")):
        for formula in MATH.findall(path.read_text(encoding="utf-8")):
            found.update(html.unescape(re.sub(r"<[^>]+>", "", formula)))
    return {c for c in found if not c.isspace()}


def css_string(text: str) -> str:
    """The characters of a CSS string's contents: ``\\f015`` or ``\\31 `` is one character."""
    return re.sub(
        r"\\([0-9a-fA-F]{1,6})\s?|\\(.)",
        lambda m: chr(int(m[1], 16)) if m[1] else m[2],
        text,
    )


def icon_characters(css: str, texts: list[str]) -> set[str]:
    """The icon font's characters a site needs, given the theme's style sheet ``css`` and the
    text of its pages and scripts: those of the icons the texts name (``fa-house``), and those the
    style sheet writes outside its table of icons (its own icons, for admonitions and links)."""
    table = {}
    for names, character in ICON_RULE.findall(css):
        for name in names.split(","):
            table[name.removeprefix(".")] = css_string(character)
    named = {name for text in texts for name in ICON_NAME.findall(text)}
    return {table[name] for name in named if name in table} | set(
        PRIVATE_USE.findall(ICON_RULE.sub("", css))
    )


def keep_named_icons(css: str, texts: list[str]) -> str:
    """The theme's style sheet ``css`` with only the rows of its icon table whose icon one of
    ``texts`` names (every other rule as it was)."""
    named = {name for text in texts for name in ICON_NAME.findall(text)}

    def row(match: re.Match) -> str:
        return match[0] if any(n.removeprefix(".") in named for n in match[1].split(",")) else ""

    return ICON_RULE.sub(row, css)


def icon_texts(outdir: Path) -> list[str]:
    """The pages and every script (the theme's own too, which may add an icon), as text."""
    files = [*text_files(outdir), *(outdir / "_static" / "scripts").glob("*.js")]
    return [path.read_text(encoding="utf-8", errors="ignore") for path in sorted(set(files))]


def write_subset(source: Path, target: Path, characters: set[str]) -> None:
    """Write the glyphs of ``characters`` from the font ``source`` as woff2 to ``target`` (with
    the glyphs its layout and MATH tables reach from them)."""
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


def ship_fonts(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    fonts = Path(app.outdir) / "_static" / FONT_DIR
    hangul = used_characters(Path(app.outdir)) or {"한"}
    for face in FACES.values():
        write_subset(font_file(face), fonts / face.written, hangul)
    math = math_characters(Path(app.outdir)) or {"x"}
    write_subset(font_file(MATH_FACE), fonts / MATH_FACE.written, math)
    static = Path(app.outdir) / "_static"
    # the theme's own style sheet, not _static's copy: that one may be cut already
    theme_css = (font_file(ICON_FACE).parents[3] / THEME_CSS).read_text(encoding="utf-8")
    texts = icon_texts(Path(app.outdir))
    icons = icon_characters(theme_css, texts)
    write_subset(font_file(ICON_FACE), static / ICON_DIR / ICON_FACE.written, icons)
    (static / THEME_CSS).write_text(keep_named_icons(theme_css, texts), encoding="utf-8")
    logger.info(
        "web_fonts: %d Hangul characters, %d math characters, %d icons in the web fonts",
        len(hangul),
        len(math),
        len(icons),
    )


METRICS_FAMILY = "NN Hangul Metrics"
"""A stand-in for NanumGothic while it loads, on a machine with no Korean font: every character
NanumGothic has in the Hangul ranges, each an empty glyph exactly as wide as NanumGothic's, with
its height above and below the line. Text laid out in it takes the very room the real font will
take, so the page does not move when NanumGothic arrives after the first paint (a slow link, a
busy phone: the preloads below usually bring both faces in time). It is 0.5 KB, written into
the page itself (a ``data:`` address). ``site.css`` names it after the system Korean fonts: a
reader who has one sees that meanwhile, as before."""


@functools.cache
def metrics_font(source: Path) -> bytes:
    """The stand-in for the font ``source`` (see ``METRICS_FAMILY``), as woff2."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(source.read_bytes()))
    advances = font["hmtx"].metrics
    widths = {
        code: advances[glyph][0]
        for code, glyph in font.getBestCmap().items()
        if 0 <= code < 0x110000 and in_ranges(chr(code))
    }
    glyph = {width: f"w{width}" for width in sorted(set(widths.values()))}
    builder = FontBuilder(font["head"].unitsPerEm, isTTF=True)
    # the source's dates, not today's: two builds write the same bytes
    builder.setupHead(
        unitsPerEm=font["head"].unitsPerEm,
        created=font["head"].created,
        modified=font["head"].modified,
    )
    builder.font.recalcTimestamp = False
    builder.setupGlyphOrder([".notdef", *glyph.values()])
    builder.setupCharacterMap({code: glyph[width] for code, width in widths.items()})
    empty = TTGlyphPen(None).glyph()
    box = TTGlyphPen(None)  # .notdef, never drawn: a browser refuses a font with no outline at all
    box.moveTo((0, 0)), box.lineTo((0, 1)), box.lineTo((1, 1)), box.closePath()
    builder.setupGlyf({".notdef": box.glyph(), **{name: empty for name in glyph.values()}})
    builder.setupHorizontalMetrics(
        {".notdef": (0, 0), **{name: (width, 0) for width, name in glyph.items()}}
    )
    hhea, os2 = font["hhea"], font["OS/2"]
    builder.setupHorizontalHeader(ascent=hhea.ascent, descent=hhea.descent, lineGap=hhea.lineGap)
    builder.setupNameTable({"familyName": METRICS_FAMILY, "styleName": "Regular"})
    builder.setupOS2(
        sTypoAscender=os2.sTypoAscender,
        sTypoDescender=os2.sTypoDescender,
        sTypoLineGap=os2.sTypoLineGap,
        usWinAscent=os2.usWinAscent,
        usWinDescent=os2.usWinDescent,
        fsSelection=os2.fsSelection,
    )
    builder.setupPost()
    builder.font.flavor = "woff2"
    written = io.BytesIO()
    builder.font.save(written)
    return written.getvalue()


def unicode_range() -> str:
    return ", ".join(f"U+{low:04X}-{high:04X}" for low, high in RANGES)


def preload_hangul(app, pagename, templatename, context, doctree) -> None:
    """Every page carries the stand-in (the language switch in its header writes "한국어" on
    every page: arriving late, NanumGothic widened it and moved the header, 0.06 of a shift on
    a desktop). A page whose text is Hangul also asks for the Hangul faces first thing, so that
    its first paint usually has them already."""
    if app.builder.format != "html":
        return
    stand_in = base64.b64encode(metrics_font(font_file(FACES["regular"]))).decode("ascii")
    style = (
        f'<style>@font-face {{ font-family: "{METRICS_FAMILY}"; font-weight: 100 900; '
        f'src: url(data:font/woff2;base64,{stand_in}) format("woff2"); '
        f"unicode-range: {unicode_range()}; }}</style>\n"
    )
    links = ""
    if HANGUL.search(context.get("body", "")):
        for face in FACES.values():
            href = context["pathto"](f"_static/{FONT_DIR}/{face.written}", 1)
            links += f'<link rel="preload" href="{href}" as="font" type="font/woff2" crossorigin />'
            links += "\n"
    context["metatags"] = context.get("metatags", "") + links + style


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", ship_fonts)
    app.connect("html-page-context", preload_hangul)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
