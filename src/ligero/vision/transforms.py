"""Image transforms with torchvision's names and meaning (on PIL images and CHW tensors).

``ToTensor`` turns a PIL image or an (H, W, C) uint8 array into a float32 tensor
(C, H, W) in [0, 1]; ``Normalize`` computes ``(x - mean) / std`` per channel. The
random ones draw from ligero's global generator (``ligero.set_seed``), or from
``seed`` when given.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ligero.errors import ConfigError, ShapeError
from ligero.random import get_rng
from ligero.tensor import Tensor


def _pil() -> Any:
    from PIL import Image

    return Image


def _size(size: int | Sequence[int], owner: str) -> tuple[int, int] | int:
    if isinstance(size, int):
        return size
    if len(size) == 1:
        return int(size[0])
    if len(size) != 2:
        raise ConfigError(f"{owner}: size must be an int or (height, width), got {size!r}")
    return int(size[0]), int(size[1])


class Compose:
    """Apply ``transforms`` one after another."""

    def __init__(self, transforms: Sequence[Callable[[Any], Any]]) -> None:
        self.transforms = list(transforms)

    def __call__(self, image: Any) -> Any:
        for transform in self.transforms:
            image = transform(image)
        return image


class Lambda:
    """Apply a user function."""

    def __init__(self, fn: Callable[[Any], Any]) -> None:
        self.fn = fn

    def __call__(self, image: Any) -> Any:
        return self.fn(image)


class Resize:
    """Resize a PIL image: to (h, w), or (an int) its smaller edge to ``size`` keeping the aspect ratio."""

    def __init__(self, size: int | Sequence[int], interpolation: str = "bilinear") -> None:
        self.size = _size(size, "Resize")
        self.interpolation = interpolation

    def __call__(self, image: Any) -> Any:
        from ligero.datasets.image_folder import _resample

        width, height = image.size
        if isinstance(self.size, int):
            short, long = (width, height) if width <= height else (height, width)
            new_short, new_long = self.size, int(self.size * long / short)
            new = (new_short, new_long) if width <= height else (new_long, new_short)
        else:
            new = (self.size[1], self.size[0])
        return image.resize(new, _resample(self.interpolation))


class CenterCrop:
    """Crop the centre (h, w) of a PIL image."""

    def __init__(self, size: int | Sequence[int]) -> None:
        size = _size(size, "CenterCrop")
        self.size = (size, size) if isinstance(size, int) else size

    def __call__(self, image: Any) -> Any:
        width, height = image.size
        h, w = self.size
        top, left = int(round((height - h) / 2.0)), int(round((width - w) / 2.0))
        return image.crop((left, top, left + w, top + h))


class RandomCrop:
    """Crop a random (h, w) window of a PIL image, after zero-padding its borders by ``padding``."""

    def __init__(self, size: int | Sequence[int], padding: int | None = None, seed: int | None = None) -> None:
        size = _size(size, "RandomCrop")
        self.size = (size, size) if isinstance(size, int) else size
        self.padding = int(padding or 0)
        self._rng = get_rng(seed)

    def __call__(self, image: Any) -> Any:
        if self.padding:
            padded = _pil().new(image.mode, (image.size[0] + 2 * self.padding, image.size[1] + 2 * self.padding))
            padded.paste(image, (self.padding, self.padding))
            image = padded
        width, height = image.size
        h, w = self.size
        if h > height or w > width:
            raise ShapeError(f"RandomCrop: crop {self.size} is larger than the image ({height}, {width})")
        top, left = int(self._rng.integers(0, height - h + 1)), int(self._rng.integers(0, width - w + 1))
        return image.crop((left, top, left + w, top + h))


class RandomHorizontalFlip:
    """Mirror a PIL image left-right with probability ``p``."""

    def __init__(self, p: float = 0.5, seed: int | None = None) -> None:
        self.p = float(p)
        self._rng = get_rng(seed)

    def __call__(self, image: Any) -> Any:
        if self._rng.random() < self.p:
            return image.transpose(_pil().Transpose.FLIP_LEFT_RIGHT)
        return image


class Grayscale:
    """Convert a PIL image to grayscale with ``num_output_channels`` (1 or 3) channels."""

    def __init__(self, num_output_channels: int = 1) -> None:
        self.num_output_channels = int(num_output_channels)

    def __call__(self, image: Any) -> Any:
        gray = image.convert("L")
        return gray if self.num_output_channels == 1 else gray.convert("RGB")


class ToTensor:
    """A PIL image or an (H, W, C) uint8 array as a float32 Tensor (C, H, W) scaled to [0, 1]."""

    def __call__(self, image: Any) -> Tensor:
        array = np.asarray(image)
        if array.ndim == 2:
            array = array[:, :, None]
        if array.ndim != 3:
            raise ShapeError(f"ToTensor: expected an image of shape (H, W) or (H, W, C), got {array.shape}")
        values = array.transpose(2, 0, 1).astype(np.float32)
        if array.dtype == np.uint8:
            values /= 255.0
        return Tensor(np.ascontiguousarray(values))


class Normalize:
    """``(x - mean) / std`` per channel of a (C, H, W) tensor."""

    def __init__(self, mean: Sequence[float], std: Sequence[float]) -> None:
        self.mean = np.asarray(mean, dtype=np.float32).reshape(-1, 1, 1)
        self.std = np.asarray(std, dtype=np.float32).reshape(-1, 1, 1)
        if np.any(self.std == 0):
            raise ConfigError(f"Normalize: std must not be zero, got {list(std)}")

    def __call__(self, image: Any) -> Tensor:
        values = image.array if isinstance(image, Tensor) else np.asarray(image, dtype=np.float32)
        if values.ndim != 3 or (len(self.mean) != 1 and values.shape[0] != len(self.mean)):
            raise ShapeError(f"Normalize: expected a (C, H, W) tensor with C = {len(self.mean)}, "
                             f"got shape {values.shape}")
        return Tensor(((values - self.mean) / self.std).astype(np.float32))


__all__ = ["CenterCrop", "Compose", "Grayscale", "Lambda", "Normalize", "RandomCrop", "RandomHorizontalFlip",
           "Resize", "ToTensor"]
