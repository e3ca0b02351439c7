"""``keras.ops`` reductions (``axis=None`` reduces everything; ``keepdims`` keeps reduced axes as length 1),
differentiable through ligero's ops; integer inputs to ``mean``/``std``/``var``/``average`` give float32."""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero import ops as _ops
from ligero.keras.ops.core import cast, convert_to_numpy, convert_to_tensor, floating, wrap
from ligero.ops._common import normalize_axes
from ligero.tensor import Tensor


def _axes(x: Tensor, axis: Any) -> tuple[int, ...]:
    return tuple(normalize_axes(axis, x.ndim)) if axis is not None else tuple(range(x.ndim))


def sum(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:  # noqa: A001 - Keras's names
    """``Σ x`` over ``axis``."""
    return _ops.sum(convert_to_tensor(x), axis, keepdims)


def mean(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    """``Σ x / n`` over ``axis`` (float32 for integer ``x``)."""
    return _ops.mean(floating(x), axis, keepdims)


def _with_initial(out: Tensor, initial: Any, pick: Any) -> Tensor:
    return out if initial is None else pick(out, initial)


def max(x: Any, axis: Any = None, keepdims: bool = False, initial: Any = None) -> Tensor:  # noqa: A001
    """The largest value over ``axis`` (at least ``initial`` when given)."""
    return _with_initial(_ops.max(convert_to_tensor(x), axis, keepdims), initial, _ops.maximum)


def min(x: Any, axis: Any = None, keepdims: bool = False, initial: Any = None) -> Tensor:  # noqa: A001
    """The smallest value over ``axis`` (at most ``initial`` when given)."""
    return _with_initial(_ops.min(convert_to_tensor(x), axis, keepdims), initial, _ops.minimum)


def prod(x: Any, axis: Any = None, keepdims: bool = False, dtype: Any = None) -> Tensor:
    """``Π x`` over ``axis``."""
    x = convert_to_tensor(x)
    return _ops.prod(x if dtype is None else cast(x, dtype), axis, keepdims)


def var(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    """The population variance ``Σ (x - mean)² / n`` over ``axis``."""
    x = floating(x)
    return x.var(_axes(x, axis), correction=0, keepdim=keepdims)


def std(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    """``√var(x)`` (population: divided by n)."""
    return _ops.sqrt(var(x, axis, keepdims))


def _logical(fn: Any, x: Any, axis: Any, keepdims: bool) -> Tensor:
    axis = tuple(axis) if isinstance(axis, list) else axis
    return wrap(np.asarray(fn(convert_to_numpy(x), axis=axis, keepdims=keepdims)))


def any(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """True where some value over ``axis`` is nonzero (a bool tensor, no gradient)."""
    return _logical(np.any, x, axis, keepdims)


def all(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """True where every value over ``axis`` is nonzero (a bool tensor, no gradient)."""
    return _logical(np.all, x, axis, keepdims)


def _running(fn: Any, x: Any, axis: Any, dtype: Any) -> Tensor:
    x = convert_to_tensor(x)
    x = x.reshape(-1) if axis is None else x
    if dtype is not None:
        x = cast(x, dtype)
    elif x.array.dtype.kind in "biu":
        x = cast(x, np.int32)
    return fn(x, 0 if axis is None else int(axis))


def cumsum(x: Any, axis: int | None = None, dtype: Any = None) -> Tensor:
    """``out[i] = Σ_{j ≤ i} x[j]`` along ``axis`` (of the flattened ``x`` when None)."""
    return _running(_ops.cumsum, x, axis, dtype)


def cumprod(x: Any, axis: int | None = None, dtype: Any = None) -> Tensor:
    """``out[i] = Π_{j ≤ i} x[j]`` along ``axis`` (of the flattened ``x`` when None)."""
    return _running(_ops.cumprod, x, axis, dtype)


def logsumexp(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    """``log Σ eˣ`` over ``axis``, computed as ``m + log Σ e^(x - m)``."""
    x = floating(x)
    return x.logsumexp(_axes(x, axis), keepdims)


def count_nonzero(x: Any, axis: Any = None) -> Tensor:
    """How many values over ``axis`` are nonzero (int32)."""
    axis = tuple(axis) if isinstance(axis, list) else axis
    return wrap(np.asarray(np.count_nonzero(convert_to_numpy(x), axis=axis), dtype=np.int32))


def average(x: Any, axis: Any = None, weights: Any = None) -> Tensor:
    """``Σ w·x / Σ w`` over ``axis`` (the mean when ``weights`` is None); 1-D ``weights`` go along ``axis``."""
    x = floating(x)
    if weights is None:
        return _ops.mean(x, axis)
    w = cast(weights, x.array.dtype)
    if w.ndim == 1 and x.ndim > 1:
        if axis is None:
            raise ValueError(f"average: 1-D weights of shape {tuple(w.shape)} need an axis for x of shape "
                             f"{tuple(x.shape)}")
        view = [1] * x.ndim
        view[int(axis)] = -1
        w = w.reshape(view)
    return _ops.sum(x * w, axis) / _ops.sum(w, axis)


def median(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    """The middle value over ``axis`` (the mean of the two middle ones for an even count); float32 by
    default, as Keras; the gradient flows to the middle value(s)."""
    x = convert_to_tensor(x)
    x = x if x.array.dtype == np.float32 else cast(x, np.float32)
    axes = _axes(x, axis)
    rest = [d for d in range(x.ndim) if d not in axes]
    moved = _ops.permute(x, rest + list(axes)).reshape([x.shape[d] for d in rest] + [-1])
    values, _ = _ops.sort(moved, -1)
    n = values.shape[-1]
    out = _ops.mean(values.narrow(-1, (n - 1) // 2, 2 - n % 2), -1)
    if keepdims:
        out = out.reshape([1 if d in axes else x.shape[d] for d in range(x.ndim)])
    return out


def argmax(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    """The index of the largest value along ``axis`` (of the flattened ``x`` when None), int32 as Keras."""
    return wrap(np.asarray(np.argmax(convert_to_numpy(x), axis=axis, keepdims=keepdims), dtype=np.int32))


def argmin(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    """The index of the smallest value along ``axis`` (of the flattened ``x`` when None), int32 as Keras."""
    return wrap(np.asarray(np.argmin(convert_to_numpy(x), axis=axis, keepdims=keepdims), dtype=np.int32))


def norm(x: Any, ord: Any = None, axis: Any = None, keepdims: bool = False) -> Tensor:  # noqa: A002
    """The vector or matrix norm: ``√Σx²`` over every entry when ``ord`` and ``axis`` are None."""
    x = floating(x)
    if ord is None:
        return _ops.sqrt(_ops.sum(_ops.mul(x, x), axis=axis, keepdims=keepdims))
    return wrap(np.asarray(np.linalg.norm(convert_to_numpy(x), ord=ord, axis=axis, keepdims=keepdims),
                             dtype=x.array.dtype))


def amax(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    return max(x, axis, keepdims)


def amin(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    return min(x, axis, keepdims)


def ptp(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    """``max - min`` over ``axis``."""
    return max(x, axis, keepdims) - min(x, axis, keepdims)


def _nan_filled(x: Any, value: float) -> tuple[Tensor, Tensor]:
    x = convert_to_tensor(x)
    if x.array.dtype.kind != "f":
        return x, wrap(np.zeros(x.shape, dtype=bool))
    missing = x.ne(x)
    return _ops.where(missing, value, x), missing


def nansum(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    """``Σ x`` over ``axis``, NaNs counted as 0."""
    return sum(_nan_filled(x, 0.0)[0], axis, keepdims)


def nanmean(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    """The mean over ``axis`` of the values that are not NaN."""
    filled, missing = _nan_filled(floating(x), 0.0)
    count = sum(cast(missing.logical_not(), filled.array.dtype), axis, keepdims)
    return sum(filled, axis, keepdims) / count


def nanmax(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    """The largest non-NaN value over ``axis``."""
    return max(_nan_filled(x, -np.inf)[0], axis, keepdims)


def nanmin(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    """The smallest non-NaN value over ``axis``."""
    return min(_nan_filled(x, np.inf)[0], axis, keepdims)


def quantile(x: Any, q: Any, axis: Any = None, method: str = "linear", keepdims: bool = False) -> Tensor:
    """The ``q``-th quantiles over ``axis`` (``q`` in [0, 1]), NumPy's 'linear' method: with ``v`` sorted and
    ``h = q·(n - 1)``, ``v[⌊h⌋] + (h - ⌊h⌋)·(v[⌈h⌉] - v[⌊h⌋])``; the quantile axes of ``q`` come first."""
    if method != "linear":
        raise ValueError(f"quantile: only method 'linear' is supported, not {method!r}")
    x = floating(x)
    qs = np.asarray(convert_to_numpy(q), dtype=np.float64)
    if qs.size and (qs.min() < 0 or qs.max() > 1):
        raise ValueError(f"quantile: q must lie in [0, 1], got {qs.tolist()}")
    axes = _axes(x, axis)
    rest = [d for d in range(x.ndim) if d not in axes]
    values, _ = _ops.sort(_ops.permute(x, rest + list(axes)).reshape([x.shape[d] for d in rest] + [-1]), -1)
    h = qs.reshape(-1) * (values.shape[-1] - 1)
    lo, hi = np.floor(h).astype(np.int64), np.ceil(h).astype(np.int64)
    low, high = _ops.index_select(values, -1, wrap(lo)), _ops.index_select(values, -1, wrap(hi))
    out = low + (high - low) * wrap((h - lo).astype(x.array.dtype))
    kept = [1 if d in axes else x.shape[d] for d in range(x.ndim)] if keepdims else [x.shape[d] for d in rest]
    out = _ops.permute(out, [out.ndim - 1] + list(range(out.ndim - 1)))
    return out.reshape(list(qs.shape) + kept)


def percentile(x: Any, q: Any, axis: Any = None, method: str = "linear", keepdims: bool = False) -> Tensor:
    """:func:`quantile` at ``q / 100``."""
    return quantile(x, np.asarray(convert_to_numpy(q), dtype=np.float64) / 100.0, axis, method, keepdims)


__all__ = ["amax", "amin", "nanmax", "nanmean", "nanmin", "nansum", "percentile", "ptp", "quantile",
           "all", "any", "argmax", "argmin", "average", "count_nonzero", "cumprod", "cumsum", "logsumexp", "max",
           "mean", "median", "min", "norm", "prod", "std", "sum", "var"]
