"""Image rearrangements for data augmentation: per-image flips and windows (NCHW), and bilinear
resampling at given source coordinates (NHWC; rotations).

The random draws belong to the layers (:mod:`ligero.layers.augmentation`);
these ops take them as arguments, so each is a plain function of its input.
Both only move pixels, so each backward moves the gradient back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ligero.errors import ConfigError
from ligero.tensor import Tensor, as_tensor, make_result

__all__ = ["bilinear_sample", "crop_windows", "flip_images"]


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


_FILL_MODES = ("reflect", "wrap", "nearest", "constant")


def _fill_index(i: np.ndarray, n: int, mode: str) -> tuple[np.ndarray, np.ndarray | None]:
    """Integer indices ``i`` mapped into ``[0, n)`` by the fill mode, and (constant) the validity mask.

    reflect: ``d c b a | a b c d | d c b a``; wrap: ``a b c d | a b c d``; nearest: ``a a | a b c d | d d``.
    """
    if mode == "reflect":
        j = np.mod(i, 2 * n)
        return np.where(j >= n, 2 * n - 1 - j, j), None
    if mode == "wrap":
        return np.mod(i, n), None
    valid = (i >= 0) & (i < n) if mode == "constant" else None
    return np.clip(i, 0, n - 1), valid


def bilinear_sample(x: Any, rows: np.ndarray, cols: np.ndarray, fill_mode: str = "reflect",
                    fill_value: float = 0.0) -> Tensor:
    """``y[n, p, q, c]``: ``x[n, :, :, c]`` (N, H, W, C) interpolated bilinearly at the source point
    ``(rows[n, p, q], cols[n, p, q])``, points outside the image filled by ``fill_mode``.

    With ``r₀ = ⌊r⌋``, ``a = r − r₀`` (likewise ``c₀``, ``b``):
    ``y = Σ_{dr, dc ∈ {0,1}} w_{dr,dc} · x[fill(r₀ + dr), fill(c₀ + dc)]`` with
    ``w = (a if dr else 1 − a)·(b if dc else 1 − b)``; in ``"constant"`` mode an outside corner
    contributes ``w · fill_value`` instead. Backward: each corner receives ``w · g`` (summed).
    """
    x = as_tensor(x)
    if fill_mode not in _FILL_MODES:
        raise ConfigError(f"bilinear_sample: fill_mode must be one of {', '.join(_FILL_MODES)}, got {fill_mode!r}")
    n, h, w, _ = x.shape
    r0, c0 = np.floor(rows), np.floor(cols)
    a, b = (rows - r0).astype(x.dtype), (cols - c0).astype(x.dtype)
    images = np.arange(n).reshape(n, *([1] * (rows.ndim - 1)))
    corners = []
    out = np.zeros((*rows.shape, x.shape[3]), dtype=x.dtype)
    for dr in (0, 1):
        ri, r_ok = _fill_index(r0.astype(np.intp) + dr, h, fill_mode)
        for dc in (0, 1):
            ci, c_ok = _fill_index(c0.astype(np.intp) + dc, w, fill_mode)
            weight = (a if dr else 1 - a) * (b if dc else 1 - b)
            if fill_mode == "constant":
                inside = r_ok & c_ok
                out += (weight * ~inside * np.asarray(fill_value, x.dtype))[..., None]
                weight = weight * inside
            out += weight[..., None] * x.array[images, ri, ci]
            corners.append(((images, ri, ci), weight))

    def backward(g: np.ndarray) -> tuple[np.ndarray]:
        grad = np.zeros(x.shape, dtype=g.dtype)
        for index, weight in corners:
            np.add.at(grad, index, g * weight[..., None])
        return (grad,)

    return make_result(out, (x,), backward, "bilinear_sample")
