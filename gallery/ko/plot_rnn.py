r"""
순환 신경망: 계층 하나를 단계마다 호출하기
==========================================

순환 신경망(recurrent neural network)은 시퀀스를 한 단계씩 읽으면서 은닉 상태(hidden state)를
다음 단계로 넘겨줍니다. PyTorch에서는 이를 위한 특별한 장치가 필요하지 않습니다. 모듈이 간직하는
것은 매개변수(버퍼가 있다면 버퍼도)뿐이고 한 호출에서 나온 것을 다음 호출로 넘기지 않으므로, 같은
``nn.Linear``\ 를 단계마다 호출하기만 하면 그 가중치가 모든 시간 단계에 걸쳐 공유됩니다. 모든
단계의 변화도는 autograd가 더해 줍니다. 이 강의에서는 이런 신경망을 직접 만들고, PyTorch가
제공하는 ``nn.RNNCell``\ 과 결과가 같은지 확인한 다음, 이 신경망으로 손글씨 숫자를 한 행씩 읽어
봅니다. 마지막으로 같은 일을 PyTorch의 ``nn.RNN``\ 과 ``nn.LSTM``\ 으로 해 봅니다.

**이 강의에서 배울 내용**

- 반복문 안에서 호출하는 ``nn.Linear`` 하나가 어떻게 순환 신경망이 되는지, 그 변화도는 어디로 가는지
- 은닉 상태가 왜 ``tanh``\ 를 거치는지
- ``nn.RNNCell``\ 도 같은 계산을 한다는 것, 그리고 언제 ``nn.RNN``\ 이나 ``nn.LSTM``\ 을 쓰는 편이
  나은지
- 숫자를 행 8개, 또는 픽셀 64개로 이루어진 시퀀스로 읽어 분류하는 방법
- ``nn.RNN``\ 과 ``nn.LSTM``\ 이 받는 값과 반환하는 값(시간 우선 순서와 ``batch_first=True``,
  상태 ``h``\ 와 쌍 ``(h, c)``)
- 시간을 거스르는 변화도가 언제 사라지거나 폭발하는지, 그리고 변화도 클리핑(gradient clipping)을
  하고 노름을 재는 방법
- LSTM이 평범한 RNN을 앞서는 곳: 64단계짜리 시퀀스
- 잘린 시간에 따른 역전파(조각 사이의 ``detach()``)가 그래프의 크기를 어떻게 묶어 두는지
"""

# %%
# 순환 셀
# -------
#
# :class:`nn_tutorial.models.RNN`\ 에는 계층이 두 개 있습니다. ``i2h``\ 는 현재 입력과
# 직전 은닉 상태를 나란히 이어 붙여 읽고 새 은닉 상태를 만듭니다. ``h2o``\ 는 은닉 상태를
# 출력으로 바꿉니다.
#
# .. literalinclude:: ../../../src/nn_tutorial/models.py
#    :pyobject: RNN
#
# 수식으로 쓰면 다음과 같습니다. 여기서 :math:`x_t`\ 는 단계 :math:`t`\ 의 입력이고,
# :math:`h_{t-1}`\ 은 그 직전의 상태입니다.
#
# .. math::
#
#    h_t = \tanh\left(W \begin{bmatrix} x_t \\ h_{t-1} \end{bmatrix} + b\right),
#    \qquad y_t = V h_t + c .
#
# 입력 특징 50개, 크기가 20인 은닉 상태, 출력 10개로 이런 신경망을 하나 만들어 봅니다.
import matplotlib.pyplot as plt
import torch
from torch import nn
from torch.utils.data import DataLoader

import nn_tutorial
from nn_tutorial import data, language, models, plotting, set_language, training

set_language("ko")  # 패키지가 출력하고 그리는 글은 이 페이지의 언어를 따릅니다

torch.manual_seed(0)

rnn = models.RNN(50, 20, 10)
print(rnn)

# %%
# ``i2h``\ 는 특징 70개를 받습니다. 50개는 입력이고 20개는 은닉 상태입니다.
#
# 다섯 단계, 한 번의 역전파
# --------------------------
#
# 이제 임의로 만든 시퀀스를 사용해 봅니다. 시간 단계는 5개이고, 각 단계는 무작위 입력 10개로
# 이루어진 배치입니다. 모든 단계의 출력에 대한 목표값은 전부 0입니다. 반복문은 은닉 상태를 넘겨
# 가며 ``rnn``\ 을 다섯 번 호출하고, 손실 다섯 개를 더합니다. 마지막에 ``backward()``\ 를
# 한 번만 호출하면 역전파가 다섯 단계를 모두 거슬러 올라가며 변화도를 전달합니다.
batch_size, timesteps = 10, 5
sequence = torch.randn(timesteps, batch_size, 50)
target = torch.zeros(batch_size, 10)
loss_fn = nn.MSELoss()

hidden = rnn.init_hidden(batch_size)
loss = 0
for t in range(timesteps):
    hidden, output = rnn(sequence[t], hidden)  # 같은 모듈이므로 가중치도 같습니다
    loss = loss + loss_fn(output, target)
loss.backward()
print(f"손실 합계({timesteps}단계): {loss.item():.4f}")
print("i2h.weight.grad:", rnn.i2h.weight.grad.shape)
print("h2o.weight.grad:", rnn.h2o.weight.grad.shape)

# %%
# 변화도는 단계마다 하나씩이 아니라 가중치마다 하나씩 있습니다. ``i2h.weight``\ 는 다섯 번
# 쓰였고, 그 ``.grad``\ 에는 다섯 번의 기여가 모두 더해져 있습니다. 시간에 걸쳐 가중치를
# 공유한다는 말이 바로 이런 뜻입니다. Lua Torch에서는 이렇게 하려면 가중치를 서로 묶은 모듈
# 복제본이 필요했습니다. 여기서는 은닉 상태가 모듈 안에 저장되는 무언가가 아니라, 그래프 안의
# 평범한 Tensor일 뿐입니다.
#
# 왜 tanh를 쓸까
# --------------
#
# 이 신경망의 첫 버전에는 ``tanh``\ 가 없었습니다. ``hidden = self.i2h(combined)``\ 였습니다.
# 그러면 각 단계는 아핀 변환 :math:`h_t = W_x x_t + W_h h_{t-1} + b`\ 가 되고, 반복문을 펼치면
# 다음과 같습니다.
#
# .. math::
#
#    h_T = \sum_{t=1}^{T} W_h^{\,T-t} \, W_x \, x_t + \text{constant} .
#
# 단계가 아무리 많아도 최종 상태는 입력에 대한 선형 함수 하나일 뿐입니다. 즉 이 신경망의
# 표현력은 시퀀스 전체에 선형 계층 하나를 적용한 것보다 나을 것이 없습니다. 직접 확인해 볼 수
# 있습니다. 선형 함수는 :math:`f(a + b) = f(a) + f(b)`\ 를 만족하고, 상수항이 있으면 이 식은
# :math:`f(a + b) - f(0) = (f(a) - f(0)) + (f(b) - f(0))`\ 이 됩니다. 두 시퀀스와 그 합에 대해
# tanh가 있을 때와 없을 때의 순환 계산을 각각 실행해 봅니다.


def final_state(sequence: torch.Tensor, nonlinear: bool) -> torch.Tensor:
    hidden = rnn.init_hidden(sequence.shape[1])
    for step in sequence:
        pre_activation = rnn.i2h(torch.cat((step, hidden), 1))
        hidden = torch.tanh(pre_activation) if nonlinear else pre_activation
    return hidden


# float32는 유효 숫자를 7자리쯤 담습니다. 반올림 오차는 아래 한계보다 작지만 정확한 값은
# 컴퓨터마다(메모리 배치에 따라서도) 달라지므로, 한계만 출력합니다.
ROUNDING = 1e-5

a, b = torch.randn(2, timesteps, batch_size, 50)
zero = torch.zeros_like(a)
with torch.no_grad():
    for nonlinear in (False, True):
        f_ab, f_a, f_b, f_0 = (final_state(s, nonlinear) for s in (a + b, a, b, zero))
        gap = (f_ab - f_0) - (f_a - f_0) - (f_b - f_0)
        deviation = gap.abs().max().item()
        if nonlinear:
            print(f"tanh 있음: 선형에서 벗어난 최대 편차 {deviation:.2g}")
        elif deviation < ROUNDING:
            print(f"tanh 없음: 선형에서 벗어난 최대 편차 {ROUNDING:g} 미만(반올림 오차)")
        else:
            print(f"tanh 없음: 선형에서 벗어난 최대 편차 {deviation:.2g}")

# %%
# tanh가 없으면 편차는 반올림 오차 수준입니다. 순환 계산이 선형이라는 뜻입니다. tanh가 있으면
# 상태가 입력에 비선형적으로 의존하고, 바로 이 점 덕분에 순환 신경망은 선형 모델보다 더 많은
# 일을 할 수 있습니다. 또 tanh는 상태의 모든 성분을 -1과 1 사이로 묶어 두므로, 긴 시퀀스를
# 지나는 동안 상태가 한없이 커지지 않습니다.
#
# PyTorch가 제공하는 같은 셀
# --------------------------
#
# PyTorch는 이 셀을 ``nn.RNNCell``\ 로 제공합니다. 이 셀의 가중치는 입력에 곱하는 ``weight_ih``\ 와
# 은닉 상태에 곱하는 ``weight_hh``\ 로 나뉘어 있고, 둘에 편향이 하나씩 따로 있습니다. 다음 식이
# 성립하므로
#
# .. math::
#
#    W \begin{bmatrix} x \\ h \end{bmatrix} = W_{:, \text{input}} \, x + W_{:, \text{hidden}} \, h ,
#
# ``i2h.weight``\ 의 앞쪽 50개 열을 ``weight_ih``\ 에, 나머지 20개 열을 ``weight_hh``\ 에, 편향을
# ``bias_ih``\ 에 복사하고 ``bias_hh``\ 를 0으로 채우면 같은 상태가 나와야 합니다.
cell = nn.RNNCell(50, 20)  # 기본 비선형 함수가 tanh입니다
with torch.no_grad():
    cell.weight_ih.copy_(rnn.i2h.weight[:, :50])
    cell.weight_hh.copy_(rnn.i2h.weight[:, 50:])
    cell.bias_ih.copy_(rnn.i2h.bias)
    cell.bias_hh.zero_()

    ours = rnn.init_hidden(batch_size)
    theirs = torch.zeros(batch_size, 20)
    for step in sequence:
        ours, _ = rnn(step, ours)
        theirs = cell(step, theirs)
print("5단계 뒤 은닉 상태가 같은가:", torch.allclose(ours, theirs, atol=1e-6))

# %%
# ``nn.RNN``\ 은 한 걸음 더 나아갑니다. 시퀀스 전체를 담은 Tensor를 받아, 한 번 호출로 반복문
# 전체를 컴파일된 코드에서 실행합니다(GPU에서는 NVIDIA의 융합 커널 라이브러리인 cuDNN이 맡습니다).
# 시퀀스가 길고 배치가 클수록 Python 반복문보다 빠릅니다. ``nn.LSTM``\ 과 ``nn.GRU``\ 는
# 게이트(gate)가 달린 셀로 같은 반복을 실행합니다. 평범한 tanh 셀은 긴 시퀀스의 앞부분을
# 잊어버리는데, 게이트는 변화도가 긴 시퀀스에서도 살아남도록 설계되었습니다(아래에서 숫자를 한
# 픽셀씩 읽을 때 그 효과를 봅니다). 호출하는 방법은 같아도 단계에서 단계로 넘기는 값은 다릅니다.
# ``nn.RNN``\ 과 ``nn.GRU``\ 는 은닉 상태 ``h`` 하나를 넘기고, ``nn.LSTM``\ 은 은닉 상태 ``h``\ 와
# 셀 상태 ``c``\ 라는 Tensor 두 개를 넘깁니다. 셀을 이해하거나 아이디어를 시험해 볼 때는 직접
# 작성하고, 실제 작업에는 이 모듈들을 쓰세요. 직접 만든 셀로 숫자를 학습한 다음 두 모듈로도 학습해
# 봅니다.
#
# 숫자를 한 행씩 읽기
# -------------------
#
# 이제 실제 데이터를 사용합니다. :func:`nn_tutorial.data.digit_sequences`\ 는 scikit-learn의
# 손글씨 숫자(각각 8 x 8 픽셀)를 시퀀스로 반환합니다. 시간 단계는 8개이고, 각 단계는 8픽셀짜리
# 행 하나이며, 위에서 아래로 읽습니다. 신경망은 한 번에 한 행만 보므로, 나머지는 은닉 상태에
# 담아 기억해야 합니다.
train_set, val_set, test_set = data.digit_sequences()
digit, label = train_set[0]
print(f"시퀀스: 학습용 {len(train_set)}개, 검증용 {len(val_set)}개, 테스트용 {len(test_set)}개")
print("시퀀스 하나:", list(digit.shape), " 레이블:", label.item())

# %%
# 아래 그림은 숫자 하나와, 그 숫자를 신경망이 단계마다 하나씩 받는 행으로 잘라 놓은 모습입니다.
fig = plt.figure(figsize=(7, 3.6), layout="constrained")
left, right = fig.subfigures(1, 2, width_ratios=[1, 1.2])
ax = left.subplots()
ax.imshow(digit.numpy(), cmap="gray_r")
# 눈금 레이블은 패키지의 문구 목록에서 이 페이지의 언어로 가져옵니다.
ax.set_yticks(range(8), labels=[language.text("label.row_n", n=row + 1) for row in range(8)])
ax.set_xticks([])
ax.set_title(f"숫자 {label.item()}, 8 x 8 픽셀")
right.suptitle("신경망이 단계마다 읽는 것")
for row, strip_ax in enumerate(right.subplots(8, 1)):
    strip_ax.imshow(digit[row : row + 1].numpy(), cmap="gray_r", vmin=digit.min(), vmax=digit.max())
    strip_ax.set_xticks([])
    strip_ax.set_yticks([0], labels=[language.text("label.step_n", n=row + 1)])

# %%
# :class:`nn_tutorial.models.SequenceClassifier`\ 는 8개 단계에 걸쳐 셀을 실행하고, 마지막
# 단계의 출력으로 숫자를 분류합니다. 셀은 단계마다 8픽셀을 읽고, 크기가 64인 은닉 상태를
# 유지하며, 클래스마다 하나씩 모두 출력 10개를 냅니다. 학습은 늘 쓰던 학습
# 루프(:func:`nn_tutorial.training.fit`)로 하며, 옵티마이저는 Adam, 손실 함수는
# ``CrossEntropyLoss``\ 입니다.
#
# .. literalinclude:: ../../../src/nn_tutorial/models.py
#    :pyobject: SequenceClassifier
device = nn_tutorial.device()  # 가속기(CUDA, MPS, XPU)가 있으면 가속기, 없으면 CPU
torch.manual_seed(0)
classifier = models.SequenceClassifier(models.RNN(8, 64, 10))
optimizer = torch.optim.Adam(classifier.parameters(), lr=5e-3)
history = training.fit(
    classifier,
    train_set,
    val_set,
    epochs=20,
    optimizer=optimizer,
    loss_fn=nn.CrossEntropyLoss(),
    device=device,
    log=None,
)
print(f"에폭 {history.epochs}회 학습 후 검증 정확도: {history.val_accuracy[-1]:.1%}")
best = min(range(history.epochs), key=lambda epoch: history.val_loss[epoch])
print(f"가장 낮은 검증 손실 {history.val_loss[best]:.3f}, 에폭 {best + 1}", end="; ")
print(f"마지막 에폭: 검증 {history.val_loss[-1]:.3f}, 학습 {history.train_loss[-1]:.4f}")

# %%
# 학습 곡선입니다. 에폭이 지날수록 학습 손실은 거의 0까지 떨어지지만, 검증 손실은 처음 몇
# 에폭이 지나면 거의 나아지지 않고 가장 낮았던 값보다 높은 곳에서 끝납니다. :doc:`plot_convnet`\ 에서
# 본 것처럼 벌어지는 격차, 즉 과적합(over-fitting)입니다. 검증 정확도는 95% 안팎까지
# 올라가며, 에폭마다 숫자 몇 개만큼 오르내립니다.
fig = plotting.plot_history(
    history,
    title="숫자를 한 행씩 읽는 RNN",
)

# %%
# PyTorch의 순환 계층
# -------------------
#
# ``nn.RNN``\ 과 ``nn.LSTM``\ 은 시퀀스 전체를 한 번의 호출로 받습니다. 기본값으로는 시퀀스를 *시간
# 우선* 순서, 즉 (단계, 배치, 특징) shape으로 읽습니다. 위에서 ``sequence``\ 를 반복문으로 돌 때처럼
# ``sequence[t]``\ 가 모든 시퀀스의 ``t``\ 번째 단계입니다. 그런데 손글씨 숫자 데이터는 *배치 우선*, 즉
# (배치, 8행, 8픽셀) shape으로 옵니다. 그래서 계층을 ``batch_first=True``\ 로 만듭니다. 숫자 다섯
# 개를 각 계층에 통과시켜 봅니다.
torch.manual_seed(0)
rows = train_set[:5][0]  # (배치, 단계, 특징) = (5, 8, 8)
rnn_layer = nn.RNN(input_size=8, hidden_size=64, batch_first=True)
outputs, h = rnn_layer(rows)
print("nn.RNN   outputs", list(outputs.shape), " h", list(h.shape))
lstm_layer = nn.LSTM(input_size=8, hidden_size=64, batch_first=True)
outputs, (h, c) = lstm_layer(rows)
print("nn.LSTM  outputs", list(outputs.shape), " h", list(h.shape), " c", list(c.shape))
outputs, h = nn.RNN(input_size=8, hidden_size=64)(rows)  # 시간 우선: 오류 없이 잘못 읽습니다
print("시간 우선: outputs", list(outputs.shape), " h", list(h.shape))

# %%
# 두 계층 모두 모든 단계의 출력, 즉 숫자마다 행마다 크기 64인 은닉 상태를 담은 (5, 8, 64) shape의
# Tensor를 반환합니다. ``nn.RNN``\ 은 여기에 마지막 은닉 상태 ``h``\ 를 함께 반환하고,
# ``nn.LSTM``\ 은 쌍 ``(h, c)``\ 를 반환합니다. 그래서 한쪽에 맞춰 쓴 코드는 다른 쪽에서 그대로
# 돌아가지 않습니다. 상태의 shape은 (D * num_layers, 배치, 은닉 크기)입니다. D는
# ``bidirectional=True``\ 로 만든 계층이면 2, 아니면 1이므로 여기서는 (1, 5, 64)입니다. 이 순서는
# ``batch_first=True``\ 여도 그대로입니다. 이 옵션은 입력과 출력에만 적용됩니다.
#
# 마지막 줄은 피해야 할 실수입니다. ``batch_first``\ 가 없으면 같은 Tensor를 시퀀스 8개짜리 배치의
# 5단계로 읽습니다. 이때 "시퀀스" 하나는 다섯 숫자에 걸친 같은 위치의 행들입니다. shape이 들어맞으니
# 아무 오류도 나지 않고, 시퀀스가 5개가 아니라 8개인 ``h``\ 만이 이 사실을 드러냅니다.
#
# :class:`nn_tutorial.models.RowReader`\ 는 두 계층 가운데 하나를 숫자 분류에 맞게 감쌉니다. 계층이
# 8개 행을 차례로 읽고, 마지막 단계의 출력을 선형 계층이 클래스 점수 10개로 바꿉니다.
#
# .. literalinclude:: ../../../src/nn_tutorial/models.py
#    :pyobject: RowReader
#
# 변화도 클리핑
# -------------
#
# 시간에 따른 역전파(backpropagation through time, BPTT)는 변화도를 마지막 단계에서 첫 단계까지
# 보내며, 단계마다 순환 가중치와 tanh의 도함수 값을 곱합니다.
#
# .. math::
#
#    \frac{\partial h_T}{\partial h_1} = D_T W_h \, D_{T-1} W_h \cdots D_2 W_h ,
#    \qquad D_t = \operatorname{diag}\left(1 - h_t^2\right) .
#
# 인자 ``D_t``\ 는 모두 tanh의 도함수 값을 대각선에 놓은 행렬이고 그 값은 1을 넘지 않으므로, 이
# 곱의 크기는 :math:`W_h`\ 의 가장 큰 특잇값, 즉 :math:`W_h`\ 가 벡터를 늘일 수 있는 최대 배율이
# 좌우합니다. 이 값이 1보다 작으면 곱은 단계 수에 따라 기하급수적으로 줄어듭니다. 변화도가
# *사라지고*, 앞쪽 단계는 학습에 거의 영향을 주지 못합니다. 1보다 크면 곱이 기하급수적으로 커져
# 변화도가 *폭발할 수* 있지만, 꼭 그렇지는 않습니다. tanh의 도함수 값이 작거나 방향이 서로 맞지
# 않으면 여전히 줄어들 수 있습니다. 1보다 크다는 것은 폭발의 필요조건이지 충분조건이 아닙니다.
#
# 폭발을 막는 것이 *변화도 클리핑*\ 입니다. ``backward()``\ 와 ``optimizer.step()`` 사이에서
# ``torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)``\ 을 호출하면, 모든 변화도를 합친
# 노름(norm)이 ``max_norm``\ 을 넘을 때 방향은 그대로 두고 모든 변화도를 함께 줄입니다. 이 함수는
# 클리핑하기 *전의* 전체 노름을 반환하므로, 변화도가 얼마나 큰지, 클리핑이 얼마나 자주 일어나는지도
# 알려 줍니다. :func:`nn_tutorial.training.fit`\ 에 ``clip_grad_norm``\ 을 주면 클리핑을 하지만,
# 노름을 보기 위해 여기서는 그 루프를 직접 쓰고, 에폭마다 검증 정확도도 기록합니다. 두 계층 모두
# 직접 만든 셀과 같은 방법(Adam, 학습률 0.005)으로 에폭 10회씩, 클리핑 없이 한 번, 최대 노름을 1로
# 두고 한 번 학습합니다. 클리핑 없는 실행은 ``max_norm``\ 을 무한대로 두어 노름을 재기만 합니다.
# "1보다 큼" 열은 노름이 1을 넘은 단계의 비율입니다. 최대 노름 1로 클리핑할 때 실제로 줄어든 단계,
# 또는 클리핑했다면 줄어들었을 단계입니다.
loss_fn = nn.CrossEntropyLoss()


def whole_sequence_loss(reader: nn.Module, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    return loss_fn(reader(x), y)


def train_reader(kind, train_data, val_data, max_norm, loss_of=whole_sequence_loss):
    """fit처럼 RowReader를 에폭 10회 동안 학습합니다.

    학습된 모델, 단계마다 잰 변화도 노름, 에폭마다 잰 검증 정확도를 반환합니다.
    """
    torch.manual_seed(0)
    features = train_data[0][0].shape[1]  # 단계마다 읽는 픽셀 수
    reader = models.RowReader(kind, input_size=features, hidden_size=64, classes=10).to(device)
    optimizer = torch.optim.Adam(reader.parameters(), lr=5e-3)
    batches = DataLoader(
        train_data, batch_size=64, shuffle=True, generator=torch.Generator().manual_seed(0)
    )
    norms, accuracies = [], []
    for _ in range(10):  # 에폭
        for x, y in batches:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss_of(reader, x, y).backward()
            norms.append(nn.utils.clip_grad_norm_(reader.parameters(), max_norm))  # 클리핑 전
            optimizer.step()
        with torch.no_grad():
            accuracies.append(training.evaluate(reader, val_data, loss_fn, device=device)[1])
    return reader, torch.stack(norms).cpu(), accuracies


def print_header() -> None:
    print("계층   max_norm  검증          변화도 노름(200단계)")
    print("                   정확도      중앙값  최댓값   1보다 큼")


def report(kind: str, max_norm: float, norms: torch.Tensor, accuracies: list[float]) -> None:
    share = (norms > 1).float().mean()
    print(
        f"{kind:<6} {max_norm:<8g} {accuracies[-1]:>9.1%}    {norms.median():>6.2f}"
        f"  {norms.max():>7.1f}  {share:>7.0%}"
    )


readers = {}
print_header()
for kind in ("rnn", "lstm"):
    for max_norm in (float("inf"), 1.0):
        reader, norms, accuracies = train_reader(kind, train_set, val_set, max_norm)
        report(kind, max_norm, norms, accuracies)
    readers[kind] = reader  # 클리핑한 쪽

# %%
# 8단계짜리 행에서는 아무것도 폭발하지 않습니다. 변화도 노름의 중앙값은 1보다 작고, 최댓값도 한
# 자릿수에 그칩니다. 최대 노름 1로 클리핑하면 단계의 4분의 1~절반쯤에서 클리핑이 일어나지만, 검증
# 정확도는 ``nn.RNN``\ 에서 숫자 하나(0.46%포인트)만큼 달라지고 ``nn.LSTM``\ 에서는 그대로입니다.
# 실행 한 번의 잡음과 구별할 수 없는 차이입니다. LSTM이 앞서지도 않습니다. 오히려 2%포인트 뒤처져
# 끝납니다. 즉 여기서 보여 준 것은 클리핑하는 방법과 노름을 지켜보는 방법이지, 클리핑이나 게이트가
# 도움이 된다는 사실이 아닙니다. 둘 다 변화도를 훨씬 많은 단계에 걸쳐 거슬러 보낼 때를 위한
# 것입니다.
#
# 긴 시퀀스: 숫자를 한 픽셀씩 읽기
# --------------------------------
#
# ``data.digit_sequences(pixels_per_step=1)``\ 은 같은 숫자를 왼쪽에서 오른쪽으로, 위에서 아래로 한
# 픽셀씩 읽은 시퀀스를 반환합니다. 특징 하나짜리 단계가 64개입니다. 이제 마지막 단계에서 숫자를
# 분류하려면 위쪽 행에서 본 것을 50단계 가까이 간직해야 하고, 변화도도 그만큼 거슬러 가야 합니다.
# 세 가지를 같은 방법으로 다시 학습하되, 이번에는 픽셀을 읽습니다. 클리핑 없는 ``nn.RNN``, 클리핑한
# ``nn.RNN``, 클리핑한 ``nn.LSTM``\ 입니다.
pixel_train, pixel_val, _ = data.digit_sequences(pixels_per_step=1)
print("시퀀스 하나:", list(pixel_train[0][0].shape))
runs = {}
print_header()
for kind, max_norm in (("rnn", float("inf")), ("rnn", 1.0), ("lstm", 1.0)):
    reader, norms, accuracies = train_reader(kind, pixel_train, pixel_val, max_norm)
    report(kind, max_norm, norms, accuracies)
    runs[kind] = norms, accuracies  # 각 계층의 클리핑한 실행

# %%
# 이제 변화도가 폭발합니다. 8단계에서 ``nn.RNN``\ 의 가장 큰 노름은 3.4였지만, 64단계에서는 17.7에
# 이르고 중앙값도 2에서 3 사이입니다. 최대 노름 1로 클리핑하면 RNN은 단계의 90% 넘게, LSTM은 80%에서
# 클리핑이 일어납니다. 정확도는 행으로 읽을 때보다 한참 낮습니다. 50단계를 기억해야 하니 과제가
# 어렵고, 에폭 10회로는 부족합니다. LSTM은 클리핑한 RNN보다 21%포인트(숫자 46개), 클리핑하지 않은
# RNN보다 12.5%포인트 높게 끝납니다. tanh 셀은 단계마다 상태를 덮어쓰지만, LSTM은 게이트 덕분에
# 여러 단계 전에 읽은 것을 간직할 수 있습니다. 클리핑은 ``nn.RNN``\ 에 도움이 되지 않았습니다.
# 클리핑했을 때가 하지 않았을 때보다 9%포인트 낮게 끝났습니다. 하지만 이것은 시드 하나로 한 번
# 실행한 결과이고, 그림에서 보듯 정확도는 에폭마다 그만큼 오르내립니다. 그러니 이 실행이 말해 주는
# 것은 클리핑이 일어난다는 사실이지, 클리핑이 해가 되거나 도움이 된다는 사실이 아닙니다.
#
# 그림은 클리핑한 두 실행을 보여 줍니다. 왼쪽은 에폭마다 잰 검증 정확도, 오른쪽은 단계마다
# ``clip_grad_norm_``\ 이 반환한 노름을 로그 스케일로 그린 것이고, 점선은 변화도를 줄이기 시작하는
# 문턱값입니다.
fig, (acc_ax, norm_ax) = plt.subplots(1, 2, figsize=(8, 3.2), layout="constrained")
for kind, name in (("rnn", "nn.RNN"), ("lstm", "nn.LSTM")):
    norms, accuracies = runs[kind]
    epochs = range(1, len(accuracies) + 1)
    acc_ax.plot(epochs, [100 * accuracy for accuracy in accuracies], marker="o", label=name)
    norm_ax.plot(range(1, len(norms) + 1), norms, linewidth=1, label=name)
norm_ax.axhline(1, color="gray", linestyle="--", label="max_norm = 1")
acc_ax.set(xlabel="에폭", ylabel="검증 정확도 (%)")
norm_ax.set(xlabel="학습 단계", ylabel="클리핑 전 변화도 노름", yscale="log")
fig.suptitle("한 픽셀씩 읽은 숫자: 64단계, 최대 노름 1로 클리핑")
for ax in (acc_ax, norm_ax):
    ax.grid(alpha=0.3, which="both")
    ax.legend()

# %%
# 노름은 0.1에서 0.2 사이에서 시작해, 신경망이 상태를 쓰는 법을 익히면서 처음 50단계 뒤로는 1에서 20
# 사이까지 커집니다. 그때부터는 거의 모든 단계에서 클리핑이 일어납니다. RNN이 더 빨리 출발하지만,
# 네 번째 에폭부터는 모든 에폭에서 LSTM이 앞서고, RNN이 43%와 61% 사이를 오가는 동안 LSTM은 계속
# 올라갑니다.
#
# 대부분의 단계에서 일어난 클리핑이 왜 RNN을 끌어올리지 못했을까요? Adam을 쓸 때는 변화도 하나가
# 아주 커도 "가중치가 멀리 날아간다"는 그림만큼 해롭지는 않습니다.
# Adam은 가중치마다 변화도 제곱의 이동 평균의 제곱근으로 걸음을 나누므로, 변화도 하나가 아무리
# 커도 각 가중치는 많아야 대략
# :math:`\text{lr}\,(1-\beta_1)/\sqrt{1-\beta_2} \approx 3.2\,\text{lr}`\ 만큼만
# 움직입니다(기본값 :math:`\beta_1 = 0.9`, :math:`\beta_2 = 0.999`). 해를 입는 쪽은 그 이동
# 평균입니다. 아주 큰 변화도의 제곱 하나가 수천 단계 동안 평균에 남아 그 뒤의 걸음을 모두
# 줄입니다. 가중치 하나로 두 가지를 모두 볼 수 있습니다. 변화도는 늘 0.01이고 3000번째 단계에만
# 백만인 경우와, 그 변화도를 1로 클리핑한 경우입니다.


def adam_steps(spike: float) -> list[float]:
    """Adam의 각 단계가 가중치 하나를 lr의 몇 배만큼 옮기는지. 3000번째 단계의 변화도는 spike."""
    weight = nn.Parameter(torch.zeros(1, dtype=torch.float64))  # float64: 아주 작은 이동도 보입니다
    adam = torch.optim.Adam([weight], lr=1e-3)
    moves = []
    for step in range(3101):
        weight.grad = torch.tensor([spike if step == 3000 else 0.01], dtype=torch.float64)
        before = weight.item()
        adam.step()
        moves.append(abs(weight.item() - before) / 1e-3)
    return moves


print("3000번째 단계의 변화도   가중치의 이동(x lr), 단계")
print("                        2999     3000     3100")
for spike in (1e6, 1.0):
    moves = adam_steps(spike)
    print(f"{spike:>17g}    {moves[2999]:>7.2f}  {moves[3000]:>7.2f}  {moves[3100]:>7.2g}")

# %%
# 아주 큰 변화도가 들어온 단계에서 가중치는 평소 걸음의 세 배쯤, 클리핑한 경우와 비슷한 만큼
# 움직였습니다. Adam이 스스로 걸음을 묶어 둔 것입니다. 하지만 클리핑하지 않으면 100단계 뒤에도
# 가중치가 평소 걸음의 만분의 일쯤밖에 움직이지 않아 학습이 사실상 멈춥니다. 변화도를 클리핑하면
# 여전히 평소 걸음의 3분의 1쯤은 움직입니다. Adam에서 클리핑은 주로 뒤따르는 걸음이 의지하는 이동
# 평균을 지켜 줍니다. 평범한 SGD에서는 걸음이 학습률 곱하기 변화도이므로, 클리핑이 걸음 자체를
# 묶어 줍니다.
#
# 잘린 시간에 따른 역전파
# ------------------------
#
# 시퀀스 전체에 걸친 역전파는 역전파에 필요한 값을 단계마다 간직하므로, 메모리가 길이에 따라
# 늘어납니다. 수백만 단계짜리 글이나 녹음은 그래프 하나에 담을 수 없습니다. *잘린*\ (truncated)
# BPTT는 시퀀스를 조각으로 나누어 읽습니다. 은닉 상태는 한 조각에서 다음 조각으로 넘기되, 조각
# 사이에서 ``detach()``\ 로 그래프를 끊습니다. 다음 조각은 같은 값에서 시작하지만 그 값은 이력이 없는
# Tensor에 담기므로, ``backward()``\ 는 조각의 첫 단계에서 멈춥니다. 여기서는 LSTM이 64픽셀을
# 16픽셀(두 행)씩 네 조각으로 읽고, 앞에서처럼 최대 노름 1로 클리핑하며 마지막 단계의 손실로
# 학습합니다.


def truncated_loss(reader: nn.Module, x: torch.Tensor, y: torch.Tensor, chunk: int = 16):
    """마지막 단계의 손실. 그래프는 chunk 단계마다 끊습니다."""
    state = None  # LSTM은 입력과 같은 장치에서 0으로 시작합니다
    for start in range(0, x.shape[1], chunk):
        if state is not None:
            h, c = state
            state = (h.detach(), c.detach())  # 값은 같고 이력은 없습니다
        outputs, state = reader.recurrent(x[:, start : start + chunk], state)
    return loss_fn(reader.classify(outputs[:, -1]), y)


truncated, norms, accuracies = train_reader("lstm", pixel_train, pixel_val, 1.0, truncated_loss)
print(f"nn.LSTM, 16단계씩 자른 경우: 검증 정확도 {accuracies[-1]:.1%}", end="; ")
print(f"64단계 전체를 거슬러 간 경우: {runs['lstm'][1][-1]:.1%}")

# %%
# 그래프 하나에는 얼마나 담길까요? ``torch.autograd.graph.saved_tensors_hooks``\ 는 autograd가
# 역전파를 위해 저장하는 Tensor마다 함수를 호출합니다. 숫자 64개짜리 배치 하나를 통째로 읽을 때와
# 한 조각만 읽을 때, 저장되는 Tensor의 크기를 더해 봅니다.


def saved_mebibytes(forward) -> float:
    """forward()가 실행되는 동안 autograd가 역전파를 위해 저장하는 Tensor의 크기."""
    sizes = []

    def pack(tensor: torch.Tensor) -> torch.Tensor:
        sizes.append(tensor.nbytes)
        return tensor  # 그대로 둡니다. 재기만 합니다

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda tensor: tensor):
        forward()
    return sum(sizes) / 2**20


x = pixel_train[:64][0].to(device)
whole_mib = saved_mebibytes(lambda: truncated.recurrent(x))
chunk_mib = saved_mebibytes(lambda: truncated.recurrent(x[:, :16]))
print(
    f"역전파를 위해 저장한 크기: 64단계 {whole_mib:.1f} MiB, 16단계 조각 하나 {chunk_mib:.1f} MiB"
)

# %%
# 잘라도 LSTM은 학습합니다. 64단계 전체를 거슬러 간 75.5%에 비해 67.6%입니다. 다만 이것은 시드
# 하나로 한 번 실행한 결과이고, 전체를 거슬러 간 LSTM도 학습 후반에 한 에폭 사이에 정확도가 5%포인트쯤
# 떨어지므로(그림의 에폭 6에서 7), 실행 한 번으로는 자르는 것이 여기서 정확도를 얼마나 깎는지 알 수
# 없습니다. ``backward()``\ 가 따라가는 그래프는 64단계가 아니라
# 16단계이고, autograd가 그 그래프를 위해 저장하는 크기도 그만큼 줄어 16.5 MiB에서 4.4 MiB가
# 됩니다(CPU에서 잰 값입니다. GPU에서는 cuDNN이 따로 버퍼를 저장하므로 값이 다릅니다).
#
# 대신 잃는 것이 있습니다. 어떤 변화도도 조각의 경계를 넘지 못합니다. 64번째 단계의 손실은 마지막
# 16단계, 즉 아래쪽 두 행을 거쳐서만 가중치에 닿습니다. 가중치는 공유되므로 거기서 배운 것이 앞의
# 48단계에도 쓰이고, 상태는 그 단계들이 남긴 것을 여전히 앞으로 실어 나릅니다. 하지만 학습 과정에서
# 무언가를 16단계보다 오래 간직하라고 요구하는 것은 없으므로, 조각보다 긴 의존 관계를 배우는 것은
# 우연에 달려 있습니다. 시퀀스를 자르는 것이 보통인 언어 모델에서는 단계마다 손실(다음 글자)이
# 있으므로, 조각마다 ``backward()``\ 와 ``optimizer.step()``\ 을 호출한 다음 상태를 떼어 내 다음
# 조각으로 넘깁니다.
#
# 테스트 데이터는 한 번만
# -----------------------
#
# 선택을 모두 마쳤으니, 이제 처음이자 마지막으로 세 신경망을 테스트 데이터로 평가합니다.
networks = {"models.RNN": classifier, "nn.RNN": readers["rnn"], "nn.LSTM": readers["lstm"]}
for name, network in networks.items():
    _, accuracy = training.evaluate(network, test_set, nn.CrossEntropyLoss(), device=device)
    print(f"{name:<11} 테스트 정확도 {accuracy:.1%}")
print(f"숫자 하나는 검증 정확도로 {100 / len(val_set):.2f}%포인트, ", end="")
print(f"테스트 정확도로 {100 / len(test_set):.2f}%포인트입니다")

# %%
# 테스트 정확도는 검증 정확도와 2%포인트쯤까지 다릅니다. 직접 만든 셀과 ``nn.LSTM``\ 은 올라가고
# ``nn.RNN``\ 은 내려갑니다. 어느 한쪽 데이터가 더 쉽다는 뜻도, 무언가 잘못되었다는 뜻도 아닙니다.
# 숫자가 216개와 360개뿐이면 1~2%포인트의 차이는 숫자 몇 개이고, 작은 데이터가 만드는 잡음입니다.
# 그래서 테스트 점수 하나는 위아래로 1~2%포인트쯤의 불확실성을 안고 읽어야 합니다.

# %%
# 직접 만든 셀이 틀린 숫자들입니다. 각 숫자 위에 신경망의 답을 먼저, 실제 레이블을 나중에
# 적었습니다. 8 x 8 픽셀로는 사람이 보기에도 어려운 숫자가 여럿 있습니다.
x_test, y_test = test_set[:]
with torch.no_grad():
    predicted = classifier(x_test.to(device)).argmax(dim=1).cpu()
wrong = predicted != y_test
print(f"{wrong.sum().item()}개를 틀렸습니다(테스트 숫자 {len(y_test)}개 중)")
fig = plotting.plot_digit_predictions(
    x_test[wrong], y_test[wrong], predicted[wrong], title="잘못 분류한 테스트 숫자", ncols=8
)

# %%
# 요약
# ----
#
# - PyTorch에서 순환 신경망은 단계마다 같은 모듈을 호출하는 반복문입니다. 은닉 상태는 그래프
#   안의 평범한 Tensor이며, ``backward()``\ 를 한 번 호출하면 모든 단계의 변화도가 각 가중치의
#   ``.grad``\ 에 더해집니다.
# - 비선형 함수가 없으면 순환 계산은 선형이어서, 최종 상태가 모든 입력에 대한 선형 함수 하나가
#   됩니다. ``tanh``\ 는 계산을 비선형으로 만들고, 상태가 한없이 커지지 않게 막아 줍니다.
# - ``nn.RNNCell``\ 은 가중치를 ``weight_ih``\ 와 ``weight_hh``\ 로 나누어 같은 셀을 계산합니다.
#   ``nn.RNN``, ``nn.LSTM``, ``nn.GRU``\ 는 시퀀스 전체를 한 번에 실행하며, GPU에서는 cuDNN을
#   사용합니다.
# - ``nn.RNN``\ 과 ``nn.LSTM``\ 은 시퀀스 전체를 한 번의 호출로 실행합니다. ``batch_first=True``\ 로
#   만들지 않으면 (단계, 배치, 특징) 순서로 읽습니다. ``nn.RNN``\ 은 출력과 ``h``\ 를, ``nn.LSTM``\ 은
#   출력과 쌍 ``(h, c)``\ 를 반환합니다.
# - 시간을 거슬러 가는 변화도는 단계마다 :math:`W_h`\ 와 tanh의 도함수 값이 곱해집니다. 가장 큰
#   특잇값이 1보다 작으면 변화도가 사라지고, 1보다 크면 폭발할 수 있습니다.
# - ``backward()``\ 와 ``step()`` 사이의 ``clip_grad_norm_``\ 은 전체 노름이 너무 크면 변화도를
#   줄이고, 클리핑 전의 노름을 반환합니다. 그 값을 출력해 보세요. 8단계짜리 행에서는 노름이 작게
#   유지되어 클리핑이 바꾸는 것이 거의 없습니다. 64픽셀을 한 단계씩 읽으면 노름이 20 가까이에
#   이르고, 최대 노름 1로 클리핑하면 대부분의 단계에서 클리핑이 일어납니다. Adam에서는 아주 큰
#   변화도 하나가 가중치를 많아야 학습률의 3.2배쯤만 움직이고, 클리핑은 주로 Adam의 이동 평균을
#   지켜 줍니다.
# - 숫자를 한 행씩 읽으면, 직접 만든 셀로도 ``nn.RNN``\ 이나 ``nn.LSTM``\ 으로도, 크기가 64인 은닉
#   상태만으로 테스트 데이터에서 95~97%의 정확도로 분류할 수 있습니다. 한 픽셀씩 64단계로 읽으면
#   에폭 10회 뒤 ``nn.LSTM``\ 은 검증 정확도 75.5%, ``nn.RNN``\ 은 54~63%에 이릅니다.
# - 잘린 BPTT는 긴 시퀀스를 조각으로 나누어 읽고 조각 사이에서 상태를 떼어 냅니다. 그래프와
#   그 메모리는 조각 크기로 묶이고, 어떤 변화도도 조각 하나보다 멀리 거슬러 가지 않습니다.
#
# 다음에 읽을 내용
# ----------------
#
# 이 강의가 마지막 강의입니다. 이 강의의 바탕이 된 내용을 다시 보려면 다음 강의를 읽어 보세요.
#
# - :doc:`plot_convnet`: 실행할 때 만들어지는 그래프, 그리고 계층 하나를 여러 번 호출해도 안전한 이유
# - :doc:`plot_hooks`: 신경망이 실행되는 동안 그 안의 값과 변화도를 들여다봅니다.
# - :doc:`plot_autograd`: ``backward()``\ 가 그래프를 따라가며 변화도를 더하는 방법

# %%
# 연습 문제
# ---------
#
# 내려받은 노트북이나 스크립트에서 문제를 풀어 보세요. ``...`` 자리에 답을 쓰고 셀을 실행하면, 셀
# 안의 확인 함수가 답이 맞는지 알려 주고, 틀렸다면 가장 도움이 되는 힌트를 보여 줍니다(풀이를
# 알려 주지는 않습니다). 문제마다 뒤에 **풀이**\ 가 접혀 있습니다. 먼저 풀어 본 뒤에 이 페이지에서는
# **풀이**\ 를 누르고, Jupyter에서는 접힌 셀을 눌러 펼쳐 보세요.
from nn_tutorial import exercises

# sphinx_gallery_thumbnail_number = 1

# %%
# **1. LSTM의 shape(몸풀기).** ``nn.LSTM(8, 64, batch_first=True)``\ 가 shape이 ``(32, 8, 8)``\ 인
# 배치를 읽습니다. ``output, (h, c) = lstm(x)``\ 에서 ``output``, ``h``, ``c``\ 의 shape을 튜플
# 세 개로 답하세요.
#
# *힌트:* ``batch_first``\ 는 입력과 출력의 순서를 바꾸고, 상태의 순서는 바꾸지 않습니다.
answer = ...  # 여기에 답을 쓰세요
exercises.check("rnn-lstm-shapes", answer)

# %%
# **풀이**

lstm = nn.LSTM(8, 64, batch_first=True)
output, (h, c) = lstm(torch.zeros(32, 8, 8))
answer = (tuple(output.shape), tuple(h.shape), tuple(c.shape))
print(answer)
exercises.check("rnn-lstm-shapes", answer)

# %%
# **2. LSTM의 크기.** ``nn.LSTM(8, 64)``\ 의 매개변수는 몇 개일까요? 계산한 다음 확인하세요.
#
# *힌트:* 게이트마다 입력 가중치와 은닉 가중치가 있고, PyTorch에서는 편향도 게이트마다 두 개씩
# 있습니다.
answer = ...  # 여기에 답을 쓰세요
exercises.check("rnn-lstm-parameters", answer)

# %%
# **풀이**

one_gate = 64 * 8 + 64 * 64 + 64 + 64
answer = 4 * one_gate
print(answer, sum(p.numel() for p in nn.LSTM(8, 64).parameters()))
exercises.check("rnn-lstm-parameters", answer)

# %%
# **3. nn.RNNCell로.** ``nn.RNNCell(8, 64)`` 하나를 단계마다 적용하고 마지막 은닉 상태에
# ``nn.Linear(64, 10)``\ 을 써서 숫자 시퀀스 배치 ``(N, 8, 8)``\ 을 분류하는 ``nn.Module``\ 인
# ``CellClassifier``\ 를 작성하세요. 확인 셀은 이 모델을 몇 에폭 학습시킨 뒤 검증 정확도가 85%
# 이상인지 봅니다.
#
# *힌트:* ``h = None``\ 에서 시작해(그러면 ``nn.RNNCell``\ 이 입력과 같은 장치의 0에서
# 시작합니다) ``x[:, t]``\ 를 차례로 읽으세요.
CellClassifier = ...  # 여기에 답을 쓰세요
exercises.check("rnn-cell-classifier", CellClassifier)

# %%
# **풀이**


class CellClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.cell = nn.RNNCell(8, 64)
        self.out = nn.Linear(64, 10)

    def forward(self, x):
        h = None  # 셀이 입력과 같은 장치, 같은 dtype의 0에서 시작합니다
        for t in range(x.shape[1]):
            h = self.cell(x[:, t], h)
        return self.out(h)


exercises.check("rnn-cell-classifier", CellClassifier)
