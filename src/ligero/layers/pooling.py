"""Pooling layers on NCHW images."""

from __future__ import annotations

from typing import Any

from ligero.layers.base import Layer
from ligero.layers.conv import pair
from ligero.ops.conv import avg_pool2d, global_avg_pool2d, max_pool2d
from ligero.tensor import Tensor

__all__ = ["AveragePooling2D", "AveragePool2D", "GlobalAveragePooling2D", "MaxPool2D", "MaxPooling2D"]


class _Pool2D(Layer):
    op = staticmethod(max_pool2d)

    def __init__(self, pool_size: Any = 2, strides: Any = None, padding: Any = 0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.pool_size = pair(pool_size, f"{type(self).__name__} pool_size")
        self.strides = self.pool_size if strides is None else pair(strides, f"{type(self).__name__} strides")
        self.padding = pair(padding, f"{type(self).__name__} padding")

    def build(self, input_shape: tuple[int, ...]) -> None:
        self._require_images(input_shape)

    def call(self, x: Tensor) -> Tensor:
        return type(self).op(x, kernel_size=self.pool_size, stride=self.strides, padding=self.padding)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "pool_size": list(self.pool_size), "strides": list(self.strides),
                "padding": list(self.padding)}


class MaxPool2D(_Pool2D):
    """Max over each ``pool_size`` window (stride = pool size unless given)."""

    op = staticmethod(max_pool2d)


class AveragePool2D(_Pool2D):
    """Mean over each ``pool_size`` window (stride = pool size unless given)."""

    op = staticmethod(avg_pool2d)


MaxPooling2D = MaxPool2D
AveragePooling2D = AveragePool2D


class GlobalAveragePooling2D(Layer):
    """Mean over each channel's whole image: (N, C, H, W) -> (N, C)."""

    def build(self, input_shape: tuple[int, ...]) -> None:
        self._require_images(input_shape)

    def call(self, x: Tensor) -> Tensor:
        return global_avg_pool2d(x)
