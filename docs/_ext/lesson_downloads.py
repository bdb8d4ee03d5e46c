"""A lesson's downloads: its script and its notebook, without the zip of the two.

sphinx-gallery offers each lesson as ``.py``, ``.ipynb`` and a zip of both; the zip is
dropped from the page as Sphinx reads it (``source-read``). The gallery's index keeps its
zips of all lessons.
"""

from __future__ import annotations

import re

from sg_pages import in_gallery, is_lesson

ZIP = re.compile(
    r"\n    \.\. container:: sphx-glr-download sphx-glr-download-zip\n\n"
    r"      :download:`Download zipped: [^`]+`\n"
)
"""The zip's download box, as sphinx-gallery writes it on a lesson's page."""


def drop_zip(text: str) -> str:
    """Remove the per-lesson zip (its .py and .ipynb again): the lesson offers both already."""
    return ZIP.sub("\n", text)


def on_source_read(app, docname: str, source: list[str]) -> None:
    if in_gallery(app, docname) and is_lesson(source[0]):
        source[0] = drop_zip(source[0])


def setup(app):
    app.connect("source-read", on_source_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
