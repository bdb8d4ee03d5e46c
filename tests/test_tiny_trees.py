"""Adding a lesson and adding a language take exactly the steps the contributing pages list.

Each test copies the site's machinery (``docs/``'s configuration, extensions, templates,
static files, catalogs, term table and root page, and the package) into a tiny tree with two
tiny lessons a language instead of the real ones, takes the steps of "Add a lesson" or "Add a
language" (``docs/en/contributing.md``) there and no other edit, and builds the tree as
``nox -s docs`` builds the site: the copy's ``docs/build.py``, every edition strictly
(``-W -n``), the wheel and the root page. The lessons print a number and one word of the
package and train nothing, so a build takes seconds.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import Page, machinery, machinery_passed
from site_facts import DEFAULT_LANGUAGE, DOCS, LANGUAGES, LESSONS_DIR, ROOT, pages

from nn_tutorial.language import columns

LESSON = '''"""
{title}
{underline}

{prose}
"""

# %%
# {cell}

from nn_tutorial import set_language
from nn_tutorial.language import text

set_language("{language}")
print("{name}", 6 * 7, text("label.loss"))
'''

WORDS = {
    # language: (the index page's title, its prose, a lesson's prose, its text cell);
    # a language added to the site's table needs its line here too
    "en": ("Tiny site", "The lessons of a tiny site.", "A tiny lesson.", "It prints a number."),
    "ko": ("작은 사이트", "작은 사이트의 강의입니다.", "작은 강의입니다.", "숫자를 출력합니다."),
}  # fmt: skip


def lesson(language: str, name: str, words: dict = WORDS) -> str:
    title = f"{name.removeprefix('plot_').capitalize()} ({language})"
    _title, _index, prose, cell = words[language]
    underline = "=" * columns(title)
    fields = {"title": title, "underline": underline, "prose": prose, "cell": cell}
    return LESSON.format(**fields, name=name, language=language)


def write_edition(root: Path, language: str, lessons: tuple[str, ...], words: dict = WORDS) -> None:
    """A language's pages (``docs/<language>/``: the two-line conf.py and an index page) and
    its lessons (``gallery/<language>/``)."""
    title, prose, *_ = words[language]
    pages_dir = root / "docs" / language
    pages_dir.mkdir(parents=True)
    conf = (DOCS / DEFAULT_LANGUAGE / "conf.py").read_text(encoding="utf-8")
    conf = conf.replace(f'"{DEFAULT_LANGUAGE}"', f'"{language}"')
    (pages_dir / "conf.py").write_text(conf, encoding="utf-8")
    index = f"{title}\n{'=' * columns(title)}\n\n{prose}\n\n.. toctree::\n\n   lessons/index\n"
    (pages_dir / "index.rst").write_text(index, encoding="utf-8")
    gallery = root / "gallery" / language
    gallery.mkdir(parents=True)
    readme = f"{title}\n{'=' * columns(title)}\n\n{prose}\n"
    (gallery / "README.txt").write_text(readme, encoding="utf-8")
    for name in lessons:
        (gallery / f"{name}.py").write_text(lesson(language, name, words), encoding="utf-8")


def set_table(site_facts: Path, name: str, entries: list[str], after: str | None = None) -> None:
    """Write ``entries`` (lines) into a table of the tiny tree's site_facts.py (``LESSONS = (``):
    after the line ``after``, or at the table's end; ``after=""`` replaces the table's lines."""
    lines = site_facts.read_text(encoding="utf-8").split("\n")
    start = next(at for at, line in enumerate(lines) if re.match(rf"{name} = [({{]$", line))
    end = next(at for at in range(start, len(lines)) if lines[at] in (")", "}"))
    if after == "":
        lines[start + 1 : end] = entries
    else:
        at = end if after is None else lines.index(after, start, end) + 1
        lines[at:at] = entries
    site_facts.write_text("\n".join(lines), encoding="utf-8")


def tiny_site(root: Path, lessons: tuple[str, ...]) -> Path:
    """A tiny tree at ``root``: the site's machinery, ``lessons`` in every language, the
    translation record up to date. Returns ``root``."""
    for source in machinery():
        copy = root / source.relative_to(ROOT)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, copy)
    set_table(
        root / "docs" / "site_facts.py", "LESSONS", [f'    "{n}",' for n in lessons], after=""
    )
    for language in LANGUAGES:
        write_edition(root, language, lessons)
    translations(root, "--accept-all")
    return root


def translations(root: Path, *args: str) -> None:
    """``nox -s translations -- ARGS`` in the tiny tree."""
    script = root / "docs" / "_ext" / "translation_status.py"
    done = subprocess.run(
        [sys.executable, script, *args], cwd=root, capture_output=True, text=True
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def build(root: Path) -> Path:
    """``nox -s docs`` in the tiny tree: every edition strictly, the wheel and the root page.
    The lessons import the tiny tree's package, as the site's import the site's."""
    paths = [str(root / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    command = [sys.executable, root / "docs" / "build.py"]
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-6000:]
    return root / "docs" / "_build" / "html"


def lesson_links(html: str) -> list[str]:
    """The lessons some HTML links to, in the order it first links to each."""
    return list(dict.fromkeys(re.findall(r'href="(?:[^"]*/)?(plot_\w+)\.html', html)))


# -- Adding a lesson ---------------------------------------------------------------------------


def test_a_new_lesson_is_its_two_files_a_line_in_the_table_and_the_accepted_translation(
    tmp_path, memo
):
    passed, remember = machinery_passed(memo())
    if passed:
        return
    root = tiny_site(tmp_path, ("plot_first", "plot_last"))
    # The steps of "Add a lesson", and nothing else:
    for language in LANGUAGES:
        path = root / "gallery" / language / "plot_new.py"
        path.write_text(lesson(language, "plot_new"), encoding="utf-8")
    set_table(root / "docs" / "site_facts.py", "LESSONS", ['    "plot_new",'], '    "plot_first",')
    translations(root, "--accept", "gallery/plot_new.py")
    html = build(root)

    order = ["plot_first", "plot_new", "plot_last"]  # the table's order, not the files'
    for language in LANGUAGES:
        edition = html / language
        page = edition / LESSONS_DIR / "plot_new.html"
        assert page.is_file(), f"{language}: no page for the new lesson"
        assert "plot_new 42" in page.read_text(encoding="utf-8"), "the lesson did not run"
        assert "nn-stale" not in page.read_text(encoding="utf-8"), "a stale-translation note"
        index = (edition / LESSONS_DIR / "index.html").read_text(encoding="utf-8")
        nav, gallery = index.split('class="bd-docs-nav')[1].split("</nav>", 1)
        assert lesson_links(nav) == order, f"{language}: the navigation's lessons"
        assert lesson_links(gallery) == order, f"{language}: the gallery's lessons"
        first = (edition / LESSONS_DIR / "plot_first.html").read_text(encoding="utf-8")
        following = re.search(r'<a class="right-next"\s+href="([^"]+)"', first)
        assert following and following[1] == "plot_new.html", f"{language}: 'next' after first"
    remember()


# -- Adding a language -------------------------------------------------------------------------

NEW = "eo"
"""The third language of the tiny tree: Esperanto, one Sphinx and docutils know."""

NEW_WORDS = {
    **WORDS,
    NEW: ("Eta retejo", "La lecionoj de eta retejo.", "Eta leciono.", "Ĝi presas nombron."),
}


def translated(message: str) -> str:
    """The tiny tree's Esperanto catalog marks every word it translates, so a test can tell the
    catalog's words from English."""
    return f"(eo) {message}"


TOOLTIP = ("Read this page in Esperanto", "이 페이지를 에스페란토로 보기")
"""The language switch's tooltip for the new language, and its Korean in the Korean catalog."""


def add_tooltip(root: Path) -> None:
    """The Korean catalog gets the language switch's tooltip for the new language."""
    path = root / "docs" / "locale" / "ko" / "LC_MESSAGES" / "sphinx.po"
    with path.open("a", encoding="utf-8") as file:
        file.write(f'\nmsgid "{TOOLTIP[0]}"\nmsgstr "{TOOLTIP[1]}"\n')


def write_catalog(root: Path) -> Path:
    """The new language's catalog: every message of the Korean one, translated."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    with (root / "docs" / "locale" / "ko" / "LC_MESSAGES" / "sphinx.po").open("rb") as file:
        korean = read_po(file)
    catalog = Catalog(locale=NEW, project="nn-tutorial")
    for message in korean:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            string = tuple(translated(m) for m in (message.id[0], message.id[1]))
        else:
            string = translated(message.id)
        catalog.add(message.id, string, flags=message.flags)
    path = root / "docs" / "locale" / NEW / "LC_MESSAGES" / "sphinx.po"
    path.parent.mkdir(parents=True)
    with path.open("wb") as file:
        write_po(file, catalog)
    return path


def translate_package(root: Path) -> None:
    """The package's printed words in the new language (src/nn_tutorial/language.py): its code
    at the end of ``LANGUAGES``, and its text in every message of ``MESSAGES``."""
    path = root / "src" / "nn_tutorial" / "language.py"
    source = path.read_bytes()  # ast's columns count bytes
    lines = source.split(b"\n")
    inserts = []  # (line, column, text) before a closing bracket
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "LANGUAGES":
            inserts.append((node.value.end_lineno, node.value.end_col_offset - 1, f', "{NEW}"'))
        elif isinstance(node, ast.Dict) and DEFAULT_LANGUAGE in [ast.literal_eval(k) for k in
                                                                 node.keys if k]:  # fmt: skip
            english = ast.literal_eval(node.values[[ast.literal_eval(k) for k in node.keys].index(
                DEFAULT_LANGUAGE)])  # fmt: skip
            entry = f'"{NEW}": {translated(english)!r}'
            inserts.append((node.end_lineno, node.end_col_offset - 1, f", {entry}"))
    for line, column, text in sorted(inserts, reverse=True):
        row = lines[line - 1]
        before = row[:column].rstrip()
        if not before:  # the bracket on a line of its own: the new text on the line above it
            lines.insert(line - 1, row[:column] + b"    " + text.removeprefix(", ").encode() + b",")
            continue
        if before.endswith(b","):
            text = text.removeprefix(", ") + ","
        lines[line - 1] = row[:column] + text.encode() + row[column:]
    path.write_bytes(b"\n".join(lines))


def test_a_new_language_is_a_line_in_the_table_its_catalog_and_its_translated_files(tmp_path, memo):
    passed, remember = machinery_passed(memo())
    if passed:
        return
    root = tiny_site(tmp_path, ("plot_first", "plot_last"))
    # The steps of "Add a language", and nothing else:
    set_table(
        root / "docs" / "site_facts.py", "LANGUAGES", ['    "eo": ("Esperanto", "Esperanto"),']
    )
    add_tooltip(root)
    write_catalog(root)
    write_edition(root, NEW, ("plot_first", "plot_last"), NEW_WORDS)
    translate_package(root)
    solution = f"\n# %%\n# **{translated('Solution')}**\n\nprint('solved')\n"
    with (root / "gallery" / NEW / "plot_last.py").open("a", encoding="utf-8") as file:
        file.write(solution)
    translations(root, "--accept-all", "--language", NEW)
    html = build(root)

    languages = [*LANGUAGES, NEW]  # the table's order: the new line comes last
    for language in languages:
        for path in pages(html / language):
            page = Page(path)
            relative = path.relative_to(html / language).as_posix()
            assert page.lang == language, relative
            assert set(page.alternates) == {*languages, "x-default"}, f"{language}/{relative}"
            switch = path.read_text(encoding="utf-8").split('class="nn-lang-switch"')[1]
            switch = switch.split("</nav>")[0]
            assert re.findall(r'\blang="(\w+)"', switch) == languages, f"{language}/{relative}"

    for language in languages:  # the switch's tooltips, each in the page's language
        index = (html / language / "index.html").read_text(encoding="utf-8")
        titles = dict(re.findall(r'hreflang="(\w+)"[^>]*title="([^"]+)"', index))
        assert set(titles) == set(languages) - {language}, language
        if language == NEW:
            assert all(title.startswith(translated("")) for title in titles.values()), titles
        if language == "ko":
            assert titles[NEW] == TOOLTIP[1], titles

    lesson_page = (html / NEW / LESSONS_DIR / "plot_last.html").read_text(encoding="utf-8")
    text = " ".join(Page(html / NEW / LESSONS_DIR / "plot_last.html").text)
    out = f'.sphx-glr-script-out::before {{ content: "{translated("Out:")}"; }}'
    assert f'html[lang="{NEW}"] {out}' in lesson_page, "the 'Out:' label is not the catalog's"
    fold = f'<details class="nn-solution"><summary>{translated("Solution")}</summary>'
    assert fold in lesson_page, "the solution is not folded under the catalog's word"
    for words in ("Download Jupyter notebook:", "Download Python source code:"):
        assert f"{translated(words)} plot_last" in " ".join(text.split()), words
    assert translated("Run this lesson yourself") in text
    assert "nn-stale" not in lesson_page, "a stale-translation note: the record was not accepted"
    assert f"plot_last 42 {translated('loss')}" in lesson_page, "the package's words"

    root_page = Page(html / "index.html")
    assert f"{NEW}/index.html" in root_page.links and root_page.alternates[NEW]
    assert ">Esperanto</a>" in (html / "index.html").read_text(encoding="utf-8")
    # Korean search stays Korean: the particle stripper is in the Korean edition's search only
    assert "KOREAN_PARTICLES" in (html / "ko" / "_static" / "language_data.js").read_text(
        encoding="utf-8"
    )
    assert "KOREAN_PARTICLES" not in (html / NEW / "_static" / "language_data.js").read_text()
    remember()
