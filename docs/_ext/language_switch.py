"""Link every page to the same page in the other language.

The two editions are built side by side into ``<site>/en`` and ``<site>/ko``
and have the same page names, so a page's counterpart is found by path alone:
from ``en/lessons/plot_lenet.html`` it is ``../../ko/lessons/plot_lenet.html``
(up to the site root, then down the other language's tree).

For each page this extension gives the templates ``nn_alternates``, one entry
per language (``lang``, ``label``, ``url``, ``current``, ``title``), which

- the ``lang-switch.html`` navbar component shows: the current language, and a
  link to the other. ``_static/lang-switch.js`` adds the reader's position to
  that link on click (the anchor they are reading, and the section's number as
  a fallback for headings whose anchors differ between languages);
- go into the page's ``<head>`` as ``<link rel="alternate" hreflang="...">``,
  with ``x-default`` pointing at the English page.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from sphinx.locale import get_translation

_ = get_translation("sphinx")  # the site's catalog: docs/locale/<language>/LC_MESSAGES/sphinx.po

LABELS = {"en": "English", "ko": "한국어"}
"""Each language's name in that language (never translated)."""

DEFAULT = "en"


def _titles() -> dict[str, str]:
    """Tooltip of the link to each language, in the language of the page it is on."""
    return {"en": _("Read this page in English"), "ko": _("Read this page in Korean")}


def _alternates(app, pagename: str) -> list[dict[str, object]]:
    titles = _titles()
    target = app.builder.get_target_uri(pagename)  # "lessons/plot_lenet.html"
    to_site_root = "../" * (target.count("/") + 1)  # out of this page's dir, out of en/ or ko/
    return [
        {
            "lang": lang,
            "label": LABELS[lang],
            "url": f"{to_site_root}{lang}/{target}",
            "current": lang == app.config.language,
            "title": titles.get(lang, LABELS[lang]),
        }
        for lang in app.config.nn_languages
    ]


def add_context(app, pagename, templatename, context, doctree) -> None:
    if app.builder.format != "html":
        return
    alternates = _alternates(app, pagename)
    context["nn_alternates"] = alternates
    links = [
        f'<link rel="alternate" hreflang="{alt["lang"]}" href="{escape(alt["url"])}" />'
        for alt in alternates
    ]
    default = next(alt for alt in alternates if alt["lang"] == DEFAULT)
    links.append(f'<link rel="alternate" hreflang="x-default" href="{escape(default["url"])}" />')
    context["metatags"] = context.get("metatags", "") + "\n    ".join(["", *links]) + "\n"


def remove_template_copy(app, exception) -> None:
    """Every HTML file of the site is a page with a counterpart, but one: the theme copies its
    Jinja macros (``_static/webpack-macros.html``, read from the theme at build time, never by a
    browser) along with its static files. Remove that copy."""
    if exception is None and app.builder.format == "html":
        Path(app.outdir, "_static", "webpack-macros.html").unlink(missing_ok=True)


def setup(app):
    app.add_config_value("nn_languages", ("en", "ko"), "html", types=(tuple, list))
    app.connect("html-page-context", add_context)
    app.connect("build-finished", remove_template_copy)
    app.add_js_file("lang-switch.js", loading_method="defer")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
