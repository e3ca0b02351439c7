"""``torch.nn.utils.rnn``: pad_sequence (packed sequences are not implemented)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ligero.ops import index as _index
from ligero.ops import stack
from ligero.tensor import Tensor, as_tensor


def pad_sequence(sequences: Sequence[Any], batch_first: bool = False, padding_value: float = 0.0,
                 padding_side: str = "right") -> Tensor:
    """Stack tensors of shape (L_i, *) into (L_max, B, *) (``batch_first``: (B, L_max, *)),
    each filled with ``padding_value`` after (``padding_side='left'``: before) its own length."""
    if padding_side not in ("right", "left"):
        raise ValueError(f"pad_sequence: padding_side must be 'right' or 'left', got {padding_side!r}")
    items = [as_tensor(s) for s in sequences]
    if not items:
        raise RuntimeError("pad_sequence: received an empty list of sequences")
    trailing = {tuple(t.shape[1:]) for t in items}
    if len(trailing) > 1 or any(t.ndim == 0 for t in items):
        raise RuntimeError(f"pad_sequence: sequences must share their trailing dims, got {sorted(trailing)}")
    longest = max(t.shape[0] for t in items)
    padded = []
    for t in items:
        full = Tensor(np.full((longest, *t.shape[1:]), padding_value, dtype=t.array.dtype), dtype=t.array.dtype)
        start = 0 if padding_side == "right" else longest - t.shape[0]
        padded.append(_index.index_put(full, slice(start, start + t.shape[0]), t))
    return stack(padded, 0 if batch_first else 1)
