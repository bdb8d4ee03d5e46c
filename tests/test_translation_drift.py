"""Translation drift: every Korean prose unit translates today's English (docs/translations/).

The record and the check live in docs/_ext/translation_status.py; ``nox -s translations``
shows the same report these tests print.
"""

from __future__ import annotations

import shutil

import translation_status as status
from site_facts import ROOT


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
    assert [(u.file, u.cell, u.state) for u in units] == [("gallery/plot_lenet.py", cell, "stale")]
    assert f"+{first_line} Changed." in units[0].diff()
    assert f"-{first_line}" in units[0].diff()

    # rewrapping a paragraph is not a change
    rewrapped = lesson.read_text(encoding="utf-8").replace(" Changed.", "\n# Changed.", 1)
    lesson.write_text(rewrapped, encoding="utf-8")
    assert [u.cell for u in status.check(root)] == [cell]

    assert status.accept([f"gallery/plot_lenet.py:{cell}"], root) == [
        f"gallery/plot_lenet.py:{cell}"
    ]
    assert status.check(root) == []


def test_new_and_removed_english_sections_are_listed(tmp_path):
    root = scratch_tree(tmp_path)
    page = root / "docs" / "en" / "glossary.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n## A new section\n\nNew text.\n", "utf-8")
    units = status.check(root)
    assert [(u.file, u.state) for u in units] == [("docs/glossary.md", "new")]
    assert "NEW docs/glossary.md" in status.report(units)

    page = root / "docs" / "en" / "contributing.md"
    page.write_text("# Contributing\n\nOne section only.\n", encoding="utf-8")
    states = {(u.file, u.state) for u in status.check(root)}
    assert states == {
        ("docs/glossary.md", "new"), ("docs/contributing.md", "stale"),
        ("docs/contributing.md", "removed"),
    }  # fmt: skip


def test_a_stale_korean_page_carries_a_note_linking_to_the_english(tmp_path):
    class App:  # what add_stale_note reads of Sphinx's application
        class config:
            language = "ko"

    app = App()
    app.nn_translation_units = [status.Unit("docs/glossary.md", 1, "stale", "old", "new text")]
    source = ["# 용어집\n"]
    status.add_stale_note(app, "glossary", source)
    assert "이 부분의 영어 원문이 바뀌었습니다" in source[0]
    assert '<a href="../en/glossary.html">' in source[0] and source[0].endswith("# 용어집\n")
    lesson = [".. title\n"]
    app.nn_translation_units = [status.Unit("gallery/plot_rnn.py", 2, "stale", "a", "b")]
    status.add_stale_note(app, "lessons/plot_rnn", lesson)
    assert "`영어 원문 <../../en/lessons/plot_rnn.html>`__" in lesson[0]
    clean = ["# 용어집\n"]
    status.add_stale_note(app, "glossary", clean)
    assert clean == ["# 용어집\n"]
