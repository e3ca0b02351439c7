"""The normal (Gaussian) distribution N(loc, scale²)."""

from __future__ import annotations

import math
from typing import Any

from ligero.distributions.distribution import LocationScale, as_float, standard_normal
from ligero.tensor import Tensor


class Normal(LocationScale):
    """``N(loc, scale²)``; ``rsample`` is ``loc + scale·ε`` with ε ~ N(0, 1), differentiable in both."""

    @property
    def stddev(self) -> Tensor:
        return self.scale

    @property
    def variance(self) -> Tensor:
        return self.scale ** 2

    def rsample(self, sample_shape: Any = ()) -> Tensor:
        """``loc + scale·ε``, ε of shape ``sample_shape + batch_shape``."""
        eps = standard_normal(self._extended_shape(sample_shape), self.loc)
        return self.loc + eps * self.scale

    def log_prob(self, value: Any) -> Tensor:
        """``-(x - μ)²/(2σ²) - log σ - log √(2π)``."""
        value = as_float(value, self.loc)
        self._check_value(value, lambda a: a == a, "Real()")
        var = self.scale ** 2
        return -((value - self.loc) ** 2) / (2 * var) - self.scale.log() - math.log(math.sqrt(2 * math.pi))

    def cdf(self, value: Any) -> Tensor:
        """``½(1 + erf((x - μ)/(σ√2)))``."""
        value = as_float(value, self.loc)
        return 0.5 * (1 + ((value - self.loc) * self.scale.reciprocal() / math.sqrt(2)).erf())

    def entropy(self) -> Tensor:
        """``½ + ½ log(2π) + log σ``."""
        return 0.5 + 0.5 * math.log(2 * math.pi) + self.scale.log()
