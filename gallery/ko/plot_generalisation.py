r"""
일반화: 과적합, 규제, 조기 종료
===============================

신경망은 학습에 쓴 이미지가 아니라 다른 이미지에 쓰려고 만듭니다. 처음 보는 이미지에서 얼마나
잘하는지를 신경망의 *일반화*\ (generalisation) 성능이라고 하며, 학습 손실로는 이것을 잴 수
없습니다. :doc:`plot_convnet`\ 의 학습은 검증 손실이 학습 손실의 다섯 배쯤 되는 상태로
끝났습니다. 이 강의에서는 그 격차를 그림으로 그려 보고, 격차를 줄이는 흔한 방법 세 가지(더 다양한
학습 이미지, 가중치 감쇠, 드롭아웃)를 한 번에 하나씩 시드(seed) 여러 개로 시험합니다. 이렇게
격차를 줄이는 방법을 규제(regularisation)라고 합니다. 끝으로, 마지막 에폭 대신 가장 좋은
에폭의 가중치를 남겨 둡니다.

**이 강의에서 배울 내용**

- 곡선에서 과적합이 보이는 모습: 학습 손실은 계속 내려가는데 검증 손실은 더는 따라 내려가지 않습니다.
- 변화 하나를 시험하는 방법: 그 변화만 주고, 시드 여러 개로 돌려, 시드끼리 나는 차이와 견줍니다.
- 무작위 이동, 가중치 감쇠, 드롭아웃이 여기서 각각 어떤 효과를 냈는지(측정값으로)
- ``copy.deepcopy(model.state_dict())``\ 로 가장 좋은 에폭의 가중치를 남기는 방법(조기 종료)
"""

# %%
# 여러 번 학습할 작은 신경망
# --------------------------
#
# 변화 하나를 제대로 시험하려면 학습을 여러 번 해야 합니다. 여기서는 설정 네 가지를 시드 세 개로
# 하나씩, 모두 열두 번 학습합니다. 그래서 이 강의에서는 ``MNISTConvNet``\ 보다 작은 신경망을 원래
# 크기(8 x 8 픽셀)의 손글씨 숫자에 씁니다. 필터 32개짜리 3 x 3 합성곱 하나(``padding=1``\ 이라
# 8 x 8이 그대로 남습니다), 4 x 4로 줄이는 2 x 2 풀링, 그리고 선형 계층 두 개입니다.
# :doc:`plot_convnet`\ 에서 본 컨테이너인 ``nn.Sequential``\ 로 만들었고, 그 안의 ``nn.Dropout``
# 계층은 ``make_net``\ 의 ``dropout``\ 이 기본값인 0이면 아무 일도 하지 않습니다(``nn.Dropout()``
# 자체의 기본값은 절반을 버리는 0.5입니다).
import torch
from torch import nn

import nn_tutorial
from nn_tutorial import data, plotting, set_language, training

set_language("ko")  # 패키지가 출력하고 그리는 글은 이 페이지의 언어를 따릅니다
device = nn_tutorial.device()  # 가속기(CUDA, MPS, XPU)가 있으면 가속기, 없으면 CPU
train_set, val_set, test_set = data.load_digits(image_size=8)
loss_fn = nn.CrossEntropyLoss()
SEEDS = (0, 1, 2)


def make_net(dropout: float = 0.0) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1),  # 32 x 8 x 8
        nn.ReLU(),
        nn.MaxPool2d(2),  # 32 x 4 x 4
        nn.Flatten(),
        nn.Linear(32 * 4 * 4, 128),
        nn.ReLU(),
        nn.Dropout(dropout),  # 특징 128개 가운데 이 비율만큼을 0으로 만듭니다(학습 모드에서만)
        nn.Linear(128, 10),
    )


def train(seed, *, images=train_set, weight_decay=0.0, dropout=0.0, on_epoch=None):
    """새 신경망을 12에폭 동안 학습합니다. 무작위로 정해지는 것은 모두 seed 값을 따릅니다."""
    torch.manual_seed(seed)  # 처음 가중치, 드롭아웃 마스크, 무작위 이동
    net = make_net(dropout)
    optimizer = torch.optim.AdamW(net.parameters(), lr=1e-2, weight_decay=weight_decay)
    history = training.fit(
        net,
        images,
        val_set,
        epochs=12,
        optimizer=optimizer,
        loss_fn=loss_fn,
        device=device,
        seed=seed,  # 배치 순서
        log=None,
        on_epoch=on_epoch,
    )
    return net, history


print(f"이미지: 학습용 {len(train_set)}장, 검증용 {len(val_set)}장, 테스트용 {len(test_set)}장")
print(f"검증 이미지 한 장은 정확도 {100 / len(val_set):.2f}%포인트입니다")

# %%
# 216장 가운데 한 장이 0.46%포인트입니다. 1~2%포인트보다 작은 정확도 차이는 이미지 몇 장이고,
# 시드만 바뀌어도 그만큼은 움직입니다.
#
# 그림으로 보는 과적합
# --------------------
#
# 기준 설정을 시드 세 개로 학습합니다. ``fit``\ 에 ``on_epoch``\ 으로 넘긴
# :class:`nn_tutorial.training.KeepBest`\ 는 에폭마다 불리고, 검증 손실이 그때까지의 가장 낮은 값보다
# 낮아질 때마다 가중치의 사본을 남깁니다. 이 사본은 마지막 절에서 씁니다.
keepers = [training.KeepBest() for _ in SEEDS]
baseline = [train(seed, on_epoch=keep) for seed, keep in zip(SEEDS, keepers, strict=True)]
net, history = baseline[0]  # 시드 0, 아래에 그립니다
for epoch in (1, 6, 12):
    print(
        f"에폭 {epoch:2d}: 학습 손실 {history.train_loss[epoch - 1]:.3f}, "
        f"검증 손실 {history.val_loss[epoch - 1]:.3f}"
    )

# %%
# 학습 손실은 0을 향해 끝까지 내려갑니다. 신경망이 학습 이미지마다 올바른 클래스를 거의 확신하게
# 됩니다. 검증 손실은 처음 몇 에폭 동안 빠르게 내려가다가, 학습 손실이 계속 내려가는 동안 거의
# 움직이지 않고, 가장 낮았던 값보다 조금 높은 곳에서 끝납니다. 색칠한 띠가 두 손실 사이의 격차이고, 화살표는 마지막 에폭에서 그 크기를 보여
# 줍니다. 신경망이 학습 이미지 1,221장에만 맞고 다른 숫자에는 맞지 않는 세부까지 익힌 것입니다.
# 이것이 *과적합*\ 입니다. 점선은 검증 손실이 가장 낮은 에폭을 표시합니다.
fig = plotting.plot_history(
    history, title="기준 설정, 시드 0: 과적합", mark_gap=True, mark_best=True
)

# %%
# 한 번에 하나씩, 시드 세 개로
# -----------------------------
#
# 흔히 쓰는 처방 세 가지를 하나씩 따로 기준 설정과 비교합니다. 차이에 원인이 하나만 있도록 나머지
# (신경망, 옵티마이저, 학습률, 에폭, 시드)는 모두 그대로 둡니다.
#
# - **무작위 이동**\ (데이터 증강): :class:`nn_tutorial.data.RandomShift`\ 는 학습 이미지를
#   에폭마다 새로 뽑은 방향으로 1픽셀까지 옮깁니다. 그래서 신경망은 숫자 하나를 한 위치가 아니라
#   최대 아홉 위치에서 봅니다.
# - **가중치 감쇠**\ (weight decay): ``AdamW(weight_decay=0.5)``\ 는 단계마다 모든 가중치를 0 쪽으로
#   ``lr * weight_decay``\ 만큼, 즉 0.5%씩 줄입니다. 그래서 계속 제 몫을 하는 가중치만 크게
#   남습니다.
# - **드롭아웃**: ``nn.Dropout(0.5)``\ 는 학습 단계마다 특징 128개 가운데 무작위로 절반을 0으로
#   만들고 나머지는 두 배로 키웁니다. 그래서 어떤 특징도 다른 특징 하나가 늘 있으리라고 기댈 수
#   없습니다.
shifted = data.RandomShift(train_set, max_shift=1)
runs = [
    [history for _, history in baseline],
    [train(seed, images=shifted)[1] for seed in SEEDS],
    [train(seed, weight_decay=0.5)[1] for seed in SEEDS],
    [train(seed, dropout=0.5)[1] for seed in SEEDS],
]


def seed_table(runs, labels):
    """설정마다, 시드별로: 마지막 에폭의 검증 정확도(%), 검증 손실, 학습 손실."""
    return {
        label: [
            torch.tensor([100 * h.val_accuracy[-1] for h in histories]),
            torch.tensor([h.val_loss[-1] for h in histories]),
            torch.tensor([h.train_loss[-1] for h in histories]),
        ]
        for label, histories in zip(labels, runs, strict=True)
    }


table = seed_table(runs, labels=("기준", "이동", "가중치 감쇠", "드롭아웃"))
print("검증 정확도(%)                      검증 손실                 학습 손실")
print("시드 0, 1, 2      평균 ± 표준편차  시드 0, 1, 2       평균   평균   설정")
for label, (accuracies, val_losses, train_losses) in table.items():
    print(
        f"{'  '.join(f'{a:.1f}' for a in accuracies)}  "
        f"{accuracies.mean():.1f} ± {accuracies.std():.1f}       "
        f"{' '.join(f'{v:.3f}' for v in val_losses)}  {val_losses.mean():.3f}  "
        f"{train_losses.mean():.3f}  {label}"  # 이름은 맨 끝에: 폭이 제각각입니다
    )

# %%
# ±는 시드 세 개의 표준편차입니다. 아래 그림은 검증 데이터에서 잰 값을 시드마다 점 하나로, 평균은
# 가로 막대로 보여 줍니다. 두 설정의 점들이 겹치는지 눈으로 볼 수 있습니다.
fig = plotting.plot_seed_spread(
    {
        "검증 정확도(%)": {label: columns[0] for label, columns in table.items()},
        "검증 손실": {label: columns[1] for label, columns in table.items()},
    },
    title="한 번에 변화 하나, 설정마다 시드 세 개",
)

# %%
# 측정값이 말해 주는 것은 다음과 같습니다.
#
# - **무작위 이동**\ 만이 시드끼리의 차이를 뚜렷이 넘어선 변화입니다. 이동을 준 실행은 어느 것이나
#   기준 설정의 어느 실행보다 검증 손실이 낮고, 평균으로는 기준의 절반쯤입니다. 세 실행 모두
#   97.2%에 이르러 기준 설정의 모든 실행보다 높습니다(이미지로 한 장에서 네 장 차이). 이동을 준
#   실행의 학습 손실은 기준 설정보다 훨씬 높게 남습니다. 옮겨진 이미지는 에폭마다 새 문제이기
#   때문입니다. 격차가 양쪽에서 좁혀진 것입니다.
# - **가중치 감쇠**\ (0.5)는 학습 손실을 더 높게 붙잡아 두었습니다. 가중치가 학습 이미지 하나하나에
#   맞출 만큼 커지지 못하기 때문입니다. 하지만 검증 손실은 시드끼리의 차이보다 적게 바꾸었습니다. 이
#   실행들에서는 처음 보는 숫자에 대해 좋은 효과도 나쁜 효과도 보이지 않습니다.
# - **드롭아웃**\ 도 학습 손실을 더 높게 붙잡아 두었고 평균 검증 손실을 낮추었지만, 시드별 결과가
#   크게 흩어집니다(하나는 기준 설정만큼 높습니다). 시드 세 개로는 효과가 있다고 판단하기에
#   모자랍니다.
#
# 정확도에서는 어느 두 설정 사이에도 이미지 몇 장의 차이밖에 없습니다. 설정마다 한 번씩만
# 실행했다면 시드가 승자를 골랐을 것입니다. 이 결론은 이 신경망, 이 12에폭, 이 강도에서만
# 성립합니다. 가중치 감쇠나 드롭아웃의 강도를 바꾸면 또 다른 실험이 되므로, 같은 방식으로 다시
# 시험해야 합니다.
#
# 가장 좋은 에폭 남기기(조기 종료)
# --------------------------------
#
# ``fit``\ 은 마지막 에폭이 끝난 상태의 신경망을 반환하는데, 검증 손실은 그 전에 더 낮았을 수
# 있습니다. *조기 종료*\ (early stopping)는 그 대신 검증 손실이 가장 낮은 에폭의 가중치를 남깁니다.
# 기준 설정을 학습하는 동안 이 일을 한 것이 ``KeepBest``\ 입니다. 코드 전체는 다음과 같습니다.
#
# .. literalinclude:: ../../../src/nn_tutorial/training.py
#    :pyobject: KeepBest
#
# ``copy.deepcopy``\ 가 중요합니다. ``state_dict()``\ 는 모델이 가진 Tensor 그 자체를 반환하고,
# 옵티마이저는 이 Tensor를 제자리에서 계속 바꿉니다. 그래서 사본을 만들지 않으면 "가장 좋은" 가중치가
# 아무 말 없이 마지막 가중치가 되고 맙니다. 사본을 다시 불러올 때는 호출 한 번이면 됩니다. 에폭은
# 검증 데이터로 골랐으므로, 검증 데이터에서 잰 값은 이 선택을 실제보다 좋게 보여 줍니다. 공정한
# 비교는 여기서 한 번만 쓰는 테스트 데이터로 합니다.
for seed, (net, _), keep in zip(SEEDS, baseline, keepers, strict=True):
    last_loss, last_accuracy = training.evaluate(net, test_set, loss_fn, device=device)
    net.load_state_dict(keep.state)  # 가장 좋은 에폭의 가중치
    best_loss, best_accuracy = training.evaluate(net, test_set, loss_fn, device=device)
    print(
        f"시드 {seed}: 가장 좋은 에폭 {keep.epoch:2d}   테스트 손실 {last_loss:.3f}(마지막 에폭) -> "
        f"{best_loss:.3f}(가장 좋은 에폭)   정확도 {last_accuracy:.1%} -> {best_accuracy:.1%}"
    )

# %%
# 테스트 이미지는 360장이므로 한 장이 0.28%포인트입니다. 가장 좋은 에폭의 가중치는 모든 시드에서
# 테스트 손실이 더 낮았고, 테스트 정확도는 같거나 더 높았습니다(시드 1에서 세 장 더 맞혔습니다).
# 조기 종료는 가장 좋은 에폭 뒤의 에폭들이 과적합에 보탠 몫을 되돌렸습니다. 그렇다고 격차 자체가
# 없어지지는 않습니다(가장 좋은 에폭에서도 학습 손실은 검증 손실보다 훨씬 낮았습니다). 격차를
# 줄이는 데는 무작위 이동이 더 큰 역할을 했습니다.
#
# 요약
# ----
#
# - 과적합은 격차입니다. 학습 손실은 계속 내려가는데 검증 손실은 더는 따라 내려가지 않습니다. 두
#   곡선을 모두 그리세요. 마지막 에폭의 값만으로는 과적합이 언제 시작되었는지 알 수 없습니다.
# - 변화는 하나만 주고, 시드 여러 개로 시험하고, 그 차이를 시드끼리의 차이와 견주세요. 여기서는
#   이미지 한 장이 검증 정확도 0.46%포인트입니다.
# - 이 실행들에서 무작위 이동은 검증 손실을 절반으로 줄였고, 이 차이는 시드끼리의 차이를 뚜렷이
#   넘어섭니다. 가중치 감쇠(0.5)는 검증 손실에 효과가 보이지 않았고, 드롭아웃(0.5)은 평균을
#   낮추었지만 시드별 결과가 넓게 흩어져 있었습니다.
# - 조기 종료는 가장 좋은 에폭의 가중치를 남깁니다. ``copy.deepcopy(model.state_dict())``\ 나
#   ``fit(..., on_epoch=KeepBest())``\ 로 남기고 ``load_state_dict``\ 로 불러옵니다.
#
# 다음에 읽을 내용
# ----------------
#
# - 다음 강의인 :doc:`plot_hooks`: 순전파 훅과 역전파 훅, 특징 맵, 변화도 노름을 봅니다.
# - 앞 강의인 :doc:`plot_convnet`: 컨테이너, 그리고 드롭아웃이나 배치 정규화가 있는 신경망에서
#   ``train()``\ 과 ``eval()``\ 이 바꾸는 것을 봅니다.

# %%
# 연습 문제
# ---------
#
# 내려받은 노트북이나 스크립트에서 문제를 풀어 보세요. ``...`` 자리에 답을 쓰고 셀을 실행하면, 셀
# 안의 확인 함수가 답이 맞는지 알려 주고, 틀렸다면 가장 도움이 되는 힌트를 보여 줍니다(풀이를
# 알려 주지는 않습니다). 문제마다 뒤에 **풀이**\ 가 접혀 있습니다. 먼저 풀어 본 뒤에 이 페이지에서는
# **풀이**\ 를 누르고, Jupyter에서는 접힌 셀을 눌러 펼쳐 보세요.
from nn_tutorial import exercises

# sphinx_gallery_thumbnail_number = 2

# %%
# **1. 평균과 표준편차(몸풀기).** 시드마다 하나씩 잰 값의 목록을 받아, 위의 표가 출력하는
# ``(평균, 표준편차)`` 쌍을 반환하는 함수 ``spread(values)``\ 를 작성하세요.
#
# *힌트:* 표는 ``torch.std``\ 를 기본 설정으로 씁니다. 기본 설정에서는 ``n``\ 이 아니라
# ``n - 1``\ 로 나눕니다.
spread = ...  # 여기에 답을 쓰세요
exercises.check("generalisation-spread", spread)

# %%
# **풀이**


def spread(values):
    values = torch.tensor(values)
    return values.mean().item(), values.std().item()  # std는 기본으로 n - 1로 나눕니다


exercises.check("generalisation-spread", spread)

# %%
# **2. 로짓으로 구하는 정확도.** 가장 큰 로짓의 위치가 레이블과 같은 행의 비율(0에서 1 사이)을
# 반환하는 함수 ``accuracy(logits, labels)``\ 를 작성하세요.
#
# *힌트:* 예측한 클래스를 레이블과 비교한 다음 평균을 내세요.
accuracy = ...  # 여기에 답을 쓰세요
exercises.check("convnet-accuracy", accuracy)

# %%
# **풀이**


def accuracy(logits, labels):
    return (logits.argmax(dim=1) == labels).float().mean().item()


exercises.check("convnet-accuracy", accuracy)

# %%
# **3. 버그 찾기: 남지 않는 가장 좋은 가중치.** 아래 클래스는 검증 손실이 가장 낮은 에폭의 가중치를
# 남기려고 만든 것인데, 학습이 끝나면 ``state``\ 에 마지막 에폭의 가중치가 들어 있습니다.
#
# .. code-block:: python
#
#    class KeepBest:
#        def __init__(self):
#            self.epoch, self.val_loss, self.state = None, math.inf, None
#
#        def __call__(self, model, history):
#            if history.val_loss[-1] < self.val_loss:
#                self.epoch, self.val_loss = history.epochs, history.val_loss[-1]
#                self.state = model.state_dict()
#
# 속성과 호출 방법은 그대로 두고, 버그를 고친 ``KeepBest`` 클래스를 작성하세요. 확인 셀은 에폭
# 다섯 개가 끝날 때마다 인스턴스를 부르고, 호출 사이사이에 가중치를 제자리에서 바꿉니다.
#
# *힌트:* ``state_dict()``\ 가 반환하는 것은 모델의 Tensor 자체일까요, 그 사본일까요?
KeepBest = ...  # 여기에 답을 쓰세요
exercises.check("generalisation-keep-best", KeepBest)

# %%
# **풀이**
import copy
import math


class KeepBest:
    def __init__(self):
        self.epoch, self.val_loss, self.state = None, math.inf, None

    def __call__(self, model, history):
        if history.val_loss[-1] < self.val_loss:
            self.epoch, self.val_loss = history.epochs, history.val_loss[-1]
            self.state = copy.deepcopy(model.state_dict())  # 살아 있는 Tensor가 아니라 사본


exercises.check("generalisation-keep-best", KeepBest)
