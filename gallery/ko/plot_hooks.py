r"""
훅: 실행 중인 신경망의 내부 들여다보기
======================================

``backward()``\ 를 호출하고 나면 모든 가중치에 변화도가 들어 있지만, 계층(layer) *사이에서* 흐르는
값에는 손이 닿지 않습니다. ``conv2``\ 의 출력이나 그곳에 도착하는 변화도는 어디에도 저장되지
않습니다. 훅(hook)은 모듈에 붙여 두는 함수로, PyTorch가 순전파나 역전파 도중에 바로 그 값들을
넘겨주며 호출합니다. 훅을 쓰면 신경망 코드를 고치지 않고도 이 값들을 출력하거나, 기록하거나, 바꿀 수
있습니다. 이 강의에서는 먼저 훅을 직접 붙여 봅니다. 이어서 훅을 이용해 학습 중에 변화도가 어떻게
움직이는지, 어떤 유닛이 죽고 갱신 한 번이 가중치를 얼마나 움직이는지, 학습을 마친 신경망이 숫자 하나를 어떻게 보고 그 답이
어느 픽셀에 민감한지 살펴봅니다. 마지막으로 NaN이 어디에서 생겼는지 찾아 주는 도구를 써 봅니다.

**이 강의에서 배울 내용**

- 순전파 훅과 순전파 사전 훅(forward pre-hook)을 등록하는 방법과, 훅이 받는 값
- 훅을 등록할 때 반환되는 핸들(handle)로 훅을 제거하는 방법
- ``register_full_backward_hook``\ 으로 역전파 훅을 등록하는 방법, 이 훅으로 뒤로 흘러가는 변화도를
  바꾸는 방법, 이 훅과 함께 쓸 수 없는 제자리(in-place) 변경, 그리고 예전의
  ``register_backward_hook``\ 이 더 이상 권장되지 않는(deprecated) 이유
- Tensor 하나의 변화도에 거는 훅인 ``Tensor.register_hook``\ 이 모듈 훅과 어떻게 다른지
- 훅으로 특징 맵(feature map)과 계층별 변화도 노름(norm)을 기록하는 방법과, 그 결과를 읽는 방법:
  배치 크기가 변화도 노름을 어떻게 바꾸는지, 크기가 다른 계층을 값 하나하나의 수준에서 비교할 수
  없는 이유
- 학습이 건강한지 보여 주는 두 가지 지표를 지켜보는 방법: ReLU 출력 중 0의 비율과 죽은 유닛(순전파
  훅으로 기록합니다), 가중치 크기에 대한 갱신 크기의 비율(옵티마이저의 step 훅으로 기록합니다)
- 입력 픽셀에 대한 예측 로짓(logit)의 변화도인 현저성 맵(saliency map)을 계산하는 방법과, 이 맵이
  알려 주는 것과 알려 주지 않는 것
- ``torch.autograd.set_detect_anomaly``\ 가 NaN을 만든 연산의 역전파 함수를 찾아 주는 방법
"""

# %%
# 신경망과 입력 하나
# ------------------
#
# :doc:`plot_convnet` 강의의 :class:`nn_tutorial.models.MNISTConvNet` 클래스를 아직 학습하지 않은
# 채로 씁니다. 입력은 무작위로 만든 28 x 28 이미지 한 장이고, 목표 클래스는 임의로 정합니다.
import math
import warnings

import matplotlib.pyplot as plt
import torch
from torch import nn

import nn_tutorial
from nn_tutorial import data, hooks, models, plotting, pretrained, set_language, training

set_language("ko")  # 패키지가 출력하고 그리는 글은 이 페이지의 언어를 따릅니다

torch.manual_seed(0)

net = models.MNISTConvNet()
image = torch.randn(1, 1, 28, 28)
target = torch.tensor([3])
loss_fn = nn.CrossEntropyLoss()

# %%
# 순전파 훅
# ---------
#
# 순전파 훅은 모듈의 ``forward``\ 가 값을 반환한 직후에 ``hook(module, inputs, output)`` 형태로
# 호출됩니다. ``inputs``\ 는 모듈이 받은 위치 인자(argument)들을 담은 튜플이고(모듈은 인자를 여러 개
# 받을 수도 있습니다), ``output``\ 은 모듈이 반환한 값입니다. 다음은 ``conv2``\ 를 지나가는 값을
# 설명하는 훅입니다.


def print_forward(module, inputs, output):
    print(f"순전파 훅 호출: {type(module).__name__}")
    print("  inputs:   ", type(inputs))
    print("  inputs[0]:", type(inputs[0]))
    print("  output:   ", type(output))
    print("  입력 크기:", inputs[0].size())
    print("  출력 크기:", output.size())
    print(f"  출력 노름: {output.norm().item():.4f}")


forward_handle = net.conv2.register_forward_hook(print_forward)
out = net(image)

# %%
# ``conv2``\ 는 12 x 12 크기의 채널 10개(풀링을 거친 conv1의 출력)를 받아 8 x 8 크기의 채널 20개를
# 만들었습니다. 순전파 훅은 출력을 *바꿀* 수도 있습니다. 훅이 Tensor를 반환하면, 순전파의 나머지
# 부분에서는 그 Tensor가 원래 출력을 대신합니다.
#
# 훅 제거하기
# -----------
#
# 훅은 제거할 때까지 남아 있습니다. 그대로 두면 이후에 ``net(image)``\ 를 호출할 때마다 이 블록이
# 다시 출력됩니다. ``register_*`` 호출은 저마다 핸들을 반환하고, ``handle.remove()``\ 를 호출하면
# 그 훅이 떨어져 나갑니다. 그 뒤로는 순전파를 해도 우리가 직접 출력하는 한 줄 말고는 아무것도
# 출력되지 않습니다.
forward_handle.remove()
net(image)
print("순전파 완료, 호출된 훅 없음")

# %%
# 등록한 훅의 핸들은 모두 보관해 두세요. 잊힌 훅은 모델이 살아 있는 동안 계속 출력을 내거나,
# Tensor를 계속 저장하며 메모리를 차지합니다. 아래 예제들은 훅을 다 쓰는 대로 바로 제거합니다.
#
# 순전파 사전 훅
# --------------
#
# 순전파 사전 훅은 모듈의 ``forward``\ 가 실행되기 *직전에* ``hook(module, inputs)`` 형태로
# 호출됩니다. 훅이 튜플을 반환하면 그 튜플이 입력을 대신합니다. 이 훅으로는 모듈이 곧 받을 값을 볼
# 수 있습니다. 여기서는 ``fc1``\ 에 도착하는 값을 봅니다.


def print_inputs(module, inputs):
    print(f"{type(module).__name__}에 곧 들어갈 입력: {list(inputs[0].shape)}")


pre_handle = net.fc1.register_forward_pre_hook(print_inputs)
net(image)
pre_handle.remove()

# %%
# ``fc1``\ 은 ``conv2``\ 가 만든 4 x 4 크기의 채널 20개를 풀링하고 평탄화(flatten)한 값, 즉 이미지
# 한 장에 값 320개를 받습니다. :func:`nn_tutorial.hooks.shape_trace`\ 는 모든 계층에 사전 훅과
# 순전파 훅을 하나씩 붙여, 신경망 전체에서 이런 shape을 차례로 보여 줍니다.
#
# 역전파 훅
# ---------
#
# 전체 역전파 훅(full backward hook)은 모듈의 입력에 대한 변화도가 계산되고 나면 ``hook(module,
# grad_input, grad_output)`` 형태로 호출됩니다. ``grad_output``\ 에는 모듈의 출력에 대한 손실의
# 변화도가, ``grad_input``\ 에는 입력에 대한 변화도가 들어 있습니다. 둘 다 튜플이며, Tensor마다
# 항목이 하나씩 있습니다.


def print_backward(module, grad_input, grad_output):
    print(f"역전파 훅 호출: {type(module).__name__}")
    print("  grad_input:    ", type(grad_input))
    print("  grad_input[0]: ", type(grad_input[0]))
    print("  grad_output:   ", type(grad_output))
    print("  grad_output[0]:", type(grad_output[0]))
    print("  grad_input 크기: ", grad_input[0].size())
    print("  grad_output 크기:", grad_output[0].size())
    print(f"  grad_input 노름: {grad_input[0].norm().item():.4f}")


backward_handle = net.conv2.register_full_backward_hook(print_backward)
out = net(image)
loss = loss_fn(out, target)
loss.backward()
backward_handle.remove()

# %%
# 훅은 ``loss.backward()``\ 를 실행할 때 호출되었습니다. 크기는 순전파와 짝을 이룹니다. 출력에 대한
# 변화도는 출력과 같은 크기인 1 x 20 x 8 x 8이고, 입력에 대한 변화도는 입력과 같은 크기인 1 x 10 x
# 12 x 12입니다. ``conv2``\ 의 *가중치에 대한* 변화도는 ``grad_input``\ 에 없습니다. 이 변화도는
# 평소처럼 ``net.conv2.weight.grad``\ 에 들어갑니다.
#
# .. note::
#
#    예전 코드에서는 더 이상 권장되지 않는 ``register_backward_hook``\ 을 씁니다. 이 메소드는 모듈이
#    수행한 *마지막 연산*\ 에 훅을 붙이고, 그 연산의 입력과 출력을 알려 주었습니다. 그래서 합성곱,
#    덧셈, ReLU로 이루어진 블록처럼 여러 연산으로 된 모듈에서는 ``grad_input``\ 이 모듈의 실제 입력이
#    아니라 마지막 연산 하나만을 나타냈습니다. 합성곱 하나뿐인 모듈에서도, 입력은 하나인데 변화도는
#    입력, 가중치, 편향에 대한 것까지 세 개를 반환했습니다. ``register_full_backward_hook``\ 은 모듈
#    안에서 무슨 일이 일어나든 모듈의 실제 입력과 출력에 대한 변화도를 봅니다.
#
# 변화도를 바꾸는 역전파 훅
# -------------------------
#
# 전체 역전파 훅이 튜플을 반환하면 그 튜플이 ``grad_input``\ 을 대신합니다. 모듈 앞쪽의 계층들은
# 실제 변화도 대신 이 값을 받습니다. ``conv2``\ 에 0을 반환하는 훅을 걸면 변화도가 그곳에서
# 끊깁니다.


def cut_gradient(module, grad_input, grad_output):
    return (torch.zeros_like(grad_input[0]),)  # grad_input처럼 입력마다 항목이 하나씩 있습니다


cut_handle = net.conv2.register_full_backward_hook(cut_gradient)
net.zero_grad()
loss_fn(net(image), target).backward()
cut_handle.remove()
print(f"conv2 가중치의 변화도 노름: {net.conv2.weight.grad.norm().item():.4f}")
print(f"conv1 가중치의 변화도 노름: {net.conv1.weight.grad.norm().item():.4f}")

# %%
# ``conv2``\ 의 가중치에 대한 변화도는 ``grad_output``\ 으로 계산하므로 그대로 들어가지만,
# ``conv1``\ 의 가중치에는 0이 들어갑니다. 0 대신 ``grad_input``\ 의 크기를 줄이거나 잘라
# 내는(clip) 훅도 같은 방식으로 계층 경계에서 변화도를 바꿉니다.
#
# 역전파 훅과 제자리 연산
# -----------------------
#
# 전체 역전파 훅은 모듈의 입력과 출력을 별도의 autograd 함수로 감싸며, PyTorch는 이 Tensor들을
# 제자리에서 바꾸는 것을 금지합니다. 흔히 이 제약에 부딪히는 경우는 훅을 건 계층 바로 뒤에
# ``nn.ReLU(inplace=True)``\ 가 올 때로, torchvision의 ResNet과 VGG가 이런 구조입니다. 이때는
# 순전파부터 실패합니다.
block = nn.Sequential(nn.Conv2d(1, 4, 5), nn.ReLU(inplace=True))
block_handle = block[0].register_full_backward_hook(print_backward)
try:
    block(image)
except RuntimeError as error:
    print("RuntimeError:", str(error).split(". ")[0])
block_handle.remove()

# %%
# 해결책은 그 계층 뒤에 제자리 연산이 아닌 ReLU(``nn.ReLU()``)를 쓰거나, 출력을 제자리에서 바꾸는
# 연산이 없는 모듈에 훅을 거는 것입니다. 순전파 훅에는 이런 제약이 없습니다.
#
# 입력에 변화도가 필요 없을 때
# ----------------------------
#
# ``conv2``\ 의 입력은 ``conv1``\ 에서 옵니다. ``conv1``\ 의 가중치에는 변화도가 필요하므로,
# ``conv2``\ 의 입력으로 변화도가 흘러 들어갑니다. 하지만 ``conv1``\ 의 입력은 이미지 자체이고,
# 이미지에는 변화도가 필요하지 않습니다. 이때도 훅은 실행되지만 ``grad_input``\ 에는 ``None``\ 이 들어
# 있고, PyTorch는 출력에 대한 변화도만 얻을 수 있다고 경고합니다. 이 경고를 잡아서 보여
# 드리겠습니다.
received = []
first_handle = net.conv1.register_full_backward_hook(
    lambda module, grad_input, grad_output: received.append(grad_input)
)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    loss_fn(net(image), target).backward()
first_handle.remove()
print("conv1 grad_input:", received[0])
print("경고:", str(caught[0].message).split(" See ")[0])

# %%
# ``conv1``\ 의 출력에 대한 변화도는 평소처럼 계산되었지만(``conv1``\ 의 가중치에 필요한 값입니다),
# 입력에 대해서는 알려 줄 것이 없습니다.
#
# Tensor 하나에 거는 훅
# ---------------------
#
# 모듈 훅은 모듈에 속하며, 그 모듈이 호출될 때마다 실행됩니다. Tensor 훅은 Tensor 하나에 속합니다.
# ``tensor.register_hook(hook)``\ 으로 등록하면, 그 Tensor에 대한 손실의 변화도가 계산되는 순간
# ``hook(grad)``\ 가 호출됩니다. 훅이 보는 것은 이 변화도뿐이고, 모듈의 입력과 출력은 보지 못합니다.
# 훅이 Tensor를 반환하면, 역전파의 나머지 부분에서는 그 Tensor가 변화도를 대신합니다. 여기서는
# 신경망의 출력인 로짓 10개에 훅을 겁니다. 교차 엔트로피(cross-entropy) 손실에서 로짓에 대한
# 변화도는 식으로 바로 쓸 수 있습니다. 로짓에 소프트맥스(softmax)를 적용한 값에서 원-핫(one-hot)
# 목표값을 빼고, 배치 크기(여기서는 1)로 나눈 값입니다.
out = net(image)
out.register_hook(lambda grad: print("로짓의 변화도:     ", grad.squeeze().numpy().round(3)))
loss_fn(out, target).backward()
expected = torch.softmax(out, dim=1) - nn.functional.one_hot(target, 10)
print("소프트맥스 - 원-핫:", expected.detach().squeeze().numpy().round(3))

# %%
# 두 줄이 같습니다. ``out``\ 은 이번 순전파 한 번에서 생긴 중간 Tensor이므로, 그 훅도 그래프와 함께
# 사라집니다. 다음에 ``net(image)``\ 를 호출하면 훅이 없는 새 ``out``\ 이 만들어집니다. 반면
# 매개변수에 건 훅(``net.fc2.weight.register_hook(...)``)은 남아서, 모듈 훅처럼
# ``handle.remove()``\ 를 호출할 때까지 역전파 때마다 실행됩니다.
#
# 훅은 어디에 쓰나
# ----------------
#
# :mod:`nn_tutorial.hooks` 모듈에는 훅으로 만든 도구가 두 가지 있습니다. 둘 다 컨텍스트
# 매니저(context manager)여서, ``with`` 블록이 끝나면 블록에 들어갈 때 붙인 훅을 제거합니다.
#
# - :func:`nn_tutorial.hooks.record_grad_norms` 함수는 역전파가 일어날 때마다, 이름을 지정한 각
#   계층의 출력에 대한 변화도의 노름을 저장합니다.
# - :func:`nn_tutorial.hooks.record_activations` 함수는 이름을 지정한 각 계층의 가장 최근 출력을
#   저장합니다.
#
# ``record_grad_norms``\ 는 각 계층에 전체 역전파 훅을 등록하고 ``grad_output[0]``\ 의 노름을
# 보관합니다. 앞에서 보았듯이 첫 번째 계층에서는 이 훅이 변화도가 필요한 입력이 없다고 경고합니다.
# 이 도구가 보관하는 것은 출력에 대한 변화도뿐이므로, 이 경고 하나만은 표시하지 않습니다.
#
# 먼저 새 신경망이 실제 숫자(scikit-learn의 8 x 8 숫자를 28 x 28로 키운 것)로 학습을 시작하는 동안
# 변화도 노름을 기록합니다. 훅은 :func:`nn_tutorial.training.fit`\ 이 실행되는 내내 붙어 있으므로,
# 학습 단계마다 계층별로 노름이 하나씩 기록됩니다. 변화도가 가장 크게 달라지는 때는 학습 초반이므로
# 에폭 3회면 충분합니다. 테스트 데이터는 이 강의에서 쓰지 않고, 마지막 평가를 위해 남겨
# 둡니다.
device = nn_tutorial.device()  # 가속기(CUDA, MPS, XPU)가 있으면 가속기, 없으면 CPU
train_set, val_set, _ = data.load_digits(image_size=28)

torch.manual_seed(0)
net = models.MNISTConvNet()
optimizer = torch.optim.Adam(net.parameters(), lr=2e-3)
layers = ["conv1", "conv2", "fc1", "fc2"]
batch_size = 64
with hooks.record_grad_norms(net, layers) as grad_norms:
    history = training.fit(
        net,
        train_set,
        val_set,
        epochs=3,
        optimizer=optimizer,
        loss_fn=loss_fn,
        batch_size=batch_size,
        device=device,
    )
print(f"{len(grad_norms['fc2'])}단계의 변화도 노름을 계층마다 기록했습니다")

# %%
# 선 하나가 계층 하나, 점 하나가 학습 단계 하나이며, 세로축은 로그 스케일입니다.
fig = plotting.plot_grad_norms(
    grad_norms,
    title="계층별 출력의 변화도 노름",
    xlabel="학습 단계",
    ylabel="변화도 노름",
)

# %%
# 변화도는 손실에서 출발해 거꾸로 이동합니다. ``fc2``\ 가 가장 먼저 받고 ``conv1``\ 이 가장 나중에
# 받습니다. 처음 몇 단계에서는 변화도가 이동하면서 줄어들어, ``fc2``\ 와 ``conv1`` 사이에서 10배 넘게
# 작아집니다. 아직 학습되지 않은 계층들이 변화도를 조금밖에 돌려보내지 못하기 때문입니다. 20단계
# 안에 계층들이 적응하면서 네 곡선은 서로 두세 배 차이 안으로 모이고, 그 뒤로는 함께 움직이며 손실이
# 줄어드는 만큼 천천히 줄어듭니다(신경망이 이미 잘 분류하는 배치에는 고칠 것이 별로 남아 있지
# 않습니다).
#
# 20, 40, 60단계에서 솟은 봉우리는 각 에폭의 마지막 배치에 있습니다. 마지막 배치는 다른 배치보다
# 작습니다.
batch_sizes = [len(batch) for batch in torch.arange(len(train_set)).split(batch_size)]
full, last = len(batch_sizes) - 1, batch_sizes[-1]
print(f"{len(train_set)}개(학습용 숫자) = {full} x {batch_size} + {last}")

# %%
# 배치가 작으면 변화도 노름이 더 출렁이기만 하는 것이 아니라, 정해진 비율만큼 *커집니다*.
# ``CrossEntropyLoss``\ 는 배치에 대해 평균을 냅니다(``reduction='mean'``). 즉 손실은 각 숫자의
# 손실을 더해 배치 크기 :math:`B`\ 로 나눈 값이므로, 계층 출력의 변화도에서 숫자 하나에 해당하는
# 부분은 그 숫자만의 변화도를 :math:`B`\ 로 나눈 값입니다. 출력 변화도 전체의 노름은 이
# :math:`B`\ 개 부분을 제곱해 더한 값의 제곱근인 :math:`\sqrt{B g^2} / B = g / \sqrt{B}`\ 입니다.
# 여기서 :math:`g`\ 는 숫자마다 따로 구한 변화도 노름의 제곱 평균 제곱근(root mean square)입니다.
# 따라서 숫자 5개짜리 배치의 노름은, 비슷한 숫자들로 이루어진 64개짜리 배치의
# :math:`\sqrt{64 / 5}`\ 배입니다. 각 에폭의 마지막 배치를 바로 앞 배치 5개와 비교합니다. 노름은 한
# 에폭 안에서도 조금씩 변하므로, 가까이 있는 배치와 비교해야 공정합니다.
per_epoch = {
    name: torch.tensor(values).reshape(-1, len(batch_sizes))  # 에폭마다 한 행
    for name, values in grad_norms.items()
}
print(f"sqrt({batch_size} / {last}) = {math.sqrt(batch_size / last):.2f}")
print("마지막 배치 / 바로 앞 배치 5개의 평균, 에폭 1, 2, 3:")
for name, norms in per_epoch.items():
    ratios = norms[:, -1] / norms[:, -6:-1].mean(dim=1)
    print(f"  {name:<5}", "  ".join(f"{ratio:.2f}" for ratio in ratios.tolist()))

# %%
# 첫 에폭의 비율 네 개는 3.6에서 4.2 사이로, 3.58에 가깝습니다. 그 뒤로는 더 벗어납니다. 이때쯤
# 신경망은 대부분의 숫자를 잘 분류해서 그 숫자들의 변화도는 작고, 틀리는 몇 개만 큰 변화도를
# 유지합니다. 그래서 숫자 5개의 제곱 평균 제곱근은 어느 5개가 뽑히느냐에 따라 달라집니다(5개가 모두
# 잘 분류된 숫자라면 오히려 움푹 꺼집니다). 각 노름에 :math:`\sqrt{B}`\ 를 곱하면 모든 배치가 숫자
# 하나의 척도, 즉 :math:`g`\ 로 옮겨집니다.
sqrt_batch = torch.tensor(batch_sizes).sqrt()
per_digit = {name: (norms * sqrt_batch).flatten().tolist() for name, norms in per_epoch.items()}
fig = plotting.plot_grad_norms(
    per_digit,
    title="같은 노름에 배치 크기의 제곱근을 곱한 값",
    xlabel="학습 단계",
    ylabel="변화도 노름 × √B",
)

# %%
# 20단계와 40단계의 봉우리는 사라졌고, 세 번째 에폭의 마지막 배치도 그 에폭의 다른 배치들보다 높지
# 않습니다. 이처럼 변화도 노름은 배치 크기에 따라 달라지므로, 배치 크기가 같은 실행끼리만 노름을
# 비교할 수 있습니다. ``DataLoader``\ 에 ``drop_last=True``\ 를 주면 크기가 모자란 마지막 배치를
# 건너뛰므로, 그 봉우리도 생기지 않습니다.
#
# 서로 다른 계층의 곡선을 비교할 때도 주의해야 합니다. 노름은 Tensor에 있는 모든 값의 제곱을
# 더하는데, 네 계층의 출력은 크기가 무척 다릅니다.
with hooks.record_activations(net, layers) as outputs, torch.no_grad():
    net(image.to(device))
for name, output in outputs.items():
    print(f"{name:<5} 이미지 한 장에 값 {output.numel():>5}개")
ratio = outputs["conv1"].numel() / outputs["fc2"].numel()
print(f"conv1 / fc2: 값의 개수 {ratio:.0f}배, 제곱근 {math.sqrt(ratio):.0f}")

# %%
# ``conv1``\ 의 값들이 ``fc2``\ 의 값들만큼 큰 변화도를 받는다면, ``conv1``\ 의 노름은
# ``fc2``\ 의 24배가 됩니다. 이 그래프는 값 하나하나가 아니라 계층 전체를 비교합니다. 두 곡선이 같은
# 높이에 있다면, ``conv1``\ 의 값 하나가 받는 변화도가 ``fc2``\ 의 값 하나가 받는 변화도보다 24배
# 작다는 뜻입니다. 값 하나 단위로 비교하려면 각 노름을 값의 개수의 제곱근으로 나누세요(그러면 제곱
# 평균 제곱근이 됩니다). 이렇게 얕은 신경망에서는 변화도가 거꾸로 가는 길에 사라지지도(vanish)
# 폭발하지도(explode) 않습니다. 깊은 신경망에서는 바로 이 그래프가 앞쪽 계층들에 변화도가 조금이라도
# 닿는지를 보여 줍니다.
#
# 죽은 유닛과 갱신의 크기
# -----------------------
#
# 카르파티(Karpathy)의 makemore 강의는 신경망을 학습하는 동안 지표 두 가지를 더 지켜봅니다. 둘 다
# 훅으로 얻습니다. 첫째는 한 계층의 출력 가운데 뒤따르는 ReLU가 0으로 만드는 값의 비율입니다. ReLU는
# 출력이 0인 곳에서는 변화도도 뒤로 전달하지 않습니다. 그래서 *모든* 입력에 대해 0인 유닛(``fc1``\ 의
# 뉴런 하나, ``conv2``\ 의 채널 하나)은 죽은 유닛입니다. 그 가중치에는 아무것도 닿지 않으므로 더는
# 학습하지 않습니다. :func:`nn_tutorial.hooks.record_zero_shares`\ 는 계층마다 순전파 훅을 걸어 학습
# 단계마다 이 비율을 기록합니다(``MNISTConvNet``\ 은 ``conv1``, ``conv2``, ``fc1`` 뒤에
# ``F.relu``\ 를 적용하므로, 훅은 :math:`\le 0`\ 인 출력을 셉니다).
#
# 둘째는 갱신 한 번의 크기를 그 갱신이 바꾸는 가중치의 크기로 나눈
# 비율(:math:`\lVert w_\text{after} - w_\text{before} \rVert / \lVert w_\text{before} \rVert`)입니다.
# makemore의 경험칙으로는 :math:`10^{-3}` 근처가 건강한 값입니다. 이보다 훨씬 작으면 계층이 거의
# 학습하지 않고, 훨씬 크면 갱신할 때마다 가중치의 큰 부분이 새로 쓰입니다.
# :func:`nn_tutorial.hooks.record_update_ratios`\ 는 옵티마이저에 거는 훅으로 이 비율을 기록합니다.
# ``optimizer.register_step_pre_hook``\ 으로 등록한 훅이 ``step()`` 전에 가중치를 복사해 두고,
# ``register_step_post_hook``\ 으로 등록한 훅이 그 뒤에 비교합니다. 같은 신경망을 학습률 세 가지로
# 에폭 3회씩 학습합니다. 위에서 쓴 2e-3, 그 10분의 1, 그 10배입니다. 학습이 끝나면 검증 데이터의 숫자
# 216개 모두에 대해 0인 유닛을 셉니다.
relu_layers = ["conv1", "conv2", "fc1"]  # forward에서 각각 뒤에 ReLU가 옵니다
val_images = val_set.tensors[0].to(device)


def dead_units(output):
    """모든 이미지에 대해 0 이하인 유닛: 선형 계층에서는 뉴런, 합성곱에서는 모든 위치의 채널."""
    negative = (output <= 0).reshape(*output.shape[:2], -1)  # 이미지 x 유닛 x 위치
    return negative.all(dim=2).all(dim=0)


torch.manual_seed(0)
untrained = models.MNISTConvNet().to(device)  # 아래의 모든 실행이 출발하는 가중치
with hooks.record_activations(untrained, relu_layers) as outputs, torch.no_grad():
    untrained(val_images)
dead_at_start = [f"{name} {dead_units(outputs[name]).sum().item()}" for name in relu_layers]
print("학습 전 죽은 유닛:", ", ".join(dead_at_start))

zero_shares, update_ratios = {}, {}
for lr in (2e-4, 2e-3, 2e-2):
    torch.manual_seed(0)
    net = models.MNISTConvNet()
    optimizer = torch.optim.Adam(net.parameters(), lr=lr)
    with (
        hooks.record_zero_shares(net, relu_layers) as zeros,
        hooks.record_update_ratios(net, optimizer, layers) as ratios,
    ):
        history = training.fit(
            net,
            train_set,
            val_set,
            epochs=3,
            optimizer=optimizer,
            loss_fn=loss_fn,
            batch_size=batch_size,
            device=device,
            log=None,
        )
    with hooks.record_activations(net, relu_layers) as outputs, torch.no_grad():
        net(val_images)
    run = f"lr = {lr:g}"
    zero_shares[run], update_ratios[run] = zeros, ratios
    print(f"{run}: 검증 정확도 {history.val_accuracy[-1]:.1%}")
    print("  계층   0의 비율(3에폭)  죽은 유닛  갱신 비율(1-20단계 최대)  갱신 비율(3에폭)")
    for name in layers:
        first, last = max(ratios[name][:20]), torch.tensor(ratios[name][-20:]).median().item()
        share, dead = "-", "-"  # fc2 뒤에는 ReLU가 없습니다
        if name in zeros:
            units = dead_units(outputs[name])
            share = f"{sum(zeros[name][-20:]) / 20:.0%}"  # 에폭 하나는 20단계입니다
            dead = f"{units.sum().item()} / {units.numel()}"
        print(f"  {name:<5}  {share:>15}  {dead:>9}  {first:>24.1e}  {last:>16.1e}")

# %%
# 세 열이 세 번의 학습이고, 위 행은 0의 비율, 아래 행은 로그 스케일로 그린 갱신 비율입니다. 점선은
# :math:`10^{-3}`\ 입니다.
fig = plotting.plot_layer_stats(
    zero_shares, update_ratios, title="학습률 세 가지로 학습한 결과", xlabel="학습 단계"
)

# %%
# 학습률이 2e-2이면 처음 몇 번의 갱신이 ``conv2``\ 와 ``fc1``\ 의 가중치를 그 크기의 절반 넘게
# 바꾸고, 10단계 안에 ``conv2``\ 의 출력은 90% 가까이 0이 됩니다. 학습이 끝났을 때 검증 데이터
# 전체에서 ``conv2``\ 의 채널 20개 중 13개, ``fc1``\ 의 뉴런 50개 중 16개가 죽어 있습니다.
# 2e-3에서는 ``conv1``\ 과 ``conv2``\ 의 채널이 하나도 죽지 않았습니다. ``fc1``\ 은 모든 실행에서
# 뉴런을 몇 개 잃습니다. 3개는 처음부터 죽어 있었고(초기 가중치로는 모든 숫자에 대해 음수), 느린 두
# 실행은 6개와 8개로 끝납니다. 시드 0, 1, 2로 돌려 보아도(이 강의를 쓰면서 돌렸고, 여기서는 돌리지
# 않습니다) 같은 모습입니다. 2e-2에서는 ``conv2``\ 의 채널이 13개나 14개 죽고, 2e-3에서는 많아야
# 3개입니다. 정확도만 보아서는 알 수 없습니다. 에폭 3회 뒤 2e-2 실행의 정확도는 2e-3 실행과
# 비슷합니다(여기서는 91.7% 대 94.0%이고, 시드 1에서는 오히려 더 높습니다). 이만큼 작은 신경망에는
# 아직 남는 유닛이 있습니다.
#
# 갱신 비율은 학습률을 따라갑니다. Adam은 변화도의 크기와 상관없이 단계마다 가중치 하나를 대략
# ``lr``\ 만큼 움직이기 때문입니다(첫 단계에서는 정확히 ``lr``\ 만큼 움직입니다. 그래서 처음
# 20단계의 최대 비율이 실행마다 10배씩 차이 납니다). 따라서 이 비율은 대략 ``lr``\ 을 가중치 하나의
# 전형적인 크기로 나눈 값입니다. 마지막 에폭에서 세 실행은 각각 :math:`2 \cdot 10^{-3}`\ 과
# :math:`5 \cdot 10^{-3}` 사이, :math:`3 \cdot 10^{-3}`\ 과 :math:`10^{-2}` 사이,
# :math:`1.5 \cdot 10^{-2}` 근처에 있습니다. 모두 경험칙보다 크고, 너무 느리게 학습하는 2e-4(에폭
# 3회 뒤 55.1%)도 그렇습니다. 경험칙은 살펴보기 시작할 지점이지 법칙이 아닙니다. 여기서 그래프가
# 짚어 내는 것은 2e-2 실행의 처음 몇 단계, 즉 채널들을 죽인 단계입니다.
#
# 특징 맵
# -------
#
# 이제 학습된 신경망이 무엇을 보는지 살펴봅니다. 에폭 3회로는 학습이 다 끝나지 않았고, 학습은 이
# 강의의 주제도 아닙니다. :func:`nn_tutorial.pretrained.convnet`\ 은 같은 신경망을 Adam으로 에폭 8회
# 학습해(``nn_tutorial.pretrained.RECIPE``) 반환합니다. 처음 호출할 때 학습하고 그 상태
# 사전(state_dict)을 캐시 폴더에 저장하며, 이후의 호출과 이 페이지의 다음 빌드에서는 저장된 것을
# 불러옵니다.
net = pretrained.convnet().to(device)
_, val_accuracy = training.evaluate(net, val_set, loss_fn, device=device)
print(f"학습된 신경망: 검증 정확도 {val_accuracy:.1%}")

# %%
# 검증 데이터에서 숫자 하나를 골라 신경망에 통과시키면서,
# :func:`nn_tutorial.hooks.record_activations`\ 로 ``conv1``\ 과 ``conv2``\ 의 출력을 기록합니다.
digit, label = val_set[129]  # 숫자 4: 세 방향의 획으로 이루어져 있습니다
batch = digit.unsqueeze(0).to(device)  # 이미지가 하나뿐인 배치
with hooks.record_activations(net, ["conv1", "conv2"]) as activations, torch.no_grad():
    prediction = net(batch).argmax(dim=1).item()
for name, maps in activations.items():
    print(f"{name}: {list(maps.shape)}")

# %%
# 신경망이 받는 그대로의 숫자입니다.
fig, ax = plt.subplots(figsize=(2.6, 2.8), layout="constrained")
ax.imshow(digit[0].numpy(), cmap="gray_r")
ax.set_title(f"레이블 {label.item()}, 예측 {prediction}")
ax.set_axis_off()

# %%
# ``conv1``\ 은 필터마다 하나씩, 24 x 24 크기의 맵 10개를 만들었습니다. 이 값들은 합성곱의 출력으로,
# ``forward``\ 에서 합성곱 뒤에 오는 ReLU를 거치기 전의 값입니다. 모든 맵이 오른쪽 색 막대(colorbar)에
# 나온 색 척도 하나를 함께 쓰므로, 맵끼리 색을 비교할 수 있습니다. 빨간색은 양수(ReLU가 통과시키는
# 값), 파란색은 음수(ReLU가 0으로 만드는 값)입니다. 2번 맵은 획을 따라 양수입니다. 1, 4, 6번 맵은
# 반대로 획에서 음수이고 배경에서 양수입니다. 7번과 9번 맵은 가로 획의 아래쪽 가장자리를 따라 가장
# 강합니다(한 방향의 가장자리). 나머지 맵은 이 숫자에 약하게 반응합니다.
fig = plotting.plot_feature_maps(activations["conv1"], title="conv1 특징 맵", ncols=10)

# %%
# ``conv2``\ 는 이 맵 10개를 조합해 8 x 8 크기의 맵 20개를 만듭니다. 여기서도 색 척도는 모든 맵에
# 하나입니다. 더 거칠고, 무엇을 나타내는지 말하기도 더 어렵습니다. 각 맵은 숫자의 한 영역에 있는
# 획들의 조합에 반응합니다. 10, 11, 16번 같은 맵은 대각선 획과 가로 획이 만나는 왼쪽 아래에서 강하게
# 반응하고, 14, 17번 같은 맵은 옅은 색에 머뭅니다. 그 맵들이 찾는 것이 이 숫자에는 없습니다. 완전
# 연결 계층(fully connected layer)은 바로 이런 단서를 모아 클래스를 정합니다.
fig = plotting.plot_feature_maps(activations["conv2"], title="conv2 특징 맵", max_maps=20, ncols=10)

# %%
# 현저성 맵: 답이 어느 픽셀에 민감한가
# ------------------------------------
#
# 특징 맵은 계층이 무엇을 계산하는지 보여 주지만, 답이 어느 픽셀에 달려 있는지는 보여 주지 않습니다.
# 현저성 맵(Simonyan, Vedaldi, Zisserman, 2013)이 그 첫 번째 답입니다. 현저성 맵은 입력 픽셀에 대한
# 예측 클래스 로짓의 변화도입니다. 손실이 아니라 로짓의 변화도이므로 레이블이 필요 없고, 예측이
# 맞든 틀리든 그 예측을 설명합니다. 이미지도 다른 Tensor와 같은 잎(leaf) Tensor이므로, 이미지가
# 변화도를 요구하게 하면 autograd가 그 변화도를 계산합니다.
image = batch.clone().requires_grad_()  # 위의 숫자 4, 이미지가 하나뿐인 배치
logits = net(image)
predicted = logits.argmax(dim=1).item()
logits[0, predicted].backward()
saliency_map = image.grad.abs()  # 픽셀마다 값 하나: 그 픽셀에 따라 로짓이 움직이는 빠르기
net.zero_grad()  # backward()는 가중치의 .grad도 채웠지만, 여기서는 쓰지 않습니다
print(f"예측 {predicted}, 현저성 맵의 shape {list(saliency_map.shape)}")
print(f"최댓값 {saliency_map.max().item():.3f}, 중앙값 {saliency_map.median().item():.4f}")

# %%
# 이 맵의 뜻은 확인해 볼 수 있습니다. 맵이 맞다면, 값이 가장 큰 픽셀들을 변화도 방향으로 조금 바꿀
# 때가 무작위로 고른 같은 수의 픽셀을 바꿀 때보다 로짓을 더 많이 움직여야 합니다. 픽셀 784개 중
# 30개를 0.3씩 바꿉니다. 픽셀 값 범위의 10분의 1쯤입니다.
sign = image.grad.sign().flatten()


def nudged_change(pixels):
    """``pixels`` 픽셀들을 변화도 방향으로 0.3씩 바꿀 때 예측 로짓이 움직이는 양."""
    nudged = batch.flatten().clone()
    nudged[pixels] += 0.3 * sign[pixels]
    with torch.no_grad():
        return (net(nudged.view_as(batch))[0, predicted] - logits[0, predicted]).item()


most_salient = saliency_map.flatten().topk(30).indices
at_random = torch.randperm(28 * 28, generator=torch.Generator().manual_seed(0))[:30]
print(f"예측 로짓: {logits[0, predicted].item():.2f}")
print(f"변화, 현저성이 가장 큰 픽셀 30개: {nudged_change(most_salient):+.2f}")
print(f"변화, 무작위 픽셀 30개:           {nudged_change(at_random):+.2f}")

# %%
# 맵은 그 점에서 맞습니다. 현저성이 큰 픽셀은 무작위 픽셀보다 로짓을 세 배쯤 더 움직입니다. 이제
# 검증 데이터의 숫자 몇 개를 더 봅니다. 그중 하나는 신경망이 잘못 읽은 숫자입니다. 이미지 하나의
# 로짓은 그 이미지에만 달려 있으므로, 예측 로짓들의 합의 변화도를 구하면 역전파 한 번으로 배치의
# 이미지마다 맵을 하나씩 얻습니다.
picks = [129, 2, 0, 1, 34]  # 4, 2, 6, 9, 그리고 신경망이 9로 읽는 4
images = val_set.tensors[0][picks].to(device).requires_grad_()
logits = net(images)
predictions = logits.argmax(dim=1)
logits.gather(1, predictions.unsqueeze(1)).sum().backward()
maps = images.grad.abs()
net.zero_grad()
labels = val_set.tensors[1][picks].tolist()
fig = plotting.plot_saliency(
    images,
    maps,
    [f"레이블 {y}, 예측 {p}" for y, p in zip(labels, predictions.tolist(), strict=True)],
    title="예측 로짓의 현저성 맵",
)

# %%
# 밝은 픽셀은 숫자가 차지한 영역 안, 획 위와 획 사이의 빈틈에 있고, 빈 가장자리는 어둡게 남습니다.
# 맵은 얼룩덜룩합니다. 이웃한 픽셀끼리 값이 몇 배씩 다른 경우가 많은데, 최대 풀링이 2 x 2 창마다
# 변화도를 한 위치에만 넘기는 것도 한 가지 이유입니다. 잘못 읽은 4의 맵은 그 숫자의 9 로짓에 대한
# 맵입니다. 이 맵은 어디를 바꾸면 신경망의 9 점수가 움직이는지 보여 줄 뿐, 신경망이 왜 9를 골랐는지는
# 보여 주지 않습니다.
#
# 현저성 맵이 알려 주지 *않는* 것은 신경망이 어디를 "보는지"입니다. 현저성 맵은 변화에 대한 민감도를
# 재는데, 획이 생길 수 있는 빈 픽셀에도 변화도가 있습니다. 각 맵 가운데 빈 픽셀(가장 낮은 값의
# 픽셀)에 놓인 몫을, 그 픽셀들이 이미지에서 차지하는 몫과 나란히 출력합니다.
background = val_set.tensors[0][picks].flatten(1) <= val_set.tensors[0].min() + 1e-6
on_background = (maps.flatten(1).cpu() * background).sum(dim=1) / maps.flatten(1).cpu().sum(dim=1)
blank_share = background.float().mean(dim=1)
print("맵 가운데 빈 픽셀의 몫:    ", "  ".join(f"{v:4.0%}" for v in on_background.tolist()))
print("이미지 가운데 빈 픽셀의 몫:", "  ".join(f"{v:4.0%}" for v in blank_share.tolist()))

# %%
# 각 맵의 10분의 1에서 5분의 1이 빈 픽셀에 놓입니다. 빈 픽셀이 이미지에서 차지하는 몫보다는 작지만,
# 없다고 할 수준과는 거리가 멉니다. 현저성 맵은 다음도 알려 주지 않습니다.
#
# - 더 큰 변화 뒤에 일어나는 일. 변화도는 이 이미지 하나 근처에서 신경망이 어떻게 움직이는지를 설명할
#   뿐이라서, 함께일 때만 중요한 두 픽셀이나, ReLU의 0을 넘나들 만큼 큰 변화에 대해서는 아무것도
#   말해 주지 않습니다.
# - 잉크가 로짓을 올리는지 내리는지. ``abs()``\ 가 부호를 버립니다. 부호가 있는 변화도(``image.grad``
#   그대로)는 부호를 간직하지만, 잡음이 더 많아 읽기 어렵습니다.
#
# 현저성 맵은 값싸게 먼저 훑어보는 도구이고, 질문을 시작할 지점이지 결정을 설명해 주는 것이 아닙니다.
#
# NaN은 어디에서 왔을까
# ---------------------
#
# 변화도의 NaN은 늦게 발견됩니다. ``optimizer.step()`` 뒤에 가중치가 NaN이 되고 그다음 단계에서
# 손실이 NaN이 되지만, 어느 연산이 NaN을 만들었는지는 어디에도 나오지 않습니다. 흔한 원인은
# 실행되는 지점에서 도함수가 무한대인 연산입니다. 한 예로, 두 점이 같을 때 두 점
# 사이의 거리를 봅니다. :math:`\sqrt{u}`\ 의 도함수는 :math:`1 / (2 \sqrt{u})`\ 여서
# :math:`u = 0`\ 에서 무한대이고, 연쇄 법칙(chain rule)은 이 무한대에 그 지점에서 0인
# :math:`(a - b)^2`\ 의 도함수를 곱합니다. :math:`0 \times \infty`\ 는 NaN입니다.
a = torch.tensor([1.0, 2.0], requires_grad=True)
b = torch.tensor([1.0, 2.0])  # 같은 점
distance = ((a - b) ** 2).sum().sqrt()
distance.backward()
print(f"거리 {distance.item()}, 변화도 {a.grad.tolist()}")

# %%
# ``torch.autograd.set_detect_anomaly(True)``\ 를 쓰면 autograd의 디버거가 켜집니다. 순전파 동안에는
# 각 연산이 어디에서 호출되었는지 기록하고, 역전파 동안에는 모든 역전파 함수가 반환하는 값을 검사해
# 처음 나온 NaN에서 그 함수의 이름을 담은 ``RuntimeError``\ 를 일으키며 멈춥니다. 그 함수를 만든
# 순전파 호출의 트레이스백(traceback)을 담은 경고도 함께 냅니다. 이 모드는 autograd를 느리게
# 하므로, 학습할 때가 아니라 버그를 찾을 때만 켜세요.
a.grad = None
with warnings.catch_warnings(record=True) as caught, torch.autograd.set_detect_anomaly(True):
    warnings.simplefilter("always")
    distance = ((a - b) ** 2).sum().sqrt()
    try:
        distance.backward()
    except RuntimeError as error:
        print("RuntimeError:", error)
print("경고:", str(caught[0].message).splitlines()[0])

# %%
# ``PowBackward0``\ 은 ``** 2``\ 의 역전파 함수입니다. ``SqrtBackward0``\ 이 넘긴 무한대 변화도에
# :math:`2(a - b) = 0`\ 을 곱했습니다. 여기에 싣지 않은 경고의 트레이스백은
# ``distance = ((a - b) ** 2).sum().sqrt()`` 줄에서 끝납니다. 해결책은 실행되는 지점에서 미분
# 가능한 함수를 쓰거나, 그 지점의 변화도를 정의해 두는 것입니다. ``torch.linalg.vector_norm``\ 은
# 0에서 노름의 변화도를 0으로 정의합니다.
a.grad = None
torch.linalg.vector_norm(a - b).backward()
print(f"같은 점에서 vector_norm의 변화도: {a.grad.tolist()}")

# %%
# 요약
# ----
#
# - ``register_forward_hook``\ 으로 등록한 훅은 순전파가 끝날 때마다 ``hook(module, inputs, output)``
#   형태로 호출됩니다. ``inputs``\ 는 튜플이며, 훅이 Tensor를 반환하면 그 Tensor가 출력을 대신합니다.
#   ``register_forward_pre_hook``\ 으로 등록한 훅은 순전파 직전에 ``hook(module, inputs)`` 형태로
#   호출되며, 튜플을 반환하면 그 튜플이 입력을 대신합니다.
# - 훅을 등록하면 핸들이 반환되고, ``handle.remove()``\ 로 그 훅을 제거합니다. 제거하기 전까지 훅은
#   호출될 때마다 실행됩니다.
# - ``register_full_backward_hook``\ 으로 등록한 훅은 모듈의 실제 입력과 출력에 대한 변화도를 받아
#   ``hook(module, grad_input, grad_output)`` 형태로 호출됩니다. 변화도가 필요 없는 입력에 대해서는
#   ``grad_input``\ 에 ``None``\ 이 들어 있고, 훅이 튜플을 반환하면 그 튜플이 ``grad_input``\ 을
#   대신합니다. 이 훅이 걸린 모듈의 입력과 출력은 제자리에서 바꾸면 안 됩니다(모듈 뒤에
#   ``nn.ReLU(inplace=True)``\ 를 두지 마세요). ``register_backward_hook``\ 은 모듈의 마지막 연산만
#   보았기 때문에 더 이상 권장되지 않습니다.
# - ``tensor.register_hook(hook)``\ 은 그 Tensor 하나에 대한 변화도를 넘겨 ``hook(grad)``\ 를
#   호출합니다. 중간 Tensor에 건 훅은 역전파 한 번 동안만, 매개변수에 건 훅은 제거할 때까지 남습니다.
# - 훅을 쓰면 계층 사이를 흐르는 값을 기록할 수 있습니다. 계층별 변화도 노름은 학습 신호가 거꾸로
#   전달되는 모습을, 특징 맵은 각 계층이 무엇에 반응하는지를 보여 줍니다. 평균 손실에서 배치의
#   변화도 노름은 :math:`1 / \sqrt{B}`\ 에 비례하므로 노름은 배치 크기가 같을 때만 비교하세요. 또
#   노름은 값의 개수가 많을수록 커지므로, 계층끼리 값 하나 단위로 비교하려면 값의 개수의 제곱근으로
#   나누세요.
# - 순전파 훅으로 학습 단계마다 ReLU가 0으로 만드는 출력을 셀 수 있습니다. 모든 입력에 대해 0인
#   유닛은 죽은 유닛이며 더는 학습하지 않습니다. 옵티마이저의 ``register_step_pre_hook``\ 과
#   ``register_step_post_hook``\ 으로는 가중치 크기에 대한 갱신 크기의 비율을 잴 수 있습니다. 흔히
#   쓰는 경험칙은 :math:`10^{-3}` 정도입니다. 여기서는 10배 너무 큰 학습률이, 가중치 크기의 절반에
#   이르는 첫 갱신들과 ``conv2``\ 의 채널 20개 중 13개가 죽는 것으로 드러났습니다. 정확도는 그래도
#   괜찮아 보였습니다.
# - 현저성 맵은 입력에 대한 예측 로짓의 변화도입니다. ``image.requires_grad_()``, 순전파,
#   ``logits[0, predicted]``\ 에 대한 ``backward()``, 그리고 ``image.grad.abs()``\ 로 구합니다. 이
#   맵은 이 이미지 근처에서 로짓이 어느 픽셀에 민감한지 알려 줄 뿐, 신경망이 어디를 보는지도, 왜 그
#   답을 골랐는지도 알려 주지 않습니다.
# - ``torch.autograd.set_detect_anomaly(True)``\ 는 NaN을 반환한 첫 역전파 함수에서 역전파를 멈추고,
#   그 함수의 이름과, 순전파에서 그 함수를 만든 위치를 알려 줍니다.
#
# 다음에 읽을 내용
# ----------------
#
# - :doc:`plot_rnn`: 시간 단계(time step)마다 계층 하나를 호출하는 순환 신경망(recurrent neural
#   network)
# - :doc:`plot_convnet`: 이 강의에서 쓴 신경망과, 그 신경망을 학습한 방법

# %%
# 연습 문제
# ---------
#
# 내려받은 노트북이나 스크립트에서 문제를 풀어 보세요. ``...`` 자리에 답을 쓰고 셀을 실행하면, 셀
# 안의 확인 함수가 답이 맞는지 알려 주고, 틀렸다면 가장 도움이 되는 힌트를 보여 줍니다(풀이를
# 알려 주지는 않습니다). 문제마다 뒤에 **풀이**\ 가 접혀 있습니다. 먼저 풀어 본 뒤에 이 페이지에서는
# **풀이**\ 를 누르고, Jupyter에서는 접힌 셀을 눌러 펼쳐 보세요.
from nn_tutorial import exercises

# sphinx_gallery_thumbnail_number = 5

# %%
# **1. 죽은 활성화.** ``zero_fraction(model, images, name)``\ 을 작성하세요. 이 함수는 ``name``\ 이라는
# 계층에 순전파 훅을 걸고 ``images``\ 로 순전파를 한 번 한 뒤, 그 계층의 출력에 ReLU를 적용했을 때
# 0이 되는 값의 비율을 반환합니다. 훅은 남기지 마세요.
#
# *힌트:* 훅은 ``(module, inputs, output)``\ 을 받고, ``register_forward_hook``\ 은 핸들을 반환합니다.
zero_fraction = ...  # 여기에 답을 쓰세요
exercises.check("hooks-zero-fraction", zero_fraction)

# %%
# **풀이**


def zero_fraction(model, images, name):
    seen = {}
    layer = getattr(model, name)
    handle = layer.register_forward_hook(lambda module, inputs, output: seen.update(out=output))
    with torch.no_grad():
        model(images)
    handle.remove()
    return (torch.relu(seen["out"]) == 0).float().mean().item()


exercises.check("hooks-zero-fraction", zero_fraction)

# %%
# **2. 현저성 맵.** ``saliency(model, image, label)``\ 을 작성하세요. ``image``\ 는 숫자 하나로 된
# 배치(1 x 1 x 28 x 28)이고 ``label``\ 은 그 숫자의 실제 클래스입니다. 모델이 *예측한* 클래스에 대해
# :math:`|\partial\, \text{logit} / \partial\, \text{image}|` 값을 구해 ``image``\ 와 같은 shape으로
# 반환하세요. 예측한 클래스가 레이블과 늘 같지는 않습니다. 모델은 원래 상태 그대로 두세요. 훅을
# 남기지 말고, 가중치의 ``.grad``\ 도 바꾸지 마세요.
#
# *힌트:* ``backward()``\ 는 계산에 참여한 모든 가중치의 ``.grad``\ 에 변화도를 더합니다.
# ``torch.autograd.grad``\ 는 요청한 변화도를 반환할 뿐 아무 데도 저장하지 않습니다.
saliency = ...  # 여기에 답을 쓰세요
exercises.check("hooks-saliency", saliency)

# %%
# **풀이**


def saliency(model, image, label):
    image = image.detach().clone().requires_grad_()  # 새 잎 Tensor: 호출한 쪽의 이미지는 그대로
    logits = model(image)
    predicted = logits.argmax(dim=1).item()  # 레이블이 아니라 예측: 맵은 예측을 설명합니다
    (grad,) = torch.autograd.grad(logits[0, predicted], image)
    return grad.abs()


exercises.check("hooks-saliency", saliency)

# %%
# **3. 변화도를 바꾸는 훅.** ``attach_clamp(tensor, limit)``\ 을 작성하세요. 이 함수는 ``tensor``\ 에
# 훅을 등록해(모듈 훅이 아니라 ``Tensor.register_hook``), 그 Tensor가 받는 변화도를
# ``[-limit, limit]`` 범위로 자릅니다.
#
# *힌트:* Tensor 훅이 Tensor를 반환하면 그 값이 변화도를 대신합니다.
attach_clamp = ...  # 여기에 답을 쓰세요
exercises.check("hooks-clamp", attach_clamp)

# %%
# **풀이**


def attach_clamp(tensor, limit):
    return tensor.register_hook(lambda grad: grad.clamp(-limit, limit))


exercises.check("hooks-clamp", attach_clamp)
