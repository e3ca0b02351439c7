"""Tiny synthetic problems from the course: XNOR and N-bit parity, with inputs and targets ±1."""

from __future__ import annotations

import numpy as np

from ligero.errors import ConfigError

MAX_PARITY_BITS = 20


def xnor() -> tuple[np.ndarray, np.ndarray]:
    """The four XNOR patterns: ``x`` float32 (4, 2) of ±1, ``y`` float32 (4, 1).

    The target is +1 when both inputs are equal, -1 otherwise (``y = x1 * x2``).
    """
    return parity(2)


def parity(n: int) -> tuple[np.ndarray, np.ndarray]:
    """All ``2**n`` patterns of ``n`` inputs ±1: ``x`` float32 (2**n, n), ``y`` float32 (2**n, 1).

    The target is the product of the inputs: +1 for an even number of -1s.
    Patterns are in binary counting order, -1 standing for 0 (the first is all -1).
    """
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or not 1 <= n <= MAX_PARITY_BITS:
        raise ConfigError(f"parity: n must be an integer 1-{MAX_PARITY_BITS}, got {n!r}")
    n = int(n)
    bits = (np.arange(2**n)[:, None] >> np.arange(n - 1, -1, -1)) & 1
    x = (2 * bits - 1).astype(np.float32)
    y = np.prod(x, axis=1, keepdims=True, dtype=np.float32)
    return x, y
