"""Operations that move values without changing them: reshape, transpose, indexing,
concatenate, stack. Their gradients move the values back."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ligero.errors import ShapeError
from ligero.ops._common import normalize_axes
from ligero.tensor import Tensor, as_tensor, make_result


def reshape(a: Any, shape: int | Sequence[int]) -> Tensor:
    """Same values in a new shape (one entry may be -1);  dL/da = g reshaped back."""
    a = as_tensor(a)
    if isinstance(shape, (int, np.integer)):
        shape = (int(shape),)
    try:
        out = a.array.reshape(tuple(shape))
    except ValueError:
        raise ShapeError(
            f"reshape: cannot reshape a tensor of shape {a.shape} ({a.size} values) "
            f"into shape {tuple(shape)}"
        ) from None
    return make_result(out, (a,), lambda g: (g.reshape(a.shape),), "reshape")


def transpose(a: Any, axes: Sequence[int] | None = None) -> Tensor:
    """Permute axes (reverse them when ``axes`` is None);  dL/da = g with the inverse permutation."""
    a = as_tensor(a)
    if axes is not None and sorted(int(x) % max(a.ndim, 1) for x in axes) != list(range(a.ndim)):
        raise ShapeError(f"transpose: axes {tuple(axes)} are not a permutation of {a.ndim} axes")
    out = np.transpose(a.array, axes)
    inverse = None if axes is None else np.argsort([int(x) % a.ndim for x in axes])
    return make_result(out, (a,), lambda g: (np.transpose(g, inverse),), "transpose")


def _is_basic(index: Any) -> bool:
    """True when the index has no integer/boolean arrays (so no position repeats)."""
    parts = index if isinstance(index, tuple) else (index,)
    return all(isinstance(p, (int, np.integer, slice)) or p is None or p is Ellipsis for p in parts)


def getitem(a: Any, index: Any) -> Tensor:
    """``a[index]`` (slices, integers, integer or boolean arrays);

    dL/da is zero except at the selected positions, where it receives g
    (summed where an integer array selects the same position twice).
    """
    a = as_tensor(a)
    if isinstance(index, Tensor):
        index = index.array
    elif isinstance(index, tuple):
        index = tuple(i.array if isinstance(i, Tensor) else i for i in index)
    try:
        out = a.array[index]
    except IndexError as exc:
        raise ShapeError(f"indexing a tensor of shape {a.shape}: {exc}") from None
    basic = _is_basic(index)

    def backward(g: np.ndarray) -> tuple:
        grad = np.zeros(a.shape, dtype=g.dtype)
        if basic:
            grad[index] = g
        else:
            np.add.at(grad, index, g)
        return (grad,)

    return make_result(np.asarray(out), (a,), backward, "getitem")


def concatenate(tensors: Sequence[Any], axis: int = 0) -> Tensor:
    """Join tensors along an existing ``axis``;  each input's gradient is its slice of g."""
    parts = tuple(as_tensor(t) for t in tensors)
    if not parts:
        raise ShapeError("concatenate: needs at least one tensor")
    normalize_axes(axis, parts[0].ndim)  # a ShapeError for an axis out of range
    try:
        out = np.concatenate([p.array for p in parts], axis=axis)
    except (ValueError, np.exceptions.AxisError):
        shapes = ", ".join(str(p.shape) for p in parts)
        raise ShapeError(
            f"concatenate: shapes {shapes} must match on every axis except axis {axis}"
        ) from None
    bounds = np.cumsum([p.shape[axis] for p in parts])[:-1]

    def backward(g: np.ndarray) -> tuple:
        return tuple(
            piece if p.requires_grad else None
            for p, piece in zip(parts, np.split(g, bounds, axis=axis))
        )

    return make_result(out, parts, backward, "concatenate")


def stack(tensors: Sequence[Any], axis: int = 0) -> Tensor:
    """Join tensors of equal shape along a new ``axis``."""
    parts = tuple(as_tensor(t) for t in tensors)
    if not parts or any(p.shape != parts[0].shape for p in parts):
        shapes = ", ".join(str(p.shape) for p in parts)
        raise ShapeError(f"stack: all tensors must have the same shape, got {shapes}")
    normalize_axes(axis, parts[0].ndim + 1)  # a ShapeError for an axis out of range
    return concatenate([reshape(p, np.expand_dims(p.array, axis).shape) for p in parts], axis)
