"""The package speaks the page's language: one catalog, every message in every language."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from nn_tutorial import language

PACKAGE = Path(language.__file__).parent
# Calls whose string arguments a reader reads: printed lines, and text drawn on a figure.
READER_CALLS = {
    "print", "log", "set_title", "set_xlabel", "set_ylabel", "text", "annotate", "suptitle",
    "legend", "set_label", "set_yticks", "set_xticks", "set_xticklabels", "set_yticklabels",
}  # fmt: skip
WORD = re.compile(r"[^\W\d_]{2,}")  # two letters in a row: a word, not a format or a symbol


def test_every_message_has_every_language():
    for key, texts in language.MESSAGES.items():
        assert set(texts) == set(language.LANGUAGES), f"MESSAGES[{key!r}] lacks a language"
        fields = {language: set(re.findall(r"\{(\w+)", text)) for language, text in texts.items()}
        assert len({frozenset(f) for f in fields.values()}) == 1, f"MESSAGES[{key!r}]: {fields}"


def test_an_unknown_language_is_named_with_the_choices():
    choices = re.escape(str(language.LANGUAGES))
    with pytest.raises(ValueError, match=rf"language must be one of {choices}, got 'fr'"):
        language.set_language("fr")


def words_in(node: ast.AST) -> list[ast.Constant]:
    """String constants holding a word in ``node``, leaving out the keys given to text()."""
    if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "text":
        return []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node] if WORD.search(node.value) else []
    return [found for child in ast.iter_child_nodes(node) for found in words_in(child)]


def test_the_package_shows_no_words_outside_the_catalog():
    """A word in a string given straight to print or to a figure would stay English on a
    Korean page: every such string must come from language.text()."""
    problems = []
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name not in READER_CALLS or getattr(node.func, "id", "") == "text":  # the catalog
                continue
            for argument in [*node.args, *(k.value for k in node.keywords if k.arg == "label")]:
                problems += [f"{path.name}:{c.lineno}: {c.value!r}" for c in words_in(argument)]
    assert not problems, "strings for the reader outside language.MESSAGES:\n" + "\n".join(problems)


def test_wrap_counts_a_hangul_syllable_as_two_columns():
    english = language.wrap("word " * 40, width=20)
    assert all(len(line) <= 20 for line in english.splitlines()) and "\n" in english
    korean = language.wrap("한국어 문장은 한 글자가 두 칸을 차지합니다 " * 4, width=20)
    assert all(language.columns(line) <= 20 for line in korean.splitlines())
    assert max(language.columns(line) for line in korean.splitlines()) > 14  # lines are filled
    assert language.wrap("averyveryverylongword short", width=5) == "averyveryverylongword\nshort"
