"""Interface text that Sphinx's catalogs cannot reach, put in the page's language.

Templates and Python code take their words from the site's catalog
(``docs/locale/<language>/LC_MESSAGES/sphinx.po``) through Sphinx's ``_()``.
A few words escape that path, and this extension brings them back:

- pydata-sphinx-theme takes some of its words from its options (the search
  field's placeholder); they are set in English and translated here.
- sphinx-copybutton keeps its words in a JavaScript table with no Korean; an
  inline script adds the catalog's words to that table before the buttons are
  made.
- Sphinx writes "module" in the general index without translating it.

Two more live elsewhere: the search page's words (Sphinx's JavaScript catalog) in
``js_catalog``, and the "Out:" sphinx-gallery's stylesheet writes before each
output in ``_static/site.css``, a rule for ``html[lang="ko"]``.

In English all of this finds nothing to change.
"""

from __future__ import annotations

import json

from sphinx.locale import get_translation

_ = get_translation("sphinx")  # the site's catalog

COPYBUTTON = {
    "copy": "Copy",
    "copy_to_clipboard": "Copy to clipboard",
    "copy_success": "Copied!",
    "copy_failure": "Failed to copy",
}
"""sphinx-copybutton's message keys and their English text (the catalog's message ids)."""

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
    if pagename == "genindex" and "genindexentries" in context:
        module = _("module")
        for _letter, entries in context["genindexentries"]:
            for _name, (_links, subitems, _key) in entries:
                subitems[:] = [
                    (module if subname == "module" else subname, links)
                    for subname, links in subitems
                ]


def setup(app):
    app.connect("config-inited", on_config_inited)
    app.connect("builder-inited", on_builder_inited)
    app.connect("html-page-context", on_page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
