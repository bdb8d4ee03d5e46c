"""The language of what the package prints and draws, and the one catalog of its words.

A Korean lesson calls ``set_language("ko")`` once, at its top; from then on the
lines :func:`~nn_tutorial.training.fit` prints and the labels the plots draw are
Korean. Errors raised by PyTorch itself stay as PyTorch prints them.

Every string the package shows a reader lives in :data:`MESSAGES`, one entry
per message with its English and its Korean, so a translator finds them all in
one place and a test can check that no language is missing one.
"""

from __future__ import annotations

__all__ = ["LANGUAGES", "MESSAGES", "get_language", "set_language", "text"]

LANGUAGES = ("en", "ko")
"""The languages the package speaks; the first is the default."""

MESSAGES: dict[str, dict[str, str]] = {
    # training.fit: one line an epoch
    "fit.epoch": {
        "en": "epoch {epoch:>2}/{epochs}  train loss {train_loss:.4f}  "
        "validation loss {val_loss:.4f}  validation accuracy {val_accuracy:.1%}",
        "ko": "에폭 {epoch:>2}/{epochs}  학습 손실 {train_loss:.4f}  "
        "검증 손실 {val_loss:.4f}  검증 정확도 {val_accuracy:.1%}",
    },
    "fit.resumed": {
        "en": "resumed from {path} after epoch {epoch}",
        "ko": "{path}에서 이어서 학습합니다 ({epoch}에폭까지 끝남)",
    },
    # training.train_two_layer_net: one line every few steps
    "mlp.step": {
        "en": "step {step:>4}  loss {loss:.4g}",
        "ko": "단계 {step:>4}  손실 {loss:.4g}",
    },
    # axis labels and legends
    "label.epoch": {"en": "epoch", "ko": "에폭"},
    "label.step": {"en": "step", "ko": "단계"},
    "label.loss": {"en": "loss", "ko": "손실"},
    "label.train_loss": {"en": "train loss", "ko": "학습 손실"},
    "label.val_loss": {"en": "validation loss", "ko": "검증 손실"},
    "label.val_accuracy": {"en": "validation accuracy", "ko": "검증 정확도"},
    "label.grad_norm": {"en": "gradient norm", "ko": "변화도 노름"},
    # boxes in the autograd-graph and shape-trace figures
    "label.leaf": {"en": "leaf", "ko": "잎"},
    "label.input": {"en": "input", "ko": "입력"},
    # tick labels of the RNN lesson's figure: a numbered row of a digit, a numbered time step
    "label.row_n": {"en": "row {n}", "ko": "{n}행"},
    "label.step_n": {"en": "step {n}", "ko": "{n}단계"},
}
"""Message key -> language -> text (a :meth:`str.format` template)."""

_language = LANGUAGES[0]


def set_language(language: str) -> None:
    """Print and draw in ``language`` from now on: ``"en"`` or ``"ko"``."""
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {language!r}.")
    _language = language


def get_language() -> str:
    """The language set by :func:`set_language` (``"en"`` until then)."""
    return _language


def text(key: str, **fields: object) -> str:
    """The message ``key`` in the current language, with ``fields`` filled in."""
    try:
        template = MESSAGES[key][_language]
    except KeyError:
        raise KeyError(f"no {_language!r} text for the message {key!r} in MESSAGES") from None
    return template.format(**fields)
