"""The site's facts (``docs/site_facts.py``) are what the build, the package and the site use."""

from __future__ import annotations

import importlib.util
import itertools
import json
import re
import subprocess
from pathlib import Path

import site_facts
from conftest import Page
from site_facts import DEFAULT_LANGUAGE, DOCS, LANGUAGES

import nn_tutorial


def test_the_version_is_declared_once_in_pyproject():
    init = (site_facts.PACKAGE / "__init__.py").read_text(encoding="utf-8")
    assert not re.search(r"__version__\s*=\s*[\"']", init), "a second version in __init__.py"
    assert nn_tutorial.__version__ == site_facts.project()["version"]
    assert site_facts.wheel_name().startswith(f"nn_tutorial-{nn_tutorial.__version__}-")


def test_the_torch_pin_and_floor_are_stated_once_and_the_readme_and_pages_agree(site):
    """The pin (what the site is built with) and the floor (what the package accepts) come from
    site_facts and pyproject.toml; the README and each edition's getting-started page say both."""
    pinned = site_facts.TORCH_PIN.removeprefix("torch==")
    floor = site_facts.torch_floor()
    assert floor == "2.10", "the first torch whose weights_only loader has its known flaws fixed"
    readme = (site_facts.ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`torch=={pinned}`" in readme and f"torch {floor} or newer" in readme
    for language in LANGUAGES:
        page = (site / language / "getting-started.html").read_text(encoding="utf-8")
        assert f"PyTorch {pinned}" in page and f"PyTorch {floor}" in page, language
    noxfile = (site_facts.ROOT / "noxfile.py").read_text(encoding="utf-8")
    assert "torch==" not in noxfile, "noxfile.py takes the pin from site_facts"


def test_every_edition_is_built_strictly_from_its_own_folder():
    for language in LANGUAGES:
        command = site_facts.sphinx_command(language)
        assert {"-W", "--keep-going", "-n"} <= set(command), command
        assert str(DOCS / language) in command
        assert str(site_facts.HTML / language) in command
    assert (DOCS / DEFAULT_LANGUAGE / "conf.py").is_file()


def test_root_page_offers_every_language_and_defaults_to_the_default(site):
    page = Page(site / "index.html")
    expected = {code: f"{code}/index.html" for code in LANGUAGES}
    assert page.alternates == {**expected, "x-default": f"{DEFAULT_LANGUAGE}/index.html"}
    assert sorted(link for link in page.links) == sorted(expected.values())
    text = (site / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"@[A-Z]+@", text), "a field of docs/root/index.html left unfilled"
    assert f"const site = {json.dumps(list(LANGUAGES))};" in text
    for code, (label, _english) in LANGUAGES.items():
        assert f'lang="{code}">{label}</a>' in text


def test_the_root_page_is_rendered_from_the_facts():
    spec = importlib.util.spec_from_file_location("site_build", DOCS / "build.py")
    site_build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(site_build)
    page = site_build.root_page()
    assert not re.search(r"@[A-Z]+@", page), "a field of docs/root/index.html left unfilled"
    for code in LANGUAGES:
        assert f'<link rel="alternate" hreflang="{code}" href="{code}/index.html">' in page


def test_the_test_sessions_find_chromium_or_say_the_one_command(tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    assert site_facts.find_chromium(str(tmp_path)) == str(fake)
    assert site_facts.find_chromium(str(tmp_path / "empty")) is None
    assert site_facts.chromium_plan(str(fake), is_root=False, has_apt=False) == "use"
    assert site_facts.chromium_plan(None, is_root=True, has_apt=True) == "install"
    message = site_facts.chromium_plan(None, is_root=False, has_apt=True)
    assert "sudo apt-get install chromium" in message


NUMBER_WORDS = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+)"
    r"|(?:하나|둘|셋|넷|다섯|여섯|일곱|여덟|아홉|열)"
)
LESSON_COUNT = re.compile(
    rf"\b(?:{NUMBER_WORDS})\s+(?:short\s+)?lessons\b"  # "six lessons"
    rf"|(?:{NUMBER_WORDS})\s*(?:개의\s*|편의\s*)?강의"  # "여섯 강의", "6개의 강의"
    rf"|강의\s*(?:{NUMBER_WORDS})\s*(?:개|편)",  # "강의 여섯 개"
    re.IGNORECASE,
)


QUOTED_LESSON = rf"""["'](?:{"|".join(site_facts.LESSONS)})(?:\.py)?["']"""
LISTED = re.compile(rf"(?:{QUOTED_LESSON}\s*,\s*(?:#[^\n]*\n\s*)?){{2,}}{QUOTED_LESSON}")
"""Three or more quoted lesson names in a row, separated by commas (and comments)."""


def tracked_text_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files"], cwd=site_facts.ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    suffixes = {".py", ".md", ".rst", ".txt", ".js", ".css", ".html", ".toml", ".po"}
    return [site_facts.ROOT / name for name in listed if Path(name).suffix in suffixes]


def test_the_lesson_table_is_the_only_list_of_lessons():
    """site_facts.LESSONS is the one list: no other file writes three or more lesson names one
    after another (a tuple, a list, an array in a script), and no prose counts the lessons (a
    seventh lesson would make it wrong)."""
    copies, counts = [], []
    for path in tracked_text_files():
        if path in (site_facts.DOCS / "site_facts.py", Path(__file__)):
            continue
        text = path.read_text(encoding="utf-8")
        copies += [
            f"{path.relative_to(site_facts.ROOT)}: {m.group()!r}" for m in LISTED.finditer(text)
        ]
        counts += [
            f"{path.relative_to(site_facts.ROOT)}: {m.group()!r}"
            for m in LESSON_COUNT.finditer(text)
        ]
    assert not copies, "lists of lessons outside site_facts.LESSONS:\n" + "\n".join(copies)
    assert not counts, "prose that counts the lessons:\n" + "\n".join(counts)


def test_the_lesson_checks_find_what_they_are_meant_to_find():
    first, second, third = site_facts.LESSONS[:3]
    old_runner = f'LESSONS = (\n    "{first}.py",\n    "{second}.py",  # why\n    "{third}.py",\n)'
    assert LISTED.search(old_runner) and LISTED.search(f"['{first}', '{second}', '{third}']")
    assert not LISTED.search(f'("en", "hook", "{first}"),\n("ko", "x", "{second}"),')
    assert not LISTED.search('"plot_history",\n    "plot_losses",\n    "plot_filters"')
    for wrong in ("six lessons", "Seven short lessons", "12 lessons", "여섯 강의", "강의 여섯 개",
                  "6개의 강의"):  # fmt: skip
        assert LESSON_COUNT.search(wrong), wrong
    for right in (
        "the lessons",
        "each lesson's six layers",
        "강의 목록",
        "여섯 단계를 거치는 강의",
    ):
        assert not LESSON_COUNT.search(right), right


LANGUAGE_COUNT = re.compile(
    r"\b(?:both|two)\s+(?:languages|editions)\b|\b(?:the\s+)?two\s+editions'"
    r"|두\s*(?:언어판|언어|판|벌)(?:[의를을가이는은와과에도로만]|[\s,.)]|$)",
    re.IGNORECASE,
)
"""Prose that counts the languages ("both editions", "두 언어"): a third language would make it
wrong. Prose says "every edition", "each language", or names today's languages as such."""


def test_no_prose_counts_the_languages():
    counts = []
    for path in tracked_text_files():
        if path == Path(__file__):
            continue
        text = path.read_text(encoding="utf-8")
        counts += [
            f"{path.relative_to(site_facts.ROOT)}: {m.group()!r}"
            for m in LANGUAGE_COUNT.finditer(text)
        ]
    assert not counts, "prose that counts the languages:\n" + "\n".join(counts)


def test_the_language_count_check_finds_what_it_is_meant_to_find():
    for wrong in ("in both languages", "Both editions build", "the two editions' builds",
                  "two languages", "두 언어의 강의", "두 판의 설정은", "두 벌이",
                  "두 언어판을"):  # fmt: skip
        assert LANGUAGE_COUNT.search(wrong), wrong
    for right in ("in every language", "each edition", "both faces", "두 번째 층",
                  "두 판다", "English and Korean terms", "두 개의 층"):  # fmt: skip
        assert not LANGUAGE_COUNT.search(right), right


CODE_FILES = {".py", ".toml", ".js", ".html", ".cfg", ".yml", ".yaml", ".json"}
"""Where a list of languages would be code or configuration (prose names languages freely)."""

QUOTED = re.compile(r"""(["'])((?:(?!\1)[^\n\\])*)\1""")
CODE = re.compile(rf"(?<![A-Za-z])(?:{'|'.join(map(re.escape, LANGUAGES))})(?![A-Za-z])")


def language_copies(text: str) -> list[str]:
    """Two quoted strings side by side (a comma between them) that differ only in a language
    code: a tuple of two codes, or two paths that differ only in their language's folder. Such
    a list stays behind when a language is added to :data:`site_facts.LANGUAGES`."""
    strings = list(QUOTED.finditer(text))
    found = []
    for first, second in itertools.pairwise(strings):
        if text[first.end() : second.start()].strip() != ",":
            continue
        codes = CODE.findall(first[2]), CODE.findall(second[2])
        same_shape = CODE.sub("{}", first[2]) == CODE.sub("{}", second[2])
        if codes[0] and same_shape and codes[0] != codes[1]:
            found.append(text[first.start() : second.end()])
    return found


PACKAGE_LANGUAGES = site_facts.PACKAGE / "language.py"
"""The package's own tuple (the wheel cannot import site_facts), tied to the table below."""


def test_the_language_table_is_the_only_list_of_languages():
    """site_facts.LANGUAGES is the one list of languages in the code, configuration and tests:
    they loop over it or parametrize with it, so a third language needs no edit there."""
    copies = []
    for path in tracked_text_files():
        if path.suffix not in CODE_FILES or path == site_facts.DOCS / "site_facts.py":
            continue
        text = path.read_text(encoding="utf-8")
        if path == PACKAGE_LANGUAGES:
            text = re.sub(r"(?m)^LANGUAGES = \(.*\)$", "", text, count=1)
        elif path == Path(__file__):
            text = text.split("def test_the_language_check_finds", 1)[0]  # its planted copies
        copies += [f"{path.relative_to(site_facts.ROOT)}: {c}" for c in language_copies(text)]
    assert not copies, "lists of languages outside site_facts.LANGUAGES:\n" + "\n".join(copies)


def test_the_language_check_finds_what_it_is_meant_to_find():
    first, second = list(LANGUAGES)[:2]
    for wrong in (
        f'LANGUAGES = ("{first}", "{second}")',
        f"@pytest.mark.parametrize('code', ['{second}', '{first}'])",
        f'extend-exclude = ["docs/{first}/lessons", "docs/{second}/lessons", "docs/x"]',
        f'const site = ["{first}",\n  "{second}"];',
    ):
        assert language_copies(wrong), wrong
    for right in (
        f'("{first}", "hook", "plot_x")',
        f'"docs/{first}/index.html", "docs/{first}/api.html"',
        '"token", "kernel"',
        f'{{"{first}": "Solution"}}',
        f'f"docs/{{code}}/index.html", "docs/{first}/x"',
        f'("{first}",)',
    ):
        assert not language_copies(right), right


def test_the_package_speaks_exactly_the_sites_languages():
    """The wheel cannot import docs/site_facts.py, so nn_tutorial.language keeps its own tuple:
    this ties the two, default language first."""
    from nn_tutorial import language

    assert tuple(LANGUAGES) == language.LANGUAGES
    assert language.LANGUAGES[0] == DEFAULT_LANGUAGE


def test_the_bench_finds_node_or_says_the_one_command(tmp_path):
    assert site_facts.tool_plan("Node.js", None, is_root=True, has_apt=True) == "install"
    message = site_facts.tool_plan("Node.js", None, is_root=False, has_apt=True)
    assert "sudo apt-get install nodejs npm" in message and "Lighthouse" in message
