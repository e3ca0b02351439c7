"""Fused norms used as weight penalties: one pass forward, one pass backward."""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.tensor import Tensor, as_tensor, make_result


def sum_of_squares(a: Any) -> Tensor:
    """``Σ a²`` (squared Frobenius norm);  dL/da = 2·a·g."""
    a = as_tensor(a)
    flat = a.data.reshape(-1)
    out = np.asarray(np.dot(flat, flat), dtype=a.dtype)
    return make_result(out, (a,), lambda g: (a.data * (2 * g),), "sum_of_squares")


def sum_of_abs(a: Any) -> Tensor:
    """``Σ |a|`` (L1 norm);  dL/da = sign(a)·g (0 at 0)."""
    a = as_tensor(a)
    out = np.asarray(np.abs(a.data).sum(), dtype=a.dtype)
    return make_result(out, (a,), lambda g: (np.sign(a.data) * g,), "sum_of_abs")
