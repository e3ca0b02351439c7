"""Image rearrangements for data augmentation on NCHW batches: per-image flips and windows.

The random draws belong to the layers (:mod:`ligero.layers.augmentation`);
these ops take them as arguments, so each is a plain function of its input.
Both only move pixels, so each backward moves the gradient back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ligero.tensor import Tensor, as_tensor, make_result

__all__ = ["crop_windows", "flip_images"]


def flip_images(x: Any, axes: Sequence[int], masks: Sequence[np.ndarray]) -> Tensor:
    """Images reversed along ``axis`` where ``mask[n]``, for each (axis, mask) in turn.

    ``y[n] = flip(x[n], axis)`` if ``mask[n]`` else ``x[n]``. A flip is its own
    inverse and flips of different axes commute, so the backward is the same
    flips of ``g``: ``dL/dx[n] = flip(g[n], axis)`` where ``mask[n]``.
    """
    x = as_tensor(x)

    def apply(a: np.ndarray, owned: bool) -> np.ndarray:
        for axis, mask in zip(axes, masks, strict=True):
            if mask.any():
                if not owned:
                    a, owned = a.copy(), True
                a[mask] = np.flip(a[mask], axis=axis)
        return a

    def backward(g: np.ndarray) -> tuple[np.ndarray]:
        return (apply(g.copy(), owned=True),)

    return make_result(apply(x.array, owned=False), (x,), backward, "flip_images")


def crop_windows(x: Any, padding: int, top: np.ndarray, left: np.ndarray, height: int, width: int) -> Tensor:
    """``y[n] = pad(x[n], padding)[:, top[n]:top[n]+height, left[n]:left[n]+width]``, by one gather.

    ``pad`` adds ``padding`` zeros on every side. Backward: ``g[n]`` is put back
    at its window in a zero padded image, whose middle is ``dL/dx[n]`` (within
    one image the window's pixels are distinct: plain assignment, no add.at).
    """
    x = as_tensor(x)
    n, c, h, w = x.shape
    p = padding
    padded = np.zeros((n, c, h + 2 * p, w + 2 * p), dtype=x.dtype)
    padded[:, :, p:p + h, p:p + w] = x.array
    index = (
        np.arange(n)[:, None, None, None],
        np.arange(c)[None, :, None, None],
        (top[:, None] + np.arange(height)[None, :])[:, None, :, None],
        (left[:, None] + np.arange(width)[None, :])[:, None, None, :],
    )
    out = padded[index]

    def backward(g: np.ndarray) -> tuple[np.ndarray]:
        grad = np.zeros(padded.shape, dtype=g.dtype)
        grad[index] = g
        return (grad[:, :, p:p + h, p:p + w],)

    return make_result(out, (x,), backward, "crop_windows")
