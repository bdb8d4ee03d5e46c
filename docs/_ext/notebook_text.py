"""The lessons' notebooks: reST's escaped space does not leak into their Markdown, and the
exercises' worked solutions are hidden until the reader opens them.

reST needs a backslash-space between inline markup and a word written against it, which
Korean does after every code span (``x``\\ 는). sphinx-gallery turns each text cell into
Markdown for the notebooks with ``sphinx_gallery.notebook.rst2md``, which keeps the
backslash, and Markdown shows it: "``x``\\ 는". Here ``rst2md`` is wrapped so the escape
goes, as it does on the page.

In a lesson, a text cell holding only the bold word of :data:`site_facts.SOLUTION_LABEL`
("**Solution**") comes before each exercise's worked solution. The page folds that code
(``solutions.js``); in the notebook, ``fill_notebook`` is wrapped so that the code cells after
such a heading carry Jupyter's ``source_hidden`` and ``outputs_hidden`` metadata, which
JupyterLab and Notebook 7 honour: the reader sees a collapsed cell under "Solution", and a
click opens it. Both apply to every notebook sphinx-gallery writes, the single downloads and the
"download all" zip alike.
"""

from __future__ import annotations

import re

import sphinx_gallery.notebook
from site_facts import SOLUTION_LABEL

ESCAPED_SPACE = re.compile(r"(?<!\\)\\ (?=\S)")
"""reST's "\\ ": an escaped space, which reST removes; it always stands before a word."""

SOLUTION_HEADINGS = {f"**{label}**" for label in SOLUTION_LABEL.values()}
HIDDEN = {"source_hidden": True, "outputs_hidden": True}
"""Jupyter's cell metadata (``metadata.jupyter``) for a collapsed input and output."""

_rst2md = sphinx_gallery.notebook.rst2md
_fill_notebook = sphinx_gallery.notebook.fill_notebook


def rst2md(text, *args, **kwargs):
    return ESCAPED_SPACE.sub("", _rst2md(text, *args, **kwargs))


def hide_solutions(cells: list[dict]) -> None:
    """Collapse the code cells that follow a solution heading, up to the next text cell."""
    hiding = False
    for cell in cells:
        if cell["cell_type"] == "markdown":
            hiding = "".join(cell["source"]).strip() in SOLUTION_HEADINGS
        elif hiding:
            cell["metadata"]["jupyter"] = dict(HIDDEN)


def fill_notebook(work_notebook, *args, **kwargs):
    _fill_notebook(work_notebook, *args, **kwargs)
    hide_solutions(work_notebook["cells"])


def setup(app) -> dict:
    if sphinx_gallery.notebook.rst2md is not rst2md:
        sphinx_gallery.notebook.rst2md = rst2md
    if sphinx_gallery.notebook.fill_notebook is not fill_notebook:
        sphinx_gallery.notebook.fill_notebook = fill_notebook
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
