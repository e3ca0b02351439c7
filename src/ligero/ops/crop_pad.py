"""Zero padding and cropping of chosen axes (the ZeroPadding and Cropping layers)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ligero.errors import ShapeError
from ligero.tensor import Tensor, as_tensor, make_result

__all__ = ["crop", "zero_pad"]


def _index(ndim: int, axes: Sequence[int], bounds: Sequence[tuple[int, int]]) -> tuple[slice, ...]:
    index = [slice(None)] * ndim
    for axis, (start, stop) in zip(axes, bounds, strict=True):
        index[axis] = slice(start, stop)
    return tuple(index)


def zero_pad(x: Any, axes: Sequence[int], pads: Sequence[tuple[int, int]]) -> Tensor:
    """``y = x`` with ``pads[k] = (before, after)`` zeros added on axis ``axes[k]``.

    Backward: ``dL/dx`` is the middle of ``g`` (the part that holds ``x``).
    """
    x = as_tensor(x)
    shape = list(x.shape)
    for axis, (lo, hi) in zip(axes, pads, strict=True):
        if lo < 0 or hi < 0:
            raise ShapeError(f"zero_pad: padding must be >= 0, got {tuple(pads)}")
        shape[axis] += lo + hi
    out = np.zeros(shape, dtype=x.dtype)
    inner = _index(x.ndim, axes, [(lo, lo + x.shape[a]) for a, (lo, _) in zip(axes, pads, strict=True)])
    out[inner] = x.array
    return make_result(out, (x,), lambda g: (np.ascontiguousarray(g[inner]),), "zero_pad")


def crop(x: Any, axes: Sequence[int], crops: Sequence[tuple[int, int]]) -> Tensor:
    """``y = x`` without ``crops[k] = (before, after)`` values on axis ``axes[k]``.

    Backward: ``g`` put back in the middle of a zero array of ``x``'s shape.
    """
    x = as_tensor(x)
    bounds = []
    for axis, (lo, hi) in zip(axes, crops, strict=True):
        if lo < 0 or hi < 0 or lo + hi >= x.shape[axis]:
            raise ShapeError(f"crop: cannot crop {(lo, hi)} from axis {axis} of an input of shape {x.shape}")
        bounds.append((lo, x.shape[axis] - hi))
    inner = _index(x.ndim, axes, bounds)

    def backward(g: np.ndarray) -> tuple:
        dx = np.zeros(x.shape, dtype=g.dtype)
        dx[inner] = g
        return (dx,)

    return make_result(np.ascontiguousarray(x.array[inner]), (x,), backward, "crop")
