"""Reshaping layers with Keras 3's names and arguments: Permute, RepeatVector, ZeroPadding1D/2D,
Cropping1D/2D, UpSampling1D/2D (nearest). (Flatten and Reshape are in :mod:`ligero.layers.core`.)"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero import ops
from ligero.errors import ConfigError, ShapeError
from ligero.layers.base import Layer
from ligero.layers.data_format import check_image_input, int_tuple, standardize_data_format
from ligero.ops.crop_pad import crop, zero_pad
from ligero.ops.upsample import repeat_axes
from ligero.tensor import Tensor

__all__ = ["Cropping1D", "Cropping2D", "Permute", "RepeatVector", "UpSampling1D", "UpSampling2D",
           "ZeroPadding1D", "ZeroPadding2D"]


class Permute(Layer):
    """Permutes the non-batch axes: ``dims`` counts them from 1 (``Permute((2, 1))`` swaps two)."""

    def __init__(self, dims: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.dims = tuple(int(d) for d in dims)
        if sorted(self.dims) != list(range(1, len(self.dims) + 1)):
            raise ConfigError(f"Permute: dims must be a permutation of 1..{len(self.dims)}, got {dims!r}")

    def build(self, input_shape: tuple[int, ...]) -> None:
        if len(input_shape) != len(self.dims):
            raise ShapeError(f"layer '{self.name}' (Permute) with dims {self.dims} expects inputs of rank "
                             f"{len(self.dims) + 1}, received {(None, *input_shape)}")

    def call(self, x: Tensor) -> Tensor:
        return ops.transpose(x, (0, *self.dims))

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "dims": self.dims}


class RepeatVector(Layer):
    """(N, features) -> (N, n, features): the vector repeated ``n`` times."""

    def __init__(self, n: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ConfigError(f"RepeatVector: n must be a positive integer, got {n!r}")
        self.n = int(n)

    def build(self, input_shape: tuple[int, ...]) -> None:
        if len(input_shape) != 1:
            raise ShapeError(f"layer '{self.name}' (RepeatVector) expects inputs of shape (None, features), "
                             f"received {(None, *input_shape)}")

    def call(self, x: Tensor) -> Tensor:
        return repeat_axes(ops.reshape(x, (x.shape[0], 1, x.shape[1])), (1,), (self.n,))

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "n": self.n}


def _amounts(value: Any, rank: int, what: str) -> tuple[tuple[int, int], ...]:
    """Keras's padding/cropping amounts: an int (all sides), ``rank`` ints (symmetric per axis) or
    ``rank`` pairs (before, after)."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return ((int(value), int(value)),) * rank
    items = tuple(value)
    if rank == 1 and len(items) == 2 and all(isinstance(v, (int, np.integer)) for v in items):
        return ((int(items[0]), int(items[1])),)
    if len(items) == rank and all(isinstance(v, (int, np.integer)) for v in items):
        return tuple((int(v), int(v)) for v in items)
    if len(items) == rank and all(len(tuple(v)) == 2 for v in items):
        return tuple((int(a), int(b)) for a, b in items)
    raise ConfigError(f"{what} must be an int, {rank} ints or {rank} pairs of ints, got {value!r}")


class _SpatialLayer(Layer):
    """A layer acting on the spatial axes of (N, *spatial, C) or (N, C, *spatial) data."""

    rank = 2

    def __init__(self, data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format)

    def spatial_axes(self) -> tuple[int, ...]:
        first = 1 if self.data_format == "channels_last" else 2
        return tuple(range(first, first + self.rank))

    def build(self, input_shape: tuple[int, ...]) -> None:
        check_image_input(self, input_shape, self.rank, self.data_format)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "data_format": self.data_format}


class ZeroPadding2D(_SpatialLayer):
    """Zeros around each image: ``padding`` int, (rows, cols) or ((top, bottom), (left, right))."""

    def __init__(self, padding: Any = (1, 1), data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.padding = _amounts(padding, self.rank, f"{type(self).__name__}: padding")

    def call(self, x: Tensor) -> Tensor:
        return zero_pad(x, self.spatial_axes(), self.padding)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "padding": self.padding if self.rank > 1 else self.padding[0]}


class ZeroPadding1D(ZeroPadding2D):
    """Zeros at the start and end of each sequence (N, steps, C): ``padding`` int or (start, end)."""

    rank = 1

    def __init__(self, padding: Any = 1, data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(padding=padding, data_format=data_format, **kwargs)


class Cropping2D(_SpatialLayer):
    """Removes rows/columns at the image borders: ``cropping`` int, (rows, cols) or
    ((top, bottom), (left, right))."""

    def __init__(self, cropping: Any = ((0, 0), (0, 0)), data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.cropping = _amounts(cropping, self.rank, f"{type(self).__name__}: cropping")

    def build(self, input_shape: tuple[int, ...]) -> None:
        super().build(input_shape)
        for axis, (lo, hi) in zip(self.spatial_axes(), self.cropping, strict=True):
            if input_shape[axis - 1] is not None and lo + hi >= input_shape[axis - 1]:
                raise ShapeError(f"layer '{self.name}' ({type(self).__name__}) cannot crop {(lo, hi)} from an "
                                 f"axis of size {input_shape[axis - 1]} (input {(None, *input_shape)})")

    def call(self, x: Tensor) -> Tensor:
        return crop(x, self.spatial_axes(), self.cropping)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "cropping": self.cropping if self.rank > 1 else self.cropping[0]}


class Cropping1D(Cropping2D):
    """Removes steps at the start and end of each sequence: ``cropping`` int or (start, end)."""

    rank = 1

    def __init__(self, cropping: Any = (1, 1), **kwargs: Any) -> None:
        super().__init__(cropping=cropping, **kwargs)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        del config["data_format"]
        return config


class UpSampling2D(_SpatialLayer):
    """Repeats rows ``size[0]`` times and columns ``size[1]`` times (nearest neighbour)."""

    def __init__(self, size: Any = (2, 2), data_format: str | None = None, interpolation: str = "nearest",
                 **kwargs: Any) -> None:
        super().__init__(data_format=data_format, **kwargs)
        if interpolation != "nearest":
            raise ConfigError(f"UpSampling2D: only interpolation='nearest' is supported, got {interpolation!r}")
        self.size = int_tuple(size, self.rank, f"{type(self).__name__}: size")
        self.interpolation = interpolation

    def call(self, x: Tensor) -> Tensor:
        return repeat_axes(x, self.spatial_axes(), self.size)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "size": self.size, "interpolation": self.interpolation}


class UpSampling1D(_SpatialLayer):
    """Repeats each step ``size`` times: (N, steps, C) -> (N, steps·size, C)."""

    rank = 1

    def __init__(self, size: int = 2, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.size = int_tuple(size, 1, "UpSampling1D: size")[0]

    def call(self, x: Tensor) -> Tensor:
        return repeat_axes(x, (1,), (self.size,))

    def get_config(self) -> dict[str, Any]:
        config = {**super().get_config(), "size": self.size}
        del config["data_format"]
        return config
