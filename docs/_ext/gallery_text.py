"""sphinx-gallery's interface text in the page's language.

sphinx-gallery writes reST pages (``docs/<language>/lessons/*.rst``) whose
interface text is English and has no translations ("Download Jupyter notebook",
"Total running time of the script", ...). This extension rewrites that text as
Sphinx reads each page (the ``source-read`` event; the generated files on disk
are left alone), taking the words from the site's catalog,
``docs/locale/<language>/LC_MESSAGES/sphinx.po``. In English the catalog has no
entries for them, so the text stays as sphinx-gallery wrote it.

Every text it knows is in :data:`RULES` and :data:`TITLES`, and nowhere else.
``tests/test_extensions.py`` builds a tiny gallery with the installed
sphinx-gallery and fails, naming the text, when one of them no longer matches
what sphinx-gallery writes (after an upgrade), instead of letting English through.
"""

from __future__ import annotations

import re
import unicodedata

from sg_pages import in_gallery
from sphinx.locale import get_translation

_ = get_translation("sphinx")  # the site's catalog

RUNNING_TIME = (
    r"\*\*Total running time of the script:\*\* \((?P<minutes>\d+) minutes "
    r"(?P<seconds>[\d.]+) seconds\)"
)
"""A lesson's run time as sphinx-gallery writes it under the lesson (read by the benchmark too)."""

RULES = [
    (
        r":ref:`Go to the end <(?P<target>[^>]+)>`\s+to download the full example code\.?",
        ":ref:`Go to the end <{target}>` to download the full example code.",
    ),
    (
        RUNNING_TIME,
        "**Total running time of the script:** ({minutes} minutes {seconds} seconds)",
    ),
    (
        r":download:`Download Jupyter notebook: (?P<file>[^<`]+?) <(?P<target>[^>]+)>`",
        ":download:`Download Jupyter notebook: {file} <{target}>`",
    ),
    (
        r":download:`Download Python source code: (?P<file>[^<`]+?) <(?P<target>[^>]+)>`",
        ":download:`Download Python source code: {file} <{target}>`",
    ),
    (
        r":download:`Download all examples in Python source code: (?P<file>[^<`]+?) "
        r"<(?P<target>[^>]+)>`",
        ":download:`Download all examples in Python source code: {file} <{target}>`",
    ),
    (
        r":download:`Download all examples in Jupyter notebooks: (?P<file>[^<`]+?) "
        r"<(?P<target>[^>]+)>`",
        ":download:`Download all examples in Jupyter notebooks: {file} <{target}>`",
    ),
    (
        r"\*\*(?P<time>[\d:.]+)\*\* total execution time for (?P<count>\d+) files? "
        r"\*\*from (?P<where>[^*]+)\*\*:",
        "**{time}** total execution time for {count} lessons:",
    ),
]
"""Each rule: a regular expression matching text sphinx-gallery writes, and the catalog's message
(the English text with {named} fields) that replaces it; the fields are the expression's groups."""

HEADINGS = ("Example", "Lesson"), ("Time", "Run time (mm:ss)")
"""The run-time table's column headings: sphinx-gallery's, and the catalog's message that replaces
it (the site's words, so English pages change too: these are lessons, timed in minutes)."""

TITLES = ["Computation times"]
"""Page titles sphinx-gallery writes (translated with their underline redrawn)."""


def _width(text: str) -> int:
    """Columns a title takes in reST: East Asian wide characters count twice."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def headings_row() -> str:
    """The table's heading row as sphinx-gallery writes it (a ``list-table`` row of two cells)."""
    (first, _lesson), (second, _time) = HEADINGS
    return rf"(?m)^(   \* - ){first}\n(     - ){second}$"


def translate(text: str) -> str:
    """Put sphinx-gallery's interface text in the page's language."""
    for pattern, message in RULES:
        text = re.sub(pattern, lambda match, m=message: _(m).format(**match.groupdict()), text)
    (_first, lesson), (_second, time) = HEADINGS
    text = re.sub(headings_row(), lambda m: f"{m[1]}{_(lesson)}\n{m[2]}{_(time)}", text)
    for title in TITLES:
        translated = _(title)
        text = re.sub(
            rf"(?m)^{re.escape(title)}\n=+$",
            lambda match, t=translated: f"{t}\n{'=' * _width(t)}",
            text,
        )
    return text


def on_source_read(app, docname: str, source: list[str]) -> None:
    if in_gallery(app, docname):
        source[0] = translate(source[0])


def setup(app):
    app.connect("source-read", on_source_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
