"""The language machinery: every edition's interface in its language, and the way between editions.

Templates and Python code take their words from the site's catalog
(``docs/locale/<language>/LC_MESSAGES/sphinx.po``) through Sphinx's ``_()``. This extension
covers what that path does not reach, and links the editions:

- **Words out of the catalog's reach.** pydata-sphinx-theme takes some of its words from its
  options (the search field's placeholder): they are set in English and translated here.
  sphinx-copybutton keeps its words in a JavaScript table: an inline script adds the catalog's
  words to it before the buttons are made. Sphinx writes "module" in the general index without
  translating it. sphinx-gallery's stylesheet writes "Out:" before each output: a rule in the
  page's head puts the catalog's word there instead. In the source language all of this finds
  nothing to change.
- **The search page's words.** Sphinx's scripts (the search page, "Hide Search Matches") take
  their words from ``_static/translations.js``, which Sphinx copies from the first
  ``sphinx.js`` it finds: in ``locale_dirs/<language>/LC_MESSAGES/`` first, then in its own
  package, whose Korean one leaves some messages empty (the search's "found N pages"). When the
  build starts, ``sphinx.js`` is written beside ``sphinx.po`` (both generated, neither
  committed): Sphinx's own messages, each replaced by the site catalog's translation.
- **The language switch.** The editions are built side by side into ``<site>/<language>`` with
  the same page names, so a page's counterpart is found by path alone: from
  ``en/lessons/plot_lenet.html`` it is ``../../ko/lessons/plot_lenet.html``. Each page gets
  ``nn_alternates``, one entry per language (``lang``, ``label``, ``url``, ``current``,
  ``title``), which the ``lang-switch.html`` navbar component shows (``_static/lang-switch.js``
  keeps the reader's place on click) and which go into the page's ``<head>`` as
  ``<link rel="alternate" hreflang="...">``, with ``x-default`` pointing at the default
  language's page.

The languages come from ``conf_common`` (``docs/site_facts.py``): ``nn_languages`` maps each
code to its name in that language (the switch's label, never translated) and in English (the
link's tooltip, "Read this page in Korean", from the catalog); ``nn_default_language`` is the
source language and the ``x-default``.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

import sphinx
from babel.messages.pofile import read_po
from sphinx.locale import get_translation

_ = get_translation("sphinx")  # the site's catalog


# -- Words out of the catalog's reach ----------------------------------------------------------


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
    if app.builder.format == "html" and app.config.language != app.config.nn_default_language:
        # after copybutton.js (priority 500), before its DOMContentLoaded handler runs
        app.add_js_file(None, body=_copybutton_script(app.config.language), priority=600)


OUTPUT_LABEL = "Out:"
"""What sphinx-gallery's stylesheet writes before each lesson output (``content: "Out:"``)."""


def output_label_rule(language: str) -> str:
    """A rule for the page's head that writes the catalog's word for "Out:" instead."""
    word = json.dumps(_(OUTPUT_LABEL), ensure_ascii=False)
    rule = f'html[lang="{language}"] .sphx-glr-script-out::before {{ content: {word}; }}'
    return f"<style>{rule}</style>"


def translate_page_words(app, pagename, templatename, context, doctree) -> None:
    if app.builder.format != "html" or app.config.language == app.config.nn_default_language:
        return
    context["metatags"] = (
        context.get("metatags", "") + output_label_rule(app.config.language) + "\n"
    )


def translate_module_word(app, pagename, templatename, context, doctree) -> None:
    if pagename == "genindex" and "genindexentries" in context:
        module = _("module")
        for _letter, entries in context["genindexentries"]:
            for _name, (_links, subitems, _key) in entries:
                subitems[:] = [
                    (module if subname == "module" else subname, links)
                    for subname, links in subitems
                ]


# -- The search page's words -------------------------------------------------------------------


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


# -- The language switch -----------------------------------------------------------------------


def _alternates(app, pagename: str) -> list[dict[str, object]]:
    target = app.builder.get_target_uri(pagename)  # "lessons/plot_lenet.html"
    to_site_root = "../" * (target.count("/") + 1)  # out of this page's dir, out of en/ or ko/
    if app.config.html_baseurl:  # the site has an address: absolute links, as search engines need
        to_site_root = app.config.html_baseurl.rstrip("/").rsplit("/", 1)[0] + "/"
    return [
        {
            "lang": lang,
            "label": label,
            "url": f"{to_site_root}{lang}/{target}",
            "current": lang == app.config.language,
            # the tooltip, in the language of the page it is on
            "title": _(f"Read this page in {english_name}"),
        }
        for lang, (label, english_name) in app.config.nn_languages.items()
    ]


def add_alternates(app, pagename, templatename, context, doctree) -> None:
    if app.builder.format != "html":
        return
    alternates = _alternates(app, pagename)
    context["nn_alternates"] = alternates
    links = [
        f'<link rel="alternate" hreflang="{alt["lang"]}" href="{escape(alt["url"])}" />'
        for alt in alternates
    ]
    default = next(alt for alt in alternates if alt["lang"] == app.config.nn_default_language)
    links.append(f'<link rel="alternate" hreflang="x-default" href="{escape(default["url"])}" />')
    context["metatags"] = context.get("metatags", "") + "\n    ".join(["", *links]) + "\n"


# -- The extension ---------------------------------------------------------------------------


def setup(app):
    app.add_config_value("nn_languages", {}, "html", types=(dict,))
    app.add_config_value("nn_default_language", "en", "html", types=(str,))
    app.connect("config-inited", on_config_inited)
    app.connect("config-inited", write_js_catalogs)
    app.connect("builder-inited", on_builder_inited)
    app.connect("html-page-context", translate_module_word)
    app.connect("html-page-context", translate_page_words)
    app.connect("html-page-context", add_alternates)
    app.add_js_file("lang-switch.js", loading_method="defer")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
