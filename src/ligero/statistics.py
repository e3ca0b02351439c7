"""torch's order statistics and summaries: median, kthvalue, mode, quantile, std_mean, var_mean,
histogram. Values are picked from the input with ``gather`` (so gradients reach the chosen
elements; quantile's interpolation weighs its two neighbours), positions come from a stable sort
(ties resolved towards the earlier element, as torch's CPU kernels do for median and quantile).
"""

from __future__ import annotations

import collections
from typing import Any

import numpy as np

from ligero import ops
from ligero.grad_fn import present
from ligero.tensor import Tensor, _leaf, as_tensor


def _return_type(name: str, fields: tuple[str, ...]) -> type:
    """A namedtuple printed as torch's ``torch.return_types.<name>(\\nvalues=..., \\nindices=...)``."""
    base = collections.namedtuple(name, fields)

    def __repr__(self: Any) -> str:  # noqa: N807
        return f"torch.return_types.{name}(\n" + ",\n".join(f"{f}={v!r}" for f, v in zip(self._fields, self)) + ")"

    return type(name, (base,), {"__slots__": (), "__repr__": __repr__})


RETURN_TYPES = {name: _return_type(name, ("values", "indices"))
                for name in ("max", "min", "sort", "topk", "kthvalue", "mode", "median", "cummax", "cummin")}
histogram_type = _return_type("histogram", ("hist", "bin_edges"))
RETURN_TYPES["aminmax"] = _return_type("aminmax", ("min", "max"))
RETURN_TYPES["svd"] = _return_type("svd", ("U", "S", "V"))


def _along(x: Tensor, dim: int | None) -> tuple[Tensor, int]:
    """``x`` and the axis to work along (the flattened tensor when ``dim`` is None)."""
    if dim is None:
        return ops.reshape(x, (-1,)), 0
    return x, int(dim) % max(x.ndim, 1)


def _pick(x: Tensor, axis: int, positions: np.ndarray, keepdim: bool) -> tuple[Tensor, Tensor]:
    """The elements at ``positions`` (an array with ``axis`` of length 1) and their indices."""
    index = _leaf(positions.astype(np.int64))
    values = x.gather(axis, index) if x.ndim else x
    if not keepdim and x.ndim:
        values, index = ops.squeeze(values, axis), _leaf(np.squeeze(index.array, axis))
    return values, index


def kth_smallest(input: Any, k: int, dim: int | None, keepdim: bool) -> tuple[Tensor, Tensor]:  # noqa: A002
    """The k-th smallest element (1-based) along ``dim`` and its index."""
    x, axis = _along(as_tensor(input), dim)
    n = x.shape[axis] if x.ndim else 1
    if not 1 <= k <= n:
        raise IndexError(f"kthvalue(): selected number k out of range for dimension {dim} (k={k}, size {n})")
    order = np.argsort(x.array, axis=axis, kind="stable") if x.ndim else np.zeros((), np.int64)
    positions = np.take(order, [k - 1], axis=axis) if x.ndim else order
    return _pick(x, axis, positions, keepdim)


def median(input: Any, dim: int | None = None, keepdim: bool = False) -> Any:  # noqa: A002
    """The lower median: the element at sorted position ``(n - 1) // 2``; with ``dim``, (values, indices).

    Without ``dim`` the gradient is shared evenly by every element equal to the median, as torch's."""
    x = as_tensor(input)
    n = x.array.size if dim is None else (x.shape[dim] if x.ndim else 1)
    values, indices = kth_smallest(x, (n - 1) // 2 + 1, dim, keepdim)
    if dim is not None:
        return RETURN_TYPES["median"](present(values, "MedianBackward1", (x,)), indices)
    ties = x.array == values.array
    shared = ops.sum(ops.mul(x, _leaf(ties.astype(x.array.dtype)))) / float(ties.sum())
    return present(shared, "MedianBackward0", (x,))


def kthvalue(input: Any, k: int, dim: int = -1, keepdim: bool = False) -> Any:  # noqa: A002
    """torch's ``kthvalue``: the k-th smallest along ``dim`` as (values, indices)."""
    values, indices = kth_smallest(input, k, dim, keepdim)
    return RETURN_TYPES["kthvalue"](present(values, "KthvalueBackward0", (as_tensor(input),)), indices)


def mode(input: Any, dim: int = -1, keepdim: bool = False) -> Any:  # noqa: A002
    """The most frequent value along ``dim`` (the smallest among equally frequent ones) and the index
    of its last occurrence, as torch's CPU kernel gives."""
    x = as_tensor(input)
    axis = int(dim) % max(x.ndim, 1)
    moved = np.moveaxis(x.array, axis, -1) if x.ndim else x.array.reshape(1)
    rows = moved.reshape(-1, moved.shape[-1])
    positions = np.empty(len(rows), np.int64)
    for r, row in enumerate(rows):
        values, counts = np.unique(row, return_counts=True)
        best = values[np.argmax(counts)]  # np.unique sorts: the first maximal count is the smallest value
        positions[r] = np.flatnonzero(row == best)[-1]
    shape = moved.shape[:-1] + (1,)
    positions = np.moveaxis(positions.reshape(shape), -1, axis) if x.ndim else positions.reshape(())
    values, indices = _pick(x, axis, positions, keepdim)
    return RETURN_TYPES["mode"](present(values, "ModeBackward0", (x,)), indices)


_INTERPOLATIONS = ("linear", "lower", "higher", "nearest", "midpoint")


def quantile(input: Any, q: Any, dim: int | None = None, keepdim: bool = False,  # noqa: A002
             *, interpolation: str = "linear") -> Tensor:
    """The q-quantiles along ``dim`` (all values when None): position ``q·(n - 1)`` of the sorted values,
    between its neighbours by ``interpolation``; a tensor ``q`` adds a leading dimension."""
    if interpolation not in _INTERPOLATIONS:
        raise ValueError(f"quantile() interpolation must be one of {', '.join(_INTERPOLATIONS)}. "
                         f"Got {interpolation}")
    qs = np.asarray(q.array if isinstance(q, Tensor) else q, dtype=np.float64)
    if np.any((qs < 0) | (qs > 1)):
        raise RuntimeError("quantile() q values must be in the range [0, 1]")
    x, axis = _along(as_tensor(input), dim)
    order = np.argsort(x.array, axis=axis, kind="stable")
    ranked = x.gather(axis, _leaf(order.astype(np.int64)))
    picked = [_interpolated(ranked, axis, float(v), interpolation) for v in qs.reshape(-1)]
    if keepdim:
        picked = [ops.unsqueeze(p, axis) if dim is not None else ops.reshape(p, (1,) * as_tensor(input).ndim)
                  for p in picked]
    out = ops.stack(picked, 0) if qs.ndim else picked[0]
    return present(out, "SqueezeBackward4", (as_tensor(input),))


def _interpolated(ranked: Tensor, axis: int, q: float, interpolation: str) -> Tensor:
    n = ranked.shape[axis]
    position = q * (n - 1)
    lo, hi = int(np.floor(position)), int(np.ceil(position))
    if interpolation == "nearest":
        lo = hi = int(np.round(position))  # halves to even, as torch
    take = [slice(None)] * ranked.ndim
    take[axis] = lo
    low = ops.getitem(ranked, tuple(take))
    if interpolation == "lower" or hi == lo:
        return low
    take[axis] = hi
    high = ops.getitem(ranked, tuple(take))
    if interpolation == "higher":
        return high
    weight = 0.5 if interpolation == "midpoint" else position - lo
    return low + (high - low) * weight


def std_mean(input: Any, dim: Any = None, unbiased: Any = None, keepdim: bool = False,  # noqa: A002
             *, correction: Any = None) -> tuple[Tensor, Tensor]:
    """``(std, mean)`` over ``dim`` (correction 1 unless told otherwise)."""
    x = as_tensor(input)
    std = x.std(dim, unbiased, keepdim, correction=correction)
    mean = x.mean() if dim is None else x.mean(dim, keepdim)
    return present(std, "StdMeanBackward0", (x,)), present(mean, "StdMeanBackward0", (x,))


def var_mean(input: Any, dim: Any = None, unbiased: Any = None, keepdim: bool = False,  # noqa: A002
             *, correction: Any = None) -> tuple[Tensor, Tensor]:
    """``(var, mean)`` over ``dim`` (correction 1 unless told otherwise)."""
    x = as_tensor(input)
    var = x.var(dim, unbiased, keepdim, correction=correction)
    mean = x.mean() if dim is None else x.mean(dim, keepdim)
    return present(var, "VarMeanBackward0", (x,)), present(mean, "VarMeanBackward0", (x,))


def histogram(input: Any, bins: Any = 100, *, range: Any = None, weight: Any = None,  # noqa: A002
              density: bool = False) -> Any:
    """Counts of the values in ``bins`` equal bins over ``range`` (min..max by default), or between the
    given edges; ``density`` divides by the total and the bin widths. Returns (hist, bin_edges)."""
    x = as_tensor(input)
    edges = bins.array if isinstance(bins, Tensor) else bins
    w = None if weight is None else as_tensor(weight).array
    hist, bin_edges = np.histogram(x.array, bins=edges, range=range, weights=w, density=density)
    dtype = x.array.dtype
    return histogram_type(Tensor(hist.astype(dtype), dtype=dtype), Tensor(bin_edges.astype(dtype), dtype=dtype))
