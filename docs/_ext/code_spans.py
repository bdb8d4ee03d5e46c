"""Highlighted code in fewer elements: neighbouring tokens drawn alike share one ``<span>``.

Pygments wraps every token of a code block in a ``<span>`` with its type's class, and a
lesson's code is thousands of them: most of a lesson page's elements, each one styled and laid
out by a phone before it shows the page. Names, punctuation and whitespace are drawn exactly
like the code's plain text in both of the site's styles (``pygments_light_style`` and
``pygments_dark_style``): same colour, no bold, italics or background. So, at the end of the
build, each run of such neighbouring spans becomes one span holding their text; every other
token (keywords, numbers, strings, comments) and every link keeps its own. The page reads and
copies the same, with a third fewer elements.

Every code block, and every table in the theme's scrolling box, also takes the keyboard's focus
(``tabindex="0"``) in the HTML itself: one wider than a phone scrolls sideways, and a reader
without a mouse must reach it to scroll it.
Which blocks scroll depends on the screen, so ``_static/site.js`` takes the tab stop off again
from each block that fits once the browser has laid it out; a section it has not laid out yet
(``content-visibility`` in ``site.css``) keeps its blocks reachable meanwhile.
"""

from __future__ import annotations

import re
from pathlib import Path

from pygments.styles import get_style_by_name
from pygments.token import STANDARD_TYPES, Token


def plain_classes(*styles: str) -> set[str]:
    """The token classes drawn like plain text (``Token.Text``) in every one of ``styles``."""
    plain = None
    for name in styles:
        style = get_style_by_name(name)
        text = style.style_for_token(Token.Text)
        alike = {c for t, c in STANDARD_TYPES.items() if c and style.style_for_token(t) == text}
        plain = alike if plain is None else plain & alike
    return plain or set()


def merge_spans(page: str, classes: set[str]) -> str:
    """``page`` with each run of two or more neighbouring spans of ``classes`` (whitespace
    between them allowed) written as one span of their text."""
    if not classes:
        return page
    one = rf'<span class="(?:{"|".join(sorted(map(re.escape, classes)))})">[^<]*</span>'
    run = re.compile(rf"{one}(?:\s*{one})+")
    return run.sub(
        lambda m: '<span class="' + re.match(r'<span class="([^"]+)"', m[0])[1] + '">'
        + re.sub(r"</?span[^>]*>", "", m[0]) + "</span>",
        page,
    )  # fmt: skip


def merge_in_pages(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    options = app.config.html_theme_options
    styles = [options.get(f"pygments_{scheme}_style") for scheme in ("light", "dark")]
    styles = [style for style in styles if style] or [app.config.pygments_style]
    if not all(styles):
        return  # Sphinx's default style: not known here, so nothing is merged
    classes = plain_classes(*styles)
    for path in Path(app.outdir).rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        merged = merge_spans(page, classes)
        if merged != page:
            path.write_text(merged, encoding="utf-8")


SCROLLING_BOXES = {
    '<div class="highlight"><pre>': '<div class="highlight"><pre tabindex="0">',
    '<div class="pst-scrollable-table-container">': (
        '<div class="pst-scrollable-table-container" tabindex="0">'
    ),
}
"""How Sphinx writes every code block, and the theme every table, and the same in the tab order."""


def focusable_code_blocks(app, pagename, templatename, context, doctree) -> None:
    """Each box of the page that may scroll sideways, in the tab order."""
    if "body" not in context:
        return
    for plain, focusable in SCROLLING_BOXES.items():
        context["body"] = context["body"].replace(plain, focusable)


def setup(app) -> dict:
    app.connect("build-finished", merge_in_pages)
    app.connect("html-page-context", focusable_code_blocks)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
