"""Nearest-neighbour upsampling of chosen axes (the UpSampling layers)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ligero.tensor import Tensor, as_tensor, make_result

__all__ = ["repeat_axes"]


def repeat_axes(x: Any, axes: Sequence[int], factors: Sequence[int]) -> Tensor:
    """Each value repeated ``factors[k]`` times along axis ``axes[k]``:
    ``y[..., i, ...] = x[..., i // f, ...]`` (nearest-neighbour upsampling).

    Backward: ``dL/dx[..., i, ...] = Σ_{r < f} g[..., i·f + r, ...]``, a reshape and a sum per axis.
    """
    x = as_tensor(x)
    out = x.array
    for axis, f in zip(axes, factors, strict=True):
        out = np.repeat(out, f, axis=axis)

    def backward(g: np.ndarray) -> tuple:
        for axis, f in zip(axes, factors, strict=True):
            shape = g.shape[:axis] + (g.shape[axis] // f, f) + g.shape[axis + 1:]
            g = g.reshape(shape).sum(axis=axis + 1)
        return (g,)

    return make_result(out, (x,), backward, "repeat_axes")
