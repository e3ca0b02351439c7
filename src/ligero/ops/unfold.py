"""Sliding blocks of images (torch's ``F.unfold``, im2col) and their sum back (``F.fold``, col2im).

``unfold(x)[n, (c, i, j), l] = xpad[n, c, p·sh + i·dh, q·sw + j·dw]`` with the block index
``l = p·OW + q`` over the ``OH × OW`` block positions, ``xpad`` the input zero-padded by
``padding``; ``OH = ⌊(H + 2·ph − dh·(kh − 1) − 1) / sh⌋ + 1`` (likewise OW). ``fold`` is its
adjoint: each column value is added into the image position it came from, then the padding is
cut off. So each is the other's backward rule.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.errors import ShapeError
from ligero.ops.conv import _pair
from ligero.tensor import Tensor, as_tensor, make_result

__all__ = ["fold", "unfold"]


def _settings(op: str, kernel_size: Any, dilation: Any, padding: Any, stride: Any) -> tuple:
    return (_pair(kernel_size, "kernel_size", op, 1), _pair(dilation, "dilation", op, 1),
            _pair(padding, "padding", op, 0), _pair(stride, "stride", op, 1))


def _blocks(size: tuple[int, int], kernel: tuple, dilation: tuple, padding: tuple, stride: tuple) -> tuple:
    return tuple((size[a] + 2 * padding[a] - dilation[a] * (kernel[a] - 1) - 1) // stride[a] + 1 for a in (0, 1))


def _window_views(padded: np.ndarray, kernel: tuple, dilation: tuple, stride: tuple, blocks: tuple) -> Any:
    """For each kernel offset (i, j): the (N, C, OH, OW) view of ``padded`` it reads."""
    (kh, kw), (dh, dw), (sh, sw), (oh, ow) = kernel, dilation, stride, blocks
    for i in range(kh):
        for j in range(kw):
            yield i, j, padded[:, :, i * dh: i * dh + sh * (oh - 1) + 1: sh, j * dw: j * dw + sw * (ow - 1) + 1: sw]


def _unfold_array(x: np.ndarray, kernel: tuple, dilation: tuple, padding: tuple, stride: tuple) -> np.ndarray:
    n, c, h, w = x.shape
    blocks = _blocks((h, w), kernel, dilation, padding, stride)
    padded = np.pad(x, ((0, 0), (0, 0), (padding[0],) * 2, (padding[1],) * 2)) if any(padding) else x
    cols = np.empty((n, c, kernel[0], kernel[1], *blocks), x.dtype)
    for i, j, view in _window_views(padded, kernel, dilation, stride, blocks):
        cols[:, :, i, j] = view
    return cols.reshape(n, c * kernel[0] * kernel[1], blocks[0] * blocks[1])


def _fold_array(cols: np.ndarray, size: tuple[int, int], channels: int, kernel: tuple, dilation: tuple,
                padding: tuple, stride: tuple) -> np.ndarray:
    n = cols.shape[0]
    blocks = _blocks(size, kernel, dilation, padding, stride)
    parts = cols.reshape(n, channels, kernel[0], kernel[1], *blocks)
    padded = np.zeros((n, channels, size[0] + 2 * padding[0], size[1] + 2 * padding[1]), cols.dtype)
    for i, j, view in _window_views(padded, kernel, dilation, stride, blocks):
        view += parts[:, :, i, j]
    return padded[:, :, padding[0]: padding[0] + size[0], padding[1]: padding[1] + size[1]]


def unfold(x: Any, kernel_size: Any, dilation: Any = 1, padding: Any = 0, stride: Any = 1) -> Tensor:
    """The sliding blocks of ``x`` (N, C, H, W) (or (C, H, W)) as columns (N, C·kh·kw, L) (see the
    module docstring);  dL/dx = fold(g)."""
    x = as_tensor(x)
    kernel, dil, pad, st = _settings("unfold", kernel_size, dilation, padding, stride)
    batched = x.ndim == 4
    if x.ndim not in (3, 4):
        raise ShapeError(f"unfold: Input Error: Only 3D or 4D input Tensors are supported (got {x.ndim}D)")
    array = x.array if batched else x.array[None]
    blocks = _blocks(array.shape[2:], kernel, dil, pad, st)
    if min(blocks) < 1:
        raise ShapeError(f"unfold: a {kernel} block (dilation {dil}, padding {pad}) does not fit an input of "
                         f"spatial size {tuple(array.shape[2:])}")
    out = _unfold_array(array, kernel, dil, pad, st)
    size, channels = array.shape[2:], array.shape[1]

    def backward(g: np.ndarray) -> tuple:
        dx = _fold_array(g if batched else g[None], size, channels, kernel, dil, pad, st)
        return (dx if batched else dx[0],)

    return make_result(out if batched else out[0], (x,), backward, "unfold")


def fold(x: Any, output_size: Any, kernel_size: Any, dilation: Any = 1, padding: Any = 0,
         stride: Any = 1) -> Tensor:
    """Columns (N, C·kh·kw, L) (or (C·kh·kw, L)) summed back into images (N, C, H, W) of
    ``output_size`` (H, W), overlapping blocks added;  dL/dx = unfold(g)."""
    x = as_tensor(x)
    kernel, dil, pad, st = _settings("fold", kernel_size, dilation, padding, stride)
    size = _pair(output_size, "output_size", "fold", 1)
    batched = x.ndim == 3
    if x.ndim not in (2, 3):
        raise ShapeError(f"fold: Input Error: Only unbatched (2D) or batched (3D) input Tensors are supported "
                         f"(got {x.ndim}D)")
    array = x.array if batched else x.array[None]
    per_block, blocks = kernel[0] * kernel[1], _blocks(size, kernel, dil, pad, st)
    if array.shape[1] % per_block or array.shape[2] != blocks[0] * blocks[1]:
        raise ShapeError(f"fold: input of shape {tuple(x.shape)} does not fit: dimension 1 must be divisible by "
                         f"kh·kw = {per_block} and the last one must be the {blocks[0]}×{blocks[1]} = "
                         f"{blocks[0] * blocks[1]} blocks of output_size {size}")
    channels = array.shape[1] // per_block
    out = _fold_array(array, size, channels, kernel, dil, pad, st)

    def backward(g: np.ndarray) -> tuple:
        cols = _unfold_array(g if batched else g[None], kernel, dil, pad, st)
        return (cols if batched else cols[0],)

    return make_result(out if batched else out[0], (x,), backward, "fold")
