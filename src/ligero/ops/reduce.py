"""Reductions over axes: sum, mean, max, min (``axis`` None, int or tuple; ``keepdims``)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.ops._common import normalize_axes
from ligero.tensor import Tensor, as_tensor, make_result


def _expand(g: np.ndarray, axes: tuple[int, ...], keepdims: bool, shape: tuple) -> np.ndarray:
    """Give ``g`` back the reduced axes, then broadcast it to the input's shape (a fresh array).

    (Not ``np.ascontiguousarray``: it turns a 0-d array into shape (1,).)
    """
    if not keepdims and axes:
        g = np.expand_dims(g, axes)
    return np.broadcast_to(g, shape).copy()


def sum(a: Any, axis: Any = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """``Σ a`` over ``axis``;  dL/da = g broadcast back over the summed axes."""
    a = as_tensor(a)
    axes = normalize_axes(axis, a.ndim)
    out = np.sum(a.array, axis=axes, keepdims=keepdims)

    def backward(g: np.ndarray) -> tuple:
        return (_expand(g, axes, keepdims, a.shape),)

    return make_result(np.asarray(out), (a,), backward, "sum")


def mean(a: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    """``(1/n) Σ a`` over ``axis`` (n = number of elements reduced);  dL/da = g/n."""
    a = as_tensor(a)
    axes = normalize_axes(axis, a.ndim)
    count = int(np.prod([a.shape[i] for i in axes])) if axes else 1
    out = np.mean(a.array, axis=axes, keepdims=keepdims)

    def backward(g: np.ndarray) -> tuple:
        scaled = g / np.asarray(count, dtype=g.dtype)
        return (_expand(scaled, axes, keepdims, a.shape),)

    return make_result(np.asarray(out), (a,), backward, "mean")


def _extreme(op: str, reducer: Any, a: Any, axis: Any, keepdims: bool) -> Tensor:
    a = as_tensor(a)
    axes = normalize_axes(axis, a.ndim)
    kept = reducer(a.array, axis=axes, keepdims=True)
    out = kept if keepdims else np.squeeze(kept, axis=axes) if axes else kept

    def backward(g: np.ndarray) -> tuple:
        # Ties share the gradient equally (the subgradient PyTorch's amax/amin use).
        hits = a.array == kept
        share = hits / hits.sum(axis=axes, keepdims=True).astype(g.dtype)
        if not keepdims and axes:
            g = np.expand_dims(g, axes)
        return ((g * share).astype(a.dtype, copy=False),)  # g broadcasts over the reduced axes

    return make_result(np.asarray(out), (a,), backward, op)


def max(a: Any, axis: Any = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Largest value over ``axis``; the gradient goes to the maximal entries (shared on ties)."""
    return _extreme("max", np.max, a, axis, keepdims)


def min(a: Any, axis: Any = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Smallest value over ``axis``; the gradient goes to the minimal entries (shared on ties)."""
    return _extreme("min", np.min, a, axis, keepdims)
