"""Linear: the PyTorch-style fully connected layer ``y = x @ W + b``."""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero import initializers
from ligero.nn.module import Module
from ligero.nn.parameter import Parameter
from ligero.ops.fused import linear
from ligero.random import get_rng
from ligero.tensor import Tensor


class Linear(Module):
    """``y = x @ W + b`` with ``W`` of shape (in_features, out_features).

    Weights start Glorot-uniform and biases at zero unless other initializers
    are given; ``seed`` (or ``ligero.set_seed``) makes the start reproducible.
    """

    def __init__(
        self,
        in_features: int,
        out_features: int,
        bias: bool = True,
        weight_init: Any = "glorot_uniform",
        seed: int | None = None,
        dtype: Any = np.float32,
    ) -> None:
        super().__init__()
        rng = get_rng(seed)
        self.in_features, self.out_features = int(in_features), int(out_features)
        init = initializers.get(weight_init)
        self.weight = Parameter(init((self.in_features, self.out_features), rng, dtype))
        self.bias = Parameter(np.zeros(self.out_features, dtype=dtype)) if bias else None

    def forward(self, x: Any) -> Tensor:
        return linear(x, self.weight, self.bias)

    def __repr__(self) -> str:
        return f"Linear({self.in_features}, {self.out_features}, bias={self.bias is not None})"
