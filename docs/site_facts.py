"""The site's facts, each stated once: its languages, its paths, how an edition is built.

Everything that builds, serves, tests or measures the site reads these names from here:
``docs/conf_common.py`` (the Sphinx configuration), ``docs/build.py`` (``nox -s docs``),
``noxfile.py``, the local extensions in ``docs/_ext`` (through conf_common's config
values) and the tests and benchmark in ``tests/``. This module imports nothing beyond
the standard library, so each of them can import it, in or out of a virtual environment.

Adding a lesson or a language is a line in :data:`LESSONS` or :data:`LANGUAGES` and the files
that "Add a lesson" and "Add a language" in ``docs/en/contributing.md`` list
(``tests/test_tiny_trees.py`` takes those steps on a small copy of the site and builds it).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

# -- Languages -------------------------------------------------------------------------------

LANGUAGES = {
    # code: (the language's name in that language, its name in English)
    "en": ("English", "English"),
    "ko": ("한국어", "Korean"),
}
"""The site's editions, in the order the language switch lists them."""

DEFAULT_LANGUAGE = "en"
"""The edition a reader gets when none of their languages is here (hreflang ``x-default``)."""

# -- Lessons -----------------------------------------------------------------------------------

LESSONS = (
    "plot_autograd",
    "plot_autograd_mlp",  # raw tensors before torch.nn, as "What is torch.nn really?" does
    "plot_lenet",
    "plot_lenet_training",  # LeNet on real digits: data, DataLoader, the run, the test set
    "plot_convnet",
    "plot_generalisation",  # overfitting, one change at a time over seeds, early stopping
    "plot_hooks",
    "plot_rnn",
)
"""The lessons, in reading order: ``gallery/<language>/<name>.py`` in every language. The gallery's
order, the tests' counts and the benchmark come from here; a lesson file that is not listed fails
the tests."""

# -- Paths -----------------------------------------------------------------------------------

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
SRC = ROOT / "src"
PACKAGE = SRC / "nn_tutorial"
GALLERY = ROOT / "gallery"
"""The lessons' sources: ``gallery/<language>/plot_*.py``."""
EXTENSIONS = DOCS / "_ext"
LOCALE = DOCS / "locale"
"""Each language's interface catalog: ``locale/<language>/LC_MESSAGES/sphinx.po``."""
TERMS = DOCS / "terms.csv"
ROOT_PAGE = DOCS / "root" / "index.html"
"""The page at the top of the site, which sends the reader to an edition."""

BUILD = DOCS / "_build"
HTML = BUILD / "html"
"""The built site: one folder per edition, ``dist/`` and ``index.html``."""
DOCTREES = BUILD / "doctrees"
DIST_DIR = "dist"
DIST = HTML / DIST_DIR
"""Where the package's wheel is served, beside the editions."""

LESSONS_DIR = "lessons"
"""The folder, in each edition's source and output, that sphinx-gallery writes the lessons to."""
GENERATED_DIRS = (LESSONS_DIR, "generated", "gen_modules")
"""What a build writes into ``docs/<language>/`` (sphinx-gallery, autosummary, backreferences)."""
ASSET_DIRS = ("_static", "_images", "_downloads", "_sources", "_modules")
"""Folders of an edition's output that hold files for its pages, not pages."""

BASE_URL = os.environ.get("NN_BASE_URL", "").rstrip("/")
"""The address the site is published at (``https://example.org/nn-tutorial``), from the
environment variable ``NN_BASE_URL``; empty by default. When set, every page gets a canonical
link, the ``hreflang`` links are absolute and each edition has a ``sitemap.xml``
(``docs/_ext/page_meta.py``)."""

# -- Building an edition ----------------------------------------------------------------------

LESSON_THREADS = 1
"""The threads torch computes a lesson with, on every machine and however many editions build at
once. torch's sums can change in their last bits with the number of threads, and training
carries such a change into the printed losses and accuracies: one fixed number keeps two builds'
numbers the same, here and on a machine with more cores."""

STRICT = ("-W", "--keep-going", "-n")
"""Every warning is an error, all of them are reported, and every cross-reference must resolve."""


def sphinx_command(
    language: str,
    *extra: str,
    docs: Path = DOCS,
    out: Path | None = None,
    builder: str = "html",
    strict: bool = True,
) -> list[str]:
    """The sphinx-build command line for one edition, as ``nox -s docs`` runs it.

    ``docs`` is the docs folder to build from (a copy, in the tests), ``out`` the output
    folder (``<docs>/_build/html/<language>`` unless given). The tests that only run the
    lessons build with ``builder="dummy"`` (no pages written) and ``strict=False``.
    """
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {tuple(LANGUAGES)}, got {language!r}")
    out = docs / "_build" / "html" / language if out is None else out
    return [
        sys.executable, "-m", "sphinx",
        "-b", builder,
        *(STRICT if strict else ()),
        "-q",
        "-d", str(docs / "_build" / "doctrees" / language),
        str(docs / language),
        str(out),
        *extra,
    ]  # fmt: skip


# -- The package -------------------------------------------------------------------------------


def project(root: Path = ROOT) -> dict:
    """The ``[project]`` table of ``pyproject.toml``: the package's name, version, ..."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # the package supports Python 3.10, where the site's tools install tomli
        import tomli as tomllib

    with (root / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)["project"]


def wheel_name(root: Path = ROOT) -> str:
    """The file name of the package's wheel (pure Python, so ``py3-none-any``)."""
    meta = project(root)
    distribution = re.sub(r"[-_.]+", "_", meta["name"]).lower()  # the wheel spec's escaping
    return f"{distribution}-{meta['version']}-py3-none-any.whl"


TORCH_PIN = "torch==2.13.0"
"""The torch every nox session installs (its CPU build on this project's machines), and the one the
site is built with: a reader's venv in the tests gets it too."""


def torch_floor(root: Path = ROOT) -> str:
    """The oldest torch the package accepts, from ``pyproject.toml``'s ``torch>=X`` (``"2.10"``)."""
    for requirement in project(root)["dependencies"]:
        found = re.fullmatch(r"torch\s*>=\s*([\w.]+)", requirement.split(";")[0].strip())
        if found:
            return found.group(1)
    raise ValueError("pyproject.toml's dependencies name no 'torch>=X'")


# -- The built site ----------------------------------------------------------------------------


def pages(edition: Path) -> list[Path]:
    """The HTML pages of one built edition (not the files its pages use, under :data:`ASSET_DIRS`).

    The theme's static folder holds one HTML file too, a file of Jinja macros that the theme
    reads at build time and Sphinx copies with the theme's other static files.
    """
    return sorted(
        path
        for path in edition.rglob("*.html")
        if path.relative_to(edition).parts[0] not in ASSET_DIRS
    )


# -- What the bench measures with -------------------------------------------------------------

LIGHTHOUSE = "lighthouse@12.2.3"
"""The npm package ``nox -s bench`` installs into ``.nox/lighthouse`` and runs over every lesson
page of every edition (tests/lighthouse.py)."""
LIGHTHOUSE_DIR = ROOT / ".nox" / "lighthouse"
"""Where ``nox -s bench`` installs it (``npm install --prefix``)."""

# -- Programs from the system's packages --------------------------------------------------------

SYSTEM_TOOLS = {
    # name: (executables to look for, Debian's packages, what needs it)
    "Chromium": (("chromium", "chromium-browser"), ("chromium",), "the browser tests"),
    "Node.js": (("node",), ("nodejs", "npm"), "the bench's Lighthouse runs"),
}
"""What the sessions take from the system rather than from pip: Debian's Chromium (Playwright's
own browser download is not used) and Node.js, which runs Lighthouse."""
CHROMIUM_PACKAGE = SYSTEM_TOOLS["Chromium"][1][0]


def find_tool(tool: str, search_path: str | None = None) -> str | None:
    """The executable of ``tool`` (a key of :data:`SYSTEM_TOOLS`) on ``search_path`` (default:
    ``$PATH``), or None."""
    import shutil

    for name in SYSTEM_TOOLS[tool][0]:
        found = shutil.which(name, path=search_path)
        if found:
            return found
    return None


def find_chromium(search_path: str | None = None) -> str | None:
    """The Chromium executable on ``search_path`` (default: ``$PATH``), or None."""
    return find_tool("Chromium", search_path)


def tool_plan(tool: str, found: str | None, is_root: bool, has_apt: bool) -> str:
    """What a session does about a missing program: ``"use"``, ``"install"`` or, when neither
    can be done here, the message that tells the reader the one command to run."""
    if found:
        return "use"
    if is_root and has_apt:
        return "install"
    _names, packages, purpose = SYSTEM_TOOLS[tool]
    return (
        f"{purpose} need {tool}, which is not installed. Install it once with\n"
        f"    sudo apt-get install {' '.join(packages)}\n"
        f"(or your system's package of {tool}), then run the session again."
    )


def chromium_plan(found: str | None, is_root: bool, has_apt: bool) -> str:
    """:func:`tool_plan` for the browser the tests drive."""
    return tool_plan("Chromium", found, is_root, has_apt)
