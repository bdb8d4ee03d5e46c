"""Shared fixtures: the digits are loaded once per test session; the built site; a page parser."""

from __future__ import annotations

import contextlib
import fnmatch
import functools
import io
import re
import subprocess
import sys
import venv
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs"))  # site_facts: the site's languages and paths
sys.path.insert(0, str(ROOT / "docs" / "_ext"))  # the local Sphinx extensions

from memo import Memo  # noqa: E402
from site_facts import (  # noqa: E402
    DEFAULT_LANGUAGE,
    DIST_DIR,
    DOCS,
    HTML,
    LANGUAGES,
    LOCALE,
    TORCH_PIN,
    wheel_name,
)
from uptodate import Record  # noqa: E402


def pytest_addoption(parser):
    parser.addoption(
        "--fresh",
        action="store_true",
        help="run the slow end-to-end checks on every page and notebook, also on those that "
        "passed before on the same bytes (see tests/memo.py)",
    )


@pytest.fixture
def memo(request):
    """Make the test's :class:`memo.Memo` (``memo(context=...)``); it is saved when the test
    ends, pass or fail, and what it skipped is listed at the end of the run."""
    made = []

    def make(context: str = "") -> Memo:
        record = Memo(
            request.node.originalname,
            [request.node.path],
            context,
            fresh=request.config.getoption("fresh"),
        )
        made.append(record)
        return record

    yield make
    for record in made:
        record.save()
        if record.skipped:
            request.config.stash.setdefault(SKIPPED, {})[request.node.nodeid] = record.skipped


SKIPPED = pytest.StashKey[dict]()

SERVED = pytest.StashKey[set]()
"""The files of the built site the browser tests' server (tests/test_browser.py) has answered
since the test now running began: what a test marked ``memo`` is remembered with."""

MEMOS = pytest.StashKey[dict]()

EDITION_WIDE = ("searchindex.js", "nanumgothic-*.woff2")
"""Files of an edition that an edit to any of its pages may change: the search index (every
word) and the Hangul faces (cut to the characters the edition uses). A browser check is not
remembered with them unless it is about them (``memo(edition_wide=True)``: the search), or else
every page of an edition would be checked again after an edit to one. They have checks of their
own (tests/test_site.py): the search finds each lesson by every word of its prose; the faces
have every character the pages use, are cut from the pages alone, and keep NanumGothic's
metrics (test_extensions.py), so a page lays out alike with any cut of them."""


def served_inputs(served: set[Path], edition_wide: bool = False) -> list[Path]:
    """The files a browser check depends on, of those the test server answered it with: each
    file (a folder's index.html), not EDITION_WIDE ones unless ``edition_wide``."""
    files = [path / "index.html" if path.is_dir() else path for path in served]
    return [
        path
        for path in files
        if path.is_file()
        and (edition_wide or not any(fnmatch.fnmatch(path.name, name) for name in EDITION_WIDE))
    ]


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "memo(edition_wide=False): the test passes without running when it passed before and "
        "every file of the site it was served then (but EDITION_WIDE ones, unless "
        "edition_wide), its code, the packages and the browser are the same bytes "
        "(tests/memo.py); `--fresh` runs it",
    )


def served_memo(item) -> Memo:
    """The record of a test module's tests marked ``memo`` (one per module, kept for the run)."""
    memos = item.config.stash.setdefault(MEMOS, {})
    if item.path not in memos:
        browser = item.funcargs.get("browser")
        memos[item.path] = Memo(
            f"{item.path.stem}.memo",
            [item.path],
            context=f"chromium {browser.version}" if browser else "",
            fresh=item.config.getoption("fresh"),
        )
    return memos[item.path]


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """A test marked ``memo`` that passed before on the same bytes is not called again; any
    other starts with an empty list of the files it was served."""
    if pyfuncitem.get_closest_marker("memo") is None:
        return None
    record = served_memo(pyfuncitem)
    if record.passed(pyfuncitem.name):
        where = f"{pyfuncitem.nodeid.split('::')[0]} (whole tests, marked memo)"
        pyfuncitem.config.stash.setdefault(SKIPPED, {}).setdefault(where, []).append(
            pyfuncitem.name
        )
        return True
    pyfuncitem.config.stash.setdefault(SERVED, set()).clear()
    return None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A test marked ``memo`` that ran and passed is remembered with the files it was served;
    one that failed is forgotten."""
    outcome = yield
    report, marker = outcome.get_result(), item.get_closest_marker("memo")
    if report.when != "call" or marker is None:
        return
    record = served_memo(item)
    if item.name in record.skipped:
        return
    if report.passed:
        edition_wide = marker.kwargs.get("edition_wide", False)
        files = served_inputs(item.config.stash.get(SERVED, set()), edition_wide)
        if files:  # a test that was served nothing has no inputs to be remembered with
            record.remember(item.name, files)
    else:
        record.forget(item.name)
    record.save()


def pytest_terminal_summary(terminalreporter, config):
    """Say plainly which units were not checked again, and how to check them."""
    skipped = config.stash.get(SKIPPED, {})
    if skipped:
        terminalreporter.section("passed before on the same bytes, not checked again")
        for test, units in skipped.items():
            shown = ", ".join(units[:3]) + (", ..." if len(units) > 3 else "")
            terminalreporter.write_line(f"{test}: {len(units)} ({shown})")
        terminalreporter.write_line("run `nox -s tests -- --fresh` to check them all")


@pytest.fixture(scope="session")
def digits32():
    from nn_tutorial import data

    return data.load_digits(image_size=32)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture(scope="session")
def site() -> Path:
    """The built site; the tests that read it fail (never skip) when it is missing."""
    if not all((HTML / language / "index.html").exists() for language in LANGUAGES):
        pytest.fail("the site is not built: run `nox -s docs` before the tests")
    return HTML


class Page(HTMLParser):
    """What the tests need from one HTML page: lang, links, hreflang alternates, ids, text."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.lang = None
        self.links: list[str] = []
        self.alternates: dict[str, str] = {}
        self.ids: set[str] = set()
        self.text: list[str] = []
        self._skip = 0
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "link" and attrs.get("rel") == "alternate" and attrs.get("hreflang"):
            self.alternates[attrs["hreflang"]] = attrs["href"]
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


@functools.cache
def catalog_word(language: str, message: str) -> str:
    """``message`` in ``language``, from the site's catalog, as the pages show it (the source
    language shows the message itself)."""
    if language == DEFAULT_LANGUAGE:
        return message
    from babel.messages.pofile import read_po

    with (LOCALE / language / "LC_MESSAGES" / "sphinx.po").open("rb") as file:
        found = read_po(file).get(message)
    if found is None or not found.string:
        raise KeyError(f"the {language} catalog does not translate {message!r}")
    return found.string


@functools.cache
def parse(path: Path) -> Page:
    """A page parsed once per test session."""
    return Page(path)


NOT_COPIED = {*LANGUAGES, "translations", "_build", "__pycache__"}
"""What a tiny tree does not copy from ``docs/``: each language's pages, the translation record
(made afresh for the tiny pages) and the build. Everything else there is the site's machinery."""

GENERATED = ("__pycache__", "*.mo", "sphinx.js")
"""What a build writes beside the sources (compiled catalogs, caches), never an input."""


def machinery() -> list[Path]:
    """The files of the repository a tiny tree is made of: ``docs/`` but for NOT_COPIED and
    GENERATED, the package, and ``pyproject.toml`` and ``README.md`` (the wheel, and the version
    the pages show). A tiny tree's build depends on these and on nothing else of the tree."""
    files = [ROOT / "pyproject.toml", ROOT / "README.md"]
    for source in [*DOCS.iterdir(), ROOT / "src"]:
        if source.name in NOT_COPIED:
            continue
        found = sorted(source.rglob("*")) if source.is_dir() else [source]
        files += [path for path in found if path.is_file() and not is_generated(path)]
    return files


def is_generated(path: Path) -> bool:
    return any(
        fnmatch.fnmatch(part, pattern)
        for part in path.relative_to(ROOT).parts
        for pattern in GENERATED
    )


def machinery_passed(record: Memo) -> tuple[bool, Callable[[], None]]:
    """Whether a check of a tiny site (tests/test_tiny_trees.py, test_build_failures.py,
    test_extensions.py) passed before on the very bytes of the machinery, and the same test
    code and packages (tests/memo.py); and what to call once it passes. A lesson's prose or
    code is no part of a tiny site, so an edit to one does not check tiny sites again."""
    files = machinery()
    names = "\n".join(path.relative_to(ROOT).as_posix() for path in files)
    passed = record.passed("tiny site", (names,))
    return passed, lambda: record.remember("tiny site", files, (names,))


def tiny_tree(
    root: Path,
    language: str,
    lessons: dict[str, str],
    pages: dict[str, str],
    readme: str = "",
    gallery: bool = True,
) -> Path:
    """A tiny site's sources: ``root/docs/<language>`` with the real configuration and ``pages``,
    and ``root/gallery/<language>`` with ``lessons`` (file name: text; with ``gallery=False``,
    the caller puts the gallery there). Returns the docs folder."""
    source = root / "docs" / language
    source.mkdir(parents=True)
    (source / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(DOCS)!r})\nimport conf_common\n"
        f"globals().update(conf_common.settings({language!r}))\n",
        encoding="utf-8",
    )
    for name, text in pages.items():
        (source / name).write_text(text.lstrip(), encoding="utf-8")
    if gallery:
        folder = root / "gallery" / language
        folder.mkdir(parents=True)
        (folder / "README.txt").write_text(f"Lessons\n=======\n\n{readme}\n", encoding="utf-8")
        for name, text in lessons.items():
            (folder / name).write_text(text, encoding="utf-8")
    return source


@contextlib.contextmanager
def _rng_and_threads_kept():
    """The random generators' states and torch's threads, as they were before (lesson_runner
    seeds the one and sets the other for each lesson)."""
    import random

    import numpy as np
    import torch

    states = random.getstate(), np.random.get_state(), torch.get_rng_state()
    threads = torch.get_num_threads()
    try:
        yield
    finally:
        random.setstate(states[0])
        np.random.set_state(states[1])
        torch.set_rng_state(states[2])
        torch.set_num_threads(threads)


def build_in_process(source: Path, out: Path) -> tuple[int, str]:
    """Build the site in ``source`` into ``out`` in this process, as strictly as sphinx-build
    ``-W --keep-going -n`` does. Returns the exit status sphinx-build would give (0: built, not
    a warning) and its messages: the warnings, and the error that stopped the build."""
    from sphinx import locale
    from sphinx.application import Sphinx
    from sphinx.errors import SphinxError
    from sphinx.util.console import strip_escape_sequences
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    warnings = io.StringIO()
    try:
        # The lessons run in this process: sphinx-gallery resets matplotlib's settings around
        # each, and lesson_runner seeds the random generators and sets torch's threads; the
        # tests after get theirs back.
        with (
            patch_docutils(source),
            docutils_namespace(),
            matplotlib.rc_context(),
            _rng_and_threads_kept(),
        ):
            app = Sphinx(
                source, source, out, out.parent / f"{out.name}.doctrees", "html",
                status=io.StringIO(), warning=warnings, freshenv=True, warningiserror=True,
            )  # fmt: skip
            app.build()
            status = app.statuscode
    except SphinxError as error:  # what sphinx-build reports as an error, with status 2
        warnings.write(f"{type(error).__name__}: {error}\n")
        status = 2
    finally:
        locale.translators.clear()  # the next build, maybe in another language, starts afresh
    return status, strip_escape_sequences(warnings.getvalue())


# The kernel Jupyter starts in the reader's venv, at the version the test extra pins.
IPYKERNEL = re.search(r'"(ipykernel==[^"]+)"', (ROOT / "pyproject.toml").read_text()).group(1)


@pytest.fixture(scope="session")
def reader_python(site, tmp_path_factory) -> Path:
    """A venv with only the site's wheel (and the pinned torch) installed, as a reader makes it,
    plus ipykernel, which Jupyter needs to run a notebook there.

    It is kept in .nox/reader-venv between runs, and installed into again when the wheel or
    the pins change (a record in the venv, see docs/uptodate.py, holds the wheel's hash and
    the pins)."""
    home = ROOT / ".nox" / "reader-venv"
    python = home / "bin" / "python"
    if not python.exists():
        venv.create(home, with_pip=True, clear=True)
    wheel = site / DIST_DIR / wheel_name()
    record = Record(home / "nn-tutorial-installed.json")
    inputs = {"files": [wheel], "strings": [TORCH_PIN, IPYKERNEL]}
    if record.current("install", **inputs, outputs=[python]):
        return python
    # ipykernel too: the notebooks run in this venv, as in a reader's Jupyter
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", TORCH_PIN, IPYKERNEL, str(wheel)], check=True
    )
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--force-reinstall", "--no-deps", str(wheel)],
        check=True,
    )
    record.remember("install", **inputs)
    record.save()
    return python


@pytest.fixture(scope="session")
def reader_environment(reader_python) -> str:
    """What the reader's venv holds (memo.environment, run there), for the memo of a check that
    runs there; the wheel itself is one of the files such a check names."""
    return subprocess.run(
        [reader_python, Path(__file__).parent / "memo.py"],
        env={"PYTHONPATH": str(DOCS)},  # memo.py reads the paths from site_facts
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
