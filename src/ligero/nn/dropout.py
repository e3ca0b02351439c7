"""Dropout modules, as ``torch.nn``: active in training mode only."""

from __future__ import annotations

from typing import Any

from ligero.nn import functional as F
from ligero.nn.module import Module
from ligero.tensor import Tensor


class _DropoutNd(Module):
    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p, self.inplace = p, inplace

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"


class Dropout(_DropoutNd):
    """Zeroes each element with probability ``p`` in training, scaling the rest by ``1/(1-p)``."""

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        return F.dropout(input, self.p, self.training)


class Dropout2d(_DropoutNd):
    """Zeroes whole channels of (N, C, H, W) inputs with probability ``p`` in training."""

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        return F.dropout2d(input, self.p, self.training)
