"""Seeds: one global generator that every random choice without its own seed draws from.

``ligero.set_seed(s)`` makes layer initializations, shuffling and dropout
reproducible: the same seed gives bit-identical runs on the same machine.
"""

from __future__ import annotations

import numpy as np


class _Global:
    rng = np.random.default_rng(0)


def set_seed(seed: int | None) -> None:
    """Reset the global generator (``None`` seeds it from the operating system)."""
    _Global.rng = np.random.default_rng(seed)


def get_rng(seed: int | None = None) -> np.random.Generator:
    """A generator of its own for ``seed``, or a child of the global generator when ``None``."""
    if seed is not None:
        return np.random.default_rng(seed)
    return np.random.default_rng(_Global.rng.integers(0, 2**63 - 1))
