"""The running means of an epoch's logs: what ``fit`` and ``evaluate`` report."""

from __future__ import annotations

import math


class RunningMean:
    """Sample-weighted means of per-batch logs: ``mean[k] = Σ_b n_b · logs_b[k] / Σ_b n_b``.

    A batch of ``n_b`` samples adds its logs (the batch's loss and metrics) with
    weight ``n_b``, so the result is the mean over the samples seen, as Keras
    reports it. With nothing added, the result is ``{"loss": nan}``.
    """

    def __init__(self) -> None:
        self.totals: dict[str, float] = {}
        self.count = 0

    def add(self, logs: dict[str, float], weight: int) -> None:
        self.count += weight
        totals = self.totals
        for key, value in logs.items():
            totals[key] = totals.get(key, 0.0) + value * weight

    def result(self) -> dict[str, float]:
        if not self.count:
            return {"loss": math.nan}
        return {key: total / self.count for key, total in self.totals.items()}
