r"""
순환 신경망: 계층 하나를 단계마다 호출하기
==========================================

순환 신경망(recurrent neural network)은 시퀀스를 한 단계씩 읽으면서 은닉 상태(hidden state)를
다음 단계로 넘겨줍니다. PyTorch에서는 이를 위한 특별한 장치가 필요하지 않습니다. 모듈은 호출과
호출 사이에 자기 상태를 따로 저장하지 않으므로, 같은 ``nn.Linear``\ 를 매 단계 호출하기만 하면
그 가중치(weight)가 모든 시간 단계에 걸쳐 공유됩니다. 모든 단계의 변화도(gradient)는 autograd가
더해 줍니다. 이 강의에서는 이런 신경망을 직접 만들고, PyTorch가 제공하는 ``nn.RNNCell``\ 과 결과가
같은지 확인한 다음, 이 신경망으로 손글씨 숫자를 한 행씩 읽어 봅니다. 마지막으로 같은 일을
PyTorch의 ``nn.RNN``\ 과 ``nn.LSTM``\ 으로 해 봅니다.

**배울 내용**

- 반복문 안에서 호출하는 ``nn.Linear`` 하나가 어떻게 순환 신경망이 되는지, 그 변화도는 어디로 가는지
- 은닉 상태가 왜 ``tanh``\ 를 거치는지
- ``nn.RNNCell``\ 도 같은 계산을 한다는 것, 그리고 언제 ``nn.RNN``\ 이나 ``nn.LSTM``\ 을 쓰는 편이
  나은지
- 8개의 행으로 이루어진 시퀀스로 읽은 숫자를 분류하는 방법
- ``nn.RNN``\ 과 ``nn.LSTM``\ 이 받는 값과 돌려주는 값(시간 우선 순서와 ``batch_first=True``,
  상태 ``h``\ 와 쌍 ``(h, c)``), 그리고 순환 신경망을 학습할 때 변화도 클리핑(gradient clipping)을
  쓰는 이유
"""

# %%
# 순환 셀
# -------
#
# :class:`nn_tutorial.models.RNN`\ 에는 계층(layer)이 두 개 있습니다. ``i2h``\ 는 현재 입력과
# 직전 은닉 상태를 나란히 이어 붙여 읽고 새 은닉 상태를 만듭니다. ``h2o``\ 는 은닉 상태를
# 출력(output)으로 바꿉니다.
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
# 가며 ``rnn``\ 을 다섯 번 호출하고, 다섯 개의 손실(loss)을 더합니다. 마지막에 ``backward()``\ 를
# 한 번만 호출하면 역전파(backward pass)가 다섯 단계를 모두 거슬러 올라가며 변화도를 전달합니다.
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
# 이 신경망의 첫 버전에는 ``tanh``\ 가 없었습니다. ``hidden = self.i2h(combined)``\ 였지요.
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
# PyTorch는 이 셀을 ``nn.RNNCell``\ 로 제공합니다. 이 셀의 가중치는 둘로 나뉘어 있습니다. 입력에
# 곱하는 ``weight_ih``\ 와 은닉 상태에 곱하는 ``weight_hh``\ 이고, 각각 자기 편향(bias)이 따로
# 있습니다. 다음 식이 성립하므로
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
# ``nn.RNN``\ 은 한 걸음 더 나아갑니다. 시퀀스 전체를 담은 Tensor를 받아 반복문 전체를 한 번의
# 호출로, 컴파일된 코드에서 실행합니다(GPU에서는 NVIDIA의 융합 커널 라이브러리인 CuDNN이 맡습니다).
# 시퀀스가 길고 배치가 클수록 Python 반복문보다 빠릅니다. ``nn.LSTM``\ 과 ``nn.GRU``\ 는 게이트가
# 달린 셀로 같은 반복을 실행합니다. 평범한 tanh 셀은 긴 시퀀스의 앞부분을 잊어버리지만, 게이트
# 덕분에 변화도가 긴 시퀀스에서도 살아남습니다. 호출하는 방법은 같아도 단계에서 단계로 넘기는 값은
# 다릅니다. ``nn.RNN``\ 과 ``nn.GRU``\ 는 은닉 상태 ``h`` 하나를 넘기고, ``nn.LSTM``\ 은 은닉 상태
# ``h``\ 와 셀 상태 ``c``, 두 Tensor를 넘깁니다. 셀을 이해하거나 아이디어를 시험해 볼 때는 직접
# 작성하고, 실제 작업에는 이 모듈들을 쓰세요. 직접 만든 셀로 숫자를 학습한 다음 두 모듈로도 학습해
# 봅니다.
#
# 숫자를 한 행씩 읽기
# -------------------
#
# 이제 실제 데이터를 사용합니다. :func:`nn_tutorial.data.digit_sequences`\ 는 scikit-learn의
# 손글씨 숫자(각각 8 x 8 픽셀)를 시퀀스로 돌려줍니다. 시간 단계는 8개이고, 각 단계는 8픽셀짜리
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
# 유지하며, 클래스마다 하나씩 모두 10개의 출력을 냅니다. 학습(training)은 늘 쓰던
# 반복문(:func:`nn_tutorial.training.fit`)으로 하며, 옵티마이저(optimizer)는 Adam, 손실 함수는
# ``CrossEntropyLoss``\ 입니다.
#
# .. literalinclude:: ../../../src/nn_tutorial/models.py
#    :pyobject: SequenceClassifier
device = nn_tutorial.device()  # GPU가 있으면 GPU, 없으면 CPU
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

# %%
# 학습 곡선입니다. 에폭(epoch)이 지날수록 학습 데이터와 검증 데이터 모두에서 손실이 줄고, 검증
# 정확도(accuracy)는 95% 안팎까지 올라갑니다.
fig = plotting.plot_history(
    history,
    title="숫자를 한 행씩 읽는 RNN",
)

# %%
# PyTorch의 순환 계층
# -------------------
#
# ``nn.RNN``\ 과 ``nn.LSTM``\ 은 시퀀스 전체를 한 번의 호출로 받습니다. 기본값으로는 시퀀스를 *시간
# 우선* 순서, 곧 (단계, 배치, 특징) shape으로 읽습니다. 위에서 ``sequence``\ 를 반복문으로 돌 때처럼
# ``sequence[t]``\ 가 모든 시퀀스의 ``t``\ 번째 단계입니다. 그런데 숫자 데이터는 *배치 우선*, 곧
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
# 두 계층 모두 모든 단계의 출력, 곧 숫자마다 행마다 크기 64인 은닉 상태를 담은 (5, 8, 64) shape의
# Tensor를 돌려줍니다. ``nn.RNN``\ 은 여기에 마지막 은닉 상태 ``h``\ 를 함께 돌려주고,
# ``nn.LSTM``\ 은 쌍 ``(h, c)``\ 를 돌려줍니다. 그래서 한쪽에 맞춰 쓴 코드는 다른 쪽에서 그대로
# 돌아가지 않습니다. 상태의 shape은 ``batch_first=True``\ 여도 (계층 수, 배치, 은닉 크기)입니다. 이
# 옵션은 입력과 출력에만 적용됩니다.
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
# 시간을 거슬러 가는 역전파는 변화도를 마지막 단계에서 첫 단계까지 보내며, 단계마다 순환 가중치와
# tanh의 도함수 값을 곱합니다.
#
# .. math::
#
#    \frac{\partial h_T}{\partial h_1} = D_T W_h \, D_{T-1} W_h \cdots D_2 W_h ,
#    \qquad D_t = \operatorname{diag}\left(1 - h_t^2\right) .
#
# 곱하는 값이 1보다 크면 이 곱은 단계 수에 따라 기하급수적으로 커집니다(1보다 작으면 사라집니다).
# 변화도가 폭발한 배치 하나가 단 한 단계 만에 가중치를 멀리 날려 버릴 수 있습니다. 이를 막는 것이
# *변화도 클리핑*\ 입니다. ``backward()``\ 와 ``optimizer.step()`` 사이에서
# ``torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)``\ 을 호출하면, 모든 변화도를 합친
# 노름(norm)이 ``max_norm``\ 을 넘을 때 방향은 그대로 두고 모든 변화도를 함께 줄입니다.
# :func:`nn_tutorial.training.fit`\ 에 ``clip_grad_norm``\ 을 주면 이 일을 합니다. 두 계층 모두
# 직접 만든 셀과 같은 방법(Adam, 학습률 0.005, 에폭 20회)으로, 최대 노름을 1로 두고 학습합니다.
readers = {}
for kind in ("rnn", "lstm"):
    torch.manual_seed(0)
    readers[kind] = models.RowReader(kind, input_size=8, hidden_size=64, classes=10)
    optimizer = torch.optim.Adam(readers[kind].parameters(), lr=5e-3)
    reader_history = training.fit(
        readers[kind],
        train_set,
        val_set,
        epochs=20,
        optimizer=optimizer,
        loss_fn=nn.CrossEntropyLoss(),
        device=device,
        clip_grad_norm=1.0,
        log=None,
    )
    print(f"{kind}: 에폭 20회 학습 후 검증 정확도 {reader_history.val_accuracy[-1]:.1%}")

# %%
# 두 계층 모두 직접 만든 셀과 비슷한 95~96%의 검증 정확도에 이릅니다. 이 정도 크기에서는 CPU에서
# 더 빠르지도 않습니다. 8픽셀짜리 8단계는 반복을 어느 쪽에서 돌리든 계산량이 얼마 되지 않기
# 때문입니다. 컴파일된 반복은 시퀀스가 길고 계층이 넓을 때, 그리고 GPU에서 힘을 발휘합니다.
# 8단계짜리 시퀀스에서는 LSTM의 게이트가 보탤 것도 별로 없습니다. 게이트는 수백 단계짜리
# 시퀀스에서 제 몫을 합니다.
#
# 테스트 데이터는 한 번만
# -----------------------
#
# 모든 선택을 마쳤습니다. 이제, 그리고 이때만, 세 신경망을 테스트 데이터로 평가합니다.
networks = {"models.RNN": classifier, "nn.RNN": readers["rnn"], "nn.LSTM": readers["lstm"]}
for name, network in networks.items():
    _, accuracy = training.evaluate(network, test_set, nn.CrossEntropyLoss(), device=device)
    print(f"{name:<11} 테스트 정확도 {accuracy:.1%}")

# %%
# 직접 만든 셀이 틀린 숫자들입니다. 각 숫자 위에 신경망의 답을 먼저, 실제 레이블(label)을 나중에
# 적었습니다. 8 x 8 픽셀로는 사람이 보기에도 어려운 숫자가 여럿 있습니다.
x_test, y_test = test_set[:]
with torch.no_grad():
    predicted = classifier(x_test.to(device)).argmax(dim=1).cpu()
wrong = predicted != y_test
print(f"{wrong.sum().item()}개를 틀렸습니다(전체 {len(y_test)}개)")
fig = plotting.plot_digit_predictions(
    x_test[wrong], y_test[wrong], predicted[wrong], title="잘못 분류한 테스트 숫자", ncols=8
)

# %%
# 요약
# ----
#
# - PyTorch에서 순환 신경망은 매 단계 같은 모듈을 호출하는 반복문입니다. 은닉 상태는 그래프
#   안의 평범한 Tensor이며, ``backward()``\ 를 한 번 호출하면 모든 단계의 변화도가 각 가중치의
#   ``.grad``\ 에 더해집니다.
# - 비선형 함수가 없으면 순환 계산은 선형이어서, 최종 상태가 모든 입력에 대한 선형 함수 하나가
#   됩니다. ``tanh``\ 는 계산을 비선형으로 만들고, 상태가 한없이 커지지 않게 막아 줍니다.
# - ``nn.RNNCell``\ 은 가중치를 ``weight_ih``\ 와 ``weight_hh``\ 로 나누어 같은 셀을 계산합니다.
#   ``nn.RNN``, ``nn.LSTM``, ``nn.GRU``\ 는 시퀀스 전체를 한 번에 실행하며, GPU에서는 CuDNN을
#   사용합니다.
# - ``nn.RNN``\ 과 ``nn.LSTM``\ 은 시퀀스 전체를 한 번의 호출로 실행합니다. ``batch_first=True``\ 로
#   만들지 않으면 (단계, 배치, 특징) 순서로 읽습니다. ``nn.RNN``\ 은 출력과 ``h``\ 를, ``nn.LSTM``\ 은
#   출력과 쌍 ``(h, c)``\ 를 돌려줍니다.
# - ``backward()``\ 와 ``step()`` 사이의 ``clip_grad_norm_``\ 은 시간을 거슬러 가며 폭발한 변화도가
#   한 단계 만에 가중치를 망가뜨리지 못하게 막습니다.
# - 숫자를 한 행씩 읽으면, 직접 만든 셀로도 ``nn.RNN``\ 이나 ``nn.LSTM``\ 으로도, 크기가 64인 은닉
#   상태만으로 테스트 데이터에서 약 97%의 정확도로 분류할 수 있습니다.
#
# 다음에 읽을 내용
# ----------------
#
# - :doc:`plot_autograd_mlp`: 순전파(forward pass)와 역전파를 Tensor만으로 직접 작성해 봅니다.
# - :doc:`plot_hooks`: 신경망이 실행되는 동안 그 안의 값과 변화도를 들여다봅니다.

# sphinx_gallery_thumbnail_number = 1

# %%
# 연습 문제
# ---------
#
# 내려받은 노트북이나 스크립트에서 문제를 풀어 보세요. ``...`` 자리에 답을 쓰고 확인 셀을 실행하면,
# 답이 맞는지 알려 주고 틀렸다면 가장 도움이 되는 힌트를 보여 줍니다. 풀이는 보여 주지 않습니다.
# 문제마다 풀이가 이 페이지에 접혀 있으니, 먼저 풀어 본 다음 열어 보세요.
from nn_tutorial import exercises

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
# *힌트:* 게이트마다 입력 가중치와 은닉 가중치가 있고, PyTorch에서는 편향이 두 개입니다.
answer = ...  # 여기에 답을 쓰세요
exercises.check("rnn-lstm-parameters", answer)

# %%
# **풀이**

one_gate = 64 * 8 + 64 * 64 + 64 + 64
answer = 4 * one_gate
print(answer, sum(p.numel() for p in nn.LSTM(8, 64).parameters()))
exercises.check("rnn-lstm-parameters", answer)

# %%
# **3. nn.RNNCell로.** 숫자 시퀀스 배치 ``(N, 8, 8)``\ 를 ``nn.RNNCell(8, 64)`` 하나를 단계마다
# 적용하고 마지막 은닉 상태에 ``nn.Linear(64, 10)``\ 을 써서 분류하는 ``nn.Module``,
# ``CellClassifier``\ 를 작성하세요. 확인 셀은 몇 에폭 학습시킨 뒤 검증 데이터에서 85%를 기대합니다.
#
# *힌트:* ``h = torch.zeros(len(x), 64)``\ 에서 시작해 ``x[:, t]``\ 를 차례로 읽으세요.
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
        h = torch.zeros(len(x), 64)
        for t in range(x.shape[1]):
            h = self.cell(x[:, t], h)
        return self.out(h)


exercises.check("rnn-cell-classifier", CellClassifier)
