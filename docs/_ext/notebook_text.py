"""The lessons' notebooks: reST's escaped space does not leak into their Markdown.

reST needs a backslash-space between inline markup and a word written against it, which
Korean does after every code span (``x``\\ 는). sphinx-gallery turns each text cell into
Markdown for the notebooks with ``sphinx_gallery.notebook.rst2md``, which keeps the
backslash, and Markdown shows it: "``x``\\ 는". Here ``rst2md`` is wrapped so the escape
goes, as it does on the page. It applies to every notebook sphinx-gallery writes, the
single downloads and the "download all" zip alike.
"""

from __future__ import annotations

import re

import sphinx_gallery.notebook

ESCAPED_SPACE = re.compile(r"(?<!\\)\\ (?=\S)")
"""reST's "\\ ": an escaped space, which reST removes; it always stands before a word."""

_rst2md = sphinx_gallery.notebook.rst2md


def rst2md(text, *args, **kwargs):
    return ESCAPED_SPACE.sub("", _rst2md(text, *args, **kwargs))


def setup(app) -> dict:
    if sphinx_gallery.notebook.rst2md is not rst2md:
        sphinx_gallery.notebook.rst2md = rst2md
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
