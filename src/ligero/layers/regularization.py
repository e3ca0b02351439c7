"""Regularization layers with Keras 3's names: SpatialDropout1D/2D, GaussianNoise, GaussianDropout.
(Dropout is in :mod:`ligero.layers.core`.) Each is active in training only and draws from a
generator of its own, seeded by ``seed``; in inference it is the identity."""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero import ops, regularizers
from ligero.errors import ConfigError
from ligero.layers.base import Layer
from ligero.layers.data_format import check_image_input, standardize_data_format
from ligero.random import get_rng
from ligero.tensor import Tensor

__all__ = ["ActivityRegularization", "GaussianDropout", "GaussianNoise", "SpatialDropout1D", "SpatialDropout2D"]


def _rate(value: Any, kind: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)) or not 0 <= value < 1:
        raise ConfigError(f"{kind}: rate must be a number in [0, 1), got {value!r}")
    return float(value)


class _NoiseLayer(Layer):
    def __init__(self, seed: int | None = None, **kwargs: Any) -> None:
        super().__init__(seed=seed, **kwargs)
        self._rng: np.random.Generator | None = None

    @property
    def rng(self) -> np.random.Generator:
        if self._rng is None:
            self._rng = get_rng(self.seed)
        return self._rng

    def draw(self, shape: tuple[int, ...], dtype: Any) -> np.ndarray:
        raise NotImplementedError

    def call(self, x: Tensor) -> Tensor:
        if not self.training:
            return x
        return self.apply(x, self.draw(x.shape, x.dtype))

    def apply(self, x: Tensor, noise: np.ndarray) -> Tensor:
        return ops.mul(x, noise)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "seed": self.seed}


class SpatialDropout2D(_NoiseLayer):
    """Dropout of whole feature maps: in training each (image, channel) is zeroed with
    probability ``rate`` and the rest scaled by ``1/(1 − rate)``."""

    rank = 2

    def __init__(self, rate: float, data_format: str | None = None, seed: int | None = None,
                 **kwargs: Any) -> None:
        super().__init__(seed=seed, **kwargs)
        self.rate = _rate(rate, type(self).__name__)
        self.data_format = "channels_last" if self.rank == 1 else standardize_data_format(data_format)

    def build(self, input_shape: tuple[int, ...]) -> None:
        check_image_input(self, input_shape, self.rank, self.data_format)

    def draw(self, shape: tuple[int, ...], dtype: Any) -> np.ndarray:
        last = self.data_format == "channels_last"
        ones = (1,) * self.rank
        mask_shape = (shape[0], *ones, shape[-1]) if last else (shape[0], shape[1], *ones)
        keep = self.rng.random(mask_shape) >= self.rate
        return keep.astype(dtype) * np.asarray(1.0 / (1.0 - self.rate), dtype=dtype)

    def get_config(self) -> dict[str, Any]:
        config = {**super().get_config(), "rate": self.rate}
        return config if self.rank == 1 else {**config, "data_format": self.data_format}


class SpatialDropout1D(SpatialDropout2D):
    """Dropout of whole channels of a sequence (N, steps, C)."""

    rank = 1

    def __init__(self, rate: float, seed: int | None = None, **kwargs: Any) -> None:
        super().__init__(rate, seed=seed, **kwargs)


class GaussianNoise(_NoiseLayer):
    """In training, ``y = x + ε`` with ``ε ~ N(0, stddev²)``."""

    supports_masking = True  # passes a mask on unchanged, as in Keras

    def __init__(self, stddev: float, seed: int | None = None, **kwargs: Any) -> None:
        super().__init__(seed=seed, **kwargs)
        if not float(stddev) >= 0:
            raise ConfigError(f"GaussianNoise: stddev must be >= 0, got {stddev!r}")
        self.stddev = float(stddev)

    def draw(self, shape: tuple[int, ...], dtype: Any) -> np.ndarray:
        return (self.stddev * self.rng.standard_normal(shape)).astype(dtype)

    def apply(self, x: Tensor, noise: np.ndarray) -> Tensor:
        return ops.add(x, noise)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "stddev": self.stddev}


class GaussianDropout(_NoiseLayer):
    """In training, ``y = x · ε`` with ``ε ~ N(1, rate/(1 − rate))``."""

    supports_masking = True  # passes a mask on unchanged, as in Keras

    def __init__(self, rate: float, seed: int | None = None, **kwargs: Any) -> None:
        super().__init__(seed=seed, **kwargs)
        self.rate = _rate(rate, "GaussianDropout")

    def draw(self, shape: tuple[int, ...], dtype: Any) -> np.ndarray:
        std = np.sqrt(self.rate / (1.0 - self.rate))
        return (1.0 + std * self.rng.standard_normal(shape)).astype(dtype)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "rate": self.rate}


class ActivityRegularization(Layer):
    """Keras's ActivityRegularization: passes its input on and adds ``(l1·Σ|x| + l2·Σx²) / batch size`` to the
    loss of the call (the activity regularizer of any layer, :attr:`Layer.activity_regularizer`)."""

    supports_masking = True

    def __init__(self, l1: float = 0.0, l2: float = 0.0, **kwargs: Any) -> None:
        super().__init__(activity_regularizer=regularizers.L1L2(l1=l1, l2=l2), **kwargs)
        self.l1, self.l2 = l1, l2

    def call(self, x: Tensor) -> Tensor:
        return x

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.pop("activity_regularizer", None)
        return {**config, "l1": self.l1, "l2": self.l2}
