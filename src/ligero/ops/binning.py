"""Binning of values (no gradient): bucketize, searchsorted, histc, bincount.

``bucketize(v, b)[i] = #{j : b_j < v_i}`` (``right=True``: ``b_j <= v_i``); ``searchsorted`` is the
same with the sorted sequence first and one row of boundaries per row of values allowed;
``histc`` counts values in ``bins`` equal-width bins of ``[min, max]`` (values outside ignored,
``min == max == 0`` means the data's own range); ``bincount`` counts (or sums ``weights``) per integer.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.tensor import Tensor, as_tensor


def _array(x: Any) -> np.ndarray:
    return as_tensor(x).array


def _index_result(out: np.ndarray, out_int32: bool) -> Tensor:
    kind = np.int32 if out_int32 else np.int64
    return Tensor(out.astype(kind), dtype=kind)


def bucketize(input: Any, boundaries: Any, *, out_int32: bool = False, right: bool = False) -> Tensor:  # noqa: A002
    """For each value, the index of its bucket among the 1-D sorted ``boundaries``."""
    b = _array(boundaries)
    if b.ndim != 1:
        raise RuntimeError(f"bucketize: boundaries must be 1-D, got shape {tuple(b.shape)}")
    side = "right" if right else "left"
    return _index_result(np.searchsorted(b, _array(input), side=side), out_int32)


def searchsorted(sorted_sequence: Any, input: Any, *, out_int32: bool = False, right: bool = False,  # noqa: A002
                 side: str | None = None) -> Tensor:
    """Where each value would be inserted in ``sorted_sequence`` (its last dimension) to keep it sorted."""
    seq, values = _array(sorted_sequence), _array(input)
    where = side or ("right" if right else "left")
    if seq.ndim == 1:
        return _index_result(np.searchsorted(seq, values, side=where), out_int32)
    if seq.shape[:-1] != values.shape[:-1]:
        raise RuntimeError(
            f"searchsorted: boundaries of shape {tuple(seq.shape)} and values of shape {tuple(values.shape)} "
            "must agree in every dimension but the last")
    rows_s, rows_v = seq.reshape(-1, seq.shape[-1]), values.reshape(-1, values.shape[-1])
    out = np.stack([np.searchsorted(s, v, side=where) for s, v in zip(rows_s, rows_v)])
    return _index_result(out.reshape(values.shape), out_int32)


def histc(input: Any, bins: int = 100, min: float = 0, max: float = 0) -> Tensor:  # noqa: A002
    """Counts of the values in ``bins`` equal-width bins over ``[min, max]``, as floats."""
    t = as_tensor(input)
    a = t.array.reshape(-1)
    lo, hi = float(min), float(max)
    if lo == hi:
        lo, hi = (float(a.min()), float(a.max())) if a.size else (0.0, 0.0)
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    if lo > hi:
        raise RuntimeError(f"histc: max ({hi}) must be larger than min ({lo})")
    counts, _ = np.histogram(a[(a >= lo) & (a <= hi)], bins=int(bins), range=(lo, hi))
    return Tensor(counts.astype(t.array.dtype if t.array.dtype.kind == "f" else np.float32))


def bincount(input: Any, weights: Any = None, minlength: int = 0) -> Tensor:  # noqa: A002
    """How often each integer ``0..max`` occurs in the 1-D non-negative ``input`` (or the sum of its weights)."""
    a = _array(input)
    if a.ndim != 1 or a.dtype.kind not in "iu":
        raise RuntimeError(f"bincount: expected a 1-D tensor of integers, got shape {tuple(a.shape)} {a.dtype}")
    if a.size and a.min() < 0:
        raise RuntimeError("bincount: the input must not hold negative values")
    if weights is None:
        return Tensor(np.bincount(a, minlength=minlength), dtype=np.int64)
    w = _array(weights)
    out = np.bincount(a, weights=w, minlength=minlength)
    return Tensor(out.astype(w.dtype if w.dtype.kind == "f" else np.float64))
