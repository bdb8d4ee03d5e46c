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
    # training.train_two_layer_net: the error when the loss stops being finite
    "mlp.diverged": {
        "en": "the loss became {loss} at step {step}: lower the learning rate (it is {lr}).",
        "ko": "{step}단계에서 손실이 유한하지 않은 값({loss})이 되었습니다. "
        "학습률을 낮추세요(지금은 {lr}).",
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
    # models.check_images / models.check_batch: what a model expected, what came, and why
    "check.not_tensor": {
        "en": "{model} expects {what} to be a torch.Tensor, got {got}.",
        "ko": "{model}의 {what}에는 torch.Tensor가 와야 하는데 {got} 객체가 왔습니다.",
    },
    "check.one_image": {
        "en": "{model} expects a batch of images shaped {expected}, got one image shaped "
        "{shape}. The convolutions and poolings would accept it, but torch.flatten(x, 1) "
        "before the first Linear layer keeps dimension 0 as the batch: the last "
        "convolution's channels would become rows, and that layer would get the wrong "
        "number of features. Add the batch dimension with x.unsqueeze(0).",
        "ko": "{model}에는 shape이 {expected}인 이미지 배치가 와야 하는데 shape이 {shape}인 "
        "이미지 한 장이 왔습니다. 합성곱과 풀링은 이대로도 받지만, 첫 Linear 계층 앞의 "
        "torch.flatten(x, 1)은 0번 차원을 배치로 남겨 둡니다. 그러면 마지막 합성곱의 채널이 "
        "행이 되어, 그 계층에는 특징 수가 맞지 않는 입력이 갑니다. "
        "x.unsqueeze(0)으로 배치 차원을 붙이세요.",
    },
    "check.image_shape": {
        "en": "{model} expects input shaped {expected}, got {shape}.",
        "ko": "{model}에는 shape이 {expected}인 입력이 와야 하는데 shape이 {shape}인 입력이 "
        "왔습니다.",
    },
    "check.image_size": {
        "en": "{model} expects {size} x {size} images, got {height} x {width} "
        "(input shaped {shape}).",
        "ko": "{model}에는 {size} x {size} 이미지가 와야 하는데 {height} x {width} 이미지가 "
        "왔습니다(입력 shape {shape}).",
    },
    "check.resize_hint": {
        "en": " MNIST-sized images must be resized to 32 x 32 first, for example with "
        "nn_tutorial.data.load_digits(image_size=32) or F.interpolate(x, size=32).",
        "ko": " MNIST 크기의 이미지는 먼저 32 x 32로 바꿔야 합니다. 예를 들어 "
        "nn_tutorial.data.load_digits(image_size=32)나 F.interpolate(x, size=32)를 쓰세요.",
    },
    "check.one_sample": {
        "en": "{model} expects {what} shaped N x {features}, got one sample shaped {shape}: "
        "the model works along dimension 1 of a batch, which one sample lacks. Add the "
        "batch dimension with {what}.unsqueeze(0).",
        "ko": "{model}의 {what}에는 shape이 N x {features}인 배치가 와야 하는데 shape이 "
        "{shape}인 샘플 하나가 왔습니다. 이 모델은 배치의 1번 차원을 따라 계산하는데, 샘플 "
        "하나에는 그 차원이 없습니다. {what}.unsqueeze(0)으로 배치 차원을 붙이세요.",
    },
    "check.batch_shape": {
        "en": "{model} expects {what} shaped N x {features}, got {shape}.",
        "ko": "{model}의 {what}에는 shape이 N x {features}인 입력이 와야 하는데 shape이 "
        "{shape}인 입력이 왔습니다.",
    },
    # plotting.plot_confusion_matrix
    "label.predicted": {"en": "predicted digit", "ko": "예측한 숫자"},
    "label.true": {"en": "true digit", "ko": "실제 숫자"},
    # tick labels of the RNN lesson's figure: a numbered row of a digit, a numbered time step
    "label.row_n": {"en": "row {n}", "ko": "{n}행"},
    "label.step_n": {"en": "step {n}", "ko": "{n}단계"},
}
"""Message key -> language -> text (a ``str.format`` template)."""

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
