"""Interface text that Sphinx's catalogs cannot reach, put in the page's language.

Templates and Python code take their words from the site's catalog
(``docs/locale/<language>/LC_MESSAGES/sphinx.po``) through Sphinx's ``_()``.
A few words escape that path, and this extension brings them back:

- pydata-sphinx-theme takes some of its words from its options (the search
  field's placeholder); they are set in English and translated here.
- sphinx-copybutton keeps its words in a JavaScript table with no Korean; an
  inline script adds the catalog's words to that table before the buttons are
  made.
- sphinx-gallery's stylesheet writes "Out:" before each output; a style rule
  with the catalog's word replaces it.
- Sphinx's search page takes its words from ``_static/translations.js``, copied
  from Sphinx's own catalog, where some messages are empty; once the build is
  done, the catalog's words for the search page are written into that file.
- Sphinx writes "module" in the general index without translating it.

In English all of this finds nothing to change.
"""

from __future__ import annotations

import json
from pathlib import Path

from sphinx.locale import get_translation, get_translator

_ = get_translation("sphinx")  # the site's catalog

COPYBUTTON = {
    "copy": "Copy",
    "copy_to_clipboard": "Copy to clipboard",
    "copy_success": "Copied!",
    "copy_failure": "Failed to copy",
}
"""sphinx-copybutton's message keys and their English text (the catalog's message ids)."""

SEARCH_PAGE = [
    "Search Results",
    "Searching",
    "Preparing search...",
    "Hide Search Matches",
    ", in ",
    "Your search did not match any documents. Please make sure that all words are spelled "
    "correctly and that you've selected enough categories.",
    (
        "Search finished, found one page matching the search query.",
        "Search finished, found ${resultCount} pages matching the search query.",
    ),
]
"""The messages Sphinx's search scripts translate (``searchtools.js``, ``sphinx_highlight.js``)."""


THEME_OPTIONS = ("search_bar_text", "header_dropdown_text")
"""pydata-sphinx-theme options that are words for the reader; conf_common gives them in English."""


def on_config_inited(app, config) -> None:
    options = config.html_theme_options
    for name in THEME_OPTIONS:
        if name in options:
            options[name] = _(options[name])


def _copybutton_script(language: str) -> str:
    words = {key: _(english) for key, english in COPYBUTTON.items()}
    return f"""
(() => {{
  // sphinx-copybutton's globals: add this language to its table and choose it.
  if (typeof messages === "undefined" || typeof locale === "undefined") return;
  const lang = {json.dumps(language)};
  if (messages[lang] !== undefined) return;
  const english = messages.en;
  messages[lang] = {json.dumps(words, ensure_ascii=False)};
  iconCopy = iconCopy.replace(english.copy_to_clipboard, messages[lang].copy_to_clipboard);
  iconCheck = iconCheck.replace(english.copy_success, messages[lang].copy_success);
  locale = lang;
}})();
"""


def on_builder_inited(app) -> None:
    if app.builder.format == "html" and app.config.language != "en":
        # after copybutton.js (priority 500), before its DOMContentLoaded handler runs
        app.add_js_file(None, body=_copybutton_script(app.config.language), priority=600)


def on_page_context(app, pagename, templatename, context, doctree) -> None:
    out = _("Out:")
    if out != "Out:":
        label = json.dumps(out, ensure_ascii=False)
        rule = f"html .sphx-glr-script-out::before {{ content: {label}; }}"  # beats sg_gallery.css
        context["metatags"] = context.get("metatags", "") + f"<style>{rule}</style>\n"
    if pagename == "genindex" and "genindexentries" in context:
        module = _("module")
        for _letter, entries in context["genindexentries"]:
            for _name, (_links, subitems, _key) in entries:
                subitems[:] = [
                    (module if subname == "module" else subname, links)
                    for subname, links in subitems
                ]


def on_build_finished(app, exception) -> None:
    """Write the catalog's words for the search page into ``_static/translations.js``."""
    path = Path(app.outdir, "_static", "translations.js")
    if exception is not None or app.config.language == "en" or not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    prefix, rest = text.split("(", 1)
    data = json.loads(rest[: rest.rindex(")")])
    messages = data.setdefault("messages", {})
    for message in SEARCH_PAGE:
        if isinstance(message, tuple):
            singular, plural = message
            translated = get_translator("sphinx").ngettext(singular, plural, 2)
            if translated not in (singular, plural):
                messages[singular] = [translated]
        else:
            translated = _(message)
            if translated and translated != message:
                messages[message] = translated
    body = json.dumps(data, ensure_ascii=False, indent=4, sort_keys=True)
    path.write_text(f"{prefix}({body});\n", encoding="utf-8")


def setup(app):
    app.connect("config-inited", on_config_inited)
    app.connect("builder-inited", on_builder_inited)
    app.connect("html-page-context", on_page_context)
    app.connect("build-finished", on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
