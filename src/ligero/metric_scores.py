"""Keras 3's F-scores and R²: stateful metrics over (batch, outputs) targets and predictions.

- :class:`FBetaScore` / :class:`F1Score`: per class ``F_β = (1 + β²)·P·R / (β²·P + R)`` with
  ``P = TP / (TP + FP + ε)`` and ``R = TP / (TP + FN + ε)`` counted over every batch seen;
  ``average=None`` gives one score per class, ``"macro"`` their mean, ``"weighted"`` their mean
  weighted by each class's (weighted) count of true labels, ``"micro"`` the score of the counts
  summed over the classes. A prediction is positive when ``> threshold``, or, with
  ``threshold=None``, when it is the largest of its row (and not 0).
- :class:`R2Score`: per output ``R² = 1 − Σ w (y − ŷ)² / Σ w (y − ȳ)²`` (0 where the targets do not
  vary), averaged uniformly (``"uniform_average"``), by the targets' variance
  (``"variance_weighted_average"``) or not at all (None); ``num_regressors = p > 0`` gives the
  adjusted ``1 − (1 − R²)(n − 1)/(n − p − 1)``, n the number of target values seen.

Keras's ``ε`` is 1e-7; the sums are float64 here (Keras's float32 agrees to its precision).
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from ligero.errors import ConfigError, ShapeError
from ligero.metrics import EPSILON, Metric, _array, _out, _same_rank
from ligero.tensor import Tensor

__all__ = ["F1Score", "FBetaScore", "R2Score"]


def _two_dimensional(metric: Metric, t: np.ndarray, p: np.ndarray) -> None:
    if t.ndim != 2 or p.ndim != 2 or t.shape != p.shape:
        raise ShapeError(f"{type(metric).__name__} '{metric.name}' expects targets and predictions of shape "
                         f"(batch_size, outputs), got y_true {t.shape} and y_pred {p.shape}")
    if metric._state_outputs is not None and p.shape[1] != metric._state_outputs:
        raise ShapeError(f"{type(metric).__name__} '{metric.name}' counted {metric._state_outputs} outputs so far, "
                         f"got {p.shape[1]}")


def _sample_weights(sample_weight: Any, batch: int, where: str) -> np.ndarray:
    if sample_weight is None:
        return np.ones((batch, 1))
    w = _array(sample_weight, np.float64)
    w = w.reshape(-1, 1) if w.ndim == 1 else w
    try:
        return np.broadcast_to(w, (batch, w.shape[-1] if w.ndim == 2 else 1))
    except ValueError:
        raise ShapeError(f"{where}: sample_weight of shape {np.shape(sample_weight)} does not fit a batch of "
                         f"{batch}") from None


class FBetaScore(Metric):
    """``F_β`` per class, or averaged (see the module docstring); Keras's arguments and defaults."""

    def __init__(self, average: str | None = None, beta: float = 1.0, threshold: float | None = None,
                 name: str = "fbeta_score", dtype: Any = None) -> None:
        if average not in (None, "micro", "macro", "weighted"):
            raise ConfigError(f"{type(self).__name__}: average must be None, 'micro', 'macro' or 'weighted', "
                              f"got {average!r}")
        if isinstance(beta, bool) or not isinstance(beta, (int, float)) or beta <= 0:
            raise ConfigError(f"{type(self).__name__}: beta must be a number > 0, got {beta!r}")
        if threshold is not None and (isinstance(threshold, bool) or not isinstance(threshold, (int, float))
                                      or not 0 < threshold <= 1):
            raise ConfigError(f"{type(self).__name__}: threshold must be None or a number in (0, 1], got "
                              f"{threshold!r}")
        self.average, self.beta, self.threshold = average, float(beta), threshold
        super().__init__(name=name, dtype=dtype)

    def reset_state(self) -> None:
        self._state_tp = self._state_fp = self._state_fn = self._state_support = 0.0
        self._state_outputs: int | None = None

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        t, p = _array(y_true, np.float64), _array(y_pred, np.float64)
        _two_dimensional(self, t, p)
        if self.threshold is None:
            predicted = (p >= p.max(axis=-1, keepdims=True)) & (np.abs(p) > 1e-9)
        else:
            predicted = p > self.threshold
        predicted = predicted.astype(np.float64)
        w = _sample_weights(sample_weight, len(p), self.name)
        axis = None if self.average == "micro" else 0
        self._state_tp = self._state_tp + np.sum(predicted * t * w, axis=axis)
        self._state_fp = self._state_fp + np.sum(predicted * (1 - t) * w, axis=axis)
        self._state_fn = self._state_fn + np.sum((1 - predicted) * t * w, axis=axis)
        self._state_support = self._state_support + np.sum(t * w, axis=axis)
        self._state_outputs = p.shape[1]

    def result(self) -> Tensor:
        tp = np.asarray(self._state_tp, dtype=np.float64)
        precision = tp / (tp + self._state_fp + EPSILON)
        recall = tp / (tp + self._state_fn + EPSILON)
        beta2 = self.beta ** 2
        score = (1 + beta2) * precision * recall / (beta2 * precision + recall + EPSILON)
        if self.average == "weighted":
            support = np.asarray(self._state_support, dtype=np.float64)
            score = np.sum(score * support / (np.sum(support) + EPSILON))
        elif self.average is not None:
            score = np.mean(score)
        return _out(score)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "average": self.average, "beta": self.beta, "threshold": self.threshold}


class F1Score(FBetaScore):
    """:class:`FBetaScore` with ``β = 1``: ``F1 = 2·P·R / (P + R)``."""

    def __init__(self, average: str | None = None, threshold: float | None = None, name: str = "f1_score",
                 dtype: Any = None) -> None:
        super().__init__(average=average, beta=1.0, threshold=threshold, name=name, dtype=dtype)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        del config["beta"]
        return config


class R2Score(Metric):
    """The coefficient of determination per output, aggregated (see the module docstring)."""

    def __init__(self, class_aggregation: str | None = "uniform_average", num_regressors: int = 0,
                 name: str = "r2_score", dtype: Any = None) -> None:
        if class_aggregation not in (None, "uniform_average", "variance_weighted_average"):
            raise ConfigError("R2Score: class_aggregation must be None, 'uniform_average' or "
                              f"'variance_weighted_average', got {class_aggregation!r}")
        if isinstance(num_regressors, bool) or not isinstance(num_regressors, (int, np.integer)) or num_regressors < 0:
            raise ConfigError(f"R2Score: num_regressors must be an integer >= 0, got {num_regressors!r}")
        self.class_aggregation, self.num_regressors = class_aggregation, int(num_regressors)
        super().__init__(name=name, dtype=dtype)

    def reset_state(self) -> None:
        self._state_sum = self._state_squared_sum = self._state_residual = self._state_count = 0.0
        self._state_samples = 0
        self._state_outputs: int | None = None

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        t, p = _same_rank(_array(y_true, np.float64), _array(y_pred, np.float64))
        _two_dimensional(self, t, p)
        w = np.broadcast_to(_sample_weights(sample_weight, len(t), self.name), t.shape)
        self._state_sum = self._state_sum + np.sum(t * w, axis=0)
        self._state_squared_sum = self._state_squared_sum + np.sum(t * t * w, axis=0)
        self._state_residual = self._state_residual + np.sum((t - p) ** 2 * w, axis=0)
        self._state_count = self._state_count + np.sum(w, axis=0)
        self._state_samples += t.size
        self._state_outputs = t.shape[1]

    def result(self) -> Tensor:
        count = np.asarray(self._state_count, dtype=np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            mean = self._state_sum / count
            total = self._state_squared_sum - self._state_sum * mean
            raw = 1 - self._state_residual / total
        raw = np.where(np.isinf(raw), 0.0, raw)
        if self.class_aggregation == "uniform_average":
            score = np.mean(raw)
        elif self.class_aggregation == "variance_weighted_average":
            score = np.sum(total * raw) / np.sum(total)
        else:
            score = raw
        return _out(self._adjusted(score))

    def _adjusted(self, score: Any) -> Any:
        """Keras's adjusted R² for ``num_regressors`` p: ``1 − (1 − R²)(n − 1)/(n − p − 1)``."""
        n, p = self._state_samples, self.num_regressors
        if p == 0:
            return score
        if p >= n - 1:
            warnings.warn("R2Score: as many independent predictors as data points or more in the adjusted R2 "
                          "score; falling back to the standard R2 score", stacklevel=3)
            return score
        return 1 - (1 - score) * (n - 1) / (n - p - 1)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "class_aggregation": self.class_aggregation,
                "num_regressors": self.num_regressors}

