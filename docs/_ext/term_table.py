"""The glossary's table, rendered from the term table ``docs/terms.csv``.

The term table is data, in one file, read by three readers: this directive
(the glossary page of every edition), the Korean search (``korean_search``
keeps its words whole) and the tests (which flag the words in ``avoid``).

``docs/terms.csv`` has three columns: ``english``, ``korean`` and ``avoid``
(the words not to use for that term, separated by ``;``, or empty).

Usage, in MyST: ``{term-table}`` as a directive with no argument.
"""

from __future__ import annotations

import csv
from pathlib import Path

from docutils import nodes
from site_facts import TERMS
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

_ = get_translation("sphinx")  # the site's catalog: docs/locale/<language>/LC_MESSAGES/sphinx.po


def read_terms(path: Path = TERMS) -> list[dict[str, object]]:
    """Return the rows of the term table: ``english`` and ``korean`` (str), ``avoid`` (list)."""
    with path.open(encoding="utf-8", newline="") as file:
        return [
            {
                "english": row["english"].strip(),
                "korean": row["korean"].strip(),
                "avoid": [word.strip() for word in row["avoid"].split(";") if word.strip()],
            }
            for row in csv.DictReader(file)
        ]


def _row(cells: list[nodes.Node]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        entry += nodes.paragraph("", "", cell)
        row += entry
    return row


class TermTable(SphinxDirective):
    """``term-table``: the term table as a three-column table, headings in the page's language,
    rows in the alphabetical order of the English terms.

    The table is built as docutils nodes, so the directive works the same in MyST and reST.
    """

    has_content = False

    def run(self):
        self.env.note_dependency(str(TERMS))
        table = nodes.table(classes=["nn-term-table"])
        group = nodes.tgroup(cols=3)
        table += group
        for _column in range(3):
            group += nodes.colspec(colwidth=1)
        head = nodes.thead()
        head += _row([nodes.Text(_(title)) for title in ("English", "Korean", "Not this")])
        body = nodes.tbody()
        # In English alphabetical order, so a reader finds a term (the file keeps its own order).
        for term in sorted(read_terms(), key=lambda term: term["english"].casefold()):
            body += _row(
                [
                    nodes.Text(term["english"]),
                    nodes.strong("", term["korean"]),
                    nodes.Text(", ".join(term["avoid"])),
                ]
            )
        group += head
        group += body
        return [table]


def setup(app):
    app.add_directive("term-table", TermTable)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
