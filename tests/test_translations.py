"""The two editions move together: same lessons and pages, same code, same structure, agreed terms.

A failure names the file (and line) and says what differs. The rules:

- every lesson and page exists in ``en`` and in ``ko``;
- the two scripts of a lesson have the same code: their ASTs match once docstrings are dropped
  (comments and prose cells are not in the AST) and the text of strings that are printed or drawn
  on a figure (arguments of print, of matplotlib's text calls, of the ``plot_*`` functions, and
  the ``title``/``label`` keywords) is blanked, since those are translated;
- the same ``# %%`` cells in the same order, and the same section headings (by level) in each;
- Korean prose uses the term table's words, not the ones it lists under "avoid".
"""

from __future__ import annotations

import ast
import itertools
import re
from pathlib import Path

import pytest
from term_table import read_terms as load_terms  # the one reader of terms.csv
from translation_status import lesson_cells

ROOT = Path(__file__).resolve().parents[1]
GALLERY = ROOT / "gallery"
DOCS = ROOT / "docs"
TERMS = DOCS / "terms.csv"

LESSONS = sorted(p.name for p in (GALLERY / "en").glob("*.py"))
PAGES = sorted(
    str(p.relative_to(DOCS / "en")) for p in (DOCS / "en").rglob("*.md") if "_build" not in p.parts
)

# Calls and keywords whose string arguments are words for the reader: they may be translated.
TEXT_CALLS = {
    "print", "set_title", "set_xlabel", "set_ylabel", "suptitle", "text", "annotate",
    "legend", "set_label", "title", "xlabel", "ylabel", "FloatingPointError", "ValueError",
    "set_language",  # each edition names its own language
}  # fmt: skip
TEXT_KEYWORDS = {"title", "xlabel", "ylabel", "label", "labels"}


def test_both_editions_have_the_same_lessons_and_pages():
    assert LESSONS, "no lessons in gallery/en"
    ko_lessons = sorted(p.name for p in (GALLERY / "ko").glob("*.py"))
    assert ko_lessons == LESSONS, "gallery/en and gallery/ko must hold the same lesson files"
    ko_pages = sorted(
        str(p.relative_to(DOCS / "ko")) for p in (DOCS / "ko").rglob("*.md")
        if "_build" not in p.parts
    )  # fmt: skip
    assert ko_pages == PAGES, "docs/en and docs/ko must hold the same pages"
    for readme in ("README.txt",):
        assert (GALLERY / "en" / readme).exists() == (GALLERY / "ko" / readme).exists()


class _BlankText(ast.NodeTransformer):
    """Blank the strings a reader reads (printed, or drawn on a figure); keep every other string."""

    def __init__(self) -> None:
        self.inside_text = 0

    def visit_Call(self, node: ast.Call) -> ast.AST:
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        self.visit(node.func)
        # A plot_* function of nn_tutorial.plotting takes data and the words drawn with it
        # (titles, labels, legend names as dict keys): its string arguments are text.
        is_text_call = name in TEXT_CALLS or name.startswith("plot_")
        self.inside_text += is_text_call
        node.args = [self.visit(arg) for arg in node.args]
        self.inside_text -= is_text_call
        for keyword in node.keywords:
            is_text = keyword.arg in TEXT_KEYWORDS or is_text_call
            self.inside_text += is_text
            keyword.value = self.visit(keyword.value)
            self.inside_text -= is_text
        return node

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        if self.inside_text and isinstance(node.value, str):
            return ast.copy_location(ast.Constant("<text>"), node)
        return node


def code_of(path: Path) -> str:
    """The script's AST as text, without docstrings and with the reader's strings blanked."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            body.pop(0)
    return ast.dump(_BlankText().visit(tree), include_attributes=False, indent=1)


@pytest.mark.parametrize("lesson", LESSONS)
def test_both_editions_of_a_lesson_have_the_same_code(lesson):
    en, ko = code_of(GALLERY / "en" / lesson), code_of(GALLERY / "ko" / lesson)
    if en != ko:
        en_lines, ko_lines = en.splitlines(), ko.splitlines()
        first = next(
            (i for i, (a, b) in enumerate(zip(en_lines, ko_lines, strict=False)) if a != b),
            min(len(en_lines), len(ko_lines)),
        )
        context = "\n".join(f"  en: {a}\n  ko: {b}" for a, b in zip(
            en_lines[first : first + 3], ko_lines[first : first + 3], strict=False
        ))  # fmt: skip
        pytest.fail(f"gallery/ko/{lesson} differs in code from gallery/en/{lesson}:\n{context}")


HEADING_UNDERLINE = re.compile(r"^([=\-~^\"'`#*+])\1{2,}\s*$")


def structure_of(path: Path) -> list[list[str]]:
    """One entry per cell (the docstring first): the underline characters of its headings."""
    cells = [cell.splitlines() for cell in lesson_cells(path)]  # the one parser of cells
    structure = []
    for lines in cells:
        levels = []
        for previous, line in itertools.pairwise(lines):
            match = HEADING_UNDERLINE.match(line.strip())
            if match and previous.strip() and not HEADING_UNDERLINE.match(previous.strip()):
                levels.append(match.group(1))
        structure.append(levels)
    return structure


@pytest.mark.parametrize("lesson", LESSONS)
def test_both_editions_of_a_lesson_have_the_same_cells_and_headings(lesson):
    en, ko = structure_of(GALLERY / "en" / lesson), structure_of(GALLERY / "ko" / lesson)
    assert len(ko) == len(en), (
        f"gallery/ko/{lesson} has {len(ko) - 1} '# %%' cells, gallery/en/{lesson} has {len(en) - 1}"
    )
    for index, (a, b) in enumerate(zip(en, ko, strict=True)):
        assert a == b, (
            f"cell {index} of {lesson}: headings {b} in ko, {a} in en (levels by underline)"
        )


def markdown_headings(path: Path) -> list[int]:
    levels, fenced = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and (match := re.match(r"^(#{1,6}) ", line)):
            levels.append(len(match.group(1)))
    return levels


@pytest.mark.parametrize("page", PAGES)
def test_both_editions_of_a_page_have_the_same_headings(page):
    en, ko = markdown_headings(DOCS / "en" / page), markdown_headings(DOCS / "ko" / page)
    assert ko == en, f"docs/ko/{page} has heading levels {ko}, docs/en/{page} has {en}"


def korean_prose(path: Path) -> list[tuple[int, str]]:
    """(line number, text) of the prose in a Korean file: comments and docstrings of a lesson,
    every line of a page. Code and printed output stay as the code has them."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if path.suffix != ".py":
        return list(enumerate(lines, start=1))
    prose = []
    tree = ast.parse("\n".join(lines))
    docstring = tree.body[0] if tree.body and isinstance(tree.body[0], ast.Expr) else None
    for number, line in enumerate(lines, start=1):
        in_docstring = docstring and docstring.lineno <= number <= docstring.end_lineno
        if in_docstring or line.lstrip().startswith("#") or "  # " in line:
            prose.append((number, line))
    return prose


def test_the_term_table_is_complete():
    terms = load_terms()
    assert {"english", "korean", "avoid"} <= set(terms[0])
    english = {row["english"] for row in terms}
    for term in ("gradient", "weight", "layer", "loss", "epoch", "convolution", "hook"):
        assert term in english, f"{TERMS.relative_to(ROOT)} lacks the term {term!r}"


def korean_files() -> list[Path]:
    return sorted((GALLERY / "ko").glob("*.py")) + sorted(
        p for p in (DOCS / "ko").rglob("*.md") if "_build" not in p.parts
    )


def test_korean_prose_uses_the_agreed_terms():
    avoid = [(word, row["korean"], row["english"]) for row in load_terms() for word in row["avoid"]]
    # A word to avoid inside a longer agreed term is that term ('파라미터' in '하이퍼파라미터'):
    # agreed terms are blanked out of the line before the search.
    agreed = sorted({row["korean"] for row in load_terms()}, key=len, reverse=True)
    problems = []
    for path in korean_files():
        for number, line in korean_prose(path):
            for term in agreed:
                line = line.replace(term, " ")
            for word, preferred, english in avoid:
                if word in line:
                    problems.append(
                        f"{path.relative_to(ROOT)}:{number}: '{word}' -> use '{preferred}' "
                        f"({english}), as {TERMS.relative_to(ROOT)} says"
                    )
    assert not problems, "\n".join(problems)
