"""The Bernoulli distribution: 1 with probability p, else 0."""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.distributions.distribution import Distribution, as_float, broadcast_all, standard_uniform
from ligero.nn._losses import binary_cross_entropy_with_logits
from ligero.tensor import Tensor, no_grad


def clamp_probs(probs: Tensor) -> Tensor:
    """``probs`` clamped to [eps, 1 - eps] (eps the dtype's machine epsilon), as torch's."""
    eps = float(np.finfo(probs.array.dtype).eps)
    return probs.clamp(min=eps, max=1 - eps)


class Bernoulli(Distribution):
    """``Bernoulli(probs=None, logits=None)``: exactly one of them; ``logits`` are log-odds ``log p/(1-p)``."""

    arg_constraints = {"probs": "Interval(0.0, 1.0)", "logits": "Real()"}

    def __init__(self, probs: Any = None, logits: Any = None, validate_args: bool | None = None) -> None:
        if (probs is None) == (logits is None):
            raise ValueError("Either `probs` or `logits` must be specified, but not both.")
        if probs is not None:
            (self.probs,) = broadcast_all(probs)
            param = self.probs
        else:
            (self.logits,) = broadcast_all(logits)
            param = self.logits
        super().__init__(param.shape, (), validate_args)
        if probs is not None:
            self._check_param("probs", self.probs, lambda a: (a >= 0) & (a <= 1), "Interval(0.0, 1.0)")

    def __getattr__(self, name: str) -> Any:  # the other parametrisation, computed once on demand
        if name == "probs":
            self.probs = self.logits.sigmoid()
            return self.probs
        if name == "logits":
            p = clamp_probs(self.probs)
            self.logits = p.log() - (-p).log1p()
            return self.logits
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    @property
    def mean(self) -> Tensor:
        return self.probs

    @property
    def mode(self) -> Tensor:
        mode = (self.probs >= 0.5).to(self.probs.dtype)
        return mode.masked_fill(self.probs == 0.5, float("nan"))

    @property
    def variance(self) -> Tensor:
        return self.probs * (1 - self.probs)

    @property
    def param_shape(self) -> Any:
        return self._batch_shape

    def sample(self, sample_shape: Any = ()) -> Tensor:
        """1 where u < p (u ~ U[0, 1)), else 0, of shape ``sample_shape + batch_shape``."""
        with no_grad():
            u = standard_uniform(self._extended_shape(sample_shape), self.probs)
            return (u < self.probs.detach()).to(self.probs.dtype)

    def log_prob(self, value: Any) -> Tensor:
        """``x·log p + (1 - x)·log(1 - p)`` = ``-BCEWithLogits(logits, x)``."""
        value = as_float(value, self.logits)
        self._check_value(value, lambda a: (a == 0) | (a == 1), "Boolean()")
        logits, value = broadcast_all(self.logits, value)
        return -binary_cross_entropy_with_logits(logits, value, reduction="none")

    def entropy(self) -> Tensor:
        """``-p log p - (1 - p) log(1 - p)`` = ``BCEWithLogits(logits, p)``."""
        return binary_cross_entropy_with_logits(self.logits, self.probs, reduction="none")

    def enumerate_support(self, expand: bool = True) -> Tensor:
        values = Tensor(np.arange(2, dtype=self.probs.array.dtype).reshape((2,) + (1,) * len(self._batch_shape)))
        return values.expand((2, *self._batch_shape)) if expand else values
