"""The continuous uniform distribution on [low, high)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.distributions.distribution import Distribution, as_float, broadcast_all, standard_uniform
from ligero.tensor import Tensor


class Uniform(Distribution):
    """``U[low, high)``; ``rsample`` is ``low + u·(high - low)`` with u ~ U[0, 1)."""

    arg_constraints = {"low": "LessThan(high)", "high": "GreaterThan(low)"}
    has_rsample = True

    def __init__(self, low: Any, high: Any, validate_args: bool | None = None) -> None:
        self.low, self.high = broadcast_all(low, high)
        super().__init__(self.low.shape, (), validate_args)
        self._check_param("low", self.low, lambda a: a < self.high.array, "LessThan(high)")

    @property
    def mean(self) -> Tensor:
        return (self.high + self.low) / 2

    @property
    def mode(self) -> Tensor:
        return self.low * float("nan")

    @property
    def stddev(self) -> Tensor:
        return (self.high - self.low) / 12 ** 0.5

    @property
    def variance(self) -> Tensor:
        return (self.high - self.low).pow(2) / 12

    def rsample(self, sample_shape: Any = ()) -> Tensor:
        """``low + u·(high - low)``, u of shape ``sample_shape + batch_shape``."""
        u = standard_uniform(self._extended_shape(sample_shape), self.low)
        return self.low + u * (self.high - self.low)

    def log_prob(self, value: Any) -> Tensor:
        """``log 1[low ≤ x < high] - log(high - low)`` (−inf outside the support)."""
        value = as_float(value, self.low)
        self._check_value(value, lambda a: (a >= self.low.array) & (a < self.high.array),
                          "Interval(low, high)")
        inside = (self.low.le(value) & self.high.gt(value)).to(self.low.dtype)
        with np.errstate(divide="ignore"):
            return inside.log() - (self.high - self.low).log()

    def cdf(self, value: Any) -> Tensor:
        """``clamp((x - low)/(high - low), 0, 1)``."""
        value = as_float(value, self.low)
        self._check_value(value, lambda a: (a >= self.low.array) & (a < self.high.array),
                          "Interval(low, high)")
        return ((value - self.low) / (self.high - self.low)).clamp(0, 1)

    def entropy(self) -> Tensor:
        """``log(high - low)``."""
        return (self.high - self.low).log()
