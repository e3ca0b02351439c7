"""``keras.ops`` shape, indexing, sorting and products, with NumPy's meaning (``axis=None`` flattens),
each a thin mapping onto ligero's differentiable ops."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ligero import ops as _ops
from ligero import torch_functions as _torch
from ligero.keras.ops.core import convert_to_numpy, convert_to_tensor, wrap
from ligero.nn import functional as _F
from ligero.ops import index as _index
from ligero.ops._common import normalize_axes
from ligero.tensor import Tensor

matmul, einsum = _ops.matmul, _ops.einsum


def _axis(x: Tensor, axis: int) -> int:
    return normalize_axes(int(axis), x.ndim)[0]


def reshape(x: Any, newshape: Any) -> Tensor:
    return _ops.reshape(convert_to_tensor(x), newshape)


def transpose(x: Any, axes: Any = None) -> Tensor:
    return _ops.transpose(convert_to_tensor(x), axes)


def concatenate(xs: Sequence[Any], axis: int = 0) -> Tensor:
    return _ops.concatenate([convert_to_tensor(x) for x in xs], axis)


def stack(x: Sequence[Any], axis: int = 0) -> Tensor:
    return _ops.stack([convert_to_tensor(t) for t in x], axis)


def expand_dims(x: Any, axis: int) -> Tensor:
    """``x`` with a new axis of length 1 at ``axis``."""
    x = convert_to_tensor(x)
    return _ops.unsqueeze(x, axis if axis >= 0 else x.ndim + 1 + axis)


def squeeze(x: Any, axis: Any = None) -> Tensor:
    """``x`` without its axes of length 1 (only ``axis``, when given: Keras refuses one of another length)."""
    x = convert_to_tensor(x)
    if axis is not None and x.shape[axis] != 1:
        raise ValueError(f"squeeze: axis {axis} of a tensor of shape {tuple(x.shape)} has length "
                         f"{x.shape[axis]}, not 1")
    return _ops.squeeze(x, axis)


def ravel(x: Any) -> Tensor:
    return _ops.reshape(convert_to_tensor(x), -1)


def size(x: Any) -> Tensor:
    """The number of entries of ``x`` (an int64 scalar, as Keras)."""
    return wrap(np.asarray(convert_to_tensor(x).array.size, dtype=np.int64))


def ndim(x: Any) -> int:
    return convert_to_tensor(x).ndim


def swapaxes(x: Any, axis1: int, axis2: int) -> Tensor:
    return _ops.swapdims(convert_to_tensor(x), axis1, axis2)


def moveaxis(x: Any, source: Any, destination: Any) -> Tensor:
    """``x`` with axes ``source`` moved to ``destination`` (NumPy's ``moveaxis``), the others in order."""
    x = convert_to_tensor(x)
    src = [int(d) % x.ndim for d in np.atleast_1d(source)]
    dst = [int(d) % x.ndim for d in np.atleast_1d(destination)]
    if len(src) != len(dst):
        raise ValueError(f"moveaxis: source {source} and destination {destination} differ in length")
    rest = [d for d in range(x.ndim) if d not in src]
    perm = [0] * x.ndim
    for s, d in zip(src, dst):
        perm[d] = s
    free = iter(rest)
    perm = [perm[i] if i in dst else next(free) for i in range(x.ndim)]
    return _ops.permute(x, perm)


def broadcast_to(x: Any, shape: Sequence[int]) -> Tensor:
    return _ops.expand(convert_to_tensor(x), tuple(int(n) for n in shape))


def split(x: Any, indices_or_sections: Any, axis: int = 0) -> list[Tensor]:
    """``x`` cut along ``axis`` into ``n`` equal parts (an int) or at the given indices (a list)."""
    x = convert_to_tensor(x)
    length = x.shape[axis]
    if np.ndim(indices_or_sections) == 0:
        n = int(indices_or_sections)
        if n <= 0 or length % n:
            raise ValueError(f"split: axis {axis} of length {length} (shape {tuple(x.shape)}) does not divide "
                             f"into {n} equal parts")
        sizes = [length // n] * n
    else:
        cuts = [0] + [int(np.clip(i, 0, length)) for i in indices_or_sections] + [length]
        sizes = [max(b - a, 0) for a, b in zip(cuts[:-1], cuts[1:])]
    return list(_ops.split(x, sizes, axis))


def tile(x: Any, repeats: Any) -> Tensor:
    """``x`` repeated ``repeats[i]`` times along axis i (NumPy's ``tile``)."""
    x = convert_to_tensor(x)
    reps = [int(repeats)] if np.ndim(repeats) == 0 else [int(r) for r in repeats]
    return _ops.repeat(x, [1] * (x.ndim - len(reps)) + reps)


def repeat(x: Any, repeats: Any, axis: int | None = None) -> Tensor:
    """Each entry repeated ``repeats`` times along ``axis`` (of the flattened ``x`` when None)."""
    x = convert_to_tensor(x)
    if axis is None:
        x, axis = x.reshape(-1), 0
    axis = _axis(x, axis)
    picks = np.repeat(np.arange(x.shape[axis]), convert_to_numpy(repeats))
    return _index.index_select(x, axis, wrap(picks.astype(np.int64)))


def flip(x: Any, axis: Any = None) -> Tensor:
    x = convert_to_tensor(x)
    return _ops.flip(x, list(range(x.ndim)) if axis is None else list(normalize_axes(axis, x.ndim)))


def roll(x: Any, shift: Any, axis: Any = None) -> Tensor:
    """Values shifted cyclically by ``shift`` along ``axis`` (of the flattened ``x`` when None)."""
    return _ops.roll(convert_to_tensor(x), shift, axis)


_PAD_MODES = {"constant": "constant", "reflect": "reflect", "edge": "replicate", "wrap": "circular"}


def pad(x: Any, pad_width: Any, mode: str = "constant", constant_values: Any = None) -> Tensor:
    """``x`` with ``pad_width[i] = (before, after)`` entries added on axis i (modes 'constant', 'reflect',
    'edge', 'wrap')."""
    x = convert_to_tensor(x)
    widths = np.broadcast_to(np.asarray(pad_width, dtype=np.int64).reshape(-1, 2)
                             if np.size(pad_width) != 2 * x.ndim else np.asarray(pad_width).reshape(x.ndim, 2),
                             (x.ndim, 2))
    if mode not in _PAD_MODES:
        raise ValueError(f"pad: mode {mode!r} is not one of {sorted(_PAD_MODES)}")
    if constant_values is not None and mode != "constant":
        raise ValueError(f"pad: constant_values is only for mode 'constant', not {mode!r}")
    flat = [int(v) for pair in widths[::-1] for v in pair]
    return _F.pad(x, flat, _PAD_MODES[mode], None if constant_values is None else float(constant_values))


def _indices(indices: Any, length: int) -> np.ndarray:
    idx = convert_to_numpy(indices).astype(np.int64)
    return np.where(idx < 0, idx + length, idx)


def take(x: Any, indices: Any, axis: int | None = None) -> Tensor:
    """``out[..., i, ...] = x[..., indices[i], ...]`` along ``axis`` (of the flattened ``x`` when None);
    ``out`` has shape ``x.shape[:axis] + indices.shape + x.shape[axis+1:]``."""
    x = convert_to_tensor(x)
    if axis is None:
        x, axis = x.reshape(-1), 0
    axis = _axis(x, axis)
    idx = _indices(indices, x.shape[axis])
    out = _index.index_select(x, axis, wrap(idx.reshape(-1)))
    return out.reshape(list(x.shape[:axis]) + list(idx.shape) + list(x.shape[axis + 1:]))


def take_along_axis(x: Any, indices: Any, axis: int | None = None) -> Tensor:
    """``out[..., j, ...] = x[..., indices[..., j, ...], ...]`` along ``axis`` (NumPy's ``take_along_axis``)."""
    x = convert_to_tensor(x)
    if axis is None:
        x, axis = x.reshape(-1), 0
    axis = _axis(x, axis)
    idx = _indices(indices, x.shape[axis])
    shape = list(np.broadcast_shapes(tuple(n if d != axis else 1 for d, n in enumerate(x.shape)),
                                     tuple(n if d != axis else 1 for d, n in enumerate(idx.shape))))
    x = _ops.expand(x, shape[:axis] + [x.shape[axis]] + shape[axis + 1:])
    return _index.gather(x, axis, np.broadcast_to(idx, shape[:axis] + [idx.shape[axis]] + shape[axis + 1:]))


def tensordot(x1: Any, x2: Any, axes: Any = 2) -> Tensor:
    """``Σ`` over the last ``axes`` axes of ``x1`` and the first ``axes`` of ``x2`` (or the axis lists given)."""
    a, b = convert_to_tensor(x1), convert_to_tensor(x2)
    if np.ndim(axes) == 0:
        n = int(axes)
        left, right = list(range(a.ndim - n, a.ndim)), list(range(n))
    else:
        left, right = ([int(axes[0])], [int(axes[1])]) if np.ndim(axes[0]) == 0 else (list(axes[0]), list(axes[1]))
        left, right = list(normalize_axes(left, a.ndim)), list(normalize_axes(right, b.ndim))
    letters = iter("abcdefghijklmnopqrstuvwxyz")
    sa = [next(letters) for _ in range(a.ndim)]
    sb = [next(letters) for _ in range(b.ndim)]
    for i, j in zip(left, right):
        sb[j] = sa[i]
    out = [c for d, c in enumerate(sa) if d not in left] + [c for d, c in enumerate(sb) if d not in right]
    return _ops.einsum(f"{''.join(sa)},{''.join(sb)}->{''.join(out)}", a, b)


def dot(x1: Any, x2: Any) -> Tensor:
    """NumPy's ``dot``: a product for scalars, ``Σ a·b`` for vectors, ``matmul`` for matrices, and the sum
    over ``x1``'s last axis and ``x2``'s second-to-last otherwise."""
    a, b = convert_to_tensor(x1), convert_to_tensor(x2)
    if a.ndim == 0 or b.ndim == 0:
        return _ops.mul(a, b)
    return tensordot(a, b, ([a.ndim - 1], [b.ndim - 1 if b.ndim == 1 else b.ndim - 2]))


def outer(x1: Any, x2: Any) -> Tensor:
    """``out[i, j] = x1.ravel()[i] · x2.ravel()[j]``."""
    return _ops.outer(ravel(x1), ravel(x2))


def vstack(xs: Sequence[Any]) -> Tensor:
    return _torch.vstack([convert_to_tensor(x) for x in xs])


def hstack(xs: Sequence[Any]) -> Tensor:
    return _torch.hstack([convert_to_tensor(x) for x in xs])


def tril(x: Any, k: int = 0) -> Tensor:
    return _ops.tril(convert_to_tensor(x), k)


def triu(x: Any, k: int = 0) -> Tensor:
    return _ops.triu(convert_to_tensor(x), k)


def meshgrid(*x: Any, indexing: str = "xy") -> list[Tensor]:
    """Coordinate grids of the given vectors (``indexing='xy'`` as NumPy, or ``'ij'``)."""
    return list(_torch.meshgrid(*(convert_to_tensor(t) for t in x), indexing=indexing))


def sort(x: Any, axis: int = -1) -> Tensor:
    """``x`` sorted ascending along ``axis`` (the gradient goes back to where each value came from)."""
    return _index.sort(convert_to_tensor(x), axis)[0]


def argsort(x: Any, axis: int = -1) -> Tensor:
    """The indices that sort ``x`` along ``axis`` (int32, no gradient)."""
    return wrap(_index.sort(convert_to_tensor(x), axis)[1].array.astype(np.int32))


def top_k(x: Any, k: int, sorted: bool = True) -> tuple[Tensor, Tensor]:  # noqa: A002
    """The ``k`` largest values along the last axis and their indices."""
    values, indices = _index.topk(convert_to_tensor(x), int(k), -1)
    return values, indices


def nonzero(x: Any) -> Tensor:
    """The indices of the nonzero entries: an int32 tensor of shape (ndim, count), as Keras's torch backend."""
    return wrap(np.stack(np.nonzero(convert_to_numpy(x))).astype(np.int32))


def unique(x: Any, sorted: bool = True, return_index: bool = False, return_inverse: bool = False,  # noqa: A002
           return_counts: bool = False, axis: int | None = None, size: int | None = None,
           fill_value: Any = None) -> Any:
    """The distinct values of ``x`` (sorted), with where they first occur, the inverse map and counts on request."""
    if size is not None or fill_value is not None:
        raise NotImplementedError("unique: size and fill_value are not supported")
    values = convert_to_numpy(x)
    uniq, first, inverse, counts = np.unique(values, return_index=True, return_inverse=True,
                                             return_counts=True, axis=axis)
    if axis is None:
        inverse = inverse.reshape(values.shape)
    extras = [part for flag, part in ((return_index, first), (return_inverse, inverse), (return_counts, counts))
              if flag]
    wanted = [wrap(uniq)] + [wrap(np.asarray(part, dtype=np.int64)) for part in extras]
    return wanted[0] if len(wanted) == 1 else tuple(wanted)


__all__ = [
    "argsort", "broadcast_to", "concatenate", "dot", "einsum", "expand_dims", "flip", "hstack", "matmul",
    "meshgrid", "moveaxis", "ndim", "nonzero", "outer", "pad", "ravel", "repeat", "reshape", "roll", "size", "sort",
    "split", "squeeze", "stack", "swapaxes", "take", "take_along_axis", "tensordot", "tile", "top_k", "transpose",
    "tril", "triu", "unique", "vstack",
]
