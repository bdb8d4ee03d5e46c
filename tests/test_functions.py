"""The custom autograd operations of nn_tutorial.functions."""

from __future__ import annotations

import pytest
import torch

from nn_tutorial import functions


def test_softplus_backward_passes_gradcheck_in_double_precision():
    x = torch.tensor([-30.0, -3.0, -0.5, 0.0, 0.5, 3.0, 30.0], dtype=torch.float64)
    assert torch.autograd.gradcheck(functions.softplus, (x.requires_grad_(),))
    torch.manual_seed(0)
    batch = torch.randn(4, 5, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(functions.softplus, (batch,))


def test_softplus_matches_torch_and_stays_finite_where_the_formula_overflows():
    x = torch.linspace(-50, 200, 1001, requires_grad=True)
    y = functions.softplus(x)
    reference = torch.log1p(torch.exp(x.detach().double()))  # float64 does not overflow here
    assert torch.allclose(y.double(), reference, rtol=1e-6, atol=0)
    assert torch.isinf(torch.log(1 + torch.exp(x.detach()))).any()  # the float32 formula does
    y.sum().backward()
    assert torch.isfinite(y).all() and torch.isfinite(x.grad).all()
    assert torch.allclose(x.grad, torch.sigmoid(x.detach()))
    assert type(y.grad_fn).__name__ == "SoftplusBackward"


def test_softplus_names_what_it_expected_when_given_integers():
    with pytest.raises(TypeError, match=r"floating-point torch.Tensor, got torch.int64"):
        functions.softplus(torch.arange(3))
    with pytest.raises(TypeError, match=r"floating-point torch.Tensor, got list"):
        functions.softplus([1.0, 2.0])
