"""The autograd facts the first lesson prints."""

from __future__ import annotations

import torch


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
