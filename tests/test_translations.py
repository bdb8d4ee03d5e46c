"""The editions move together: same lessons and pages, same code, same structure, agreed terms.

A failure names the file (and line) and says what differs. The rules, for every translated
language against the source language (``site_facts.LANGUAGES``):

- every lesson and page exists in every language;
- every script of a lesson has the same code: their ASTs match once docstrings are dropped
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
import site_facts
from site_facts import GENERATED_DIRS
from term_table import read_terms as load_terms  # the one reader of terms.csv
from translation_status import SOURCE, TARGETS, lesson_cells, translated_files, units_of

ROOT = Path(__file__).resolve().parents[1]
GALLERY = ROOT / "gallery"
DOCS = ROOT / "docs"
TERMS = DOCS / "terms.csv"

LESSONS = [f"{lesson}.py" for lesson in site_facts.LESSONS]


def markdown_pages(language: str) -> list[str]:
    folder = DOCS / language
    return sorted(
        str(p.relative_to(folder)) for p in folder.rglob("*.md") if "_build" not in p.parts
    )


PAGES = markdown_pages(SOURCE)

# Calls and keywords whose string arguments are words for the reader: they may be translated.
TEXT_CALLS = {
    "print", "set_title", "set_xlabel", "set_ylabel", "suptitle", "text", "annotate",
    "legend", "set_label", "title", "xlabel", "ylabel", "FloatingPointError", "ValueError",
    "set_language",  # each edition names its own language
}  # fmt: skip
TEXT_KEYWORDS = {"title", "xlabel", "ylabel", "label", "labels"}


def test_every_edition_has_the_same_lessons_and_pages():
    for language in site_facts.LANGUAGES:
        found = sorted(p.name for p in (GALLERY / language).glob("*.py"))
        assert found == sorted(LESSONS), (
            f"gallery/{language} must hold exactly the lessons of site_facts.LESSONS, got {found}"
        )
        assert markdown_pages(language) == PAGES, f"docs/{SOURCE} and docs/{language} differ"
        readme = "README.txt"
        assert (GALLERY / SOURCE / readme).exists() == (GALLERY / language / readme).exists()


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
@pytest.mark.parametrize("language", TARGETS)
def test_every_edition_of_a_lesson_has_the_same_code(lesson, language):
    original, translated = code_of(GALLERY / SOURCE / lesson), code_of(GALLERY / language / lesson)
    if original != translated:
        original_lines, translated_lines = original.splitlines(), translated.splitlines()
        first = next(
            (
                i
                for i, (a, b) in enumerate(zip(original_lines, translated_lines, strict=False))
                if a != b
            ),
            min(len(original_lines), len(translated_lines)),
        )
        context = "\n".join(f"  {SOURCE}: {a}\n  {language}: {b}" for a, b in zip(
            original_lines[first : first + 3], translated_lines[first : first + 3], strict=False
        ))  # fmt: skip
        pytest.fail(f"gallery/{language}/{lesson} differs in code from its original:\n{context}")


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
@pytest.mark.parametrize("language", TARGETS)
def test_every_edition_of_a_lesson_has_the_same_cells_and_headings(lesson, language):
    original, translated = (
        structure_of(GALLERY / SOURCE / lesson),
        structure_of(GALLERY / language / lesson),
    )
    assert len(translated) == len(original), (
        f"gallery/{language}/{lesson} has {len(translated) - 1} '# %%' cells, "
        f"gallery/{SOURCE}/{lesson} has {len(original) - 1}"
    )
    for index, (a, b) in enumerate(zip(original, translated, strict=True)):
        assert a == b, (
            f"cell {index} of {lesson}: headings {b} in {language}, {a} in {SOURCE} "
            "(levels by underline)"
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
@pytest.mark.parametrize("language", TARGETS)
def test_every_edition_of_a_page_has_the_same_headings(page, language):
    original, translated = (
        markdown_headings(DOCS / SOURCE / page),
        markdown_headings(DOCS / language / page),
    )
    assert translated == original, (
        f"docs/{language}/{page} has heading levels {translated}, "
        f"docs/{SOURCE}/{page} has {original}"
    )


@pytest.mark.parametrize("file", translated_files())
@pytest.mark.parametrize("language", TARGETS)
def test_every_translated_file_has_the_units_of_its_original(file, language):
    """Lessons, pages in Markdown and reST, the gallery's README: the same units (cells or
    sections) in the same order, which the translation record relies on."""
    original, translated = units_of(file, SOURCE), units_of(file, language)
    assert len(translated) == len(original), (
        f"{file}: {len(translated)} units in {language}, {len(original)} in {SOURCE}"
    )


HANGUL = re.compile(r"[\uac00-\ud7a3]")


def korean_prose(path: Path) -> list[tuple[int, str]]:
    """(line number, text) of the Korean a reader reads in a file: in a lesson or the package,
    its comments, docstrings and the strings holding Hangul (printed or drawn on a figure); in
    the site's catalog, the translations (``msgstr``); every line of a page."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if path.suffix == ".po":  # a translation is its msgstr line and the strings continuing it
        prose, in_msgstr = [], False
        for number, line in enumerate(lines, start=1):
            in_msgstr = line.startswith("msgstr") or (in_msgstr and line.startswith('"'))
            prose += [(number, line)] if in_msgstr else []
        return prose
    if path.suffix != ".py":
        return list(enumerate(lines, start=1))
    tree = ast.parse("\n".join(lines))
    numbers = {
        number
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and HANGUL.search(node.value)
        for number in range(node.lineno, node.end_lineno + 1)
    }  # fmt: skip
    return [
        (number, line)
        for number, line in enumerate(lines, start=1)
        if number in numbers or line.lstrip().startswith("#") or "  # " in line
    ]


def test_the_term_table_is_complete():
    terms = load_terms()
    assert {"english", "korean", "avoid"} <= set(terms[0])
    english = {row["english"] for row in terms}
    for term in ("gradient", "weight", "layer", "loss", "epoch", "convolution", "hook"):
        assert term in english, f"{TERMS.relative_to(ROOT)} lacks the term {term!r}"
    korean = [row["korean"] for row in terms]
    assert len(set(korean)) == len(korean), "two English terms share one Korean term"


def korean_files() -> list[Path]:
    """Every file whose Korean a reader reads: lessons, pages, the gallery's index, the
    site's interface catalog, and the package's message catalog (its Korean strings)."""
    pages = (p for p in (DOCS / "ko").rglob("*") if p.suffix in {".md", ".rst"})
    return sorted(
        [
            *(GALLERY / "ko").glob("*.py"),
            *(GALLERY / "ko").glob("*.txt"),
            *(p for p in pages if not {"_build", *GENERATED_DIRS} & set(p.parts)),
            *(DOCS / "locale" / "ko").rglob("*.po"),
            ROOT / "src" / "nn_tutorial" / "language.py",
        ]
    )


def listed_form(korean: str) -> str:
    """The term as written after its first use: '상태 사전(state_dict)' -> '상태 사전'."""
    return re.sub(r"\([^)]*\)", "", korean).strip()


def term_problems(line: str) -> list[str]:
    """The words to avoid in one line, and agreed terms written in another spacing.

    Matching is by word, not by substring: a word inside a longer agreed term is part of that
    term ('파라미터' in '하이퍼파라미터' is fine), while an agreed word inside a longer word to
    avoid is still that word to avoid ('매개변수' does not excuse '하이퍼매개변수').
    """
    terms = load_terms()
    agreed = {listed_form(row["korean"]) for row in terms} | {row["korean"] for row in terms}
    spans = [
        (match.start(), match.end())
        for term in agreed
        for match in re.finditer(re.escape(term), line)
    ]  # fmt: skip

    def inside_a_longer_term(start: int, end: int) -> bool:
        return any(a <= start and end <= b and b - a > end - start for a, b in spans)

    problems = []
    for row in terms:
        preferred = listed_form(row["korean"])
        # A term of several words is written with its spaces: '혼동 행렬', not '혼동행렬'.
        variants = dict.fromkeys(
            [*row["avoid"], *([preferred.replace(" ", "")] * (" " in preferred))]
        )
        for word in variants:
            for match in re.finditer(re.escape(word), line):
                if not inside_a_longer_term(*match.span()):
                    problems.append(f"'{word}' -> '{preferred}' ({row['english']})")
    return problems


def test_the_term_check_matches_words_not_substrings():
    assert term_problems("하이퍼파라미터(hyperparameter)는") == []
    assert term_problems("학습률을 정합니다") == []
    assert term_problems("하이퍼매개변수를") == [
        "'하이퍼매개변수' -> '하이퍼파라미터' (hyperparameter)"
    ]
    assert term_problems("파라미터를") == ["'파라미터' -> '매개변수' (parameter)"]
    assert term_problems("학습율을") == ["'학습율' -> '학습률' (learning rate)"]
    assert term_problems("혼동행렬을") == ["'혼동행렬' -> '혼동 행렬' (confusion matrix)"]
    assert term_problems("텐서의 모양") == ["'텐서' -> 'Tensor' (Tensor)"]


def test_korean_prose_uses_the_agreed_terms():
    problems = [
        f"{path.relative_to(ROOT)}:{number}: {problem}, as {TERMS.relative_to(ROOT)} says"
        f" | {line.strip()[:80]}"
        for path in korean_files()
        for number, line in korean_prose(path)
        for problem in term_problems(line)
    ]
    assert not problems, "\n".join(problems)


PARTICLES = "이|가|을|를|은|는|와|과|으로|로"
"""The particles whose form depends on the sound before them (의, 에, 도 do not)."""

PATTERNS = {
    "이(가)-style fallback: rephrase so no particle follows a value": (
        r"[이을은와과]\([가를는과와]\)|\(으\)로"
    ),
    "a particle right after a {placeholder}": rf"\{{[^{{}}]*\}}(?:{PARTICLES})(?![가-힣])",
    "~를 필요로 하다: write ~가 필요하다": r"[을를] 필요로 하",
    "~에서의: write ~의, or rephrase": r"에서의",
    "~로부터: write ~에서, or rephrase": r"로부터",
    "매 ~마다: one of the two is enough": r"(?<![가-힣])매 [^.,]{1,20}?마다",
    "자신/자기 for its: name the noun or drop it": r"자신의|자신과|자신이|자기의",
    # "8개의 행" (write "행 8개"), but not "오차 32개의 평균" (the mean of 32 errors)
    "N개의 X: write X N개": r"(?:^|[#\-(,.:]\s*|모두 |총 |[은는이가을를에] )\d[\d,]*\s?개의 ",
}
"""Korean that reads as English: each found in a line a reader sees is reported with its fix."""


def calque_problems(line: str) -> list[str]:
    return [what for what, pattern in PATTERNS.items() if re.search(pattern, line)]


def test_the_calque_check_catches_what_it_is_meant_to():
    caught = {
        "숫자이(가) 와야 합니다": "이(가)",
        "{got}이 왔습니다": "placeholder",
        "변화도를 필요로 하는 이유": "필요로",
        "각 계층 출력에서의 변화도": "에서의",
        "출력으로부터 계산합니다": "로부터",
        "매 시간 단계마다": "매 ~마다",
        "자신의 변화도": "자신",
        "- 8개의 행을 읽습니다": "N개의",
        "모두 10개의 출력을 냅니다": "N개의",
    }
    for line, what in caught.items():
        assert calque_problems(line), f"{what} not caught in {line!r}"
    for line in ("{got} 객체가 왔습니다", "시간 단계마다", "행 8개를", "변화도가 필요합니다",
                 "데이터셋에서 고릅니다", "{model}의 {what}에는", "{n}곳 확인 필요",
                 "제곱 오차 32개의 평균"):  # fmt: skip
        assert not calque_problems(line), line


def test_korean_prose_has_no_fallbacks_or_calques():
    problems = [
        f"{path.relative_to(ROOT)}:{number}: {what} | {line.strip()[:80]}"
        for path in korean_files()
        for number, line in korean_prose(path)
        for what in calque_problems(line)
    ]
    assert not problems, "\n".join(problems)


def test_korean_prose_says_tensor_not_a_transliteration():
    """Tensor stays 'Tensor' in Korean (the class is ``torch.Tensor``): never 텐서 or 'tensor'
    lowercase as a Korean word, in the prose and in what the package prints."""
    problems = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}"
        for path in korean_files()
        for number, line in korean_prose(path)
        if "텐서" in line or re.search(r"(?<![\w.`])tensor(?=[\uac00-\ud7a3])", line)
    ]
    assert not problems, "write 'Tensor' in Korean prose, not 텐서 or 'tensor':\n" + "\n".join(
        problems
    )
