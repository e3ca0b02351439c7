"""Pooling layers with Keras 3's names and arguments: MaxPooling1D/2D, AveragePooling1D/2D
(``strides=None`` meaning ``pool_size``; ``"same"`` padding averages over the valid values only)
and the global poolings (``keepdims``), channels-last by default."""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero import ops
from ligero.layers.base import Layer
from ligero.layers.data_format import check_image_input, int_tuple, standardize_data_format, standardize_padding
from ligero.ops.pool import adaptive_avg_pool, adaptive_max_pool, avg_pool, max_pool
from ligero.tensor import Tensor

__all__ = ["AdaptiveAveragePooling1D", "AdaptiveAveragePooling2D", "AdaptiveMaxPooling1D", "AdaptiveMaxPooling2D",
           "AveragePooling1D", "AveragePooling2D", "AvgPool1D", "AvgPool2D", "GlobalAveragePooling1D",
           "GlobalAveragePooling2D", "GlobalAvgPool1D", "GlobalAvgPool2D", "GlobalMaxPool1D", "GlobalMaxPool2D",
           "GlobalMaxPooling1D", "GlobalMaxPooling2D", "MaxPool1D", "MaxPool2D", "MaxPooling1D", "MaxPooling2D"]


class _Pooling(Layer):
    rank = 2
    op = staticmethod(max_pool)

    def __init__(self, pool_size: Any = 2, strides: Any = None, padding: str = "valid",
                 data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        kind = type(self).__name__
        self.pool_size = int_tuple(pool_size, self.rank, f"{kind} pool_size")
        self.strides = self.pool_size if strides is None else int_tuple(strides, self.rank, f"{kind} strides")
        self.padding = standardize_padding(padding, kind)
        self.data_format = standardize_data_format(data_format)

    def build(self, input_shape: tuple[int, ...]) -> None:
        check_image_input(self, input_shape, self.rank, self.data_format)

    def call(self, x: Tensor) -> Tensor:
        return type(self).op(x, self.pool_size, self.strides, self.padding,
                             self.data_format == "channels_last", self.rank)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "pool_size": self.pool_size, "padding": self.padding,
                "strides": self.strides, "data_format": self.data_format}


class MaxPooling2D(_Pooling):
    """Max over each ``pool_size`` window (``strides`` defaults to ``pool_size``)."""

    def __init__(self, pool_size: Any = (2, 2), strides: Any = None, padding: str = "valid",
                 data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(pool_size, strides, padding, data_format, **kwargs)


class AveragePooling2D(_Pooling):
    """Mean over each ``pool_size`` window (``"same"``: over its values inside the image)."""

    op = staticmethod(avg_pool)

    def __init__(self, pool_size: Any, strides: Any = None, padding: str = "valid",
                 data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(pool_size, strides, padding, data_format, **kwargs)


class MaxPooling1D(_Pooling):
    """Max over each ``pool_size`` window of a sequence (N, steps, channels)."""

    rank = 1


class AveragePooling1D(_Pooling):
    """Mean over each ``pool_size`` window of a sequence (N, steps, channels)."""

    rank = 1
    op = staticmethod(avg_pool)

    def __init__(self, pool_size: Any, strides: Any = None, padding: str = "valid",
                 data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(pool_size, strides, padding, data_format, **kwargs)


class _GlobalPooling(Layer):
    rank = 2
    reduce = staticmethod(ops.max)

    def __init__(self, data_format: str | None = None, keepdims: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format)
        self.keepdims = bool(keepdims)

    def build(self, input_shape: tuple[int, ...]) -> None:
        check_image_input(self, input_shape, self.rank, self.data_format)

    def call(self, x: Tensor) -> Tensor:
        first = 1 if self.data_format == "channels_last" else 2
        return type(self).reduce(x, axis=tuple(range(first, first + self.rank)), keepdims=self.keepdims)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "data_format": self.data_format, "keepdims": self.keepdims}


class GlobalMaxPooling2D(_GlobalPooling):
    """Max over each channel's whole image: (N, H, W, C) -> (N, C) (``keepdims``: (N, 1, 1, C))."""


class GlobalAveragePooling2D(_GlobalPooling):
    """Mean over each channel's whole image: (N, H, W, C) -> (N, C) (``keepdims``: (N, 1, 1, C))."""

    reduce = staticmethod(ops.mean)


class GlobalMaxPooling1D(_GlobalPooling):
    """Max over the steps of each channel: (N, steps, C) -> (N, C)."""

    rank = 1


class GlobalAveragePooling1D(GlobalMaxPooling1D):
    """Mean over the steps of each channel: (N, steps, C) -> (N, C); with a mask (N, steps), the mean
    over the unmasked steps only, ``Σ_t m_t·x_t / Σ_t m_t`` (Keras's). The mask stops here."""

    reduce = staticmethod(ops.mean)
    supports_masking = True

    def call(self, x: Tensor, mask: Any = None) -> Tensor:
        if mask is None:
            return super().call(x)
        axis = 1 if self.data_format == "channels_last" else 2
        weights = np.asarray(mask, dtype=x.array.dtype)
        weights = weights[:, :, None] if axis == 1 else weights[:, None, :]
        total = ops.sum(ops.mul(x, weights), axis=axis, keepdims=self.keepdims)
        count = np.sum(weights, axis=axis, keepdims=self.keepdims)
        return ops.div(total, count)

    def compute_mask(self, inputs: Any, previous_mask: Any = None) -> None:
        return None


MaxPool1D, MaxPool2D = MaxPooling1D, MaxPooling2D
AvgPool1D, AvgPool2D = AveragePooling1D, AveragePooling2D
GlobalMaxPool1D, GlobalMaxPool2D = GlobalMaxPooling1D, GlobalMaxPooling2D
GlobalAvgPool1D, GlobalAvgPool2D = GlobalAveragePooling1D, GlobalAveragePooling2D


class _AdaptivePooling(Layer):
    """Pooling to a given output size with PyTorch's windows (as Keras 3's, which calls torch's):
    window ``i`` of an axis of ``n`` values covers ``[⌊i·n/out⌋, ⌈(i+1)·n/out⌉)``."""

    rank = 2

    def __init__(self, output_size: Any, data_format: str | None = None, **kwargs: Any) -> None:
        kind = type(self).__name__
        if isinstance(output_size, int) and not isinstance(output_size, bool):
            output_size = (output_size,) * self.rank
        elif isinstance(output_size, (tuple, list)) and len(output_size) == self.rank:
            output_size = tuple(output_size)
        else:
            raise TypeError(f"{kind}: `output_size` must be an integer or a tuple of {self.rank} integers. "
                            f"Received: {output_size} of type {type(output_size)}")
        super().__init__(**kwargs)
        self.output_size, self.data_format = output_size, standardize_data_format(data_format)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "output_size": self.output_size, "data_format": self.data_format}


class AdaptiveAveragePooling2D(_AdaptivePooling):
    """The mean over each adaptive window: (N, H, W, C) -> (N, oh, ow, C) (channels-first too), as one
    averaging matrix per axis (:func:`ligero.ops.pool.adaptive_avg_pool`)."""

    def call(self, x: Tensor) -> Tensor:
        return adaptive_avg_pool(x, self.output_size, self.data_format == "channels_last")


class AdaptiveAveragePooling1D(AdaptiveAveragePooling2D):
    """The mean over each adaptive window of the steps: (N, steps, C) -> (N, out, C)."""

    rank = 1


class AdaptiveMaxPooling2D(_AdaptivePooling):
    """The maximum over each adaptive window: (N, H, W, C) -> (N, oh, ow, C) (channels-first too)."""

    def call(self, x: Tensor) -> Tensor:
        return adaptive_max_pool(x, self.output_size, self.data_format == "channels_last")


class AdaptiveMaxPooling1D(AdaptiveMaxPooling2D):
    """The maximum over each adaptive window of the steps: (N, steps, C) -> (N, out, C)."""

    rank = 1
