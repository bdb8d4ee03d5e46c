r"""
신경망: LeNet
======================

:doc:`plot_autograd_mlp`\ 에서는 Tensor 연산만으로 신경망(neural network)을 학습시켰습니다.
``torch.nn``\ 은 그 부품들을 묶어 줍니다. ``torch.nn.Module``\ 은 가중치(weight)를 담고,
``forward``\ 는 입력이 어떻게 출력(output)이 되는지를 정하며, 역전파(backward pass)는
autograd(:doc:`plot_autograd`)가 맡습니다. 이 강의에서는 작은
합성곱(convolution) 신경망인 LeNet 하나로 학습(training)의 모든 단계를 직접 하나씩 밟아 봅니다.
그런 다음 손글씨 숫자로 실제로 학습시키고, 고전적인 방법인 서포트 벡터 머신(support vector
machine)과 비교합니다.

**이 강의에서 배우는 것**

- 신경망을 학습시키는 여섯 단계
- LeNet을 정의하는 방법, LeNet의 매개변수(parameter), LeNet이 받는 입력, 그리고 배치 차원
  없이 이미지 한 장을 넣으면 실제로 어디에서 문제가 생기는지
- 손실(loss)을 계산하는 방법, 그때 autograd가 기록하는 그래프, ``backward()``\ 가
  변화도(gradient)를 채우는 방식
- 갱신 규칙 ``weight = weight - learning_rate * gradient``\ 를 직접 적용하는 방법과
  ``torch.optim``\ 으로 적용하는 방법
- LeNet의 첫 번째 완전 연결 계층(fully connected layer)에 있는 ``16 * 6 * 6``\ 이 어디에서
  나오는지, 그리고 원래의 LeNet-5에서는 그 자리가 왜 ``16 * 5 * 5``\ 인지
- :func:`nn_tutorial.training.fit`\ 이 돌리는 학습 루프(training loop)를 직접 작성하는 방법
- 검증 데이터로 선택하고 테스트 데이터로는 마지막에 한 번만 재면서, 실제 숫자 이미지로 LeNet을
  학습시켜 테스트 정확도 약 99%에 이르는 방법과, 한 번 잰 그 값을 얼마나 믿을 수 있는지
- 학습한 가중치를 저장하고 다시 불러오는 방법
- 혼동 행렬(confusion matrix)로 신경망이 어떤 숫자를 헷갈리는지 읽는 방법
"""

# %%
# 신경망을 학습시키는 방법
# --------------------------
#
# 신경망 학습은 같은 몇 단계를 되풀이합니다.
#
# 1. 학습할 수 있는 매개변수(가중치)를 가진 신경망을 정의합니다.
# 2. 입력 데이터셋(dataset)을 차례로 순회합니다.
# 3. 각 입력을 신경망에 통과시킵니다. 이것이 *순전파*\ (forward pass)입니다.
# 4. 손실을 계산합니다. 손실은 출력이 목표값에서 얼마나 멀리 떨어져 있는지를 나타내는 수 하나입니다.
# 5. 변화도를 매개변수까지 거꾸로 전파합니다(``loss.backward()``).
# 6. 가중치를 갱신합니다. 가장 간단하게는 학습률(learning rate)을 써서
#    ``weight = weight - learning_rate * gradient``\ 로 갱신합니다.
#
# 이 강의에서는 이 단계들을 하나씩 차례로 살펴봅니다.
#
# 1단계: 신경망 정의하기
# --------------------------
#
# 이 강의의 LeNet은 LeNet을 본뜬 신경망으로, 예전 PyTorch 60분 블리츠(blitz) 튜토리얼에
# 있던 3 x 3 변형입니다. (원래의 LeNet-5는 5 x 5 커널(kernel)을 썼습니다. 그 차이로 무엇이
# 달라지는지는 아래 ``16 * 6 * 6``\ 을 다루는 절에서 봅니다.) 이 신경망은 32 x 32 크기의 흑백
# 이미지를 읽어서 숫자 클래스마다 점수를 하나씩, 모두 10개의 수를 돌려줍니다. 두 합성곱 뒤에는
# 각각 ReLU와 2 x 2 최대 풀링(max pooling)이 붙어 있으며, 이들이 획이나 모서리 같은 국소적인
# 패턴을 찾아냅니다. 그 뒤의 완전 연결 계층 세 개가 이 패턴들을 조합해 클래스 점수를 만듭니다.
# 이 신경망은 패키지에 :class:`nn_tutorial.models.LeNet`\ 으로 들어 있습니다.
#
# .. literalinclude:: ../../../src/nn_tutorial/models.py
#    :pyobject: LeNet
#
# 직접 작성하는 것은 ``forward``\ 뿐입니다. 역전파는 ``forward``\ 가 하는 일을 기록해 둔
# autograd가 만들어 줍니다. ``forward``\ 의 첫 줄은 입력의 shape을 확인하므로, 입력을 잘못 넣으면
# 알아보기 쉬운 메시지가 나옵니다(아래에서 일부러 이 오류를 내 봅니다).
import tempfile
import textwrap
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader

import nn_tutorial
from nn_tutorial import data, hooks, models, plotting, set_language, training

set_language("ko")  # 패키지가 출력하고 그리는 글은 이 페이지의 언어를 따릅니다

torch.manual_seed(0)

net = models.LeNet()
print(net)

# %%
# 학습할 수 있는 매개변수
# --------------------------
#
# ``net.parameters()``\ 는 옵티마이저(optimizer)가 갱신할 Tensor를 모두 내놓습니다. 다섯 계층마다
# 가중치와 편향(bias)이 하나씩 있으므로 Tensor는 모두 10개입니다. 첫 번째는 ``conv1``\ 의
# 가중치입니다. 필터 6개가 각각 3 x 3 창을 통해 입력 채널 1개를 봅니다.
params = list(net.parameters())
print(len(params))
print(params[0].size())

# %%
# ``named_parameters()``\ 는 같은 Tensor들을 이름과 함께 돌려줍니다. 81,194개의 수 가운데 대부분은
# 입력 576개를 출력 120개에 연결하는 ``fc1``\ 에 있습니다.
for name, parameter in net.named_parameters():
    print(f"{name:<12} {list(parameter.shape)}")
print("합계:", sum(parameter.numel() for parameter in net.parameters()))

# %%
# 2, 3단계: 입력과 순전파
# --------------------------
#
# LeNet은 32 x 32 이미지를 받습니다. (MNIST의 숫자 이미지는 28 x 28입니다. LeNet-5는 사방에
# 배경 픽셀을 2개씩 덧대어(padding) 32 x 32로 만들었고, ``conv1``\ 에 ``padding=2``\ 를 주면
# 신경망 안에서 같은 일을 합니다. 크기를 바꿔도 됩니다. 마지막에 학습에 쓰는 숫자 이미지는
# 8 x 8이라서 32 x 32로 크기를 바꿉니다.) 지금은 무작위 이미지로 충분합니다. 모듈을 호출하면
# ``forward``\ 가 실행되고 점수 10개가 나옵니다.
input = torch.randn(1, 1, 32, 32)
out = net(input)
print(out)

# %%
# ``grad_fn=<AddmmBackward0>``\ 는 autograd가 계산을 기록해 두었다는 표시입니다. 마지막 연산은
# ``fc3``\ 의 행렬(matrix) 곱셈과 덧셈이었습니다.
#
# 신경망은 미니 배치를 받습니다
# --------------------------------
#
# ``torch.nn``\ 의 계층은 **미니 배치**\ (mini-batch)를 받도록 만들어져 있습니다. 첫 번째 차원은
# 샘플의 개수입니다. 그래서 위의 무작위 입력이 ``1 x 1 x 32 x 32``, 즉 채널이 하나인 이미지 한
# 장으로 이루어진 배치였습니다. 배치 차원 없이 shape이 ``1 x 32 x 32``\ 인 이미지 한 장을 넣으면
# 어떻게 될까요? 패키지의 검사를 거치지 않고 LeNet의 계층을 직접 하나씩 실행해 봅시다.
# ``nn.Conv2d``\ 와 최대 풀링은 배치 차원이 없는 ``channels x height x width`` 입력도 이미지 한
# 장으로 보고 받아들입니다. 오류는 그다음에 납니다.
image = torch.randn(1, 32, 32)
x = F.max_pool2d(F.relu(net.conv1(image)), 2)
x = F.max_pool2d(F.relu(net.conv2(x)), 2)
print("합성곱을 거친 뒤:", list(x.shape))
x = torch.flatten(x, 1)
print("torch.flatten(x, 1)을 거친 뒤:", list(x.shape))
try:
    net.fc1(x)
except RuntimeError as error:
    print(f"RuntimeError: {error}")

# %%
# 합성곱은 문제없이 실행되었고, 잘못되는 곳은 flatten입니다. ``torch.flatten(x, 1)``\ 은 0번
# 차원을 배치로 여기고 그대로 둡니다. 그런데 여기서는 0번 차원에 채널 16개가 들어 있으므로, 수
# 576개가 든 행 하나 대신 수 36개가 든 행 16개를 만듭니다. 입력 576개에 맞춰 만든 ``fc1``\ 은 이
# 행렬을 곱할 수 없습니다. PyTorch의 메시지는 행렬의 shape만 말할 뿐 원인과는 거리가 멉니다.
# LeNet의 ``forward`` 첫 줄에 있는 검사는 그 전에 이미지를 막고 이유를 알려 줍니다.
try:
    net(image)
except ValueError as error:
    print(textwrap.fill(f"ValueError: {error}", width=80))

# %%
# ``unsqueeze(0)``\ 은 빠진 배치 차원을 맨 앞에 추가합니다.
print(image.unsqueeze(0).shape, "->", net(image.unsqueeze(0)).shape)

# %%
# 샘플 하나를 받는 계층도 있는데 왜 굳이 배치를 지킬까요? 모델의 코드가 배치를 전제로 쓰여 있기
# 때문입니다. ``torch.flatten(x, 1)``\ 과 ``argmax(dim=1)``\ 은 0번 차원을 배치로 보고,
# ``nn.BatchNorm2d`` 같은 계층은 그 차원을 따라 통계를 냅니다. 배치는 학습을 빠르고 안정적으로
# 만들기도 합니다. 이미지 32장을 한 번에 처리하는 호출 하나가 이미지 한 장씩 처리하는 호출 32번보다
# 하드웨어를 훨씬 잘 활용하고, 이미지 32장에 대해 평균을 낸 변화도는 이미지 한 장의 변화도보다
# 잡음이 적습니다.

# %%
# 첫 번째 역전파
# ---------------------
#
# ``out``\ 에는 값이 10개 있으므로, ``backward``\ 에는 출력마다 값이 하나씩 있는 벡터를 넘겨야
# 합니다. :doc:`plot_autograd`\ 에서 본 벡터-야코비안 곱(vector-Jacobian product)입니다. 여기서는
# 무작위 수로 대신합니다. 그 전에 ``net.zero_grad()``\ 로 모든 매개변수의 변화도를 지웁니다.
# 변화도는 누적되기 때문입니다.
net.zero_grad()
out.backward(torch.randn(1, 10))
print(net.conv1.bias.grad)

# %%
# 정리
# -----
#
# 지금까지 만난 클래스는 다음과 같습니다.
#
# - ``torch.Tensor``: 다차원 배열입니다. 변화도가 필요한 Tensor이거나 그런 Tensor로부터 계산된
#   Tensor일 때만, 거쳐 간 연산이 ``backward()``\ 를 위해 기록됩니다. 가중치처럼 변화도가 필요한
#   잎(leaf) Tensor는 ``.grad``\ 에 변화도를 받습니다.
# - ``torch.nn.Module``: 신경망 블록입니다. 매개변수를 한데 모아 두고, 한 번의 호출로
#   옮기고(``net.to(device)``), 저장하고 불러오며(``state_dict()``), 다른 모듈을 담을 수 있습니다.
# - ``torch.nn.Parameter``: 모듈의 속성으로 할당하면 자동으로 매개변수로 등록되는 Tensor의 한
#   종류입니다. ``net.parameters()``\ 가 ``nn.Conv2d``\ 와 ``nn.Linear``\ 의 가중치를 찾아낸 것도
#   이 덕분입니다.
# - ``grad_fn``: 변화도가 필요한 Tensor에 연산을 할 때마다 그래프의 노드가 하나 만들어집니다.
#   이 노드는 ``torch.autograd.graph.Node``\ 의 인스턴스이고(위의 ``AddmmBackward0``), 그
#   입력을 만든 노드들과 연결됩니다. 이렇게 연결된 노드들이 계산의 이력을 담습니다.
# - ``torch.autograd.Function``: 이 노드들 자체가 아니라, 순전파(``forward``)와
#   역전파(``backward``)를 직접 정의해 새 연산을 만들 때 상속하는 클래스입니다. 이 연산을 쓸
#   때마다 그래프에 노드가 하나씩 더해지는 것은 마찬가지입니다.
weight = net.conv1.weight
print(type(weight).__name__, "| Tensor이기도 한가:", isinstance(weight, torch.Tensor))
node = out.grad_fn
print(type(node).__name__, "| 그래프의 Node인가:", isinstance(node, torch.autograd.graph.Node))
print(type(node).__name__, "| Function인가:", isinstance(node, torch.autograd.Function))

# %%
# 지금까지 신경망을 정의했고, 입력을 신경망에 통과시켰고, ``backward``\ 가 가중치까지 닿는 것을
# 보았습니다. 아직 남은 것은 손실과 가중치 갱신입니다.
#
# 4단계: 손실
# ----------------
#
# 손실 함수는 출력과 목표값(target)을 받아서, 둘이 얼마나 떨어져 있는지를 재는 수 하나를
# 돌려줍니다. ``nn.MSELoss``\ 는 평균제곱오차(mean-squared error)를 계산합니다. 지금은 출력과
# shape이 같은 무작위 목표값을 씁니다.
output = net(input)
target = torch.randn(10)
target = target.reshape(1, -1)  # output과 같은 shape: 1 x 10
criterion = nn.MSELoss()

loss = criterion(output, target)
print(loss)

# %%
# 손실에서 그래프를 거슬러 올라가기
# --------------------------------------
#
# ``loss.grad_fn``\ 은 마지막 연산인 MSE입니다. 각 노드의 ``next_functions``\ 에는 그 노드의
# 입력을 만든 노드들이 들어 있으므로, 손으로 한 단계씩 거슬러 올라갈 수 있습니다.
print(type(loss.grad_fn).__name__)
addmm = loss.grad_fn.next_functions[0][0]
print(type(addmm).__name__)
print(type(addmm.next_functions[0][0]).__name__)

# %%
# 세 번째 단계에서 도착한 곳은 ReLU가 아니라 ``AccumulateGrad``\ 입니다. ``fc3``\ 는
# ``addmm(bias, input, weight.T)``\ 를 계산하고, 그 노드는 입력을 이 순서대로 나열합니다. 먼저
# 편향이 오는데, 편향은 잎 노드(leaf)이므로 변화도가 ``fc3.bias.grad``\ 에 *누적*\ 됩니다.
# 그다음은 입력을 만든 ReLU이고, 마지막은 전치된 가중치입니다.
print([type(node).__name__ for node, _ in addmm.next_functions])

# %%
# 그래프 전체는 출력해 보는 것보다 그림으로 보는 편이 쉽습니다. 맨 위(주황색)에 손실이 있고,
# 이름이 붙은 잎 노드 10개(초록색)가 매개변수입니다. ``loss.backward()``\ 는 화살표를 따라 위에서
# 아래로 내려갑니다. 각 계층의 매개변수는 그 계층이 실행된 자리에서 그래프에 합류합니다.
fig = plotting.plot_autograd_graph(
    loss,
    title="autograd가 손실에 대해 기록한 그래프",
    names=dict(net.named_parameters()),
)

# %%
# 5단계: 역전파
# -----------------------
#
# ``loss.backward()``\ 는 그래프에서 변화도가 필요한 모든 *잎* Tensor, 여기서는 매개변수 10개에
# 대해 손실을 미분하고, 그 결과를 각 잎의 ``.grad``\ 에 *더합니다*. (ReLU의 출력 같은 중간
# 결과는 ``.grad``\ 를 받지 않습니다. 그 변화도는 다음 노드로 넘겨진 뒤 버려집니다.
# :doc:`plot_autograd`\ 에서처럼 ``retain_grad()``\ 로 요청하면 남길 수 있습니다.) 더하기
# 때문에 이전 변화도부터 지워야 합니다. 역전파 전과 후의 ``conv1`` 편향을 살펴봅시다.
net.zero_grad()
print("역전파 전 conv1.bias.grad:")
print(net.conv1.bias.grad)
loss.backward()
print("역전파 후 conv1.bias.grad:")
print(net.conv1.bias.grad)

# %%
# 역전파 전의 변화도는 0이 아니라 ``None``\ 입니다. PyTorch 2.0부터 ``zero_grad()``\ 는 기본적으로
# 변화도를 ``None``\ 으로 설정합니다. 이렇게 하면 메모리가 절약되고, 다음 ``backward()``\ 는 0에
# 더하는 대신 새 Tensor를 씁니다. (예전 튜토리얼에서는 여기에 0이 출력됩니다. 지금도
# ``zero_grad(set_to_none=False)``\ 를 쓰면 그렇게 됩니다.) 어느 쪽이든 앞선 역전파의 흔적은 남지
# 않습니다.
#
# 6단계: 가중치 갱신하기
# ----------------------------
#
# 가장 간단한 갱신 규칙은 확률적 경사 하강법(stochastic gradient descent, SGD)입니다.
#
# .. math::
#
#    w \leftarrow w - \eta \, \frac{\partial\, \mathrm{loss}}{\partial w},
#
# 여기서 학습률 :math:`\eta`\ 는 작은 수입니다. 패키지에는
# :func:`nn_tutorial.training.sgd_step`\ 으로 작성되어 있습니다.
#
# .. literalinclude:: ../../../src/nn_tutorial/training.py
#    :pyobject: sgd_step
#
# 갱신은 ``torch.no_grad()`` 안에서 실행합니다. 갱신은 모델의 일부가 아니므로 autograd가 기록하면
# 안 됩니다(기록할 수도 없습니다. 기록하는 동안 변화도가 필요한 잎 Tensor를 제자리(in-place)에서
# 바꾸면 오류가 납니다). 예전 코드에서는 대신 ``f.data.sub_(...)``\ 를 썼습니다. ``.data``\ 는
# autograd 몰래 값을 바꾸는 뒷문입니다. 그래프에 예전 값이 아직 필요한데도 autograd는 값이
# 바뀐 것을 알아차리지 못하고, 아무 경고 없이 틀린 변화도를 계산합니다. ``torch.no_grad()``\ 는
# 속도는 같으면서 autograd의 검사는 그대로 유지합니다.
training.sgd_step(net.parameters(), lr=0.01)
print(f"갱신 전 손실: {loss.item():.4f}")
print(f"갱신 후 손실: {criterion(net(input), target).item():.4f}")

# %%
# 옵티마이저 사용하기
# ----------------------
#
# ``torch.optim``\ 은 이 규칙과 더 나은 규칙들(모멘텀을 쓰는 SGD, Adam, AdamW, ...)을 구현해 둔
# 모듈입니다. 매개변수를 넘겨 주면, 학습 단계는 매번 변화도 초기화, 순전파, 손실 계산, 역전파,
# 갱신(step) 순서로 진행됩니다. ``zero_grad()``\ 를 빠뜨리면 단계마다 변화도가 이전 변화도에
# 더해집니다.
optimizer = torch.optim.SGD(net.parameters(), lr=0.01)

for step in range(1, 4):
    optimizer.zero_grad()  # 이전 단계의 변화도를 지웁니다
    output = net(input)
    loss = criterion(output, target)
    loss.backward()
    optimizer.step()  # 갱신
    print(f"단계 {step}: 손실 {loss.item():.4f}")

# %%
# ``16 * 6 * 6``\ 은 어디에서 나올까요?
# ------------------------------------------
#
# ``fc1``\ 은 ``nn.Linear(16 * 6 * 6, 120)``\ 입니다. 이 계층에는 수가 몇 개 들어오는지 알려
# 주어야 하는데, 한 학습자가 이 6 x 6이 어디에서 나오는지 물었습니다. 6 x 6은 합성곱 두 번과 풀링
# 두 번을 거친 뒤의 이미지 크기입니다. 패딩이 없는 3 x 3 합성곱은 양쪽에서 한 픽셀씩
# 잃고(:math:`n \to n - 2`), 2 x 2 최대 풀링은 크기를 절반으로 줄이면서 나머지는
# 버립니다(:math:`n \to \lfloor n / 2 \rfloor`).
#
# .. math::
#
#    32 \xrightarrow{\text{conv1}} 30 \xrightarrow{\text{pool}} 15
#    \xrightarrow{\text{conv2}} 13 \xrightarrow{\text{pool}} 6 .
#
# ``conv2``\ 의 출력 채널은 16개이므로, ``flatten``\ 은 ``16 x 6 x 6``\ 을 이미지 한 장당 576개의
# 수로 바꿉니다. :func:`nn_tutorial.hooks.shape_trace`\ 는 신경망을 한 번 실행하면서 각 단계의
# 출력 shape을 기록합니다.
steps = hooks.shape_trace(net, torch.randn(1, 1, 32, 32))
for step in steps:
    print(step)

# %%
# 같은 추적 결과를 그림으로 나타냈습니다. ReLU는 shape을 바꾸지 않으므로 뺐습니다. 상자의 높이는
# 이미지 한 장당 값의 개수가 많을수록 높아집니다. ``conv1``\ 은 값의 개수를 늘리고(입력은 채널이
# 1개였지만 6개가 됩니다), 풀링은 매번 4분의 1만 남기며, ``flatten``\ (초록색)은 576개의 값을 모두
# 유지한 채 shape만 바꿉니다. 28 x 28 입력은 ``fc1``\ 에 ``16 x 5 x 5``\ 로 도착해서 실패합니다.
# LeNet에 32 x 32 이미지가 필요한 이유가 바로 이것입니다.
shape_changes = [step for step in steps if step.name != "relu"]
fig = plotting.plot_shape_trace(
    shape_changes,
    title="LeNet을 지나며 바뀌는 shape (이미지 한 장 기준)",
)

# %%
# ``6@28x28``\ 과 ``16 * 5 * 5``\ 가 나오는 그림과 튜토리얼은 원래의 LeNet-5(LeCun 외, 1998)를
# 그린 것입니다. LeNet-5는 5 x 5 커널을 썼고, 이 커널은 픽셀을 4개 줄입니다(:math:`n \to n - 4`).
# 또 ReLU와 최대 풀링 대신 tanh 계열의 활성화 함수와 학습하는 평균 풀링을 썼습니다. 이런 계산을
# 손으로 할 필요는 없습니다. 가짜 이미지 한 장으로 계층들을 한 번 실행하고 shape을 읽으면 됩니다.
# (``nn.LazyLinear``\ 는 모델 안에서 같은 일을 합니다. 첫 배치를 보고 입력 크기를 정합니다.)
# LeNet-5의 특징 추출 계층은 다음과 같습니다.
lenet5_features = nn.Sequential(
    nn.Conv2d(1, 6, 5), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.MaxPool2d(2), nn.Flatten()
)
x = torch.zeros(1, 1, 32, 32)
for layer in lenet5_features:
    x = layer(x)
    print(f"{type(layer).__name__:<10} {list(x.shape)}")

# %%
# 실제 숫자로 학습하기
# -----------------------
#
# 지금까지는 모두 무작위 수를 썼습니다. 이제 실제 데이터로 학습해 봅니다. scikit-learn에 들어 있는
# 손글씨 숫자 1,797장으로, 크기가 8 x 8인 이미지를 :func:`nn_tutorial.data.load_digits`\ 가 LeNet에
# 맞게 32 x 32로 키워 줍니다. 이 함수는 숫자를 언제나 같은 방식으로 세 몫으로 나눕니다. 신경망이
# 배우는 학습 데이터(training set), 에폭(epoch) 수나 학습률 같은 선택의 기준이 되는 검증 데이터(validation
# set), 그리고 맨 마지막에 한 번만 쓰는 테스트 데이터(test set)입니다. 테스트 데이터를 이렇게 따로
# 두는 까닭은, 선택에 영향을 준 데이터는 이미 그 선택에 맞춰진 셈이어서 그 점수로는 모델이 처음
# 보는 숫자에서 얼마나 잘하는지 알 수 없기 때문입니다.
train, validation, test = data.load_digits(image_size=32)
print(f"이미지: 학습용 {len(train)}장, 검증용 {len(validation)}장, 테스트용 {len(test)}장")
print("이미지 한 장:", list(train[0][0].shape), "| 레이블:", train[0][1].item())

# %%
# 학습 루프
# ----------
#
# 학습은 이 강의 처음에 본 여섯 단계를 이번에는 미니 배치 단위로 되풀이하는 것입니다.
# ``DataLoader``\ 가 학습 데이터를 섞어서 이미지 32장씩의 배치로 자르고, 배치마다 변화도 초기화,
# 순전파, 손실 계산, 역전파, 갱신을 합니다. 이번 손실 함수는 분류에 흔히 쓰는
# ``nn.CrossEntropyLoss``\ 입니다. 점수 10개를 소프트맥스(softmax)로 확률로 바꾸고, 목표 클래스의
# 확률이 낮을수록 큰 벌점을 줍니다(그래서 신경망 자체는 소프트맥스 없이 날것의 점수, 즉
# *로짓*\ (logit)으로 끝납니다). 에폭 하나, 즉 학습 데이터를 한 바퀴 도는 과정을 CPU에서 직접
# 작성해 보면 다음과 같습니다. ``fit``\ 처럼 배치들의 평균 손실도 함께 구합니다.
torch.manual_seed(0)
net = models.LeNet()
optimizer = torch.optim.AdamW(net.parameters(), lr=2e-3)
loss_fn = nn.CrossEntropyLoss()
loader = DataLoader(train, batch_size=32, shuffle=True, generator=torch.Generator().manual_seed(0))

net.train()  # 학습 모드: 드롭아웃 같은 계층에 영향을 줍니다(LeNet에는 없습니다)
total, count = 0.0, 0
for x, y in loader:
    optimizer.zero_grad()
    loss = loss_fn(net(x), y)
    loss.backward()
    optimizer.step()
    total += loss.item() * len(y)  # 이 배치의 손실: 이 배치로 갱신하기 전에 잰 값입니다
    count += len(y)
train_loss, _ = training.evaluate(net, train, loss_fn, device="cpu")
val_loss, val_accuracy = training.evaluate(net, validation, loss_fn, device="cpu")
print(f"에폭 동안 배치 손실의 평균: {total / count:.4f}")
print(f"에폭이 끝난 뒤의 학습 손실: {train_loss:.4f}")
print(f"에폭이 끝난 뒤의 검증 손실: {val_loss:.4f}")
print(f"에폭이 끝난 뒤의 검증 정확도: {val_accuracy:.1%}")

# %%
# 에폭 동안의 평균은 같은 이미지들을 에폭이 끝난 뒤에 잰 손실보다 훨씬 높습니다. 배치마다 손실을
# 잰 것은 그 배치로 갱신하기 전, 아직 배우는 중인 신경망이었습니다. 처음 배치들은 거의 학습되지
# 않은 신경망을 만났습니다. ``fit``\ 이 보고하는 학습 손실이 바로 이 평균이므로, 초기 에폭에서는
# 한 번도 학습에 쓰지 않은 검증 이미지의 손실보다도 높게 나옵니다.

# %%
# :func:`nn_tutorial.training.fit`\ 은 이 루프를 정해진 에폭 수만큼 돌리면서, 실제 학습에 필요한
# 일을 더합니다. 배치를 장치(device)로 옮기고, 손실이 유한한 값이 아니면 멈추고, 학습률 스케줄을
# 한 단계씩 진행하고, 에폭마다 검증 데이터로 성능을
# 재고(:func:`nn_tutorial.training.evaluate`), 체크포인트를 저장할 수도 있습니다. 패키지에 있는
# 루프를 그대로 옮기면 다음과 같습니다.
#
# .. literalinclude:: ../../../src/nn_tutorial/training.py
#    :pyobject: fit
#    :start-at: for epoch in range(
#    :end-before: return history
#    :dedent: 4
#
# 안에서 다른 일은 일어나지 않습니다. 시드가 같으면 ``fit``\ 으로 에폭 1회를 학습한 가중치는
# 직접 작성한 루프의 가중치와 정확히 같습니다.
torch.manual_seed(0)
same = models.LeNet()
training.fit(
    same,
    train,
    validation,
    epochs=1,
    optimizer=torch.optim.AdamW(same.parameters(), lr=2e-3),
    loss_fn=loss_fn,
    batch_size=32,
    device="cpu",
    log=None,
)
equal = all(torch.equal(a, b) for a, b in zip(net.parameters(), same.parameters(), strict=True))
print("fit과 직접 작성한 루프의 가중치가 같은가:", equal)

# %%
# 본 학습
# --------
#
# 가중치가 81,194개인 신경망을 학습시키기에 학습용 숫자 1,221장은 적습니다. 신경망이 학습 숫자를
# 통째로 외워 버려서 새로운 숫자에서는 오히려 성능이 떨어질 수 있습니다. 이를
# 과적합(over-fitting)이라고 합니다. :class:`nn_tutorial.data.RandomShift`\ 는 학습 이미지를 무작위
# 방향으로 최대 3픽셀까지, 에폭마다 다르게 옮겨서 보여 줍니다. 옮긴 숫자도 여전히 같은
# 숫자이므로, 신경망은 이미지 개수보다 훨씬 많은 변형을 보게 되고 정확한 위치에 의존하지 않는
# 특징을 배웁니다. 검증 이미지와 테스트 이미지는 옮기지 않습니다.
#
# 옵티마이저는 AdamW입니다. AdamW는 Adam에 *분리된* 가중치 감쇠(decoupled weight decay)를 더한
# 것입니다. Adam은 가중치마다 갱신 폭을 따로 둡니다. 변화도의 이동 평균이 갱신 방향을 정하고,
# 변화도 *제곱*\ 의 이동 평균이 클수록 그 가중치의 갱신 폭을 줄입니다. 분리된 가중치 감쇠는
# 단계마다 모든 가중치를 조금씩 줄이되 손실에 벌점 항으로 더하지 않고 변화도에 따른 갱신과 따로
# 적용합니다. 코사인 스케줄은 에폭 20회에 걸쳐 학습률을 0까지 부드럽게 낮춥니다. ``fit``\ 은 가속기(CUDA나
# MPS GPU 등)가 있으면 가속기에서 학습합니다.
device = nn_tutorial.device()

torch.manual_seed(0)
net = models.LeNet()
optimizer = torch.optim.AdamW(net.parameters(), lr=2e-3, weight_decay=0.05)
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=20)
history = training.fit(
    net,
    data.RandomShift(train, max_shift=3),
    validation,
    epochs=20,
    optimizer=optimizer,
    scheduler=scheduler,
    loss_fn=loss_fn,
    batch_size=32,
    device=device,
    log=None,
)
for epoch in range(5, history.epochs + 1, 5):
    print(
        f"에폭 {epoch:>2}  학습 손실 {history.train_loss[epoch - 1]:.4f}  "
        f"검증 손실 {history.val_loss[epoch - 1]:.4f}  "
        f"검증 정확도 {history.val_accuracy[epoch - 1]:.1%}"
    )

# %%
# 선택의 근거는 바로 이 곡선입니다. 에폭 수, 학습률, 이동 폭은 테스트 데이터가 아니라 검증 정확도를
# 보며 정했습니다. 곡선에 적힌 정확도는 마지막 에폭의 값입니다. ``fit``\ 은 마지막 에폭을 마친
# 상태의 신경망을 돌려주고, 아래에서 저장하고 다시 불러와 테스트 데이터로 재는 것도 이 신경망입니다.
fig = plotting.plot_history(
    history,
    title="손글씨 숫자로 학습한 LeNet",
)

# %%
# 그보다 앞선 에폭이 더 높은 점수를 냈을 수도 있습니다. 검증 정확도가 좋아질 때마다 체크포인트를
# 저장해서 가장 좋았던 에폭의 가중치를 대신 남기는 것도 흔히 쓰는 방법이고, 검증 데이터로 하는
# 선택이니 정당합니다. 다만 여기서는 얻는 것이 적습니다. 검증 이미지가 216장이면 이미지 한 장이
# 0.46%포인트이고, 가장 좋았던 에폭은 겨우 몇 장 앞설 뿐입니다.
best = max(range(history.epochs), key=lambda index: history.val_accuracy[index])
ahead = round((history.val_accuracy[best] - history.val_accuracy[-1]) * len(validation))
print(f"마지막 에폭({history.epochs}), 우리가 쓰는 모델: {history.val_accuracy[-1]:.1%}")
print(f"가장 좋았던 에폭({best + 1}): {history.val_accuracy[best]:.1%}, {ahead}장 더 맞힘")
print(f"검증 이미지 한 장: {1 / len(validation):.2%}")

# %%
# 학습 손실은 왜 내내 검증 손실보다 높을까요? 이유는 두 가지입니다. 하나는 앞에서 직접 작성한
# 에폭에서 본 것으로, ``fit``\ 이 가중치가 좋아지는 동안의 손실을 에폭 전체에 걸쳐 평균 낸다는
# 점입니다. 이 효과는 처음 몇 에폭에서 가장 큽니다. 다른 하나는 학습 이미지는 옮겨져 있어서 더
# 어렵고 검증 이미지는 그렇지 않다는 점입니다. 마지막 에폭에서는 학습률이 0에 가까워 가중치가
# 거의 움직이지 않으므로, 남는 것은 두 번째 이유입니다. 마지막 가중치로 재 보면, 새로 옮긴 학습
# 이미지의 손실은 ``fit``\ 이 보고한 값과 비슷하고, 같은 이미지를 옮기지 않으면 손실이 가장
# 낮습니다. 신경망이 학습한 이미지이니 당연한 결과입니다.
shifted = data.RandomShift(train, max_shift=3)
shifted_loss, _ = training.evaluate(net, shifted, loss_fn, device=device)
unshifted_loss, _ = training.evaluate(net, train, loss_fn, device=device)
print(f"fit이 마지막 에폭에 보고한 학습 손실: {history.train_loss[-1]:.4f}")
print(f"마지막 가중치, 옮긴 학습 이미지: {shifted_loss:.4f}")
print(f"마지막 가중치, 옮기지 않은 학습 이미지: {unshifted_loss:.4f}")
print(f"마지막 가중치, 검증 이미지: {history.val_loss[-1]:.4f}")

# %%
# 학습한 신경망을 저장하고 불러오기
# ----------------------------------
#
# 학습한 가중치는 보관해 둘 만합니다. ``net.state_dict()``\ 는 매개변수의 이름마다 그 Tensor를
# 담은 상태 사전(state_dict)이고, ``torch.save``\ 는 이것을 파일에 씁니다. 불러올 때는 같은 신경망을
# 만들고, ``torch.load(path, weights_only=True)``\ 로 읽은 사전을 넘겨줍니다.
# ``weights_only=True``\ 는 PyTorch 2.6부터 기본값이며, Tensor와 기본 컨테이너만 읽고 임의의
# Python 객체는 거부합니다. 그래서 훨씬 안전해지지만 완전히 안전하지는 않습니다. 이 로더의 결함이
# PyTorch 2.6과 2.10에서 고쳐졌습니다(CVE-2025-32434, CVE-2026-24747). PyTorch를 최신으로 유지하고,
# 믿을 수 있는 파일만 불러오세요. (파일은 임시 디렉터리에 쓰고, 이 디렉터리는 끝나면 지워집니다.)
state = net.state_dict()
print(f"state_dict: Tensor {len(state)}개,", ", ".join(list(state)[:4]), "...")
with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "lenet.pt"
    torch.save(state, path)
    reloaded = models.LeNet()
    reloaded.load_state_dict(torch.load(path, weights_only=True))

# %%
# 다시 불러온 신경망은 학습한 신경망과 똑같은 출력을 냅니다.
images = validation.tensors[0].to(device)
net.eval()
reloaded.to(device).eval()
with torch.no_grad():
    print("출력이 같은가:", torch.equal(reloaded(images), net(images)))

# %%
# 테스트 데이터는 한 번만
# ------------------------
#
# 선택을 모두 마쳤으니 이제 테스트 데이터로 딱 한 번 성능을 잽니다. 이 결과는 좋은 걸까요? 비교
# 기준으로 완전히 같은 분할에서 강력한 고전적 방법을 돌려 봅니다. 서포트 벡터 머신(scikit-learn의
# ``SVC``, RBF 커널)을 LeNet과 같은 학습 이미지로 학습시키되, 키우지 않은 원래의 8 x 8 이미지를
# 씁니다. 이 데이터는 :func:`nn_tutorial.data.digit_arrays`\ 가 돌려줍니다. 공정하게 비교하려고
# SVM의 두 설정값, ``C``\ (학습 이미지에 얼마나 엄격하게 맞출지)와 ``gamma``\ (이미지 하나의
# 영향이 얼마나 멀리 미칠지)도 LeNet의 설정처럼 검증 데이터로 고릅니다.
from sklearn.svm import SVC

x, y = data.digit_arrays()
scores = {}
for C in (1, 3, 10, 30):
    for gamma in (0.02, 0.05, 0.1):
        svc = SVC(C=C, gamma=gamma).fit(x.train, y.train)
        scores[C, gamma] = svc.score(x.validation, y.validation)
C, gamma = max(scores, key=scores.get)
svc = SVC(C=C, gamma=gamma).fit(x.train, y.train)
print(f"검증 데이터로 고른 SVC 설정: C={C}, gamma={gamma}")

test_loss, test_accuracy = training.evaluate(net, test, loss_fn, device=device)
svc_accuracy = svc.score(x.test, y.test)
print(f"LeNet 테스트 정확도: {test_accuracy:.1%}")
print(f"SVC 테스트 정확도:   {svc_accuracy:.1%}")

# %%
# 이렇게 한 번 잰 값은 얼마나 정확할까요? 이 값은 학습 한 번(시드 하나)을 테스트 이미지 360장으로
# 잰 것이라서, 이미지 한 장만 달라져도 0.28%포인트가 움직입니다. 이미지 :math:`n`\ 장으로 잰
# 정확도 :math:`p`\ 의 95% 구간은 대략 :math:`p \pm 1.96 \sqrt{p (1 - p) / n}`\ 입니다.
n = len(test)
margin = 1.96 * (test_accuracy * (1 - test_accuracy) / n) ** 0.5
print(f"테스트 이미지 한 장: {1 / n:.2%}")
print(f"LeNet: {test_accuracy:.1%} ± {margin:.1%} (95% 구간)")
print(f"LeNet과 SVC의 차이: 테스트 이미지 {round((test_accuracy - svc_accuracy) * n)}장")

# %%
# 둘의 차이는 이미지 몇 장으로, 이 구간 안에 있습니다. 이렇게 작고 깨끗한 데이터셋에서는 설정을
# 고른 SVM도 이미 아주 뛰어나며, LeNet은 SVM과 비슷한 수준입니다. 합성곱은 이미지가 크고 데이터가
# 많을 때 진가를 발휘합니다.
#
# 신경망이 틀리는 숫자
# ----------------------
#
# 학습한 신경망을 테스트 데이터 전체에 실행하고(``eval()`` 모드, 기록 없음), 잘못 분류한 숫자를
# 먼저 "예측 ≠ 실제" 형태의 빨간 글씨로 보여 준 다음 올바르게 분류한 숫자를 보여 줍니다.
images, labels = test.tensors
with torch.no_grad():
    predictions = net(images.to(device)).argmax(dim=1).cpu()
wrong = (predictions != labels).nonzero().flatten()
right = (predictions == labels).nonzero().flatten()
print(f"틀린 숫자: {len(wrong)}개(테스트 숫자 {len(labels)}개 중)")
shown = torch.cat([wrong, right[: 24 - len(wrong)]])
fig = plotting.plot_digit_predictions(
    images[shown],
    labels[shown],
    predictions[shown],
    title="테스트 숫자와 LeNet의 예측",
)

# %%
# 혼동 행렬은 테스트 숫자를 하나하나 실제 클래스(행)와 신경망이 예측한 클래스(열)에 따라 셉니다.
# 그래서 어떤 오류를 몇 번 저지르는지 한눈에 보입니다. 대각선에는 맞힌 개수가 있고, 대각선 밖의
# 수는 저마다 한 가지 오류이며 빨간색으로 표시됩니다.
fig = plotting.plot_confusion_matrix(
    labels,
    predictions,
    title="테스트 숫자에 대한 LeNet의 혼동 행렬",
)

# %%
# 요약
# -------
#
# - 학습은 여섯 단계입니다. 신경망 정의, 데이터 순회, 순전파, 손실 계산, 역전파, 갱신입니다.
# - ``torch.nn.Module``\ 에서는 ``forward``\ 만 정의하고, 역전파는 autograd가 제공합니다.
#   ``parameters()``\ 는 학습할 Tensor를 나열합니다(LeNet은 10개이고, 첫 번째의 shape은
#   ``[6, 1, 3, 3]``\ 입니다).
# - 모델은 미니 배치를 전제로 작성됩니다. 배치 차원이 없는 이미지 한 장은 LeNet의 합성곱은
#   통과하지만 ``torch.flatten(x, 1)``\ 에서 어긋납니다. ``unsqueeze(0)``\ 을 쓰면 크기가 1인
#   배치가 됩니다.
# - ``loss.grad_fn``\ 과 ``next_functions``\ 가 기록된 그래프이며, 그 노드는
#   ``torch.autograd.graph.Node`` 객체입니다. ``backward()``\ 는 변화도가 필요한 잎
#   Tensor(매개변수)의 ``.grad``\ 에 변화도를 더하므로, 먼저 ``zero_grad()``\ 로 지워야 합니다.
# - 갱신은 ``torch.no_grad()`` 안에서 실행합니다(``.data``\ 를 통해서는 절대 하지 않습니다).
#   ``torch.optim``\ 이 ``step()``\ 으로 이 일을 대신해 주고, ``zero_grad()``\ 로 변화도를
#   지워 줍니다. ``backward()``\ 는 여전히 autograd의 일입니다. 학습 단계는 매번
#   ``zero_grad()``, 순전파, 손실 계산, ``backward()``, ``step()``\ 입니다.
# - ``16 * 6 * 6``: 32 x 32 이미지가 3 x 3 합성곱 두 번과 풀링 두 번을 거친 뒤에 남는, 6 x 6
#   픽셀짜리 채널 16개입니다. LeNet-5의 5 x 5 커널이면 ``16 * 5 * 5``\ 가 남습니다. 이런 수는
#   가짜 입력으로 순전파를 한 번 해 보면 계산 없이 얻을 수 있습니다.
# - ``fit``\ 은 미니 배치에 대한 여섯 단계 루프에 에폭마다 검증을 더한 것입니다. ``fit``\ 의 학습
#   손실은 에폭 전체의 평균이고, 여기서는 옮긴 이미지에서 잰 값입니다. 선택은 검증 데이터로 하고
#   테스트 데이터로는 한 번만 잽니다. LeNet은 약 99%에 이르고(시드 하나, 이미지 360장이라 1%포인트
#   안팎의 오차가 있습니다), 설정을 고른 SVM과 비슷한 수준입니다.
# - ``torch.save(net.state_dict(), path)``\ 로 가중치를 저장하고,
#   ``load_state_dict(torch.load(path, weights_only=True))``\ 로 다시 불러옵니다. 믿을 수 있는
#   파일만, 최신 PyTorch로 불러오세요.
#
# 다음에 읽을 것
# -----------------
#
# :doc:`plot_convnet`\ 은 코드가 실행되는 대로 그래프가 만들어지는 또 다른 합성곱 신경망을
# 만들고, 학습 방법을 한 번에 하나씩 바꿔 여러 시드로 비교하며, 그 신경망이 학습한 필터를
# 살펴봅니다. :doc:`plot_hooks`\ 는 실행 중인 신경망의 내부를 들여다봅니다.

# %%
# 연습 문제
# ---------
#
# 내려받은 노트북이나 스크립트에서 문제를 풀어 보세요. ``...`` 자리에 답을 쓰고 셀을 실행하면, 셀
# 안의 확인 함수가 답이 맞는지 알려 주고, 틀렸다면 가장 도움이 되는 힌트를 보여 줍니다(풀이를
# 알려 주지는 않습니다). 문제마다 뒤에 **풀이**\ 가 접혀 있습니다. 먼저 풀어 본 뒤에 이 페이지에서는
# **풀이**\ 를 누르고, Jupyter에서는 접힌 셀을 눌러 펼쳐 보세요.
from nn_tutorial import exercises

# sphinx_gallery_thumbnail_number = 4

# %%
# **1. 펼친 크기(몸풀기).** 여기의 LeNet은 3x3 합성곱 두 개를 쓰고, 각각 뒤에 2x2 최대 풀링이
# 옵니다. 32 x 32 대신 28 x 28(MNIST의 크기) 이미지 한 장이면 ``fc1``\ 에 숫자가 몇 개 들어갈까요?
#
# *힌트:* 높이를 따라가 보세요. 3x3 합성곱은 2픽셀을 줄이고, 풀링은 절반으로 줄입니다.
answer = ...  # 여기에 답을 쓰세요
exercises.check("lenet-flatten", answer)

# %%
# **풀이**

answer = 16 * 5 * 5  # 28 -conv-> 26 -pool-> 13 -conv-> 11 -pool-> 5
exercises.check("lenet-flatten", answer)

# %%
# **2. 28 x 28 이미지용 LeNet.** 1 x 28 x 28 이미지를 바로 받아 이미지마다 로짓 10개를 내도록
# 바꾼 LeNet, ``LeNet28``\ 을 작성하세요.
#
# *힌트:* 크기가 바뀌는 계층은 하나뿐입니다.
LeNet28 = ...  # 여기에 답을 쓰세요
exercises.check("lenet-28x28", LeNet28)

# %%
# **풀이**


class LeNet28(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 3)
        self.conv2 = nn.Conv2d(6, 16, 3)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


exercises.check("lenet-28x28", LeNet28)

# %%
# **3. 출력하기 전에 세어 보기.** 연습 문제 2에서 만든 ``LeNet28``\ 의 매개변수가 가중치와 편향을
# 모두 합쳐 몇 개인지 손으로 계산해 확인한 다음, 그때 출력해 보세요.
#
# *힌트:* ``Conv2d(c_in, c_out, k)``\ 에는 가중치 ``c_out * c_in * k * k``\ 개와 편향 ``c_out``\ 개가,
# ``Linear(n_in, n_out)``\ 에는 ``n_out * n_in``\ 개와 ``n_out``\ 개가 있습니다.
answer = ...  # 여기에 답을 쓰세요
exercises.check("lenet-parameters", answer)

# %%
# **풀이**

conv = (6 * 1 * 3 * 3 + 6) + (16 * 6 * 3 * 3 + 16)
linear = (120 * 400 + 120) + (84 * 120 + 84) + (10 * 84 + 10)
answer = conv + linear
exercises.check("lenet-parameters", answer)
print(answer, sum(p.numel() for p in LeNet28().parameters()))
