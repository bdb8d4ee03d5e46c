"""The lessons' run-time page (``lessons/sg_execution_times``), without what it does not need.

sphinx-gallery's page loads jQuery and DataTables from CDNs (the site loads nothing from
another host) and lists a memory column that is always 0 when memory is not measured.
Both go, as Sphinx reads the page (``source-read``); the table gets the site's own class.
Its headings and words are translated by ``gallery_text``.
"""

from __future__ import annotations

import re

from sg_pages import in_gallery, is_run_times


def clean(text: str) -> str:
    """Drop the CDN scripts and styles, and the memory column, from the run-time page."""
    # The raw HTML block: from ".. raw:: html" up to the table.
    text = re.sub(r"(?s)\n  \.\. raw:: html\n.*?(?=\n  \.\. list-table::)", "\n", text)
    # The table's third column ("Mem (MB)") in every row: "     - value" after the time.
    text = re.sub(r"(?m)^(   \* - .*\n     - .*\n)     - .*\n", r"\1", text)
    return text.replace(":class: table table-striped sg-datatable", ":class: nn-run-times")


def on_source_read(app, docname: str, source: list[str]) -> None:
    if in_gallery(app, docname) and is_run_times(docname):
        source[0] = clean(source[0])


def setup(app):
    app.connect("source-read", on_source_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
