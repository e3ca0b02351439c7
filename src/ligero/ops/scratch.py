"""Reusable per-thread scratch buffers for temporaries that never leave an op.

Freshly allocated megabytes cost a page fault per 4 KiB on every training step
(glibc hands large blocks back to the OS when they are freed), which on this
project's machines took longer than the convolutions themselves. An op asks
for a named slot instead; the slot keeps one byte buffer per thread, grown on
demand.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

__all__ = ["SCRATCH_LIMIT_BYTES", "scratch"]

SCRATCH_LIMIT_BYTES = 32 * 2**20
"""Temporaries up to this size are carved from reusable per-thread scratch buffers."""


class _ScratchSlots(threading.local):
    def __init__(self) -> None:
        self.slots: dict[str, np.ndarray] = {}


_SCRATCH = _ScratchSlots()


def scratch(slot: str, shape: tuple[int, ...], dtype: Any) -> np.ndarray:
    """An uninitialized array for a temporary that never leaves the op that asked for it.

    The array is only valid until the next request for the same slot (in the
    same thread): a slot must not hold anything that outlives the call, such as
    a result, a gradient handed back, or a value saved for the backward pass.
    """
    dtype = np.dtype(dtype)
    nbytes = int(np.prod(shape)) * dtype.itemsize
    if nbytes > SCRATCH_LIMIT_BYTES:
        return np.empty(shape, dtype=dtype)
    buf = _SCRATCH.slots.get(slot)
    if buf is None or buf.nbytes < nbytes:
        buf = np.empty(max(nbytes, 64), dtype=np.uint8)
        _SCRATCH.slots[slot] = buf
    return buf[:nbytes].view(dtype).reshape(shape)
