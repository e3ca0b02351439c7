"""Convolution layers on NCHW images."""

from __future__ import annotations

from typing import Any

from ligero.errors import ConfigError
from ligero.layers.core import KernelLayer
from ligero.ops.conv import conv2d
from ligero.tensor import Tensor

__all__ = ["Conv2D"]


def pair(value: Any, what: str) -> tuple[int, int]:
    """``3`` -> ``(3, 3)``; ``(3, 5)`` stays; anything else is a ConfigError."""
    if isinstance(value, int):
        return value, value
    if isinstance(value, (tuple, list)) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return int(value[0]), int(value[1])
    raise ConfigError(f"{what} must be an int or a pair of ints, got {value!r}")


class Conv2D(KernelLayer):
    """2-D convolution ``y[n, o] = f(b[o] + Σ_c W[o, c] ⋆ x[n, c])`` on NCHW inputs.

    ``kernel`` has shape (filters, in_channels, kh, kw). Output size per axis:
    ``(W − F + 2P) / S + 1`` (floored) with ``padding="valid"`` (P = 0) or an int P;
    ``padding="same"`` keeps ``ceil(W / S)``.
    """

    def __init__(
        self,
        filters: int,
        kernel_size: Any = 3,
        strides: Any = 1,
        padding: Any = "valid",
        activation: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(activation=activation, **kwargs)
        if int(filters) <= 0:
            raise ConfigError(f"Conv2D: filters must be a positive integer, got {filters!r}")
        self.filters = int(filters)
        self.kernel_size = pair(kernel_size, "Conv2D kernel_size")
        self.strides = pair(strides, "Conv2D strides")
        if isinstance(padding, str):
            if padding not in ("valid", "same"):
                raise ConfigError(f"Conv2D: padding must be 'valid', 'same' or an int, got {padding!r}")
            self.padding: Any = padding
        else:
            self.padding = pair(padding, "Conv2D padding")

    def build(self, input_shape: tuple[int, ...]) -> None:
        self._require_images(input_shape)
        self.build_weights((self.filters, input_shape[0], *self.kernel_size), self.filters)

    def call(self, x: Tensor) -> Tensor:
        return self.activation(conv2d(x, self.kernel, self.bias, stride=self.strides, padding=self.padding))

    def get_config(self) -> dict[str, Any]:
        return {
            **super().get_config(),
            "filters": self.filters,
            "kernel_size": list(self.kernel_size),
            "strides": list(self.strides),
            "padding": self.padding if isinstance(self.padding, str) else list(self.padding),
        }
