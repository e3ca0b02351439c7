"""The Laplace (double exponential) distribution."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ligero.distributions.distribution import LocationScale, as_float
from ligero.tensor import Tensor
from ligero.torch_generator import stream_of


class Laplace(LocationScale):
    """``Laplace(loc, scale)``, density ``e^(-|x - μ|/b) / 2b``; ``rsample`` is torch's
    ``μ - b·sign(u)·log(1 - |u|)`` with u uniform on (ε - 1, 1), differentiable in both."""

    @property
    def stddev(self) -> Tensor:
        return self.scale * math.sqrt(2)

    @property
    def variance(self) -> Tensor:
        return self.scale.pow(2) * 2

    def rsample(self, sample_shape: Any = ()) -> Tensor:
        """``μ - b·sign(u)·log1p(-|u|)``, u of shape ``sample_shape + batch_shape``."""
        shape = tuple(self._extended_shape(sample_shape))
        dtype = self.loc.array.dtype
        u = Tensor(stream_of().uniform(shape, dtype, float(np.finfo(dtype).eps) - 1, 1.0))
        return self.loc - self.scale * u.sign() * (-u.abs()).log1p()

    def log_prob(self, value: Any) -> Tensor:
        """``-log 2b - |x - μ|/b``."""
        value = as_float(value, self.loc)
        self._check_value(value, lambda a: a == a, "Real()")
        return -(2 * self.scale).log() - (value - self.loc).abs() / self.scale

    def cdf(self, value: Any) -> Tensor:
        """``½ - ½·sign(x - μ)·expm1(-|x - μ|/b)``."""
        d = as_float(value, self.loc) - self.loc
        return 0.5 - 0.5 * d.sign() * (-d.abs() / self.scale).expm1()

    def entropy(self) -> Tensor:
        """``1 + log 2b``."""
        return 1 + (2 * self.scale).log()
