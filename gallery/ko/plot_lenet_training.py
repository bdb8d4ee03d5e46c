r"""
LeNet을 실제 숫자로 학습하기
=============================

:doc:`plot_lenet`\ 에서는 무작위 수로 학습 단계를 하나씩 밟아 보았습니다. 이 강의에서는 같은
LeNet을 실제 손글씨 숫자로 학습시킵니다. 데이터를 ``Dataset``\ 과 ``DataLoader``\ 로 공급하고,
학습 루프를 직접 작성하고, 실제로 학습시킨 다음, 결과를 저장하고, 테스트 데이터로 한 번만 재서
고전적인 방법인 서포트 벡터 머신(support vector machine)과 비교합니다.

**이 강의에서 배울 내용**

- 데이터를 학습, 검증, 테스트 데이터로 나누는 이유
- ``Dataset``\ 을 작성하는 방법, 그리고 ``DataLoader``\ 의 ``batch_size``, ``shuffle``,
  ``drop_last``\ 가 하는 일
- :func:`nn_tutorial.training.fit`\ 이 돌리는 학습 루프(training loop)를 직접 작성하는 방법
- 검증 데이터로 선택하고 테스트 데이터로는 마지막에 한 번만 재면서, 실제 숫자 이미지로 LeNet을
  학습시켜 테스트 정확도 약 99%에 이르는 방법과, 한 번 잰 그 값을 얼마나 믿을 수 있는지
- 학습한 가중치를 저장하고 다시 불러오는 방법
- 혼동 행렬(confusion matrix)로 신경망이 어떤 숫자를 헷갈리는지 읽는 방법
"""

# %%
# 세 몫으로 나눈 숫자
# ----------------------------
#
# scikit-learn에 들어 있는 손글씨 숫자는 크기가 8 x 8인 이미지 1,797장입니다.
# :func:`nn_tutorial.data.load_digits`\ 가 이 이미지를 LeNet에 맞게 32 x 32로 키워 줍니다. 이
# 함수는 숫자를 언제나 같은 방식으로 세 몫으로 나눕니다. 신경망이 배우는 학습 데이터(training
# set), 에폭 수나 학습률 같은 선택의 기준이 되는 검증 데이터(validation set), 그리고 맨
# 마지막에 한 번만 쓰는 테스트 데이터(test set)입니다. 테스트 데이터를 이렇게 따로 두는 까닭은,
# 선택에 영향을 준 데이터는 이미 그 선택에 맞춰진 셈이어서 그 점수로는 모델이 처음 보는 숫자에서
# 얼마나 잘하는지 알 수 없기 때문입니다.
import tempfile
from pathlib import Path

import torch
from torch import nn
from torch.utils.data import DataLoader

import nn_tutorial
from nn_tutorial import data, models, plotting, set_language, training

set_language("ko")  # 패키지가 출력하고 그리는 내용도 페이지의 언어를 따릅니다

train, validation, test = data.load_digits(image_size=32)
print(f"이미지: 학습용 {len(train)}장, 검증용 {len(validation)}장, 테스트용 {len(test)}장")
print("이미지 한 장:", list(train[0][0].shape), "| 레이블:", train[0][1].item())
print("종류:", type(train).__name__)

# %%
# 직접 만드는 Dataset
# ---------------------
#
# ``load_digits``\ 는 ``TensorDataset`` 객체를 반환합니다. 이미 메모리에 있는 Tensor들을 같은
# 인덱스로 함께 꺼내 주는 데이터셋입니다. PyTorch에서는 ``__len__``\ (샘플 수)과
# ``__getitem__``\ (``i``\ 번째 샘플)이 있는 객체라면 무엇이든 데이터셋이고,
# ``torch.utils.data.Dataset``\ 을 상속하면 그렇다는 것이 드러납니다. 데이터셋이 샘플을 저장하고
# 있을 필요는 없습니다. 파일에서 읽어 올 수도 있고, 요청받을 때 만들 수도 있습니다. 아래 본
# 학습에서 쓰는 :class:`nn_tutorial.data.RandomShift`\ 는 다른 데이터셋을 감싸서, 요청받을 때마다
# 이미지를 무작위 방향으로 최대 ``max_shift``\ 픽셀까지 새로 옮겨 줍니다. 소스 전체는 다음과
# 같습니다.
#
# .. literalinclude:: ../../../src/nn_tutorial/data.py
#    :pyobject: RandomShift
#
# 같은 인덱스를 두 번 요청하면 같은 숫자의 서로 다른 이미지가 나옵니다.
torch.manual_seed(0)
shifted = data.RandomShift(train, max_shift=3)
(first, label), (second, _) = shifted[0], shifted[0]
print("샘플 수:", len(shifted), "| 샘플 하나:", list(first.shape), "| 레이블:", label.item())
print("0번 샘플을 두 번 꺼냈을 때 같은 만큼 옮겨졌는가:", torch.equal(first, second))

# %%
# DataLoader
# --------------
#
# ``DataLoader``\ 는 데이터셋에 샘플을 요청해서 배치로 쌓습니다. ``batch_size``\ 는 배치 하나에
# 들어가는 샘플 수입니다. 데이터셋 크기가 이 값으로 나누어떨어지지 않으면 마지막 배치가 더
# 작아지는데, ``drop_last=True``\ 로 하면 그 배치를 뺍니다. 에폭 하나에 배치가 몇 개인지 세어
# 봅니다.
for batch_size, drop_last in [(32, False), (64, False), (64, True)]:
    loader = DataLoader(train, batch_size=batch_size, drop_last=drop_last)
    sizes = [len(labels) for _, labels in loader]
    print(
        f"batch_size={batch_size} drop_last={drop_last!s:<5} 배치 {len(loader)}개, "
        f"마지막 배치 {sizes[-1]:>2}장, 에폭마다 이미지 {sum(sizes)}장"
    )

# %%
# 1,221 = 19 x 64 + 5이므로, 배치 크기가 64이면 마지막 배치에는 이미지가 5장뿐입니다. 이미지
# 5장으로 평균한 변화도는 64장으로 평균한 변화도보다 잡음이 많고 대개 더 큽니다.
# :doc:`plot_hooks`\ 에서 변화도 노름 곡선에 나타나는 봉우리가 바로 이 마지막 배치들에
# 있습니다. ``drop_last=True``\ 는 짧은 배치를 건너뛰고, 그 에폭에서는 이미지 5장도 함께
# 건너뜁니다.
#
# ``shuffle=True``\ 는 에폭마다 새 순서를 뽑으므로 배치가 매번 다른 조합이 됩니다. 시드를 준
# ``generator``\ 를 쓰면 순서를 재현할 수 있습니다. 두 에폭에서 첫 배치의 앞쪽 레이블은 다음과
# 같습니다.
loader = DataLoader(train, batch_size=64, shuffle=True, generator=torch.Generator().manual_seed(0))
for epoch in (1, 2):
    _, labels = next(iter(loader))  # iter(loader)를 부를 때마다 새 에폭입니다
    print(f"shuffle=True,  에폭 {epoch}: {labels[:12].tolist()}")
_, labels = next(iter(DataLoader(train, batch_size=64)))
print(f"shuffle=False, 모든 에폭: {labels[:12].tolist()}")

# %%
# 계산이 아니라 데이터를 읽는 일이 느릴 때는 옵션 두 개가 더 중요해집니다. ``num_workers=4``\ 는
# 모델이 계산하는 동안 백그라운드 프로세스 4개에서 배치를 준비하고(``__getitem__``\ 이 파일을
# 읽고 디코딩할 때 효과가 있습니다), ``pin_memory=True``\ 는 배치를 페이지 고정(page-locked)
# 메모리에 두어 CUDA GPU로 더 빨리 복사되게 합니다. 여기서 쓰는 숫자는 이미 메모리에 있는 Tensor이므로
# 이 강의에서는 둘 다 쓰지 않습니다.
#
# 학습 루프
# ----------
#
# 학습은 :doc:`plot_lenet`\ 에서 본 여섯 단계를 이번에는 미니 배치 단위로 되풀이하는 것입니다.
# ``DataLoader``\ 가 학습 데이터를 섞어서 이미지 32장씩의 배치로 자르고, 배치마다 변화도를 0으로
# 만들기, 순전파, 손실 계산, 역전파, 갱신을 합니다. 이번 손실 함수는 분류에 흔히 쓰는
# ``nn.CrossEntropyLoss``\ 입니다. 점수 10개를 소프트맥스(softmax)를 거쳐 확률로 바꾸고, 목표 클래스의
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
# 과적합(over-fitting)이라고 합니다. 위에서 본 데이터셋 ``RandomShift``\ 는 학습 이미지를 무작위
# 방향으로 최대 3픽셀까지, 에폭마다 다르게 옮겨서 보여 줍니다. 옮긴 숫자도 여전히 같은
# 숫자이므로, 신경망은 이미지 개수보다 훨씬 많은 변형을 보게 되고 정확한 위치에 의존하지 않는
# 특징을 배웁니다. 검증 이미지와 테스트 이미지는 옮기지 않습니다.
#
# 옵티마이저는 AdamW입니다. AdamW는 Adam에 *분리된* 가중치 감쇠(decoupled weight decay)를 더한
# 것입니다. Adam은 가중치마다 갱신 폭을 따로 둡니다. 변화도의 이동 평균이 갱신 방향을 정하고,
# 변화도 *제곱*\ 의 이동 평균이 클수록 그 가중치의 갱신 폭을 줄입니다. 분리된 가중치 감쇠는
# 단계마다 모든 가중치를 조금씩 줄이되, 손실에 벌점 항으로 더하지 않고 변화도에 따른 갱신과 따로
# 적용합니다. 코사인 스케줄(cosine schedule)은 에폭 20회에 걸쳐 학습률을 0까지 부드럽게
# 낮춥니다. ``fit``\ 은 가속기(CUDA나 MPS GPU 등)가 있으면 가속기에서 학습합니다.
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
# 상태의 신경망을 반환하고, 아래에서 저장하고 다시 불러와 테스트 데이터로 재는 것도 이 신경망입니다.
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
# 씁니다. 이 데이터는 :func:`nn_tutorial.data.digit_arrays`\ 가 반환합니다. 공정하게 비교하려고
# SVM의 두 설정값인 ``C``\ (학습 이미지에 얼마나 엄격하게 맞출지)와 ``gamma``\ (이미지 하나의
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
print(f"틀린 숫자 {len(wrong)}개, 전체 테스트 숫자 {len(labels)}개")
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
# 칸은 각각 한 종류의 오류를 센 것이며 빨간색으로 표시됩니다.
fig = plotting.plot_confusion_matrix(
    labels,
    predictions,
    title="테스트 숫자에 대한 LeNet의 혼동 행렬",
)

# %%
# 요약
# -------
#
# - 선택은 검증 데이터로 하고, 테스트 데이터로는 마지막에 한 번만 잽니다.
# - ``Dataset``\ 은 ``__len__``\ 과 ``__getitem__``\ 이 있는 객체입니다. ``RandomShift``\ 는
#   요청받을 때마다 새로 옮긴 이미지를 만듭니다. ``DataLoader``\ 는 데이터셋을 배치로 묶습니다.
#   이미지 1,221장을 64장씩 묶으면 꽉 찬 배치 19개와 5장짜리 배치 하나가 되고,
#   ``drop_last=True``\ 는 그 짧은 배치를 뺍니다. ``shuffle=True``\ 는 에폭마다 새 순서를 뽑습니다.
# - ``fit``\ 은 미니 배치에 대한 여섯 단계 루프에 에폭마다 검증을 더한 것입니다. ``fit``\ 의 학습
#   손실은 에폭 전체의 평균이고, 여기서는 옮긴 이미지에서 잰 값입니다. LeNet은 테스트 데이터에서
#   약 99%에 이르고(시드 하나, 이미지 360장이라 1%포인트 안팎의 오차가 있습니다), 설정을 고른
#   SVM과 비슷한 수준입니다.
# - ``torch.save(net.state_dict(), path)``\ 로 가중치를 저장하고,
#   ``load_state_dict(torch.load(path, weights_only=True))``\ 로 다시 불러옵니다. 믿을 수 있는
#   파일만, 최신 PyTorch로 불러오세요.
#
# 다음에 읽을 내용
# -----------------
#
# :doc:`plot_convnet`\ 은 코드가 실행되는 대로 그래프가 만들어지는 또 다른 합성곱 신경망을
# 만들고, 컨테이너와 학습 모드·평가 모드를 보여 줍니다. :doc:`plot_generalisation`\ 는 학습 방법을
# 한 번에 하나씩 바꿔 여러 시드로 비교하며, 처음 보는 숫자에서도 잘하게 만드는 것이 무엇인지
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

# sphinx_gallery_thumbnail_number = 2

# %%
# **1. 배치 세기(몸풀기).** ``count_batches(n, batch_size, drop_last)``\ 를 작성하세요. 이 함수는
# 샘플이 ``n``\ 개인 데이터셋에 이 ``batch_size``\ 와 ``drop_last``\ 를 준 ``DataLoader``\ 가 배치를
# 몇 개 내는지를 ``DataLoader``\ 를 만들지 않고 계산해 반환합니다.
#
# *힌트:* 먼저 꽉 찬 배치를 세고, 짧은 배치가 남는지, 남으면 그 배치를 두는지 따져 보세요.
count_batches = ...  # 여기에 답을 쓰세요
exercises.check("lenet-batches", count_batches)

# %%
# **풀이**


def count_batches(n, batch_size, drop_last):
    full, rest = divmod(n, batch_size)
    return full + (1 if rest and not drop_last else 0)


exercises.check("lenet-batches", count_batches)
print(count_batches(1221, 64, False), count_batches(1221, 64, True))

# %%
# **2. 직접 만드는 Dataset.** MNIST의 숫자는 28 x 28입니다. ``train``\ 처럼 32 x 32 이미지로 된
# 데이터셋을 감싸서, 이미지마다 가운데 28 x 28 픽셀만 잘라 내고 레이블은 그대로 주는 ``Dataset``\ 인
# ``CenterCrop28``\ 을 작성하세요. ``DataLoader(CenterCrop28(train), batch_size=64)``\ 는 shape이
# ``64 x 1 x 28 x 28``\ 인 배치를 내야 합니다.
#
# *힌트:* ``RandomShift``\ 의 틀을 따르세요. ``__init__``\ 에서 감싼 데이터셋을 보관하고,
# ``__getitem__``\ 에서 슬라이스 하나로 잘라 냅니다.
CenterCrop28 = ...  # 여기에 답을 쓰세요
exercises.check("lenet-dataset", CenterCrop28)

# %%
# **풀이**


class CenterCrop28(torch.utils.data.Dataset):
    def __init__(self, dataset):
        self.dataset = dataset

    def __len__(self):
        return len(self.dataset)

    def __getitem__(self, index):
        image, label = self.dataset[index]
        return image[..., 2:30, 2:30], label  # 사방에서 2픽셀씩 잘라 냅니다


exercises.check("lenet-dataset", CenterCrop28)

# %%
# **3. 에폭의 손실.** 위에서 직접 작성한 루프는 배치마다 ``loss.item() * len(y)``\ 를 더한 다음
# 이미지 수로 나눕니다. 배치별 평균 손실(``losses``)과 배치별 이미지 수(``sizes``)로
# 에폭 전체에서 이미지 한 장당 평균 손실을 구하는 ``epoch_loss(losses, sizes)``\ 를 작성하세요.
# 두 리스트의 길이는 같습니다.
#
# *힌트:* 이미지가 5장인 배치는 64장인 배치만큼이 아니라 5장만큼 반영되어야 합니다.
epoch_loss = ...  # 여기에 답을 쓰세요
exercises.check("lenet-epoch-loss", epoch_loss)

# %%
# **풀이**


def epoch_loss(losses, sizes):
    return sum(loss * size for loss, size in zip(losses, sizes, strict=True)) / sum(sizes)


exercises.check("lenet-epoch-loss", epoch_loss)
print(f"{epoch_loss([0.9, 0.5, 0.3, 2.0], [64, 64, 64, 5]):.4f}")
