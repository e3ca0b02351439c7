"""``keras.ops`` diagonals, stacking and splitting, scatter/segment updates, searching and counting, with
NumPy's (and Keras's) meaning; each a thin mapping onto ligero's differentiable ops."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ligero import ops as _ops
from ligero import torch_functions as _torch
from ligero.keras.ops.core import convert_to_numpy, convert_to_tensor, wrap
from ligero.keras.ops.shapes import concatenate, flip, moveaxis, ravel, split, stack, swapaxes
from ligero.ops import binning as _binning
from ligero.ops import index as _index
from ligero.tensor import Tensor


def diagonal(x: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Tensor:
    """``out[..., i] = x[i, i + offset]`` over ``axis1``, ``axis2`` (those axes removed, the diagonal last)."""
    x = convert_to_tensor(x)
    a1, a2 = axis1 % x.ndim, axis2 % x.ndim
    rest = [d for d in range(x.ndim) if d not in (a1, a2)]
    moved = _ops.permute(x, rest + [a1, a2])
    n, m = moved.shape[-2], moved.shape[-1]
    rows = np.arange(max(0, -offset), min(n, m - offset))
    flat = moved.reshape([moved.shape[d] for d in range(len(rest))] + [n * m])
    return _index.index_select(flat, -1, wrap((rows * m + rows + offset).astype(np.int64)))


def diag(x: Any, k: int = 0) -> Tensor:
    """The ``k``-th diagonal of a matrix, or the matrix with vector ``x`` on its ``k``-th diagonal."""
    x = convert_to_tensor(x)
    if x.ndim not in (1, 2):
        raise ValueError(f"diag: expected a vector or a matrix, got shape {tuple(x.shape)}")
    return _ops.diag(x, k) if x.ndim == 1 else diagonal(x, k)


def trace(x: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Tensor:
    """``Σ_i x[i, i + offset]`` over ``axis1``, ``axis2``."""
    return _ops.sum(diagonal(x, offset, axis1, axis2), -1)


def inner(x1: Any, x2: Any) -> Tensor:
    """``Σ_k x1[..., k]·x2[..., k]`` over the last axis of both."""
    return _torch.inner(convert_to_tensor(x1), convert_to_tensor(x2))


def kron(x1: Any, x2: Any) -> Tensor:
    """The Kronecker product ``out[i·p + k, j·q + l] = x1[i, j]·x2[k, l]``."""
    return _torch.kron(convert_to_tensor(x1), convert_to_tensor(x2))


def cross(x1: Any, x2: Any, axisa: int = -1, axisb: int = -1, axisc: int = -1, axis: int | None = None) -> Tensor:
    """The 3-vector cross product of vectors along ``axisa`` of ``x1`` and ``axisb`` of ``x2``, put along
    ``axisc`` (``axis`` sets all three)."""
    if axis is not None:
        axisa = axisb = axisc = axis
    a, b = _last(x1, axisa), _last(x2, axisb)
    batch = list(np.broadcast_shapes(tuple(a.shape[:-1]), tuple(b.shape[:-1])))
    a, b = _ops.expand(a, batch + [a.shape[-1]]), _ops.expand(b, batch + [b.shape[-1]])
    if a.shape[-1] != 3 or b.shape[-1] != 3:
        raise ValueError(f"cross: the vectors must have 3 components, got shapes {tuple(a.shape)} and "
                         f"{tuple(b.shape)} (axisa={axisa}, axisb={axisb})")
    out = _torch.cross(a, b, -1)
    return _from_last(out, axisc)


def _last(x: Any, axis: int) -> Tensor:
    return moveaxis(x, axis, -1)


def _from_last(x: Tensor, axis: int) -> Tensor:
    return moveaxis(x, -1, axis)


def diff(a: Any, n: int = 1, axis: int = -1) -> Tensor:
    """The ``n``-th forward difference ``out[i] = a[i+1] - a[i]`` along ``axis``."""
    return _torch.diff(convert_to_tensor(a), n, axis)


def unstack(x: Any, num: int | None = None, axis: int = 0) -> list[Tensor]:
    """The slices of ``x`` along ``axis``, as a list."""
    x = convert_to_tensor(x)
    if num is not None and num != x.shape[axis]:
        raise ValueError(f"unstack: num={num} but axis {axis} of shape {tuple(x.shape)} has {x.shape[axis]}")
    return list(_ops.unbind(x, axis))


def dstack(xs: Sequence[Any]) -> Tensor:
    """Join along the third axis (1-D (n,) become (1, n, 1), 2-D (m, n) become (m, n, 1))."""
    parts = []
    for x in xs:
        x = convert_to_tensor(x)
        shape = [1, x.shape[0], 1] if x.ndim == 1 else list(x.shape) + [1] if x.ndim == 2 else list(x.shape)
        parts.append(x.reshape(shape if x.ndim else [1, 1, 1]))
    return concatenate(parts, 2)


def array_split(x: Any, indices_or_sections: Any, axis: int = 0) -> list[Tensor]:
    """``x`` cut along ``axis`` into ``n`` nearly equal parts (the first ``len % n`` one longer), or at indices."""
    x = convert_to_tensor(x)
    if np.ndim(indices_or_sections) != 0:
        return split(x, indices_or_sections, axis)
    n, length = int(indices_or_sections), x.shape[axis]
    if n <= 0:
        raise ValueError(f"array_split: the number of sections must be positive, got {n}")
    sizes = [length // n + (1 if k < length % n else 0) for k in range(n)]
    return list(_ops.split(x, sizes, axis))


def hsplit(x: Any, indices_or_sections: Any) -> list[Tensor]:
    x = convert_to_tensor(x)
    return split(x, indices_or_sections, 0 if x.ndim == 1 else 1)


def vsplit(x: Any, indices_or_sections: Any) -> list[Tensor]:
    return split(x, indices_or_sections, 0)


def fliplr(x: Any) -> Tensor:
    return flip(x, 1)


def flipud(x: Any) -> Tensor:
    return flip(x, 0)


def rot90(array: Any, k: int = 1, axes: tuple[int, int] = (0, 1)) -> Tensor:
    """``array`` turned by ``k`` quarter turns in the plane of ``axes`` (from the first towards the second)."""
    x = convert_to_tensor(array)
    k = int(k) % 4
    a0, a1 = axes
    if k == 1:
        return swapaxes(flip(x, a1), a0, a1)
    if k == 2:
        return flip(x, [a0, a1])
    if k == 3:
        return flip(swapaxes(x, a0, a1), a1)
    return x


def append(x1: Any, x2: Any, axis: int | None = None) -> Tensor:
    """``x2`` joined after ``x1`` along ``axis`` (both flattened when None)."""
    if axis is None:
        return concatenate([ravel(x1), ravel(x2)], 0)
    return concatenate([x1, x2], axis)


def select(condlist: Sequence[Any], choicelist: Sequence[Any], default: Any = 0) -> Tensor:
    """``choicelist[k]`` where ``condlist[k]`` is the first condition that holds, else ``default``."""
    if len(condlist) != len(choicelist):
        raise ValueError(f"select: {len(condlist)} conditions for {len(choicelist)} choices")
    out = convert_to_tensor(default)
    for cond, choice in zip(reversed(condlist), reversed(choicelist)):
        out = _ops.where(convert_to_tensor(cond), convert_to_tensor(choice), out)
    return out


def searchsorted(sorted_sequence: Any, values: Any, side: str = "left") -> Tensor:
    """Where each of ``values`` would go in the 1-D ``sorted_sequence`` to keep it sorted (int32)."""
    if side not in ("left", "right"):
        raise ValueError(f"searchsorted: side must be 'left' or 'right', got {side!r}")
    seq = convert_to_numpy(sorted_sequence)
    if seq.ndim != 1:
        raise ValueError(f"searchsorted: sorted_sequence must be 1-D, got shape {seq.shape}")
    return wrap(np.searchsorted(seq, convert_to_numpy(values), side=side).astype(np.int32))


def digitize(x: Any, bins: Any) -> Tensor:
    """The index of the bin of each value: ``i`` with ``bins[i-1] ≤ x < bins[i]`` (increasing bins), int32."""
    return wrap(np.digitize(convert_to_numpy(x), convert_to_numpy(bins)).astype(np.int32))


def bincount(x: Any, weights: Any = None, minlength: int = 0, sparse: bool = False) -> Tensor:
    """How often each integer ``0..max`` occurs in ``x`` (or the sum of its ``weights``); a 2-D ``x`` counts
    row by row."""
    if sparse:
        raise ValueError("bincount: sparse=True is not supported")
    values = convert_to_numpy(x)
    w = None if weights is None else convert_to_numpy(weights)
    if values.ndim == 2:
        length = max(int(minlength), int(values.max(initial=-1)) + 1)
        rows = [np.bincount(r, None if w is None else w[i], length) for i, r in enumerate(values)]
        return wrap(np.stack(rows).astype(np.int32 if w is None else w.dtype))
    counts = _binning.bincount(wrap(values), None if w is None else wrap(w), int(minlength))
    return counts if w is not None else wrap(counts.array.astype(np.int32))


def get_item(x: Any, key: Any) -> Tensor:
    """``x[key]``."""
    return convert_to_tensor(x)[key]


def _index_tuple(indices: np.ndarray) -> tuple:
    return tuple(indices[..., k] for k in range(indices.shape[-1]))


def scatter(indices: Any, values: Any, shape: Sequence[int]) -> Tensor:
    """A zero tensor of ``shape`` with ``values`` added at ``indices`` (rows of coordinates; repeats add up)."""
    v = convert_to_tensor(values)
    idx = convert_to_numpy(indices).astype(np.int64)
    zeros = wrap(np.zeros(tuple(int(n) for n in shape), v.array.dtype))
    flat = np.ravel_multi_index(_index_tuple(idx), zeros.shape).reshape(-1)
    tail = list(zeros.shape[idx.shape[-1]:])
    base = zeros.reshape([int(np.prod(zeros.shape[:idx.shape[-1]]))] + tail)
    out = _index.scatter_add(base, 0, wrap(np.broadcast_to(flat.reshape([-1] + [1] * len(tail)),
                                                              [flat.size] + tail).copy()),
                             v.reshape([flat.size] + tail))
    return out.reshape(list(zeros.shape))


def scatter_update(inputs: Any, indices: Any, updates: Any, reduction: str | None = None) -> Tensor:
    """A copy of ``inputs`` with ``updates`` written at ``indices`` (rows of coordinates)."""
    if reduction is not None:
        raise ValueError(f"scatter_update: reduction {reduction!r} is not supported (only None)")
    idx = convert_to_numpy(indices).astype(np.int64)
    return _index.index_put(convert_to_tensor(inputs), _index_tuple(idx), convert_to_tensor(updates))


def slice_update(inputs: Any, start_indices: Any, updates: Any) -> Tensor:
    """A copy of ``inputs`` with the block ``updates`` written from ``start_indices``."""
    x, u = convert_to_tensor(inputs), convert_to_tensor(updates)
    starts = [int(s) for s in start_indices]
    if len(starts) != x.ndim or u.ndim != x.ndim:
        raise ValueError(f"slice_update: start_indices {tuple(starts)} and updates of shape {tuple(u.shape)} must "
                         f"match the {x.ndim} axes of inputs of shape {tuple(x.shape)}")
    index = tuple(slice(s, s + n) for s, n in zip(starts, u.shape))
    return _index.index_put(x, index, u)


def _segments(data: Any, segment_ids: Any, num_segments: int | None) -> tuple[Tensor, np.ndarray, int]:
    x = convert_to_tensor(data)
    ids = convert_to_numpy(segment_ids).astype(np.int64).reshape(-1)
    if ids.size != x.shape[0]:
        raise ValueError(f"segment: {ids.size} segment ids for data of shape {tuple(x.shape)}")
    return x, ids, int(ids.max(initial=-1)) + 1 if num_segments is None else int(num_segments)


def segment_sum(data: Any, segment_ids: Any, num_segments: int | None = None, sorted: bool = False) -> Tensor:  # noqa: A002
    """``out[s] = Σ data[i]`` over the rows ``i`` with ``segment_ids[i] == s``."""
    x, ids, n = _segments(data, segment_ids, num_segments)
    one_hot = wrap((ids[None, :] == np.arange(n)[:, None]).astype(x.array.dtype))
    return _ops.matmul(one_hot, x.reshape([x.shape[0], -1])).reshape([n] + list(x.shape[1:]))


def segment_max(data: Any, segment_ids: Any, num_segments: int | None = None, sorted: bool = False) -> Tensor:  # noqa: A002
    """``out[s] = max data[i]`` over the rows with ``segment_ids[i] == s`` (-inf, or the lowest integer, if none)."""
    x, ids, n = _segments(data, segment_ids, num_segments)
    low = -np.inf if x.array.dtype.kind == "f" else np.iinfo(x.array.dtype).min
    rows = []
    for s in range(n):
        picks = np.nonzero(ids == s)[0]
        rows.append(_ops.max(_index.index_select(x, 0, wrap(picks)), 0) if picks.size
                    else wrap(np.full(x.shape[1:], low, x.array.dtype)))
    return stack(rows, 0)


def segment_min(data: Any, segment_ids: Any, num_segments: int | None = None, sorted: bool = False) -> Tensor:  # noqa: A002
    """``out[s] = min data[i]`` over the rows with ``segment_ids[i] == s``: ``-segment_max(-data)`` for floats
    (+inf where a segment is empty); integers have no gradient (their largest value where empty)."""
    x, ids, n = _segments(data, segment_ids, num_segments)
    if x.array.dtype.kind == "f":
        return -segment_max(-x, ids, n)
    out = np.full((n, *x.shape[1:]), np.iinfo(x.array.dtype).max, x.array.dtype)
    np.minimum.at(out, ids, x.array)
    return wrap(out)


def unravel_index(indices: Any, shape: Sequence[int]) -> tuple[Tensor, ...]:
    """The coordinates in an array of ``shape`` of each flat index (int32)."""
    return tuple(wrap(c.astype(np.int32)) for c in np.unravel_index(convert_to_numpy(indices).astype(np.int64),
                                                    tuple(int(n) for n in shape)))


__all__ = [
    "append", "array_split", "bincount", "cross", "diag", "diagonal", "diff", "digitize", "dstack", "fliplr",
    "flipud", "get_item", "hsplit", "inner", "kron", "rot90", "scatter", "scatter_update", "searchsorted",
    "segment_max", "segment_min", "segment_sum", "select", "slice_update", "trace", "unravel_index", "unstack",
    "vsplit",
]
