"""The boolean masks of Keras's attention layers, as NumPy arrays (masks carry no gradient).

``True`` where a query position may attend to a key position, as Keras's ``attention_mask``
(a 0/1 number counts as its truth value).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.errors import ShapeError
from ligero.tensor import Tensor


def keep_mask(mask: Any, batch: int, q_axes: tuple[int, ...], k_axes: tuple[int, ...],
              where: str) -> np.ndarray | None:
    """``mask`` (broadcastable to (B, *q_axes, *k_axes); Keras's missing leading axes allowed) as booleans
    of shape (B or 1, prod(q_axes), prod(k_axes)); None if there is no mask."""
    if mask is None:
        return None
    keep = np.asarray(mask.array if isinstance(mask, Tensor) else mask) != 0
    full = (batch, *q_axes, *k_axes)
    while keep.ndim < len(full):
        keep = keep[None]
    try:
        keep = np.broadcast_to(keep, full)
    except ValueError:
        raise ShapeError(f"{where}: attention_mask of shape {np.shape(mask)} does not fit queries {q_axes} and "
                         f"keys {k_axes} (expected {(None, *q_axes, *k_axes)})") from None
    return keep.reshape(batch, int(np.prod(q_axes)), int(np.prod(k_axes)))


def causal_keep(q_axes: tuple[int, ...], k_axes: tuple[int, ...], where: str) -> np.ndarray:
    """Keras's causal mask (1, T, S): query ``i`` may attend to keys ``j ≤ i``."""
    if len(q_axes) != 1 or len(k_axes) != 1:
        raise ShapeError(f"{where}: use_causal_mask needs sequences (None, T, dim), got queries {q_axes} and keys "
                         f"{k_axes}")
    return np.tril(np.ones((q_axes[0], k_axes[0]), dtype=bool))[None]
