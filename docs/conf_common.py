"""Sphinx configuration shared by both editions of the site.

``docs/en/conf.py`` and ``docs/ko/conf.py`` are two lines each: they call
:func:`settings` with their language and put the result in their namespace.
Everything else about the build is decided here, once.

How the pieces fit (each local extension in ``docs/_ext`` explains itself):

- The lessons are sphinx-gallery scripts in ``gallery/<language>``, executed at
  every build into ``docs/<language>/lessons``. ``lesson_runner`` orders them,
  resets seeds and the figure style before each one, stops one that hangs, and
  re-runs all of them when the package they import changes.
- ``gallery_pages`` puts the Korean text on sphinx-gallery's pages (it has no
  translations of its own) and adds a "run it yourself" box to every lesson;
  ``interface_text`` translates what no catalog reaches (copy buttons, the
  search page's messages).
- ``language_switch`` links each page to the same page in the other language.
- ``korean_search`` teaches Sphinx's search about Korean particles.
- ``term_table`` renders ``docs/terms.csv`` as the glossary.
- Interface text that Sphinx, the theme and these extensions show comes from
  one catalog per language, ``docs/locale/<language>/LC_MESSAGES/sphinx.po``;
  Sphinx compiles it to ``.mo`` when it starts.
"""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
EXTENSIONS_DIR = DOCS / "_ext"
LANGUAGES = ("en", "ko")
NO_SIDEBAR = (
    "index", "getting-started", "glossary", "contributing", "search", "genindex", "py-modindex",
    "lessons/sg_execution_times",
)  # fmt: skip

sys.path.insert(0, str(EXTENSIONS_DIR))

import lesson_runner  # noqa: E402  (lives in docs/_ext, just put on the path)


def _project_metadata() -> tuple[str, str]:
    """The distribution name and version, read from pyproject.toml without importing the package."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    project = text.split("[project]", 1)[1]
    name = re.search(r'(?m)^name\s*=\s*"([^"]+)"', project).group(1)
    version = re.search(r'(?m)^version\s*=\s*"([^"]+)"', project).group(1)
    return name, version


def settings(language: str) -> dict:
    """Return the configuration of the ``language`` edition, as conf.py variables."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {language!r}")
    source_dir = DOCS / language
    distribution, version = _project_metadata()
    # The wheel `nox -s docs` builds into docs/_build/html/dist/, beside en/ and ko/.
    wheel = f"{re.sub(r'[-_.]+', '_', distribution).lower()}-{version}-py3-none-any.whl"

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
            "sphinx.ext.mathjax",
            "sphinx-mathjax-offline",  # MathJax 3 served from _static: no CDN
            "sphinx_gallery.gen_gallery",
            "sphinx_copybutton",
            "myst_parser",
            # local extensions, in docs/_ext
            "lesson_runner",
            "gallery_pages",
            "interface_text",
            "language_switch",
            "korean_search",
            "term_table",
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
        "myst_heading_anchors": 3,
        # The wheel's file name, for pages that say how to install it: |wheel| in reST,
        # {{wheel}} in MyST; {{wheel_link}} is a link to it from a page at the top of the tree.
        "rst_prolog": f".. |wheel| replace:: {wheel}\n",
        "myst_substitutions": {
            "wheel": wheel,
            "wheel_link": f'<a class="reference external" href="../dist/{wheel}">{wheel}</a>',
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
            (r"py:class", r"optional|callable|sequence|path|three str|Dataset"),
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
            "examples_dirs": f"../../gallery/{language}",  # relative to docs/<language>
            "gallery_dirs": "lessons",
            "filename_pattern": r"/plot_",
            "within_subsection_order": "lesson_runner.lesson_order",
            "minigallery_sort_order": "lesson_runner.lesson_order",
            "reset_modules": ("matplotlib", "lesson_runner.reset_lesson"),
            # "before" each lesson seeds and arms the time limit; "after" disarms it
            "reset_modules_order": "both",
            # sphinx-gallery caches a lesson by its own hash; a change to src/nn_tutorial must
            # re-run them all. lesson_runner compares the package's hash with a stamp.
            "run_stale_examples": lesson_runner.package_changed(source_dir / "lessons"),
            "doc_module": ("nn_tutorial",),
            "backreferences_dir": "gen_modules/backreferences",
            # A failing lesson fails the build: sphinx-gallery runs them all, then stops the build
            # listing each failure with its traceback.
            "abort_on_example_error": False,
            "write_computation_times": True,
            "download_all_examples": True,
            "show_signature": False,  # no "Gallery generated by Sphinx-Gallery" footer
            "remove_config_comments": True,  # hide "# sphinx_gallery_thumbnail_number = 2"
        },
        # -- HTML ------------------------------------------------------------------------------
        "html_theme": "pydata_sphinx_theme",
        "html_title": "nn-tutorial",
        "html_static_path": [str(DOCS / "_static")],
        "html_css_files": ["site.css"],
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
            # translated from the catalog by docs/_ext/interface_text.py
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
        "locale_dirs": [str(DOCS / "locale")],
        "gettext_auto_build": True,
        "html_search_language": language,
        # Read by the local extensions (declared in gallery_pages).
        "nn_wheel": wheel,
        "nn_languages": LANGUAGES,
    }
