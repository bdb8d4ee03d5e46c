r"""
신경망: LeNet
======================

:doc:`plot_autograd_mlp`\ 에서는 Tensor 연산만으로 신경망을 학습시켰습니다. ``torch.nn``\ 은
그때 쓴 부품들을 한데 묶어 줍니다. ``torch.nn.Module``\ 은 가중치를 담고, ``forward``\ 는 입력이
어떻게 출력이 되는지를 정하며, 역전파는 autograd(:doc:`plot_autograd`)가 맡습니다. 이 강의에서는
작은 합성곱(convolution) 신경망인 LeNet 하나로 학습의 모든 단계를 직접 하나씩 밟아 보고, 합성곱이
이미지의 shape을 어떻게 바꾸며 무엇을 계산하는지 알아봅니다. 실제 손글씨 숫자로 학습시키는 일은
:doc:`plot_lenet_training`\ 에서 합니다.

**이 강의에서 배울 내용**

- 신경망을 학습시키는 여섯 단계
- LeNet을 정의하는 방법, LeNet의 매개변수, LeNet이 받는 입력, 그리고 배치 차원
  없이 이미지 한 장을 넣으면 실제로 어디에서 문제가 생기는지
- 손실을 계산하는 방법, 그때 autograd가 기록하는 그래프, ``backward()``\ 가
  변화도를 채우는 방식
- 갱신 규칙 ``weight = weight - learning_rate * gradient``\ 를 직접 적용하는 방법과
  ``torch.optim``\ 으로 적용하는 방법
- 패딩과 스트라이드가 어떻든 합성곱 출력의 크기를 구하는 방법, LeNet의 첫 번째 완전 연결
  계층(fully connected layer)에 있는 ``16 * 6 * 6``\ 이 어디에서 나오는지, 원래의 LeNet-5에서는
  그 자리가 왜 ``16 * 5 * 5``\ 인지, 그리고 ``nn.LazyLinear``\ 를 쓰면 이 계산을 하지 않아도
  되는 이유
- 입력 채널이 여러 개인 합성곱이 계산하는 것
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
# 4. 손실을 계산합니다. 손실은 출력이 목표값에서 얼마나 멀리 떨어져 있는지를 나타내는 값 하나입니다.
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
# 이미지를 읽어서 숫자 클래스마다 점수를 하나씩, 모두 10개 반환합니다. 두 합성곱은 각각 뒤에
# ReLU와 2 x 2 최대 풀링(max pooling)이 붙어서, 획이나 모서리 같은 국소적인 패턴을
# 찾아냅니다. 그 뒤의 완전 연결 계층 세 개가 이 패턴들을 조합해 클래스 점수를 만듭니다.
# 이 신경망은 패키지에 :class:`nn_tutorial.models.LeNet`\ 으로 들어 있습니다.
#
# .. literalinclude:: ../../../src/nn_tutorial/models.py
#    :pyobject: LeNet
#
# 직접 작성하는 것은 ``forward``\ 뿐입니다. 역전파는 ``forward``\ 가 하는 일을 기록해 둔
# autograd가 만들어 줍니다. ``forward``\ 의 첫 줄은 입력의 shape을 확인하므로, 입력을 잘못 넣으면
# 알아보기 쉬운 메시지가 나옵니다(아래에서 일부러 이 오류를 내 봅니다).
import torch
import torch.nn.functional as F
from torch import nn

from nn_tutorial import data, hooks, models, plotting, set_language, training
from nn_tutorial.language import wrap

set_language("ko")  # 패키지가 출력하고 그리는 글은 이 페이지의 언어를 따릅니다

torch.manual_seed(0)

net = models.LeNet()
print(net)

# %%
# 학습할 수 있는 매개변수
# --------------------------
#
# ``net.parameters()``\ 는 옵티마이저(optimizer)가 갱신할 Tensor를 모두 내놓습니다. 계층 다섯 개에
# 각각 가중치와 편향(bias)이 하나씩 있으므로 Tensor는 모두 10개입니다. 첫 번째는 ``conv1``\ 의
# 가중치입니다. 필터 6개가 각각 3 x 3 창을 통해 입력 채널 1개를 봅니다.
params = list(net.parameters())
print(len(params))
print(params[0].size())

# %%
# ``named_parameters()``\ 는 같은 Tensor들을 이름과 함께 반환합니다. 값 81,194개 가운데 대부분은
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
# 신경망 안에서 같은 일을 합니다. 크기를 바꿔도 됩니다. :doc:`plot_lenet_training`\ 에서 학습에
# 쓰는 숫자 이미지는 8 x 8이라서 32 x 32로 크기를 바꿉니다.) 지금은 무작위 이미지로 충분합니다.
# 모듈을 호출하면 ``forward``\ 가 실행되고 점수 10개가 나옵니다.
input = torch.randn(1, 1, 32, 32)
out = net(input)
print(out)

# %%
# ``grad_fn=<AddmmBackward0>``\ 은 autograd가 계산을 기록해 두었다는 표시입니다. 마지막 연산은
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
# 차원을 배치로 여기고 그대로 둡니다. 그런데 여기서는 0번 차원에 채널 16개가 들어 있으므로, 값
# 576개가 든 행 하나 대신 값 36개가 든 행 16개를 만듭니다. 입력 576개에 맞춰 만든 ``fc1``\ 은 이
# 행렬을 곱할 수 없습니다. PyTorch의 메시지는 행렬의 shape만 말할 뿐 원인과는 거리가 멉니다.
# LeNet의 ``forward`` 첫 줄에 있는 검사는 그 전에 이미지를 막고 이유를 알려 줍니다.
try:
    net(image)
except ValueError as error:
    print(wrap(f"ValueError: {error}"))  # lines of 80 columns, Hangul counting two

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
# 무작위 값으로 대신합니다. 그 전에 ``net.zero_grad()``\ 로 모든 매개변수의 변화도를 0으로
# 만듭니다. 변화도는 누적되기 때문입니다.
net.zero_grad()
out.backward(torch.randn(1, 10))
print(net.conv1.bias.grad)

# %%
# 정리
# -----
#
# 지금까지 만난 클래스는 다음과 같습니다.
#
# - ``torch.Tensor``: 다차원 배열입니다. 변화도가 필요한 Tensor이거나 그런 Tensor에서 계산된
#   Tensor일 때만, 거쳐 간 연산이 ``backward()``\ 를 위해 기록됩니다. 가중치처럼 변화도가 필요한
#   잎(leaf) Tensor는 ``.grad``\ 에 변화도를 받습니다.
# - ``torch.nn.Module``: 신경망 블록입니다. 매개변수를 한데 모아 두고, 호출 한 번으로
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
# 손실 함수는 출력과 목표값(target)을 받아서, 둘이 얼마나 떨어져 있는지를 재는 값 하나를
# 반환합니다. ``nn.MSELoss``\ 는 평균제곱오차(mean-squared error)를 계산합니다. 지금은 출력과
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
# 때문에 먼저 이전 변화도를 0으로 만들어야 합니다. 역전파 전과 후의 ``conv1`` 편향을 살펴봅시다.
net.zero_grad()
print("역전파 전 conv1.bias.grad:")
print(net.conv1.bias.grad)
loss.backward()
print("역전파 후 conv1.bias.grad:")
print(net.conv1.bias.grad)

# %%
# 역전파 전의 변화도는 0이 아니라 ``None``\ 입니다. PyTorch 2.0부터 ``zero_grad()``\ 는 기본적으로
# 변화도를 ``None``\ 으로 설정합니다. 이렇게 하면 메모리가 절약되고, 다음 ``backward()``\ 는 0에
# 더하는 대신 새 Tensor를 만들어 저장합니다. (예전 튜토리얼에서는 여기에 0이 출력됩니다. 지금도
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
# 여기서 학습률 :math:`\eta`\ 는 작은 값입니다. 패키지에는
# :func:`nn_tutorial.training.sgd_step`\ 으로 작성되어 있습니다.
#
# .. literalinclude:: ../../../src/nn_tutorial/training.py
#    :pyobject: sgd_step
#
# 갱신은 ``torch.no_grad()`` 안에서 실행합니다. 갱신은 모델의 일부가 아니므로 autograd가 기록하면
# 안 됩니다(기록할 수도 없습니다. 기록하는 동안 변화도가 필요한 잎 Tensor를 제자리(in-place)에서
# 바꾸면 오류가 납니다). 예전 코드에서는 대신 ``f.data.sub_(...)`` 같은 코드를 썼습니다.
# ``.data``\ 는 autograd 몰래 값을 바꾸는 뒷문입니다. 그래프가 예전 값을 아직 쓰는 경우라면,
# autograd는 값이 바뀐 줄 모른 채 아무 경고 없이 틀린 변화도를 계산합니다. ``torch.no_grad()``\ 는
# 속도는 같으면서 autograd의 검사는 그대로 유지합니다.
training.sgd_step(net.parameters(), lr=0.01)
print(f"갱신 전 손실: {loss.item():.4f}")
print(f"갱신 후 손실: {criterion(net(input), target).item():.4f}")

# %%
# 옵티마이저 사용하기
# ----------------------
#
# ``torch.optim``\ 은 이 규칙과 더 나은 규칙들(모멘텀(momentum)을 쓰는 SGD, Adam, AdamW 등)을
# 구현해 둔 모듈입니다. 매개변수를 넘겨주면, 학습 단계는 매번 변화도를 0으로 만들기, 순전파,
# 손실 계산, 역전파, 갱신(step) 순서로 진행됩니다. ``zero_grad()``\ 를 빠뜨리면 단계마다
# 변화도가 이전 변화도에 더해집니다.
optimizer = torch.optim.SGD(net.parameters(), lr=0.01)

for step in range(1, 4):
    optimizer.zero_grad()  # 이전 단계의 변화도를 0으로 만듭니다
    output = net(input)
    loss = criterion(output, target)
    loss.backward()
    optimizer.step()  # 갱신
    print(f"단계 {step}: 손실 {loss.item():.4f}")

# %%
# ``16 * 6 * 6``\ 은 어디에서 나올까요?
# ------------------------------------------
#
# ``fc1``\ 은 ``nn.Linear(16 * 6 * 6, 120)``\ 입니다. 이 계층에는 값이 몇 개 들어오는지 알려
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
# ``conv2``\ 의 출력 채널은 16개이므로, ``flatten``\ 은 ``16 x 6 x 6``\ 을 이미지 한 장당 값
# 576개로 바꿉니다. :func:`nn_tutorial.hooks.shape_trace`\ 는 신경망을 한 번 실행하면서 각 단계의
# 출력 shape을 기록합니다.
steps = hooks.shape_trace(net, torch.randn(1, 1, 32, 32))
for step in steps:
    print(step)

# %%
# 같은 추적 결과를 그림으로 나타냈습니다. ReLU는 shape을 바꾸지 않으므로 뺐습니다. 상자의 높이는
# 이미지 한 장당 값의 개수가 많을수록 높아집니다. ``conv1``\ 은 값의 개수를 늘리고(입력은 채널이
# 1개였지만 6개가 됩니다), 풀링은 매번 4분의 1만 남기며, ``flatten``\ (초록색)은 값 576개를 모두
# 유지한 채 shape만 바꿉니다. 28 x 28 입력은 ``fc1``\ 에 ``16 x 5 x 5``\ 로 도착해서 실패합니다.
# LeNet에 32 x 32 이미지가 필요한 이유가 바로 이것입니다.
shape_changes = [step for step in steps if step.name != "relu"]
fig = plotting.plot_shape_trace(
    shape_changes,
    title="LeNet을 지나며 바뀌는 shape (이미지 한 장 기준)",
)


# %%
# 패딩, 스트라이드, 크기 공식
# ------------------------------------
#
# 두 규칙은 공식 하나의 특별한 경우입니다. 창(window)의 크기가 k x k이고, 패딩(padding)이
# p(사방에 0인 픽셀을 p개씩 덧댑니다), 스트라이드(stride)가 s(창이 한 번에 s픽셀씩 움직입니다)인
# 합성곱이나 풀링은 n픽셀을 다음 크기로 바꿉니다.
#
# .. math::
#
#    \left\lfloor \frac{n + 2p - k}{s} \right\rfloor + 1 .
#
# LeNet의 합성곱은 :math:`k = 3, p = 0, s = 1`\ 이므로 :math:`n - 2`\ 가 되고, 풀링은
# :math:`k = s = 2`\ 이므로 :math:`\lfloor n / 2 \rfloor`\ 가 됩니다. ``padding="same"``\ 은
# k가 홀수일 때 :math:`p = (k - 1) / 2`\ 를 골라 출력이 입력과 같은 크기를 유지하게 합니다.
# n x n 크기의 0 이미지에 실제 계층을 적용해 얻은 크기와 공식을 비교해 봅니다.
def output_size(n, k, p=0, s=1):
    """창 크기 k, 패딩 p, 스트라이드 s일 때 n픽셀 중 남는 픽셀 수."""
    return (n + 2 * p - k) // s + 1


print(" n   k  p  s      공식  PyTorch")
for n, k, p, s, layer in [
    (32, 3, 0, 1, nn.Conv2d(1, 6, 3)),  # LeNet의 conv1
    (30, 2, 0, 2, nn.MaxPool2d(2)),  # 풀링: k = s = 2
    (13, 2, 0, 2, nn.MaxPool2d(2)),  # 홀수 크기: 마지막 행과 열은 버려집니다
    (28, 5, 2, 1, nn.Conv2d(1, 6, 5, padding=2)),  # LeNet-5처럼 패딩을 덧댄 28 x 28 숫자
    (32, 3, 1, 2, nn.Conv2d(1, 6, 3, padding=1, stride=2)),  # 스트라이드 2는 크기를 절반으로
    (32, 3, 1, 1, nn.Conv2d(1, 6, 3, padding="same")),  # "same": p = (3 - 1) / 2 = 1
]:
    real = layer(torch.zeros(1, 1, n, n)).shape[-1]
    print(f"{n:>2}  {k:>2} {p:>2} {s:>2}  {output_size(n, k, p, s):>8}  {real:>7}")

# %%
# 스트라이드가 있으면 어떤 패딩으로도 크기를 유지할 수 없으므로, PyTorch는 ``"same"``\ 을
# 거부합니다.
try:
    nn.Conv2d(1, 6, 3, padding="same", stride=2)
except ValueError as error:
    print(f"ValueError: {error}")

# %%
# 원래의 LeNet-5: 5 x 5 커널
# ---------------------------
#
# ``6@28x28``\ 과 ``16 * 5 * 5``\ 가 나오는 그림과 튜토리얼은 원래의 LeNet-5(LeCun 외, 1998)를
# 그린 것입니다. LeNet-5는 5 x 5 커널을 썼고, 이 커널은 픽셀을 4개 줄입니다(:math:`n \to n - 4`).
# 또 ReLU와 최대 풀링 대신 tanh 계열의 활성화 함수와 학습하는 평균 풀링을 썼습니다. 두 커널
# 크기에 공식을 적용해 봅니다.
for k in (3, 5):
    sizes = [32]
    for _ in range(2):  # 합성곱 다음에 풀링, 두 번
        sizes.append(output_size(sizes[-1], k))
        sizes.append(output_size(sizes[-1], 2, s=2))
    flat = 16 * sizes[-1] ** 2
    print(f"{k} x {k}: {' -> '.join(map(str, sizes))} -> 16 * {sizes[-1]} * {sizes[-1]} = {flat}")

# %%
# 이 계산을 손으로 할 필요는 없습니다. ``nn.LazyLinear(120)``\ 은 아직 입력 크기를 모르는 선형
# 계층입니다. 처음 받는 배치에서 입력 크기를 읽은 다음 보통의 ``nn.Linear``\ 가 됩니다. 그래서
# LeNet-5를 400이라는 값을 쓰지 않고 작성할 수 있고, 가짜 이미지 한 장(shape만 중요합니다)으로
# 순전파를 한 번 하면 거치는 모든 shape이 보입니다.
lenet5 = nn.Sequential(
    nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(),
    nn.LazyLinear(120), nn.ReLU(),
    nn.Linear(120, 84), nn.ReLU(),
    nn.Linear(84, 10),
)  # fmt: skip
print("순전파 전:", lenet5[7])
x = torch.zeros(1, 1, 32, 32)
for layer in lenet5:
    x = layer(x)
    if not isinstance(layer, nn.ReLU):  # ReLU는 shape을 바꾸지 않습니다
        print(f"{type(layer).__name__:<10} {list(x.shape)}")
print("순전파 후:", lenet5[7])

# %%
# 옵티마이저를 만들기 전에 가짜 입력으로 순전파를 먼저 하세요. 그 전에는 지연(lazy) 계층에
# 옵티마이저에 넘길 가중치가 없습니다. (``nn.AdaptiveAvgPool2d``\ 도 한 가지 방법입니다. 어떤
# 크기의 이미지든 정해진 크기로 풀링하므로, 첫 번째 선형 계층의 크기가 이미지 크기에 따라 달라지지
# 않습니다.)
#
# conv2가 채널 6개에 대해 계산하는 것
# -----------------------------------
#
# ``conv2``\ 의 가중치는 shape이 ``[16, 6, 3, 3]``\ 입니다. 출력 채널이 16개이고, 출력 채널마다
# *입력 채널 하나당* 3 x 3 커널이 하나씩 있습니다. 출력 채널 하나는 필터 하나가 이미지 한 장
# 위를 미끄러지며 만드는 것이 아닙니다. ``conv1``\ 과 풀링이 만든 특징 맵 6개가 저마다 가중치의
# 해당 조각과 합성곱되고, 그 결과 6개에 편향 하나를 더한 것이 출력 채널입니다. 아래 그림은 실제
# 숫자 하나를 ``conv1``\ 과 풀링에 통과시킨 다음, 아직 학습하지 않은 LeNet의 출력 채널 0에 대해
# 입력 특징 맵 6개, 커널 조각 6개, 각 맵을 그 조각과 합성곱한 결과(그림에서는 ⋆로 표시하고, 아래
# 줄은 색 눈금이 같습니다), 그리고 그 합인 ``conv2``\ 의 출력 맵을 그립니다. 먼저 합이 맞는지
# 확인합니다.
train, validation, test = data.load_digits(image_size=32)
digit = train[0][0].unsqueeze(0)  # 숫자 하나를 크기가 1인 배치로: 1 x 1 x 32 x 32
maps = F.max_pool2d(F.relu(net.conv1(digit)), 2)  # conv2의 입력: 1 x 6 x 15 x 15
weight, bias = net.conv2.weight, net.conv2.bias
parts = [F.conv2d(maps[:, c : c + 1], weight[0:1, c : c + 1]) for c in range(6)]  # 1 x 1 x 13 x 13
summed = sum(parts) + bias[0]
same = torch.allclose(summed, net.conv2(maps)[:, 0:1], atol=1e-6)
print("conv2의 입력:", list(maps.shape), "| 커널 조각 하나:", list(weight[0, 0].shape))
print("결과 6개의 합 + 편향이 conv2의 출력 채널 0과 같은가:", same)
fig = plotting.plot_conv_channels(
    net.conv2,
    maps,
    out_channel=0,
    title="conv2의 출력 채널 0: 특징 맵 6개에서 맵 하나로",
)

# %%
# 요약
# -------
#
# - 학습은 여섯 단계입니다. 신경망 정의, 데이터 순회, 순전파, 손실 계산, 역전파, 갱신입니다.
# - ``torch.nn.Module``\ 에서는 ``forward``\ 만 정의하고, 역전파는 autograd가 제공합니다.
#   ``parameters()``\ 는 학습할 Tensor를 나열합니다(LeNet은 10개이고, 첫 번째의 shape은
#   ``[6, 1, 3, 3]``\ 입니다).
# - 모델은 미니 배치를 전제로 작성됩니다. 배치 차원이 없는 이미지 한 장은 LeNet의 합성곱을
#   통과하지만 ``torch.flatten(x, 1)``\ 에서 문제가 생깁니다. ``unsqueeze(0)``\ 을 쓰면 크기가 1인
#   배치가 됩니다.
# - ``loss.grad_fn``\ 과 ``next_functions``\ 가 기록된 그래프이며, 그 노드는
#   ``torch.autograd.graph.Node`` 객체입니다. ``backward()``\ 는 변화도가 필요한 잎
#   Tensor(매개변수)의 ``.grad``\ 에 변화도를 더하므로, 먼저 ``zero_grad()``\ 로 0으로 만들어야 합니다.
# - 갱신은 ``torch.no_grad()`` 안에서 실행합니다(``.data``\ 를 통해서는 절대 하지 않습니다).
#   ``torch.optim``\ 이 ``step()``\ 으로 이 일을 대신해 주고, ``zero_grad()``\ 로 변화도를
#   0으로 만들어 줍니다. ``backward()``\ 는 여전히 autograd의 일입니다. 학습 단계는 매번
#   ``zero_grad()``, 순전파, 손실 계산, ``backward()``, ``step()``\ 입니다.
# - 크기가 k픽셀인 창은 패딩이 p, 스트라이드가 s일 때 n픽셀 중
#   :math:`\lfloor (n + 2p - k) / s \rfloor + 1`\ 픽셀을 남깁니다. ``padding="same"``\ 은 n을
#   유지합니다(스트라이드가 1일 때만). ``16 * 6 * 6``: 32 x 32 이미지가 3 x 3 합성곱 두 번과
#   풀링 두 번을 거친 뒤에 남는, 6 x 6 픽셀짜리 채널 16개입니다. LeNet-5의 5 x 5 커널이면
#   ``16 * 5 * 5``\ 가 남습니다. 이런 값은 가짜 입력으로 순전파를 한 번 해 보거나
#   ``nn.LazyLinear``\ 를 쓰면 계산 없이 얻을 수 있습니다.
# - 합성곱의 출력 채널은 저마다 모든 입력 채널에 걸쳐 더합니다. ``conv2``\ 의 가중치에는 출력
#   채널과 입력 채널의 쌍 16 x 6개마다 3 x 3 커널이 하나씩 있습니다.
#
# 다음에 읽을 내용
# -----------------
#
# :doc:`plot_lenet_training`\ 에서는 이 LeNet을 실제 손글씨 숫자로 학습시킵니다. 데이터,
# ``DataLoader``, 학습 루프, 테스트 데이터, 가중치 저장을 다룹니다.

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
# **1. 펼친 크기(몸풀기).** 이 강의의 LeNet은 3x3 합성곱 두 개를 쓰고, 각각 뒤에 2x2 최대 풀링이
# 옵니다. 32 x 32 대신 28 x 28(MNIST의 크기) 이미지 한 장이면 ``fc1``\ 에 값이 몇 개 들어갈까요?
#
# *힌트:* 높이를 따라가 보세요. 3x3 합성곱은 2픽셀을 줄이고, 풀링은 절반으로 줄입니다.
answer = ...  # 여기에 답을 쓰세요
exercises.check("lenet-flatten", answer)

# %%
# **풀이**

answer = 16 * 5 * 5  # 28 -conv-> 26 -pool-> 13 -conv-> 11 -pool-> 5
exercises.check("lenet-flatten", answer)

# %%
# **2. 28 x 28 이미지용 LeNet.** LeNet을 고쳐서, 1 x 28 x 28 이미지를 바로 받아 이미지마다 로짓
# 10개를 내는 ``LeNet28``\ 을 작성하세요.
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
# 모두 합쳐 몇 개인지 먼저 손으로 계산해 답을 확인하고, 그다음에야 출력해 보세요.
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
