"""Keras-style pooling over any spatial axes, channels-last or channels-first: ``max_pool``,
``avg_pool`` (1-D, 2-D, 3-D alike).

``x`` has shape (N, *spatial, C) (``channels_last=True``) or (N, C, *spatial). Along
each spatial axis, with Keras's padding:

* ``"valid"``: ``out = floor((in - k)/s) + 1``, no padding;
* ``"same"``: ``out = ceil(in/s)``, total padding ``max((out - 1)·s + k - in, 0)``
  split ``total//2`` before and the rest after. Max pooling pads with ``-inf`` (the
  padding never wins); average pooling averages over the *valid* values of each
  window only (``count_include_pad=False``, as Keras/TensorFlow).

The windows are ``∏k`` strided views of the padded input, one per kernel offset;
the max is a running maximum over them (ties to the first offset, as PyTorch),
the average a running sum divided by the count of valid values per window.
When the windows tile the input exactly (no padding, stride = pool) the backward
pass writes into views of an uninitialized buffer instead of adding into zeros.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from ligero.errors import ConfigError, ShapeError
from ligero.ops.conv import adaptive_max_pool2d
from ligero.ops.conv_nhwc import conv_output_size, conv_pads
from ligero.ops.resize import adaptive_avg_matrix, axis_map
from ligero.ops.shape import permute, reshape
from ligero.ops.window_max import route, running_max, tiled_max
from ligero.tensor import Tensor, as_tensor, is_grad_enabled, make_result

__all__ = ["adaptive_avg_pool", "adaptive_max_pool", "avg_pool", "max_pool"]


class _Windows:
    """The geometry of one pooling: spatial axes of ``x``, pads per axis, output sizes."""

    def __init__(self, op: str, shape: tuple[int, ...], pool: tuple[int, ...], strides: tuple[int, ...],
                 padding: str, channels_last: bool) -> None:
        rank = len(pool)
        if len(shape) != rank + 2:
            layout = "(N, " + ", ".join(f"d{i}" for i in range(rank)) + ", C)" if channels_last else \
                "(N, C, " + ", ".join(f"d{i}" for i in range(rank)) + ")"
            raise ShapeError(f"{op}: expected input of shape {layout}, got shape {shape}")
        if isinstance(padding, str) and padding.lower() not in ("valid", "same"):
            raise ConfigError(f"{op}: padding must be 'valid' or 'same', got {padding!r}")
        self.axes = tuple(range(1, rank + 1)) if channels_last else tuple(range(2, rank + 2))
        self.pool, self.strides = pool, strides
        sizes = [shape[a] for a in self.axes]
        self.pads = [conv_pads(n, k, s, 1, padding, op) for n, k, s in zip(sizes, pool, strides, strict=True)]
        self.out = [conv_output_size(n, k, s, 1, p) for n, k, s, p in zip(sizes, pool, strides, self.pads,
                                                                           strict=True)]
        if min(self.out) <= 0:
            raise ShapeError(f"{op}: pool size {pool} is larger than the input of shape {shape}")
        self.shape = shape
        self.padded_shape = list(shape)
        for a, (lo, hi) in zip(self.axes, self.pads, strict=True):
            self.padded_shape[a] += lo + hi
        self.padded = any(lo or hi for lo, hi in self.pads)
        self.tiles = not self.padded and all(
            k == s and n == o * k for n, k, s, o in zip(sizes, pool, strides, self.out, strict=True))
        self.overlap = any(s < k for k, s in zip(pool, strides, strict=True))

    def out_shape(self) -> tuple[int, ...]:
        shape = list(self.shape)
        for axis, n in zip(self.axes, self.out, strict=True):
            shape[axis] = n
        return tuple(shape)

    def pad(self, a: np.ndarray, fill: float) -> np.ndarray:
        if not self.padded:
            return a
        out = np.full(self.padded_shape, fill, dtype=a.dtype)
        out[self.interior()] = a
        return out

    def interior(self) -> tuple[slice, ...]:
        index = [slice(None)] * len(self.shape)
        for a, (lo, _), n in zip(self.axes, self.pads, (self.shape[a] for a in self.axes), strict=True):
            index[a] = slice(lo, lo + n)
        return tuple(index)

    def views(self, a: np.ndarray) -> list[np.ndarray]:
        """For each kernel offset: the view of the padded ``a`` that it reads at every output position."""
        result = []
        for offset in itertools.product(*(range(k) for k in self.pool)):
            index = [slice(None)] * a.ndim
            for axis, o, s, n in zip(self.axes, offset, self.strides, self.out, strict=True):
                index[axis] = slice(o, o + s * (n - 1) + 1, s)
            result.append(a[tuple(index)])
        return result

    def gradient_buffer(self, dtype: Any) -> np.ndarray:
        return (np.empty if self.tiles else np.zeros)(self.padded_shape, dtype=dtype)

    def crop(self, a: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray(a[self.interior()]) if self.padded else a

    def counts(self, dtype: Any) -> np.ndarray:
        """Valid (unpadded) values per window, broadcastable to the output."""
        total = np.ones([1] * len(self.shape), dtype=dtype)
        for axis, (lo, _), k, s, o in zip(self.axes, self.pads, self.pool, self.strides, self.out, strict=True):
            start = np.arange(o) * s - lo
            n = self.shape[axis]
            valid = np.minimum(start + k, n) - np.maximum(start, 0)
            shape = [1] * len(self.shape)
            shape[axis] = o
            total = total * valid.reshape(shape).astype(dtype)
        return total


def _tuple(value: Any, rank: int, name: str, op: str) -> tuple[int, ...]:
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        value = (int(value),) * rank
    value = tuple(value)
    if len(value) != rank or not all(isinstance(v, (int, np.integer)) and v >= 1 for v in value):
        raise ConfigError(f"{op}: {name} must be a positive int or a tuple of {rank} of them, got {value!r}")
    return tuple(int(v) for v in value)


def _setup(op: str, x: Any, pool_size: Any, strides: Any, padding: str, channels_last: bool,
           rank: int) -> tuple[Tensor, _Windows]:
    x = as_tensor(x)
    pool = _tuple(pool_size, rank, "pool_size", op)
    steps = pool if strides is None else _tuple(strides, rank, "strides", op)
    return x, _Windows(op, x.shape, pool, steps, padding, channels_last)


def max_pool(x: Any, pool_size: Any = 2, strides: Any = None, padding: str = "valid",
             channels_last: bool = True, rank: int = 2) -> Tensor:
    """Max pooling: ``y[n, p, c] = max_{o} xpad[n, p·s + o, c]`` over the window offsets ``o``
    (``-inf`` padding); ``strides=None`` means ``pool_size``.

    Backward: each output's gradient goes to the first element that reached its
    window's maximum; an element collects the gradients of all the windows it won.
    """
    op = f"max_pool{rank}d"
    x, geo = _setup(op, x, pool_size, strides, padding, channels_last, rank)
    if int(np.prod(geo.pool)) > 255:
        raise ConfigError(f"{op}: pooling windows of more than 255 elements are not supported")
    need_grad = x.requires_grad and is_grad_enabled()
    if geo.tiles:
        out, backward = _max_pool_tiled(x, geo, need_grad)
        return make_result(out, (x,), backward, op)
    out, winner = running_max(geo.views(geo.pad(x.array, -np.inf)), need_grad)

    def backward(g: np.ndarray) -> tuple:
        dxp = geo.gradient_buffer(x.dtype)
        targets = geo.views(dxp)
        if geo.overlap:
            index = winner if winner.dtype != bool else winner.astype(np.uint8)
            for t, view in enumerate(targets):
                view += g * (index == t)
        else:
            route(g, winner, targets)
        return (geo.crop(dxp),)

    return make_result(out, (x,), backward, op)


def _split_view(a: np.ndarray, geo: _Windows) -> tuple[np.ndarray, list[int]]:
    """``a`` reshaped so that each spatial axis of size ``o·k`` becomes the pair ``(o, k)``, and
    the positions of the ``k`` axes."""
    shape, k_axes = [], []
    for axis, n in enumerate(a.shape):
        if axis in geo.axes:
            k = geo.pool[geo.axes.index(axis)]
            shape += [n // k, k]
            k_axes.append(len(shape) - 1)
        else:
            shape.append(n)
    return a.reshape(shape), k_axes


def _max_pool_tiled(x: Tensor, geo: _Windows, need_grad: bool) -> tuple[np.ndarray, Any]:
    """Max pooling of exactly tiling windows in separable stages, one window axis at a time (the
    last first, see :func:`ligero.ops.window_max.tiled_max`): ties still go to the first element."""
    split, k_axes = _split_view(x.array, geo)
    out, split_grad = tiled_max(split, k_axes, need_grad)

    def backward(g: np.ndarray) -> tuple:
        return (split_grad(g).reshape(x.shape),)

    return out.reshape(geo.out_shape()), backward


def avg_pool(x: Any, pool_size: Any = 2, strides: Any = None, padding: str = "valid",
             channels_last: bool = True, rank: int = 2) -> Tensor:
    """Average pooling over the valid values of each window:
    ``y[n, p, c] = (1/|V_p|) Σ_{o ∈ V_p} x[n, p·s + o − pad, c]``; ``strides=None`` means ``pool_size``.

    Backward: every valid element of window ``p`` receives ``g[p] / |V_p|``.
    """
    op = f"avg_pool{rank}d"
    x, geo = _setup(op, x, pool_size, strides, padding, channels_last, rank)
    views = geo.views(geo.pad(x.array, 0.0))
    out = views[0].copy()
    for view in views[1:]:
        out += view
    counts = geo.counts(x.dtype)
    out /= counts

    def backward(g: np.ndarray) -> tuple:
        share = g / counts
        dxp = geo.gradient_buffer(x.dtype)
        for view in geo.views(dxp):
            if geo.tiles:
                view[...] = share
            else:
                view += share
        return (geo.crop(dxp),)

    return make_result(out, (x,), backward, op)


def _adaptive_axes(x: Tensor, output_size: Any, channels_last: bool, op: str) -> list[tuple[int, int]]:
    """(axis, output size) for each spatial axis of ``x`` (N, *spatial, C) or (N, C, *spatial)."""
    rank = x.ndim - 2
    sizes = (output_size,) * rank if isinstance(output_size, (int, np.integer)) else tuple(output_size)
    if rank < 1 or len(sizes) != rank or not all(isinstance(n, (int, np.integer)) and n >= 1 for n in sizes):
        raise ShapeError(f"{op}: output_size {output_size!r} does not fit inputs of shape {tuple(x.shape)} "
                         f"({rank} spatial axes)")
    first = 1 if channels_last else 2
    return [(first + i, int(n)) for i, n in enumerate(sizes)]


def adaptive_avg_pool(x: Any, output_size: Any, channels_last: bool = True) -> Tensor:
    """The mean over PyTorch's adaptive windows (window ``i`` of ``n`` values: ``[⌊i·n/out⌋, ⌈(i+1)·n/out⌉)``),
    one averaging matrix per spatial axis, any number of them."""
    x = as_tensor(x)
    for axis, size in _adaptive_axes(x, output_size, channels_last, "adaptive_avg_pool"):
        if size != x.shape[axis]:
            x = axis_map(x, adaptive_avg_matrix(x.shape[axis], size), axis)
    return x


def adaptive_max_pool(x: Any, output_size: Any, channels_last: bool = True) -> Tensor:
    """The maximum over PyTorch's adaptive windows, for one or two spatial axes."""
    x = as_tensor(x)
    axes = _adaptive_axes(x, output_size, channels_last, "adaptive_max_pool")
    if len(axes) > 2:
        raise NotImplementedError("adaptive_max_pool: ligero pools one or two spatial axes")
    images = permute(x, (0, x.ndim - 1, *range(1, x.ndim - 1))) if channels_last else x  # (N, C, *spatial)
    if len(axes) == 1:
        n, c, steps = images.shape
        out = adaptive_max_pool2d(reshape(images, (n, c, 1, steps)), (1, axes[0][1]), False)
        out = reshape(out, (n, c, axes[0][1]))
    else:
        out = adaptive_max_pool2d(images, (axes[0][1], axes[1][1]), False)
    return permute(out, (0, *range(2, out.ndim), 1)) if channels_last else out
