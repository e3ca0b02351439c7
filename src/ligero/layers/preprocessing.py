"""Preprocessing layers with Keras 3's names: Rescaling, Normalization (with ``adapt``), CenterCrop.
(The random image layers are in :mod:`ligero.layers.augmentation`.)"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero import ops
from ligero.errors import ConfigError, DataError, ShapeError
from ligero.layers import quantiles
from ligero.layers.base import Layer
from ligero.layers.data_format import standardize_data_format
from ligero.ops.crop_pad import crop
from ligero.ops.resize import aspect_crop, resize_images
from ligero.tensor import Tensor

__all__ = ["CategoryEncoding", "CenterCrop", "Discretization", "Normalization", "Rescaling", "Resizing"]


class Rescaling(Layer):
    """``y = x · scale + offset`` (e.g. ``Rescaling(1/255)`` for pixels in [0, 1])."""

    supports_masking = True  # passes a mask on unchanged, as in Keras

    def __init__(self, scale: float, offset: float = 0.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scale, self.offset = float(scale), float(offset)

    def call(self, x: Tensor) -> Tensor:
        y = ops.mul(x, np.asarray(self.scale, dtype=x.dtype))
        return ops.add(y, np.asarray(self.offset, dtype=x.dtype)) if self.offset else y

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "scale": self.scale, "offset": self.offset}


class Normalization(Layer):
    """``y = (x − mean) / √variance`` per feature of ``axis`` (-1: the last; None: one value overall).

    ``mean``/``variance`` are given, or learnt from data by :meth:`adapt` (the mean and the
    biased variance over all the other axes). ``invert=True`` computes ``x·√variance + mean``.
    The denominator is ``max(√variance, 1e-7)``, as Keras's.
    """

    supports_masking = True  # passes a mask on unchanged, as in Keras

    def __init__(self, axis: Any = -1, mean: Any = None, variance: Any = None, invert: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if (mean is None) != (variance is None):
            raise ConfigError("Normalization: give both mean and variance, or neither (and call adapt)")
        self.axis = axis if axis is None or isinstance(axis, int) else tuple(axis)
        self.invert = bool(invert)
        self._given = (mean, variance)
        self.adapt_mean = self.adapt_variance = self.count = None
        self._stats_shape: tuple[int, ...] | None = None

    @property
    def mean(self) -> np.ndarray | None:
        """The given mean, or the adapted one in Keras's broadcast shape (``(1, features)``); None before."""
        return self._stat(0, self.adapt_mean)

    @property
    def variance(self) -> np.ndarray | None:
        """The given variance, or the adapted one (see :attr:`mean`)."""
        return self._stat(1, self.adapt_variance)

    def _stat(self, which: int, weight: Any) -> np.ndarray | None:
        if self._given[which] is not None:
            return np.asarray(self._given[which], dtype=self.dtype)
        return None if weight is None else np.asarray(weight.array).reshape(self._stats_shape)


    def checked_axes(self) -> None:
        """Every axis: the mean and variance have the shape of the kept axes."""
        return None

    def build(self, input_shape: tuple[int, ...]) -> None:
        """Keras's non-trainable weights ``mean`` (zeros), ``variance`` (ones) of the kept axes' sizes and
        ``count`` (kept at 0, as Keras's), when mean and variance are not given (what adapt fills and files carry)."""
        if self._given[0] is not None or self.adapt_mean is not None:
            return
        full = (1, *input_shape)
        kept = [a for a in range(len(full)) if a not in self._axes(len(full))]
        self._stats_shape = tuple(full[a] if a in kept else 1 for a in range(len(full)))
        shape = tuple(full[a] for a in kept)
        self.adapt_mean = self.add_weight(shape, "zeros", trainable=False, name="mean")
        self.adapt_variance = self.add_weight(shape, "ones", trainable=False, name="variance")
        self.count = self.add_weight((), "zeros", dtype="int32", trainable=False, name="count")

    def _axes(self, ndim: int) -> tuple[int, ...]:
        keep = () if self.axis is None else ((self.axis,) if isinstance(self.axis, int) else self.axis)
        keep = tuple(a % ndim for a in keep)
        return tuple(a for a in range(ndim) if a not in keep)

    def adapt(self, data: Any) -> None:
        """Learn the mean and the (biased) variance of ``data`` over all axes but ``axis``."""
        data = np.asarray(data.array if isinstance(data, Tensor) else data, dtype=np.float64)
        if data.ndim < 1 or data.shape[0] == 0:
            raise DataError(f"Normalization.adapt: needs a non-empty batch, got shape {data.shape}")
        if self.adapt_mean is None:
            self.build_for(data.shape[1:])
        axes = self._axes(data.ndim)
        if self.adapt_mean is None or self.adapt_mean.shape != tuple(np.delete(data.shape, axes)):
            raise ShapeError(f"Normalization.adapt: data of shape {data.shape} does not fit the layer built "
                             f"for mean and variance of shape {self._stats_shape} (axis={self.axis})")
        self.adapt_mean.assign(data.mean(axis=axes).astype(self.dtype))
        self.adapt_variance.assign(data.var(axis=axes).astype(self.dtype))

    def call(self, x: Tensor) -> Tensor:
        if self.mean is None:
            raise ConfigError(f"layer '{self.name}' (Normalization) has no mean and variance: call adapt(data) "
                              "first or pass mean= and variance=")
        mean, var = self._broadcast(x)
        std = np.maximum(np.sqrt(var), np.asarray(1e-7, dtype=var.dtype)).astype(x.dtype)
        if self.invert:
            return ops.add(ops.mul(x, std), mean.astype(x.dtype))
        return ops.div(ops.sub(x, mean.astype(x.dtype)), std)

    def _broadcast(self, x: Tensor) -> tuple[np.ndarray, np.ndarray]:
        mean, var = np.asarray(self.mean), np.asarray(self.variance)
        if mean.ndim == x.ndim - 1 or mean.ndim == 0:
            return mean, var
        shape = [1] * (x.ndim - 1)
        kept = [a - 1 for a in range(1, x.ndim) if a not in self._axes(x.ndim)]
        if mean.size != int(np.prod([x.shape[a + 1] for a in kept])):
            raise ShapeError(f"layer '{self.name}' (Normalization): mean of shape {mean.shape} does not fit "
                             f"inputs of shape {(None, *x.shape[1:])} on axis {self.axis}")
        for a in kept:
            shape[a] = x.shape[a + 1]
        return mean.reshape(shape), var.reshape(shape)

    def get_config(self) -> dict[str, Any]:
        mean, var = self._given
        listed = [None if v is None else np.asarray(v).tolist() for v in (mean, var)]
        return {**super().get_config(), "axis": self.axis, "invert": self.invert, "mean": listed[0],
                "variance": listed[1]}


class CenterCrop(Layer):
    """The central ``height × width`` window of each image (channels-last by default)."""

    def __init__(self, height: int, width: int, data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.height, self.width = int(height), int(width)
        self.data_format = standardize_data_format(data_format)

    def build(self, input_shape: tuple[int, ...]) -> None:
        h, w = input_shape[:2] if self.data_format == "channels_last" else input_shape[1:]
        if len(input_shape) != 3 or (h or self.height) < self.height or (w or self.width) < self.width:
            raise ShapeError(f"layer '{self.name}' (CenterCrop) cannot cut {self.height}×{self.width} windows out "
                             f"of images of shape {(None, *input_shape)} ({self.data_format})")

    def call(self, x: Tensor) -> Tensor:
        axes = (1, 2) if self.data_format == "channels_last" else (2, 3)
        h, w = (x.shape[a] for a in axes)
        top, left = (h - self.height) // 2, (w - self.width) // 2
        cuts = ((top, h - self.height - top), (left, w - self.width - left))
        if cuts == ((0, 0), (0, 0)):
            return x
        return crop(x, axes, cuts)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "height": self.height, "width": self.width,
                "data_format": self.data_format}


class Resizing(Layer):
    """Each image resized to ``height × width`` (Keras's ``Resizing``): 'bilinear' with half-pixel
    centres or 'nearest', after cutting the centred window of that aspect ratio when
    ``crop_to_aspect_ratio`` (see :func:`ligero.ops.resize.resize_images`)."""

    def __init__(self, height: int, width: int, interpolation: str = "bilinear", crop_to_aspect_ratio: bool = False,
                 pad_to_aspect_ratio: bool = False, fill_mode: str = "constant", fill_value: float = 0.0,
                 antialias: bool = False, data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if interpolation not in ("bilinear", "nearest"):
            raise ConfigError(f"Resizing: interpolation must be 'bilinear' or 'nearest' in ligero, got "
                              f"{interpolation!r}")
        if pad_to_aspect_ratio or antialias:
            raise ConfigError("Resizing: pad_to_aspect_ratio=True and antialias=True are not supported by ligero")
        self.height, self.width = int(height), int(width)
        self.interpolation, self.crop_to_aspect_ratio = interpolation, bool(crop_to_aspect_ratio)
        self.fill_mode, self.fill_value = fill_mode, float(fill_value)
        self.data_format = standardize_data_format(data_format)

    def build(self, input_shape: tuple[int, ...]) -> None:
        if len(input_shape) != 3:
            raise ShapeError(f"layer '{self.name}' (Resizing) expects images of shape (None, height, width, "
                             f"channels) ({self.data_format}), got {(None, *input_shape)}")

    def call(self, x: Tensor) -> Tensor:
        last = self.data_format == "channels_last"
        size = (self.height, self.width)
        if self.crop_to_aspect_ratio:
            x = aspect_crop(x, size, last)
        return resize_images(x, size, self.interpolation, channels_last=last)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "data_format": self.data_format, "height": self.height, "width": self.width,
                "interpolation": self.interpolation, "crop_to_aspect_ratio": self.crop_to_aspect_ratio,
                "pad_to_aspect_ratio": False, "fill_mode": self.fill_mode, "fill_value": self.fill_value,
                "antialias": False}


def encode_categories(values: np.ndarray, depth: int, mode: str, dtype: Any, count_weights: Any = None,
                      where: str = "CategoryEncoding") -> np.ndarray:
    """Keras's ``encode_categorical_inputs`` for ``mode`` one_hot, multi_hot or count (see
    :class:`CategoryEncoding`): integer ``values`` in ``[0, depth)`` as vectors of length ``depth``."""
    if values.ndim == 0:
        values = values[None]
    if values.size and (values.min() < 0 or values.max() >= depth):
        raise DataError(f"{where}: inputs must lie in [0, {depth}), got values from {values.min()} to "
                        f"{values.max()}")
    if mode == "one_hot" and values.ndim > 1 and values.shape[-1] == 1:
        values = values[..., 0]
    hot = np.eye(depth, dtype=dtype)[values.astype(np.int64)]
    if mode == "one_hot":
        return hot
    if mode == "multi_hot":
        return hot.max(axis=-2)
    if count_weights is not None:
        hot = hot * np.asarray(getattr(count_weights, "array", count_weights), dtype=dtype)[..., None]
    return hot.sum(axis=-2)


class _AnyShape(Layer):
    """A weightless layer that takes inputs of any shape, call after call, as Keras's do."""

    def forward(self, x: Any, *args: Any, **kwargs: Any) -> Tensor:
        """As Keras's: any input shape, call after call (the layer has no weights to fit a shape)."""
        shape = tuple(np.shape(getattr(x, "array", x))[1:])
        if not self.built or shape != self.input_shape:
            self.build_for(shape)
        return self.call(x, *args, **kwargs)


class CategoryEncoding(_AnyShape):
    """Integer categories ``0 … num_tokens-1`` as vectors of length ``num_tokens`` (Keras's layer).

    ``one_hot``: ``y[..., k] = [x == k]`` (a trailing axis of 1 is dropped first);
    ``multi_hot``: ``y[..., k] = [k ∈ x[..., :]]`` over the last axis; ``count``:
    ``y[..., k] = Σ_j w_j·[x_j == k]`` (``count_weights`` w, default 1); ``int``: the inputs cast.
    A rank-0 input is taken as one category. Not differentiable (its inputs are integers).
    """

    _MODES = ("one_hot", "multi_hot", "count", "int")

    def __init__(self, num_tokens: int | None = None, output_mode: str = "multi_hot", sparse: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if num_tokens is None or int(num_tokens) < 1:
            raise ConfigError(f"CategoryEncoding: num_tokens must be a positive integer, got {num_tokens!r}")
        if output_mode not in self._MODES:
            raise ConfigError(f"CategoryEncoding: output_mode must be one of {self._MODES}, got {output_mode!r}")
        if sparse:
            raise ConfigError("CategoryEncoding: sparse=True is not supported (ligero has no sparse tensors)")
        self.num_tokens, self.output_mode, self.sparse = int(num_tokens), output_mode, False

    def compute_output_shape(self, input_shape: Any) -> Any:
        shape = tuple(input_shape)
        if self.output_mode == "int":
            return shape
        if self.output_mode == "one_hot" and (not shape or shape[-1] != 1):
            return (*shape, self.num_tokens)
        return (*shape[:-1], self.num_tokens)

    def call(self, x: Any, count_weights: Any = None) -> Tensor:
        values = np.asarray(x.array if isinstance(x, Tensor) else x)
        if self.output_mode == "int":
            return Tensor(values.astype(self.dtype))
        return Tensor(encode_categories(values, self.num_tokens, self.output_mode, self.dtype, count_weights,
                                        f"layer '{self.name}' (CategoryEncoding)"))

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "num_tokens": self.num_tokens, "output_mode": self.output_mode,
                "sparse": self.sparse}


class Discretization(_AnyShape):
    """Real values as the index of their bin: ``i`` where ``b[i-1] ≤ x < b[i]`` for the sorted
    ``bin_boundaries`` b (``len(b) + 1`` bins; NumPy's ``digitize``), then encoded as
    :class:`CategoryEncoding` does for ``output_mode`` one_hot/multi_hot/count (``int``: the index).
    With ``num_bins`` instead, ``adapt(data)`` learns ``num_bins − 1`` boundaries of equally filled
    bins from approximate quantiles of the data (to ``epsilon``; :mod:`ligero.layers.quantiles`).
    """

    def __init__(self, bin_boundaries: Any = None, num_bins: int | None = None, epsilon: float = 0.01,
                 output_mode: str = "int", sparse: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if (bin_boundaries is None) == (num_bins is None):
            raise ConfigError("Discretization: give either bin_boundaries or num_bins (then call adapt), "
                              f"got bin_boundaries={bin_boundaries!r} and num_bins={num_bins!r}")
        if num_bins is not None and (isinstance(num_bins, bool) or not isinstance(num_bins, (int, np.integer))
                                     or num_bins < 0):
            raise ConfigError(f"Discretization: num_bins must be a non-negative integer, got {num_bins!r}")
        self.bin_boundaries = None if bin_boundaries is None else [float(b) for b in bin_boundaries]
        self.num_bins, self.epsilon = num_bins, float(epsilon)
        if output_mode not in CategoryEncoding._MODES:
            raise ConfigError(f"Discretization: output_mode must be one of {CategoryEncoding._MODES}, "
                              f"got {output_mode!r}")
        self.output_mode, self.sparse = output_mode, bool(sparse)
        if sparse:
            raise ConfigError("Discretization: sparse=True is not supported (ligero has no sparse tensors)")
        self.summary = quantiles.empty_summary()

    def adapt(self, data: Any, steps: int | None = None) -> None:
        """Learn the bin boundaries from ``data``: an array, or an iterable of batches (``steps`` of them)."""
        if self.num_bins is None:
            raise ConfigError("Discretization.adapt: the layer was given bin_boundaries; create it with num_bins "
                              "to learn them")
        self.reset_state()
        if isinstance(data, (np.ndarray, Tensor)) or not hasattr(data, "__iter__"):
            self.update_state(data)
        else:
            for i, batch in enumerate(data):
                if steps is not None and i >= steps:
                    break
                self.update_state(batch)
        self.finalize_state()

    def update_state(self, data: Any) -> None:
        """Merge the summary of one batch into the layer's (see :mod:`ligero.layers.quantiles`)."""
        values = np.asarray(data.array if isinstance(data, Tensor) else data).astype("float32")
        self.summary = quantiles.merge(quantiles.summarize(values, self.epsilon), self.summary, self.epsilon)

    def finalize_state(self) -> None:
        if self.num_bins is not None:
            self.bin_boundaries = quantiles.bin_boundaries(self.summary, self.num_bins)

    def reset_state(self) -> None:
        if self.num_bins is not None:
            self.summary = quantiles.empty_summary()

    def compute_output_shape(self, input_shape: Any) -> Any:
        shape = tuple(input_shape)
        if self.output_mode == "int":
            return shape
        depth = len(self.bin_boundaries) + 1 if self.bin_boundaries is not None else self.num_bins
        return (*shape, depth) if self.output_mode == "one_hot" and (not shape or shape[-1] != 1) \
            else (*shape[:-1], depth)

    def call(self, x: Any) -> Tensor:
        if self.bin_boundaries is None:
            raise ConfigError(f"layer '{self.name}' (Discretization) has no bin boundaries yet: call adapt(data) "
                              "first")
        values = np.asarray(x.array if isinstance(x, Tensor) else x)
        indices = np.digitize(values, self.bin_boundaries).astype(np.int32)
        if self.output_mode == "int":  # Keras's int32 bin indices
            return Tensor(indices, dtype=np.int32)
        return Tensor(encode_categories(indices, len(self.bin_boundaries) + 1, self.output_mode, self.dtype,
                                        where=f"layer '{self.name}' (Discretization)"))

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "bin_boundaries": self.bin_boundaries, "num_bins": self.num_bins,
                "epsilon": self.epsilon, "output_mode": self.output_mode, "sparse": self.sparse}
