r"""
ConvNet: Lua Torch 사용자를 위한 ``torch.nn``
=============================================

Lua Torch로 신경망(neural network)을 만들어 보았다면 ``torch.nn``\ 이 낯익어 보이겠지만, 동작 방식은
다릅니다. 컨테이너가 사라졌고, 모듈은 호출과 호출 사이에 아무 상태도 남기지 않으며, 신경망의
``forward``\ 는 평범한 Python 코드여서 일반 디버거로 한 줄씩 따라가 볼 수 있습니다. 이 강의에서는
작은 합성곱(convolution) 신경망인 ``MNISTConvNet``\ 으로 이런 차이를 살펴봅니다. 그런 다음 실제
손글씨 숫자로 이 신경망을 학습(training)하고, 첫 번째 계층(layer)이 무엇을 배웠는지 들여다봅니다.

**이 강의에서 배울 내용**

- PyTorch에 ``ConcatTable``\ 이나 ``CAddTable``\ 이 필요 없는 이유: autograd가 평범한 연산을 그대로
  기록합니다.
- 순전파(forward pass)의 상태가 어디에 있는지, 그리고 ``pdb``\ 로 순전파를 디버깅하는 방법
- ``MNISTConvNet``\ 을 실행하고 ``CrossEntropyLoss``\ 로 손실(loss)을 계산한 뒤, 그 결과로 남는
  변화도(gradient)를 읽는 방법
- 신경망이 ReLU가 아니라 로짓(logit)으로 끝나는 이유
- 숫자 데이터로 신경망을 학습하는 방법과, 학습된 첫 번째 계층의 필터가 어떤 모습인지
"""

# %%
# Lua Torch 사용자에게 달라진 점
# ------------------------------
#
# **컨테이너 대신 autograd가 있습니다.** Lua Torch에서 두 갈래를 합치려면 ``nn.ConcatTable``,
# ``nn.CAddTable`` 같은 모듈이나 nngraph 패키지가 필요했습니다. PyTorch에서는 계산식을 그대로
# 씁니다. ``nn.CAddTable():forward({input1, input2})`` 대신 ``input1 + input2``\ 라고 쓰고,
# ``nn.MulConstant(0.5)`` 대신 ``input * 0.5``\ 라고 씁니다. Autograd는 연산이 실행될 때마다 하나하나
# 기록하므로, 역전파(backward pass)는 여러분이 어떤 코드를 쓰든 그 코드를 그대로 따라갑니다.
import torch
import torch.nn.functional as F
from torch import nn

torch.manual_seed(0)

x = torch.randn(2, 3)
branch_a = nn.Linear(3, 4)
branch_b = nn.Linear(3, 4)
out = (branch_a(x) + branch_b(x)) * 0.5  # 두 갈래를 더하고 절반으로: 컨테이너가 필요 없습니다
print(out.grad_fn.name())  # 마지막으로 기록된 연산
print(out.grad_fn.next_functions[0][0].name())  # 그 바로 앞의 연산

# %%
# 마지막 연산은 곱셈이고, 그 앞의 연산은 덧셈입니다. 그래프가 곧 코드입니다.
#
# **상태는 모듈이 아니라 그래프에 있습니다.** Lua Torch 모듈은 마지막 출력(output)과 변화도를 모듈
# 안에 저장했습니다(``module.output``, ``module.gradInput``). 그래서 한 번의 패스에서 같은 모듈을 두
# 번 쓰려면 모듈을 복제하고 가중치(weight)를 손수 공유해야 했습니다. PyTorch 모듈은 자신의
# 매개변수(parameter)만 저장하고, 역전파에 필요한 값은 autograd가 기록하는 그래프에 보관됩니다.
# 따라서 같은 계층을 여러 번 호출해도 안전하며, 순환 신경망(recurrent neural network)이 가중치를
# 공유하는 방법도 바로 이것입니다(:doc:`plot_rnn` 강의에서 직접 만들어 봅니다).
#
# **디버깅은 평범한 Python으로 합니다.** ``forward`` 메소드(method)는 한 줄씩 실행되므로, 오류가
# 나면 스택 트레이스(stack trace)가 실패한 바로 그 줄을 가리키고 ``pdb`` 디버거는 원하는 곳에서 멈춥니다.
# **forward에는 어떤 Python 코드든 넣을 수 있습니다.** ``if``, ``while``, ``print``,
# ``breakpoint()`` 호출까지 모두 됩니다. 아래 모듈은 출력의 노름(norm)이 10에 이를 때까지 같은
# 계층을 되풀이해 적용하므로, 반복 횟수가 데이터에 따라 달라집니다.


class RepeatUntilLarge(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.layer = nn.Linear(4, 4)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        steps = 0
        while x.norm() < 10 and steps < 20:  # 값에 따라 반복 횟수가 달라지는 Python 반복문
            x = 2 * self.layer(x)
            steps += 1
        # breakpoint()  # 주석을 풀면 x와 steps가 보이는 곳에서 pdb가 멈춥니다(`p x.norm()`)
        print(f"입력에 계층을 {steps}번 적용했습니다")
        return x


repeat = RepeatUntilLarge()
direction = torch.randn(1, 4)
for scale in (0.1, 2.0):  # 방향은 같고 크기만 다른 두 입력: 작은 입력과 큰 입력
    repeat(scale * direction).sum().backward()
print(repeat.layer.weight.grad.shape)

# %%
# 작은 입력은 큰 입력보다 더 여러 번 반복해야 합니다. 어느 쪽이든 변화도는 반복문이 거친 모든 단계를
# 지나 계층의 가중치에 도달했습니다. Autograd는 실제로 실행된 것을 기록하므로, 반복문이 어떻게
# 생겼는지 미리 알려 줄 필요가 없습니다. (``backward()`` 호출이 두 번이었으므로, ``.grad`` 안의 값은
# 두 변화도를 더한 것입니다.)
#
# 신경망
# ------
#
# 모든 신경망은 ``torch.nn.Module`` 클래스를 상속합니다. 생성자는 계층을 만들고, ``forward``
# 메소드는 입력이 그 계층들을 어떻게 지나가는지 정합니다. 다음은 MNIST처럼 28 x 28 크기인 이미지에
# 맞춰 작성한 :class:`nn_tutorial.models.MNISTConvNet` 클래스입니다.
#
# .. literalinclude:: ../../../src/nn_tutorial/models.py
#    :pyobject: MNISTConvNet
#
# ``check_images`` 함수는 입력의 shape만 확인합니다. shape이 잘못되었을 때 알아보기 쉬운 메시지를
# 보여 주기 위해서입니다.
import nn_tutorial
from nn_tutorial import data, models, plotting, set_language, training

set_language("ko")  # 패키지가 출력하고 그리는 글은 이 페이지의 언어를 따릅니다

net = models.MNISTConvNet()
print(net)

# %%
# 모델은 미니 배치(mini-batch), 곧 shape이 ``samples x channels x height x width``\ 인 4차원
# Tensor를 받도록 작성됩니다. ``nn.Conv2d``\ 와 ``nn.MaxPool2d``\ 는 배치 차원이 없는
# ``1 x 28 x 28`` 이미지 한 장도 받지만, ``fc1`` 앞의 ``torch.flatten(x, 1)``\ 은 0번 차원을
# 배치로 여기므로 채널 20개를 행 20개로 만들고, ``fc1``\ 은 이 입력을 받을 수
# 없습니다(:doc:`plot_lenet`\ 에서 이 오류를 직접 봅니다). 그래서 ``check_images``\ 는 배치
# 차원이 없는 이미지 한 장을 거부하고 그 이유를 알려 줍니다. 흑백 이미지 한 장은 이미지가 하나뿐인
# 배치, 곧 1 x 1 x 28 x 28로 넣습니다(이미지 한 장에 배치 차원을 더할 때는
# ``image.unsqueeze(0)``\ 을 씁니다).
image = torch.randn(1, 1, 28, 28)
out = net(image)
print(out.size())

# %%
# 이미지마다 숫자가 열 개 나옵니다. 숫자 클래스마다 점수가 하나씩입니다.
#
# 손실과 변화도
# -------------
#
# ``nn.CrossEntropyLoss``\ 는 이 점수들과 목표 클래스의 번호를 받습니다. 여기서는 이 이미지가 3이라고
# 가정합니다. 목표값(target)은 배치의 이미지마다 클래스 번호를 하나씩 담은 Tensor입니다.
target = torch.tensor([3])
loss_fn = nn.CrossEntropyLoss()
loss = loss_fn(out, target)
print(f"손실: {loss.item():.4f}")

# %%
# 아직 학습하지 않은 신경망은 모든 클래스에 거의 같은 확률, 곧 1/10을 줍니다. 그래서 손실은
# :math:`-\log(1/10) \approx 2.30`\ 에 가깝습니다. ``backward()``\ 를 한 번 호출하면 손실의 변화도가
# 신경망의 모든 가중치까지 전달됩니다. 각 매개변수는 자신의 변화도를 자신과 같은 shape으로 ``.grad``
# 속성에 담아 둡니다.
loss.backward()
print(net.conv1.weight.grad.size())

# %%
# 필터 10개, 입력 채널 1개, 필터마다 크기는 5 x 5입니다. 노름을 쓰면 가중치와 그 변화도를 각각 숫자
# 하나로 요약할 수 있습니다. ``.item()`` 메소드는 원소가 하나인 Tensor를 Python float로 바꿉니다.
# ``.data`` 속성은 필요 없으며, 쓰지 않는 편이 좋습니다. Autograd가 알아야 할 변경을 숨기기
# 때문입니다.
print(f"conv1 가중치 노름: {net.conv1.weight.norm().item():.4f}")
print(f"conv1 변화도 노름: {net.conv1.weight.grad.norm().item():.4f}")

# %%
# 마지막 계층에 ReLU가 없는 이유
# ------------------------------
#
# 이 신경망의 원래 버전은 ``F.relu(self.fc2(x))``\ 로 끝났습니다. 이 강의의 신경망은
# ``self.fc2(x)``\ 를 그대로 돌려줍니다. 부호나 크기에 제한이 없는 점수, 곧 *로짓*\ 입니다.
# ``nn.CrossEntropyLoss``\ 가 로짓에 ``log_softmax``\ 를 직접 적용하므로 활성화(activation) 함수는
# 필요 없습니다. 오히려 그 자리에 ReLU를 두면 해가 됩니다. ReLU는 음수 점수를 모두 0으로 바꾸므로
# 신경망이 틀린 클래스의 점수를 0 아래로 내릴 수 없게 되고, 입력이 음수였던 곳에서는 ReLU의 변화도도
# 0입니다. 그러면 그런 클래스에는 변화도가 전혀 전달되지 않습니다. 이미지 한 장으로 그런 클래스를
# 세어 보겠습니다.
logits = out.detach().requires_grad_()
loss_fn(F.relu(logits), target).backward()
print("음수 로짓:", (logits < 0).sum().item(), "/", logits.numel())
print("변화도가 0인 로짓:", (logits.grad == 0).sum().item())

# %%
# 실제 손글씨 숫자로 학습하기
# ---------------------------
#
# :func:`nn_tutorial.data.load_digits` 함수는 scikit-learn에 들어 있는 손글씨 숫자 1,797장을
# 돌려줍니다. 원래 크기가 8 x 8인 이미지를 이 신경망에 맞도록 28 x 28로 키웠고, 학습 데이터, 검증
# 데이터(validation set), 테스트 데이터로 나누어 두었습니다. :func:`nn_tutorial.training.fit` 함수는
# 익숙한 학습 루프(변화도를 0으로 만들기, 순전파, 손실 계산, 역전파, 갱신 한 단계)를 돌리고,
# 에폭(epoch)이 끝날 때마다 검증 데이터에서 정확도를 잽니다. 이 루프는 :doc:`plot_lenet`\ 에서
# 직접 작성해 봅니다. 아래의 선택은 모두 검증 데이터를 보고 합니다. 테스트 데이터는 마지막 측정을 위해
# 손대지 않고 남겨 둡니다. 그래야 어떤 선택에도 쓰이지 않은 숫자에서 신경망이 얼마나 잘하는지를
# 테스트 데이터가 여전히 알려 줄 수 있습니다.
device = nn_tutorial.device()  # GPU가 있으면 GPU, 없으면 CPU
train_set, val_set, test_set = data.load_digits(image_size=28)
print(f"이미지: 학습용 {len(train_set)}장, 검증용 {len(val_set)}장, 테스트용 {len(test_set)}장")

torch.manual_seed(0)
net = models.MNISTConvNet()
optimizer = torch.optim.Adam(net.parameters(), lr=2e-3)
history = training.fit(
    net, train_set, val_set, epochs=8, optimizer=optimizer, loss_fn=loss_fn, device=device
)

# %%
# 곡선을 보면 학습 데이터와 검증 데이터 모두에서 손실이 줄어들고, 검증 정확도는 한 값 근처에
# 자리를 잡습니다.
fig = plotting.plot_history(
    history,
    title="숫자 데이터로 학습한 MNISTConvNet",
)

# %%
# 같은 데이터에서 더 많이 얻기
# ----------------------------
#
# 학습 이미지 1,221장은 많지 않습니다. 비용이 적게 드는 두 가지 변화가 도움이 됩니다. 먼저
# :class:`nn_tutorial.data.RandomShift` 클래스는 학습 이미지를 최대 3픽셀까지 옮기며, 옮기는 양은
# 에폭마다 새로 정합니다. 중심에서 조금 벗어난 숫자도 여전히 같은 숫자이고, 신경망은 그 사실을
# 배웁니다. 다음으로 코사인 스케줄은 학습률(learning rate)을 0까지 부드럽게 낮추어, 마지막 에폭들이
# 작고 신중한 걸음을 내딛게 합니다. 옵티마이저(optimizer)도 AdamW로 바꿉니다. AdamW는 분리된 가중치
# 감쇠(decoupled weight decay)를 더한 Adam입니다. 변화도에 따른 갱신과 따로, 단계마다 가중치를 조금씩
# 줄여서 가중치가 쓸데없이 커지지 않게 막아 줍니다.
torch.manual_seed(0)
net = models.MNISTConvNet()
initial_filters = net.conv1.weight.detach().clone()  # 학습 후의 필터와 비교하려고 보관합니다
optimizer = torch.optim.AdamW(net.parameters(), lr=3e-3)
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=12)
history = training.fit(
    net,
    data.RandomShift(train_set, max_shift=3),
    val_set,
    epochs=12,
    optimizer=optimizer,
    loss_fn=loss_fn,
    device=device,
    scheduler=scheduler,
    log=None,
)
print(f"이동과 코사인 스케줄을 적용한 검증 정확도: {history.val_accuracy[-1]:.1%}")

# %%
# 첫 번째 계층이 배운 것
# ----------------------
#
# conv1의 필터 10개는 각각 5 x 5 크기의 패턴이며, 계층은 이 패턴을 이미지 위에서 밀어 가며
# 적용합니다. 어떤 위치에서의 반응은 그 자리의 픽셀들에 필터 값을 가중치로 곱해 더한 값입니다.
# 빨간색 가중치는 양수여서 잉크에 반응하고, 파란색 가중치는 음수여서 배경에 반응합니다. 그래서
# 빨강과 파랑이 나란히 놓인 필터는 그 방향으로 난 획의 가장자리에 반응합니다. 학습하기 전의 필터는
# 무작위 잡음입니다.
fig = plotting.plot_filters(initial_filters, title="학습 전 conv1 필터", ncols=10)

# %%
# 학습을 거치며 필터는 처음 상태에서 크게 달라졌습니다. 처음 크기에 견준 상대적인 변화량은 다음과
# 같습니다.
change = (net.conv1.weight.detach().cpu() - initial_filters).norm() / initial_filters.norm()
print(f"conv1 가중치의 상대 변화: {change.item():.0%}")

# %%
# 학습을 마친 필터는 더 매끄럽고, 몇몇은 빨간 쪽과 파란 쪽으로 나뉘었습니다. 저마다 한 방향을 맡는
# 가장자리 검출기입니다. 이 강의의 숫자 이미지는 8 x 8 크기에서 키운 것이라 획이 날카로운 선이
# 아니라 완만한 경사이고, 그런 획에는 매끄러운 필터가 잘 맞습니다.
fig = plotting.plot_filters(net.conv1.weight, title="학습 후 conv1 필터", ncols=10)

# %%
# 이 필터들이 실제 숫자를 어떻게 받아들이는지, 그리고 학습 중에 변화도가 계층을 따라 어떻게
# 움직이는지는 :doc:`plot_hooks` 강의에서 실행 중인 신경망의 내부를 들여다보며 확인합니다.
#
# 요약
# ----
#
# - PyTorch는 Lua Torch의 컨테이너를 autograd로 대신합니다. ``a + b``\ 라고 쓰면 역전파가 그 계산을
#   따라갑니다.
# - 모듈은 자신의 매개변수만 저장합니다. 패스의 상태는 그래프에 있으므로 한 계층을 여러 번 호출할 수
#   있습니다.
# - ``forward``\ 는 평범한 Python 코드입니다. 반복문, 조건문, ``breakpoint()``\ 가 모두 동작합니다.
# - ``CrossEntropyLoss``\ 는 로짓과 클래스 번호를 받습니다. 그 앞에 ReLU를 두면 음수 점수에 변화도가
#   전달되지 않습니다.
# - ``backward()``\ 를 호출하고 나면 모든 매개변수의 ``.grad``\ 에 변화도가 들어 있습니다. 노름은
#   ``.norm().item()``\ 으로 읽습니다.
# - 모델은 미니 배치를 받도록 작성됩니다. 이미지 한 장은 크기가 1인 배치로 넣습니다.
# - 숫자 1,221장으로 학습한 ``MNISTConvNet``\ 은 검증 데이터에서 약 97%의 정확도를 내고, 이동한
#   사본과 코사인 스케줄을 쓰면 조금 더 높아집니다(약 98%).
#
# 다음에 읽을 내용
# ----------------
#
# - :doc:`plot_hooks`: 순전파 훅과 역전파 훅(hook), 특징 맵(feature map), 변화도 노름
# - :doc:`plot_rnn`: 매 시간 단계(time step)마다 계층 하나를 다시 쓰는 순환 신경망

# sphinx_gallery_thumbnail_number = 3

# %%
# 연습 문제
# ---------
#
# 내려받은 노트북이나 스크립트에서 문제를 풀어 보세요. ``...`` 자리에 답을 쓰고 확인 셀을 실행하면,
# 답이 맞는지 알려 주고 틀렸다면 가장 도움이 되는 힌트를 보여 줍니다. 풀이는 보여 주지 않습니다.
# 문제마다 풀이가 이 페이지에 접혀 있으니, 먼저 풀어 본 다음 열어 보세요.
from nn_tutorial import exercises

# %%
# **1. 손으로 구하는 shape(몸풀기).** 28 x 28 이미지 한 장에 대해 ``MNISTConvNet``\ 의
# ``conv2``\ 가 풀링 전에 내는 출력의 shape ``(채널, 높이, 너비)``\ 는 무엇일까요?
#
# *힌트:* 5x5 합성곱은 4픽셀을 줄이고, ``conv1`` 뒤에는 2x2 풀링이 있습니다.
answer = ...  # 여기에 답을 쓰세요
exercises.check("convnet-conv2", answer)

# %%
# **풀이**

answer = (20, 8, 8)  # 28 -conv1-> 24 -pool-> 12 -conv2-> 8
exercises.check("convnet-conv2", answer)

# %%
# **2. 로짓으로 구하는 정확도.** 가장 큰 로짓의 위치가 레이블과 같은 행의 비율(0에서 1 사이)을
# 돌려주는 ``accuracy(logits, labels)``\ 를 작성하세요.
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
# **3. 학습 한 단계.** 미니 배치 하나에 대해 ``nn.functional.cross_entropy``\ 로 학습 루프의 단계를
# 밟고 손실을 float로 돌려주는 ``train_step(model, optimizer, x, y)``\ 를 작성하세요. 확인 셀은 이
# 함수를 연달아 두 번 부르고 변화도를 살펴봅니다.
#
# *힌트:* 다섯 줄입니다. 변화도 지우기, 순전파, 손실, 역전파, 갱신.
train_step = ...  # 여기에 답을 쓰세요
exercises.check("convnet-train-step", train_step)

# %%
# **풀이**


def train_step(model, optimizer, x, y):
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(x), y)
    loss.backward()
    optimizer.step()
    return loss.item()


exercises.check("convnet-train-step", train_step)
