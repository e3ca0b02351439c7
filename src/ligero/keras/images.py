"""``keras.utils``' picture helpers, as Keras 3 writes them (Pillow, the ``images`` extra):
``load_img`` (a PIL image, converted to the colour mode, resized to ``target_size``),
``img_to_array`` / ``array_to_img`` (float32 (H, W, C) arrays and back, scaled to 0-255 unless
``scale=False``) and ``save_img``. For the final project's own pictures:

    x = keras.utils.img_to_array(keras.utils.load_img("cat.jpg", target_size=(64, 64))) / 255
"""

from __future__ import annotations

import io
import os
import warnings
from typing import Any

import numpy as np

from ligero.layers.data_format import image_data_format

_MODES = {"grayscale": ("L", "I;16", "I"), "rgb": ("RGB",), "rgba": ("RGBA",)}
_RESAMPLING = ("nearest", "bilinear", "bicubic", "hamming", "box", "lanczos")


def _pil() -> Any:
    try:
        from PIL import Image
    except ImportError as exc:
        raise ImportError("keras.utils' image functions need Pillow: pip install 'ligero[images]'") from exc
    return Image


def _format(data_format: str | None) -> str:
    fmt = image_data_format() if data_format is None else data_format
    if fmt not in ("channels_last", "channels_first"):
        raise ValueError(f"Unknown data_format: {data_format}")
    return fmt


def load_img(path: Any, color_mode: str = "rgb", target_size: Any = None, interpolation: str = "nearest",
             keep_aspect_ratio: bool = False) -> Any:
    """The picture at ``path`` as a PIL image in ``color_mode`` ("grayscale", "rgb", "rgba"), resized to
    ``target_size`` (height, width) with ``interpolation``; ``keep_aspect_ratio`` crops the centre to the
    target's aspect ratio first."""
    image_module = _pil()
    if color_mode not in _MODES:
        raise ValueError('color_mode must be "grayscale", "rgb", or "rgba"')
    if isinstance(path, io.BytesIO):
        img = image_module.open(path)
    else:
        with open(os.fspath(path), "rb") as f:
            img = image_module.open(io.BytesIO(f.read()))
    if img.mode not in _MODES[color_mode]:
        img = img.convert(_MODES[color_mode][0])
    if target_size is None:
        return img
    width_height = (int(target_size[1]), int(target_size[0]))
    if img.size == width_height:
        return img
    if interpolation not in _RESAMPLING:
        raise ValueError(f"Invalid interpolation method {interpolation!r}: supported {', '.join(_RESAMPLING)}")
    resample = getattr(image_module.Resampling, interpolation.upper())
    if keep_aspect_ratio:
        width, height = img.size
        crop_height = min(height, (width * width_height[1]) // width_height[0])
        crop_width = min(width, (height * width_height[0]) // width_height[1])
        top, left = (height - crop_height) // 2, (width - crop_width) // 2
        img = img.crop((left, top, left + crop_width, top + crop_height))
    return img.resize(width_height, resample)


def img_to_array(img: Any, data_format: str | None = None, dtype: Any = None) -> np.ndarray:
    """A PIL image as a float32 array (H, W, C) (or (C, H, W) channels-first)."""
    fmt = _format(data_format)
    x = np.asarray(img, dtype=dtype or "float32")
    if x.ndim == 3:
        return x.transpose(2, 0, 1) if fmt == "channels_first" else x
    if x.ndim == 2:
        return x.reshape((1, *x.shape)) if fmt == "channels_first" else x.reshape((*x.shape, 1))
    raise ValueError(f"Unsupported image shape: {x.shape}")


def array_to_img(x: Any, data_format: str | None = None, scale: bool = True, dtype: Any = None) -> Any:
    """A (H, W, C) array (C of 1, 3 or 4) as a PIL image; ``scale`` maps its range onto 0-255."""
    image_module = _pil()
    fmt = _format(data_format)
    x = np.asarray(getattr(x, "array", x), dtype=dtype or "float32")
    if x.ndim != 3:
        raise ValueError(f"Expected image array to have rank 3 (single image). Got array with shape: {x.shape}")
    if fmt == "channels_first":
        x = x.transpose(1, 2, 0)
    if scale:
        x = x - np.min(x)
        top = np.max(x)
        if top != 0:
            x /= top
        x *= 255
    channels = x.shape[2]
    if channels == 4:
        return image_module.fromarray(x.astype("uint8"), "RGBA")
    if channels == 3:
        return image_module.fromarray(x.astype("uint8"), "RGB")
    if channels == 1:
        if np.max(x) > 255:  # 32-bit signed integers
            return image_module.fromarray(x[:, :, 0].astype("int32"), "I")
        return image_module.fromarray(x[:, :, 0].astype("uint8"), "L")
    raise ValueError(f"Unsupported channel number: {channels}")


def save_img(path: Any, x: Any, data_format: str | None = None, file_format: str | None = None,
             scale: bool = True, **kwargs: Any) -> None:
    """Write the array ``x`` as a picture (the format from ``file_format`` or the file name)."""
    img = array_to_img(x, data_format=data_format, scale=scale)
    if img.mode == "RGBA" and file_format in ("jpg", "jpeg"):
        warnings.warn("The JPG format does not support RGBA images, converting to RGB.", stacklevel=2)
        img = img.convert("RGB")
    img.save(path, format=file_format, **kwargs)


__all__ = ["array_to_img", "img_to_array", "load_img", "save_img"]
