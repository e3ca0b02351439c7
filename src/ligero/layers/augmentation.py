"""Data augmentation layers (Keras preprocessing style) for image batches, channels-last by default.

Put them at the start of a Sequential::

    model = lg.Sequential([
        layers.RandomCrop(32, 32, padding=4, seed=1, input_shape=(32, 32, 3)),
        layers.RandomFlip("horizontal", seed=2),
        layers.Conv2D(32, 3, padding="same"), ...
    ])

They transform each training batch afresh (``self.training`` is True inside
``fit``), so every epoch sees new variants of the images without a copy of the
data set; in ``predict``/``evaluate`` they are the identity (RandomCrop: a
centre crop, the identity when the crop size is the image size). Each draws
from a generator of its own, seeded by ``seed`` (``None``: a child of the
global generator, see :func:`ligero.set_seed`). Both are rearrangements of the
pixels (the ops :func:`ligero.ops.flip_images` and :func:`ligero.ops.crop_windows`),
so the gradient flows through them (to the input, if it needs one).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero import ops
from ligero.errors import ConfigError, ShapeError
from ligero.layers.base import Layer
from ligero.layers.data_format import check_image_input, standardize_data_format
from ligero.ops.augment import bilinear_sample, crop_windows, flip_images
from ligero.random import get_rng
from ligero.tensor import Tensor

__all__ = ["RandomBrightness", "RandomContrast", "RandomCrop", "RandomFlip", "RandomRotation", "RandomTranslation",
           "RandomZoom"]

_FLIP_MODES = ("horizontal", "vertical", "horizontal_and_vertical")


class _RandomLayer(Layer):
    """A layer with a generator of its own, created at the first call from ``seed``."""

    def __init__(self, data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._rng: np.random.Generator | None = None
        self.data_format = standardize_data_format(data_format)

    def build(self, input_shape: tuple[int, ...]) -> None:
        check_image_input(self, input_shape, 2, self.data_format)

    def spatial_axes(self) -> tuple[int, int]:
        """The (height, width) axes of a batch."""
        return (1, 2) if self.data_format == "channels_last" else (2, 3)

    @property
    def rng(self) -> np.random.Generator:
        if self._rng is None:
            self._rng = get_rng(self.seed)
        return self._rng

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "seed": self.seed, "data_format": self.data_format}

    def image_size(self, x: Tensor) -> tuple[int, int, int]:
        """(batch, height, width) of a batch of images."""
        h, w = self.spatial_axes()
        return x.shape[0], x.shape[h], x.shape[w]

    def resample(self, x: Tensor, rows: np.ndarray, cols: np.ndarray) -> Tensor:
        """``x`` sampled bilinearly at the source points ``(rows, cols)`` (N, H, W) of each output pixel,
        outside points filled by the layer's ``fill_mode`` and ``fill_value``."""
        last = self.data_format == "channels_last"
        images = x if last else ops.transpose(x, (0, 2, 3, 1))
        out = bilinear_sample(images, rows, cols, self.fill_mode, self.fill_value)
        return out if last else ops.transpose(out, (0, 3, 1, 2))


def _resampling(kind: str, fill_mode: str, interpolation: str) -> None:
    """ConfigError unless the fill mode is one of Keras's and the interpolation bilinear (ligero's one)."""
    if interpolation != "bilinear":
        raise ConfigError(f"{kind}: only interpolation='bilinear' is supported, got {interpolation!r}")
    if fill_mode not in ("reflect", "wrap", "nearest", "constant"):
        raise ConfigError(f"{kind}: unknown fill_mode {fill_mode!r}; expected one of reflect, wrap, constant, nearest")


def _factor_bounds(kind: str, name: str, factor: Any, lowest_open: bool) -> tuple[float, float]:
    """Keras's reading of a factor: a number f is (-|f|, |f|), a pair is sorted; each in [-1, 1] ((-1, 1] when
    ``lowest_open``)."""
    if isinstance(factor, (list, tuple)) and len(factor) == 2:
        bounds = sorted(float(f) for f in factor)
    elif isinstance(factor, (int, float)) and not isinstance(factor, bool):
        bounds = [-abs(float(factor)), abs(float(factor))]
    else:
        raise ConfigError(f"{kind}: {name} should be a number (or a list of two numbers) in the range "
                          f"[-1.0, 1.0], got {factor!r}")
    if any(f > 1.0 or f < -1.0 or (lowest_open and f == -1.0) for f in bounds):
        raise ConfigError(f"{kind}: {name} must lie in the range {'(' if lowest_open else '['}-1.0, 1.0], "
                          f"got {factor!r}")
    return bounds[0], bounds[1]


class RandomFlip(_RandomLayer):
    """Mirror each image of a training batch with probability 1/2.

    ``mode``: ``"horizontal"`` (left-right, the width axis, the usual choice for
    CIFAR-10), ``"vertical"`` (up-down, the height axis) or
    ``"horizontal_and_vertical"`` (each axis drawn independently; Keras's default).
    """

    def __init__(self, mode: str = "horizontal_and_vertical", seed: int | None = None, **kwargs: Any) -> None:
        super().__init__(seed=seed, **kwargs)
        if mode not in _FLIP_MODES:
            raise ConfigError(f"RandomFlip: mode must be one of {', '.join(_FLIP_MODES)}, got {mode!r}")
        self.mode = mode

    def call(self, x: Tensor) -> Tensor:
        if not self.training:
            return x
        n = x.shape[0]
        h, w = self.spatial_axes()
        axes = {"horizontal": (w,), "vertical": (h,), "horizontal_and_vertical": (h, w)}[self.mode]
        masks = [self.rng.random(n) < 0.5 for _ in axes]
        return flip_images(x, axes, masks)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "mode": self.mode}


class RandomCrop(_RandomLayer):
    """Cut a random ``height × width`` window of each training image (Keras's RandomCrop), after
    padding it with ``padding`` zeros on every side (a ligero extension; Keras has no padding, 0 is
    Keras's behaviour).

    With ``height``/``width`` equal to the image size this is a random translation
    by up to ``padding`` pixels each way (the standard CIFAR-10 augmentation,
    ``torchvision.transforms.RandomCrop(32, padding=4)``). Outside training the
    window is the centre one (the identity when the sizes are equal).
    Vectorized: one gather for the whole batch (:func:`ligero.ops.crop_windows`).
    """

    def __init__(self, height: int, width: int, padding: int = 0, seed: int | None = None,
                 **kwargs: Any) -> None:
        super().__init__(seed=seed, **kwargs)
        for what, value, low in (("height", height, 1), ("width", width, 1), ("padding", padding, 0)):
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
                raise ConfigError(f"RandomCrop: {what} must be an integer >= {low}, got {value!r}")
        self.height, self.width, self.padding = int(height), int(width), int(padding)

    def build(self, input_shape: tuple[int, ...]) -> None:
        super().build(input_shape)
        h, w = (input_shape[a - 1] for a in self.spatial_axes())
        if None in (h, w):  # any size: the call checks each batch
            return
        if h + 2 * self.padding < self.height or w + 2 * self.padding < self.width:
            raise ShapeError(
                f"layer '{self.name}' (RandomCrop) cannot cut {self.height}×{self.width} windows out of "
                f"images of shape {(None, *input_shape)} padded by {self.padding}"
            )

    def call(self, x: Tensor) -> Tensor:
        n = x.shape[0]
        h, w = (x.shape[a] for a in self.spatial_axes())
        p = self.padding
        room_h, room_w = h + 2 * p - self.height, w + 2 * p - self.width
        if self.training:
            dy = self.rng.integers(0, room_h + 1, n)
            dx = self.rng.integers(0, room_w + 1, n)
        else:
            dy, dx = np.full(n, room_h // 2), np.full(n, room_w // 2)
            if p == room_h // 2 == room_w // 2 and (self.height, self.width) == (h, w):
                return x
        if self.data_format == "channels_first":
            return crop_windows(x, p, dy, dx, self.height, self.width)
        nchw = crop_windows(ops.transpose(x, (0, 3, 1, 2)), p, dy, dx, self.height, self.width)
        return ops.transpose(nchw, (0, 2, 3, 1))

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "height": self.height, "width": self.width, "padding": self.padding}



class RandomRotation(_RandomLayer):
    """Rotate each training image by a random angle ``θ ~ U(lower, upper)·2π`` about its centre
    (``factor`` f means ``(-f, f)``; positive angles turn counter-clockwise), resampled
    bilinearly; pixels whose source falls outside are filled by ``fill_mode`` (``"reflect"``,
    ``"wrap"``, ``"nearest"`` or ``"constant"`` with ``fill_value``). The identity outside training.
    Only ``interpolation="bilinear"`` is supported.
    """

    def __init__(self, factor: Any, fill_mode: str = "reflect", interpolation: str = "bilinear",
                 seed: int | None = None, fill_value: float = 0.0, **kwargs: Any) -> None:
        super().__init__(seed=seed, **kwargs)
        bounds = (-factor, factor) if isinstance(factor, (int, float)) else tuple(factor)
        if len(bounds) != 2 or bounds[0] > bounds[1]:
            raise ConfigError(f"RandomRotation: factor must be a number or a (lower, upper) pair, got {factor!r}")
        _resampling("RandomRotation", fill_mode, interpolation)
        self.factor, self.bounds = factor, (float(bounds[0]), float(bounds[1]))
        self.fill_mode, self.interpolation, self.fill_value = fill_mode, interpolation, float(fill_value)

    def call(self, x: Tensor) -> Tensor:
        if not self.training:
            return x
        n, h, w = self.image_size(x)
        theta = self.rng.uniform(*self.bounds, n) * 2 * np.pi
        cos, sin = np.cos(theta)[:, None, None], np.sin(theta)[:, None, None]
        p, q = np.meshgrid(np.arange(h) - (h - 1) / 2, np.arange(w) - (w - 1) / 2, indexing="ij")
        # the source of output (p, q) is the point that the rotation by θ moves onto it
        return self.resample(x, cos * p + sin * q + (h - 1) / 2, -sin * p + cos * q + (w - 1) / 2)

    def get_config(self) -> dict[str, Any]:
        factor = list(self.factor) if isinstance(self.factor, tuple) else self.factor
        return {**super().get_config(), "factor": factor, "fill_mode": self.fill_mode,
                "interpolation": self.interpolation, "fill_value": self.fill_value}


class _Resampling(_RandomLayer):
    """A random change of place of each training image's pixels by per-axis factors, resampled bilinearly,
    points from outside filled by ``fill_mode`` (``"reflect"``, ``"wrap"``, ``"nearest"``, ``"constant"``
    with ``fill_value``). A factor f means ``(-f, f)``; a pair is (lower, upper)."""

    lowest_open = False  # whether -1 is outside the factors' range

    def __init__(self, height_factor: Any, width_factor: Any, fill_mode: str, interpolation: str,
                 seed: int | None, fill_value: float, **kwargs: Any) -> None:
        super().__init__(seed=seed, **kwargs)
        kind = type(self).__name__
        self.height_bounds = _factor_bounds(kind, "height_factor", height_factor, self.lowest_open)
        self.width_bounds = None if width_factor is None else _factor_bounds(kind, "width_factor", width_factor,
                                                                            self.lowest_open)
        _resampling(kind, fill_mode, interpolation)
        self.height_factor, self.width_factor = height_factor, width_factor
        self.fill_mode, self.interpolation, self.fill_value = fill_mode, interpolation, float(fill_value)

    def call(self, x: Tensor) -> Tensor:
        if not self.training:
            return x
        n, h, w = self.image_size(x)
        p, q = np.meshgrid(np.arange(h), np.arange(w), indexing="ij")
        return self.resample(x, *self.source(n, h, w, p, q))

    def source(self, n: int, h: int, w: int, p: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The (rows, cols) (N, H, W) each output pixel ``(p, q)`` of the ``n`` images is read from."""
        raise NotImplementedError

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "height_factor": self.height_factor, "width_factor": self.width_factor,
                "fill_mode": self.fill_mode, "interpolation": self.interpolation, "fill_value": self.fill_value}


class RandomTranslation(_Resampling):
    """Shift each training image by ``(dy, dx) = (U(height bounds)·H, U(width bounds)·W)`` pixels (down and
    right for positive values), as Keras's: ``y[p, q] = x[p − dy, q − dx]``; factors in [-1, 1]. The identity
    outside training."""

    def __init__(self, height_factor: Any, width_factor: Any, fill_mode: str = "reflect",
                 interpolation: str = "bilinear", seed: int | None = None, fill_value: float = 0.0,
                 **kwargs: Any) -> None:
        super().__init__(height_factor, width_factor, fill_mode, interpolation, seed, fill_value, **kwargs)

    def source(self, n: int, h: int, w: int, p: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        dy = self.rng.uniform(*self.height_bounds, n)[:, None, None] * h
        dx = self.rng.uniform(*self.width_bounds, n)[:, None, None] * w
        return p - dy, q - dx


class RandomZoom(_Resampling):
    """Zoom each training image about its centre by ``z = 1 + U(bounds)`` per axis (``z > 1``, a positive
    factor, zooms out; ``width_factor=None`` zooms both axes by the height's draw), as Keras's: the source of
    output ``(p, q)`` is ``(c_h + z_h·(p − c_h), c_w + z_w·(q − c_w))`` with ``c = (size − 1)/2``; factors in
    (-1, 1]. The identity outside training."""

    lowest_open = True

    def __init__(self, height_factor: Any, width_factor: Any = None, fill_mode: str = "reflect",
                 interpolation: str = "bilinear", seed: int | None = None, fill_value: float = 0.0,
                 **kwargs: Any) -> None:
        super().__init__(height_factor, width_factor, fill_mode, interpolation, seed, fill_value, **kwargs)

    def source(self, n: int, h: int, w: int, p: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        zoom_h = 1.0 + self.rng.uniform(*self.height_bounds, n)[:, None, None]
        zoom_w = zoom_h if self.width_bounds is None else 1.0 + self.rng.uniform(*self.width_bounds, n)[:, None, None]
        ch, cw = (h - 1) / 2, (w - 1) / 2
        return ch + zoom_h * (p - ch), cw + zoom_w * (q - cw)

def _color_factor(kind: str, factor: Any, low: float) -> tuple[float, float]:
    """Keras's reading of a colour layer's factor within [low, 1]: a number f is (max(-f, low), f), a pair is
    sorted (and must overlap [low, 1])."""
    message = (f"{kind}: The `factor` argument should be a number (or a list of two numbers) in the range "
               f"[{low:g}, 1]. Received: factor={factor}")
    if isinstance(factor, (list, tuple)):
        if len(factor) != 2 or factor[0] > 1 or factor[1] < low:
            raise ConfigError(message)
        lower, upper = sorted(float(f) for f in factor)
        return lower, upper
    if isinstance(factor, bool) or not isinstance(factor, (int, float)) or not low <= factor <= 1:
        raise ConfigError(message)
    return max(-abs(float(factor)), low), abs(float(factor))


class _ColorLayer(_RandomLayer):
    """A per-image change of the values (not of their places), clipped to ``value_range``."""

    factor_low = -1.0

    def __init__(self, factor: Any, value_range: Any = (0, 255), seed: int | None = None, **kwargs: Any) -> None:
        super().__init__(seed=seed, **kwargs)
        if not isinstance(value_range, (list, tuple)) or len(value_range) != 2:
            raise ConfigError(f"{type(self).__name__}: value_range must be a list of two numbers, got {value_range!r}")
        self.factor = _color_factor(type(self).__name__, factor, self.factor_low)
        self.value_range = value_range

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "factor": self.factor, "value_range": self.value_range}


class RandomContrast(_ColorLayer):
    """Scale each training image's deviation from its mean (per channel, over height and width) by
    ``c ~ U(1 − lower, 1 + upper)``, as Keras's: ``y = (x − mean)·c + mean``, clipped to ``value_range``.
    A number f means ``(0, f)`` (Keras 3's reading: the factor's range is [0, 1]). The identity outside
    training."""

    factor_low = 0.0

    def call(self, x: Tensor) -> Tensor:
        if not self.training:
            return x
        h, w = self.spatial_axes()
        c = self.rng.uniform(1.0 - self.factor[0], 1.0 + self.factor[1], x.shape[0]).astype(x.dtype)
        mean = ops.mean(ops.mean(x, h, keepdims=True), w, keepdims=True)
        out = (x - mean) * c.reshape(-1, 1, 1, 1) + mean
        return ops.clip(out, *self.value_range)


class RandomBrightness(_ColorLayer):
    """Add ``δ ~ U(lower, upper)·(high − low)`` to every value of each training image, as Keras's, clipped to
    ``value_range = (low, high)``; a number f means ``(-f, f)``, each in [-1, 1]. The identity outside
    training."""

    def __init__(self, factor: Any, value_range: Any = (0, 255), seed: int | None = None, **kwargs: Any) -> None:
        super().__init__(factor, value_range, seed, **kwargs)
        self.value_range = sorted(self.value_range)

    def call(self, x: Tensor) -> Tensor:
        if not self.training:
            return x
        low, high = self.value_range
        delta = self.rng.uniform(*self.factor, x.shape[0]) * (high - low)
        return ops.clip(x + delta.astype(x.dtype).reshape(-1, 1, 1, 1), low, high)
