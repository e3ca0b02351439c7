"""``keras.ops.image``: image functions (``resize``), with Keras 3's arguments, over ligero's ops."""

from __future__ import annotations

from typing import Any

from ligero.errors import ConfigError
from ligero.keras.ops.core import convert_to_tensor
from ligero.layers.data_format import standardize_data_format
from ligero.ops import reshape
from ligero.ops.resize import aspect_crop, resize_images
from ligero.tensor import Tensor

__all__ = ["resize"]

INTERPOLATIONS = ("bilinear", "nearest")


def resize(images: Any, size: Any, interpolation: str = "bilinear", antialias: bool = False,
           crop_to_aspect_ratio: bool = False, pad_to_aspect_ratio: bool = False, fill_mode: str = "constant",
           fill_value: float = 0.0, data_format: str | None = None) -> Tensor:
    """Images (a batch, rank 4, or one image, rank 3) resized to ``size = (height, width)``, as Keras's
    PyTorch backend does: 'bilinear' with half-pixel centres, 'nearest' (half-pixel, PyTorch's
    'nearest-exact'); ``crop_to_aspect_ratio`` first cuts the centred window of the target's aspect
    ratio. Differentiable."""
    if interpolation not in INTERPOLATIONS:
        raise ConfigError(f"resize: interpolation must be one of {INTERPOLATIONS} in ligero, got {interpolation!r}")
    if antialias or pad_to_aspect_ratio or fill_mode != "constant":
        raise ConfigError("resize: antialias=True and pad_to_aspect_ratio=True are not supported by ligero")
    if len(tuple(size)) != 2:
        raise ConfigError(f"resize: size must be (height, width), got {size!r}")
    x = convert_to_tensor(images)
    if x.ndim not in (3, 4):
        raise ConfigError(f"resize: expected images of rank 3 (one image) or 4 (a batch), got shape {tuple(x.shape)}")
    single = x.ndim == 3
    if single:
        x = reshape(x, (1, *x.shape))
    last = standardize_data_format(data_format) == "channels_last"
    if crop_to_aspect_ratio:
        x = aspect_crop(x, (int(size[0]), int(size[1])), last)
    out = resize_images(x, (int(size[0]), int(size[1])), interpolation, channels_last=last)
    return reshape(out, tuple(out.shape[1:])) if single else out

