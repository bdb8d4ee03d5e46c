"""Sphinx configuration shared by every edition of the site.

Each ``docs/<language>/conf.py`` is two lines: it calls :func:`settings` with its language and
puts the result in its namespace.
Everything else about the build is decided here, once.

How the pieces fit: one local extension in ``docs/_ext`` per concern, each explaining itself
(``tests/test_extensions.py`` keeps this list and the folder the same):

- ``lesson_runner``: the lessons are sphinx-gallery scripts in ``gallery/<language>``, executed
  at every build into ``docs/<language>/lessons``; it orders them, resets seeds, threads and
  the figure style before each one, stops one that hangs, and re-runs all of them when the
  package they import changes.
- ``dark_figures``: sphinx-gallery's image scraper, which also saves a copy of every lesson
  figure restyled for the theme's dark colour scheme (light text on its dark background).
- ``gallery_pages``: every assumption about what sphinx-gallery writes: its interface text in
  the page's language, the run-time page without CDN scripts, no per-lesson zip, the "run this
  lesson yourself" box, solutions folded at build time, thumbnails' alt text, the API pages'
  "lessons that use it", the notebooks (no reST escapes, solutions collapsed), and each
  figure as WebP, once per colour scheme.
- ``languages``: the words no catalog reaches (theme options, copy buttons, "Out:"), the
  search page's words, and the language switch with its ``hreflang`` links.
- ``mathml``: the formulas as MathML, written at build time (no script, no shift).
- ``code_spans``: highlighted code in fewer elements (tokens drawn alike share one span).
- ``deferred_scripts``: every script of a page runs deferred, in its order: none holds up the
  first paint.
- ``page_meta``: each page's description in its language; with the site's address, canonical
  links and absolute ``hreflang`` links (and sphinx-sitemap's sitemaps).
- ``web_fonts``: the Hangul and math web fonts, each cut to the characters the edition uses.
- ``korean_search``: Sphinx's search, taught about Korean particles.
- ``term_table``: the glossary, rendered from ``docs/terms.csv``.
- ``translation_status``: the translation record, its notes on stale pages, the status page.
- ``reread_on_change``: Sphinx re-reads every page when these extensions or the catalogs change.

The site's facts (languages, lessons, paths, pins) are in ``site_facts.py``. Interface text that
Sphinx, the theme and these extensions show comes from one catalog per language,
``docs/locale/<language>/LC_MESSAGES/sphinx.po``; Sphinx compiles it to ``.mo`` when it starts.
"""

from __future__ import annotations

import os
import sys
import warnings
from datetime import date
from importlib import metadata

import site_facts  # docs/site_facts.py: the site's facts (languages, paths), stated once
from site_facts import DOCS, LANGUAGES

NO_SIDEBAR = (
    "index", "getting-started", "glossary", "contributing", "translation-status", "search",
    "genindex", "py-modindex",
    f"{site_facts.LESSONS_DIR}/sg_execution_times",
)  # fmt: skip

sys.path.insert(0, str(site_facts.EXTENSIONS))

import lesson_runner  # noqa: E402  (lives in docs/_ext, just put on the path)

# After a lesson runs, sphinx-gallery looks up every name its code used (``y.grad`` too) to
# link it to the API reference; on a tensor that is by then a non-leaf, reading ``.grad`` makes
# torch warn. That look-up is sphinx-gallery's, not the lesson's: the lessons themselves run
# with every warning shown (and deprecations as errors in the tests).
warnings.filterwarnings(
    "ignore",
    message=r"The \.grad attribute of a Tensor that is not a leaf Tensor is being accessed",
    category=UserWarning,
    module=r"sphinx_gallery\.backreferences",
)


def settings(language: str) -> dict:
    """Return the configuration of the ``language`` edition, as conf.py variables."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {tuple(LANGUAGES)}, got {language!r}")
    source_dir = DOCS / language
    version = site_facts.project()["version"]
    # The wheel `nox -s docs` builds into docs/_build/html/dist/, beside the editions.
    wheel = site_facts.wheel_name()
    # The torch the lessons ran with in this build (its release, without "+cpu"), and the oldest
    # one the package accepts: the getting-started page states both.
    torch_version = metadata.version("torch").split("+")[0]

    return {
        # -- Project ---------------------------------------------------------------------------
        "project": "nn-tutorial",
        "author": "nn-tutorial contributors",
        "copyright": f"{date.today().year}, nn-tutorial contributors",
        "version": version,
        "release": version,
        "language": language,
        # -- Sources ---------------------------------------------------------------------------
        "extensions": [
            "sphinx.ext.autodoc",
            "sphinx.ext.autosummary",
            "sphinx.ext.napoleon",
            "sphinx_gallery.gen_gallery",
            "sphinx_copybutton",
            "myst_parser",
            # local extensions, in docs/_ext
            "lesson_runner",
            "dark_figures",
            "gallery_pages",
            "languages",
            "korean_search",
            "term_table",
            "reread_on_change",
            "web_fonts",
            "mathml",
            "code_spans",
            "page_meta",
            "deferred_scripts",
            *(["sphinx_sitemap"] if site_facts.BASE_URL else []),  # needs the address
            "translation_status",
        ],
        "source_suffix": {".rst": "restructuredtext", ".md": "markdown"},
        "root_doc": "index",
        # _templates/components overrides the theme's components, which its layout includes as
        # "../components/NAME.html": that path, relative to _templates/components, is the same dir.
        "templates_path": [str(DOCS / "_templates"), str(DOCS / "_templates" / "components")],
        "exclude_patterns": [
            # sphinx-gallery writes a run-time page for all galleries at the top of the source
            # dir too; with one gallery it repeats lessons/sg_execution_times, which we link.
            "sg_execution_times.rst",
        ],
        "myst_enable_extensions": ["colon_fence", "deflist", "dollarmath", "substitution"],
        "html_math_renderer": "mathml",  # docs/_ext/mathml.py
        "myst_heading_anchors": 3,
        # The wheel's file name, for pages that say how to install it: |wheel| in reST,
        # {{wheel}} in MyST; {{wheel_link}} is a link to it from a page at the top of the tree;
        # {{torch_version}} and {{torch_floor}}: the torch of this build, the oldest one accepted.
        "rst_prolog": f".. |wheel| replace:: {wheel}\n",
        "myst_substitutions": {
            "wheel": wheel,
            "torch_version": torch_version,
            "torch_floor": site_facts.torch_floor(),
            "wheel_link": (
                f'<a class="reference external" href="../{site_facts.DIST_DIR}/{wheel}">{wheel}</a>'
            ),
        },
        # -- Strict build: `-W -n` turns every unresolved reference into an error --------------
        # Offline there is no intersphinx, so names from other projects cannot resolve. They
        # are listed here, narrowly: torch, numpy, matplotlib and scikit-learn objects, and the
        # plain-words types numpydoc docstrings use ("sequence of str", "optional").
        "nitpicky": True,
        "nitpick_ignore_regex": [
            (r"py:.*", r"(torch|numpy|matplotlib|sklearn)\..+"),
            (r"py:class", r"\{?\d+\}?"),  # a choice of values: "image_size : {8, 28, 32}"
            (r"py:class", r"collections\.abc\..+"),  # Python's own docs are not linked offline
            # plain-word types in the package's NumPy-style docstrings
            (r"py:class", r"optional|callable|sequence|mapping|path|three str|Dataset"),
        ],
        # -- API reference ---------------------------------------------------------------------
        "autosummary_generate": True,
        "autosummary_imported_members": False,
        "autosummary_ignore_module_all": False,  # a module's __all__ is what it documents
        "autodoc_member_order": "bysource",
        "autodoc_typehints": "description",
        "autodoc_typehints_description_target": "documented_params",
        "autodoc_preserve_defaults": True,
        "autodoc_inherit_docstrings": False,  # not torch's words on every forward()
        "napoleon_numpy_docstring": True,
        "napoleon_google_docstring": False,
        "napoleon_use_rtype": False,
        "napoleon_preprocess_types": False,
        "add_module_names": False,
        # -- Lessons: sphinx-gallery -----------------------------------------------------------
        "sphinx_gallery_conf": {
            # relative to docs/<language>: "../../gallery/<language>"
            "examples_dirs": os.path.relpath(site_facts.GALLERY / language, source_dir),
            "gallery_dirs": site_facts.LESSONS_DIR,
            "filename_pattern": r"/plot_",
            "within_subsection_order": "lesson_runner.lesson_order",
            "minigallery_sort_order": "lesson_runner.lesson_order",
            "reset_modules": ("matplotlib", "lesson_runner.reset_lesson"),
            # "before" each lesson seeds and arms the time limit; "after" disarms it
            "reset_modules_order": "both",
            # each figure as drawn, and a copy for the dark colour scheme (docs/_ext)
            "image_scrapers": ("dark_figures.scraper",),
            # sphinx-gallery caches a lesson by its own hash; a change to src/nn_tutorial must
            # re-run them all. lesson_runner compares the package's hash with a stamp.
            "run_stale_examples": lesson_runner.package_changed(
                source_dir / site_facts.LESSONS_DIR
            ),
            "doc_module": ("nn_tutorial",),
            "backreferences_dir": "gen_modules/backreferences",
            # A failing lesson fails the build: sphinx-gallery runs them all, then stops the build
            # listing each failure with its traceback.
            "abort_on_example_error": False,
            "write_computation_times": True,
            "download_all_examples": True,
            "show_signature": False,  # no "Gallery generated by Sphinx-Gallery" footer
            "remove_config_comments": True,  # hide "# sphinx_gallery_thumbnail_number = 2"
            # Its own style sheet only: the others style Binder badges, pandas tables and HTML
            # output, which no lesson has, and each is one more request before the first paint.
            "css": ["sg_gallery"],
        },
        # -- HTML ------------------------------------------------------------------------------
        # The published address, when there is one: canonical links, absolute hreflang links and
        # a sitemap per edition (docs/_ext/page_meta.py); empty, the site works from any folder.
        "html_baseurl": f"{site_facts.BASE_URL}/{language}/" if site_facts.BASE_URL else "",
        "sitemap_url_scheme": "{link}",  # html_baseurl holds the language already
        "html_theme": "pydata_sphinx_theme",
        "html_title": "nn-tutorial",
        "html_static_path": [str(DOCS / "_static")],
        "html_css_files": ["site.css"],
        "html_js_files": [
            # the header's and sidebars' behaviour, in place of the theme's scripts
            ("site.js", {"defer": "defer"}),
        ],
        "html_favicon": str(DOCS / "_static" / "favicon.svg"),
        "html_show_sourcelink": False,
        "html_copy_source": False,
        "html_last_updated_fmt": None,
        # Pages with no pages under them get no left column (it would only hold its heading).
        "html_sidebars": {
            **{page: [] for page in NO_SIDEBAR},
            "**": ["sidebar-nav-bs"],
        },
        "html_theme_options": {
            "logo": {"text": "nn-tutorial"},
            "navbar_align": "left",
            "navbar_end": ["lang-switch", "theme-switcher"],
            "navbar_persistent": ["search-button-field"],
            # translated from the catalog by docs/_ext/languages.py
            "search_bar_text": "Search the site ...",
            "header_dropdown_text": "More",
            "secondary_sidebar_items": ["page-toc"],
            "show_prev_next": True,
            "footer_start": ["copyright"],
            "footer_end": ["sphinx-version"],
            "pygments_light_style": "a11y-high-contrast-light",
            "pygments_dark_style": "a11y-high-contrast-dark",
        },
        "html_context": {"default_mode": "auto"},  # follows the reader's system: light or dark
        # -- Interface text --------------------------------------------------------------------
        "locale_dirs": [str(site_facts.LOCALE)],
        "gettext_auto_build": True,
        "html_search_language": language,
        # Read by the local extensions (each declares the ones it reads).
        "nn_wheel": wheel,
        "nn_dist_dir": site_facts.DIST_DIR,
        "nn_languages": LANGUAGES,
        "nn_default_language": site_facts.DEFAULT_LANGUAGE,
    }
