r"""
ConvNet: 실행할 때 그래프가 만들어지는 ``torch.nn`` 신경망
============================================================

신경망을 처음 배울 때는 흔히 고정된 그래프를 떠올립니다. 계층과 계층 사이의 연결을 먼저 선언해
두고, 그다음에 데이터를 흘려보내는 식입니다. PyTorch는 코드를 실행하면서 그래프를 정의하는
방식(*define-by-run*)입니다. 코드가 실행되기 전에는 그래프가 없고, autograd가 순전파를 할 때마다
실제로 실행된 연산으로 그래프를 새로 기록합니다.

이 강의에서는 작은 합성곱(convolution) 신경망 ``MNISTConvNet``\ 으로 이 방식에서 무엇이 따라
나오는지 살펴봅니다. 갈래를 합칠 때는 평범한 산술을 쓰면 되고, 순전파 한 번의 상태는 모듈이 아니라
그래프에 있으며, ``forward``\ 는 일반 디버거로 한 줄씩 따라가 볼 수 있는 평범한 Python 코드입니다.
계층을 담는 컨테이너와, 계층을 담고도 아무것도 등록하지 않는 평범한 리스트를 살펴봅니다. 그리고
실제 손글씨 숫자로 이 신경망을 학습하고, 드롭아웃(dropout)과 배치 정규화(batch normalisation)가
있는 신경망에서 ``train()``\ 과 ``eval()``\ 이 무엇을 바꾸는지 보고, 첫 번째 계층이 무엇을
배웠는지 들여다봅니다.

**이 강의에서 배울 내용**

- define-by-run의 뜻: autograd는 평범한 연산을 실행되는 대로 기록하므로, 두 갈래를 합칠 때는
  ``a + b``\ 라고 쓰면 됩니다.
- 모듈이 무엇을 간직하는지(매개변수와 버퍼), 순전파 한 번의 상태는 어디에 있는지, 그리고
  ``pdb``\ 로 순전파를 디버깅하는 방법
- ``nn.Sequential``, ``nn.ModuleList``, ``nn.ModuleDict``\ 의 쓰임, 그리고 계층을 평범한 Python
  리스트에 담으면 아무것도 학습되지 않는 이유
- ``MNISTConvNet``\ 을 실행하고 ``CrossEntropyLoss``\ 로 손실을 계산한 뒤, 그 결과로 남는
  변화도를 읽는 방법
- 신경망이 ReLU가 아니라 로짓(logit)으로 끝나는 이유
- 손글씨 숫자로 신경망을 학습하는 방법과 과적합(over-fitting)이 시작되는 모습
- ``nn.Dropout``\ 과 ``nn.BatchNorm2d``\ 에서 ``train()``\ 과 ``eval()``\ 이 바꾸는 것, 그리고
  ``eval()``\ 을 잊었을 때 경고 없이 생기는 버그
- 학습된 첫 번째 계층의 필터가 어떤 모습인지
"""

# %%
# 코드가 그대로 그래프가 됩니다
# ------------------------------
#
# 정적 그래프를 쓰는 프레임워크에서는 먼저 신경망을 노드로 이루어진 그래프로 만듭니다. 갈래를
# 합치거나, 한 단계를 되풀이하거나, 두 경로 가운데 하나를 고르려면 그런 일을 맡는 특별한 노드가
# 필요하고, 데이터는 나중에 그 그래프로 흘려보냅니다. PyTorch에서는 계산식을 그대로 씁니다. 두
# 갈래를 더하고 절반으로 줄이는 계산은 ``(branch_a(x) + branch_b(x)) * 0.5``\ 입니다.
# Autograd는 연산이 실행될 때마다 하나하나 기록하므로, 역전파(backward pass)는 여러분이 어떤
# 코드를 쓰든 그 코드를 그대로 따라갑니다.
import torch
import torch.nn.functional as F
from torch import nn

torch.manual_seed(0)

x = torch.randn(2, 3)
branch_a = nn.Linear(3, 4)
branch_b = nn.Linear(3, 4)
out = (branch_a(x) + branch_b(x)) * 0.5  # 두 갈래를 더하고 절반으로: 평범한 산술입니다
print(out.grad_fn.name())  # 마지막으로 기록된 연산
print(out.grad_fn.next_functions[0][0].name())  # 그 바로 앞의 연산

# %%
# 마지막 연산은 곱셈이고, 그 앞의 연산은 덧셈입니다. 그래프는 코드에 쓴 계산 그대로입니다.
#
# **모듈이 간직하는 것.** 모듈은 옵티마이저가 학습시키는 *매개변수*\ 와, 모듈 상태의 일부이지만
# 학습되지는 않는 Tensor인 *버퍼*\ (buffer)를 담고 있습니다. 배치 정규화 계층의 이동
# 통계(running statistics)가 버퍼의 예입니다. 반면 호출 하나가 계산한 값은 간직하지 않습니다.
# 직전 순전파의 입력도, 출력도, 변화도도 남기지 않습니다. 역전파에 필요한 값은 autograd가 그
# 순전파를 기록한 그래프에 저장됩니다. ``nn.BatchNorm1d``\ 에는 두 가지 상태가 모두 있고, 학습
# 모드(기본값)로 한 번 호출하기만 해도 버퍼가 바뀝니다.
norm_layer = nn.BatchNorm1d(3)
print("매개변수:", [name for name, _ in norm_layer.named_parameters()])
print("버퍼:    ", [name for name, _ in norm_layer.named_buffers()])
print("호출 전 running_mean:", norm_layer.running_mean)
norm_layer(torch.randn(8, 3) + 5)  # 평균이 5 근처인 샘플 8개짜리 배치
print("호출 후 running_mean:", norm_layer.running_mean)

# %%
# 이동 평균이 0에서 배치 평균 쪽으로 10분의 1만큼 움직였습니다(BatchNorm의 ``momentum``
# 기본값이 0.1입니다). ``norm_layer.eval()``\ 을 부른 뒤에는 이 계층이 배치 자체의 통계 대신 이
# 이동 통계로 정규화합니다. 그래서 이런 계층이 든 신경망은 ``eval()``\ 을 부르면 출력이
# 달라집니다. 매개변수와 버퍼는 둘 다 ``state_dict()``\ 에 저장되고 ``.to(device)``\ 로 함께
# 옮겨집니다.
#
# 모듈은 호출마다 생기는 값을 간직하지 않으므로, 순전파 한 번에서 같은 계층을 여러 번 호출해도
# 안전합니다. 호출할 때마다 그래프에 그 호출의 노드가 추가될 뿐입니다. 순환 신경망(recurrent neural
# network)이 가중치를 공유하는 방법도 바로 이것입니다(:doc:`plot_rnn` 강의에서 직접 만들어
# 봅니다). 그래도 계층을 *담아 두는* 컨테이너는 있습니다(아래 "컨테이너" 절). 계층을 어떻게
# 잇는지는 ``forward`` 안의 평범한 Python 코드가 정합니다.
#
# .. note::
#
#    **Lua Torch를 써 보았다면** 그곳의 모듈은 마지막 ``output``\ 과 ``gradInput``\ 을 모듈 안에
#    저장했습니다. 그래서 순전파 한 번에서 같은 모듈을 두 번 쓰려면 모듈을 복제하고 가중치를 손수
#    공유해야 했고, 갈래를 합치려면 ``nn.ConcatTable``, ``nn.CAddTable`` 같은 테이블 모듈(또는
#    nngraph 패키지)이 필요했습니다. PyTorch에서는 ``nn.CAddTable()`` 대신 ``input1 + input2``,
#    ``nn.MulConstant(0.5)`` 대신 ``input * 0.5``\ 라고 쓰고, 호출마다 생기는 값은 그래프에
#    있습니다.
#
# **디버깅은 평범한 Python으로 합니다.** ``forward`` 메소드는 한 줄씩 실행되므로, 오류가 나면
# 트레이스백(traceback)이 나중의 "그래프 실행" 호출이 아니라 실패한 바로 그 줄을 가리키고,
# ``pdb`` 디버거는 원하는 곳에서 멈춥니다. **forward에는 어떤 Python 코드든 넣을 수 있습니다.**
# ``if``, ``while``, ``print``, ``breakpoint()`` 호출까지 모두 됩니다. 아래 모듈은
# 출력의 노름(norm)이 10에 이를 때까지 같은 계층을 되풀이해 적용하므로, 반복 횟수가 데이터에 따라
# 달라지고 입력마다 길이가 다른 그래프가 생깁니다. ``graph_nodes`` 함수는 출력에서 출발해 각
# 노드의 ``next_functions``\ 를 따라 그래프를 거슬러 가며 노드를 모읍니다.


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


def graph_nodes(tensor: torch.Tensor) -> set:
    """주어진 Tensor를 만든 그래프의 노드를, 그 grad_fn에서부터 거슬러 가며 모두 찾습니다."""
    nodes, to_visit = set(), [tensor.grad_fn]
    while to_visit:
        node = to_visit.pop()
        if node is not None and node not in nodes:
            nodes.add(node)
            to_visit.extend(parent for parent, _ in node.next_functions)
    return nodes


repeat = RepeatUntilLarge()
direction = torch.randn(1, 4)
for scale in (0.1, 2.0):  # 방향은 같고 크기만 다른 두 입력: 작은 입력과 큰 입력
    result = repeat(scale * direction)
    nodes = graph_nodes(result)
    matmuls = sum(node.name() == "AddmmBackward0" for node in nodes)
    # 가중치의 AccumulateGrad 노드(그 .variable이 가중치입니다)로 들어가는 간선:
    # backward() 때 간선마다 가중치에 변화도를 보냅니다.
    into_weight = sum(
        getattr(parent, "variable", None) is repeat.layer.weight
        for node in nodes
        for parent, _ in node.next_functions
    )
    print(f"  그래프: AddmmBackward0 노드 {matmuls}개, layer.weight로 가는 간선 {into_weight}개")
    result.sum().backward()

# %%
# 작은 입력은 큰 입력보다 더 여러 번 반복해야 하고, 순전파마다 실제로 돈 반복 횟수만큼 긴 그래프가
# 기록되었습니다. 단계마다 ``AddmmBackward0`` 노드(계층의 행렬곱에 편향을 더하는 연산)가 하나씩
# 있고, 단계마다 간선 하나가 ``layer.weight``\ 로 들어갑니다. ``backward()``\ 는 이 간선을 모두
# 따라가므로, 가중치의 변화도에는 반복문이 거친 모든 단계의 기여가 더해집니다. 반복문이 어떻게
# 생겼는지 미리 알려 줄 필요는 없었습니다. (``backward()``\ 를 두 번 호출했으므로, ``.grad`` 안의
# 값은 두 변화도를 더한 것입니다.)
#
# 컨테이너, 그리고 아무것도 등록하지 않는 리스트
# ----------------------------------------------
#
# 모듈의 속성에 다른 모듈(또는 ``nn.Parameter``)을 대입하면, 대입한 것이 그 모듈에 *등록*\ 됩니다.
# 그러면 ``parameters()``, ``state_dict()``, ``.to(device)``, ``train()``/``eval()``\ 이 모두
# 거기까지 닿습니다. 담은 계층을 등록하는 컨테이너는 세 가지입니다. ``nn.Sequential``\ 은 계층을
# 차례로 실행하기도 하고, ``nn.ModuleList``\ 는 ``forward``\ 에서 반복문으로 차례로 꺼내 쓸 계층을
# 담고, ``nn.ModuleDict``\ 는 계층에 이름을 붙여 담습니다. 평범한 Python 리스트는 이 가운데 어느
# 것도 아니고, 그 안의 계층은 모듈에게 보이지 않습니다.


class Stack(nn.Module):
    """선형 계층을 차례로 적용합니다. 계층은 컨테이너나 평범한 Python 리스트에 담깁니다."""

    def __init__(self, registered: bool) -> None:
        super().__init__()
        layers = [nn.Linear(4, 8), nn.Linear(8, 8), nn.Linear(8, 2)]
        self.layers = nn.ModuleList(layers) if registered else layers  # 차이는 이것 하나뿐입니다

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for layer in self.layers:
            x = layer(x)
        return x


in_a_list, in_a_module_list = Stack(registered=False), Stack(registered=True)
print("평범한 리스트의 매개변수:   ", len(list(in_a_list.parameters())))
print("nn.ModuleList의 매개변수:", len(list(in_a_module_list.parameters())))
print("그 state_dict:", list(in_a_module_list.state_dict()))
try:
    torch.optim.SGD(in_a_list.parameters(), lr=0.1)
except ValueError as error:
    print("평범한 리스트로 옵티마이저를 만들면:", error)

# %%
# 평범한 리스트는 모듈에 매개변수를 하나도 주지 않습니다. 옵티마이저는 빈 목록을 거부하고,
# ``state_dict()``\ 에도 아무것도 저장되지 않습니다. 그나마 운이 좋은 경우입니다. 모듈에 계층
# 하나(리스트 뒤에 오는 출력 계층)를 등록하면, 옵티마이저는 아무 말 없이 그 매개변수만 받습니다.
# 학습 한 단계를 밟아 보면 리스트 안의 계층에 무슨 일이 일어나는지 보입니다.
in_a_list.head = nn.Linear(2, 2)  # 리스트의 계층들 뒤에 오는, 등록된 계층 하나
optimizer = torch.optim.SGD(in_a_list.parameters(), lr=0.1)  # 이번에는 오류가 없습니다
first_weight = in_a_list.layers[0].weight.detach().clone()
loss = in_a_list.head(in_a_list(torch.randn(16, 4))).pow(2).mean()
loss.backward()
optimizer.step()
print("옵티마이저가 받은 매개변수:", len(list(in_a_list.parameters())))
print("리스트의 첫 계층에 변화도가 있는가:", in_a_list.layers[0].weight.grad is not None)
print("그리고 한 단계로 바뀌었는가:", not torch.equal(first_weight, in_a_list.layers[0].weight))

# %%
# 리스트 안 계층의 가중치도 변화도가 필요한 Tensor이므로 autograd는 그 변화도를 계산했지만,
# 옵티마이저는 그 계층을 모릅니다. 옵티마이저는 출력 계층만 학습하고, 리스트 안의 계층은 아무 말
# 없이 처음 가중치 그대로 남습니다. ``nn.Sequential``\ 은 같은 계층을 담고 실행까지 합니다.
# ``nn.ModuleDict``\ 는 계층에 이름을 붙여 담으므로, ``forward``\ 에서 이름으로 하나를 골라 쓸 수
# 있습니다.
print(nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2)))
heads = nn.ModuleDict({"digit": nn.Linear(8, 10), "odd_or_even": nn.Linear(8, 2)})
print("ModuleDict의 매개변수:", [name for name, _ in heads.named_parameters()])

# %%
# 컨테이너 안의 계층은 담긴 자리(순서 번호나 키)를 이름으로 씁니다. ``0.weight``\ 는 Sequential 첫
# 번째 계층의 가중치이고, ``digit.weight``\ 는 이름이 ``digit``\ 인 출력 계층의 가중치입니다. 훅과
# ``state_dict()``\ 가 이 이름을 씁니다(:doc:`plot_hooks`).
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

torch.manual_seed(0)  # 처음 가중치
net = models.MNISTConvNet()
print(net)

# %%
# 모델은 미니 배치(mini-batch)를 받도록 작성됩니다. 미니 배치는 shape이
# ``samples x channels x height x width``\ 인 4차원 Tensor입니다. ``nn.Conv2d``\ 와
# ``nn.MaxPool2d``\ 는 배치 차원이 없는 ``1 x 28 x 28`` 이미지 한 장도 받습니다. 하지만 ``fc1``
# 앞의 ``torch.flatten(x, 1)``\ 은 0번 차원을 배치로 여기므로 채널 20개를 행 20개로 바꾸고,
# ``fc1``\ 은 그런 입력을 받을 수 없습니다(이 오류는 :doc:`plot_lenet`\ 에서 직접 봅니다). 그래서
# ``check_images``\ 는 배치 차원이 없는 이미지 한 장을 거부하고 그 이유를 알려 줍니다. 흑백 이미지
# 한 장은 이미지가 하나뿐인 배치(1 x 1 x 28 x 28)로 넣습니다. 배치 차원은
# ``image.unsqueeze(0)``\ 으로 붙입니다.
image = torch.randn(1, 1, 28, 28)
out = net(image)
print(out.size())

# %%
# 이미지마다 값이 열 개 나옵니다. 숫자 클래스(0~9)마다 점수가 하나씩입니다.
#
# 손실과 변화도
# -------------
#
# ``nn.CrossEntropyLoss``\ 는 이 점수들과 목표 클래스의 번호를 받습니다. 여기서는 이 이미지가 숫자
# 3이라고 가정합니다. 목표값(target)은 배치의 이미지마다 클래스 번호를 하나씩 담은 Tensor입니다.
target = torch.tensor([3])
loss_fn = nn.CrossEntropyLoss()
loss = loss_fn(out, target)
print(f"손실: {loss.item():.4f}")

# %%
# 아직 학습하지 않은 신경망은 모든 클래스에 거의 같은 확률(1/10)을 줍니다. 그래서 손실은
# :math:`-\log(1/10) \approx 2.30`\ 에 가깝습니다. ``backward()``\ 를 한 번 호출하면 손실의 변화도가
# 신경망의 모든 가중치까지 전달됩니다. 변화도는 매개변수마다 그 매개변수와 같은 shape으로 ``.grad``
# 속성에 저장됩니다.
loss.backward()
print(net.conv1.weight.grad.size())

# %%
# 필터 10개, 입력 채널 1개, 필터마다 크기는 5 x 5입니다. 노름을 쓰면 가중치와 그 변화도를 각각 값
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
# ``self.fc2(x)``\ 를 그대로 반환합니다. 이렇게 부호나 크기에 제한이 없는 점수를 *로짓*\ 이라고
# 합니다. ``nn.CrossEntropyLoss``\ 가 로짓에 ``log_softmax``\ 를 직접 적용하므로 활성화(activation)
# 함수는 필요 없습니다. 오히려 그 자리에 ReLU를 두면 해가 됩니다. ReLU는 음수 점수를 모두 0으로
# 바꾸므로 신경망이 틀린 클래스의 점수를 0 아래로 내릴 수 없게 되고, 입력이 음수였던 곳에서는 ReLU의
# 변화도도 0입니다. 그러면 그런 클래스에는 변화도가 전혀 전달되지 않습니다. 이미지 한 장으로 그런
# 클래스를 세어 보겠습니다.
logits = out.detach().requires_grad_()
loss_fn(F.relu(logits), target).backward()
print("음수 로짓:", (logits < 0).sum().item(), "/", logits.numel())
print("변화도가 0인 로짓:", (logits.grad == 0).sum().item())

# %%
# 실제 손글씨 숫자로 학습하기
# ---------------------------
#
# :func:`nn_tutorial.data.load_digits` 함수는 scikit-learn에 들어 있는 손글씨 숫자 1,797장을
# 반환합니다. 원래 크기가 8 x 8인 이미지를 이 신경망에 맞도록 28 x 28로 키웠고, 학습 데이터, 검증
# 데이터(validation set), 테스트 데이터로 나누어 두었습니다. :func:`nn_tutorial.training.fit` 함수는
# 익숙한 학습 루프(변화도를 0으로 만들기, 순전파, 손실 계산, 역전파, 갱신 한 단계)를 돌리고,
# 에폭이 끝날 때마다 검증 데이터에서 정확도를 잽니다. 이 루프는 :doc:`plot_lenet_training`\ 에서
# 직접 작성해 봅니다. 아래에서 내리는 선택은 모두 검증 데이터를 보고 정합니다. 테스트 데이터는 마지막
# 측정을 위해 손대지 않고 남겨 둡니다. 그래야 어떤 선택에도 쓰이지 않은 숫자로 신경망이 얼마나
# 잘하는지를 제대로 잴 수 있습니다.
device = nn_tutorial.device()  # 가속기(CUDA, MPS, XPU)가 있으면 가속기, 없으면 CPU
train_set, val_set, test_set = data.load_digits(image_size=28)
print(f"이미지: 학습용 {len(train_set)}장, 검증용 {len(val_set)}장, 테스트용 {len(test_set)}장")

torch.manual_seed(0)
net = models.MNISTConvNet()
initial_filters = net.conv1.weight.detach().clone()  # 학습 후의 필터와 비교하려고 보관합니다
optimizer = torch.optim.Adam(net.parameters(), lr=2e-3)
history = training.fit(
    net, train_set, val_set, epochs=8, optimizer=optimizer, loss_fn=loss_fn, device=device
)
ratio = history.val_loss[-1] / history.train_loss[-1]
print(f"마지막 에폭: 검증 손실이 학습 손실의 {ratio:.1f}배입니다")

# %%
# 학습 손실은 에폭마다 줄어듭니다. 검증 손실은 처음 다섯 에폭 동안 줄다가 더는 나아지지 않습니다.
# 검증 손실이 두 에폭 동안 오르고 마지막 에폭에 다시 내려오는 사이, 학습 손실은 계속 줄어 검증
# 손실보다 몇 배나 낮아집니다. 신경망이 처음 보는 숫자보다 학습 이미지에 더 잘 맞기 시작한 것입니다.
# 이렇게 벌어지는 격차가 *과적합*\ 입니다. 그림에서 색칠한 부분이 이 격차이고, 세로축이 로그
# 스케일이라 같은 폭은 같은 비율을 뜻합니다. 검증 정확도는 네 번째 에폭 뒤로 95.4%에서 96.8%까지
# 천천히 오를 뿐입니다. 검증 이미지 216장에서 한 장은 0.46%포인트이므로, 이 차이는 세 장입니다. 다음
# 강의인 :doc:`plot_generalisation`\ 에서는 무엇이 격차를 좁히는지 시드 여러 개로 시험하고, 가장
# 좋은 에폭을 남깁니다.
fig = plotting.plot_history(
    history,
    title="손글씨 숫자로 학습한 MNISTConvNet",
    mark_gap=True,
)

# %%
# ``train()``\ 과 ``eval()``: 드롭아웃과 배치 정규화
# --------------------------------------------------
#
# ``MNISTConvNet``\ 은 학습할 때와 쓸 때 같은 계산을 합니다. 흔히 쓰는 두 계층은 그렇지 않습니다.
#
# - ``nn.Dropout(p)``\ 는 학습할 때 입력의 ``p``\ 만큼을 무작위로 0으로 만들고(나머지는
#   ``1 / (1 - p)``\ 배로 키웁니다), 평가할 때는 모든 입력을 그대로 내보냅니다.
# - ``nn.BatchNorm2d``\ 는 학습할 때 채널마다 지금 배치의 평균과 분산으로 정규화하고, 그러면서
#   이동 통계(버퍼)를 갱신합니다. 평가할 때는 그 이동 통계를 쓰므로, 이미지 하나의 출력이 같은
#   배치에 든 다른 이미지에 따라 달라지지 않습니다.
#
# ``model.train()``\ 과 ``model.eval()``\ 은 등록된 모든 계층의 모드(``.training``)를 정합니다.
# 다음은 ``MNISTConvNet``\ 의 합성곱마다 뒤에 배치 정규화를 넣고 마지막 계층 앞에 드롭아웃을 넣어
# ``nn.Sequential``\ 로 다시 쓴 다음, 3에폭 동안 학습한 것입니다.
torch.manual_seed(0)
bn_net = nn.Sequential(
    nn.Conv2d(1, 10, 5),
    nn.BatchNorm2d(10),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(10, 20, 5),
    nn.BatchNorm2d(20),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Flatten(),
    nn.Linear(320, 50),
    nn.ReLU(),
    nn.Dropout(0.5),
    nn.Linear(50, 10),
)
optimizer = torch.optim.Adam(bn_net.parameters(), lr=2e-3)
training.fit(
    bn_net, train_set, val_set, epochs=3, optimizer=optimizer, loss_fn=loss_fn, device=device
)
print("state_dict의 1번 계층:", [k for k in bn_net.state_dict() if k.startswith("1.")])

# %%
# state_dict에는 첫 번째 배치 정규화(Sequential의 ``1``\ 번 계층)의 매개변수 두 개(``weight``,
# ``bias``)와 버퍼 세 개가 있습니다. 버퍼는 ``running_mean``, ``running_var``, 그리고 지금까지 본
# 학습 배치의 수인 ``num_batches_tracked``\ 입니다. 버퍼는 가중치와 함께 저장하고 불러옵니다. 배치
# 정규화가 있는 모델은 불러온 뒤에도 같은 출력을 내려면 버퍼가 있어야 합니다.
#
# 학습 모드에서는 같은 이미지로 두 번 호출해도 출력이 다릅니다(호출마다 드롭아웃 마스크가 새로
# 뽑히고, 배치 통계를 씁니다). 평가 모드에서는 같습니다.
images = val_set.tensors[0][:8].to(device)
with torch.no_grad():
    bn_net.train()
    difference = (bn_net(images) - bn_net(images)).abs().max().item()
    print(f"train(): 두 호출의 차이는 최대 {difference:.3f}")
    bn_net.eval()
    difference = (bn_net(images) - bn_net(images)).abs().max().item()
    print(f"eval():  두 호출의 차이는 최대 {difference:.3f}")

# %%
# **경고 없는 버그:** ``eval()``\ **을 잊기.** ``fit``\ 은 모델을 학습 모드로 둔 채 끝납니다. 모드를
# 바꾸는 것을 잊은 평가는 드롭아웃이 켜진 채 배치 통계로 실행되고, 아무 경고도 없습니다. 그저 더
# 나쁜 값이 나올 뿐입니다. 게다가 모델도 바뀝니다. 학습 모드의 순전파는 매번 이동 통계를
# 갱신하는데, 여기서는 검증 이미지로 갱신합니다.


@torch.no_grad()
def accuracy_on(model: nn.Module, dataset) -> float:
    """데이터셋 전체에서 model의 정확도를 잽니다. 모드는 바꾸지 않고 지금 모드 그대로 잽니다."""
    images, labels = dataset.tensors
    predicted = model(images.to(device)).argmax(dim=1)
    return (predicted == labels.to(device)).float().mean().item()


bn_net.eval()
print(f"eval()을 부르면:   검증 정확도 {accuracy_on(bn_net, val_set):.1%}")
bn_net.train()  # fit이 남겨 둔 모드이자, eval()을 잊으면 남는 모드
before = bn_net[1].num_batches_tracked.item()
print(f"eval()을 잊으면:   검증 정확도 {accuracy_on(bn_net, val_set):.1%}")
after = bn_net[1].num_batches_tracked.item()
print(f"eval()을 잊은 평가가 버퍼를 바꾸었습니다: num_batches_tracked {before} -> {after}")

# %%
# ``eval()``\ 을 잊자 정확도가 몇 %포인트(검증 이미지로 열 장 넘게) 떨어졌고, 이동 통계는 검증
# 이미지 자체의 통계 쪽으로 움직였습니다. ``fit``\ 이 에폭마다 부르는
# :func:`nn_tutorial.training.evaluate`\ 는 모델을 ``eval()``\ 로 바꾸어 잰 다음 처음 모드로
# 되돌립니다. 아래 연습 문제 3에서 이런 함수를 직접 작성합니다. ``torch.no_grad()`` 안에서도 모드는
# 중요합니다. ``no_grad``\ 는 그래프 기록을 멈추고, ``eval()``\ 은 계층이 계산하는 것을 바꿉니다.
# 둘은 서로 별개입니다.
#
# 첫 번째 계층이 배운 것
# ----------------------
#
# conv1의 필터 10개는 각각 5 x 5 크기의 패턴이며, 계층은 이 패턴을 이미지 위에서 밀어 가며
# 적용합니다. 어떤 위치의 반응은 그 자리의 픽셀들에 필터 값을 가중치로 곱해 더한 값입니다.
# 빨간색 가중치는 양수여서 잉크에 반응하고, 파란색 가중치는 음수여서 배경에 반응합니다. 그래서
# 빨강과 파랑이 나란히 놓인 필터는 그 방향으로 난 획의 가장자리에 반응합니다. 학습하기 전의 필터는
# 무작위 잡음입니다.
fig = plotting.plot_filters(initial_filters, title="학습 전 conv1 필터", ncols=10)

# %%
# 위에서 8에폭 동안 학습하는 사이 필터는 처음 상태에서 크게 달라졌습니다. 처음 크기에 견준
# 변화량의 비율은 다음과 같습니다.
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
# - PyTorch는 코드를 실행하면서 그래프를 정의합니다(define-by-run). autograd가 코드가 실행되는
#   대로 연산을 기록하므로, 갈래를 합칠 때는 ``a + b``\ 라고 쓰면 되고 역전파는 실제로 실행된
#   계산을 그대로 따라갑니다.
# - 모듈은 매개변수와 버퍼(BatchNorm의 이동 통계)를 담고, 호출 하나에서 나온 값은 간직하지
#   않습니다. 순전파 한 번의 값은 그 순전파의 그래프에 있으므로 한 계층을 여러 번 호출할 수
#   있습니다.
# - ``nn.Sequential``, ``nn.ModuleList``, ``nn.ModuleDict``\ 는 담은 계층을 등록합니다. 평범한
#   Python 리스트는 하나도 등록하지 않습니다. 매개변수는 0개이고, 옵티마이저는 그 계층을 학습하지
#   않습니다.
# - ``forward``\ 는 평범한 Python 코드입니다. 반복문, 조건문, ``breakpoint()``\ 가 모두 동작하고,
#   순전파마다 실제로 실행된 만큼의 그래프가 기록됩니다.
# - ``CrossEntropyLoss``\ 는 로짓과 클래스 번호를 받습니다. 그 앞에 ReLU를 두면 음수 점수에 변화도가
#   전달되지 않습니다.
# - ``backward()``\ 를 호출하고 나면 모든 매개변수의 ``.grad``\ 에 변화도가 들어 있습니다. 노름은
#   ``.norm().item()``\ 으로 읽습니다.
# - 모델은 미니 배치를 받도록 작성됩니다. 이미지 한 장은 크기가 1인 배치로 넣습니다.
# - 손글씨 숫자 1,221장으로 학습한 ``MNISTConvNet``\ 은 검증 이미지 216장(한 장이 0.46%포인트)에서
#   정확도가 약 97%입니다. 몇 에폭이 지나면 검증 손실이 학습 손실을 따라 내려가지 않습니다. 과적합이
#   시작된 것입니다.
# - ``train()``\ 과 ``eval()``\ 은 드롭아웃과 배치 정규화가 계산하는 것을 바꿉니다. 이동 통계는
#   ``state_dict`` 안의 버퍼입니다. 여기서는 ``eval()``\ 을 잊자 경고 하나 없이 정확도가
#   7%포인트 떨어졌고, 버퍼도 바뀌었습니다.
#
# 다음에 읽을 내용
# ----------------
#
# - 다음 강의인 :doc:`plot_generalisation`: 과적합을 그림으로 보고, 격차를 좁히는 방법을 한 번에
#   하나씩 시드 여러 개로 시험하고, 가장 좋은 에폭을 남깁니다.
# - :doc:`plot_hooks`: 이 강의의 신경망에 순전파 훅(hook)과 역전파 훅을 걸어 특징 맵(feature map)과
#   변화도 노름을 봅니다.
# - :doc:`plot_rnn`: 시간 단계(time step)마다 계층 하나를 다시 쓰는 순환 신경망을 만듭니다.
# - 앞 강의인 :doc:`plot_lenet_training`: 학습 루프를 직접 작성하고, 모델을 저장합니다.

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
# **1. 손으로 구하는 shape(몸풀기).** 28 x 28 이미지 한 장을 넣으면 ``MNISTConvNet``\ 의
# ``conv2``\ 가 풀링 전에 내는 출력의 shape ``(채널, 높이, 너비)``\ 는 무엇일까요?
#
# *힌트:* 5x5 합성곱은 높이와 너비를 4픽셀씩 줄이고, ``conv1`` 뒤에는 2x2 풀링이 있습니다.
answer = ...  # 여기에 답을 쓰세요
exercises.check("convnet-conv2", answer)

# %%
# **풀이**

answer = (20, 8, 8)  # 28 -conv1-> 24 -pool-> 12 -conv2-> 8
exercises.check("convnet-conv2", answer)

# %%
# **2. 학습 한 단계.** 미니 배치 하나로 학습 루프의 한 단계를 밟고 그 손실을 float로 반환하는 함수
# ``train_step(model, optimizer, x, y)``\ 를 작성하세요. 손실은 ``nn.functional.cross_entropy``\ 로
# 계산합니다. 확인 셀은 이 함수를 미니 배치 두 개에 연달아 부르고(SGD, 학습률 0.1), 부를 때마다
# 가중치가 기대한 만큼 갱신되었는지 비교합니다.
#
# *힌트:* 다섯 줄입니다. 변화도를 0으로 만들기, 순전파, 손실 계산, 역전파, 갱신.
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

# %%
# **3. 버그 찾기:** ``eval()``\ **을 잊은 정확도 측정.** 아래 함수는 모델의 정확도를 재는데,
# 드롭아웃이나 배치 정규화가 있는 모델에서는 너무 낮은 값을 냅니다.
#
# .. code-block:: python
#
#    @torch.no_grad()
#    def accuracy_of(model, images, labels):
#        predicted = model(images).argmax(dim=1)
#        return (predicted == labels).float().mean().item()
#
# 평가 모드에서 정확도를 잰 다음 모델을 원래 모드(학습 또는 평가)로 돌려놓도록
# ``accuracy_of(model, images, labels)``\ 를 고쳐 작성하세요. 확인 셀은 ``nn.BatchNorm1d``\ 와
# ``nn.Dropout``\ 이 있는 모델로, 모드마다 한 번씩 이 함수를 부릅니다.
#
# *힌트:* 모델이 어느 모드인지는 ``model.training``\ 이 알려 주고, ``model.train(mode)``\ 가 모드를
# 정합니다.
accuracy_of = ...  # 여기에 답을 쓰세요
exercises.check("convnet-forgot-eval", accuracy_of)

# %%
# **풀이**


@torch.no_grad()
def accuracy_of(model, images, labels):
    was_training = model.training
    model.eval()
    try:
        predicted = model(images).argmax(dim=1)
        return (predicted == labels).float().mean().item()
    finally:
        model.train(was_training)  # 오류가 나더라도 들어온 모드로 되돌립니다


exercises.check("convnet-forgot-eval", accuracy_of)
