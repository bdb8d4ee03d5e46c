"""The autograd facts the first lesson prints."""

from __future__ import annotations

import warnings

import pytest
import torch
from torch import nn

from nn_tutorial import data


def test_mean_of_3_times_x_plus_2_squared_has_gradient_4_5_then_9_when_run_twice():
    x = torch.ones(2, 2, requires_grad=True)

    def forward_backward():
        out = (3 * (x + 2) ** 2).mean()
        out.backward()

    forward_backward()
    assert torch.equal(x.grad, torch.full((2, 2), 4.5))
    forward_backward()  # gradients add up until they are zeroed
    assert torch.equal(x.grad, torch.full((2, 2), 9.0))


def test_vector_jacobian_product_equals_v_times_jacobian():
    torch.manual_seed(0)
    x = torch.randn(3, requires_grad=True)

    def f(x):
        return torch.stack([x[0] * x[1], x[1] ** 2 + x[2], torch.sin(x[2]) * x[0]])

    v = torch.tensor([0.1, 1.0, 0.0001])
    f(x).backward(v)
    jacobian = torch.autograd.functional.jacobian(f, x.detach())
    assert torch.allclose(x.grad, v @ jacobian)


def test_a_second_backward_through_a_freed_graph_fails_unless_the_first_retains_it():
    x = torch.ones(2, 2, requires_grad=True)
    out = (3 * (x + 2) ** 2).mean()
    out.backward()
    with pytest.raises(RuntimeError, match=r"backward through the graph a second time.*"
                       r"Specify retain_graph=True"):  # fmt: skip
        out.backward()

    x.grad = None
    h = (x + 2) ** 2
    loss_a, loss_b = h.mean(), (3 * h).sum()
    loss_a.backward(retain_graph=True)
    assert torch.equal(x.grad, torch.full((2, 2), 1.5))
    assert torch.equal(h.grad_fn._saved_self, x.detach() + 2)  # kept in memory for the 2nd pass
    loss_b.backward()
    two_passes = x.grad.clone()

    x.grad = None
    h = (x + 2) ** 2
    (h.mean() + (3 * h).sum()).backward()
    assert torch.equal(two_passes, x.grad)
    assert torch.equal(x.grad, torch.full((2, 2), 19.5))


def test_retain_grad_keeps_the_gradient_of_a_non_leaf_tensor():
    x = torch.ones(2, 2, requires_grad=True)
    y = x + 2
    y.retain_grad()
    z = y * y * 3
    z.retain_grad()
    z.mean().backward()
    assert torch.equal(z.grad, torch.full((2, 2), 0.25))
    assert torch.equal(y.grad, torch.full((2, 2), 4.5))

    y = x + 2
    (y * y).mean().backward()
    with pytest.warns(UserWarning, match="not a leaf Tensor"):
        assert y.grad is None


def test_jacobian_is_built_row_by_row_from_one_vector_jacobian_product_per_output():
    def f(x):
        return torch.stack([x[0] ** 2, x[0] * x[1], 3 * x[1]])

    x = torch.tensor([2.0, 3.0], requires_grad=True)
    jacobian = torch.autograd.functional.jacobian(f, x)
    assert torch.equal(jacobian, torch.tensor([[4.0, 0.0], [3.0, 2.0], [0.0, 3.0]]))
    y = f(x)
    rows = [torch.autograd.grad(y, x, e_i, retain_graph=True)[0] for e_i in torch.eye(3)]
    assert torch.equal(torch.stack(rows), jacobian)
    v = torch.tensor([1.0, 0.5, 2.0])
    y.backward(v)
    assert torch.equal(x.grad, torch.tensor([5.5, 7.0]))
    assert torch.equal(x.grad, v @ jacobian)


def test_no_grad_results_can_enter_autograd_later_but_inference_tensors_cannot():
    x = torch.randn(3, requires_grad=True)
    with torch.no_grad():
        doubled_no_grad = x * 2
    with torch.inference_mode():
        doubled_inference = x * 2
    assert not doubled_no_grad.is_inference() and doubled_inference.is_inference()
    w = torch.ones(3, requires_grad=True)
    (w * doubled_no_grad).sum().backward()
    assert torch.equal(w.grad, doubled_no_grad)
    with pytest.raises(RuntimeError, match="Inference tensors cannot be saved for backward"):
        (w * doubled_inference).sum().backward()


def test_frozen_parameters_get_no_gradient():
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 1))
    net[0].requires_grad_(False)
    net(torch.randn(8, 4)).pow(2).mean().backward()
    assert net[0].weight.grad is None and net[0].bias.grad is None
    assert net[2].weight.grad is not None and net[2].weight.grad.abs().sum() > 0


def test_softplus_written_as_it_reads_overflows_and_the_stable_rewrite_has_the_wrong_slope_at_0():
    x = torch.tensor([0.0, 100.0], requires_grad=True)
    naive = torch.log(1 + torch.exp(x))
    naive.sum().backward()
    assert torch.isinf(naive[1]) and torch.isnan(x.grad[1])

    x.grad = None
    (x.clamp(min=0) + torch.log1p(torch.exp(-x.abs()))).sum().backward()
    assert x.grad[0] == 1.0  # the true derivative, sigmoid(0), is 0.5


def test_inference_tensors_enter_autograd_unless_saved_changed_in_place_or_made_to_need_grad():
    x = torch.randn(3, requires_grad=True)
    with torch.inference_mode():
        doubled_inference = x * 2
    w = torch.ones(3, requires_grad=True)
    (w + doubled_inference).sum().backward()  # the addition saves nothing
    assert torch.equal(w.grad, torch.ones(3))
    with pytest.raises(RuntimeError, match="Inplace update to inference tensor"):
        doubled_inference.add_(1)
    with pytest.raises(RuntimeError, match="requires_grad=True on inference tensor"):
        doubled_inference.requires_grad_()


def test_an_in_place_change_through_a_detached_tensor_breaks_the_backward_pass():
    x = torch.randn(3, requires_grad=True)
    exp_x = x.exp()  # exp saves its result for the backward pass
    exp_x.detach().zero_()  # shared memory and version counter
    assert torch.equal(exp_x.detach(), torch.zeros(3))
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        exp_x.sum().backward()


def test_the_nan_of_naive_softplus_is_zero_times_inf_and_pytorchs_softplus_is_stable():
    points = torch.tensor([-10.0, 0.0, 100.0], requires_grad=True)
    exp_points = points.exp()
    exp_points.retain_grad()
    torch.log(1 + exp_points).sum().backward()
    assert exp_points.grad[2] == 0 and torch.isinf(exp_points[2])  # 1 / (1 + inf), then e^100
    assert torch.isnan(points.grad[2])  # 0 * inf

    value = nn.functional.softplus(points)
    (gradient,) = torch.autograd.grad(value.sum(), points)
    assert torch.isfinite(value).all() and gradient[1] == 0.5 and gradient[2] == 1.0
    assert torch.allclose(value, torch.logaddexp(points, torch.tensor(0.0)))


def test_torch_func_jacrev_gives_the_jacobian_of_autograd_functional():
    def f(x):
        return torch.stack([x[0] ** 2, x[0] * x[1], 3 * x[1]])

    x = torch.tensor([2.0, 3.0], requires_grad=True)
    assert torch.equal(torch.func.jacrev(f)(x), torch.autograd.functional.jacobian(f, x))


def test_each_in_place_change_adds_one_to_the_version_the_error_reports():
    x = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
    y = x.exp()  # exp saves its result
    y.add_(1)
    y.mul_(2)
    assert y._version == 2
    with pytest.raises(RuntimeError, match=r"output 0 of Exp, is at version 2; expected version 0"):
        y.sum().backward()

    y = x.exp()
    (gradient,) = torch.autograd.grad(((y + 1) * 2).sum(), x)  # out of place: y untouched
    assert y._version == 0 and torch.allclose(gradient, 2 * x.detach().exp())
    doubled = x * 2  # saves nothing of its result: changing it in place is allowed
    doubled.add_(1)
    doubled.sum().backward()
    assert torch.equal(x.grad, torch.full((3,), 2.0))


def test_anomaly_detection_names_the_forward_operation_and_its_line():
    x = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with torch.autograd.set_detect_anomaly(True):
            y = x.exp()
            y.add_(1)
            with pytest.raises(RuntimeError, match="modified by an inplace operation"):
                y.sum().backward()
    trace = str(caught[0].message).split(" (Triggered internally")[0].splitlines()
    assert trace[0].startswith("Error detected in ExpBackward0")
    assert trace[-1].strip() == "y = x.exp()"


def test_create_graph_gives_the_second_derivative_of_x_cubed():
    x = torch.tensor([-1.0, 0.5, 2.0], requires_grad=True)
    (first,) = torch.autograd.grad((x**3).sum(), x, create_graph=True)
    (second,) = torch.autograd.grad(first.sum(), x)
    assert torch.equal(first.detach(), 3 * x.detach() ** 2)
    assert torch.equal(second, 6 * x.detach())
    (plain,) = torch.autograd.grad((x**3).sum(), x)
    assert plain.grad_fn is None
    with pytest.raises(RuntimeError, match="does not require grad"):
        torch.autograd.grad(plain.sum(), x)


def test_micro_batch_gradients_divided_by_k_add_up_to_the_full_batch_gradient():
    inputs, targets = data.random_regression(32, 8, 1, seed=0)
    torch.manual_seed(0)
    w = torch.randn(8, 1, requires_grad=True)

    def mse(w, inputs, targets):
        return ((inputs @ w - targets) ** 2).mean()

    mse(w, inputs, targets).backward()
    full_batch = w.grad.clone()
    for scale in (1.0, 1 / 4):
        w.grad = None
        for inputs_i, targets_i in zip(inputs.chunk(4), targets.chunk(4), strict=True):
            (mse(w, inputs_i, targets_i) * scale).backward()
        assert torch.allclose(w.grad, 4 * scale * full_batch, rtol=1e-5, atol=1e-5)  # 4x, or 1x
