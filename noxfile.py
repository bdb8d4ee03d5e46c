"""Sessions for building, testing and checking nn-tutorial. ``nox -s docs tests`` is what CI runs.

Virtual environments are kept between runs (``nox.options.reuse_venv``), so only
the first run of a session pays for its install. torch is pinned once, in
``TORCH``: the CPU build of that version is what every session installs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nox

nox.options.reuse_venv = "yes"
nox.options.sessions = ["docs", "tests", "lint"]
nox.options.default_venv_backend = "venv"

TORCH = "torch==2.13.0"
ROOT = Path(__file__).parent
DOCS = ROOT / "docs"
HTML = DOCS / "_build" / "html"
LANGUAGES = ("en", "ko")


def install(session: nox.Session, *extras: str) -> None:
    """Install pinned torch first (so nothing pulls another build), then the project."""
    session.install(TORCH)
    spec = f".[{','.join(extras)}]" if extras else "."
    session.install("-e", spec)


def build_wheel(session: nox.Session) -> Path:
    """Build the package's wheel into the site, where the lesson pages link to it."""
    dist = HTML / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    session.run("python", "-m", "build", "--wheel", "--outdir", str(dist), silent=True)
    return next(dist.glob("*.whl"))


def sphinx_build(session: nox.Session, language: str, *extra: str) -> list[str]:
    """The sphinx-build command line for one language's edition."""
    return [
        str(Path(session.bin) / "sphinx-build"),
        "-b", "html",
        "-W", "--keep-going",  # every warning is an error, and all of them are reported
        "-n",  # nitpicky: every cross-reference must resolve
        "-q",
        "-d", str(DOCS / "_build" / "doctrees" / language),
        str(DOCS / language),
        str(HTML / language),
        *extra,
    ]


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site, both languages side by side, into docs/_build/html."""
    install(session, "docs")
    HTML.mkdir(parents=True, exist_ok=True)
    build_wheel(session)
    start = time.perf_counter()
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    builds = {
        language: subprocess.Popen(sphinx_build(session, language, *session.posargs), env=env)
        for language in LANGUAGES
    }
    failed = [language for language, build in builds.items() if build.wait() != 0]
    if failed:
        session.error(f"the {' and '.join(failed)} build failed (see the messages above)")
    shutil.copy(DOCS / "root" / "index.html", HTML / "index.html")
    session.log(f"built {HTML} in {time.perf_counter() - start:.0f} s; open {HTML / 'index.html'}")


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (the site checks need `nox -s docs` first)."""
    install(session, "docs", "test")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Check style with ruff: lint rules and formatting."""
    session.install("ruff==0.17.6")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def serve(session: nox.Session) -> None:
    """Live preview of one language (default en): `nox -s serve -- ko`."""
    install(session, "docs")
    language = session.posargs[0] if session.posargs else "en"
    if language not in LANGUAGES:
        session.error(f"choose a language from {LANGUAGES}, got {language!r}")
    session.run(
        "sphinx-autobuild",
        str(DOCS / language),
        str(DOCS / "_build" / "serve" / language),
        "--watch", str(ROOT / "src"),
        "--watch", str(ROOT / "gallery" / language),
        "--watch", str(DOCS / "_static"),
        "--watch", str(DOCS / "_templates"),
    )


if __name__ == "__main__":
    sys.exit("run this file with nox: `nox -s docs tests`")
