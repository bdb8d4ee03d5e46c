"""The record that lets the slow checks skip what passed before (tests/memo.py): a unit is skipped
only while every byte it depends on is the same."""

from __future__ import annotations

import json

import memo as memo_module
import pytest
from memo import Memo, code_of


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """A page, its style sheet and a check's code in a repository of the test's own."""
    monkeypatch.setattr(memo_module, "ROOT", tmp_path)
    monkeypatch.setattr(memo_module, "MEMO_DIR", tmp_path / "memo")
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "page.html").write_text("<p>hello</p>")
    (folder / "site.css").write_text("p { color: black }")
    code = tmp_path / "test_check.py"
    code.write_text("def test(): pass\n")
    return folder, code


def remembered(folder, code, **kwargs) -> Memo:
    record = Memo("check", [code], **kwargs)
    record.remember("page", [folder / "page.html", folder / "site.css"])
    record.save()
    return Memo("check", [code], **kwargs)


def test_a_unit_that_passed_is_skipped_while_its_files_are_unchanged(tree):
    folder, code = tree
    record = remembered(folder, code)
    assert record.passed("page") and record.skipped == ["page"]
    assert not record.passed("another page"), "a unit never checked is checked"


@pytest.mark.parametrize("change", ["page", "style sheet", "deleted", "test code", "context"])
def test_any_change_to_what_a_unit_read_checks_it_again(tree, change):
    folder, code = tree
    remembered(folder, code, context="chromium 1")
    context = "chromium 1"
    if change == "page":
        (folder / "page.html").write_text("<p>hello!</p>")
    elif change == "style sheet":
        (folder / "site.css").write_text("p { color: black; }")
    elif change == "deleted":
        (folder / "site.css").unlink()
    elif change == "test code":
        code.write_text("def test(): assert True\n")
    else:
        context = "chromium 2"
    assert not Memo("check", [code], context=context).passed("page")


def test_a_new_package_version_checks_everything_again(tree, monkeypatch):
    folder, code = tree
    remembered(folder, code)
    real = memo_module.environment()
    monkeypatch.setattr(memo_module, "environment", lambda: real.replace("torch==", "torch==9"))
    assert not Memo("check", [code]).passed("page")


def test_fresh_checks_everything_and_a_forgotten_unit_is_checked(tree):
    folder, code = tree
    remembered(folder, code)
    assert not Memo("check", [code], fresh=True).passed("page")
    record = Memo("check", [code])
    record.forget("page")
    record.save()
    assert not Memo("check", [code]).passed("page")


def test_a_file_the_check_rewrites_is_recorded_as_it_is_at_the_end(tree):
    """A screenshot, say: read when the unit is looked up, written anew by the check."""
    folder, code = tree
    shot = folder / "shot.png"
    shot.write_bytes(b"old")
    record = Memo("check", [code])
    record.remember("page", [folder / "page.html", shot])
    assert record.passed("page")
    shot.write_bytes(b"new picture")
    record.remember("page", [folder / "page.html", shot])
    record.save()
    assert Memo("check", [code]).passed("page")


def test_a_unit_that_names_a_missing_file_is_not_recorded(tree):
    folder, code = tree
    record = Memo("check", [code])
    record.remember("page", [folder / "page.html", folder / "gone.css"])
    record.save()
    assert "page" not in record.record
    assert not Memo("check", [code]).passed("page")


SCRIPT = '''"""
A lesson
========

What it teaches.
"""

# %%
# Some prose about the code.
import math

print(math.sqrt(2))  # the answer
'''


@pytest.mark.parametrize(
    ("edit", "same"),
    [
        (lambda s: s.replace("Some prose", "Other prose"), True),
        (lambda s: s.replace("What it teaches.", "What it shows."), True),
        (lambda s: s.replace("# the answer", "# an answer"), True),
        (lambda s: s.replace("sqrt(2)", "sqrt(3)"), False),
        (lambda s: s.replace("print(", "print('x', "), False),
        (lambda s: s.replace("import math", "import cmath as math"), False),
    ],
)
def test_the_code_of_a_script_leaves_out_the_prose_only(tmp_path, edit, same):
    """What a run of a lesson depends on: a change to the prose keeps it, one to the code not."""
    script = tmp_path / "plot_x.py"
    script.write_text(SCRIPT)
    before = code_of(script)
    script.write_text(edit(SCRIPT))
    assert (code_of(script) == before) == same


def test_the_code_of_a_notebook_is_its_code_cells(tmp_path):
    def notebook(markdown: str, code: str):
        cells = [
            {"cell_type": "markdown", "source": [markdown], "metadata": {}},
            {"cell_type": "code", "source": [code], "metadata": {}, "outputs": []},
        ]
        path = tmp_path / "plot_x.ipynb"
        path.write_text(json.dumps({"cells": cells, "nbformat": 4}))
        return code_of(path)

    assert notebook("# 강의", "x = 1") == notebook("# 강의입니다", "x = 1")
    assert notebook("# 강의", "x = 1") != notebook("# 강의", "x = 2")


MARKED = """
from pathlib import Path

import pytest
from conftest import SERVED

PAGE = Path(__file__).parent / "page.html"


@pytest.mark.memo
def test_the_page(request):
    with (PAGE.parent / "runs.txt").open("a") as runs:
        runs.write("ran\\n")
    request.config.stash[SERVED].add(PAGE)  # as test_browser's server does for what it serves
    assert "broken" not in PAGE.read_text()
"""


def test_a_test_marked_memo_runs_again_only_when_a_file_it_was_served_changes(
    pytester, monkeypatch
):
    """The whole-test memo (tests/conftest.py, for the browser tests): a test that passed is not
    called again while the files it was served are the same bytes; a change to one, --fresh, or
    a failure (forgotten, even once the file is as it was when the test passed) runs it."""
    import conftest

    monkeypatch.setattr(memo_module, "ROOT", pytester.path)
    monkeypatch.setattr(memo_module, "MEMO_DIR", pytester.path / "memo")
    pytester.makepyfile(test_marked=MARKED)
    page = pytester.path / "page.html"
    page.write_text("<p>hello</p>")

    def run(*args: str) -> tuple[int, int]:
        """The number of tests passed and failed, and how often the test has run so far."""
        outcome = pytester.runpytest(*args, plugins=[conftest]).parseoutcomes()
        ran = (pytester.path / "runs.txt").read_text().count("ran")
        return outcome.get("passed", 0) - outcome.get("failed", 0), ran

    assert run() == (1, 1)
    assert run() == (1, 1), "called again on the same bytes"
    page.write_text("<p>hello!</p>")
    assert run() == (1, 2), "not called after the page changed"
    assert run("--fresh") == (1, 3)
    page.write_text("<p>broken</p>")
    assert run() == (-1, 4)
    assert run() == (-1, 5), "a failure was remembered"
    page.write_text("<p>hello!</p>")
    assert run() == (1, 6), "a failure left the last pass remembered"
    assert run() == (1, 6)
