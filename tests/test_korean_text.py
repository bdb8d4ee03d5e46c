"""What a reader reads on the built pages: Korean spacing, and no stray object reprs.

These read ``docs/_build/html`` (``nox -s docs`` first). Each test lists every
problem it finds, with the page and a snippet around it, not only the first.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from site_facts import LANGUAGES

# Particles and copulas that are written against the word before them in Korean. A space
# between inline markup (code, bold, a link) and one of these is the reST/MyST slip the
# guide warns about (``x`` 는 instead of ``x``\ 는). The particle must end there (space,
# punctuation, a tag or the end), so "가장" after a code span is not flagged. The subject
# particle 이 is left out: after a space it cannot be told from 이 "this" (이 함수).
PARTICLES = (
    "은|는|가|을|를|의|에|에서|에게|로|으로|와|과|도|만|까지|부터|처럼|보다|"
    "입니다|이다|이며|이고|이면|이라는|이라고|라는|라고"
)
SPACED_PARTICLE = re.compile(
    rf"</(?:code|strong|em|span|a|kbd)>(?:</(?:code|strong|em|span|a)>)*"
    rf"[ \t\n]+({PARTICLES})(?=[\s.,;:!?)…\]]|<|$)"
)
# Counters are written against their number: 3개, 1,221장, 에폭 20회, 8행. (Units of measure
# such as 픽셀 may stand apart, as the spelling rules allow: 8 x 8 픽셀.)
COUNTERS = "개|장|회|번|단계|행|열|줄|초|층|차원|칸|배|명|권|쪽|에폭|가지|자리|쌍|글자"
SPACED_COUNTER = re.compile(
    rf"(?<![\w.])\d[\d,]*[ \t\n]+({COUNTERS})(?=[\s.,;:!?)…\]]|[은는이가을를의에로와과도만]|$)"
)
REPRS = re.compile(
    r"<Figure size|\bText\(|np\.float64\(|<matplotlib\.|\bLine2D\b|<AxesSubplot|<Axes:"
)

NOT_PROSE = re.compile(r"<(pre|script|style|head)\b.*?</\1>", re.S)
OUTPUT = re.compile(r'<div class="sphx-glr-script-out[^"]*">(.*?)</div>\s*</div>', re.S)


def korean_pages(site: Path) -> list[Path]:
    return sorted((site / "ko").rglob("*.html"))


def snippet(text: str, start: int, end: int) -> str:
    return " ".join(text[max(0, start - 40) : end + 20].split())


def test_no_space_between_inline_markup_and_its_particle(site):
    problems = []
    for page in korean_pages(site):
        source = NOT_PROSE.sub(" ", page.read_text(encoding="utf-8"))
        for match in SPACED_PARTICLE.finditer(source):
            plain = html.unescape(re.sub(r"<[^>]+>", "", snippet(source, *match.span())))
            problems.append(f"{page.relative_to(site)}: '{match.group(1)}' after markup: {plain}")
    assert not problems, "a space before a particle:\n" + "\n".join(problems)


def test_no_space_between_a_number_and_its_counter(site):
    problems = []
    for page in korean_pages(site):
        source = NOT_PROSE.sub(" ", page.read_text(encoding="utf-8"))
        text = html.unescape(re.sub(r"<[^>]+>", "", source))
        for match in SPACED_COUNTER.finditer(text):
            problems.append(f"{page.relative_to(site)}: {snippet(text, *match.span())}")
    assert not problems, "a space between a number and its counter:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_lesson_output_shows_no_object_reprs(site, language):
    problems = []
    for page in sorted((site / language / "lessons").glob("plot_*.html")):
        for block in OUTPUT.findall(page.read_text(encoding="utf-8")):
            text = html.unescape(re.sub(r"<[^>]+>", "", block))
            problems += [
                f"{page.relative_to(site)}: {snippet(text, *m.span())}"
                for m in REPRS.finditer(text)
            ]
    assert not problems, "reprs leaked into the output (assign the value or end with ;):\n" + (
        "\n".join(problems)
    )


def test_the_checks_see_what_they_are_meant_to_see():
    """The patterns catch the slips and leave correct Korean alone."""
    assert SPACED_PARTICLE.search("<code>x</code> 는 값")
    assert SPACED_PARTICLE.search("<strong>변화도</strong> 입니다.")
    assert SPACED_PARTICLE.search("<a><code>fit</code></a> 을")
    assert not SPACED_PARTICLE.search("<code>x</code>는 값")
    assert not SPACED_PARTICLE.search("<code>fit</code> 이 함수")
    assert not SPACED_PARTICLE.search("<code>fit</code> 가장 먼저")
    assert SPACED_COUNTER.search("숫자 1,437 장을")
    assert SPACED_COUNTER.search("3 개")
    assert not SPACED_COUNTER.search("3개, 1,437장, 에폭 20회")
    assert SPACED_COUNTER.search("20 에폭 동안")
    assert not SPACED_COUNTER.search("20에폭, 세 가지")
    assert not SPACED_COUNTER.search("8 x 8 이미지, 8 x 8 픽셀")
    assert REPRS.search("<Figure size 640x480 with 1 Axes>")
    assert REPRS.search("Text(0.5, 1.0, 'title')")
    assert not REPRS.search("epoch  1/8  train loss 0.5")
