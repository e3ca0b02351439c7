"""Approximate quantiles from a stream of batches, as Keras's ``Discretization.adapt`` computes them.

A *summary* is a (2, k) array: sorted values and the weight (count) each stands for. A batch is
summarized by taking every ``step``-th of its sorted values, ``step = max(n·ε, 1)``, each weighing
``step``; two summaries merge by a weighted merge sort, then *compress* to about ``1/ε`` points by
interpolating the cumulative weights ``W`` at the fractions ``ε, 2ε, … , 1`` of ``W_total``. The
``num_bins − 1`` bin boundaries are the compressed summary at ``ε = 1/num_bins``, its last point
left out. The same arithmetic as Keras 3's (float32 where Keras casts), so the same boundaries.
"""

from __future__ import annotations

import numpy as np


def empty_summary() -> np.ndarray:
    return np.zeros((2, 0), dtype=np.float32)


def summarize(values: np.ndarray, epsilon: float) -> np.ndarray:
    """The summary of one batch: every ``step``-th sorted value, ``step = max(n·ε, 1)``, weighing ``step``."""
    values = np.sort(np.reshape(values, [-1]))
    step = max(values.size * epsilon, 1)
    kept = values[int(step - 1)::int(step)]
    return np.stack([kept, np.ones_like(kept) * step])


def compress(summary: np.ndarray, epsilon: float) -> np.ndarray:
    """About ``1/ε`` points: values and cumulative weights interpolated at the fractions ``ε, 2ε, …, 1``."""
    if summary.shape[1] * epsilon < 1:
        return summary
    percents = epsilon + np.arange(0.0, 1.0, epsilon)
    cumulative = summary[1].cumsum()
    fractions = cumulative / cumulative[-1]
    bins = np.interp(percents, fractions, summary[0])
    cumulative = np.interp(percents, fractions, cumulative)
    weights = cumulative - np.concatenate((np.array([0]), cumulative[:-1]))
    return np.stack((bins, weights)).astype("float32")


def merge(first: np.ndarray, second: np.ndarray, epsilon: float) -> np.ndarray:
    """Two summaries as one: sorted by value, then compressed to ``ε``."""
    merged = np.concatenate((first, second), axis=1)
    return compress(np.take(merged, np.argsort(merged[0]), axis=1), epsilon)


def bin_boundaries(summary: np.ndarray, num_bins: int) -> list[float]:
    """The ``num_bins − 1`` boundaries of equally filled bins (the summary compressed to ``1/num_bins``)."""
    return compress(summary, 1.0 / num_bins)[0, :-1].tolist()
