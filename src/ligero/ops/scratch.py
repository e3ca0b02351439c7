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

__all__ = ["SCRATCH_LIMIT_BYTES", "scratch", "zero_operand"]

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


_ZEROS: dict[np.dtype, np.ndarray] = {}  # dtype -> a read-only zero buffer, shared by every thread
ZERO_OPERAND_FROM = 4096
"""Arrays of at least this many elements get an array of zeros from :func:`zero_operand`."""


def zero_operand(a: np.ndarray) -> Any:
    """Zeros to compare ``a`` with (``np.maximum(a, zero_operand(a))`` is ReLU): for a large array a
    read-only view of zeros of its shape, else the scalar 0.

    NumPy 2.4's ``maximum`` against the scalar 0 takes about three times as long on a large float
    array as against an array of zeros (150 µs against 52 µs for the course CNN's 393,216
    activations), the same result. The zeros are one buffer per dtype, grown on demand (up to
    :data:`SCRATCH_LIMIT_BYTES`; larger arrays get the scalar).
    """
    if a.size < ZERO_OPERAND_FROM or a.nbytes > SCRATCH_LIMIT_BYTES:
        return 0
    buf = _ZEROS.get(a.dtype)
    if buf is None or buf.size < a.size:
        buf = np.zeros(a.size, a.dtype)
        buf.flags.writeable = False
        _ZEROS[a.dtype] = buf
    return buf[: a.size].reshape(a.shape)
