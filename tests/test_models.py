"""The networks: the facts the lessons print, and clear errors for wrong input."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from nn_tutorial import language, models

LENET_LISTING = """LeNet(
  (conv1): Conv2d(1, 6, kernel_size=(3, 3), stride=(1, 1))
  (conv2): Conv2d(6, 16, kernel_size=(3, 3), stride=(1, 1))
  (fc1): Linear(in_features=576, out_features=120, bias=True)
  (fc2): Linear(in_features=120, out_features=84, bias=True)
  (fc3): Linear(in_features=84, out_features=10, bias=True)
)"""

CONVNET_LISTING = """MNISTConvNet(
  (conv1): Conv2d(1, 10, kernel_size=(5, 5), stride=(1, 1))
  (pool1): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
  (conv2): Conv2d(10, 20, kernel_size=(5, 5), stride=(1, 1))
  (pool2): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
  (fc1): Linear(in_features=320, out_features=50, bias=True)
  (fc2): Linear(in_features=50, out_features=10, bias=True)
)"""


def test_lenet_prints_its_five_layers():
    assert str(models.LeNet()) == LENET_LISTING


def test_lenet_parameters_as_the_lesson_prints_them():
    params = list(models.LeNet().parameters())
    assert len(params) == 10
    assert params[0].shape == torch.Size([6, 1, 3, 3])


def test_lenet_maps_a_batch_of_32x32_images_to_10_logits():
    assert models.LeNet()(torch.randn(4, 1, 32, 32)).shape == (4, 10)


def test_convnet_layers_in_order_and_logits_out():
    net = models.MNISTConvNet()
    assert str(net) == CONVNET_LISTING
    torch.manual_seed(0)
    out = net(torch.randn(16, 1, 28, 28))
    assert out.shape == (16, 10)
    assert (out < 0).any(), "the last layer must give raw logits, not ReLU outputs"


def test_conv1_bias_gradient_is_zero_before_backward_and_not_after():
    torch.manual_seed(0)
    net = models.LeNet()
    loss = nn.MSELoss()(net(torch.randn(1, 1, 32, 32)), torch.randn(1, 10))
    net.zero_grad()
    before = net.conv1.bias.grad
    assert before is None or torch.count_nonzero(before) == 0
    loss.backward()
    assert torch.count_nonzero(net.conv1.bias.grad) > 0


def test_lenet_given_mnist_sized_images_says_to_resize():
    with pytest.raises(ValueError, match=r"expects 32 x 32 images, got 28 x 28.*resized"):
        models.LeNet()(torch.randn(2, 1, 28, 28))


@pytest.mark.parametrize(
    ("net", "image"),
    [(models.LeNet(), torch.randn(1, 32, 32)), (models.MNISTConvNet(), torch.randn(1, 28, 28))],
)
def test_an_unbatched_image_is_refused_with_the_true_reason(net, image):
    expected = f"N x 1 x {image.shape[-1]} x {image.shape[-1]}"
    with pytest.raises(ValueError) as error:
        net(image)
    message = str(error.value)
    assert f"expects a batch of images shaped {expected}, got one image shaped " in message
    assert str(list(image.shape)) in message
    assert "convolutions and poolings would accept it" in message
    assert "torch.flatten(x, 1)" in message and "x.unsqueeze(0)" in message


def test_what_the_message_claims_is_what_pytorch_does_without_the_check():
    # The same layers, called by hand without check_images: the convolutions and the
    # poolings take one unbatched image, and the first Linear layer is where it fails.
    torch.manual_seed(0)
    net = models.LeNet()
    x = F.max_pool2d(F.relu(net.conv1(torch.randn(1, 32, 32))), 2)
    x = F.max_pool2d(F.relu(net.conv2(x)), 2)
    assert x.shape == (16, 6, 6)
    x = torch.flatten(x, 1)
    assert x.shape == (16, 36)
    with pytest.raises(RuntimeError, match=r"mat1 and mat2 shapes cannot be multiplied"):
        net.fc1(x)


def test_input_errors_speak_the_language_the_lesson_set():
    language.set_language("ko")
    try:
        with pytest.raises(ValueError, match=r"이미지 한 장이 왔습니다.*x.unsqueeze\(0\)"):
            models.LeNet()(torch.randn(1, 32, 32))
        with pytest.raises(ValueError, match=r"32 x 32로 바꿔야"):
            models.LeNet()(torch.randn(2, 1, 28, 28))
        with pytest.raises(TypeError, match=r"torch.Tensor가 와야 하는데 list 객체"):
            models.MNISTConvNet()([1, 2])
    finally:
        language.set_language("en")


def test_grad_fn_objects_are_graph_nodes_not_autograd_functions():
    # The LeNet lesson prints this: a grad_fn is a torch.autograd.graph.Node, while
    # torch.autograd.Function is the class a user subclasses to define an operation.
    out = models.LeNet()(torch.randn(1, 1, 32, 32))
    assert type(out.grad_fn).__name__ == "AddmmBackward0"
    assert isinstance(out.grad_fn, torch.autograd.graph.Node)
    assert not isinstance(out.grad_fn, torch.autograd.Function)


def test_unbatched_inputs_of_rnn_and_mlp_ask_for_unsqueeze():
    rnn = models.RNN(8, 16, 10)
    with pytest.raises(ValueError, match=r"data.unsqueeze\(0\)"):
        rnn(torch.randn(8), rnn.init_hidden(1))
    with pytest.raises(ValueError, match=r"unsqueeze\(0\)"):
        models.TwoLayerNet(5, 4, 2)(torch.randn(5))
    with pytest.raises(ValueError, match=r"sequences.unsqueeze\(0\)"):
        models.SequenceClassifier(rnn)(torch.randn(8, 8))


def test_wrong_channel_count_names_expected_and_actual_shapes():
    with pytest.raises(ValueError, match=r"N x 1 x 28 x 28, got \[2, 3, 28, 28\]"):
        models.MNISTConvNet()(torch.randn(2, 3, 28, 28))


def test_rnn_step_shapes_and_bounded_hidden_state():
    rnn = models.RNN(50, 20, 10)
    hidden = rnn.init_hidden(10)
    assert hidden.shape == (10, 20) and torch.count_nonzero(hidden) == 0
    hidden, output = rnn(100 * torch.randn(10, 50), hidden)
    assert output.shape == (10, 10)
    assert hidden.abs().max() <= 1.0  # tanh keeps the state in [-1, 1]


def test_rnn_shares_its_weights_across_time_steps():
    torch.manual_seed(0)
    rnn = models.RNN(50, 20, 10)
    hidden = rnn.init_hidden(10)
    loss = 0
    for _ in range(5):
        hidden, output = rnn(torch.randn(10, 50), hidden)
        loss = loss + nn.MSELoss()(output, torch.randn(10, 10))
    loss.backward()
    assert len(list(rnn.parameters())) == 4  # one set of weights, however many steps
    assert rnn.i2h.weight.grad.shape == (20, 70)


def test_rnn_matches_rnncell_with_the_same_weights():
    torch.manual_seed(0)
    rnn = models.RNN(8, 16, 10)
    cell = nn.RNNCell(8, 16)
    with torch.no_grad():
        cell.weight_ih.copy_(rnn.i2h.weight[:, :8])
        cell.weight_hh.copy_(rnn.i2h.weight[:, 8:])
        cell.bias_ih.copy_(rnn.i2h.bias)
        cell.bias_hh.zero_()
    x, h = torch.randn(3, 8), torch.randn(3, 16)
    assert torch.allclose(rnn(x, h)[0], cell(x, h), atol=1e-6)


def test_two_layer_net_manual_gradients_equal_autograd():
    generator = torch.Generator().manual_seed(0)
    net = models.TwoLayerNet(30, 20, 2, generator=generator)
    x, y = torch.randn(8, 30, generator=generator), torch.randn(8, 2, generator=generator)
    ((net(x) - y) ** 2).sum().backward()
    grad_w1, grad_w2 = net.manual_gradients(x, y)
    assert torch.allclose(grad_w1, net.w1.grad, rtol=1e-4, atol=1e-3)
    assert torch.allclose(grad_w2, net.w2.grad, rtol=1e-4, atol=1e-3)


def test_two_layer_net_gradients_pass_gradcheck_in_float64():
    net = models.TwoLayerNet(6, 5, 2, generator=torch.Generator().manual_seed(1))
    w1 = net.w1.detach().double().requires_grad_()
    w2 = net.w2.detach().double().requires_grad_()
    x, y = torch.randn(4, 6, dtype=torch.float64), torch.randn(4, 2, dtype=torch.float64)

    def loss(w1, w2):
        return ((x.mm(w1).relu().mm(w2) - y) ** 2).sum()

    assert torch.autograd.gradcheck(loss, (w1, w2))
    net.w1, net.w2 = w1, w2
    loss(w1, w2).backward()
    manual = net.manual_gradients(x, y)
    assert torch.allclose(manual[0], w1.grad) and torch.allclose(manual[1], w2.grad)


def test_only_the_weights_of_two_layer_net_require_grad():
    net = models.TwoLayerNet(10, 4, 2)
    assert [p.requires_grad for p in net.parameters()] == [True, True]
    assert [p.shape for p in net.parameters()] == [(10, 4), (4, 2)]
