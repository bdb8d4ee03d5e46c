"""How the pages are found and shared: a description per page, and absolute links when the site
has an address.

- **A meta description** in the page's language: the page's first paragraph of prose (for a
  lesson, the first paragraph of its introduction; the "run this lesson yourself" box and other
  admonitions are skipped), cut at a word before :data:`LIMIT` characters. A page with no prose
  of its own (the index, search) gets the site's description from the catalog, and an API page
  (its docstrings are English in every edition) a sentence from the catalog naming it.
- **The site's address** (``site_facts.BASE_URL``, from ``NN_BASE_URL``; empty by default, so a
  build without it works from any folder or host): when set, each edition's ``html_baseurl`` is
  ``<address>/<language>/``, so Sphinx writes a ``<link rel="canonical">`` on every page,
  ``languages`` makes the ``hreflang`` links absolute (search engines ignore relative ones), and
  sphinx-sitemap writes each edition's ``sitemap.xml``.
"""

from __future__ import annotations

from html import escape

from docutils import nodes
from sphinx.locale import get_translation

_ = get_translation("sphinx")  # the site's catalog

LIMIT = 160
"""The longest description: about what search engines show under a result."""

SITE_DESCRIPTION = "Short, runnable lessons on how PyTorch trains neural networks."
"""The description of a page with no prose of its own (a catalog message)."""

API_DESCRIPTION = "{name}: the API reference of nn_tutorial, the package the lessons import."
"""The description of an API page (a catalog message): its docstrings are in English in every
edition, so its first paragraph would not be in the page's language."""

SKIP = (nodes.admonition, nodes.Admonition, nodes.container, nodes.sidebar, nodes.topic)
"""Nodes whose paragraphs are not the page's own prose (boxes, notes, navigation)."""


def first_paragraph(doctree) -> str:
    """The text of the first paragraph of prose in a page, whitespace collapsed."""
    for paragraph in doctree.findall(nodes.paragraph):
        parent, skipped = paragraph.parent, False
        while parent is not None:
            if isinstance(parent, SKIP):
                skipped = True
                break
            parent = parent.parent
        text = " ".join(paragraph.astext().split())
        if not skipped and len(text) > 40:
            return text
    return ""


def shorten(text: str, limit: int = LIMIT) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def add_description(app, pagename, templatename, context, doctree) -> None:
    if app.builder.format != "html":
        return
    if pagename.startswith("generated/"):
        text = _(API_DESCRIPTION).format(name=pagename.removeprefix("generated/"))
    else:
        text = first_paragraph(doctree) if doctree is not None else ""
    description = shorten(text or _(SITE_DESCRIPTION))
    tag = f'<meta name="description" content="{escape(description)}" />\n'
    context["metatags"] = context.get("metatags", "") + tag


def setup(app) -> dict:
    app.connect("html-page-context", add_description)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
