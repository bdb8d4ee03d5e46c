"""Math as MathML, written into the pages at build time: no script to load, nothing that moves.

Sphinx's usual renderer, MathJax, is a script of about a megabyte that typesets the formulas
after the page has loaded, so a phone waits for it and the page shifts under the reader. Every
current browser draws MathML itself, so the formulas here are converted once, at build time,
from LaTeX (``:math:`...``` and ``.. math::`` in the lessons, ``$...$`` in the Markdown pages) to
MathML by ``latex2mathml``. They take the page's text colour, in the light and the dark scheme
alike, and are real text: selectable, searchable, read by screen readers.

Browsers draw MathML with an OpenType math font; few machines have one, so ``web_fonts`` ships
STIX Two Math cut to the characters the edition's formulas use, and ``site.css`` asks for it.
"""

from __future__ import annotations

from docutils import nodes
from latex2mathml.converter import convert


def to_mathml(latex: str, display: str) -> str:
    """``latex`` as a ``<math>`` element, ``display`` being ``"inline"`` or ``"block"``."""
    # latex2mathml keeps LaTeX's escaped underscore in text (\\text{in\\_features}): the page
    # would show the backslash
    return convert(latex.strip(), display=display).replace("\\_", "_")


def visit_math(translator, node) -> None:
    translator.body.append(translator.starttag(node, "span", "", CLASS="math notranslate"))
    translator.body.append(to_mathml(node.astext(), "inline"))
    translator.body.append("</span>")
    raise nodes.SkipNode


def visit_displaymath(translator, node) -> None:
    """A displayed formula; as in Sphinx, equations a blank line apart go one under another."""
    # tabindex: a formula wider than a phone scrolls sideways, and a keyboard must reach it too
    translator.body.append(translator.starttag(node, "div", CLASS="math notranslate", tabindex="0"))
    if node.get("number"):
        translator.body.append(f'<span class="eqno">({node["number"]})</span>')
    for part in node.astext().split("\n\n"):
        if part.strip():
            translator.body.append(to_mathml(part, "block"))
    translator.body.append("</div>\n")
    raise nodes.SkipNode


def setup(app) -> dict:
    app.add_html_math_renderer("mathml", (visit_math, None), (visit_displaymath, None))
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
