"""The Laplace (double exponential) distribution."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ligero.distributions.distribution import Distribution, as_float, broadcast_all
from ligero.tensor import Tensor
from ligero.torch_generator import stream_of


class Laplace(Distribution):
    """``Laplace(loc, scale)``, density ``e^(-|x - μ|/b) / 2b``; ``rsample`` is torch's
    ``μ - b·sign(u)·log(1 - |u|)`` with u uniform on (ε - 1, 1), differentiable in both."""

    arg_constraints = {"loc": "Real()", "scale": "GreaterThan(lower_bound=0.0)"}
    has_rsample = True

    def __init__(self, loc: Any, scale: Any, validate_args: bool | None = None) -> None:
        self.loc, self.scale = broadcast_all(loc, scale)
        super().__init__(self.loc.shape, (), validate_args)
        self._check_param("loc", self.loc, lambda a: a == a, "Real()")
        self._check_param("scale", self.scale, lambda a: a > 0, "GreaterThan(lower_bound=0.0)")

    @property
    def mean(self) -> Tensor:
        return self.loc

    @property
    def mode(self) -> Tensor:
        return self.loc

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
