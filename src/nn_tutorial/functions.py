"""Operations written as :class:`torch.autograd.Function`: a forward and the backward we choose.

The autograd lesson shows :class:`Softplus`, and a test runs
:func:`torch.autograd.gradcheck` on it.
"""

from __future__ import annotations

import torch

__all__ = ["Softplus", "softplus"]


class Softplus(torch.autograd.Function):
    """``softplus(x) = log(1 + exp(x))``, without overflow, with its exact derivative.

    Written as ``torch.log(1 + torch.exp(x))`` it overflows for large ``x``
    (``exp(100)`` is ``inf`` in float32) and its gradient becomes ``nan``. The
    stable rewrite ``max(x, 0) + log1p(exp(-|x|))`` has kinks at 0, where
    autograd's derivative of the pieces gives 1 instead of 0.5. The derivative
    is known in closed form, ``sigmoid(x)``, so backward uses it, and only the
    input is saved for it.
    """

    @staticmethod
    def forward(ctx, x: torch.Tensor) -> torch.Tensor:
        ctx.save_for_backward(x)
        return x.clamp(min=0) + torch.log1p(torch.exp(-x.abs()))

    @staticmethod
    def backward(ctx, grad_output: torch.Tensor) -> torch.Tensor:
        (x,) = ctx.saved_tensors
        return grad_output * torch.sigmoid(x)


def softplus(x: torch.Tensor) -> torch.Tensor:
    """Apply :class:`Softplus` to a floating-point tensor ``x``."""
    if not (isinstance(x, torch.Tensor) and x.is_floating_point()):
        got = x.dtype if isinstance(x, torch.Tensor) else type(x).__name__
        raise TypeError(f"softplus expects a floating-point torch.Tensor, got {got}.")
    return Softplus.apply(x)
