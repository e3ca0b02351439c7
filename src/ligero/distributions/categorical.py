"""The categorical distribution over 0 .. K-1 (the last dimension of probs or logits)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.distributions.bernoulli import clamp_probs
from ligero.distributions.distribution import Distribution, as_float
from ligero.tensor import Tensor
from ligero.torch_generator import stream_of


class Categorical(Distribution):
    """``Categorical(probs=None, logits=None)``: exactly one, categories along the last dimension.

    ``probs`` are normalised to sum to 1, ``logits`` to ``logits - logsumexp(logits)``
    (normalised log-probabilities); the other one follows: ``probs = softmax(logits)``,
    ``logits = log(clamp(probs, eps, 1 - eps))``.
    """

    arg_constraints = {"probs": "Simplex()", "logits": "IndependentConstraint(Real(), 1)"}

    def __init__(self, probs: Any = None, logits: Any = None, validate_args: bool | None = None) -> None:
        if (probs is None) == (logits is None):
            raise ValueError("Either `probs` or `logits` must be specified, but not both.")
        param = as_float(probs if probs is not None else logits)
        if param.ndim < 1:
            raise ValueError("`probs` parameter must be at least one-dimensional." if probs is not None
                             else "`logits` parameter must be at least one-dimensional.")
        if probs is not None:
            self._check_param("probs", param, lambda a: np.all(a >= 0), "Simplex()")
            self.probs = param / param.sum(-1, keepdim=True)
        else:
            self.logits = param - param.logsumexp(-1, keepdim=True)
        self._param = param
        self._num_events = param.shape[-1]
        super().__init__(param.shape[:-1], (), validate_args)

    def __getattr__(self, name: str) -> Any:  # the other parametrisation, computed once on demand
        if name == "probs":
            self.probs = self.logits.softmax(-1)
            return self.probs
        if name == "logits":
            self.logits = clamp_probs(self.probs).log()
            return self.logits
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    @property
    def param_shape(self) -> Any:
        return self._param.shape

    @property
    def mean(self) -> Tensor:
        return Tensor(np.full(self._batch_shape, np.nan, self._param.array.dtype))

    @property
    def variance(self) -> Tensor:
        return self.mean

    @property
    def mode(self) -> Tensor:
        return self.probs.argmax(-1)

    def sample(self, sample_shape: Any = ()) -> Tensor:
        """Category indices (int64) of shape ``sample_shape + batch_shape``, torch's draws: its
        ``multinomial`` with replacement of ``prod(sample_shape)`` per row of probabilities, transposed."""
        shape = self._extended_shape(sample_shape)
        count = int(np.prod(shape[:len(shape) - len(self._batch_shape)], dtype=np.int64))
        rows = self.probs.array.reshape(-1, self._num_events)  # torch's: multinomial per row, transposed
        drawn = stream_of().categories(rows, count, replacement=True).T
        return Tensor(np.ascontiguousarray(drawn).reshape(shape), dtype=np.int64)

    def log_prob(self, value: Any) -> Tensor:
        """``logits[..., value]`` (normalised log-probabilities), value broadcast against batch_shape."""
        value = value if isinstance(value, Tensor) else Tensor(np.asarray(value), dtype=np.asarray(value).dtype)
        self._check_value(value, lambda a: (a == np.round(a)) & (a >= 0) & (a < self._num_events),
                          f"IntegerInterval(lower_bound=0, upper_bound={self._num_events - 1})")
        index = value.long().unsqueeze(-1)
        shape = np.broadcast_shapes(index.shape, self.logits.shape)
        log_pmf = self.logits.expand(shape)
        index = index.expand(shape[:-1] + (1,))
        return log_pmf.gather(-1, index).squeeze(-1)

    def entropy(self) -> Tensor:
        """``-Σ p log p`` over the categories (logits clamped at the dtype's lowest finite value)."""
        low = float(np.finfo(self.logits.array.dtype).min)
        return -(self.logits.clamp(min=low) * self.probs).sum(-1)

    def enumerate_support(self, expand: bool = True) -> Tensor:
        values = Tensor(np.arange(self._num_events).reshape((-1,) + (1,) * len(self._batch_shape)), dtype=np.int64)
        return values.expand((-1, *self._batch_shape)) if expand else values
