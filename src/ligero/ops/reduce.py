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
        return (_expand(g, axes, keepdims, a.array.shape),)

    return make_result(np.asarray(out), (a,), backward, "sum" if axis is None else "sum_dim")


def mean(a: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    """``(1/n) Σ a`` over ``axis`` (n = number of elements reduced);  dL/da = g/n."""
    a = as_tensor(a)
    axes = normalize_axes(axis, a.ndim)
    count = int(np.prod([a.array.shape[i] for i in axes])) if axes else 1
    out = np.mean(a.array, axis=axes, keepdims=keepdims)

    def backward(g: np.ndarray) -> tuple:
        scaled = g / np.asarray(count, dtype=g.dtype)
        return (_expand(scaled, axes, keepdims, a.array.shape),)

    return make_result(np.asarray(out), (a,), backward, "mean" if axis is None else "mean_dim")


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
    return _extreme("max" if axis is None else "amax", np.max, a, axis, keepdims)


def min(a: Any, axis: Any = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Smallest value over ``axis``; the gradient goes to the minimal entries (shared on ties)."""
    return _extreme("min" if axis is None else "amin", np.min, a, axis, keepdims)


def prod(a: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    """``Π a`` over ``axis``;  dL/da_i = g · Π_{j≠i} a_j (computed without dividing, so zeros are fine)."""
    a = as_tensor(a)
    axes = normalize_axes(axis, a.ndim)
    out = np.prod(a.array, axis=axes, keepdims=keepdims)

    def backward(g: np.ndarray) -> tuple:
        x = np.moveaxis(a.array, axes, tuple(range(len(axes)))) if axes else a.array[None]
        lead = x.shape[: len(axes)] if axes else (1,)
        flat = x.reshape(-1, *x.shape[len(lead):])
        ones = np.ones_like(flat[:1])
        before = np.cumprod(np.concatenate([ones, flat[:-1]]), axis=0)
        after = np.flip(np.cumprod(np.concatenate([ones, np.flip(flat, 0)[:-1]]), axis=0), 0)
        others = (before * after).reshape(x.shape)
        others = np.moveaxis(others, tuple(range(len(axes))), axes) if axes else others[0]
        return (_expand(g, axes, keepdims, a.array.shape) * others,)

    return make_result(np.asarray(out), (a,), backward, "prod")


def extreme_along(op: str, a: Any, dim: int, keepdim: bool = False) -> tuple[Tensor, np.ndarray]:
    """torch's ``max(dim)``/``min(dim)``: the values and their indices (the first on ties);

    the gradient goes to the chosen index only.
    """
    a = as_tensor(a)
    (axis,) = normalize_axes(dim, a.ndim) or (None,)
    if axis is None:
        return _extreme(op, np.max if op == "max" else np.min, a, None, False), np.zeros((), np.int64)
    indices = (np.argmax if op == "max" else np.argmin)(a.array, axis=axis, keepdims=True)
    kept = np.take_along_axis(a.array, indices, axis)

    def backward(g: np.ndarray) -> tuple:
        grad = np.zeros(a.array.shape, dtype=g.dtype)
        np.put_along_axis(grad, indices, g if keepdim else np.expand_dims(g, axis), axis)
        return (grad,)

    values = kept if keepdim else np.squeeze(kept, axis)
    return make_result(values, (a,), backward, f"{op}_dim"), (indices if keepdim else np.squeeze(indices, axis))


def cumsum(a: Any, axis: int) -> Tensor:
    """Running sum along ``axis``;  dL/da = running sum of g taken from the end."""
    a = as_tensor(a)
    (ax,) = normalize_axes(axis, a.ndim) or (0,)
    if a.ndim == 0:
        return make_result(a.array.copy(), (a,), lambda g: (g,), "cumsum")
    out = np.cumsum(a.array, axis=ax)
    return make_result(out, (a,), lambda g: (np.flip(np.cumsum(np.flip(g, ax), axis=ax), ax),), "cumsum")


def cumprod(a: Any, axis: int) -> Tensor:
    """Running product along ``axis``;  dL/da_i = Σ_{k≥i} g_k · out_k / a_i (inputs must be non-zero)."""
    a = as_tensor(a)
    (ax,) = normalize_axes(axis, a.ndim) or (0,)
    if a.ndim == 0:
        return make_result(a.array.copy(), (a,), lambda g: (g,), "cumprod")
    out = np.cumprod(a.array, axis=ax)

    def backward(g: np.ndarray) -> tuple:
        tail = np.flip(np.cumsum(np.flip(g * out, ax), axis=ax), ax)
        return (tail / a.array,)

    return make_result(out, (a,), backward, "cumprod")
