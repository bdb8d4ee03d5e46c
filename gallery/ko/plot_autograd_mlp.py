r"""
Tensor만으로 만드는 2계층 신경망
====================================

``torch.nn``\ 과 ``torch.optim``\ 은 학습이 돌아가는 방식을 ``net(x)``\ 와 ``optimizer.step()``
뒤에 감춥니다. 이 강의에서는 이 둘 없이 작은 신경망을 만듭니다. 가중치(weight) 행렬 두 개,
행렬(matrix) 곱, ReLU, 식을 그대로 옮겨 쓴 손실 계산, ``loss.backward()``, 그리고 손으로 하는
갱신이 전부입니다. 감춰진 것이 없으니 모든 부분을 확인할 수 있습니다. 변화도는 종이에 유도한 식과
비교하고, 실행 전체는 ``torch.nn``\ 으로 만든 같은 모델과 비교합니다. 이 강의에는
:doc:`plot_autograd`\ 에서 본 것만 있으면 됩니다. ``requires_grad``, ``backward()``, ``.grad``,
``torch.no_grad()``\ 입니다.

**이 강의에서 배울 내용**

- 순전파(forward propagation)와 역전파(backward propagation)가 하는 일, 그리고 둘이 이루는 학습
  알고리즘
- 배치 크기와 그 밖의 하이퍼파라미터(hyperparameter)가 무엇인지
- 시작 가중치가 학습률의 크기를 정하는 이유, 시작 가중치를 fan-in에 맞춰 줄이는 방법, 평균
  손실이 학습률을 어떻게 바꾸는지
- 데이터가 아니라 가중치에만 변화도가 필요한 이유
- ``mm``, ``relu``, ``backward()``, ``torch.no_grad()``\ 로 학습 루프를 작성하는 방법
- Autograd가 구한 변화도가 손으로 적용한 연쇄 법칙의 결과와 같다는 것
- ``torch.optim.SGD``\ 와 함께 쓴 ``nn.Sequential``\ 이 정확히 같은 계산을 한다는 것
- 긴 학습 전에 할 두 가지 확인: 분류기의 첫 손실(클래스 개수의 ln 정도)과 배치 하나 과적합시키기
"""

# %%
# 순전파와 역전파
# --------------------------------
#
# 신경망은 입력에 차례로 적용되는 중첩 함수의 사슬이며, 함수마다 가중치가 있습니다. 학습은 두
# 과정을 번갈아 수행합니다.
#
# - **순전파**: 입력이 함수들을 차례로 통과하고, 신경망은 출력을 최대한 그럴듯하게
#   예측합니다. 이 예측을 목표값(target)과 비교하면 손실이 나옵니다.
# - **역전파**: 손실에서 출발해 같은 함수들을 거꾸로 거치며 연쇄 법칙을 적용하면, 모든 가중치에
#   대한 손실의 도함수, 즉 변화도를 얻습니다. 그런 다음 경사 하강법(gradient
#   descent)이 각 가중치를 변화도의 반대 방향으로 조금씩 옮겨 손실을 줄입니다.
#
# 여기서 쓰는 신경망에는 은닉 계층(hidden layer)이 하나 있습니다. 입력 배치 :math:`x` (샘플 하나가
# 한 행)에 대한 계산은 다음과 같습니다:
#
# .. math::
#
#    h = \mathrm{relu}(x W_1), \qquad \hat y = h W_2, \qquad
#    L = \sum_{i,j} (\hat y_{ij} - y_{ij})^2 .
#
# 학습 알고리즘
# ----------------------
#
# 1. 모든 가중치를 무작위 값으로 초기화(initialize)합니다.
# 2. 순전파: 입력을 :math:`W_1`\ 과 결합하고 활성화(activation) 함수(ReLU)를 적용해 은닉 값을
#    얻습니다. 이 값을 :math:`W_2`\ 와 결합해 출력을 얻습니다.
# 3. 출력과 목표값 사이의 손실을 계산합니다.
# 4. 역전파: 출력 계층의 가중치와 은닉 계층의 가중치, 즉 **모든** 가중치에 대한 손실의 변화도를
#    계산합니다.
# 5. 모든 가중치를 갱신합니다: :math:`W \leftarrow W - \eta \, \partial L / \partial W`.
# 6. 손실이 충분히 작아질 때까지 2단계부터 반복합니다.
#
# 장치(device)
# ------------
#
# :func:`nn_tutorial.device`\ 는 ``torch.accelerator``\ 가 찾은 가속기(CUDA로 쓰는 NVIDIA나 AMD GPU,
# Apple의 MPS, Intel의 XPU)를 반환하고, 가속기가 없으면 CPU를 반환합니다. 아래의 모든 Tensor는 이
# 장치에 만들어지므로, 이 강의는 어느 장치에서든 그대로 실행됩니다.
import math

import torch
from torch import nn

import nn_tutorial
from nn_tutorial import data, models, plotting, set_language, training

set_language("ko")  # 패키지가 출력하고 그리는 글은 이 페이지의 언어를 따릅니다

torch.manual_seed(0)

device = nn_tutorial.device()
print(device)

# %%
# 배치 크기와 하이퍼파라미터
# ------------------------------
#
# **배치 크기**\ (batch size)는 가중치를 한 번 갱신하는 데 쓰는 샘플의 수입니다. 샘플이 많으면 단계마다 더 믿을
# 만한 변화도를 얻고, 적으면 같은 계산량으로 더 많은 단계를 밟습니다. 여기서는 데이터셋(dataset)
# 전체가 샘플 32개로 된 배치 하나이므로, 모든 단계가 데이터 전체를 봅니다.
#
# 그 밖의 **하이퍼파라미터**\ 는 학습으로 얻는 값이 아니라 우리가 정하는 값입니다:
#
# - ``INPUT_SIZE``: 샘플 하나에 들어 있는 값의 개수, 즉 입력 계층의 너비입니다(1000).
# - ``HIDDEN_SIZE``: 은닉 계층의 유닛 수입니다(100).
# - ``OUTPUT_SIZE``: 샘플마다 예측하는 값의 개수입니다(2).
# - ``LEARNING_RATE``: 학습률(learning rate), 즉 변화도 단계마다 곱하는 계수 :math:`\eta`\ 입니다.
#   너무 작으면 학습이 느릿느릿 진행되고, 너무 크면 목표를 지나쳐 발산합니다. 1e-6은 아주 작아
#   보이는데, 이 신경망에 왜 이만큼 작은 값이 필요한지는 아래 시작 가중치 절에서 살펴봅니다.
BATCH_SIZE = 32
INPUT_SIZE = 1000
HIDDEN_SIZE = 100
OUTPUT_SIZE = 2
LEARNING_RATE = 1e-6

# %%
# 데이터와 가중치
# ----------------
#
# 데이터는 무작위입니다. 입력과 목표값 모두 :func:`nn_tutorial.data.random_regression`\ 이
# 표준정규분포에서 뽑습니다. 이 데이터에는 찾아낼 규칙이 없습니다. 목적은 학습 과정이 데이터를 맞춰
# 가는 모습을 지켜보는 데 있습니다.
x, y = data.random_regression(BATCH_SIZE, INPUT_SIZE, OUTPUT_SIZE, seed=0, device=device)
print(f"x: {list(x.shape)}, requires_grad={x.requires_grad}")
print(f"y: {list(y.shape)}, requires_grad={y.requires_grad}")

# %%
# 가중치는 :class:`nn_tutorial.models.TwoLayerNet` 안에 있는 평범한 Tensor 두 개이며, 다음과 같이
# 만들어집니다:
#
# .. literalinclude:: ../../../src/nn_tutorial/models.py
#    :pyobject: TwoLayerNet.__init__
#
# 변화도가 필요한 것은 가중치뿐입니다. 학습 루프는 가중치만 바꾸고 데이터는 바꾸지 않으므로,
# ``x``\ 나 ``y``\ 에 대한 변화도는 쓰일 일이 없습니다. 이를 요청하면 시간과 메모리만 낭비됩니다.
# Autograd가 그 변화도를 계산하는 데 필요한 값을 보관해 두어야 하기 때문입니다.


def starting_weights():
    """호출할 때마다 같은 무작위 가중치로 만드는 TwoLayerNet(시드 0)."""
    generator = torch.Generator().manual_seed(0)
    return models.TwoLayerNet(
        INPUT_SIZE, HIDDEN_SIZE, OUTPUT_SIZE, generator=generator, device=device
    )


model = starting_weights()
print(f"w1: {list(model.w1.shape)}, requires_grad={model.w1.requires_grad}")
print(f"w2: {list(model.w2.shape)}, requires_grad={model.w2.requires_grad}")

# %%
# 학습 루프
# -----------------
#
# 위 알고리즘을 500단계 실행합니다. ``mm``\ 은 행렬 곱셈이고, ``relu``\ 는 모든 원소에
# :math:`\max(0, \cdot)`\ 를 적용하며, 손실은 오차 제곱합입니다. ``loss.backward()``\ 가
# ``w1.grad``\ 와 ``w2.grad``\ 를 채웁니다. 갱신은 모델의 일부가 아니어서 autograd가 기록하면 안
# 되므로 ``torch.no_grad()`` 안에서 실행합니다. 마지막으로 변화도를 0으로 만듭니다. 그러지 않으면
# 다음 ``backward()``\ 가 기존 변화도에 새 값을 더하기 때문입니다.
# (:func:`nn_tutorial.training.train_two_layer_net`\ 은 같은 루프를 함수로 묶어 둔 것입니다.)
STEPS = 500
losses = []
for step in range(1, STEPS + 1):
    hidden = x.mm(model.w1).relu()  # 순전파: 은닉 계층, 32 x 100
    y_pred = hidden.mm(model.w2)  # 순전파: 출력, 32 x 2
    loss = (y_pred - y).pow(2).sum()  # 오차 제곱합
    losses.append(loss.item())
    if step == 1 or step % 100 == 0:
        print(f"단계 {step:>3}  손실 {loss.item():.3g}")

    loss.backward()  # 역전파: 변화도를 w1.grad와 w2.grad에 저장
    with torch.no_grad():
        model.w1 -= LEARNING_RATE * model.w1.grad
        model.w2 -= LEARNING_RATE * model.w2.grad
        model.w1.grad.zero_()
        model.w2.grad.zero_()

# %%
# 손실은 500단계 안에 수백만에서 약 :math:`10^{-7}`\ 까지 떨어집니다. 이 신경망의 가중치는
# 100,200개인데 맞춰야 할 값은 64개뿐이어서, 무작위 목표값조차 정확히 맞출 수 있습니다. 로그
# 스케일로 보면 곡선에 두 구간이 있습니다. 처음에는 가파르고 곧게 내려가다가, 약
# :math:`10^{-5}`\ 부터는 아주 느리게 내려갑니다. 이렇게 느려지는 것은 최적화가 힘을 잃어서가 아니라
# 32비트 부동소수점 수의 한계 때문입니다. 예측값은 크기가 30 정도인 곱 약 100개의 합이고, 그 반올림
# 오차(약 :math:`10^{-5}`)가 남은 오차만큼 큽니다. (같은 루프를 64비트 정밀도, 즉
# ``dtype=torch.float64``\ 로 실행하면 손실이 계속 떨어져 400단계에서는 :math:`10^{-20}` 아래로
# 내려갑니다.) 무작위 데이터를 이만큼 잘 맞췄다는 말은, 새 데이터에 통할 만한 것은 하나도 배우지
# 못했다는 뜻이기도 합니다. 여기서 살펴볼 것은 학습이 돌아가는 방식입니다.
fig = plotting.plot_losses(
    losses,
    title="2계층 신경망 학습",
    xlabel="단계",
    ylabel="손실",
    log=True,
)

# %%
# 학습률을 열 배로 키우면 앞에서 말한 또 하나의 위험, 즉 발산이 나타납니다. 함수로 묶은 루프는
# 손실이 처음으로 유한하지 않은 값이 되면 멈춥니다:
diverging = starting_weights()
try:
    training.train_two_layer_net(diverging, x, y, lr=1e-5, log=None)
except FloatingPointError as error:
    print("FloatingPointError:", error)

# %%
# 학습률이 이렇게 작아야 하는 이유: 시작 가중치
# --------------------------------------------------
#
# 주된 원인은 손실이 합이라는 점이 아니라 시작 가중치입니다. ``TwoLayerNet``\ 은 모든 가중치를
# 표준정규분포 N(0, 1)에서 뽑습니다. :math:`x W_1`\ 의 원소 하나는 표준편차가 1인 수끼리의 곱
# 1000개를 더한 값이므로, 표준편차가 약 :math:`\sqrt{1000} \approx 32`\ 입니다. 출력 하나는 ReLU를
# 거친 이런 값 100개에 역시 크기가 1 정도인 가중치를 곱해 더한 것인데, 목표값의 표준편차는 1입니다.
# 첫 예측이 수백씩 빗나가니 변화도가 아주 크고, 그래서 아주 작은 걸음만 안전합니다.


def spread(w1, w2):
    """가중치 w1, w2일 때 x @ w1과 출력의 표준편차."""
    with torch.no_grad():
        pre_activation = x.mm(w1)
        output = pre_activation.relu().mm(w2)
    return pre_activation.std().item(), output.std().item()


initial = starting_weights()
pre_std, output_std = spread(initial.w1, initial.w2)
print(
    f"N(0, 1) 가중치일 때의 표준편차: 입력 {x.std().item():.3g}, "
    f"x @ w1 {pre_std:.3g}, 출력 {output_std:.3g}, 목표값 {y.std().item():.3g}"
)

# %%
# 계층은 시작 가중치를 입력 개수, 즉 *fan-in*\ 에 맞춰 줄여서 이 문제를 피합니다. 곱 fan-in개의
# 합은 가중치 하나하나의 표준편차가 :math:`1/\sqrt{\text{fan-in}}`\ 일 때, 즉 N(0, 1 / fan-in)일 때
# 표준편차 1을 유지합니다. ReLU는 값의 절반쯤을 0으로 만들므로, ReLU 앞에서는 Kaiming(He)
# 초기화, 즉 N(0, 2 / fan-in)(``torch.nn.init.kaiming_normal_``)으로 분산을 두 배로
# 키워 계층을 지나도 값의 크기가 유지되게 합니다. ``nn.Linear``\ 는 가중치를 균등분포
# :math:`U(-1/\sqrt{\text{in\_features}},\, 1/\sqrt{\text{in\_features}})`\ 에서 뽑는데, 이
# 분포의 표준편차는 :math:`1/\sqrt{3\,\text{in\_features}}`\ 입니다. 역시 fan-in에 맞춰 줄이되 조금
# 더 작게 줄이는 셈입니다. 시드 0의 같은 가중치를 각 방식으로 줄인 결과와 ``nn.Linear``\ 가 직접
# 뽑은 가중치를 비교합니다:
torch.manual_seed(1)  # 데이터를 뽑은 시드 0은 피합니다. 가중치가 데이터를 되풀이하면 안 됩니다
linear1 = nn.Linear(INPUT_SIZE, HIDDEN_SIZE, bias=False, device=device)
linear2 = nn.Linear(HIDDEN_SIZE, OUTPUT_SIZE, bias=False, device=device)
with torch.no_grad():
    initialisations = {
        "N(0, 1)": (initial.w1, initial.w2),
        "N(0, 1 / fan-in)": (initial.w1 / INPUT_SIZE**0.5, initial.w2 / HIDDEN_SIZE**0.5),
        "Kaiming N(0, 2 / fan-in)": (
            initial.w1 * (2 / INPUT_SIZE) ** 0.5,
            initial.w2 * (2 / HIDDEN_SIZE) ** 0.5,
        ),
        "nn.Linear, U(±1/√fan-in)": (linear1.weight.T, linear2.weight.T),
    }
for name, (w1, w2) in initialisations.items():
    pre_std, output_std = spread(w1, w2)
    print(
        f"{name:<25} 표준편차: w1 {w1.std().item():.3g}, "
        f"x @ w1 {pre_std:.3g}, 출력 {output_std:.3g}"
    )

# %%
# 손실도 학습률을 정하는데, 그 배율은 정해져 있습니다. 합 대신 평균을 쓰면 손실과 모든 변화도가
# 평균을 낸 값의 개수, 즉 샘플 32개 곱하기 출력 2개인 64로 나뉩니다. 그러면 학습률을 64배 키워야
# 같은 걸음이 되고, 실제로 똑같은 걸음이 됩니다. N(0, 1) 가중치에 평균 손실과 학습률
# :math:`64 \times 10^{-6}`\ 을 쓰면 첫 실행의 손실을 64로 나눈 값이 마지막 비트까지 그대로
# 나옵니다(64는 2의 거듭제곱이라 반올림까지 같습니다). 합은 배치 크기에 따라 커지고 그 변화도도
# 함께 커지지만, 평균은 그렇지 않습니다. PyTorch의 손실이 기본으로 평균을 내는 것도 이
# 때문입니다(``nn.MSELoss()``\ 는 모든 값에 대해, ``nn.CrossEntropyLoss()``\ 는 샘플에 대해
# 평균을 냅니다). 그래야 배치 크기를 바꿔도 학습률을 바꿀 필요가 없습니다.
mean_losses = training.train_two_layer_net(
    starting_weights(), x, y, lr=64e-6, reduction="mean", log=None
)
pairs = list(zip(losses, mean_losses, strict=True))
relative = max(abs(64 * mean - total) / total for total, mean in pairs)
print(f"64 x 평균 손실과 합 손실, {STEPS}단계 동안의 최대 상대 차이: {relative}")

# %%
# 두 가지를 함께 바꾸어 Kaiming 가중치와 평균 손실을 쓰면, 같은 데이터가 학습률
# :math:`10^{-2}`\ 에서 학습됩니다. 합으로 환산하면 :math:`10^{-2} / 64 \approx 1.6 \times
# 10^{-4}`\ 로, N(0, 1) 가중치를 학습시킨 학습률의 160배이고, N(0, 1) 가중치를 오버플로시킨
# :math:`10^{-5}`\ 의 16배입니다. N(0, 1) 가중치는 같은 평균 손실과 학습률에서 4단계 안에
# 오버플로됩니다. 그림은 두 실행을 평균제곱오차(mean-squared error)로 나타냅니다. Kaiming 실행은
# 목표값 정도의 크기에서 출발해 백 단계 안에 첫 실행의 마지막 오차보다 낮아집니다. 값이 작으니
# 반올림 오차도 작아서, 훨씬 낮은 곳에서 끝납니다.
kaiming = starting_weights()
with torch.no_grad():
    kaiming.w1 *= (2 / INPUT_SIZE) ** 0.5  # Kaiming: 표준편차 sqrt(2 / fan-in)
    kaiming.w2 *= (2 / HIDDEN_SIZE) ** 0.5
kaiming_losses = training.train_two_layer_net(kaiming, x, y, lr=1e-2, reduction="mean", log=None)
for step in (1, 50, 100, STEPS):
    print(f"Kaiming, 평균 손실, lr 1e-2: 단계 {step:>3}  손실 {kaiming_losses[step - 1]:.3g}")
final = losses[-1] / 64  # 첫 실행의 마지막 손실을 평균으로 나타낸 값
passed = next(step for step, loss in enumerate(kaiming_losses, 1) if loss < final)
print(f"첫 실행의 마지막 값({final:.3g})보다 낮아지는 단계: {passed}")
try:
    training.train_two_layer_net(starting_weights(), x, y, lr=1e-2, reduction="mean", log=None)
except FloatingPointError as error:
    print("N(0, 1), 평균 손실, lr 1e-2: FloatingPointError:", error)
fig = plotting.plot_losses(
    {
        "N(0, 1), 합 손실, lr 1e-6": [loss / 64 for loss in losses],
        "Kaiming, 평균 손실, lr 1e-2": kaiming_losses,
    },
    title="시작 가중치와 학습률",
    xlabel="단계",
    ylabel="평균제곱오차",
    log=True,
)

# %%
# 손으로 구하는 변화도
# -----------------------
#
# ``loss.backward()``\ 는 무엇을 계산할까요? 손실에서 가중치까지 거꾸로 적용한 연쇄 법칙입니다.
# ReLU를 적용하기 전의 은닉 계층을 :math:`a = x W_1`\ 로 쓰면 다음과 같습니다:
#
# .. math::
#
#    \frac{\partial L}{\partial \hat y} = 2 (\hat y - y), \qquad
#    \frac{\partial L}{\partial W_2} = h^\top \frac{\partial L}{\partial \hat y}, \qquad
#    \frac{\partial L}{\partial h} = \frac{\partial L}{\partial \hat y} W_2^\top,
#
# .. math::
#
#    \frac{\partial L}{\partial a} = \frac{\partial L}{\partial h} \odot \mathbb{1}[a > 0],
#    \qquad
#    \frac{\partial L}{\partial W_1} = x^\top \frac{\partial L}{\partial a}.
#
# ReLU는 입력이 양수였던 곳에서는 변화도를 그대로 통과시키고, 나머지 곳에서는 막습니다.
# :meth:`nn_tutorial.models.TwoLayerNet.manual_gradients`\ 는 autograd를 전혀 쓰지 않고 이 식들을
# 그대로 코드로 옮긴 것입니다:
#
# .. literalinclude:: ../../../src/nn_tutorial/models.py
#    :pyobject: TwoLayerNet.manual_gradients
#
# 새로 만든 가중치(같은 시드를 쓰므로 위 실행의 시작점과 같습니다)에서 이 변화도를 autograd의
# 변화도와 비교합니다. 이 지점에서는 변화도가 큽니다.
fresh = starting_weights()
loss = (fresh(x) - y).pow(2).sum()
loss.backward()
grad_w1, grad_w2 = fresh.manual_gradients(x, y)
for name, by_hand, by_autograd in [
    ("w1", grad_w1, fresh.w1.grad),
    ("w2", grad_w2, fresh.w2.grad),
]:
    largest = by_autograd.abs().max().item()
    difference = (by_hand - by_autograd).abs().max().item()
    print(
        f"{name}: allclose {torch.allclose(by_hand, by_autograd)}, "
        f"최대 변화도 크기 {largest:.4g}, 최대 절대 차이 {difference:.3g}"
    )

# %%
# ``torch.nn``\ 과 ``torch.optim``\ 으로 만든 같은 모델
# -----------------------------------------------------
#
# 이 신경망은 보통 ``nn.Sequential``\ 로 작성합니다(``torch.nn``\ 은 :doc:`plot_lenet`\ 에서 제대로
# 소개합니다). ``nn.ReLU``\ 를 사이에 두고 편향(bias)이 없는 ``nn.Linear`` 계층 두 개를 놓습니다.
# ``nn.Linear``\ 는 가중치를 ``out_features x in_features`` shape으로 저장하고 :math:`x W^\top`\ 를
# 계산하므로, 우리의 ``w1``\ 과 ``w2``\ 는 전치해서 넣어야 합니다. ``nn.Linear``\ 가 만든 가중치를
# 우리의 N(0, 1) 시작 가중치로 덮어쓰면(모델의 일부가 아니므로 ``torch.no_grad()`` 안에서 합니다) 두
# 실행이 같은 지점에서 출발합니다. ``nn.MSELoss(reduction="sum")``\ 은 우리가 쓴 오차 제곱합과 같고,
# 옵티마이저(optimizer) ``torch.optim.SGD``\ 가 갱신과 변화도를 0으로 만드는 일을 맡습니다.
sequential = nn.Sequential(
    nn.Linear(INPUT_SIZE, HIDDEN_SIZE, bias=False),
    nn.ReLU(),
    nn.Linear(HIDDEN_SIZE, OUTPUT_SIZE, bias=False),
).to(device)
with torch.no_grad():
    sequential[0].weight.copy_(fresh.w1.T)
    sequential[2].weight.copy_(fresh.w2.T)

loss_fn = nn.MSELoss(reduction="sum")
optimizer = torch.optim.SGD(sequential.parameters(), lr=LEARNING_RATE)
losses_nn = []
for _ in range(STEPS):
    optimizer.zero_grad()
    loss = loss_fn(sequential(x), y)
    losses_nn.append(loss.item())
    loss.backward()
    optimizer.step()

# %%
# 두 실행은 행렬 곱 안에서 부동소수점 수를 더하는 순서만 빼면 똑같은 산술 연산을 합니다. 손실이 클
# 때는 이 반올림의 차이가 드러나지 않습니다. 두 손실은 유효 숫자 네 자리 이상까지 일치하고, 가장
# 큰 절대 차이도 손실이 100만이 넘는 처음 몇 단계에서 나오며, 그마저 1보다 작습니다. 반올림 오차가
# 남은 오차만큼 커지는 느린 구간에서는 두 실행이 서로 다르게 반올림하므로, 끝부분에서 두 곡선이 조금 벌어집니다.
pairs = list(zip(losses, losses_nn, strict=True))
largest = max(abs(a - b) for a, b in pairs)
print(f"전체 {STEPS}단계의 최대 절대 차이: {largest:.3g}")
relative = max(abs(a - b) / a for a, b in pairs if a > 1)
print(f"손실이 1보다 큰 동안의 최대 상대 차이: {relative:.2g}")
fig = plotting.plot_losses(
    {"Tensor로 직접 작성": losses, "nn.Sequential + optim.SGD": losses_nn},
    title="같은 학습, 두 가지 작성 방식",
    xlabel="단계",
    ylabel="손실",
    log=True,
)

# %%
# 긴 학습 전에 할 두 가지 확인
# ----------------------------
#
# 두 가지 습관이면 긴 학습을 시작하기 전에 잘못된 설정 대부분을 몇 초 만에 잡아낼 수 있습니다. 둘
# 다 분류기가 필요합니다. 여기서는 :func:`nn_tutorial.data.load_digits`\ 의 손글씨 숫자(8 x 8
# 이미지, 클래스 10개)를 분류하는 작은 분류기를 ``nn.Linear``\ 의 기본 시작 가중치로 씁니다. 손실은
# 교차 엔트로피(cross-entropy), 즉 ``nn.functional.cross_entropy``\ 입니다. 출력 10개에
# 소프트맥스(softmax)를 적용해 얻은 확률 가운데 올바른 클래스의 확률에 로그를 취하고 부호를 바꾼
# 값입니다(자세한 내용은 :doc:`plot_lenet`\ 에서 설명합니다).
#
# **첫 손실.** 시작 가중치가 작으면 출력 10개가 모두 0 가까이에 있어, 소프트맥스는 각 클래스에 약
# 1/10씩을 주고 손실은 :math:`-\ln(1/10) = \ln 10 \approx 2.303`\ 이 됩니다. 그러니 클래스가
# :math:`C`\ 개인 분류기의 첫 손실은 :math:`\ln C` 정도여야 합니다. 학습용 숫자 1,221개에서 잰 첫
# 손실을 시드 세 개에 대해, ``nn.Linear``\ 의 기본 가중치일 때와 같은 계층을 N(0, 1)에서 뽑았을
# 때로 나누어 봅니다:
train, validation, test = data.load_digits(image_size=8)
images, labels = train.tensors[0].to(device), train.tensors[1].to(device)


def classifier(seed):
    """nn.Linear의 기본 시작 가중치를 쓰는, 8 x 8 숫자용 작은 MLP."""
    torch.manual_seed(seed)
    return nn.Sequential(nn.Flatten(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10)).to(device)


print(f"ln(10) = {math.log(10):.3f}")
for seed in range(3):
    net = classifier(seed)
    with torch.no_grad():
        default_loss = nn.functional.cross_entropy(net(images), labels).item()
        for layer in (net[1], net[3]):
            nn.init.normal_(layer.weight)  # TwoLayerNet처럼 N(0, 1)에서 뽑습니다
        outputs = net(images)
        normal_loss = nn.functional.cross_entropy(outputs, labels).item()
    print(
        f"시드 {seed}: 첫 손실 {default_loss:.3f}(nn.Linear 기본값), "
        f"{normal_loss:.1f}(N(0, 1) 가중치, 출력의 표준편차 "
        f"{outputs.std().item():.0f})"
    )

# %%
# 기본 가중치로는 첫 손실이 :math:`\ln 10`\ 에서 0.05도 벗어나지 않습니다. N(0, 1) 가중치는 수십
# 크기의 출력을 내고, 소프트맥스는 한 클래스를, 그것도 대개 틀린 클래스를 확신하며, 손실은 스무
# 배 넘게 커집니다. 그러면 처음 몇 단계는 시작 가중치를 되돌리는 데 쓰이거나, 위의 2계층
# 신경망처럼 발산합니다. 첫 손실이 :math:`\ln C`\ 에서 크게 벗어나면 무엇보다 먼저 시작
# 가중치(또는 손실)를 살펴보세요.
#
# **배치 하나부터 과적합시키기.** 그다음에는 작은 배치 하나로 손실이 거의 0이 될 때까지
# 학습시킵니다. 여기서는 숫자 32개에 매개변수가 4,810개이므로, 제대로 동작하는 신경망과 학습
# 루프라면 이 숫자들을 통째로 외워야 합니다. 외우지 못한다면 데이터나 신경망의 크기가 아니라 학습
# 코드나 그 설정에 잘못이 있습니다. ``zero_grad()``\ 를 빠뜨렸거나, 옵티마이저에 다른 매개변수를
# 넘겼거나, 그래프에서 떼어 낸 Tensor를 썼거나, 학습률이 한참 어긋났거나, 손실에 엉뚱한 값을 넘긴
# 경우입니다. 아래에서는 Adam으로 100단계를 두 번 실행합니다. 처음에는 로짓을 그대로 넘기고,
# 다음에는 흔한 버그를 넣습니다. 안에서 이미 소프트맥스를 적용하는 ``cross_entropy`` 앞에
# 소프트맥스를 한 번 더 적용하는 것입니다.
batch_images, batch_labels = images[:32], labels[:32]


def overfit(net, softmax_first=False, steps=100):
    """배치 하나로 net을 Adam으로 학습시키고, 20단계마다 손실을 출력합니다."""
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-2)
    for step in range(1, steps + 1):
        optimizer.zero_grad()
        outputs = net(batch_images)
        if softmax_first:
            outputs = outputs.softmax(dim=1)  # 버그: 로짓 대신 확률을 넘깁니다
        loss = nn.functional.cross_entropy(outputs, batch_labels)
        loss.backward()
        optimizer.step()
        if step == 1 or step % 20 == 0:
            print(f"  단계 {step:>3}  손실 {loss.item():.3g}")


print("로짓을 cross_entropy에 넘길 때:")
overfit(classifier(0))
print("소프트맥스를 적용한 뒤 cross_entropy에 넘길 때:")
overfit(classifier(0), softmax_first=True)

# %%
# 올바른 루프는 손실을 :math:`\ln 10`\ 에서 약 :math:`10^{-4}`\ 까지 떨어뜨리지만, 버그가 있는
# 루프는 1.5 위에서 멈춰 더 내려가지 못합니다. 확률은 0과 1 사이에 있으므로 ``cross_entropy``
# 안의 소프트맥스가 올바른 클래스에 줄 수 있는 확률은 많아야 :math:`e / (e + 9)`\ 이고, 손실은
# :math:`\ln(1 + 9/e) \approx 1.46`\ 보다 내려갈 수 없습니다. 배치 하나를 맞췄다는 것은 신경망과
# 학습 루프가 학습할 수 있다는 뜻일 뿐, 배운 것이 새 숫자에도 통한다는 뜻은 아닙니다. 그것은 검증
# 집합이 답할 질문이며, :doc:`plot_lenet`\ 에서 다룹니다.

# %%
# 요약
# -------
#
# - 순전파는 출력과 손실을 계산하고, 역전파는 손실에서 모든 가중치까지 거꾸로 연쇄 법칙을
#   적용합니다. 경사 하강법은 변화도의 반대 방향으로 한 걸음씩 나아갑니다.
# - 배치 크기는 갱신 한 번에 쓰이는 샘플 수입니다. 계층의 크기(1000 -> 100 -> 2)와 학습률(1e-6)은
#   하이퍼파라미터입니다. 학습률을 열 배로 키우면 몇 단계 만에 이 손실이 오버플로됩니다.
# - 그 학습률을 정하는 것은 시작 가중치입니다. N(0, 1) 가중치로는 첫 출력이 목표값보다 훨씬
#   큽니다(표준편차 193 대 1). fan-in에 맞춰 줄인 가중치, 즉 N(0, 1 / fan-in), ReLU용 Kaiming
#   초기화 N(0, 2 / fan-in), ``nn.Linear``\ 의 기본값은 출력을 목표값 정도의 크기로 유지합니다.
# - 평균 손실은 변화도를 평균을 낸 값의 개수로 나누므로, 같은 걸음을 걸으려면 학습률이 그만큼 커야
#   합니다. Kaiming 가중치와 평균 손실을 쓰면 같은 데이터가 lr 1e-2로 학습됩니다.
# - 변화도가 필요한 것은 가중치뿐입니다. 데이터는 갱신되지 않습니다.
# - 손으로 작성한 학습 단계는 ``mm``\ 과 ``relu``\ 로 하는 순전파, 손실 계산, ``loss.backward()``,
#   ``torch.no_grad()`` 안에서 하는 갱신, 그리고 변화도를 0으로 만드는 일로 이루어집니다.
# - Autograd가 구한 변화도는 손으로 적용한 연쇄 법칙의 결과와 같습니다.
# - ``nn.Linear``, ``nn.MSELoss(reduction="sum")``, ``torch.optim.SGD``\ 와 함께 쓴
#   ``nn.Sequential``\ 은 같은 계산을 하면서 번거로운 관리 작업을 대신해 줍니다.
# - 긴 학습 전에: 분류기의 첫 손실은 :math:`\ln C`\ (클래스 10개면 2.303) 정도여야 하고, 작은
#   배치 하나는 손실이 0 가까이 될 때까지 통째로 외울 수 있어야 합니다.
#
# 다음에 읽을 내용
# -----------------
#
# :doc:`plot_lenet`\ 에서는 같은 루프를 ``torch.optim``\ 을 통해 합성곱(convolution) 신경망에 적용해
# 실제 손글씨 숫자로 학습시키고, 이 강의에서는 쓰기만 한 ``nn.Module``, 손실 함수, 옵티마이저를
# 설명합니다.

# %%
# 연습 문제
# ---------
#
# 내려받은 노트북이나 스크립트에서 문제를 풀어 보세요. ``...`` 자리에 답을 쓰고 셀을 실행하면, 셀
# 안의 확인 함수가 답이 맞는지 알려 주고, 틀렸다면 가장 도움이 되는 힌트를 보여 줍니다(풀이를
# 알려 주지는 않습니다). 문제마다 뒤에 **풀이**\ 가 접혀 있습니다. 먼저 풀어 본 뒤에 이 페이지에서는
# **풀이**\ 를 누르고, Jupyter에서는 접힌 셀을 눌러 펼쳐 보세요.
from nn_tutorial import exercises

# sphinx_gallery_thumbnail_number = 3

# %%
# **1. 어느 계층에나 맞는 시작 가중치.** 새 무작위 가중치를 ``fan_in x fan_out`` shape으로
# 반환하는 함수 ``init_weight(fan_in, fan_out)``\ 을 작성하세요(``w1``, ``w2``\ 와 같이 행은
# 입력, 열은 출력에 대응합니다. 계층이 ``x @ w``\ 를 계산하기 때문입니다). 이 가중치는 계층의
# 크기가 어떻든, ``x``\ 의 원소의 표준편차가 1일 때 ``x @ w``\ 의 표준편차가 1 정도가 되도록
# 줄여야 합니다(ReLU용 Kaiming 초기화의 1.41도 맞습니다). 확인 셀은 fan-in을 16부터 4096까지
# 바꿔 가며 시험한 다음, ``init_weight(1000, 100)``\ 과 ``init_weight(100, 2)``\ 로 이 강의의
# 신경망을 만들어 평균 손실, lr 1e-2로 학습시킵니다.
#
# *힌트:* 표준편차가 1인 곱 ``fan_in``\ 개의 합은 표준편차가 :math:`\sqrt{\text{fan\_in}}`\ 입니다.
init_weight = ...  # 여기에 답을 쓰세요
exercises.check("mlp-init-scale", init_weight)

# %%
# **풀이**


def init_weight(fan_in, fan_out):
    return torch.randn(fan_in, fan_out) / fan_in**0.5


exercises.check("mlp-init-scale", init_weight)

# %%
# **2. 손으로 쓰는 ReLU의 역전파.** ``torch.relu``\ 가 ``x``\ 로 보내는 변화도를 autograd와
# 똑같이(``x == 0``\ 에서도) 반환하는 ``relu_backward(grad_output, x)``\ 를 작성하세요.
#
# *힌트:* 입력이 양수였던 곳을 나타내는 마스크입니다.
relu_backward = ...  # 여기에 답을 쓰세요
exercises.check("mlp-relu-backward", relu_backward)

# %%
# **풀이**


def relu_backward(grad_output, x):
    return grad_output * (x > 0)


exercises.check("mlp-relu-backward", relu_backward)

# %%
# **3. 손으로 쓰는 모멘텀(momentum).** ``backward`` 뒤에 ``torch.no_grad()`` 안에서 부르는
# ``momentum_step(params, velocities, lr, momentum)``\ 을 작성하세요. 모멘텀을 쓰는 SGD로,
# ``torch.optim.SGD(params, lr, momentum=momentum)``\ 과 단계마다 같아야 합니다(확인 셀은 ``lr``\ 과
# ``momentum``\ 을 두 가지로 바꿔 가며 각각 다섯 단계를 비교합니다).
#
# *힌트:* ``v = momentum * v + grad``, 그다음 ``p = p - lr * v``, 둘 다 제자리에서 합니다.
momentum_step = ...  # 여기에 답을 쓰세요
exercises.check("mlp-momentum", momentum_step)

# %%
# **풀이**


def momentum_step(params, velocities, lr, momentum):
    for p, v in zip(params, velocities, strict=True):
        v.mul_(momentum).add_(p.grad)
        p.sub_(lr * v)


exercises.check("mlp-momentum", momentum_step)
