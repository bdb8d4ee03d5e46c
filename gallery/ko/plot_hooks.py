r"""
훅: 실행 중인 신경망의 내부 들여다보기
======================================

``backward()``\ 를 호출하고 나면 모든 가중치(weight)에 변화도(gradient)가 들어 있지만, 계층(layer)
*사이에서* 흐르는 값에는 손이 닿지 않습니다. ``conv2``\ 의 출력(output)이나 그곳에 도착하는 변화도는
어디에도 저장되지 않습니다. 훅(hook)은 모듈에 붙여 두는 함수로, PyTorch가 순전파(forward pass)나
역전파(backward pass) 도중에 바로 그 값들을 넘겨주며 호출합니다. 훅을 쓰면 신경망(neural network)
코드를 고치지 않고도 이 값들을 출력하거나, 기록하거나, 바꿀 수 있습니다. 이 강의에서는 먼저 훅을
직접 붙여 봅니다. 이어서 훅을 이용해, 학습(training)을 마친 신경망이 숫자 하나를 어떻게 보는지,
그리고 학습 중에 변화도가 어떻게 움직이는지 살펴봅니다.

**이 강의에서 배울 내용**

- 순전파 훅을 등록하는 방법과, 훅이 받는 값
- ``register_full_backward_hook``\ 으로 역전파 훅을 등록하는 방법과, 예전의
  ``register_backward_hook``\ 이 더 이상 권장되지 않는(deprecated) 이유
- 훅을 등록할 때 돌려받은 핸들(handle)로 훅을 제거하는 방법
- 훅으로 특징 맵(feature map)과 계층별 변화도 노름(norm)을 기록하는 방법과, 그 결과를 읽는 방법
"""

# %%
# 신경망과 입력 하나
# ------------------
#
# :doc:`plot_convnet` 강의의 :class:`nn_tutorial.models.MNISTConvNet` 클래스를 아직 학습하지 않은
# 채로 씁니다. 입력은 무작위로 만든 28 x 28 이미지 한 장이고, 정답 클래스는 임의로 정합니다.
import warnings

import matplotlib.pyplot as plt
import torch
from torch import nn

import nn_tutorial
from nn_tutorial import data, hooks, models, plotting, set_language, training

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
    print(f"순전파 통과: {type(module).__name__}")
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
# 역전파 훅
# ---------
#
# 전체 역전파 훅(full backward hook)은 모듈의 입력에 대한 변화도가 계산되고 나면 ``hook(module,
# grad_input, grad_output)`` 형태로 호출됩니다. ``grad_output``\ 에는 모듈의 출력에 대한 손실(loss)의
# 변화도가, ``grad_input``\ 에는 입력에 대한 변화도가 들어 있습니다. 둘 다 튜플이며, Tensor마다
# 항목이 하나씩 있습니다.


def print_backward(module, grad_input, grad_output):
    print(f"역전파 통과: {type(module).__name__}")
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

# %%
# 두 훅이 모두 실행되었습니다. 순전파 훅은 ``net(image)``\ 를 실행할 때, 역전파 훅은
# ``loss.backward()``\ 를 실행할 때 호출되었습니다. 크기는 순전파와 짝을 이룹니다. 출력에 대한
# 변화도는 출력과 같은 크기인 1 x 20 x 8 x 8이고, 입력에 대한 변화도는 입력과 같은 크기인 1 x 10 x
# 12 x 12입니다. ``conv2``\ 의 *가중치에 대한* 변화도는 ``grad_input``\ 에 없습니다. 이 변화도는
# 평소처럼 ``net.conv2.weight.grad``\ 에 들어갑니다.
#
# .. note::
#
#    예전 코드에서는 더 이상 권장되지 않는 ``register_backward_hook``\ 을 씁니다. 이 메소드(method)는
#    모듈이 수행한 *마지막 연산*\ 에 훅을 붙이고, 그 연산의 입력과 출력을 알려 주었습니다. 그래서
#    합성곱(convolution), 덧셈, ReLU로 이루어진 블록처럼 여러 연산으로 된 모듈에서는
#    ``grad_input``\ 이 모듈의 실제 입력이 아니라 마지막 연산 하나만을 나타냈습니다. 합성곱 하나뿐인
#    모듈에서도, 입력은 하나인데 변화도는 입력, 가중치, 편향(bias)에 대한 것까지 세 개를
#    돌려주었습니다. ``register_full_backward_hook``\ 은 모듈 안에서 무슨 일이 일어나든 모듈의 진짜
#    입력과 출력에 대한 변화도를 봅니다.
#
# 훅 제거하기
# -----------
#
# 훅은 제거할 때까지 남아 있습니다. ``register_*`` 호출은 저마다 핸들을 반환했고,
# ``handle.remove()``\ 를 호출하면 그 훅이 떨어져 나갑니다. 그 뒤로는 순전파와 역전파를 해도 우리가
# 직접 출력하는 한 줄 말고는 아무것도 출력되지 않습니다.
forward_handle.remove()
backward_handle.remove()
loss_fn(net(image), target).backward()
print("순전파와 역전파 완료, 호출된 훅 없음")

# %%
# 등록한 훅의 핸들은 모두 보관해 두세요. 잊힌 훅은 모델이 살아 있는 동안 계속 출력을 내거나,
# Tensor를 계속 저장하며 메모리를 차지합니다.
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
# 훅은 어디에 쓰나
# ----------------
#
# :mod:`nn_tutorial.hooks` 모듈에는 훅으로 만든 도구가 두 가지 있습니다. 둘 다 컨텍스트 매니저여서,
# ``with`` 블록이 끝나면 자신이 붙인 훅을 제거합니다.
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
# 먼저 실제 숫자(scikit-learn의 8 x 8 숫자를 28 x 28로 키운 것)로 신경망을 학습하면서 변화도 노름을
# 기록합니다. 훅은 :func:`nn_tutorial.training.fit`\ 이 실행되는 내내 붙어 있으므로, 학습 단계마다
# 계층별로 노름이 하나씩 기록됩니다.
device = nn_tutorial.device()  # GPU가 있으면 GPU, 없으면 CPU
train_set, val_set, test_set = data.load_digits(image_size=28)

torch.manual_seed(0)
net = models.MNISTConvNet()
optimizer = torch.optim.Adam(net.parameters(), lr=2e-3)
layers = ["conv1", "conv2", "fc1", "fc2"]
with hooks.record_grad_norms(net, layers) as grad_norms:
    history = training.fit(
        net, train_set, val_set, epochs=5, optimizer=optimizer, loss_fn=loss_fn, device=device
    )
print(len(grad_norms["fc2"]), "단계씩 계층마다 기록됨")

# %%
# 선 하나가 계층 하나, 점 하나가 학습 단계 하나이며, 세로축은 로그 스케일입니다.
plotting.plot_grad_norms(
    grad_norms,
    title="각 계층 출력에서의 변화도 노름",
    xlabel="학습 단계",
    ylabel="변화도 노름",
)

# %%
# 변화도는 손실에서 출발해 거꾸로 이동합니다. ``fc2``\ 가 가장 먼저 받고 ``conv1``\ 이 가장 나중에
# 받습니다. 처음 몇 단계에서는 변화도가 이동하면서 줄어들어, ``fc2``\ 와 ``conv1`` 사이에서 10배 넘게
# 작아집니다. 아직 학습되지 않은 계층들이 변화도를 조금밖에 돌려보내지 못하기 때문입니다. 수십 단계
# 안에 계층들이 적응하면서 네 곡선은 서로 두세 배 차이 안으로 모입니다. 그 뒤로는 손실이 줄어드는
# 만큼 함께 줄어들며(신경망이 이미 잘 분류하는 배치에는 고칠 것이 별로 남아 있지 않습니다), 배치마다
# 크게 오르내립니다. 이렇게 얕은 신경망에서는 변화도가 거꾸로 가는 길에 사라지지도(vanish)
# 폭발하지도(explode) 않습니다. 깊은 신경망에서는 바로 이 그래프가 앞쪽 계층들에 변화도가 조금이라도
# 닿는지를 보여 줍니다.
#
# 특징 맵
# -------
#
# 이제 학습된 신경망이 무엇을 보는지 살펴봅니다. 테스트 숫자 하나를 골라,
# :func:`nn_tutorial.hooks.record_activations`\ 가 ``conv1``\ 과 ``conv2``\ 를 지켜보는 가운데 신경망에
# 통과시킵니다.
digit, label = test_set[13]  # 숫자 4: 세 방향의 획으로 이루어져 있습니다
batch = digit.unsqueeze(0).to(device)  # 이미지가 하나뿐인 배치
with hooks.record_activations(net, ["conv1", "conv2"]) as activations, torch.no_grad():
    prediction = net(batch).argmax(dim=1).item()
for name, maps in activations.items():
    print(f"{name}: {list(maps.shape)}")

# %%
# 신경망이 받는 그대로의 숫자입니다.
fig, ax = plt.subplots(figsize=(2.6, 2.8), layout="constrained")
ax.imshow(digit[0].numpy(), cmap="gray_r")
ax.set_title(f"정답 {label.item()}, 예측 {prediction}")
ax.axis("off")

# %%
# ``conv1``\ 은 필터마다 하나씩, 24 x 24 크기의 맵 10개를 만들었습니다. 각 맵은 필터가 이미지와
# 맞아떨어지는 곳에서 밝습니다. 어떤 맵은 획을 따라 밝아지고, 어떤 맵은 획의 한쪽에서만 밝아지며(한
# 방향의 가장자리), 어떤 맵은 배경에서 밝아집니다. 이 값들은 합성곱의 출력으로, ``forward``\ 에서
# 합성곱 뒤에 오는 ReLU를 거치기 전의 값입니다.
plotting.plot_feature_maps(activations["conv1"], title="conv1 특징 맵", ncols=10)

# %%
# ``conv2``\ 는 이 맵 10개를 조합해 8 x 8 크기의 맵 20개를 만듭니다. 더 거칠고, 무엇을 나타내는지
# 말하기도 더 어렵습니다. 각 맵은 숫자의 한 영역에 있는 획들의 조합에 반응하며, 완전 연결 계층은
# 바로 이런 단서를 클래스로 바꿉니다.
plotting.plot_feature_maps(activations["conv2"], title="conv2 특징 맵", max_maps=20, ncols=10)

# %%
# 요약
# ----
#
# - ``register_forward_hook``\ 으로 등록한 훅은 순전파가 끝날 때마다 ``hook(module, inputs, output)``
#   형태로 호출됩니다. ``inputs``\ 는 튜플이며, 훅이 Tensor를 반환하면 그 Tensor가 출력을 대신합니다.
# - ``register_full_backward_hook``\ 으로 등록한 훅은 모듈의 진짜 입력과 출력에 대한 변화도를 받아
#   ``hook(module, grad_input, grad_output)`` 형태로 호출됩니다. 변화도가 필요 없는 입력에 대해서는
#   ``grad_input``\ 에 ``None``\ 이 들어 있습니다. ``register_backward_hook``\ 은 모듈의 마지막 연산만
#   보았기 때문에 더 이상 권장되지 않습니다.
# - 훅을 등록하면 핸들이 반환되고, ``handle.remove()``\ 로 그 훅을 제거합니다.
# - 훅을 쓰면 계층 사이를 흐르는 값을 기록할 수 있습니다. 계층별 변화도 노름은 학습 신호가 거꾸로
#   전달되는 모습을, 특징 맵은 각 계층이 무엇에 반응하는지를 보여 줍니다.
#
# 다음에 읽을 내용
# ----------------
#
# - :doc:`plot_rnn`: 매 시간 단계(time step)마다 계층 하나를 호출하는 순환 신경망(recurrent neural
#   network)
# - :doc:`plot_convnet`: 이 강의에서 쓴 신경망과, 그 신경망을 학습한 방법

# sphinx_gallery_thumbnail_number = 3
