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
  with ``x-default`` pointing at the default language's page.

The languages come from ``conf_common`` (``docs/site_facts.py``): ``nn_languages``
maps each code to its name in that language (the switch's label, never translated)
and in English (the link's tooltip, "Read this page in Korean", from the catalog);
``nn_default_language`` is the ``x-default``.
"""

from __future__ import annotations

from html import escape

from sphinx.locale import get_translation

_ = get_translation("sphinx")  # the site's catalog: docs/locale/<language>/LC_MESSAGES/sphinx.po


def _alternates(app, pagename: str) -> list[dict[str, object]]:
    target = app.builder.get_target_uri(pagename)  # "lessons/plot_lenet.html"
    to_site_root = "../" * (target.count("/") + 1)  # out of this page's dir, out of en/ or ko/
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


def add_context(app, pagename, templatename, context, doctree) -> None:
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


def setup(app):
    app.add_config_value("nn_languages", {}, "html", types=(dict,))
    app.add_config_value("nn_default_language", "en", "html", types=(str,))
    app.connect("html-page-context", add_context)
    app.add_js_file("lang-switch.js", loading_method="defer")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
