r"""
Autograd: 자동 미분
===================================

신경망(neural network)을 학습(training)시킨다는 것은 모든 가중치(weight)를 손실(loss)의
변화도(gradient) 반대 방향으로 조금씩 옮기는 일입니다. 이 도함수(derivative)를 손으로 일일이 구하면
시간이 오래 걸리고 실수하기도 쉽습니다. ``torch.autograd``\ 는 tensor에 수행한 연산을 기록해 두었다가
도함수를 대신 계산해 줍니다. PyTorch는 코드가 실행되는 동안 이 기록을 만듭니다(*define-by-run*).
그래서 코드 안의 반복문이나 ``if`` 문도 그대로 기록의 일부가 됩니다. 이 강의에서는 모든 숫자를
손으로 확인할 수 있을 만큼 작은 tensor로 autograd를 실행해 봅니다.

**이 강의에서 배울 내용**

- ``requires_grad``\ 를 켜면 tensor의 연산이 어떻게 기록되는지, 그리고 ``grad_fn``\ 이 무엇인지
- 잘 알려진 예제에서 ``x.grad``\ 가 왜 4.5인지 (연쇄 법칙(chain rule)으로 유도합니다)
- 같은 셀을 두 번 실행하면 왜 9가 나오는지, 그리고 변화도를 어떻게 비우는지
- 야코비안(Jacobian)이 무엇인지, 그리고 ``backward(v)``\ 가 벡터-야코비안 곱을 어떻게 계산하는지
- ``torch.no_grad()``\ 와 ``detach()``\ 로 기록을 끄는 방법
"""

# %%
# 연산 이력을 기록하는 tensor
# ---------------------------------
#
# ``requires_grad=True``\ 로 만든 tensor는 자신이 쓰이는 모든 연산을 추적해 달라고 autograd에
# 요청합니다. 사용자가 직접 만든 tensor는 그래프의 *잎(leaf)*\ 이 되며, 이 tensor의 변화도는
# 최종적으로 ``.grad`` 속성에 저장됩니다.
import torch

from nn_tutorial import plotting, set_language

set_language("ko")  # 패키지가 출력하고 그리는 글은 이 페이지의 언어를 따릅니다

torch.manual_seed(0)

x = torch.ones(2, 2, requires_grad=True)
print(x)

# %%
# ``x``\ 에 연산을 적용하면 자신이 어떻게 만들어졌는지 기억하는 tensor가 나옵니다. 이 tensor의
# ``grad_fn``\ 은 그 연산의 역전파(backward) 함수이며, 여기서는 덧셈이므로 ``AddBackward0``\ 입니다.
y = x + 2
print(y)
print(type(y.grad_fn).__name__, "| y가 잎인가:", y.is_leaf)

# %%
# 연산을 두 개 더 해 봅니다. ``z``\ 는 곱셈으로, ``out``\ 은 평균으로 만들어지며, 각각 자신의
# ``grad_fn``\ 을 기록합니다.
z = y * y * 3
out = z.mean()
print(z)
print(out)

# %%
# Autograd가 기록한 그래프
# ---------------------------
#
# 각 ``grad_fn``\ 은 자신의 입력을 만든 함수들을 가리킵니다(``next_functions``). 따라서 ``out``\ 에서
# 출발해 ``x``\ 까지 거슬러 올라갈 수 있습니다. 아래 그림은 이 경로를 그린 것입니다. 주황색은
# 역전파가 시작되는 곳이고, 초록색은 잎인 ``x`` 입니다(``AccumulateGrad``\ 가 변화도를 ``x.grad``\ 에
# 더합니다). 화살표는 변화도가 흐르는 방향을 가리킵니다. 위에서부터 차례로 평균, 3을 곱하는 곱셈,
# ``y * y`` 곱셈, 2를 더하는 덧셈, 그리고 ``x``\ 입니다. ``y * y``\ 는 ``y``\ 를 두 번 사용하므로
# ``AddBackward0``\ 으로 가는 간선이 두 개입니다(그림에서는 서로 겹쳐 그려집니다). 역전파 중에는 두
# 간선을 따라 도착한 변화도가 더해집니다.
fig = plotting.plot_autograd_graph(out, title="out = mean(3 * (x + 2)²)의 그래프", names={"x": x})

# %%
# 제자리에서 플래그 바꾸기: ``requires_grad_()``
# ------------------------------------------------
#
# tensor는 ``requires_grad=False`` 상태로 만들어지므로, 평범한 산술 연산은 아무것도 기록하지
# 않습니다. ``requires_grad_()`` 메소드(method)는 이미 있는 tensor의 플래그를 켭니다. 이름 끝의
# 밑줄은 PyTorch에서 *제자리(in-place)* 연산을 뜻하는 표시입니다. 같은 tensor 객체가 바뀌고 아무것도
# 복사되지 않으며, 메소드는 바로 그 tensor를 반환합니다.
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
# ``out``\ 에는 숫자가 하나만 들어 있으므로 ``out.backward()``\ 에는 인자(argument)가 필요 없습니다.
# 이 호출은 :math:`\partial\,\mathrm{out} / \partial x`\ 를 계산해 ``x.grad``\ 에 저장합니다.
out.backward()
print(x.grad)

# %%
# 연쇄 법칙으로 계산해도 같은 숫자가 나옵니다. :math:`y_i = x_i + 2`\ 이고
# :math:`z_i = 3 y_i^2`\ 이면, 출력(output)은 네 개의 :math:`z_i`\ 의 평균입니다:
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
# 있습니다. 첫째, 그래프는 한 번만 거슬러 올라갈 수 있습니다. ``backward()``\ 는 저장해 둔 중간 값을
# 해제하므로, 같은 ``out``\ 에서 다시 호출하면 실패합니다.
try:
    out.backward()
except RuntimeError as error:
    print("RuntimeError:", str(error).split(" (")[0])

# %%
# 그렇다면 그 노트북에서는 순전파(forward pass) 셀(``y``, ``z``, ``out``)을 다시 실행해 새 그래프를
# 만든 다음, ``backward()``\ 를 또 호출했을 것입니다. 둘째, ``backward()``\ 는 새로 구한 변화도를
# ``x.grad``\ 에 이미 들어 있는 값에 **더합니다**. 여기서 그대로 해 보면 :math:`4.5 + 4.5 = 9`\ 가
# 됩니다:
y = x + 2
z = y * y * 3
out = z.mean()
out.backward()
print(x.grad)

# %%
# 덮어쓰지 않고 더하는 것은 의도된 동작입니다. 한 tensor가 여러 곳에서 쓰이거나, 손실이 여러 부분의
# 합이어서 부분마다 따로 역전파할 때는 각 기여분을 합해야 하기 때문입니다. 그 대신 새 단계를
# 시작하기 전에 변화도를 직접 비워야 합니다. ``None``\ 으로 설정하거나(그러면 다음 ``backward()``\ 가
# 새 tensor를 만들어 저장합니다), ``x.grad.zero_()``\ 로 제자리에서 0으로 채우면 됩니다.
# :doc:`plot_lenet`\ 에서 보듯이 옵티마이저(optimizer)도 ``optimizer.zero_grad()``\ 로 같은 일을
# 합니다.
x.grad = None
y = x + 2
z = y * y * 3
out = z.mean()
out.backward()
print(x.grad)

# %%
# 야코비안이란?
# -------------------
#
# 지금까지 ``out``\ 은 숫자 하나였습니다. 출력이 여러 개인 함수에서는 출력마다 변화도가 따로 있고, 이
# 변화도들을 행으로 쌓으면 **야코비안 행렬(Jacobian matrix)**\ 이 됩니다. :math:`n` 개의 입력을 받아
# :math:`m` 개의 값을 출력하는 함수 :math:`f`\ 의 야코비안은 모든 편도함수(partial derivative)를 모은
# :math:`m \times n` 표입니다. :math:`i` 번째 행은 출력 :math:`i`\ 가 어떻게 변하는지를,
# :math:`j` 번째 열은 어느 입력이 그 변화를 일으키는지를 나타냅니다.
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
# ``torch.autograd.functional.jacobian``\ 은 :math:`f`\ 의 코드로부터 같은 표를 계산합니다.


def f(x):
    return torch.stack([x[0] ** 2, x[0] * x[1], 3 * x[1]])


x = torch.tensor([2.0, 3.0], requires_grad=True)
J = torch.autograd.functional.jacobian(f, x)
print(J)

# %%
# 벡터-야코비안 곱
# ---------------------------
#
# ``y = f(x)``\ 는 원소가 세 개이므로 그냥 ``y.backward()`` 라고만 하면 뜻이 모호합니다.
# *무엇의* 변화도를 구하라는 것일까요? Autograd는 짐작하지 않고 오류를 냅니다.
y = f(x)
try:
    y.backward()
except RuntimeError as error:
    print("RuntimeError:", error)

# %%
# 출력마다 원소가 하나씩 있는 벡터 :math:`v`\ 를 넘겨주면, autograd는 전체 :math:`J`\ 를 만들지 않고
# 벡터-야코비안 곱(vector-Jacobian product) :math:`v^\top J`\ 만 계산합니다. 학습에 필요한 것이 바로
# 이 값입니다. 스칼라 손실 :math:`l`\ 을 :math:`y` 로부터 계산하고
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
# 그래프는 데이터에 따라 달라질 수 있습니다. 아래에서는 ``y``\ 의 노름(norm)이 1000을 넘을 때까지
# ``y``\ 에 2를 곱하므로, 곱셈이 몇 번 기록될지는 무작위로 정한 ``x``\ 에 달려 있습니다. 곱한 횟수
# :math:`k`\ 가 얼마이든 야코비안은 :math:`2^k I` 이고(각 출력은 해당 입력에 :math:`2^k`\ 를 곱한
# 값입니다), 따라서 벡터-야코비안 곱은 :math:`2^k v`\ 입니다.
x = torch.randn(3, requires_grad=True)
y = x * 2
k = 1
while y.norm() < 1000:
    y = y * 2
    k += 1
print(f"2를 곱한 횟수 {k}번, y = {[round(value, 1) for value in y.tolist()]}")

v = torch.tensor([0.1, 1.0, 0.0001])
y.backward(v)
print("x.grad:", x.grad)
print(f"2**{k} * v:", 2**k * v)

# %%
# 기록 끄기
# -----------------------
#
# 기록에는 메모리와 시간이 듭니다. 또 가중치를 갱신하는 연산 자체나 테스트 데이터에서 정확도를 재는
# 계산처럼, 그래프에 들어가면 안 되는 계산도 있습니다. ``with torch.no_grad():`` 블록 안에서는
# 변화도가 필요한 tensor에 대한 연산이라도 아무것도 기록되지 않습니다.
print((x**2).requires_grad)
with torch.no_grad():
    print((x**2).requires_grad)

# %%
# ``detach()``\ 는 tensor 하나에 대해 같은 일을 합니다. 값이 같고 메모리도 공유하지만 그래프에서는
# 떨어져 나온 tensor를 반환합니다. 변화도를 전혀 모르는 NumPy나 matplotlib에 값을 넘길 때 흔히
# 씁니다.
x_detached = x.detach()
print(x_detached.requires_grad, "| 값이 같은가:", torch.equal(x, x_detached))
print("메모리가 같은가:", x_detached.data_ptr() == x.data_ptr())
print(x_detached.numpy().round(4))

# %%
# 요약
# -------
#
# - ``requires_grad=True``\ 인 tensor는 자신에 대한 연산이 기록되며, 각 결과의 ``grad_fn``\ 은 그
#   결과를 만든 연산으로 거슬러 연결됩니다.
# - ``backward()``\ 는 연쇄 법칙으로 이 그래프를 거슬러 올라가며 변화도를 잎의 ``.grad``\ 에
#   저장합니다. ``x = 1``\ 에서 ``mean(3 * (x + 2)²)``\ 의 변화도는
#   :math:`\frac{3}{2}(x+2) = 4.5`\ 입니다.
# - 변화도는 **누적됩니다**. 순전파와 역전파를 한 번 더 하면 9가 됩니다. 매 단계 전에
#   ``x.grad = None``\ 이나 ``x.grad.zero_()`` (옵티마이저의 ``zero_grad()``)로 비워 주세요.
# - 야코비안은 출력이 여러 개인 함수의 편도함수를 모두 모은 표입니다. ``y.backward(v)``\ 는
#   :math:`J`\ 를 만들지 않고 :math:`v^\top J`\ 를 계산합니다.
# - ``torch.no_grad()``\ 와 ``detach()``\ 는 계산이 그래프에 들어가지 않게 합니다.
#
# 다음에 읽을 내용
# -----------------
#
# :doc:`plot_lenet`\ 에서는 autograd를 실제로 활용합니다. 합성곱(convolution) 신경망의 변화도를
# ``loss.backward()`` 한 번으로 구하고, 처음에는 손으로, 다음에는 ``torch.optim``\ 으로 가중치를
# 갱신하며, 실제 손글씨 숫자로 학습시킵니다.

# sphinx_gallery_thumbnail_number = 1
