"""Linear maps along one axis: padding, resizing, adaptive pooling and kernel dilation as one mechanism.

Each of these moves or mixes values along one axis at a time with a fixed
matrix ``M`` of shape (out, in): ``y = M ·_axis x`` (a ``tensordot`` over that
axis), whose backward is ``dL/dx = Mᵀ ·_axis g``. :func:`axis_map` is that one
differentiable op; the rest only build matrices:

* ``pad`` (reflect, replicate, circular: 0/1 rows picking the source element;
  constant: the rows of the copied elements, plus the constant added),
* ``interpolate`` (nearest: 0/1 rows; linear: two weights ``1-λ, λ`` a row),
* adaptive average pooling (a row averages its window),
* ``dilate`` (rows of zeros between the elements: dilated kernels, strided
  transposed convolutions).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ligero.tensor import Tensor, as_tensor, make_result


def axis_map(x: Any, matrix: np.ndarray, axis: int) -> Tensor:
    """``y[..., i, ...] = Σ_j M[i, j] · x[..., j, ...]`` along ``axis``;  dL/dx = Mᵀ applied to g.

    ``matrix`` is (out, in) with ``in = x.shape[axis]``.
    """
    x = as_tensor(x)
    axis = axis % x.ndim
    m = np.asarray(matrix, dtype=x.array.dtype)
    if m.ndim != 2 or m.shape[1] != x.shape[axis]:
        raise ValueError(f"axis_map: matrix of shape {m.shape} does not fit axis {axis} of shape {x.shape}")
    out = np.moveaxis(np.tensordot(m, x.array, axes=([1], [axis])), 0, axis)

    def backward(g: np.ndarray) -> tuple:
        return (np.moveaxis(np.tensordot(m.T, g, axes=([1], [axis])), 0, axis),)

    return make_result(np.ascontiguousarray(out), (x,), backward, "axis_map")


def selection_matrix(source: np.ndarray, n_in: int) -> np.ndarray:
    """0/1 rows: row ``i`` picks element ``source[i]`` (no element where ``source[i] < 0``)."""
    m = np.zeros((len(source), n_in))
    rows = np.nonzero(source >= 0)[0]
    m[rows, source[rows]] = 1.0
    return m


def pad_matrix(n: int, before: int, after: int, mode: str) -> np.ndarray:
    """The (n + before + after, n) matrix padding one axis: ``mode`` 'constant' (zero rows),
    'reflect', 'replicate' or 'circular'."""
    numpy_mode = {"constant": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}[mode]
    if mode == "constant":
        source = np.pad(np.arange(n), (before, after), constant_values=-1)
    else:
        if mode == "reflect" and (before >= n or after >= n):
            raise RuntimeError(f"Argument #4: Padding size should be less than the corresponding input dimension, "
                               f"but got: padding ({before}, {after}) at dimension of size {n}")
        source = np.pad(np.arange(n), (before, after), mode=numpy_mode)
    return selection_matrix(source, n)


def nearest_matrix(n_in: int, n_out: int, scale: float | None) -> np.ndarray:
    """Nearest-neighbour resize (PyTorch's 'nearest'): output ``i`` takes ``floor(i · s)``, ``s = in/out``
    (or ``1/scale_factor``)."""
    s = n_in / n_out if scale is None else 1.0 / scale
    source = np.minimum(np.floor(np.arange(n_out) * s).astype(int), n_in - 1)
    return selection_matrix(source, n_in)


def linear_matrix(n_in: int, n_out: int, align_corners: bool, scale: float | None) -> np.ndarray:
    """Linear resize along one axis (one axis of 'bilinear'), with PyTorch's source coordinates:
    ``src = i·(in-1)/(out-1)`` (align_corners) or ``max((i + ½)·s - ½, 0)``, ``s = in/out`` (or
    ``1/scale_factor``); the row mixes ``floor(src)`` and the next one with weights ``1-λ, λ``."""
    i = np.arange(n_out, dtype=np.float64)
    if align_corners:
        src = i * ((n_in - 1) / (n_out - 1)) if n_out > 1 else np.zeros(n_out)
    else:
        s = n_in / n_out if scale is None else 1.0 / scale
        src = np.maximum((i + 0.5) * s - 0.5, 0.0)
    low = np.minimum(np.floor(src).astype(int), n_in - 1)
    high = np.minimum(low + 1, n_in - 1)
    lam = src - low
    m = np.zeros((n_out, n_in))
    np.add.at(m, (np.arange(n_out), low), 1 - lam)
    np.add.at(m, (np.arange(n_out), high), lam)
    return m


def adaptive_avg_matrix(n_in: int, n_out: int) -> np.ndarray:
    """Adaptive average pooling along one axis: row ``i`` averages ``[floor(i·in/out), ceil((i+1)·in/out))``."""
    m = np.zeros((n_out, n_in))
    for i in range(n_out):
        start, end = (i * n_in) // n_out, math.ceil((i + 1) * n_in / n_out)
        m[i, start:end] = 1.0 / (end - start)
    return m


def dilation_matrix(n: int, dilation: int) -> np.ndarray:
    """Puts ``dilation - 1`` zeros between consecutive elements: (dilation·(n-1) + 1, n)."""
    source = np.full(dilation * (n - 1) + 1, -1)
    source[::dilation] = np.arange(n)
    return selection_matrix(source, n)


def nearest_exact_matrix(n_in: int, n_out: int) -> np.ndarray:
    """Nearest-neighbour resize with half-pixel centres (PyTorch's 'nearest-exact', Keras's 'nearest'):
    output ``i`` takes ``floor((i + ½) · in/out)``."""
    source = np.minimum(np.floor((np.arange(n_out) + 0.5) * (n_in / n_out)).astype(int), n_in - 1)
    return selection_matrix(source, n_in)


def resize_images(x: Any, size: tuple[int, int], interpolation: str = "bilinear",
                  channels_last: bool = True) -> Tensor:
    """Images (N, H, W, C), or (N, C, H, W) when not ``channels_last``, resized to ``size = (h, w)``:
    one :func:`axis_map` per spatial axis, 'bilinear' with half-pixel centres ``src = (i + ½)·in/out − ½``
    (clamped at 0; PyTorch's align_corners=False) or 'nearest' (:func:`nearest_exact_matrix`)."""
    x = as_tensor(x)
    axes = (1, 2) if channels_last else (2, 3)
    for axis, n_out in zip(axes, size):
        n_in = x.shape[axis]
        if n_in == n_out:
            continue
        if interpolation == "bilinear":
            matrix = linear_matrix(n_in, n_out, align_corners=False, scale=None)
        else:
            matrix = nearest_exact_matrix(n_in, n_out)
        x = axis_map(x, matrix, axis)
    return x


def aspect_crop(x: Any, size: tuple[int, int], channels_last: bool = True) -> Tensor:
    """The centred window of each image with the aspect ratio of ``size = (h, w)``: ``min(H, ⌊W·h/w⌋)``
    rows by ``min(W, ⌊H·w/h⌋)`` columns (Keras's ``crop_to_aspect_ratio``)."""
    x = as_tensor(x)
    height, width = (x.shape[1], x.shape[2]) if channels_last else (x.shape[2], x.shape[3])
    crop_h = max(min(height, int(width * size[0] / size[1])), 1)
    crop_w = max(min(width, int(height * size[1] / size[0])), 1)
    top, left = int((height - crop_h) / 2), int((width - crop_w) / 2)
    if (crop_h, crop_w) == (height, width):
        return x
    rows, cols = slice(top, top + crop_h), slice(left, left + crop_w)
    return x[:, rows, cols, :] if channels_last else x[:, :, rows, cols]
