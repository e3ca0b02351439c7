"""``scatter_reduce``: reduce the values of ``src`` that land on one place of ``a`` (no gradient yet).

``out[..., index[..., i, ...], ...] = reduce(a's value (if include_self), src values sent there)``
with reduce one of sum, prod, mean, amax, amin; places no value reaches keep ``a``'s value.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.errors import GradientError
from ligero.ops.shape import _dim_index
from ligero.tensor import Tensor, _GradMode, as_tensor

_UFUNCS = {"sum": np.add, "mean": np.add, "prod": np.multiply, "amax": np.maximum, "amin": np.minimum}


def scatter_reduce(a: Any, dim: int, index: Any, src: Any, reduce: str, include_self: bool = True) -> Tensor:
    """``a`` with the ``src`` values at ``index`` along ``dim`` reduced into it by ``reduce``."""
    a, src = as_tensor(a), as_tensor(src)
    if reduce not in _UFUNCS:
        raise RuntimeError(f"scatter_reduce: reduce must be one of {sorted(_UFUNCS)}, got {reduce!r}")
    if _GradMode.enabled and (a.requires_grad or src.requires_grad):
        raise GradientError("scatter_reduce: the gradient is not implemented yet; call it under no_grad()")
    idx = np.asarray(index.array if isinstance(index, Tensor) else index)
    d = _dim_index(dim, a.ndim)
    where = tuple(idx if k == d else np.indices(idx.shape)[k] for k in range(a.ndim))
    values = src.array[tuple(slice(0, n) for n in idx.shape)]
    hit = np.zeros(a.array.shape, dtype=bool)
    hit[where] = True
    out = a.array.copy()
    if not include_self:
        identity = {"sum": 0, "mean": 0, "prod": 1, "amax": -np.inf, "amin": np.inf}[reduce]
        out[hit] = identity
    _UFUNCS[reduce].at(out, where, values)
    if reduce == "mean":
        counts = np.zeros(a.array.shape, dtype=np.int64) + (1 if include_self else 0)
        np.add.at(counts, where, 1)
        out = np.where(hit, out / np.maximum(counts, 1), out)
        if a.array.dtype.kind in "iu":
            out = np.floor(out)
    return Tensor(out.astype(a.array.dtype), dtype=a.array.dtype)
