"""The two LeNet lessons as built: they show fit's real loop, and print what their prose states.

These read the built site (``nox -s docs`` first), in every language.
"""

from __future__ import annotations

import inspect
import textwrap

import pytest
from conftest import parse
from site_facts import LANGUAGES

from nn_tutorial import training

# What each page prints, and must print, for each claim of its prose: the network and its
# shapes in plot_lenet, the data and the real run in plot_lenet_training.
PRINTED = {
    "plot_lenet": {
        "en": [
            "RuntimeError: mat1 and mat2 shapes cannot be multiplied (16x36 and 576x120)",
            "AddmmBackward0 | a graph Node: True",
            "AddmmBackward0 | a Function: False",
            "32   3  1  2        16       16",  # the size formula with stride 2, as Conv2d gives
            "ValueError: padding='same' is not supported for strided convolutions",
            "5 x 5: 32 -> 28 -> 14 -> 10 -> 5 -> 16 * 5 * 5 = 400",
            "Flatten    [1, 400]",  # LeNet-5's 16 * 5 * 5, from a dummy forward pass
            "after:  Linear(in_features=400, out_features=120, bias=True)",  # nn.LazyLinear
            "plus the bias, are conv2's output channel 0: True",
        ],
        "ko": [
            "RuntimeError: mat1 and mat2 shapes cannot be multiplied (16x36 and 576x120)",
            "AddmmBackward0 | 그래프의 Node인가: True",
            "AddmmBackward0 | Function인가: False",
            "32   3  1  2        16       16",
            "ValueError: padding='same' is not supported for strided convolutions",
            "5 x 5: 32 -> 28 -> 14 -> 10 -> 5 -> 16 * 5 * 5 = 400",
            "Flatten    [1, 400]",
            "순전파 후: Linear(in_features=400, out_features=120, bias=True)",
            "conv2의 출력 채널 0과 같은가: True",
        ],
    },
    "plot_lenet_training": {
        "en": [
            "batch_size=64 drop_last=False 20 batches, the last one of  5, 1221 images an epoch",
            "batch_size=64 drop_last=True  19 batches, the last one of 64, 1216 images an epoch",
            "fit gives the same weights as the loop by hand: True",
            "same outputs: True",
            "SVC settings chosen on validation:",
            "(95% interval)",
        ],
        "ko": [
            "batch_size=64 drop_last=False 배치 20개, 마지막 배치  5장, 에폭마다 이미지 1221장",
            "batch_size=64 drop_last=True  배치 19개, 마지막 배치 64장, 에폭마다 이미지 1216장",
            "fit과 직접 작성한 루프의 가중치가 같은가: True",
            "출력이 같은가: True",
            "검증 데이터로 고른 SVC 설정:",
            "(95% 구간)",
        ],
    },
}


def fit_loop() -> str:
    """The epoch loop of training.fit, as the page's literalinclude cuts it (dedented)."""
    source = inspect.getsource(training.fit)
    start = source.index("    for epoch in range(")
    end = source.index("    return history")
    return textwrap.dedent(source[start:end]).strip()


def page_text(site, language: str, lesson: str = "plot_lenet_training") -> str:
    return "".join(parse(site / language / "lessons" / f"{lesson}.html").text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_shows_the_loop_of_fit_exactly_as_the_package_has_it(site, language):
    loop = fit_loop()
    assert "optimizer.zero_grad()" in loop and "loss.backward()" in loop
    assert loop in page_text(site, language), (
        f"{language}/lessons/plot_lenet_training.html does not show training.fit's loop as it is "
        "in src/nn_tutorial/training.py: rebuild the site, or fix the literalinclude markers"
    )


@pytest.mark.parametrize("lesson", list(PRINTED))
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_prints_what_its_prose_claims(site, language, lesson):
    text = page_text(site, language, lesson)
    for line in PRINTED[lesson][language]:
        assert line in text, f"{language}/lessons/{lesson}.html does not print {line!r}"
