"""Sessions for building, testing and checking nn-tutorial. ``nox -s docs tests`` is what CI runs.

Virtual environments are kept between runs (``nox.options.reuse_venv``), so only
the first run of a session pays for its install. torch is pinned once, in
``site_facts.TORCH_PIN``: the CPU build of that version is what every session installs.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import nox

sys.path.insert(0, str(Path(__file__).parent / "docs"))

from site_facts import (
    BUILD,
    DEFAULT_LANGUAGE,
    DOCS,
    EXTENSIONS,
    GALLERY,
    GENERATED_DIRS,
    LANGUAGES,
    LIGHTHOUSE,
    LIGHTHOUSE_DIR,
    LOCALE,
    ROOT,
    SRC,
    SYSTEM_TOOLS,
    TERMS,
    TORCH_PIN,
    find_tool,
    tool_plan,
)
from uptodate import Record

nox.options.reuse_venv = "yes"
nox.options.sessions = ["docs", "tests", "lint"]
nox.options.default_venv_backend = "venv"


def install(session: nox.Session, *extras: str) -> None:
    """Install pinned torch first (so nothing pulls another build), then the project.

    The project is installed editable, so a change to its code needs no new install; a change
    to pyproject.toml or to the torch pin does. A record in the venv (docs/uptodate.py) says
    what was installed, and the install is skipped while it matches (pip would spend seconds
    finding it all there).
    """
    spec = f".[{','.join(extras)}]" if extras else "."
    record = Record(Path(session.virtualenv.location) / "nn-tutorial-installed.json")
    inputs = {"files": [ROOT / "pyproject.toml"], "strings": [TORCH_PIN, spec]}
    if record.current("install", **inputs):
        session.log(f"{TORCH_PIN} and {spec} are installed as pyproject.toml asks: no pip run")
        return
    session.install(TORCH_PIN)
    session.install("-e", spec)
    record.remember("install", **inputs)
    record.save()


def ensure_tool(session: nox.Session, tool: str) -> None:
    """Find a program the session needs from the system (site_facts.SYSTEM_TOOLS): install
    Debian's packages when we are root with apt, or stop at once with the one command to run."""
    plan = tool_plan(
        tool,
        find_tool(tool),
        is_root=os.geteuid() == 0,
        has_apt=shutil.which("apt-get") is not None,
    )
    if plan == "use":
        return
    if plan == "install":
        packages = SYSTEM_TOOLS[tool][1]
        session.log(f"{tool} is missing: installing Debian's {' '.join(packages)}")
        env = {"DEBIAN_FRONTEND": "noninteractive"}
        session.run("apt-get", "update", "-qq", external=True, env=env)
        session.run("apt-get", "install", "-y", "-qq", *packages, external=True, env=env)
        if find_tool(tool):
            return
        plan = tool_plan(tool, None, is_root=False, has_apt=False)
    session.error(plan)


def ensure_chromium(session: nox.Session) -> None:
    """Chromium for the browser tests (Debian's package, not Playwright's download)."""
    ensure_tool(session, "Chromium")


def ensure_lighthouse(session: nox.Session) -> None:
    """Node.js from the system, then the pinned Lighthouse into .nox/lighthouse (npm is quick
    when it is there already)."""
    ensure_tool(session, "Node.js")
    prefix = LIGHTHOUSE_DIR
    installed = prefix / "node_modules" / "lighthouse" / "package.json"
    version = LIGHTHOUSE.split("@")[1]
    if installed.is_file() and f'"version": "{version}"' in installed.read_text(encoding="utf-8"):
        return
    prefix.mkdir(parents=True, exist_ok=True)
    session.run(
        "npm", "install", "--no-audit", "--no-fund", "--save-exact", "--prefix", str(prefix),
        LIGHTHOUSE, external=True,
    )  # fmt: skip


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site, every language side by side, into docs/_build/html (see docs/build.py)."""
    install(session, "docs")
    session.run("python", str(DOCS / "build.py"), *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (the site checks need `nox -s docs` first; Chromium is set up here)."""
    ensure_chromium(session)
    install(session, "docs", "test")
    session.run("pytest", *session.posargs)


@nox.session
def site(session: nox.Session) -> None:
    """Only the checks of the built site: its files, and Chromium over every page."""
    ensure_chromium(session)
    install(session, "docs", "test")
    session.run("pytest", "tests/test_site.py", "tests/test_browser.py", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Measure build, rebuild, fit against a bare loop, lessons and tests, on a copy of the tree
    (`nox -s bench -- --only build,noop` for some parts): docs/_build/bench/."""
    ensure_chromium(session)
    ensure_lighthouse(session)
    install(session, "docs", "test")
    session.run("python", str(ROOT / "tests" / "benchmark.py"), *session.posargs)


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
    language = session.posargs[0] if session.posargs else DEFAULT_LANGUAGE
    if language not in LANGUAGES:
        session.error(f"choose a language from {tuple(LANGUAGES)}, got {language!r}")
    source = DOCS / language
    session.run(
        "sphinx-autobuild",
        str(source),
        str(BUILD / "serve" / language),
        "-n",  # report broken references as the real build does, without stopping on them
        # Rebuild when the lessons, the package or the site's own machinery change...
        *("--watch", str(SRC)),
        *("--watch", str(GALLERY / language)),
        *("--watch", str(EXTENSIONS)),
        *("--watch", str(DOCS / "_static")),
        *("--watch", str(DOCS / "_templates")),
        *("--watch", str(LOCALE)),
        *("--watch", str(TERMS)),
        *("--watch", str(DOCS / "site_facts.py")),
        *("--watch", str(DOCS / "conf_common.py")),
        # ...but not when the build writes its own files into the source tree.
        *(arg for name in GENERATED_DIRS for arg in ("--ignore", str(source / name))),
        *("--ignore", str(source / "sg_execution_times.rst*")),
        *("--re-ignore", r"(__pycache__|LC_MESSAGES/sphinx\.(mo|js)$)"),
    )


@nox.session(venv_backend="none")
def translations(session: nox.Session) -> None:
    """Korean prose whose English changed since it was translated, with the English diff;
    `nox -s translations -- --accept FILE[:CELL]` records a unit as brought up to date."""
    session.run(sys.executable, str(EXTENSIONS / "translation_status.py"), *session.posargs)


if __name__ == "__main__":
    sys.exit("run this file with nox: `nox -s docs tests`")
