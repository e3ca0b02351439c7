"""Keep freed memory for reuse, so that arrays allocated again every batch do not page-fault.

A training step allocates and frees the same large arrays every batch: a
convolution's im2col columns, the activations and their gradients (1-15 MB each
in the course's CNNs). With glibc's default settings such an array is handed back
to the kernel when it is freed, either because it was ``mmap``-ed (above
``M_MMAP_THRESHOLD``) or because the free memory at the top of the heap exceeds
``M_TRIM_THRESHOLD``, and every page of it faults in again, zeroed by the
kernel, when the next batch allocates it. For the course CNN (3×32×32 → conv
3×3×12 → ReLU → max-pool → FC 10, batch 32) that was 178,858 page faults an
epoch of 2,000 images, and the epoch took 2.3 times as long as without them
(docs/performance.md).

:func:`keep_freed_memory` sets both thresholds with glibc's ``mallopt``: arrays
under 32 MB come from the heap, and up to 128 MB of freed memory stays in the
process for the next batch; larger arrays (data sets) are still mapped and
unmapped on their own. ``import ligero`` calls it once. It changes nothing where
the C library is not glibc, where the user set ``MALLOC_MMAP_THRESHOLD_`` or
``MALLOC_TRIM_THRESHOLD_`` (the user's choice wins), or when the environment has
``LIGERO_KEEP_FREED_MEMORY=0``.
"""

from __future__ import annotations

import ctypes
import os

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 32 << 20
TRIM_THRESHOLD = 128 << 20


def _glibc() -> ctypes.CDLL | None:
    """The running glibc, or None (another C library, or none that ctypes can open)."""
    try:
        libc = ctypes.CDLL(None)
        libc.gnu_get_libc_version  # noqa: B018 - present in glibc only
        libc.mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
        return libc
    except (OSError, AttributeError, TypeError):
        return None


def keep_freed_memory(mmap_threshold: int = MMAP_THRESHOLD, trim_threshold: int = TRIM_THRESHOLD) -> bool:
    """Tune glibc's malloc to keep freed memory (see the module's text); True if it was tuned.

    ``mmap_threshold``: allocations at least this large are mapped on their own
    (and returned to the kernel when freed); ``trim_threshold``: how much free
    memory the heap keeps at its top before giving it back.
    """
    if os.environ.get("LIGERO_KEEP_FREED_MEMORY", "1") == "0":
        return False
    if "MALLOC_MMAP_THRESHOLD_" in os.environ or "MALLOC_TRIM_THRESHOLD_" in os.environ:
        return False
    libc = _glibc()
    if libc is None:
        return False
    return bool(libc.mallopt(M_MMAP_THRESHOLD, int(mmap_threshold))) and bool(
        libc.mallopt(M_TRIM_THRESHOLD, int(trim_threshold))
    )
