"""Build the whole site: the package wheel, both editions side by side, and the root page.

``nox -s docs`` runs this script in its environment; ``nox -s bench`` times it.
Usage: ``python docs/build.py [extra sphinx-build options]``. Output lands in
``docs/_build/html``: ``en/``, ``ko/``, ``dist/`` (the wheel) and ``index.html``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time

from site_facts import (
    DEFAULT_LANGUAGE,
    DIST,
    HTML,
    LANGUAGES,
    LESSON_THREADS,
    ROOT,
    ROOT_PAGE,
    SRC,
    sphinx_command,
)


def start_wheel_build() -> subprocess.Popen | None:
    """Start building the package's wheel into the site, where every lesson page links to it.

    It runs beside the two editions' builds (the pages need only its file name, which
    conf_common.py derives from pyproject.toml). Returns None when the wheel there is newer
    than every file it is made from.
    """
    sources = [ROOT / "pyproject.toml", ROOT / "README.md", *SRC.rglob("*.py")]
    wheels = list(DIST.glob("*.whl"))
    if len(wheels) == 1 and wheels[0].stat().st_mtime > max(p.stat().st_mtime for p in sources):
        return None
    shutil.rmtree(DIST, ignore_errors=True)
    command = [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(DIST)]
    return subprocess.Popen([*command, str(ROOT)], stdout=subprocess.DEVNULL)


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
    """Build everything; return 0 when both editions built without a warning."""
    start = time.perf_counter()
    HTML.mkdir(parents=True, exist_ok=True)
    wheel = start_wheel_build()
    failed = build_editions({language: sphinx_command(language, *extra) for language in LANGUAGES})
    if wheel is not None and wheel.wait() != 0:
        failed.append("wheel")
    if failed:
        print(f"docs: the {' and '.join(failed)} build failed (messages above)", file=sys.stderr)
        return 1
    (HTML / "index.html").write_text(root_page(), encoding="utf-8")
    print(f"docs: built {HTML} in {time.perf_counter() - start:.0f} s; open {HTML / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(build(sys.argv[1:]))
