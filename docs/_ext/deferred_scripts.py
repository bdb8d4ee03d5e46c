"""No script holds up the first paint: every script of a page runs deferred, in its order.

Sphinx, the theme and the extensions put about ten scripts in each page's ``<head>`` that the
browser must fetch and run before it shows anything (the search index among them, on every
page), and on a phone on a slow network that is seconds of a blank screen. None of them draws
the page: they add copy buttons, search, the language switch's memory. So, at the end of the
build, every ``<script src>`` in each page's head gets ``defer``, and every inline script after
the first deferred one becomes a deferred ``data:`` script, so all of them still run in the
order they were written, once the page is parsed. Inline scripts before that (the theme's, which
sets the light or dark scheme before the first paint) stay as they are.
"""

from __future__ import annotations

import base64
import re

SCRIPT = re.compile(r"<script(?P<attributes>[^>]*)>(?P<body>.*?)</script>", re.S)


def defer_scripts(head: str) -> str:
    """``head`` with its scripts deferred, their order kept."""
    deferring = False

    def rewrite(match: re.Match) -> str:
        nonlocal deferring
        attributes, body = match["attributes"], match["body"]
        if re.search(r"\b(defer|async)\b|type=\"module\"", attributes):
            deferring = deferring or "defer" in attributes
            return match[0]
        if re.search(r"\bsrc=", attributes):
            deferring = True
            return f"<script defer{attributes}>{body}</script>"
        if not deferring or not body.strip():
            return match[0]
        data = base64.b64encode(body.encode("utf-8")).decode("ascii")
        return f'<script defer src="data:text/javascript;base64,{data}"></script>'

    return SCRIPT.sub(rewrite, head)


def defer_in_pages(app, exception) -> None:
    """Rewrite the heads of the pages this build wrote (a page already rewritten stays as it is)."""
    if exception is not None or app.builder.format != "html":
        return
    from pathlib import Path

    for path in Path(app.outdir).rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        head_end = page.find("</head>")
        if head_end < 0:
            continue
        rewritten = defer_scripts(page[:head_end]) + page[head_end:]
        if rewritten != page:
            path.write_text(rewritten, encoding="utf-8")


def setup(app) -> dict:
    app.connect("build-finished", defer_in_pages, priority=400)  # before the fonts read pages
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
