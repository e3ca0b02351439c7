"""Seeds: the global generators that every random choice without its own seed draws from.

Two streams: NumPy's (the Keras face, the course, dropout, shuffling) and torch's own
(:mod:`ligero.torch_generator`: ``torch.rand``/``randn``..., the torch face's initializations,
value for value as torch). ``ligero.set_seed(s)`` (and ``torch.manual_seed(s)``) resets both: the
same seed gives bit-identical runs on the same machine.
"""

from __future__ import annotations

import numpy as np

from ligero import torch_generator


class _Global:
    rng = np.random.default_rng(0)
    seed = 0  # the seed it was last reset with (torch's initial_seed)


def set_seed(seed: int | None) -> None:
    """Reset the global generators, NumPy's and torch's (``None`` seeds them from the operating system)."""
    if seed is None:
        seed = int(np.random.default_rng().integers(0, 2**63 - 1))
    _Global.rng = np.random.default_rng(seed)
    _Global.seed = int(seed)
    torch_generator.DEFAULT.manual_seed(int(seed))


def get_rng(seed: int | None = None) -> np.random.Generator:
    """A generator of its own for ``seed``, or a child of the global generator when ``None``."""
    if seed is not None:
        return np.random.default_rng(seed)
    return np.random.default_rng(_Global.rng.integers(0, 2**63 - 1))


def get_global_rng() -> np.random.Generator:
    """The global generator itself (what ``ligero.default_generator`` draws from)."""
    return _Global.rng


def global_seed() -> int:
    """The seed the global generator was last reset with (torch's ``initial_seed()``)."""
    return _Global.seed
