"""The language of what the package prints and draws, and the one catalog of its words.

A Korean lesson calls ``set_language("ko")`` once, at its top; from then on the
lines :func:`~nn_tutorial.training.fit` prints and the labels the plots draw are
Korean. Errors raised by PyTorch itself stay as PyTorch prints them.

Every string the package shows a reader lives in :data:`MESSAGES`, one entry
per message with its English and its Korean, so a translator finds them all in
one place and a test can check that no language is missing one.
"""

from __future__ import annotations

import unicodedata

__all__ = ["LANGUAGES", "MESSAGES", "get_language", "set_language", "text", "wrap"]

LANGUAGES = ("en", "ko")
"""The languages the package speaks; the first is the default."""

MESSAGES: dict[str, dict[str, str]] = {
    # training.fit: one line an epoch
    "fit.epoch": {
        "en": "epoch {epoch:>2}/{epochs}  train loss {train_loss:.4f}  "
        "validation loss {val_loss:.4f}  validation accuracy {val_accuracy:.1%}",
        "ko": "에폭 {epoch:>2}/{epochs}  학습 손실 {train_loss:.4f}  "
        "검증 손실 {val_loss:.4f}  검증 정확도 {val_accuracy:.1%}",
    },
    "fit.resumed": {
        "en": "resumed from {path} after epoch {epoch}",
        "ko": "체크포인트 파일({path})에서 이어서 학습합니다(에폭 {epoch}회까지 마침)",
    },
    # training.train_two_layer_net: one line every few steps
    "mlp.step": {
        "en": "step {step:>4}  loss {loss:.4g}",
        "ko": "단계 {step:>4}  손실 {loss:.4g}",
    },
    # training.train_two_layer_net: the error when the loss stops being finite
    "mlp.diverged": {
        "en": "the loss became {loss} at step {step}: lower the learning rate (it is {lr}).",
        "ko": "{step}단계에서 손실이 유한하지 않은 값({loss})이 되었습니다. "
        "학습률을 낮추세요(지금은 {lr}).",
    },
    # axis labels and legends
    "label.epoch": {"en": "epoch", "ko": "에폭"},
    "label.step": {"en": "step", "ko": "단계"},
    "label.loss": {"en": "loss", "ko": "손실"},
    "label.train_loss": {"en": "train loss", "ko": "학습 손실"},
    "label.val_loss": {"en": "validation loss", "ko": "검증 손실"},
    "label.val_accuracy": {"en": "validation accuracy", "ko": "검증 정확도"},
    "label.gap": {"en": "validation / train\n= {ratio:.1f}×", "ko": "검증 / 학습\n= {ratio:.1f}배"},
    "label.best_epoch": {
        "en": "lowest validation loss (epoch {epoch})",
        "ko": "검증 손실이 가장 낮은 에폭({epoch})",
    },
    "label.grad_norm": {"en": "gradient norm", "ko": "변화도 노름"},
    "label.output_value": {"en": "output value", "ko": "출력값"},
    # plotting.plot_layer_stats and plotting.plot_saliency (the hooks lesson)
    "label.zero_share": {"en": "share of zeros after ReLU", "ko": "ReLU 뒤 0의 비율"},
    "label.update_ratio": {"en": "‖update‖ / ‖weight‖", "ko": "‖갱신량‖ / ‖가중치‖"},
    "label.digit": {"en": "digit", "ko": "숫자"},
    "label.saliency": {"en": "|∂ logit / ∂ pixel|", "ko": "|∂ 로짓 / ∂ 픽셀|"},
    # boxes in the autograd-graph and shape-trace figures
    "label.leaf": {"en": "leaf", "ko": "잎"},
    "label.input": {"en": "input", "ko": "입력"},
    # plotting.plot_conv_channels: one output channel of a convolution, summed over its inputs
    "label.conv_inputs": {"en": "input maps", "ko": "입력 특징 맵"},
    "label.conv_kernels": {"en": "kernel slices", "ko": "커널 조각"},
    "label.conv_parts": {"en": "map ⋆ slice", "ko": "맵 ⋆ 조각"},
    "label.conv_sum": {"en": "sum of the\nbottom row\n+ bias =", "ko": "아래 줄의 합\n+ 편향 ="},
    "label.conv_input_n": {"en": "input {n}", "ko": "입력 {n}"},
    "label.conv_output_n": {"en": "output {n}", "ko": "출력 {n}"},
    # models.check_images / models.check_batch: what a model expected, what came, and why
    "check.not_tensor": {
        "en": "{model} expects {what} to be a torch.Tensor, got {got}.",
        "ko": "{model} 모델의 입력({what})에는 torch.Tensor가 와야 하는데 {got} 객체가 왔습니다.",
    },
    "check.one_image": {
        "en": "{model} expects a batch of images shaped {expected}, got one image shaped "
        "{shape}. The convolutions and poolings would accept it, but torch.flatten(x, 1) "
        "before the first Linear layer keeps dimension 0 as the batch: the last "
        "convolution's channels would become rows, and that layer would get the wrong "
        "number of features. Add the batch dimension with x.unsqueeze(0).",
        "ko": "{model} 모델에는 shape이 {expected}인 이미지 배치가 와야 하는데 shape이 {shape}인 "
        "이미지 한 장이 왔습니다. 합성곱과 풀링은 이대로도 받지만, 첫 Linear 계층 앞의 "
        "torch.flatten(x, 1)은 0번 차원을 배치로 남겨 둡니다. 그래서 마지막 합성곱의 채널이 "
        "행이 되고, 그 계층에는 특징 수가 맞지 않는 입력이 들어가게 됩니다. "
        "x.unsqueeze(0)으로 배치 차원을 붙이세요.",
    },
    "check.image_shape": {
        "en": "{model} expects input shaped {expected}, got {shape}.",
        "ko": "{model} 모델에는 shape이 {expected}인 입력이 와야 하는데 shape이 {shape}인 입력이 "
        "왔습니다.",
    },
    "check.image_size": {
        "en": "{model} expects {size} x {size} images, got {height} x {width} "
        "(input shaped {shape}).",
        "ko": "{model} 모델에는 {size} x {size} 이미지가 와야 하는데 {height} x {width} 이미지가 "
        "왔습니다(입력 shape {shape}).",
    },
    "check.resize_hint": {
        "en": " MNIST-sized images must be resized to 32 x 32 first, for example with "
        "nn_tutorial.data.load_digits(image_size=32) or F.interpolate(x, size=32).",
        "ko": " MNIST 크기의 이미지는 먼저 32 x 32로 바꿔야 합니다. 예를 들어 "
        "nn_tutorial.data.load_digits(image_size=32)나 F.interpolate(x, size=32)를 쓰세요.",
    },
    "check.one_sample": {
        "en": "{model} expects {what} shaped N x {features}, got one sample shaped {shape}: "
        "the model works along dimension 1 of a batch, which one sample lacks. Add the "
        "batch dimension with {what}.unsqueeze(0).",
        "ko": "{model} 모델의 입력({what})에는 shape이 N x {features}인 배치가 와야 하는데 shape이 "
        "{shape}인 샘플 하나가 왔습니다. 이 모델은 배치의 1번 차원을 따라 계산하는데, 샘플 "
        "하나에는 그 차원이 없습니다. {what}.unsqueeze(0)으로 배치 차원을 붙이세요.",
    },
    "check.batch_shape": {
        "en": "{model} expects {what} shaped N x {features}, got {shape}.",
        "ko": "{model} 모델의 입력({what})에는 shape이 N x {features}인 입력이 와야 하는데 shape이 "
        "{shape}인 입력이 왔습니다.",
    },
    # plotting.plot_confusion_matrix
    "label.predicted": {"en": "predicted digit", "ko": "예측한 숫자"},
    "label.true": {"en": "true digit", "ko": "실제 숫자"},
    # tick labels of the RNN lesson's figure: a numbered row of a digit, a numbered time step
    "label.row_n": {"en": "row {n}", "ko": "{n}행"},
    "label.step_n": {"en": "step {n}", "ko": "{n}단계"},
    # exercises.check: the verdict, and the hint for each typical mistake
    "exercise.right": {"en": "{exercise}: right!", "ko": "{exercise}: 맞았습니다!"},
    "exercise.wrong": {
        "en": "{exercise}: not yet. {hint}",
        "ko": "{exercise}: 아직 틀렸습니다. {hint}",
    },
    "exercise.unanswered": {
        "en": "{exercise}: no answer yet: replace the ... with your answer and run the cell again.",
        "ko": "{exercise}: 아직 답이 없습니다. ... 자리에 답을 쓰고 셀을 다시 실행하세요.",
    },
    "exercise.raised": {
        "en": "{exercise}: your code raised {error}",
        "ko": "{exercise}: 작성한 코드에서 예외가 났습니다. {error}",
    },
    # an answer of the wrong kind: what was expected, what came
    "exercise.want": {
        "en": "Expected {expected}, got {got}.",
        "ko": "답의 형식이 다릅니다. 기대한 형식: {expected}, 받은 형식: {got}.",
    },
    "exercise.a_number": {"en": "a number", "ko": "값 하나(int 또는 float)"},
    "exercise.a_subclass": {"en": "a subclass of {base}", "ko": "{base} 하위 클래스"},
    "exercise.kind_class": {"en": "the class {name}", "ko": "클래스 {name}"},
    "exercise.want_class": {
        "en": "Pass the class itself, not an instance: {name}, not {name}().",
        "ko": "인스턴스가 아니라 클래스 자체를 넘기세요({name}() 대신 {name}).",
    },
    "exercise.shape": {
        "en": "Expected a tensor shaped {expected}, got {got}.",
        "ko": "Tensor의 shape이 다릅니다. 기대한 shape: {expected}, 받은 shape: {got}.",
    },
    # autograd
    "exercise.hint.accumulate": {
        "en": "That is one backward pass. The second one adds its gradient to .grad.",
        "ko": "역전파 한 번의 값입니다. 두 번째 역전파는 변화도를 .grad에 더합니다.",
    },
    "exercise.hint.derivative": {
        "en": "Start from the derivative of 3x² at x = 2, then count the backward calls.",
        "ko": "x = 2에서 3x²의 도함수 값부터 구한 다음, backward를 몇 번 불렀는지 세어 보세요.",
    },
    "exercise.hint.vjp_matrix": {
        "en": "That is the Jacobian itself. x.grad is v @ J: one number per input.",
        "ko": "야코비안 행렬 그대로입니다. x.grad는 v @ J이고, 입력 하나에 값이 하나씩입니다.",
    },
    "exercise.hint.vjp_leading": {
        "en": "The numbers are right; drop the leading dimension of 1: x.grad has the shape "
        "of x, (3,).",
        "ko": "값은 맞습니다. 맨 앞의 크기 1인 차원을 없애세요. x.grad의 shape은 x와 같은 "
        "(3,)입니다.",
    },
    "exercise.hint.vjp_weights": {
        "en": "You summed the rows of J: weight each row by its entry of v.",
        "ko": "J의 행을 그냥 더했습니다. 각 행에 v의 해당 값을 곱해서 더하세요.",
    },
    "exercise.hint.vjp": {
        "en": "Compute J with torch.autograd.functional.jacobian, then v @ J.",
        "ko": "torch.autograd.functional.jacobian으로 J를 구한 다음 v @ J를 계산하세요.",
    },
    "exercise.hint.forward": {
        "en": "forward should return x squared.",
        "ko": "forward는 x의 제곱을 반환해야 합니다.",
    },
    "exercise.hint.save_for_backward": {
        "en": "The Function keeps a tensor as an attribute of ctx (ctx.{name}): save tensors "
        "with ctx.save_for_backward and read them back from ctx.saved_tensors, which the "
        "documentation asks for to prevent wrong gradients and memory leaks.",
        "ko": "Function이 Tensor를 ctx의 속성(ctx.{name})으로 저장했습니다. Tensor는 "
        "ctx.save_for_backward로 저장하고 ctx.saved_tensors로 꺼내세요. 문서는 잘못된 변화도와 "
        "메모리 누수를 막으려면 이렇게 하라고 합니다.",
    },
    "exercise.hint.backward": {
        "en": "gradcheck disagrees with your backward: it gets grad_output and must return "
        "grad_output times the derivative, 2x (save x in forward with ctx.save_for_backward).",
        "ko": "gradcheck에서 작성한 backward가 수치 미분과 맞지 않습니다. backward는 "
        "grad_output을 받아 도함수 2x를 곱한 값을 반환해야 합니다(forward에서 "
        "ctx.save_for_backward로 x를 저장하세요).",
    },
    "exercise.hint.inplace_still": {
        "en": "Autograd still refuses an in-place change. Read the error: which tensor changed, "
        "and whose output is it? Leave that tensor as it is: compute the sum out of place, or "
        "change a copy made with .clone().",
        "ko": "autograd가 여전히 제자리 변경을 거부합니다. 오류 메시지를 읽어 보세요. "
        "어느 Tensor가 바뀌었고, 그것은 어느 연산의 출력인가요? 그 Tensor는 그대로 두고, "
        "합을 제자리가 아닌 연산으로 계산하거나 .clone()으로 만든 복사본을 바꾸세요.",
    },
    "exercise.hint.inplace_value": {
        "en": "The function no longer computes relu(x) + x: change how it adds, not what it "
        "computes.",
        "ko": "함수가 더 이상 relu(x) + x를 계산하지 않습니다. 계산하는 값은 그대로 두고, 더하는 "
        "방식만 바꾸세요.",
    },
    "exercise.hint.inplace_graph": {
        "en": "No gradient reaches x: the result was computed under torch.no_grad() or from a "
        "detached tensor, so the backward pass cannot get back to x.",
        "ko": "x까지 변화도가 오지 않습니다. 결과를 torch.no_grad() 안에서 계산했거나 "
        "떼어 낸(detach) Tensor로 계산해서, 역전파가 x까지 거슬러 올라가지 못합니다.",
    },
    "exercise.hint.inplace_cut": {
        "en": "The value is right, but x gets the gradient of one term alone, relu(x) or x: "
        "the other one is cut from the graph (a detach()?). Both terms must pass their "
        "gradient back to x.",
        "ko": "값은 맞지만 x가 두 항 relu(x)와 x 가운데 한 항의 변화도만 받습니다. 다른 항은 "
        "그래프에서 떨어져 나갔습니다(detach()를 썼나요?). 두 항 모두 x로 변화도를 전달해야 "
        "합니다.",
    },
    "exercise.hint.inplace_gradient": {
        "en": "The value is right, but the gradient that reaches x is not that of relu(x) + x, "
        "which is 2 where x > 0 and 1 where x < 0 (times the gradient of the output).",
        "ko": "값은 맞지만 x에 도착한 변화도가 relu(x) + x의 변화도가 아닙니다. 올바른 변화도는 "
        "x > 0인 곳에서 2, x < 0인 곳에서 1입니다(여기에 출력의 변화도를 곱합니다).",
    },
    # LeNet
    "exercise.hint.flatten_32": {
        "en": "That is the size for 32 x 32 images. Follow 28 through the two 3x3 convolutions "
        "and poolings.",
        "ko": "32 x 32 이미지일 때의 크기입니다. 28이 3x3 합성곱과 풀링을 두 번씩 거치며 "
        "어떻게 바뀌는지 따라가 보세요.",
    },
    "exercise.hint.flatten": {
        "en": "fc1 must take channels x height x width of the last pooling's output: a 3x3 "
        "convolution takes 2 pixels off, a 2x2 pooling halves (rounding down).",
        "ko": "fc1은 마지막 풀링 출력의 채널 x 높이 x 너비를 받아야 합니다. 3x3 합성곱은 "
        "2픽셀을 줄이고, 2x2 풀링은 절반으로 줄입니다(나머지는 버림).",
    },
    "exercise.hint.logits": {
        "en": "The output should be 10 logits per input, shaped (N, 10); it is {got}.",
        "ko": "출력은 입력 하나에 로짓 10개, 즉 shape (N, 10)이어야 합니다. 받은 shape: {got}.",
    },
    "exercise.hint.lenet_layers": {
        "en": "LeNet has two nn.Conv2d and three nn.Linear layers; this model has {convs} and "
        "{linears}. Keep LeNet's layers and change only what the image size needs.",
        "ko": "LeNet에는 nn.Conv2d 계층 2개와 nn.Linear 계층 3개가 있는데, 이 모델에는 각각 "
        "{convs}개, {linears}개가 있습니다. LeNet의 계층은 그대로 두고 이미지 크기 때문에 "
        "바꿔야 하는 것만 바꾸세요.",
    },
    "exercise.hint.constant_output": {
        "en": "Every image gets the same logits: the output must be computed from the input x.",
        "ko": "어느 이미지에서나 로짓이 같습니다. 출력은 입력 x에서 계산해야 합니다.",
    },
    "exercise.hint.softmax_logits": {
        "en": "Each row sums to 1, as softmax's output does: return the raw logits of the last "
        "layer (cross_entropy applies log-softmax itself).",
        "ko": "소프트맥스의 출력처럼 행마다 합이 1입니다. 마지막 계층의 로짓을 그대로 "
        "반환하세요(로그 소프트맥스는 cross_entropy가 직접 적용합니다).",
    },
    "exercise.hint.relu_logits": {
        "en": "No logit is negative: return the last layer's output as it is, with nothing such "
        "as a ReLU after it.",
        "ko": "음수인 로짓이 하나도 없습니다. 마지막 계층의 출력 뒤에 ReLU 같은 것을 두지 말고 "
        "그대로 반환하세요.",
    },
    "exercise.hint.biases": {
        "en": "Those are the weights only: every layer has a bias vector too.",
        "ko": "가중치만 센 값입니다. 계층마다 편향 벡터도 있습니다.",
    },
    "exercise.hint.count": {
        "en": "Add up p.numel() over model.parameters(), or count by hand layer by layer.",
        "ko": "model.parameters()의 p.numel()을 모두 더하거나, 계층별로 직접 세어 보세요.",
    },
    # ConvNet
    # LeNet: training on real digits
    "exercise.hint.batches_short": {
        "en": "Right when the batches fill the dataset exactly; otherwise, without drop_last, "
        "the short last batch is a batch too.",
        "ko": "배치가 데이터셋을 딱 나눌 때는 맞습니다. 나누어떨어지지 않으면, drop_last가 "
        "없을 때는 마지막의 짧은 배치도 배치 하나입니다.",
    },
    "exercise.hint.batches_drop": {
        "en": "Right without drop_last; with drop_last=True the short last batch is left out.",
        "ko": "drop_last가 없을 때는 맞습니다. drop_last=True이면 마지막의 짧은 배치는 빠집니다.",
    },
    "exercise.hint.batches_exact": {
        "en": "When n is a multiple of batch_size (1216 = 38 x 32), no short batch is left: "
        "there is nothing to keep or drop.",
        "ko": "n이 batch_size의 배수이면(1216 = 38 x 32) 짧은 배치가 남지 않으므로, 남기거나 "
        "버릴 배치도 없습니다.",
    },
    "exercise.hint.batches": {
        "en": "Count the full batches (n // batch_size), then add one for the short batch left "
        "over, if there is one and drop_last is False.",
        "ko": "먼저 꽉 찬 배치 수(n // batch_size)를 세고, 짧은 배치가 남으며 drop_last가 "
        "False일 때만 하나를 더하세요.",
    },
    "exercise.hint.dataset_len": {
        "en": "len() of your dataset must be the number of images of the dataset it wraps: "
        "define __len__ (the DataLoader needs it to make its batches).",
        "ko": "데이터셋의 len()은 감싼 데이터셋의 이미지 수와 같아야 합니다. __len__을 "
        "정의하세요(DataLoader가 배치를 만들 때 필요합니다).",
    },
    "exercise.hint.dataset_pair": {
        "en": "Each item must be a pair (image, label), as in the dataset you wrap.",
        "ko": "항목마다 감싼 데이터셋처럼 (이미지, 레이블) 쌍이어야 합니다.",
    },
    "exercise.hint.crop_shape": {
        "en": "Each image should be shaped (1, 28, 28) and a batch of 4 (4, 1, 28, 28); got {got}. "
        "Keep the channel dimension and take 2 pixels off each side.",
        "ko": "이미지 하나의 shape은 (1, 28, 28), 4장짜리 배치는 (4, 1, 28, 28)이어야 합니다. "
        "받은 shape: {got}. 채널 차원은 그대로 두고 사방에서 2픽셀씩 잘라 내세요.",
    },
    "exercise.hint.crop_centre": {
        "en": "The shape is right but not the pixels: take the centre, 2 pixels off each of "
        "the four sides, not a corner.",
        "ko": "shape은 맞지만 픽셀이 다릅니다. 모서리가 아니라 가운데를, 즉 네 변에서 2픽셀씩 "
        "잘라 낸 부분을 가져오세요.",
    },
    "exercise.hint.dataset_label": {
        "en": "The images are right; each label must be the wrapped dataset's label, unchanged.",
        "ko": "이미지는 맞습니다. 레이블은 감싼 데이터셋의 레이블을 그대로 반환해야 합니다.",
    },
    "exercise.hint.epoch_mean_of_batches": {
        "en": "That is the mean of the batches' losses: a short last batch counts as much as a "
        "full one. Weight each batch's loss by its number of images.",
        "ko": "배치 손실의 평균입니다. 이렇게 하면 짧은 마지막 배치가 꽉 찬 배치와 같은 비중을 "
        "가집니다. 배치마다 손실에 이미지 수를 곱해 더하세요.",
    },
    "exercise.hint.epoch_divide": {
        "en": "The weighted sum is right; divide it by the number of images in the epoch.",
        "ko": "가중합은 맞습니다. 그 값을 에폭의 이미지 수로 나누세요.",
    },
    "exercise.hint.epoch_loss": {
        "en": "Add each batch's loss times its number of images, then divide by the number of "
        "images in all the batches.",
        "ko": "배치마다 손실에 이미지 수를 곱해 더한 다음, 모든 배치의 이미지 수로 나누세요.",
    },
    "exercise.hint.after_pool": {
        "en": "That is after the second pooling; conv2's own output is larger.",
        "ko": "두 번째 풀링을 지난 뒤의 shape입니다. conv2 자체의 출력은 더 큽니다.",
    },
    "exercise.hint.batch_dim": {
        "en": "That has a batch dimension: the output for one image is (C, H, W).",
        "ko": "배치 차원이 붙어 있습니다. 이미지 한 장의 출력은 (C, H, W)입니다.",
    },
    "exercise.hint.channels_first": {
        "en": "PyTorch is channels-first: (channels, height, width).",
        "ko": "PyTorch는 채널을 맨 앞에 둡니다: (채널, 높이, 너비).",
    },
    "exercise.hint.conv_size": {
        "en": "A 5x5 convolution takes 4 pixels off, a 2x2 pooling halves; conv2 has 20 channels.",
        "ko": "5x5 합성곱은 높이와 너비를 4픽셀씩 줄이고 2x2 풀링은 절반으로 줄입니다. "
        "conv2의 채널은 20개입니다.",
    },
    "exercise.hint.fraction": {
        "en": "That is a count: divide by the number of rows.",
        "ko": "개수를 센 값입니다. 행의 수로 나누세요.",
    },
    "exercise.hint.percent": {
        "en": "That is a percentage: return a fraction between 0 and 1.",
        "ko": "백분율입니다. 0과 1 사이의 비율로 반환하세요.",
    },
    "exercise.hint.divide_rows": {
        "en": "Divide by the number of rows, len(labels), not by the number of classes.",
        "ko": "클래스 수가 아니라 행의 수, 즉 len(labels)로 나누세요.",
    },
    "exercise.hint.same_value": {
        "en": "Your function returned {value} for every batch: compute the fraction from the "
        "logits and labels it gets.",
        "ko": "작성한 함수가 어느 배치에서나 같은 값({value})을 반환합니다. "
        "받은 logits와 labels로 비율을 계산하세요.",
    },
    "exercise.hint.argmax": {
        "en": "The prediction is the index of each row's largest logit: logits.argmax(dim=1).",
        "ko": "예측은 각 행에서 가장 큰 로짓의 위치(인덱스)입니다: logits.argmax(dim=1).",
    },
    "exercise.hint.forgot_eval": {
        "en": "On a model in training mode your function gives another accuracy than in "
        "evaluation mode: call model.eval() before the forward pass.",
        "ko": "작성한 함수가 학습 모드인 모델에서 평가 모드일 때와 다른 정확도를 냅니다. "
        "순전파 전에 model.eval()을 호출하세요.",
    },
    "exercise.hint.buffers_changed": {
        "en": "The accuracy is right, but BatchNorm's running statistics changed: a forward pass "
        "ran in training mode. Switch to eval() before any forward pass.",
        "ko": "정확도는 맞지만 BatchNorm의 이동 통계가 바뀌었습니다. 학습 모드에서 순전파가 "
        "실행된 것입니다. 어떤 순전파보다도 먼저 eval()로 바꾸세요.",
    },
    "exercise.hint.restore_mode": {
        "en": "The accuracy is right, but the model is not left in the mode it came in: keep "
        "model.training before eval() and give it back with model.train(...) at the end.",
        "ko": "정확도는 맞지만 모델이 함수를 부르기 전의 모드로 돌아가지 않았습니다. eval() 전에 "
        "model.training 값을 보관했다가 끝에 model.train(...)으로 되돌리세요.",
    },
    "exercise.hint.mean": {
        "en": "The first number is the mean: the sum of the values divided by how many there are.",
        "ko": "첫 번째 값은 평균입니다. 값들의 합을 값의 개수로 나눈 것입니다.",
    },
    "exercise.hint.mean_first": {
        "en": "The order is (mean, standard deviation): the mean comes first.",
        "ko": "순서는 (평균, 표준편차)입니다. 평균이 먼저입니다.",
    },
    "exercise.hint.bessel": {
        "en": "That is the standard deviation over n; the spread of a few seeds is estimated "
        "over n - 1, as torch.std does by default (correction=1).",
        "ko": "n으로 나눈 표준편차입니다. 시드 몇 개의 흩어짐은 n - 1로 나누어 추정합니다. "
        "torch.std의 기본값(correction=1)이 그렇게 계산합니다.",
    },
    "exercise.hint.variance": {
        "en": "That is the variance: the standard deviation is its square root.",
        "ko": "분산입니다. 표준편차는 분산의 제곱근입니다.",
    },
    "exercise.hint.std": {
        "en": "The second number is the standard deviation of the values: torch.tensor(values)"
        ".std().",
        "ko": "두 번째 값은 표준편차입니다: torch.tensor(values).std().",
    },
    "exercise.hint.copy_state": {
        "en": "The kept weights are the last epoch's: state_dict() returns the model's own "
        "tensors, which training goes on changing. Keep a copy (copy.deepcopy).",
        "ko": "남긴 가중치가 마지막 에폭의 것입니다. state_dict()는 모델이 가진 Tensor 그 자체를 "
        "반환하고, 학습은 그 Tensor를 계속 바꿉니다. 사본(copy.deepcopy)을 남기세요.",
    },
    "exercise.hint.lowest_loss": {
        "en": "Keep the epoch whose validation loss (history.val_loss[-1]) is lower than every "
        "earlier one.",
        "ko": "검증 손실(history.val_loss[-1])이 앞선 어느 에폭보다 낮은 에폭을 남기세요.",
    },
    "exercise.hint.epoch_from_one": {
        "en": "Epochs count from 1: after the first epoch, history.epochs is 1.",
        "ko": "에폭은 1부터 셉니다. 첫 에폭이 끝나면 history.epochs는 1입니다.",
    },
    "exercise.hint.backward_call": {
        "en": "No gradient reached the weights: call loss.backward().",
        "ko": "가중치에 변화도가 오지 않았습니다. loss.backward()를 호출하세요.",
    },
    "exercise.hint.step": {
        "en": "The weights did not move: optimizer.step() updates them with the gradients that "
        "loss.backward() leaves in .grad, so call it after backward, with no zero_grad() in "
        "between.",
        "ko": "가중치가 바뀌지 않았습니다. optimizer.step()은 loss.backward()가 .grad에 남긴 "
        "변화도로 가중치를 갱신합니다. backward 다음에, 사이에 zero_grad() 없이 호출하세요.",
    },
    "exercise.hint.step_order": {
        "en": "The first call did not move the weights, the second did: call optimizer.step() "
        "after loss.backward(), so that each step uses its own batch's gradients.",
        "ko": "첫 호출에서는 가중치가 그대로였고 두 번째 호출에서 바뀌었습니다. 각 단계가 그 "
        "배치의 변화도를 쓰도록 optimizer.step()을 loss.backward() 다음에 호출하세요.",
    },
    "exercise.hint.cross_entropy": {
        "en": "The loss is not nn.functional.cross_entropy of the model's raw logits: give it "
        "model(x) as it is (it applies log-softmax itself).",
        "ko": "손실이 모델의 로짓을 그대로 넣은 nn.functional.cross_entropy와 다릅니다. "
        "model(x)를 아무것도 거치지 않고 넣으세요(로그 소프트맥스는 cross_entropy가 직접 "
        "적용합니다).",
    },
    "exercise.hint.update": {
        "en": "The weights moved, but not as one optimizer.step() on this batch's gradients "
        "moves them.",
        "ko": "가중치가 바뀌기는 했지만, 이 배치의 변화도로 optimizer.step()을 한 번 부른 "
        "결과와 다릅니다.",
    },
    "exercise.hint.zero_grad": {
        "en": "The gradients of two calls added up: clear them in each call with "
        "optimizer.zero_grad().",
        "ko": "두 번 호출한 변화도가 더해졌습니다. 호출할 때마다 optimizer.zero_grad()로 "
        "변화도를 0으로 만드세요.",
    },
    "exercise.hint.loss": {
        "en": "The weights are right, but the value returned is not the batch's loss: return "
        "loss.item().",
        "ko": "가중치는 맞지만 반환한 값이 그 배치의 손실이 아닙니다. loss.item()을 반환하세요.",
    },
    # hooks
    "exercise.hint.use_hook": {
        "en": "The model never ran: register a forward hook on the layer and run "
        "model(images). Called on the images directly, every layer but the first gets the "
        "wrong input.",
        "ko": "모델이 한 번도 실행되지 않았습니다. 계층에 순전파 훅을 등록하고 model(images)를 "
        "실행하세요. 계층을 이미지에 직접 호출하면 첫 계층 말고는 모두 엉뚱한 입력을 받습니다.",
    },
    "exercise.hint.remove_hook": {
        "en": "A hook is still on the model: keep each handle and call handle.remove().",
        "ko": "모델에 훅이 남아 있습니다. 핸들을 받아 두었다가 handle.remove()를 호출하세요.",
    },
    "exercise.hint.zero_share": {
        "en": "That is the share of non-zero values; the exercise asks for the zeros.",
        "ko": "0이 아닌 값의 비율입니다. 문제는 0인 값의 비율을 묻습니다.",
    },
    "exercise.hint.relu_output": {
        "en": "Hook the layer, apply ReLU to its output, then count the zeros: (out == 0).",
        "ko": "계층에 훅을 걸고, 그 출력에 ReLU를 적용한 다음 0을 세세요: (out == 0).",
    },
    "exercise.hint.saliency_model": {
        "en": "The model is not as it was: its weights' .grad (or requires_grad) changed. "
        "backward() adds to the .grad of every weight; torch.autograd.grad(logit, image) "
        "computes the image's gradient alone.",
        "ko": "모델이 원래 상태가 아닙니다. 가중치의 .grad(또는 requires_grad)가 바뀌었습니다. "
        "backward()는 모든 가중치의 .grad에 변화도를 더합니다. "
        "torch.autograd.grad(logit, image)는 이미지의 변화도만 계산합니다.",
    },
    "exercise.hint.saliency_abs": {
        "en": "That is the right gradient with its sign: return its absolute value, .abs().",
        "ko": "부호가 남은 변화도입니다. 절댓값, 즉 .abs()를 반환하세요.",
    },
    "exercise.hint.saliency_loss": {
        "en": "That is the gradient of the loss, which depends on all ten logits through the "
        "softmax: take the gradient of the predicted class's logit alone, "
        "logits[0, predicted].",
        "ko": "손실의 변화도입니다. 손실은 소프트맥스를 거쳐 로짓 10개 모두에 달려 있습니다. "
        "예측한 클래스의 로짓 하나, 즉 logits[0, predicted]의 변화도를 구하세요.",
    },
    "exercise.hint.saliency_label": {
        "en": "That is the gradient of the label's logit. The map is for the class the model "
        "predicts, logits.argmax(dim=1), which is not the label in the check.",
        "ko": "레이블 클래스 로짓의 변화도입니다. 문제는 모델이 예측한 클래스, 즉 "
        "logits.argmax(dim=1)의 지도를 묻습니다. 확인에 쓰는 숫자에서는 예측과 레이블이 "
        "다릅니다.",
    },
    "exercise.hint.saliency_softmax": {
        "en": "That is the gradient of a probability after the softmax (or of its log, as in "
        "the cross-entropy): take the logit itself, before the softmax.",
        "ko": "소프트맥스를 거친 확률(또는 교차 엔트로피처럼 그 로그)의 변화도입니다. "
        "소프트맥스 전의 로짓 그대로를 쓰세요.",
    },
    "exercise.hint.saliency_scaled": {
        "en": "The map is right up to a factor: return the gradient's absolute value itself, "
        "not rescaled.",
        "ko": "지도가 상수배만큼 다릅니다. 크기를 바꾸지 말고 변화도의 절댓값 그대로를 반환하세요.",
    },
    "exercise.hint.saliency": {
        "en": "Make a copy of the image that requires a gradient, run the model on it, and take "
        "the gradient of logits[0, predicted] with respect to it; then its absolute value.",
        "ko": "변화도가 필요한 이미지 사본을 만들어 모델에 넣고, 그 사본에 대한 "
        "logits[0, predicted]의 변화도를 구한 다음 절댓값을 취하세요.",
    },
    "exercise.hint.hook_return": {
        "en": "The gradient did not change: a tensor hook must return the new gradient.",
        "ko": "변화도가 그대로입니다. Tensor 훅은 새 변화도를 반환해야 합니다.",
    },
    "exercise.hint.hook_in_place": {
        "en": "The hook changed the gradient it received in place: a hook must not modify its "
        "argument; return a new tensor instead.",
        "ko": "훅이 인자로 받은 변화도를 제자리에서 바꿨습니다. 훅은 인자를 수정하면 안 됩니다. "
        "대신 새 Tensor를 반환하세요.",
    },
    "exercise.hint.clamp": {
        "en": "Clamp each entry to [-limit, limit]: grad.clamp(-limit, limit).",
        "ko": "각 값을 [-limit, limit] 안으로 자르세요: grad.clamp(-limit, limit).",
    },
    # RNN
    "exercise.hint.batch_first": {
        "en": "With batch_first=True the output is (batch, steps, hidden).",
        "ko": "batch_first=True이면 출력은 (배치, 단계, 은닉) 순서입니다.",
    },
    "exercise.hint.output_last": {
        "en": "That is one step's output: output holds the hidden state of every step, "
        "(batch, steps, hidden) with batch_first=True.",
        "ko": "한 단계의 출력입니다. output에는 모든 단계의 은닉 상태가 들어 있어, "
        "batch_first=True이면 (배치, 단계, 은닉) 순서입니다.",
    },
    "exercise.hint.output_shape": {
        "en": "output holds the hidden state of every step: (batch, steps, hidden) with "
        "batch_first=True.",
        "ko": "output에는 모든 단계의 은닉 상태가 들어 있습니다. batch_first=True이면 "
        "(배치, 단계, 은닉) 순서입니다.",
    },
    "exercise.hint.state_shape": {
        "en": "h and c are (layers, batch, hidden) even with batch_first=True.",
        "ko": "batch_first=True여도 h와 c는 (계층 수, 배치, 은닉) 순서입니다.",
    },
    "exercise.hint.gates": {
        "en": "That is one gate's worth: an LSTM has four gates.",
        "ko": "게이트 하나 몫입니다. LSTM에는 게이트가 4개 있습니다.",
    },
    "exercise.hint.two_biases": {
        "en": "PyTorch gives each gate two bias vectors, bias_ih and bias_hh.",
        "ko": "PyTorch는 게이트마다 편향 벡터를 두 개(bias_ih, bias_hh) 둡니다.",
    },
    "exercise.hint.rnn_cell": {
        "en": "The model has no nn.RNNCell: apply one nn.RNNCell(8, 64) step by step.",
        "ko": "모델에 nn.RNNCell이 없습니다. nn.RNNCell(8, 64) 하나를 단계마다 적용하세요.",
    },
    "exercise.hint.cell_steps": {
        "en": "The nn.RNNCell ran {calls} times on rows of 8 steps: call it once per step.",
        "ko": "8단계짜리 행에서 nn.RNNCell이 {calls}번 실행되었습니다. 단계마다 한 번씩 "
        "호출하세요.",
    },
    "exercise.hint.carry_state": {
        "en": "At step {step} the cell got no hidden state (None or zeros): pass h on to the "
        "next step, h = cell(x[:, t], h).",
        "ko": "{step}단계에서 셀이 은닉 상태를 받지 못했습니다(None이거나 0). 다음 단계로 h를 "
        "넘기세요: h = cell(x[:, t], h).",
    },
    "exercise.hint.accuracy": {
        "en": "It reached {accuracy:.1%} on the validation digits after {epochs} epochs; the "
        "check wants 85%. Classify from the last hidden state.",
        "ko": "에폭 {epochs}회 학습 뒤의 검증 정확도는 {accuracy:.1%}, 기준은 85%입니다. "
        "마지막 은닉 상태로 분류하세요.",
    },
    # autograd MLP
    "exercise.hint.param_in_place": {
        "en": "Step {step} left the parameters as they were: update each p in place "
        "(p.sub_(...) or p -= ...); p = p - ... makes a new tensor and leaves the caller's p "
        "unchanged.",
        "ko": "{step}번째 단계에서 매개변수가 그대로입니다. p를 제자리에서 갱신하세요"
        "(p.sub_(...)나 p -= ...). p = p - ...는 새 Tensor를 만들 뿐, 호출한 쪽의 p는 "
        "바뀌지 않습니다.",
    },
    "exercise.hint.momentum_first": {
        "en": "Step {step} differs: the velocity starts at the gradient (v = momentum * v + grad, "
        "then p -= lr * v).",
        "ko": "{step}번째 단계부터 다릅니다. 속도는 변화도에서 시작합니다"
        "(v = momentum * v + grad, 그다음 p -= lr * v).",
    },
    "exercise.hint.velocity": {
        "en": "Step {step} differs and the velocities are still zero: keep the running velocity "
        "in them, updated in place (v.mul_(...).add_(...)), and step with it.",
        "ko": "{step}번째 단계부터 다르고, 속도는 여전히 0입니다. 속도를 제자리에서"
        "(v.mul_(...).add_(...)) 누적하고, 그 속도로 매개변수를 갱신하세요.",
    },
    "exercise.hint.velocity_carry": {
        "en": "Step {step} differs: each step's velocity is momentum times the previous "
        "velocity plus the gradient.",
        "ko": "{step}번째 단계부터 다릅니다. 각 단계의 속도는 이전 속도에 momentum을 곱하고 "
        "변화도를 더한 값입니다.",
    },
    "exercise.hint.relu_zero": {
        "en": "At x = 0 autograd passes no gradient: use x > 0, not x >= 0.",
        "ko": "x = 0에서 autograd는 변화도를 보내지 않습니다. x >= 0이 아니라 x > 0을 쓰세요.",
    },
    "exercise.hint.relu_input": {
        "en": "The mask comes from the input x (where x > 0), not from the sign of grad_output.",
        "ko": "마스크는 grad_output의 부호가 아니라 입력 x에서 나옵니다(x > 0인 곳).",
    },
    "exercise.hint.relu_mask": {
        "en": "ReLU passes grad_output where x > 0 and 0 elsewhere.",
        "ko": "ReLU는 x > 0인 곳에서는 grad_output을, 나머지에서는 0을 보냅니다.",
    },
    "exercise.hint.init_layout": {
        "en": "The weight is shaped fan_out x fan_in ({fan_out} x {fan_in}), nn.Linear's "
        "layout; here a layer computes x @ w, so w is fan_in x fan_out: transpose it.",
        "ko": "가중치의 shape이 nn.Linear와 같은 fan_out x fan_in({fan_out} x {fan_in}) "
        "순서입니다. 여기서는 계층이 x @ w를 계산하므로 w는 fan_in x fan_out이어야 합니다. "
        "전치하세요.",
    },
    "exercise.hint.init_random": {
        "en": "All the weights are equal: every hidden unit would compute the same thing and "
        "get the same gradient. Draw them at random.",
        "ko": "가중치가 모두 같습니다. 그러면 모든 은닉 유닛이 같은 값을 계산하고 같은 변화도를 "
        "받습니다. 무작위로 뽑으세요.",
    },
    "exercise.hint.init_mean": {
        "en": "The weights are not centred on 0: draw them from a distribution of mean 0, such "
        "as torch.randn.",
        "ko": "가중치의 평균이 0이 아닙니다. torch.randn처럼 평균이 0인 분포에서 뽑으세요.",
    },
    "exercise.hint.init_unscaled": {
        "en": "The standard deviation of x @ w grows with the square root of fan_in: "
        "{low:.3g} at fan_in = {low_in}, {high:.3g} at fan_in = {high_in}. A scale that does "
        "not depend on fan_in fits one size at most.",
        "ko": "x @ w의 표준편차가 fan_in의 제곱근에 비례해 커집니다(fan_in = {low_in}: "
        "{low:.3g}, fan_in = {high_in}: {high:.3g}). fan_in과 상관없는 배율은 기껏해야 한 "
        "크기에만 맞습니다.",
    },
    "exercise.hint.init_fan_in": {
        "en": "Scaled too much: x @ w has standard deviation {low:.3g} at fan_in = {low_in}. A "
        "sum of fan_in terms grows as the square root of fan_in, not as fan_in.",
        "ko": "너무 많이 줄였습니다(fan_in = {low_in}: x @ w의 표준편차 {low:.3g}). "
        "항 fan_in개의 합은 fan_in이 아니라 fan_in의 제곱근에 비례해 커집니다.",
    },
    "exercise.hint.init_fan_out": {
        "en": "The scale follows fan_out, the number of outputs: x @ w has standard deviation "
        "{low:.3g} at {low_in} x {low_out} and {high:.3g} at {high_in} x {high_out}. Each "
        "output adds up fan_in products (nn.init on a fan_in x fan_out tensor takes "
        "size(1) = fan_out as its fan-in).",
        "ko": "배율이 출력의 개수인 fan_out을 따릅니다(x @ w의 표준편차: {low_in} x "
        "{low_out}: {low:.3g}, {high_in} x {high_out}: {high:.3g}). 출력 하나는 곱 "
        "fan_in개의 합입니다(fan_in x fan_out Tensor에 nn.init을 쓰면 size(1), 즉 fan_out을 "
        "fan-in으로 여깁니다).",
    },
    "exercise.hint.init_factor": {
        "en": "The scale follows fan_in, but x @ w has standard deviation {std:.2f} at every "
        "size: the factor in front is off (aim for 1, or about 1.41 with Kaiming's 2).",
        "ko": "배율은 fan_in을 따르지만 x @ w의 표준편차가 모든 크기에서 {std:.2f} 정도입니다. "
        "앞에 곱하는 계수가 맞지 않습니다(1, 또는 Kaiming의 2를 쓰면 약 1.41이 목표입니다).",
    },
    "exercise.hint.init_size": {
        "en": "x @ w has standard deviation {low:.3g} at {low_in} x {low_out} but {high:.3g} at "
        "{high_in} x {high_out}: it should be about 1 at every size. Scale by fan_in alone.",
        "ko": "x @ w의 표준편차가 크기마다 다릅니다({low_in} x {low_out}: {low:.3g}, "
        "{high_in} x {high_out}: {high:.3g}). 모든 크기에서 1 정도여야 합니다. fan_in만으로 "
        "배율을 정하세요.",
    },
    "exercise.hint.init_train": {
        "en": "The spread is right at the sizes tried, but the lesson's network, with "
        "w1 = init_weight(1000, 100) and w2 = init_weight(100, 2), went from a loss of "
        "{first:.3g} to {last:.3g} in 200 steps with a mean loss at lr 1e-2: check w2 too.",
        "ko": "확인한 크기에서는 퍼짐이 맞지만, w1 = init_weight(1000, 100), "
        "w2 = init_weight(100, 2)로 만든 강의의 신경망을 평균 손실, lr 1e-2로 200단계 학습해도 "
        "손실이 충분히 줄지 않았습니다(처음 {first:.3g}, 마지막 {last:.3g}). w2도 "
        "확인하세요.",
    },
}
"""Message key -> language -> text (a ``str.format`` template)."""

_language = LANGUAGES[0]


def set_language(language: str) -> None:
    """Print and draw in ``language`` from now on: ``"en"`` or ``"ko"``."""
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {language!r}.")
    _language = language


def get_language() -> str:
    """The language set by :func:`set_language` (``"en"`` until then)."""
    return _language


def text(key: str, **fields: object) -> str:
    """The message ``key`` in the current language, with ``fields`` filled in."""
    try:
        template = MESSAGES[key][_language]
    except KeyError:
        raise KeyError(f"no {_language!r} text for the message {key!r} in MESSAGES") from None
    return template.format(**fields)


def columns(text: str) -> int:
    """How many columns ``text`` takes in a monospace font: a wide character (Hangul) takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, width: int = 80) -> str:
    """``text`` broken at spaces into lines of at most ``width`` columns, a wide character
    counting twice (``textwrap.fill`` counts characters, so a Korean line came out nearly
    twice as wide as an English one). A word longer than a line keeps a line of its own."""
    lines: list[str] = []
    line: list[str] = []
    used = 0
    for word in text.split():
        needed = columns(word) + (1 if line else 0)
        if line and used + needed > width:
            lines.append(" ".join(line))
            line, used = [word], columns(word)
        else:
            line.append(word)
            used += needed
    if line:
        lines.append(" ".join(line))
    return "\n".join(lines)
