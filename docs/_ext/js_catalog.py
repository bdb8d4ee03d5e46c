"""The words of Sphinx's search page, from the site's catalog: a JavaScript catalog per language.

Sphinx's scripts (the search page, "Hide Search Matches") take their words from
``_static/translations.js``, which Sphinx copies from the first ``sphinx.js`` it
finds: in ``locale_dirs/<language>/LC_MESSAGES/`` first, then in its own package.
Its own Korean one leaves some messages empty (the search's "found N pages").

This extension writes ``docs/locale/<language>/LC_MESSAGES/sphinx.js`` when the
build starts, as Sphinx compiles ``sphinx.po`` to ``sphinx.mo`` beside it (both
are generated, neither is committed): Sphinx's own messages, each replaced by the
site catalog's translation where it has one. Sphinx then copies it as usual.
"""

from __future__ import annotations

import json
from pathlib import Path

import sphinx
from babel.messages.pofile import read_po

PREFIX, SUFFIX = "Documentation.addTranslations(", ");\n"


def _read_js(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return json.loads(text[len(PREFIX) : text.rindex(")")])


def js_catalog(po: Path, language: str) -> str:
    """The text of the ``sphinx.js`` for ``language``: Sphinx's, with the site's words over it."""
    with po.open("rb") as file:
        site = read_po(file, locale=language)
    own = Path(sphinx.package_dir, "locale", language, "LC_MESSAGES", "sphinx.js")
    if own.is_file():
        data = _read_js(own)
        wanted = set(data["messages"])
    else:  # Sphinx has no catalog for this language: the site's is all there is
        data = {"locale": language, "messages": {}, "plural_expr": site.plural_expr}
        wanted = None
    messages = data["messages"]
    for message in site:
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if not key or (wanted is not None and key not in wanted) or not message.string:
            continue
        if isinstance(message.string, tuple):  # plural forms: a list, one string a form
            if all(message.string):
                messages[key] = list(message.string)
        else:
            messages[key] = message.string
    return PREFIX + json.dumps(data, ensure_ascii=False, indent=4, sort_keys=True) + SUFFIX


def write_js_catalogs(app, config) -> None:
    """Write ``sphinx.js`` beside this language's ``sphinx.po`` in each locale dir that has one."""
    for directory in config.locale_dirs:
        folder = Path(app.confdir, directory, config.language, "LC_MESSAGES")
        po = folder / "sphinx.po"
        if po.is_file():
            text = js_catalog(po, config.language)
            target = folder / "sphinx.js"
            if not target.is_file() or target.read_text(encoding="utf-8") != text:
                target.write_text(text, encoding="utf-8")


def setup(app):
    app.connect("config-inited", write_js_catalogs)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
