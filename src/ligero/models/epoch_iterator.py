"""The batches of one pass over the data: what ``fit``, ``evaluate`` and ``predict`` loop over."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import numpy as np

from ligero.models.data import sample_count, take_rows


class EpochIterator:
    """Batches of ``batch_size`` samples of ``x`` (and ``y``), in order or reshuffled each epoch.

    Iterating gives ``(step, batch)`` for one epoch, where ``batch`` is
    ``(x_batch, y_batch)``, or ``x_batch`` when there is no ``y``; the last batch
    may be smaller. With ``shuffle`` every epoch draws a new order from ``rng``,
    except that a single full batch is left as it is: reordering it would
    change only the order of its sums. No samples still give one empty batch
    (so that ``predict`` returns empty outputs of the right shape).
    """

    def __init__(
        self,
        x: Any,
        y: np.ndarray | None = None,
        batch_size: int = 32,
        shuffle: bool = False,
        rng: np.random.Generator | None = None,
    ) -> None:
        self.x, self.y = x, y
        self.num_samples = sample_count(x)
        self.batch_size = batch_size
        self.steps = max(1, math.ceil(self.num_samples / batch_size))
        self.shuffle = shuffle and self.steps > 1
        self.rng = rng if rng is not None else np.random.default_rng()

    def indices(self) -> Iterator[tuple[int, Any]]:
        """``(step, rows)`` for one epoch: a slice, or an index array when shuffled."""
        n, size = self.num_samples, self.batch_size
        order = self.rng.permutation(n) if self.shuffle else None
        for step in range(self.steps):
            lo = step * size
            yield step, (order[lo:lo + size] if order is not None else slice(lo, lo + size))

    def __iter__(self) -> Iterator[tuple[int, Any]]:
        for step, idx in self.indices():
            xb = take_rows(self.x, idx)
            yield step, (xb if self.y is None else (xb, take_rows(self.y, idx)))
