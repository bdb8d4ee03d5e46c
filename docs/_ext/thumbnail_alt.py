"""The lessons' thumbnails get their lesson's title as alt text (sphinx-gallery leaves it empty)."""

from __future__ import annotations

import re

from docutils import nodes
from sg_pages import gallery_dirs

THUMBNAIL = re.compile(r"/thumb/sphx_glr_(?P<lesson>.+)_thumb\.\w+$")


def on_doctree_resolved(app, doctree, docname: str) -> None:
    gallery = gallery_dirs(app)[0]
    for image in doctree.findall(nodes.image):
        match = THUMBNAIL.search(image.get("uri", ""))
        if match and not image.get("alt"):
            title = app.env.titles.get(f"{gallery}/{match['lesson']}")
            if title is not None:
                image["alt"] = title.astext()


def setup(app):
    app.connect("doctree-resolved", on_doctree_resolved)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
