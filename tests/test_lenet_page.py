"""The LeNet lesson as built: it shows fit's real loop, and prints the facts its prose states.

These read the built site (``nox -s docs`` first), in both languages.
"""

from __future__ import annotations

import inspect
import textwrap

import pytest
from conftest import parse

from nn_tutorial import training

# What the page prints, and must print, for each claim of its prose.
PRINTED = {
    "en": [
        "RuntimeError: mat1 and mat2 shapes cannot be multiplied (16x36 and 576x120)",
        "AddmmBackward0 | a graph Node: True",
        "AddmmBackward0 | a Function: False",
        "fit gives the same weights as the loop by hand: True",
        "same outputs: True",
        "Flatten    [1, 400]",  # LeNet-5's 16 * 5 * 5, from a dummy forward pass
        "SVC settings chosen on validation:",
        "(95% interval)",
    ],
    "ko": [
        "RuntimeError: mat1 and mat2 shapes cannot be multiplied (16x36 and 576x120)",
        "AddmmBackward0 | 그래프의 Node인가: True",
        "AddmmBackward0 | Function인가: False",
        "fit과 직접 작성한 루프의 가중치가 같은가: True",
        "출력이 같은가: True",
        "Flatten    [1, 400]",
        "검증 데이터로 고른 SVC 설정:",
        "(95% 구간)",
    ],
}


def fit_loop() -> str:
    """The epoch loop of training.fit, as the page's literalinclude cuts it (dedented)."""
    source = inspect.getsource(training.fit)
    start = source.index("    for epoch in range(")
    end = source.index("    return history")
    return textwrap.dedent(source[start:end]).strip()


def page_text(site, language: str) -> str:
    return "".join(parse(site / language / "lessons" / "plot_lenet.html").text)


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_page_shows_the_loop_of_fit_exactly_as_the_package_has_it(site, language):
    loop = fit_loop()
    assert "optimizer.zero_grad()" in loop and "loss.backward()" in loop
    assert loop in page_text(site, language), (
        f"{language}/lessons/plot_lenet.html does not show training.fit's loop as it is in "
        "src/nn_tutorial/training.py: rebuild the site, or fix the literalinclude markers"
    )


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_page_prints_what_its_prose_claims(site, language):
    text = page_text(site, language)
    for line in PRINTED[language]:
        assert line in text, f"{language}/lessons/plot_lenet.html does not print {line!r}"
