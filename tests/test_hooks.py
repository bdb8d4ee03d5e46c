"""Hook helpers: what they record, and that they leave no hook behind."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from nn_tutorial import hooks, models, training


def hook_count(model: nn.Module) -> int:
    return sum(
        len(m._forward_hooks) + len(m._forward_pre_hooks) + len(m._backward_hooks)
        for m in model.modules()
    )


def test_record_activations_stores_each_layer_output_then_removes_its_hooks():
    net = models.MNISTConvNet()
    with hooks.record_activations(net, ["conv1", "conv2"]) as activations:
        net(torch.randn(2, 1, 28, 28))
    assert activations["conv1"].shape == (2, 10, 24, 24)
    assert activations["conv2"].shape == (2, 20, 8, 8)
    assert not activations["conv1"].requires_grad
    assert hook_count(net) == 0


def test_record_grad_norms_one_norm_per_backward():
    net = models.MNISTConvNet()
    with hooks.record_grad_norms(net, ["conv2", "fc2"]) as norms:
        for _ in range(3):
            net(torch.randn(4, 1, 28, 28)).sum().backward()
    assert [len(v) for v in norms.values()] == [3, 3]
    assert all(n > 0 for n in norms["conv2"])
    assert hook_count(net) == 0


def test_record_grad_norms_works_on_the_first_layer_without_warning():
    net = models.MNISTConvNet()  # conv1's input is the data: it requires no gradient
    with hooks.record_grad_norms(net, ["conv1"]) as norms:
        net(torch.randn(2, 1, 28, 28)).sum().backward()
    assert len(norms["conv1"]) == 1 and norms["conv1"][0] > 0


def test_hooks_are_removed_when_the_body_raises():
    net = models.LeNet()
    with pytest.raises(ValueError), hooks.record_activations(net, ["conv1"]):
        net(torch.randn(1, 1, 28, 28))
    with pytest.raises(RuntimeError), hooks.record_grad_norms(net, ["fc3"]):
        raise RuntimeError("boom")
    assert hook_count(net) == 0


def test_unknown_layer_name_lists_the_names_there_are():
    with (
        pytest.raises(KeyError, match=r"no submodule.*conv3.*conv1, conv2, fc1"),
        hooks.record_activations(models.LeNet(), ["conv3"]),
    ):
        pass


def test_shape_trace_answers_where_16_6_6_comes_from():
    net = models.LeNet()
    steps = hooks.shape_trace(net, torch.randn(1, 1, 32, 32))
    names = [step.name for step in steps]
    assert names == [
        "input", "conv1", "relu", "max_pool2d", "conv2", "relu", "max_pool2d",
        "flatten", "fc1", "relu", "fc2", "relu", "fc3",
    ]  # fmt: skip
    before_flatten = steps[names.index("flatten") - 1]
    assert before_flatten.shape == (1, 16, 6, 6)
    assert steps[names.index("flatten")].shape == (1, 16 * 6 * 6)
    assert steps[-1].shape == (1, 10)
    assert hook_count(net) == 0


def test_shape_trace_removes_hooks_when_the_model_raises():
    net = models.LeNet()
    with pytest.raises(ValueError, match="32 x 32"):
        hooks.shape_trace(net, torch.randn(1, 1, 28, 28))
    assert hook_count(net) == 0


def test_record_activations_keeps_the_output_before_an_inplace_relu():
    block = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(inplace=True))
    with hooks.record_activations(block, ["0"]) as activations, torch.no_grad():
        block(torch.randn(1, 1, 6, 6))
    assert (activations["0"] < 0).any()  # the ReLU after it did not reach the record


def test_record_grad_norms_scale_as_one_over_sqrt_batch_size_with_a_mean_loss():
    # Each digit's part of the output gradient is its own gradient / B: the norm is g / sqrt(B).
    net = models.MNISTConvNet()
    images = torch.randn(4, 1, 28, 28)
    labels = torch.tensor([0, 1, 2, 3])
    with hooks.record_grad_norms(net, ["conv1", "fc2"]) as norms:
        nn.functional.cross_entropy(net(images), labels).backward()
        nn.functional.cross_entropy(net(images.repeat(16, 1, 1, 1)), labels.repeat(16)).backward()
    for name in ("conv1", "fc2"):
        small, large = norms[name]
        assert small / large == pytest.approx(4.0, rel=1e-4)  # sqrt(64 / 4)


def test_a_backward_hook_forbids_an_inplace_relu_after_its_module():
    block = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(inplace=True))
    with (
        pytest.raises(RuntimeError, match="BackwardHookFunction is a view"),
        hooks.record_grad_norms(block, ["0"]),
    ):
        block(torch.randn(1, 1, 6, 6))
    assert hook_count(block) == 0


def test_record_zero_shares_counts_what_the_relu_zeroes_in_training_mode_only():
    layer = nn.Linear(4, 3)
    with torch.no_grad():
        layer.weight.copy_(torch.eye(3, 4))
        layer.bias.zero_()
    model = nn.Sequential(layer, nn.ReLU())
    x = torch.tensor([[1.0, -1.0, 0.0, 5.0], [2.0, 3.0, -4.0, 5.0]])  # outputs: 1,-1,0 / 2,3,-4
    with hooks.record_zero_shares(model, ["0", "1"]) as shares:
        model(x)
        model.eval()
        model(x)  # not recorded: an evaluation pass
    assert shares["0"] == [pytest.approx(3 / 6)]  # -1, 0 and -4 are <= 0
    assert shares["1"] == [pytest.approx(3 / 6)]  # the ReLU's zeros: the same values
    assert hook_count(model) == 0


def test_record_zero_shares_one_value_per_training_step_of_fit():
    torch.manual_seed(0)
    net = models.MNISTConvNet()
    images, labels = torch.randn(130, 1, 28, 28), torch.arange(130) % 10
    small = torch.utils.data.TensorDataset(images, labels)  # 3 batches: 64, 64 and 2
    validation = torch.utils.data.TensorDataset(images[:8], labels[:8])
    with hooks.record_zero_shares(net, ["conv1", "fc1"]) as shares:
        training.fit(
            net, small, validation, epochs=2, device="cpu", log=None,
            optimizer=torch.optim.SGD(net.parameters(), lr=0.01), loss_fn=nn.CrossEntropyLoss(),
        )  # fmt: skip
    assert [len(v) for v in shares.values()] == [6, 6]  # 2 epochs of 3 steps, no evaluation
    assert all(0 < share < 1 for share in shares["conv1"])


def test_record_update_ratios_measures_the_step_the_optimizer_made():
    layer = nn.Linear(2, 2, bias=False)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor([[3.0, 0.0], [0.0, 4.0]]))  # norm 5
    optimizer = torch.optim.SGD(layer.parameters(), lr=0.1)
    model = nn.Sequential(layer)
    with hooks.record_update_ratios(model, optimizer, ["0"]) as ratios:
        layer.weight.grad = torch.tensor([[1.0, 0.0], [0.0, 0.0]])
        optimizer.step()  # moves the weight by 0.1
        layer.weight.grad = torch.tensor([[0.0, 0.0], [0.0, 0.0]])
        optimizer.step()
    assert ratios["0"] == [pytest.approx(0.1 / 5), 0.0]
    optimizer.step()  # after the block: no hook records it
    assert len(ratios["0"]) == 2
    assert not optimizer._optimizer_step_pre_hooks and not optimizer._optimizer_step_post_hooks


def test_record_update_ratios_needs_layers_with_a_weight():
    model = nn.Sequential(nn.Linear(2, 2), nn.ReLU())
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    with (
        pytest.raises(ValueError, match="1 \\(ReLU\\) has no weight"),
        hooks.record_update_ratios(model, optimizer, ["1"]),
    ):
        pass
