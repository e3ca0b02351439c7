"""Selecting and placing values by index: gather, scatter, index_select, masked_fill/select,
index_put (``t[i] = v``), sort and topk. Each gradient sends g back to where the values came from."""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.grad_fn import present
from ligero.ops._common import operands, unbroadcast
from ligero.ops.shape import _dim_index, getitem
from ligero.tensor import Tensor, _leaf, as_tensor, make_result


def _indices(index: Any, where: str) -> np.ndarray:
    idx = np.asarray(index.array if isinstance(index, Tensor) else index)
    if idx.dtype.kind not in "iu":
        raise RuntimeError(f"{where}(): Expected dtype int64 for index, got {idx.dtype}")
    return idx


def gather(a: Any, dim: int, index: Any) -> Tensor:
    """``out[i][j] = a[i][index[i][j]]`` (along ``dim``);  dL/da = g added back at the gathered places."""
    a = as_tensor(a)
    d = _dim_index(dim, a.ndim)
    idx = _indices(index, "gather")
    if idx.ndim != a.ndim:
        raise RuntimeError("gather(): Index tensor must have the same number of dimensions as input tensor")
    try:
        out = np.take_along_axis(a.array[tuple(slice(0, n) for n in idx.shape[:d])
                                         + (slice(None),) + tuple(slice(0, n) for n in idx.shape[d + 1:])],
                                 idx, d)
    except IndexError as exc:
        raise IndexError(f"gather(): index out of range for a tensor of shape {tuple(a.array.shape)}: {exc}") from None

    def backward(g: np.ndarray) -> tuple:
        grad = np.zeros(a.array.shape, dtype=g.dtype)
        _add_along(grad, idx, g, d)
        return (grad,)

    return make_result(out, (a,), backward, "gather")


def positions_along(idx: np.ndarray, d: int) -> tuple:
    """The full index tuple that addresses ``idx``'s targets along dimension ``d``."""
    grids = list(np.indices(idx.shape, sparse=True))
    grids[d] = idx
    return tuple(grids)


def _add_along(target: np.ndarray, idx: np.ndarray, values: np.ndarray, d: int) -> None:
    np.add.at(target, positions_along(idx, d), np.broadcast_to(values, idx.shape))


def scatter(a: Any, dim: int, index: Any, src: Any, reduce: str | None = None) -> Tensor:
    """A copy of ``a`` with ``src`` written at ``index`` along ``dim``;

    dL/da = g with the overwritten places zeroed, dL/dsrc = g gathered at ``index``.
    """
    return _scatter(a, dim, index, src, add=reduce == "add")


def scatter_add(a: Any, dim: int, index: Any, src: Any) -> Tensor:
    """A copy of ``a`` with ``src`` added at ``index`` along ``dim``;  dL/dsrc = g gathered at ``index``."""
    return _scatter(a, dim, index, src, add=True)


def _scatter(a: Any, dim: int, index: Any, src: Any, add: bool) -> Tensor:
    a = as_tensor(a)
    d = _dim_index(dim, a.ndim)
    idx = _indices(index, "scatter")
    src_t = src if isinstance(src, Tensor) else Tensor(np.asarray(src), dtype=a.array.dtype)
    values = np.broadcast_to(src_t.array, idx.shape) if src_t.ndim == 0 else (
        src_t.array[tuple(slice(0, n) for n in idx.shape)])
    out = a.array.copy()
    where = positions_along(idx, d)
    if add:
        np.add.at(out, where, values)
    else:
        out[where] = values

    def backward(g: np.ndarray) -> tuple:
        ga = gs = None
        if a.requires_grad:
            ga = g.copy()
            if not add:
                ga[where] = 0
        if src_t.requires_grad:
            picked = g[where]
            gs = np.zeros(src_t.array.shape, dtype=g.dtype)
            if src_t.ndim == 0:
                gs = np.asarray(picked.sum(), dtype=g.dtype)
            else:
                gs[tuple(slice(0, n) for n in idx.shape)] = picked
        return ga, gs

    return make_result(out, (a, src_t), backward, "scatter_add" if add else "scatter")


def index_select(a: Any, dim: int, index: Any) -> Tensor:
    """The slices ``index`` of dimension ``dim``, in that order."""
    a = as_tensor(a)
    d = _dim_index(dim, a.ndim)
    idx = _indices(index, "index_select")
    if idx.ndim > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    return present(getitem(a, (slice(None),) * d + (idx.reshape(-1),)), "index_select")


def masked_fill(a: Any, mask: Any, value: Any) -> Tensor:
    """``a`` with ``value`` where ``mask`` is True;  dL/da = g where the mask is False, else 0."""
    a = as_tensor(a)
    m = np.asarray(mask.array if isinstance(mask, Tensor) else mask)
    if m.dtype != np.bool_:
        raise RuntimeError(f"masked_fill_ only supports boolean masks, but got mask with dtype {m.dtype}")
    v = value.array if isinstance(value, Tensor) else value
    try:
        out = np.where(m, np.asarray(v, dtype=a.array.dtype), a.array)
    except ValueError:
        raise RuntimeError(
            f"The size of the mask {tuple(m.shape)} must match the size of tensor {tuple(a.array.shape)}") from None
    if out.shape != a.array.shape:
        raise RuntimeError(f"masked_fill: the mask {tuple(m.shape)} must broadcast to {tuple(a.array.shape)}")
    return make_result(out, (a,), lambda g: (np.where(m, 0, g).astype(g.dtype, copy=False),), "masked_fill")


def masked_select(a: Any, mask: Any) -> Tensor:
    """The values where ``mask`` (broadcast to ``a``) is True, as a 1-D tensor."""
    a = as_tensor(a)
    m = np.asarray(mask.array if isinstance(mask, Tensor) else mask, dtype=bool)
    shape = np.broadcast_shapes(a.array.shape, m.shape)
    from ligero.ops.shape import expand

    full = a if shape == a.array.shape else expand(a, shape)
    return getitem(full, np.broadcast_to(m, shape))


def index_put(a: Any, index: Any, value: Any) -> Tensor:
    """A copy of ``a`` with ``a[index] = value``;

    dL/da = g zeroed at ``index``, dL/dvalue = g[index] summed back to value's shape.
    """
    a = as_tensor(a)
    index = _plain_index(index)
    _, v = operands(a, value) if not isinstance(value, Tensor) else (a, value)
    out = a.array.copy()
    try:
        out[index] = v.array
    except (ValueError, IndexError) as exc:
        raise (IndexError if isinstance(exc, IndexError) else RuntimeError)(
            f"setting values of a tensor of shape {tuple(a.array.shape)} at {index!r}: {exc}") from None

    def backward(g: np.ndarray) -> tuple:
        ga = gv = None
        if a.requires_grad:
            ga = g.copy()
            ga[index] = 0
        if v.requires_grad:
            gv = unbroadcast(np.asarray(g[index]), v.array.shape)
        return ga, gv

    return make_result(out, (a, v), backward, "index_put")


def _plain_index(index: Any) -> Any:
    if isinstance(index, Tensor):
        return index.array
    if isinstance(index, tuple):
        return tuple(i.array if isinstance(i, Tensor) else i for i in index)
    return index


def nonzero(a: Any, as_tuple: bool = False) -> Any:
    """The indices of the non-zero elements: an (n, ndim) int64 tensor, or one per dimension."""
    found = np.nonzero(np.asarray(a.array if isinstance(a, Tensor) else a))
    if as_tuple:
        return tuple(_leaf(i.astype(np.int64)) for i in found)
    return _leaf(np.stack(found, axis=1).astype(np.int64) if found else np.zeros((0, 0), np.int64))


def sort(a: Any, dim: int = -1, descending: bool = False, stable: bool = False) -> tuple[Tensor, Tensor]:
    """Values sorted along ``dim`` and where they came from (a stable sort)."""
    a = as_tensor(a)
    if a.ndim == 0:
        return getitem(a, ()), _leaf(np.zeros((), np.int64))
    d = _dim_index(dim, a.ndim)
    key = -a.array if descending and a.array.dtype.kind != "b" else a.array
    order = np.argsort(key, axis=d, kind="stable")
    if descending and a.array.dtype.kind == "b":
        order = np.flip(np.argsort(a.array, axis=d, kind="stable"), d)
    return gather(a, d, order), _leaf(order.astype(np.int64))


def topk(a: Any, k: int, dim: int = -1, largest: bool = True, sorted: bool = True) -> tuple[Tensor, Tensor]:  # noqa: A002
    """The ``k`` largest (or smallest) values along ``dim`` and their indices."""
    a = as_tensor(a)
    d = _dim_index(dim, a.ndim)
    if not 0 <= k <= (a.array.shape[d] if a.ndim else 1):
        raise RuntimeError("selected index k out of range")
    _, order = sort(a, d, descending=largest)
    idx = np.take(order.array, np.arange(k), axis=d)
    return gather(a, d, idx), _leaf(idx)


def unique(a: Any, sorted: bool = True, return_inverse: bool = False, return_counts: bool = False,  # noqa: A002
           dim: int | None = None) -> Any:
    """The distinct values (sorted), and optionally where each element went and how often each occurs."""
    x = np.asarray(a.array if isinstance(a, Tensor) else a)
    values, inverse, counts = np.unique(x, return_inverse=True, return_counts=True, axis=dim)
    out: list[Tensor] = [_leaf(values)]
    if return_inverse:
        out.append(_leaf(inverse.reshape(x.shape if dim is None else -1).astype(np.int64)))
    if return_counts:
        out.append(_leaf(counts.astype(np.int64)))
    return out[0] if len(out) == 1 else tuple(out)
