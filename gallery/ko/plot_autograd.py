r"""
Autograd: 자동 미분
===================================

신경망을 학습시킨다는 것은 모든 가중치를 손실(loss)의 변화도(gradient) 반대 방향으로 조금씩
옮기는 일입니다. 이 도함수(derivative)를 손으로 일일이 구하면 시간이 오래 걸리고 틀리기도
쉽습니다. ``torch.autograd``\ 는 Tensor에 수행한 연산을 기록해 두었다가 도함수를 대신 계산해
줍니다. PyTorch는 코드가 실행되는 동안 이 기록을 만듭니다(*define-by-run*).
그래서 코드 안의 반복문이나 ``if`` 문도 그대로 기록의 일부가 됩니다. 이 강의에서는 모든 값을
손으로 확인할 수 있을 만큼 작은 Tensor로 autograd를 실행해 봅니다.

**이 강의에서 배울 내용**

- ``requires_grad``\ 를 켜면 Tensor의 연산이 어떻게 기록되는지, 그리고 ``grad_fn``\ 이 무엇인지
- 잘 알려진 예제에서 ``x.grad``\ 가 왜 4.5인지 연쇄 법칙(chain rule)으로 유도하는 과정
- 같은 셀을 두 번 실행하면 왜 9가 나오는지, 그리고 변화도를 어떻게 비우는지
- 그래프를 두 번 거슬러 올라가야 할 때(``retain_graph=True``)와 그 대가
- 변화도가 더해지는 성질로 배치를 여러 조각(마이크로 배치)으로 나누어 학습하는 방법, 그리고 조각마다
  손실을 조각 수로 나누는 이유
- 중간 Tensor의 변화도를 ``retain_grad()``\ 로 남겨 두는 방법
- 야코비안 행렬이 무엇인지, ``backward(v)``\ 가 벡터-야코비안 곱을 어떻게 계산하는지, 그리고
  ``jacobian()``\ 이 이 곱으로 행렬 전체를 어떻게 만드는지
- ``create_graph=True``\ 로 이계 도함수(second derivative)를 구하는 방법
- ``torch.no_grad()``, ``detach()``, ``torch.inference_mode()``\ 로 기록을 끄는 방법과
  매개변수를 고정(freeze)하는 방법
- "modified by an inplace operation" 오류를 읽는 방법(어느 Tensor인지, 버전 번호가 무슨 뜻인지),
  오류를 일으킨 연산을 찾는 방법, 그리고 고치는 방법
- ``torch.autograd.Function``\ 으로 연산을 직접 정의하고 ``torch.autograd.gradcheck``\ 로 검사하는
  방법
"""

# %%
# 연산 이력을 기록하는 Tensor
# ---------------------------------
#
# ``requires_grad=True``\ 로 만든 Tensor는 그 Tensor가 쓰이는 모든 연산을 추적해 달라고 autograd에
# 요청합니다. 사용자가 직접 만든 Tensor는 그래프의 *잎(leaf) Tensor*\ 가 되며, 이 Tensor의 변화도는
# 최종적으로 ``.grad`` 속성에 저장됩니다.
import warnings

import torch
from torch import nn

from nn_tutorial import data, functions, plotting, set_language

set_language("ko")  # 패키지가 출력하고 그리는 글은 이 페이지의 언어를 따릅니다

torch.manual_seed(0)

x = torch.ones(2, 2, requires_grad=True)
print(x)

# %%
# ``x``\ 에 연산을 적용하면 어떻게 만들어졌는지 기억하는 Tensor가 나옵니다. 이 Tensor의
# ``grad_fn``\ 은 그 연산의 역전파(backward) 함수이며, 여기서는 덧셈이므로 ``AddBackward0``\ 입니다.
y = x + 2
print(y)
print(type(y.grad_fn).__name__, "| y가 잎인가:", y.is_leaf)

# %%
# 연산을 두 개 더 해 봅니다. ``z``\ 는 곱셈으로, ``out``\ 은 평균으로 만들어지며, 각각
# ``grad_fn``\ 을 기록합니다.
z = y * y * 3
out = z.mean()
print(z)
print(out)

# %%
# Autograd가 기록한 그래프
# ---------------------------
#
# 각 ``grad_fn``\ 은 입력을 만든 함수들을 가리킵니다(``next_functions``). 따라서 ``out``\ 에서
# 출발해 ``x``\ 까지 거슬러 올라갈 수 있습니다. 아래 그림은 이 경로를 그린 것입니다. 주황색은
# 역전파가 시작되는 곳이고, 초록색은 잎인 ``x``\ 입니다(``AccumulateGrad``\ 가 변화도를 ``x.grad``\ 에
# 더합니다). 화살표는 변화도가 흐르는 방향을 가리킵니다. 위에서부터 차례로 평균, 3을 곱하는 곱셈,
# ``y * y`` 곱셈, 2를 더하는 덧셈, 그리고 ``x``\ 입니다. ``y * y``\ 는 ``y``\ 를 두 번 사용하므로
# ``AddBackward0``\ 으로 가는 간선이 두 개입니다(그림의 굽은 화살표 두 개). 역전파 중에는 두 간선을
# 따라 도착한 변화도가 더해집니다.
fig = plotting.plot_autograd_graph(out, title="out = mean(3 * (x + 2)²)의 그래프", names={"x": x})

# %%
# 제자리에서 플래그 바꾸기: ``requires_grad_()``
# ------------------------------------------------
#
# Tensor는 ``requires_grad=False`` 상태로 만들어지므로, 평범한 산술 연산은 아무것도 기록하지
# 않습니다. ``requires_grad_()`` 메소드(method)는 이미 있는 Tensor의 플래그를 켭니다. 이름 끝의
# 밑줄은 PyTorch에서 *제자리(in-place)* 연산을 뜻하는 표시입니다. 같은 Tensor 객체가 바뀌고 아무것도
# 복사되지 않으며, 메소드는 바로 그 Tensor를 반환합니다.
a = torch.randn(2, 2)
a = (a * 3) / (a - 1)
print("변경 전:", a.requires_grad)
same = a.requires_grad_(True)
print("변경 후:", a.requires_grad, "| 같은 객체인가:", same is a)
b = (a * a).sum()
print(type(b.grad_fn).__name__)

# %%
# 변화도: ``x.grad``\ 가 4.5인 이유
# ------------------------------------
#
# ``out``\ 에는 값이 하나만 들어 있으므로 ``out.backward()``\ 에는 인자(argument)가 필요 없습니다.
# 이 호출은 :math:`\partial\,\mathrm{out} / \partial x`\ 를 계산해 ``x.grad``\ 에 저장합니다.
out.backward()
print(x.grad)

# %%
# 연쇄 법칙으로 계산해도 같은 값이 나옵니다. :math:`y_i = x_i + 2`\ 이고
# :math:`z_i = 3 y_i^2`\ 이면, 출력(output)은 :math:`z_i` 네 개의 평균입니다:
#
# .. math::
#
#    \mathrm{out} = \frac{1}{4} \sum_{i=1}^{4} 3 (x_i + 2)^2,
#    \qquad
#    \frac{\partial\,\mathrm{out}}{\partial x_i}
#    = \frac{1}{4} \cdot 6 (x_i + 2) \cdot 1
#    = \frac{3}{2} (x_i + 2).
#
# 모든 :math:`x_i`\ 가 1이므로 변화도의 각 원소는 :math:`\frac{3}{2} \cdot 3 = 4.5`\ 입니다.
#
# 어느 학습자가 9를 본 이유: 변화도는 누적됩니다
# ------------------------------------------------
#
# 어느 학습자의 노트북에서는 여기서 4.5가 아니라 9가 출력되었습니다. 두 가지 사실로 이를 설명할 수
# 있습니다. 첫째, 그래프는 변화도를 계산하려고 순전파 중에 일부 중간 값을 저장해 둡니다(``y * y``
# 곱셈은 ``y``\ 를 저장합니다). 그리고 ``backward()``\ 는 기본적으로 진행하면서 이 값들을 해제합니다.
# 그래서 같은 그래프로 ``backward()``\ 를 다시 호출하면 다음 오류가 나며 실패합니다:
try:
    out.backward()
except RuntimeError as error:
    print(f"RuntimeError: {error}")

# %%
# 그 노트북의 ``backward()`` 호출에는 ``retain_graph=True``\ 가 없으므로(아래에서 다룹니다), 노트북에서는
# 순전파(forward pass) 셀(``y``, ``z``, ``out``)을 다시 실행해 새 그래프를 만든 다음
# ``backward()``\ 를 또 호출했을 것입니다. 둘째, ``backward()``\ 는 새로 구한 변화도를
# ``x.grad``\ 에 이미 들어 있는 값에 **더합니다**. 여기서 그대로 해 보면 :math:`4.5 + 4.5 = 9`\ 가
# 됩니다:
y = x + 2
z = y * y * 3
out = z.mean()
out.backward()
print(x.grad)

# %%
# 덮어쓰지 않고 더하는 것은 의도된 동작입니다. 한 Tensor가 여러 곳에서 쓰이거나, 손실이 여러 부분의
# 합이어서 부분마다 따로 역전파할 때는 각 기여분을 합해야 하기 때문입니다. 학습에서도 이 성질을
# 써서, 여러 조각으로 나누어 계산한 배치로 한 번에 갱신합니다(아래 절에서 보여 줍니다). 그 대신 새
# 단계를 시작하기 전에 변화도를 직접 비워야 합니다. ``None``\ 으로 설정하거나(그러면 다음 ``backward()``\ 가
# 새 Tensor를 만들어 저장합니다), ``x.grad.zero_()``\ 로 제자리에서 0으로 채우면 됩니다.
# :doc:`plot_lenet`\ 에서 보듯이 옵티마이저(optimizer)도 ``optimizer.zero_grad()``\ 로 같은 일을
# 합니다.
x.grad = None
y = x + 2
z = y * y * 3
out = z.mean()
out.backward()
print(x.grad)

# %%
# 한 그래프를 두 번 거슬러 올라가기: ``retain_graph=True``
# --------------------------------------------------------
#
# 오류 메시지가 해결책을 알려 줍니다. ``backward(retain_graph=True)``\ 는 저장된 값을 남겨 두므로
# 그래프를 다시 거슬러 올라갈 수 있습니다. 역전파 두 번이 그래프의 일부를 공유할 때 필요합니다.
# 예를 들어 같은 중간 값 ``h``\ 로 손실 두 개를 계산하고 각각 따로 역전파하는 경우입니다(두 변화도를
# 하나씩 살펴보거나, 서로 다른 옵티마이저에 넘길 때). 첫 번째 역전파는 그래프를 남겨
# 두어야 하고, 마지막 역전파는 해제해도 됩니다.
x.grad = None
h = (x + 2) ** 2  # 두 손실이 함께 씁니다. 제곱 연산은 x + 2를 저장합니다
loss_a = h.mean()
loss_b = (3 * h).sum()
loss_a.backward(retain_graph=True)
print("loss_a 역전파 후:", x.grad[0, 0].item())
print("아직 저장된 값:", h.grad_fn._saved_self[0, 0].item())
loss_b.backward()
print("loss_b 역전파 후:", x.grad[0, 0].item())

# %%
# 대가는 메모리입니다. 그래프가 해제될 때까지 그래프가 저장한 값은 모두 메모리에 남습니다. 노드가
# 저장한 값은 ``_saved_*`` 속성으로 볼 수 있는데, 여기서는 위에서 본 ``_saved_self``, 즉 작은 Tensor
# 하나뿐입니다. 하지만 신경망에서는 모든 계층의 활성화 값이 여기에 해당하며, 학습 한 단계가 쓰는
# 메모리의 대부분을 차지할 때가 많습니다. (늘 그렇지는 않습니다. 가중치, 그 변화도, 옵티마이저의
# 상태(Adam은 가중치마다 값 두 개)를 합치면 가중치의 네 배가 되므로, 큰 모델을 작은 배치로 학습시킬
# 때는 이쪽이 더 큽니다.) 그러니 두 번째 역전파에 정말 필요할 때만 그래프를 남겨 두세요. 두
# 변화도의 합만 필요하다면 합을 역전파하면 됩니다. 역전파는 한 번이고, 그래프는 진행하면서
# 해제됩니다.
x.grad = None
h = (x + 2) ** 2
(h.mean() + (3 * h).sum()).backward()
print("합을 한 번에 역전파:", x.grad[0, 0].item())

# %%
# 일부러 더하는 변화도: 마이크로 배치
# -----------------------------------------------
#
# 합을 한 번에 역전파하려면 그래프 전체가 한꺼번에 메모리에 있어야 합니다. 배치가 너무 커서 그럴 수
# 없을 때는 반대로 합니다. 배치를 *마이크로 배치* :math:`k`\ 개로 나누고, 한 번에 마이크로 배치
# 하나씩 순전파와 역전파를 실행한 다음(그러면 메모리에는 그 조각이 저장한 값만 있습니다), 변화도가
# ``.grad``\ 에 쌓이게 두었다가 배치 전체에 대해 한 번 갱신합니다. 샘플 32개짜리 배치에서
# 평균제곱오차를 손실로 쓰는 선형 모델 ``inputs @ w``\ 로 해 봅니다. 먼저 배치 전체의 변화도를 역전파
# 한 번으로 구합니다:
inputs, targets = data.random_regression(32, 8, 1, seed=0)
torch.manual_seed(0)
w = torch.randn(8, 1, requires_grad=True)


def mse(w, inputs, targets):
    return ((inputs @ w - targets) ** 2).mean()


mse(w, inputs, targets).backward()
full_batch = w.grad.clone()

# %%
# 이제 같은 샘플 32개를 8개씩 마이크로 배치 :math:`k = 4`\ 개로 나누고, 손실을 그대로 역전파합니다.
# 변화도를 모두 더하면 배치 전체 변화도의 4배가 됩니다:
k = 4
w.grad = None
for inputs_i, targets_i in zip(inputs.chunk(k), targets.chunk(k), strict=True):
    mse(w, inputs_i, targets_i).backward()
print("누적한 변화도 / 배치 전체의 변화도:", (w.grad / full_batch).flatten())

# %%
# 손실은 *평균*\ 입니다. 제곱 오차 32개의 평균은 마이크로 배치 평균 4개의 평균, 즉
# :math:`\frac{1}{k} \sum_i \mathrm{loss}_i`\ 입니다. 그러니 마이크로 배치마다 손실을
# :math:`k`\ 로 나누어야 합니다(마이크로 배치의 크기 :math:`n_i`\ 가 서로 다르면 :math:`n_i / n`\ 을
# 곱합니다). 나누지 않으면 갱신 폭이 :math:`k`\ 배가 되어 학습률을 :math:`k`\ 배로 키운 것과 같고,
# :math:`k`\ 를 바꾸면 학습률도 바뀌는 셈입니다. :math:`1/k`\ 를 곱하면 누적한 변화도는 float32
# 반올림 오차 안에서 배치 전체의 변화도와 같고, 이 변화도로 한 번 갱신합니다. (두 변화도가 같은
# 것은 샘플마다 손실이 그 샘플에만 달려 있기 때문입니다. 배치 정규화처럼 배치 안의 샘플을 섞는
# 계층은 마이크로 배치만 보므로, 그때는 두 변화도가 비슷할 뿐 같지는 않습니다.)
w.grad = None
for inputs_i, targets_i in zip(inputs.chunk(k), targets.chunk(k), strict=True):
    loss = mse(w, inputs_i, targets_i) / k  # 배치 평균에서 이 마이크로 배치가 차지하는 몫
    loss.backward()  # w.grad에 더합니다
difference = (w.grad - full_batch).abs().max().item()
print(f"max |누적한 변화도 - 배치 전체의 변화도| = {difference:.1e}", end=", ")
print(f"가장 큰 원소 {full_batch.abs().max().item():.2f}")
with torch.no_grad():
    w -= 0.1 * w.grad  # 배치 전체에 대해 한 번 갱신합니다
w.grad = None  # 다음 배치 전에 비웁니다

# %%
# 중간 Tensor의 변화도: ``retain_grad()``
# -------------------------------------------
#
# 변화도를 ``.grad``\ 에 남기는 것은 잎 Tensor뿐입니다. ``y``\ 와 ``z``\ 는 잎이 아닌(non-leaf)
# Tensor이므로, autograd는 메모리를 아끼려고 그 변화도를 저장하지 않고 다음 연산으로 넘기기만
# 합니다(``y.grad``\ 를 읽으면 ``None``\ 과 경고가 나옵니다). 이 변화도를 보려면 역전파 전에 그
# Tensor에서 ``retain_grad()``\ 를 호출합니다. 여기서
# :math:`\partial\,\mathrm{out} / \partial z_i = 1/4`\ 이고(평균이므로)
# :math:`\partial\,\mathrm{out} / \partial y_i = \frac{1}{4} \cdot 6 y_i = 4.5`\ 입니다.
x.grad = None
y = x + 2
y.retain_grad()
z = y * y * 3
z.retain_grad()
out = z.mean()
out.backward()
print("z.grad:", z.grad)
print("y.grad:", y.grad)

# %%
# 야코비안 행렬이란?
# -------------------
#
# 지금까지 ``out``\ 은 값 하나였습니다. 출력이 여러 개인 함수에서는 출력마다 변화도가 따로 있고, 이
# 변화도들을 행으로 쌓으면 **야코비안 행렬(Jacobian matrix)**\ 이 됩니다. 입력 :math:`n`\ 개를 받아
# 값 :math:`m`\ 개를 출력하는 함수 :math:`f`\ 의 야코비안 행렬은 모든 편도함수(partial derivative)를 모은
# :math:`m \times n` 표입니다. :math:`i`\ 번째 행은 출력 :math:`i`\ 가 어떻게 변하는지를,
# :math:`j`\ 번째 열은 어느 입력이 그 변화를 일으키는지를 나타냅니다.
#
# .. math::
#
#    J = \begin{pmatrix}
#    \frac{\partial y_1}{\partial x_1} & \cdots & \frac{\partial y_1}{\partial x_n} \\
#    \vdots & \ddots & \vdots \\
#    \frac{\partial y_m}{\partial x_1} & \cdots & \frac{\partial y_m}{\partial x_n}
#    \end{pmatrix}
#
# 입력이 두 개, 출력이 세 개인 예제 :math:`f(x_1, x_2) = (x_1^2,\; x_1 x_2,\; 3 x_2)`\ 를 직접 풀어
# 봅시다. 각 출력을 각 입력으로 미분하면 다음과 같습니다:
#
# .. math::
#
#    J = \begin{pmatrix} 2 x_1 & 0 \\ x_2 & x_1 \\ 0 & 3 \end{pmatrix},
#    \qquad
#    J(2, 3) = \begin{pmatrix} 4 & 0 \\ 3 & 2 \\ 0 & 3 \end{pmatrix}.
#
# ``torch.autograd.functional.jacobian``\ 은 :math:`f`\ 의 코드에서 같은 표를 계산합니다.
# ``torch.func``\ 로도 됩니다. 함수를 조합해 쓰는 API로, 지금은 PyTorch 문서가 이쪽을 권합니다.
# ``jacrev(f)(x)``\ 는 이 행렬을, ``vjp``\ 는 다음 절의 곱을 계산하고, ``vmap``\ 은 이 둘을 배치
# 전체에 적용합니다.


def f(x):
    return torch.stack([x[0] ** 2, x[0] * x[1], 3 * x[1]])


x = torch.tensor([2.0, 3.0], requires_grad=True)
J = torch.autograd.functional.jacobian(f, x)
print(J)
print("torch.func.jacrev의 결과도 같은가:", torch.equal(torch.func.jacrev(f)(x), J))

# %%
# 벡터-야코비안 곱
# ---------------------------
#
# ``y = f(x)``\ 는 원소가 세 개이므로 그냥 ``y.backward()``\ 라고만 하면 뜻이 모호합니다.
# *무엇의* 변화도를 구하라는 것일까요? Autograd는 짐작하지 않고 오류를 냅니다.
y = f(x)
try:
    y.backward()
except RuntimeError as error:
    print("RuntimeError:", error)

# %%
# 출력마다 원소가 하나씩 있는 벡터 :math:`v`\ 를 넘겨주면(출력이 값 하나라면 이 벡터는 그냥
# 1입니다. ``out.backward()``\ 는 ``out.backward(torch.tensor(1.0))``\ 과 같습니다), autograd는
# :math:`J`\ 를 만들지 않고 역전파 한 번으로 **벡터-야코비안 곱**\ (vector-Jacobian product)
# :math:`v^\top J`\ 를 계산합니다. 그래프의 각 노드가 출력 쪽에서 도착한 벡터를 입력 쪽으로 보낼
# 벡터로 바꾸는 방식입니다. 이것이 역방향 모드(reverse mode) 자동 미분이 동작하는 방식이며, 학습에
# 필요한 것이 바로 이 값입니다. 스칼라 손실 :math:`l`\ 을 :math:`y`\ 에서 계산하고
# :math:`v = \partial l / \partial y`\ 로 두면, 연쇄 법칙에 따라 다음이 성립합니다.
#
# .. math::
#
#    v^\top J
#    = \left( \sum_i \frac{\partial l}{\partial y_i} \frac{\partial y_i}{\partial x_1},\;
#      \ldots,\; \sum_i \frac{\partial l}{\partial y_i} \frac{\partial y_i}{\partial x_n} \right)
#    = \frac{\partial l}{\partial x}.
#
# :math:`v = (1, 0.5, 2)`\ 일 때 손으로 계산하면
# :math:`(1 \cdot 4 + 0.5 \cdot 3,\; 0.5 \cdot 2 + 2 \cdot 3) = (5.5, 7)`\ 입니다.
# ``y.backward(v)``\ 와 ``v @ J``\ 의 결과가 일치합니다:
v = torch.tensor([1.0, 0.5, 2.0])
y.backward(v)
print("x.grad:", x.grad)
print("v @ J: ", v @ J)
print("일치 여부:", torch.allclose(x.grad, v @ J))

# %%
# ``jacobian()``\ 이 행렬 전체를 얻는 방법
# -----------------------------------------
#
# 그렇다면 앞에서 본 ``J``\ 는 어디서 왔을까요? ``torch.autograd.functional.jacobian``\ 은
# 벡터-야코비안 곱으로 :math:`J`\ 를 한 행씩 만듭니다. 출력마다 한 번씩
# :math:`v = e_i`\ (:math:`i`\ 번째 원소만 1이고 나머지는 0)로 계산하는데,
# :math:`e_i^\top J`\ 가 바로 :math:`J`\ 의 :math:`i`\ 번째 행이기 때문입니다. 아래 반복문은 같은
# 일을 ``torch.autograd.grad``\ 로 합니다. 이 함수는 변화도를 ``x.grad``\ 에 더하지 않고 반환합니다.
# 역전파 세 번이 한 그래프를 지나므로 ``retain_graph=True``\ 가 필요합니다. 출력이 백만 개인
# 함수라면 역전파도 백만 번 해야 합니다. 학습에서 값 하나, 즉 손실을 미분하는 이유가 여기에
# 있습니다. 손실의 변화도는 벡터-야코비안 곱 한 번으로 구해집니다.
y = f(x)
rows = []
for e_i in torch.eye(3):
    (row,) = torch.autograd.grad(y, x, e_i, retain_graph=True)
    rows.append(row)
print(torch.stack(rows))
print("jacobian()과 일치 여부:", torch.equal(torch.stack(rows), J))

# %%
# 그래프는 데이터에 따라 달라질 수 있습니다. 아래에서는 ``y``\ 의 노름(norm)이 1000을 넘을 때까지
# ``y``\ 에 2를 곱하므로, 곱셈이 몇 번 기록될지는 무작위로 정한 ``x``\ 에 달려 있습니다. 곱한 횟수
# :math:`k`\ 가 얼마이든 야코비안 행렬은 :math:`2^k I`\ 이고(각 출력은 해당 입력에 :math:`2^k`\ 를 곱한
# 값입니다), 따라서 벡터-야코비안 곱은 :math:`2^k v`\ 입니다.
x = torch.randn(3, requires_grad=True)
y = x * 2
k = 1
while y.norm() < 1000:
    y = y * 2
    k += 1
print(f"2를 {k}번 곱함, y = {[round(value, 1) for value in y.tolist()]}")

v = torch.tensor([0.1, 1.0, 0.0001])
y.backward(v)
print("x.grad:", x.grad)
print(f"2**{k} * v:", 2**k * v)

# %%
# 이계 도함수: ``create_graph=True``
# -----------------------------------------
#
# 역전파도 하나의 계산이므로 autograd는 이것도 기록할 수 있습니다. ``create_graph=True``\ 를 주면
# 반환된 변화도에 ``grad_fn``\ 이 있어서 이를 다시 미분할 수 있습니다. :math:`y = x^3`\ 의 도함수는
# :math:`3x^2`\ 이고 이계 도함수는 :math:`6x`\ 입니다. (:math:`y_i`\ 는 :math:`x_i`\ 에만 달려 있으므로
# ``y.sum()``\ 의 변화도에는 :math:`dy_i / dx_i`\ 가 모두 들어 있습니다.)
x = torch.tensor([-1.0, 0.5, 2.0], requires_grad=True)
y = x**3
(dy_dx,) = torch.autograd.grad(y.sum(), x, create_graph=True)
(d2y_dx2,) = torch.autograd.grad(dy_dx.sum(), x)
print("dy/dx:   ", dy_dx)
print("3x²:     ", 3 * x.detach() ** 2)
print("d²y/dx²: ", d2y_dx2)
print("6x:      ", 6 * x.detach())

# %%
# ``create_graph=True``\ 가 없으면 역전파는 기록되지 않습니다. 변화도는 이력이 없는 평범한
# Tensor이고, 이를 다시 미분하려 하면 실패합니다. 기록된 역전파는 변화도 자체가 미분할 대상의
# 일부일 때 필요합니다. *변화도 페널티*\ (gradient penalty)는 변화도의 노름을 손실에 더하고(WGAN-GP가
# 그렇습니다), 뉴턴 방법(Newton's method)과 헤세 행렬-벡터 곱(Hessian-vector product)은 이계 도함수를
# 쓰며, 메타 학습(meta-learning)은 학습 단계 전체를 거슬러 미분합니다. 기록된 역전파도 메모리를
# 차지하며, ``create_graph=True``\ 는 ``retain_graph=True``\ 처럼 그래프도 남겨 둡니다.
(dy_dx,) = torch.autograd.grad((x**3).sum(), x)
print("create_graph 없이: requires_grad", dy_dx.requires_grad, "| grad_fn", dy_dx.grad_fn)
try:
    torch.autograd.grad(dy_dx.sum(), x)
except RuntimeError as error:
    print(f"RuntimeError: {error}")

# %%
# 기록 끄기
# -----------------------
#
# 기록에는 메모리와 시간이 듭니다. 또 가중치를 갱신하는 연산 자체나 검증 데이터 또는 테스트
# 데이터에서 정확도를 재는 계산처럼, 그래프에 들어가면 안 되는 계산도 있습니다.
# ``with torch.no_grad():`` 블록 안에서는 변화도가 필요한 Tensor에 대한 연산이라도 아무것도 기록되지
# 않습니다.
print((x**2).requires_grad)
with torch.no_grad():
    print((x**2).requires_grad)

# %%
# ``detach()``\ 는 Tensor 하나에 대해 같은 일을 합니다. 값이 같고 메모리도 공유하지만 그래프에서는
# 떨어져 나온 Tensor를 반환합니다. 변화도를 전혀 모르는 NumPy나 matplotlib에 값을 넘길 때 흔히
# 씁니다. 메모리를 공유하는 데는 함정이 있습니다. 어느 쪽에서든 제자리에서 바꾸면 양쪽 모두에
# 보이는데, 이것이 역전파를 어떻게 망가뜨리는지는 다음 절에서 봅니다.
x_detached = x.detach()
print(x_detached.requires_grad, "| 값이 같은가:", torch.equal(x, x_detached))
print("메모리가 같은가:", x_detached.data_ptr() == x.data_ptr())
print(x_detached.numpy().round(4))

# %%
# 제자리 변경이 ``backward()``\ 를 망가뜨릴 때
# ---------------------------------------------
#
# 변화도를 계산하려고 여러 연산이 순전파 중에 Tensor를 저장합니다. :math:`e^x`\ 의 도함수는
# :math:`e^x`\ 이므로 ``exp``\ 는 결과를 저장합니다. 나중에 그 결과를 제자리에서 바꾸면 저장된 값이
# 틀려지고, 역전파는 아무 말 없이 틀린 변화도를 계산할 것입니다. Autograd는 *버전 카운터*\ 로 이를
# 막습니다. 모든 Tensor에는 버전 카운터가 있고(내부 속성 ``_version``\ 인데, 여기서는 동작을 보려고
# 읽어 봅니다), 제자리 연산마다 1씩 늘어나며, 저장된 Tensor는 저장될 때의 버전을 기억합니다.
# 제자리에서 두 번 바꾼 다음 역전파해 봅니다:
x = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
y = x.exp()  # exp는 역전파에 쓰려고 결과 y를 저장합니다
print("exp 후:  버전", y._version)
y.add_(1)
print("add_ 후: 버전", y._version)
y.mul_(2)
print("mul_ 후: 버전", y._version)
try:
    y.sum().backward()
except RuntimeError as error:
    print(f"RuntimeError: {error}")

# %%
# 이 "modified by an inplace operation" 오류는 학습자가 가장 자주 만나는 오류 가운데 하나입니다.
# 한 부분씩 읽어 봅니다:
#
# - ``[torch.FloatTensor [3]]``\ 은 바뀐 Tensor의 자료형과 shape입니다. shape이 ``(3,)``\ 인 float32
#   Tensor, 즉 ``y``\ 입니다.
# - ``which is output 0 of Exp``\ 는 이 Tensor가 어느 연산의 출력인지 알려 줍니다. 여기서는
#   ``exp``\ 의 첫 번째(이자 유일한) 출력입니다. 순전파 코드에서 이 연산을 찾고, 그 뒤에 결과를
#   제자리에서 바꾸는 곳을 찾아보세요.
# - ``is at version 2; expected version 0 instead``\ 는 Tensor가 버전 0일 때 저장되었는데 지금은
#   버전 2라는 뜻입니다. 그 차이가 저장 후에 실행된 제자리 연산의 수, 즉 ``add_``\ 와 ``mul_``\ 입니다.
# - 힌트: 실제 모델에서는 그 연산이 코드의 어디에서 실행되었는지 메시지가 알려 주지 않습니다.
#   *이상 감지*\ (anomaly detection)가 알려 줍니다. ``torch.autograd.set_detect_anomaly(True)``\ 를
#   켜면 순전파의 연산마다 그 연산을 실행한 줄의 트레이스백을 기록해 두었다가, 역전파 단계가
#   실패하면 그 트레이스백을 경고로 보여 줍니다. 모든 연산이 느려지므로 학습할 때가 아니라 버그를
#   찾을 때만 켜세요.
#
# 경고를 잡아서 첫 줄과 경고가 가리키는 코드 줄을 출력합니다:
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    with torch.autograd.set_detect_anomaly(True):
        y = x.exp()
        y.add_(1)
        try:
            y.sum().backward()
        except RuntimeError as error:
            print("이제 오류의 힌트:", str(error).split("Hint: ")[1])
forward_trace = str(caught[0].message).split(" (Triggered internally")[0].splitlines()
print(forward_trace[0])
print("가리키는 줄:", forward_trace[-1].strip())

# %%
# 고치려면 저장된 Tensor를 건드리지 않으면 됩니다. 연산을 제자리가 아닌 형태로 쓰면
# (``y.add_(1)`` 대신 ``y = y + 1``) 새 Tensor가 만들어지고 ``y``\ 는 ``exp``\ 가 저장한 그대로
# 남습니다. 또는 ``.clone()``\ 으로 만든 복사본을 바꿉니다. 두 방법 모두 :math:`2(e^x + 1)`\ 을
# 계산하고, 그 변화도 :math:`2e^x`\ 를 구합니다:
y = x.exp()
out_of_place = (y + 1) * 2  # 새 Tensor들입니다. y는 버전 0 그대로입니다
(gradient_out_of_place,) = torch.autograd.grad(out_of_place.sum(), x)
y = x.exp()
changed_copy = y.clone()
changed_copy.add_(1).mul_(2)  # 복사본을 바꿉니다. y는 버전 0 그대로입니다
(gradient_clone,) = torch.autograd.grad(changed_copy.sum(), x)
print("제자리가 아닌 연산:", gradient_out_of_place)
print("clone:             ", gradient_clone)
print("2 e^x:             ", 2 * x.detach().exp())

# %%
# 제자리 변경이 모두 실패하지는 않습니다. 저장되었고 아직 필요한 Tensor를 바꿀 때만 실패합니다.
# ``x * 2``\ 는 결과를 저장하지 않으므로(도함수가 상수 2입니다) 그 결과에 제자리에서 더해도
# 괜찮습니다. 하지만 떼어 낸 Tensor는 원래 Tensor와 메모리뿐 아니라 버전 카운터도 공유합니다.
# ``detach()``\ 를 거쳐 ``exp``\ 의 결과를 0으로 만드는 것도 저장된 Tensor를 바꾸는 것이므로, 역전파가
# 같은 오류로 실패합니다.
doubled = x * 2
doubled.add_(1)  # doubled를 저장한 연산이 없으므로 허용됩니다
doubled.sum().backward()
print("x * 2 다음 add_(1): 역전파 성공, x.grad =", x.grad)
y = x.exp()
y.detach().zero_()  # 떼어 낸 Tensor를 통해 바꿉니다. 메모리도 버전 카운터도 같습니다
print("detach().zero_() 후의 exp(x):", y, "| 버전", y._version)
try:
    y.sum().backward()
except RuntimeError as error:
    print("RuntimeError: ...", str(error).split("inplace operation: ")[1].split(" Hint")[0])

# %%
# 추론 모드: ``torch.inference_mode()``
# ------------------------------------------
#
# ``torch.inference_mode()``\ 는 ``no_grad()``\ 를 더 엄격하게 만든 것으로, 변화도가 전혀 필요 없는
# 코드(예: 학습을 마친 모델로 예측만 하는 코드)에 씁니다. 관리 작업을 더 많이 생략하므로(이 안에서
# 만든 Tensor에는 버전 카운터가 없습니다) 더 빠를 수 있습니다. 대신 이 안에서 만든 Tensor는
# *추론(inference) Tensor*\ 가 되며, 추론 모드 밖에서는 세 가지가 금지됩니다. 역전파를 위해
# **저장**\ 할 수 없고(autograd는 저장한 값의 버전을 확인하는데, 추론 Tensor에는 버전이 없습니다),
# **제자리에서 바꿀** 수 없고, **변화도가 필요하도록** 바꿀 수도 없습니다. ``no_grad()`` 안에서
# 만든 결과는 평범한 Tensor입니다.
with torch.no_grad():
    doubled_no_grad = x * 2
with torch.inference_mode():
    doubled_inference = x * 2
print("no_grad:        requires_grad", doubled_no_grad.requires_grad, end=", ")
print("추론 Tensor", doubled_no_grad.is_inference())
print("inference_mode: requires_grad", doubled_inference.requires_grad, end=", ")
print("추론 Tensor", doubled_inference.is_inference())

# %%
# 두 결과 모두 기록되는 계산에 쓸 수 있습니다. 단, autograd가 추론 Tensor를 저장할 필요가 없어야
# 합니다. 덧셈은 아무것도 저장하지 않으므로(:math:`w + t`\ 를 :math:`w`\ 로 미분하면 1입니다)
# ``w + doubled_inference``\ 는 됩니다. 곱셈은 곱하는 다른 쪽 값을 저장해야 하므로(:math:`w t`\ 를
# :math:`w`\ 로 미분하면 :math:`t`\ 입니다), ``no_grad()``\ 의 결과로는 되지만 추론 Tensor로는
# 실패합니다.
w = torch.ones(3, requires_grad=True)
(w + doubled_inference).sum().backward()
print("w + 추론 Tensor,    w.grad:", w.grad)
w.grad = None
(w * doubled_no_grad).sum().backward()
print("w * no_grad의 결과, w.grad:", w.grad)
try:
    (w * doubled_inference).sum().backward()
except RuntimeError as error:
    print(f"RuntimeError: {error}")

# %%
# 나머지 두 제한, 즉 제자리 변경과 ``requires_grad`` 켜기도 확인해 봅니다:
try:
    doubled_inference.add_(1)
except RuntimeError as error:
    print(f"RuntimeError: {error}")
try:
    doubled_inference.requires_grad_()
except RuntimeError as error:
    print(f"RuntimeError: {error}")

# %%
# 매개변수 고정하기: ``requires_grad_(False)``
# ----------------------------------------------
#
# 모델의 일부만 학습시키고 나머지는 그대로 두려면(예를 들어 학습을 마친 신경망의 마지막 계층만 미세
# 조정(fine-tuning)하려면), 고정할 매개변수(parameter)의 플래그를 끕니다. ``nn.Module``\ 의
# ``requires_grad_``\ 는 그 모듈의 모든 매개변수에 플래그를 설정합니다. 그러면 autograd는 이
# 매개변수에 대해 아무것도 기록하지 않습니다. ``.grad``\ 는 ``None``\ 으로 남고, 변화도를 계산하는
# 시간도 들지 않습니다. 옵티마이저에는 여전히 변화도가 필요한 매개변수만 넘기세요.
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 1))
net[0].requires_grad_(False)  # 첫 번째 계층을 고정합니다
loss = net(torch.randn(8, 4)).pow(2).mean()
loss.backward()
print("net[0].weight.grad:", net[0].weight.grad)
print("net[2].weight.grad:", net[2].weight.grad)
trainable = [p for p in net.parameters() if p.requires_grad]
print(f"학습되는 Tensor: {len(trainable)}개 (전체 {len(list(net.parameters()))}개)")

# %%
# 연산 직접 정의하기: ``torch.autograd.Function``
# -----------------------------------------------
#
# Autograd는 PyTorch 연산을 어떻게 조합해도 미분해 주지만, 식을 그대로 미분한 결과가 늘 원하는
# 도함수인 것은 아닙니다. 매끄러운 ReLU라 할 수 있는 softplus(:math:`\log(1 + e^x)`)를 예로 들어
# 봅시다. PyTorch에는 이미 안정적이고 정확한 softplus가 있습니다. ``torch.nn.functional.softplus``\ 나
# ``torch.logaddexp(x, 0)``\ 이며, 실제 코드에서는 이것을 쓰세요. 여기서 다시 만드는 것은 문제가 눈에
# 잘 보이는 함수로 ``torch.autograd.Function``\ 을 배우기 위해서일 뿐입니다.
#
# 식 그대로 작성하면 softplus는 오버플로가 일어납니다. 32비트 부동소수점에서 :math:`e^{100}`\ 은
# ``inf``\ 이므로 값은 ``inf``, 변화도는 ``nan``\ 이 됩니다. Autograd는 도함수의 식
# :math:`e^x / (1 + e^x)`\ 를 계산하지 않고 연쇄를 따라갑니다. 로그의 역전파는 지수 함수 쪽으로
# :math:`1 / (1 + e^x)`\ 를 보내는데, :math:`x = 100`\ 에서 이 값은 0입니다. 지수 함수의 역전파는
# 여기에 ``inf``\ 인 :math:`e^x`\ 를 곱하고, :math:`0 \cdot \infty`\ 는 ``nan``\ 입니다. 지수 함수
# 출력의 변화도를 남겨 두면(``retain_grad()``) 두 인수를 모두 볼 수 있습니다:
points = torch.tensor([-10.0, 0.0, 100.0], requires_grad=True)
exp_points = torch.exp(points)
exp_points.retain_grad()
naive = torch.log(1 + exp_points)
naive.sum().backward()
print("log(1 + exp(x)):                     ", naive.detach())
print("exp(x)에 도착한 변화도 1 / (1 + e^x):", exp_points.grad)
print("여기에 곱하는 exp(x)의 도함수 e^x:   ", exp_points.detach())
print("x의 변화도, 즉 두 값의 곱:           ", points.grad)

# %%
# 안정적으로 고쳐 쓴 식 :math:`\max(x, 0) + \log(1 + e^{-|x|})`\ 는 오버플로가 없지만, 0에서 꺾이는
# 두 조각으로 이루어져 있어 그 지점에서 autograd가 조각별로 구한 도함수는 참값 0.5가 아니라 1입니다.
# 도함수는 :math:`\sigma(x) = 1 / (1 + e^{-x})`\ 라는 닫힌 형태로 알려져 있으므로, 연산을 직접
# 작성합니다. ``torch.autograd.Function``\ 을 상속해 두 메소드를 정의합니다. ``forward``\ 는 값을
# 계산하고 역전파에 필요한 것을 ``ctx.save_for_backward``\ 로 저장하며, ``backward``\ 는 출력의
# 변화도를 받아 입력의 변화도를 반환합니다. 이 클래스는 :mod:`nn_tutorial.functions`\ 에 있습니다:
#
# .. literalinclude:: ../../../src/nn_tutorial/functions.py
#    :pyobject: Softplus
#
# ``functions.softplus``\ 는 ``Softplus.apply``\ 를 호출합니다. ``apply``\ 는 ``forward``\ 를
# 실행하고, 우리가 쓴 ``backward``\ 를 그래프에 노드 하나로 기록합니다:
points.grad = None
stable = functions.softplus(points)
stable.sum().backward()
print("Softplus:", stable.detach(), "변화도", points.grad)
print(type(stable.grad_fn).__name__)

# %%
# PyTorch의 softplus도 같은 값과 변화도를 냅니다:
builtin = nn.functional.softplus(points)
(builtin_gradient,) = torch.autograd.grad(builtin.sum(), points)
print("torch.nn.functional.softplus:", builtin.detach(), "변화도", builtin_gradient)

# %%
# -10에서는 우리 값이 자릿수를 모두 지키는 반면, ``log(1 + exp(x))``\ 는 몇 자리를 잃었습니다.
# :math:`e^{-10}`\ 에 1을 더하면서 유효 숫자 대부분이 반올림되어 사라지기 때문입니다. 손으로 작성한
# ``backward``\ 는 새로운 오류가 숨어들 자리이기도 합니다. ``torch.autograd.gradcheck``\ 는
# 입력의 원소마다 유한 차분 :math:`(f(x + \epsilon) - f(x - \epsilon)) / 2\epsilon`\ 을 계산해
# ``backward``\ 의 결과와 비교하고, 둘이 일치하는지 알려 줍니다. 이 검사에는
# 배정밀도(double precision)가 필요합니다. 32비트 부동소수점에서는 차분의 반올림 오차가 재려는
# 값만큼 커지기 때문입니다. 안정적으로 고쳐 쓴 식은 앞에서 말한 이유로 0에서 검사를 통과하지
# 못하고, 우리의 ``Softplus``\ 는 통과합니다.


def stable_rewrite(x):
    return x.clamp(min=0) + torch.log1p(torch.exp(-x.abs()))


inputs = torch.tensor([-3.0, -0.5, 0.0, 0.5, 3.0], dtype=torch.float64, requires_grad=True)
for function in [stable_rewrite, functions.softplus]:
    passed = torch.autograd.gradcheck(function, (inputs,), raise_exception=False)
    print(f"{function.__name__}: gradcheck 통과 = {passed}")

# %%
# 요약
# -------
#
# - ``requires_grad=True``\ 인 Tensor에 적용한 연산은 기록되며, 각 결과의 ``grad_fn``\ 은 그 결과를
#   만든 연산으로 거슬러 연결됩니다.
# - ``backward()``\ 는 연쇄 법칙으로 이 그래프를 거슬러 올라가며 변화도를 잎의 ``.grad``\ 에
#   저장합니다. ``x = 1``\ 에서 ``mean(3 * (x + 2)²)``\ 의 변화도는
#   :math:`\frac{3}{2}(x+2) = 4.5`\ 입니다.
# - 변화도는 **누적됩니다**. 순전파와 역전파를 한 번 더 하면 9가 됩니다. 각 단계를 시작하기 전에
#   ``x.grad = None``\ 이나 ``x.grad.zero_()`` (옵티마이저의 ``zero_grad()``)로 비워 주세요.
# - ``backward()``\ 는 그래프가 저장한 값을 해제합니다. ``retain_graph=True``\ 는 두 번째 역전파를
#   위해 이 값을 남겨 두며, 그만큼 메모리를 차지합니다. ``retain_grad()``\ 는 잎이 아닌 Tensor의
#   변화도를 남겨 둡니다.
# - 야코비안 행렬은 출력이 여러 개인 함수의 편도함수를 모두 모은 표입니다. ``y.backward(v)``\ 는
#   :math:`J`\ 를 만들지 않고 :math:`v^\top J`\ 를 계산하며,
#   ``torch.autograd.functional.jacobian``\ 은 출력마다 이 곱을 한 번씩 계산해 :math:`J`\ 를
#   만듭니다.
# - 일부러 누적하기: 배치를 마이크로 배치 :math:`k`\ 개로 나누어 손실마다 :math:`k`\ 로 나누고
#   차례로 역전파하면, 배치 전체의 변화도를 얻어 한 번 갱신할 수 있습니다.
# - ``create_graph=True``\ 는 역전파를 기록하므로 변화도를 다시 미분할 수 있습니다.
#   :math:`d^2(x^3)/dx^2 = 6x`\ 입니다.
# - ``torch.no_grad()``\ 와 ``detach()``\ 는 계산이 그래프에 들어가지 않게 합니다(떼어 낸 Tensor는
#   원래 Tensor와 메모리와 버전 카운터를 공유합니다). ``torch.inference_mode()``\ 는 한발 더
#   나아갑니다. 그 안에서 만든 Tensor는 나중에 역전파를 위해 저장하거나, 제자리에서 바꾸거나,
#   변화도가 필요하도록 바꿀 수 없습니다. ``requires_grad_(False)``\ 는 매개변수를 고정합니다.
# - "modified by an inplace operation ... is at version N; expected version M"은 역전파에 필요한
#   Tensor가 저장된 뒤에 제자리에서 :math:`N - M`\ 번 바뀌었다는 뜻입니다. 메시지는 그 Tensor의
#   shape과 그것을 출력한 연산을 알려 주고, ``torch.autograd.set_detect_anomaly(True)``\ 는 코드의
#   줄을 가리킵니다. 제자리가 아닌 연산으로 쓰거나 ``.clone()``\ 한 복사본을 바꿔서 고칩니다.
# - ``torch.autograd.Function``\ 은 역전파를 직접 작성한 연산을 정의하며,
#   ``torch.autograd.gradcheck``\ 는 그 역전파를 배정밀도로 검사합니다. (softplus 자체가 필요하면
#   ``torch.nn.functional.softplus``\ 를 쓰세요.)
#
# 다음에 읽을 내용
# -----------------
#
# :doc:`plot_autograd_mlp`\ 에서는 autograd를 실제로 활용합니다. 평범한 Tensor로 작성한 2계층
# 신경망을 ``loss.backward()``\ 와 손으로 쓴 갱신으로 학습시키고, 변화도를 연쇄 법칙으로 구한 값과
# 비교한 다음, 같은 모델을 ``torch.nn``\ 과 ``torch.optim``\ 으로 다시 만듭니다.

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
# **1. 역전파 두 번(몸풀기).** ``x = torch.tensor(2.0, requires_grad=True)``\ 와
# ``y = 3 * x**2``\ 에서 아무것도 0으로 만들지 않고 ``y.backward(retain_graph=True)``\ 를 부른 다음
# ``y.backward()``\ 를 또 부릅니다. 실행하기 전에 ``x.grad``\ 를 예측해 보세요.
#
# *힌트:* 도함수는 :math:`6x`\ 입니다. ``.grad``\ 에 이미 값이 있을 때 ``backward``\ 가 어떻게 하는지
# 생각해 보세요.
answer = ...  # 여기에 답을 쓰세요
exercises.check("autograd-accumulate", answer)

# %%
# **풀이**

x = torch.tensor(2.0, requires_grad=True)
y = 3 * x**2
y.backward(retain_graph=True)
y.backward()
answer = x.grad.item()
print(answer)
exercises.check("autograd-accumulate", answer)

# %%
# **2. 벡터-야코비안 곱.** ``x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)``\ 와 함수
# :math:`f(x) = (x_0 x_1,\; x_1 + x_2^2)`\ 에 대해, ``v = torch.tensor([1.0, 0.5])``\ 로
# :math:`v^\top J`\ 를 ``torch.autograd.functional.jacobian``\ 을 써서 구하세요. 이 값은
# ``f(x).backward(v)``\ 가 남기는 ``x.grad``\ 와 같습니다.
#
# *힌트:* ``J``\ 는 출력마다 행 하나, 입력마다 열 하나입니다.
answer = ...  # 여기에 답을 쓰세요
exercises.check("autograd-vjp", answer)

# %%
# **풀이**


def f(x):
    return torch.stack([x[0] * x[1], x[1] + x[2] ** 2])


x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
v = torch.tensor([1.0, 0.5])
J = torch.autograd.functional.jacobian(f, x)
answer = v @ J
print(answer)
exercises.check("autograd-vjp", answer)

# %%
# **3. 직접 만드는 backward.** ``forward``\ 는 :math:`x^2`\ 을 반환하고 ``backward``\ 는 변화도를
# 직접 계산해 반환하는 ``torch.autograd.Function``\ 인 ``Square``\ 를 작성하세요. 확인 셀은 여기에
# ``torch.autograd.gradcheck``\ 를 실행합니다.
#
# *힌트:* ``ctx.save_for_backward``\ 로 ``x``\ 를 저장하고, ``grad_output``\ 에 도함수를 곱하세요.
Square = ...  # 여기에 답을 쓰세요
exercises.check("autograd-square", Square)

# %%
# **풀이**


class Square(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * 2 * x


exercises.check("autograd-square", Square)

# %%
# **4. 버그 찾기: 제자리 변경.** ``residual_with_bug``\ 는 잔차 연결(residual connection)
# :math:`\mathrm{relu}(x) + x`\ 를 계산하지만, 역전파가 "modified by an inplace operation"으로
# 실패합니다. 출력된 오류를 읽어 보세요. 어느 Tensor가 바뀌었고, 그것은 어느 연산의 출력인가요? 그런
# 다음, 값은 같으면서 역전파도 제대로 되어 올바른 변화도를 내는 ``residual(x)``\ 를 작성하세요. 확인 셀은
# 양수와 음수 원소가 섞인 Tensor로 함수를 실행해 값과 변화도를 :math:`\mathrm{relu}(x) + x`\ 의 값과
# 변화도와 비교합니다.
#
# *힌트:* 이 강의에서 본 두 가지 해결 방법 모두 통합니다.


def residual_with_bug(x):
    h = torch.relu(x)
    h += x  # 잔차 연결을 제자리에서 더합니다
    return h


try:
    residual_with_bug(torch.tensor([-1.0, 0.5, 2.0], requires_grad=True)).sum().backward()
except RuntimeError as error:
    print(f"RuntimeError: {error}")

residual = ...  # 여기에 답을 쓰세요
exercises.check("autograd-inplace-bug", residual)

# %%
# **풀이**


def residual(x):
    # 오류는 "output 0 of Relu"가 버전 0이 아니라 1이라고 알려 줍니다. relu는 역전파에 쓰려고
    # 출력을 저장하는데(출력이 양수인 곳에서 도함수가 1입니다), h += x가 그 출력을 제자리에서
    # 바꿨습니다. 제자리가 아닌 덧셈은 새 Tensor를 만들고 relu의 출력을 저장된 그대로 둡니다.
    # (복사본도 됩니다. h = torch.relu(x).clone() 다음에 h += x.)
    return torch.relu(x) + x


x = torch.tensor([-1.0, 0.5, 2.0], requires_grad=True)
residual(x).sum().backward()
print("변화도:", x.grad)  # x < 0인 곳에서 1, x > 0인 곳에서 2
exercises.check("autograd-inplace-bug", residual)
