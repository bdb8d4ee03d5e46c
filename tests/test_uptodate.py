"""The project's one "is it up to date?" (docs/uptodate.py): current only while every input byte,
every string and every output is as it was remembered; and what docs/build.py feeds it."""

from __future__ import annotations

import importlib.util
import os
import shutil

import pytest
from site_facts import DOCS, GALLERY, LESSONS_DIR, LOCALE, PACKAGE, ROOT
from uptodate import Record, fingerprint


@pytest.fixture
def made(tmp_path):
    """An output made from two files and a pin, remembered in a saved record."""
    (tmp_path / "a.txt").write_text("alpha")
    (tmp_path / "b.txt").write_text("beta")
    (tmp_path / "out.bin").write_bytes(b"made")
    record = Record(tmp_path / "record.json", root=tmp_path)
    assert record.remember("out", [tmp_path / "a.txt", tmp_path / "b.txt"], ["torch==2.13.0"])
    record.save()
    return tmp_path


def is_current(folder, strings=("torch==2.13.0",), files=None) -> bool:
    record = Record(folder / "record.json", root=folder)
    return record.current("out", files, strings, outputs=[folder / "out.bin"])


def test_an_output_is_current_while_its_inputs_are_unchanged(made):
    assert is_current(made)
    assert is_current(made, files=[made / "b.txt", made / "a.txt"]), "order does not matter"
    assert not Record(made / "record.json", root=made).current("never made")


@pytest.mark.parametrize(
    "change",
    ["a changed byte", "same size, same instant", "an input deleted", "the output deleted",
     "a changed string", "a string added", "a file added", "the record lost"],
)  # fmt: skip
def test_any_change_makes_it_stale(made, change):
    strings, files = ("torch==2.13.0",), None
    if change == "a changed byte":
        (made / "a.txt").write_text("alphA")
    elif change == "same size, same instant":
        # Rewritten in the same tick of the clock: size and modification time say nothing.
        stat = (made / "b.txt").stat()
        assert is_current(made)  # the hash of b.txt is now known to this process
        (made / "b.txt").write_text("bet4")
        os.utime(made / "b.txt", ns=(stat.st_atime_ns, stat.st_mtime_ns))
    elif change == "an input deleted":
        (made / "b.txt").unlink()
    elif change == "the output deleted":
        (made / "out.bin").unlink()
    elif change == "a changed string":
        strings = ("torch==2.14.0",)
    elif change == "a string added":
        strings = ("torch==2.13.0", "NN_BASE_URL=http://x")
    elif change == "a file added":
        (made / "c.txt").write_text("gamma")
        files = [made / "a.txt", made / "b.txt", made / "c.txt"]
    else:
        (made / "record.json").unlink()
    assert not is_current(made, strings, files)


def test_strings_are_not_run_together():
    assert fingerprint(strings=["ab", "c"]) != fingerprint(strings=["a", "bc"])
    assert fingerprint(strings=["a"]) == fingerprint(strings=["a"])


def test_a_unit_naming_a_missing_file_is_forgotten_not_recorded(made):
    record = Record(made / "record.json", root=made)
    assert not record.remember("out", [made / "a.txt", made / "gone.txt"])
    assert "out" not in record.units
    assert fingerprint([made / "gone.txt"]) is None


def test_a_record_with_a_root_stays_valid_when_the_folder_moves(made, tmp_path_factory):
    moved = tmp_path_factory.mktemp("elsewhere") / "tree"
    shutil.copytree(made, moved)
    assert is_current(moved)
    assert Record(moved / "record.json", root=moved).files("out") == [
        moved / "a.txt", moved / "b.txt"
    ]  # fmt: skip


def test_a_salt_is_a_string_every_unit_depends_on(made):
    assert not Record(made / "record.json", root=made, salt="other").current(
        "out", strings=["torch==2.13.0"]
    )


def _build_module():
    spec = importlib.util.spec_from_file_location("site_build", DOCS / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_an_edition_depends_on_every_source_of_the_site_and_on_nothing_the_build_writes():
    """docs/build.py skips an edition whose sources are as it last built them: those must be all
    the files a build reads, and none that a build writes (or no build would ever be skipped)."""
    sources = set(_build_module().site_sources())
    for needed in [
        ROOT / "pyproject.toml",
        DOCS / "conf_common.py",
        DOCS / "site_facts.py",
        DOCS / "uptodate.py",
        DOCS / "_ext" / "gallery_pages.py",
        DOCS / "_static" / "site.css",
        DOCS / "ko" / "conf.py",
        DOCS / "terms.csv",
        LOCALE / "ko" / "LC_MESSAGES" / "sphinx.po",
        GALLERY / "ko" / "plot_rnn.py",
        GALLERY / "en" / "README.txt",
        PACKAGE / "training.py",
    ]:
        assert needed in sources, needed
    for path in sources:
        parts = path.relative_to(ROOT).parts
        assert "_build" not in parts and "__pycache__" not in parts, path
        assert LESSONS_DIR not in parts[:3] and path.suffix not in (".mo", ".pyc"), path


def test_the_lessons_run_again_when_the_package_changes(tmp_path, monkeypatch):
    """lesson_runner's question to sphinx-gallery: did the package change since the lessons
    last ran?"""
    import lesson_runner

    package = tmp_path / "nn_tutorial"
    package.mkdir()
    (package / "models.py").write_text("WIDTH = 8\n")
    monkeypatch.setattr(lesson_runner, "PACKAGE", package)
    gallery = tmp_path / "lessons"
    gallery.mkdir()
    assert lesson_runner.package_changed(gallery), "never ran"
    record = Record(gallery / lesson_runner.STAMP, root=package)
    record.remember("lessons", **lesson_runner.package_inputs())
    record.save()
    assert not lesson_runner.package_changed(gallery)
    (package / "data.py").write_text("")
    assert lesson_runner.package_changed(gallery), "a new module"
    (package / "data.py").unlink()
    (package / "models.py").write_text("WIDTH = 9\n")
    assert lesson_runner.package_changed(gallery), "a changed byte"
