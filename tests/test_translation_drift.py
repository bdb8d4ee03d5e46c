"""Translation drift: every translated prose unit translates today's English (docs/translations/).

The record and the check live in docs/_ext/translation_status.py; ``nox -s translations``
shows the same report these tests print.
"""

from __future__ import annotations

import re
import shutil

import pytest
import translation_status as status
from site_facts import LOCALE, ROOT


def test_no_korean_prose_lags_its_english():
    units = status.check()
    assert not units, status.report(units)


def scratch_tree(tmp_path):
    for folder in ("gallery", "docs"):
        shutil.copytree(
            ROOT / folder, tmp_path / folder,
            ignore=shutil.ignore_patterns("_build", "lessons", "generated", "gen_modules"),
        )  # fmt: skip
    return tmp_path


def test_editing_one_english_paragraph_reports_exactly_that_cell_until_accepted(tmp_path):
    root = scratch_tree(tmp_path)
    lesson = root / "gallery" / "en" / "plot_lenet.py"
    cells = status.lesson_cells(lesson)
    cell = next(i for i, text in enumerate(cells) if i > 2 and len(text.split()) > 20)
    first_line = cells[cell].splitlines()[0]
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text.replace(f"# {first_line}", f"# {first_line} Changed.", 1), "utf-8")

    units = status.check(root)
    assert [(u.language, u.file, u.cell, u.state) for u in units] == [
        ("ko", "gallery/plot_lenet.py", cell, "stale")
    ]
    assert f"+{first_line} Changed." in units[0].diff()
    assert f"-{first_line}" in units[0].diff()

    # rewrapping a paragraph is not a change
    rewrapped = lesson.read_text(encoding="utf-8").replace(" Changed.", "\n# Changed.", 1)
    lesson.write_text(rewrapped, encoding="utf-8")
    assert [u.cell for u in status.check(root)] == [cell]

    assert status.accept([f"gallery/plot_lenet.py:{cell}"], root) == [
        f"ko:gallery/plot_lenet.py:{cell}"
    ]
    assert status.check(root) == []


def test_new_and_removed_english_sections_are_listed(tmp_path):
    root = scratch_tree(tmp_path)
    page = root / "docs" / "en" / "glossary.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n## A new section\n\nNew text.\n", "utf-8")
    units = status.check(root)
    assert [(u.file, u.state) for u in units] == [("docs/glossary.md", "new")]
    assert "NEW ko: docs/glossary.md" in status.report(units)

    page = root / "docs" / "en" / "contributing.md"
    page.write_text("# Contributing\n\nOne section only.\n", encoding="utf-8")
    states = {(u.file, u.state) for u in status.check(root)}
    assert states == {
        ("docs/glossary.md", "new"), ("docs/contributing.md", "stale"),
        ("docs/contributing.md", "removed"),
    }  # fmt: skip


@pytest.fixture
def korean_catalog(tmp_path):
    """Sphinx's translator for the site's catalog, in Korean, as a Korean build has it."""
    from babel.messages import mofile, pofile
    from sphinx import locale

    folder = tmp_path / "locale" / "ko" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (LOCALE / "ko" / "LC_MESSAGES" / "sphinx.po").open("rb") as po:
        catalog = pofile.read_po(po)
    with (folder / "sphinx.mo").open("wb") as mo:
        mofile.write_mo(mo, catalog)
    locale.init([str(tmp_path / "locale")], "ko", "sphinx")
    yield
    locale.translators.clear()


def test_a_stale_korean_unit_carries_a_note_at_that_unit_linking_to_the_english(korean_catalog):
    class App:  # what add_stale_note reads of Sphinx's application
        class config:
            language = "ko"

    app = App()
    page = (ROOT / "docs" / "ko" / "contributing.md").read_text(encoding="utf-8")
    headings = [line for line in page.splitlines() if line.startswith("## ")]
    app.nn_translation_units = [status.Unit("ko", "docs/contributing.md", 2, "stale", "old", "new")]
    source = [page]
    status.add_stale_note(app, "contributing", source)
    assert source[0].count("이 부분의 영어 원문이 바뀌었습니다") == 1
    after = source[0].split(headings[1] + "\n", 1)[1]  # section 2 is the second "##" heading
    assert after.lstrip().startswith("```{admonition} 번역 확인 필요")
    english = (ROOT / "docs" / "en" / "contributing.md").read_text(encoding="utf-8")
    title = [line for line in english.splitlines() if line.startswith("## ")][1][3:]
    anchor = "-".join(re.findall(r"[a-z0-9]+", title.lower()))
    assert f'<a href="../en/contributing.html#{anchor}">' in after.split("```", 2)[1]

    # a lesson: sphinx-gallery's reST holds each text cell verbatim, between code blocks
    cells = status.lesson_cells(ROOT / "gallery" / "ko" / "plot_rnn.py")
    generated = "\n\n.. code-block:: Python\n\n    pass\n\n".join(cells)
    stale = next(i for i, text in enumerate(cells) if i > 1 and "---" not in text)
    app.nn_translation_units = [status.Unit("ko", "gallery/plot_rnn.py", stale, "stale", "a", "b")]
    lesson = [generated]
    status.add_stale_note(app, "lessons/plot_rnn", lesson)
    before, note = lesson[0].split(".. admonition:: 번역 확인 필요", 1)
    assert before.count("code-block") == stale  # the note sits just before that cell's text
    assert note.split("\n\n", 2)[2].lstrip().startswith(cells[stale].strip().splitlines()[0])
    assert "`영어 원문 <../../en/lessons/plot_rnn.html#" in note

    clean = [page]
    app.nn_translation_units = []
    status.add_stale_note(app, "contributing", clean)
    assert clean == [page]


def test_accepting_a_later_new_cell_keeps_the_earlier_one_new(tmp_path):
    root = scratch_tree(tmp_path)
    page = root / "docs" / "en" / "glossary.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n## One\n\nA.\n\n## Two\n\nB.\n", "utf-8")
    new = [u.cell for u in status.check(root)]
    assert len(new) == 2
    status.accept([f"docs/glossary.md:{new[1]}"], root)
    assert [(u.cell, u.state) for u in status.check(root)] == [(new[0], "new")]


def test_a_stale_unit_of_a_rest_page_gets_its_note_under_its_heading(korean_catalog):
    """index.rst, api.rst and the gallery's README are tracked like the Markdown pages."""

    class App:
        class config:
            language = "ko"

    app = App()
    page = (ROOT / "docs" / "ko" / "index.rst").read_text(encoding="utf-8")
    units = status.units_of("docs/index.rst", "ko")
    cell = next(i for i, text in enumerate(units) if i > 1 and "-----" in text)
    heading = units[cell].strip().splitlines()[0]
    app.nn_translation_units = [status.Unit("ko", "docs/index.rst", cell, "stale", "a", "b")]
    source = [page]
    status.add_stale_note(app, "index", source)
    after = source[0].split(heading + "\n", 1)[1].split("\n", 1)[1]  # past the underline
    assert after.lstrip().startswith(".. admonition:: 번역 확인 필요")
    english = status.units_of("docs/index.rst", "en")[cell].strip().splitlines()[0]
    anchor = "-".join(re.findall(r"[a-z0-9]+", english.lower()))
    note = after.split(units[cell].strip().splitlines()[3], 1)[0]  # up to the section's text
    assert f"<../en/index.html#{anchor}>" in note


def test_the_status_page_lists_every_tracked_file_in_the_pages_language(site):
    for language, heads in (("en", "File Units Korean"), ("ko", "파일 번역 단위 한국어")):
        text = (site / language / "translation-status.html").read_text(encoding="utf-8")
        table = re.search(r"<table.*?</table>", text, re.S).group()
        cells = " ".join(re.sub(r"<[^>]+>", " ", table).split())
        assert cells.startswith(heads), cells[:80]
        for file in status.translated_files():
            assert file in cells, f"{language}: {file} not on the status page"
