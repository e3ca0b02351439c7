"""The weight penalty ``l1 · Σ|w| + l2 · Σ w²`` as one fused op (what :mod:`ligero.regularizers` builds on)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.tensor import Tensor, as_tensor, make_result

__all__ = ["penalty"]


def penalty(w: Any, l1: float = 0.0, l2: float = 0.0) -> Tensor:
    """``R(w) = l1 · Σ|w| + l2 · Σ w²`` over every element, a scalar in ``w``'s dtype.

    Backward: ``dR/dw = (l1 · sign(w) + 2 · l2 · w) · g`` (``sign(0) = 0``, the
    subgradient PyTorch uses for ``|x|``). One node: the value is a single BLAS
    dot product or reduction and the backward allocates one array, where
    composing ``sum(w * w)`` would allocate several weight-sized temporaries.
    """
    w = as_tensor(w)
    data = w.array
    flat = data.reshape(-1)
    value = 0.0
    if l2:
        value += l2 * float(np.dot(flat, flat))
    if l1:
        value += l1 * float(np.abs(flat).sum())
    out = np.asarray(value, dtype=data.dtype)

    def backward(g: np.ndarray) -> tuple:
        if l1:
            grad = np.sign(data)
            grad *= l1 * g
            if l2:
                grad += data * (2.0 * l2 * g)
        else:
            grad = data * (2.0 * l2 * g)
        return (grad.astype(data.dtype, copy=False),)

    return make_result(out, (w,), backward, "penalty")
