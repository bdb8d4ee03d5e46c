"""Build the whole site: the package wheel, every edition side by side, and the root page.

``nox -s docs`` runs this script in its environment; ``nox -s bench`` times it.
Usage: ``python docs/build.py [extra sphinx-build options]``. Output lands in
``docs/_build/html``: ``en/``, ``ko/``, ``dist/`` (the wheel) and ``index.html``.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from importlib import metadata
from pathlib import Path

from site_facts import (
    BASE_URL,
    BUILD,
    DEFAULT_LANGUAGE,
    DIST,
    DOCS,
    DOCTREES,
    GALLERY,
    GENERATED_DIRS,
    HTML,
    LANGUAGES,
    LESSON_THREADS,
    LESSONS_DIR,
    ROOT,
    ROOT_PAGE,
    SRC,
    sphinx_command,
    wheel_name,
)
from uptodate import Record, fingerprint

RECORD = BUILD / "uptodate.json"
"""What the wheel and each edition were last built from (docs/uptodate.py)."""


def wheel_inputs() -> list[Path]:
    return [ROOT / "pyproject.toml", ROOT / "README.md", *SRC.rglob("*.py")]


def start_wheel_build(record: Record) -> subprocess.Popen | None:
    """Start building the package's wheel into the site, where every lesson page links to it.

    It runs beside the editions' builds (the pages need only its file name, which
    conf_common.py derives from pyproject.toml). Returns None when the wheel there was built
    from the very files the package holds now.
    """
    if record.current("wheel", wheel_inputs(), outputs=[DIST / wheel_name()]):
        return None
    record.forget("wheel")
    shutil.rmtree(DIST, ignore_errors=True)
    command = [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(DIST)]
    return subprocess.Popen([*command, str(ROOT)], stdout=subprocess.DEVNULL)


def site_sources() -> list[Path]:
    """Every file a build may read from the repository: the docs, lessons and package, not what
    builds write there (docs/_build, the generated folders, compiled catalogs, caches)."""
    generated = {DOCS / language / name for language in LANGUAGES for name in GENERATED_DIRS}
    found = [ROOT / "pyproject.toml", ROOT / "README.md"]
    for top in (DOCS, GALLERY, SRC):
        for folder, names, files in os.walk(top):
            here = Path(folder)
            names[:] = [
                name
                for name in names
                if name not in ("_build", "__pycache__")
                and not name.endswith(".egg-info")
                and here / name not in generated
            ]
            compiled = (".mo", ".js") if here.name == "LC_MESSAGES" else (".pyc",)
            found += [
                here / name
                for name in files
                if not name.endswith(compiled) and name != "sg_execution_times.rst"
            ]
    return found


def edition_state(language: str) -> str:
    """What an edition's build wrote, by name, size and time: any later change to its output
    (a page deleted, say) makes the edition stale."""
    lines = []
    for top in (HTML / language, DOCTREES / language):
        for folder, _, files in os.walk(top):
            for name in files:
                stat = (Path(folder) / name).stat()
                lines.append(f"{folder}/{name} {stat.st_size} {stat.st_mtime_ns}")
    return "\n".join(sorted(lines))


def build_environment() -> str:
    """What an edition's pages depend on beyond the files: Python, every installed package's
    version, and the site's address (``NN_BASE_URL``)."""
    dists = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    return "\n".join([sys.executable, platform.python_version(), BASE_URL, *dists])


def root_page() -> str:
    """The site's root page: docs/root/index.html, with the site's languages filled in."""
    default = json.dumps(DEFAULT_LANGUAGE)
    fields = {
        "@ALTERNATES@": "\n".join(
            f'  <link rel="alternate" hreflang="{hreflang}" href="{code}/index.html">'
            for hreflang, code in [
                *((code, code) for code in LANGUAGES),
                ("x-default", DEFAULT_LANGUAGE),
            ]
        ),
        "@LANGUAGES@": json.dumps(list(LANGUAGES)),
        "@DEFAULT@": default,
        "@LINKS@": "\n".join(
            f'    <li><a href="{code}/index.html" hreflang="{code}" lang="{code}">{label}</a></li>'
            for code, (label, _english) in LANGUAGES.items()
        ),
    }
    page = ROOT_PAGE.read_text(encoding="utf-8")
    for field, value in fields.items():
        page = page.replace(field, value)
    return page


def _relay(language: str, stream) -> None:
    """Print one build's messages line by line, each marked with its language."""
    for line in stream:
        print(f"[{language}] {line}", end="", flush=True)


def build_editions(commands: dict[str, list[str]]) -> list[str]:
    """Run one sphinx-build a language, side by side; return the languages whose build failed.

    Two processes, one a language: on two cores the site takes about as long as one edition.
    Their lessons compute with :data:`site_facts.LESSON_THREADS` threads each (lesson_runner
    sets torch's; these variables set the other libraries'), so the numbers a lesson prints do
    not depend on the machine's cores or on how many editions build at once.
    """
    threads = str(LESSON_THREADS)
    env = {
        **os.environ,
        "PYTHONHASHSEED": "0",
        "OMP_NUM_THREADS": threads,
        "MKL_NUM_THREADS": threads,
        "PYTHONUNBUFFERED": "1",
    }
    builds = {
        language: subprocess.Popen(
            command,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        for language, command in commands.items()
    }
    relays = [
        threading.Thread(target=_relay, args=(language, process.stdout))
        for language, process in builds.items()
    ]
    for relay in relays:
        relay.start()
    failed = [language for language, process in builds.items() if process.wait() != 0]
    for relay in relays:
        relay.join()
    for process in builds.values():
        process.stdout.close()
    return failed


def build(extra: list[str]) -> int:
    """Build everything; return 0 when every edition built without a warning.

    An edition is not built again when the files of the site and the environment are the ones
    it was last built from and its output is as that build left it (unless ``extra`` options
    are given, which may ask for a full rebuild): Sphinx alone would spend seconds starting,
    importing torch and finding nothing to do.
    """
    start = time.perf_counter()
    HTML.mkdir(parents=True, exist_ok=True)
    record = Record(RECORD, root=ROOT)
    wheel = start_wheel_build(record)
    sources, environment = site_sources(), build_environment()
    stale = [
        language
        for language in LANGUAGES
        if extra
        or not record.current(
            language,
            sources,
            [environment, edition_state(language)],
            outputs=[HTML / language, DOCS / language / LESSONS_DIR],
        )
    ]
    for language in stale:
        record.forget(language)
    record.save()  # a build cut short is stale next time
    read = fingerprint(sources, [environment])
    failed = build_editions({language: sphinx_command(language, *extra) for language in stale})
    if wheel is not None and wheel.wait() != 0:
        failed.append("wheel")
    if wheel is not None and "wheel" not in failed:
        record.remember("wheel", wheel_inputs())
    # Recorded only if no file changed while Sphinx read them (an edit during the build).
    unchanged = fingerprint(site_sources(), [environment]) == read
    for language in stale:
        if language not in failed and unchanged:
            record.remember(language, sources, [environment, edition_state(language)])
    record.save()
    if failed:
        print(f"docs: the {' and '.join(failed)} build failed (messages above)", file=sys.stderr)
        return 1
    (HTML / "index.html").write_text(root_page(), encoding="utf-8")
    kept = [language for language in LANGUAGES if language not in stale]
    note = f" ({' and '.join(kept)} up to date: not built again)" if kept else ""
    print(
        f"docs: built {HTML} in {time.perf_counter() - start:.0f} s{note}; "
        f"open {HTML / 'index.html'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(build(sys.argv[1:]))
