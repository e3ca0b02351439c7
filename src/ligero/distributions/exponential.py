"""The exponential distribution of rate λ."""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.distributions.distribution import Distribution, as_float, broadcast_all
from ligero.tensor import Tensor
from ligero.torch_generator import stream_of


class Exponential(Distribution):
    """``Exp(λ)``, density ``λe^(-λx)`` on x ≥ 0; ``rsample`` is ``E/λ`` with E ~ Exp(1) (torch's
    ``exponential_`` draws), differentiable in λ."""

    arg_constraints = {"rate": "GreaterThan(lower_bound=0.0)"}
    has_rsample = True

    def __init__(self, rate: Any, validate_args: bool | None = None) -> None:
        (self.rate,) = broadcast_all(rate)
        super().__init__(self.rate.shape, (), validate_args)
        self._check_param("rate", self.rate, lambda a: a > 0, "GreaterThan(lower_bound=0.0)")

    @property
    def mean(self) -> Tensor:
        return self.rate.reciprocal()

    @property
    def mode(self) -> Tensor:
        return self.rate * 0

    @property
    def stddev(self) -> Tensor:
        return self.rate.reciprocal()

    @property
    def variance(self) -> Tensor:
        return self.rate.pow(-2)

    def rsample(self, sample_shape: Any = ()) -> Tensor:
        """``E / λ``, E ~ Exp(1) of shape ``sample_shape + batch_shape``."""
        shape = tuple(self._extended_shape(sample_shape))
        dtype = self.rate.array.dtype if self.rate.array.dtype.kind == "f" else np.dtype(np.float32)
        return Tensor(stream_of().exponential(shape, dtype)) / self.rate

    def log_prob(self, value: Any) -> Tensor:
        """``log λ - λx``."""
        value = as_float(value, self.rate)
        self._check_value(value, lambda a: a >= 0, "GreaterThanEq(lower_bound=0.0)")
        return self.rate.log() - self.rate * value

    def cdf(self, value: Any) -> Tensor:
        """``1 - e^(-λx)``."""
        return 1 - (-self.rate * as_float(value, self.rate)).exp()

    def icdf(self, value: Any) -> Tensor:
        """``-log(1 - p)/λ``."""
        return -(-as_float(value, self.rate)).log1p() / self.rate

    def entropy(self) -> Tensor:
        """``1 - log λ``."""
        return 1.0 - self.rate.log()
