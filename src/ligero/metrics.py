"""Metrics: plain functions ``metric(y_pred, y_true) -> float`` on NumPy arrays.

Predictions come first, targets second (Tensors are accepted too). Rows are
samples. Class targets may be given as indices ``(N,)`` / ``(N, 1)`` or as
one-hot rows ``(N, C)``.

``get(name, loss_name=None, output_shape=None, y_true=None)`` turns a name
into a metric function; ``"accuracy"`` / ``"acc"`` picks the fitting kind (see
:func:`get` for the rule).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ligero import targets
from ligero.errors import ConfigError, DataError, ShapeError
from ligero.tensor import Tensor

Metric = Callable[..., float]


def _array(x: Any) -> np.ndarray:
    if type(x) is np.ndarray:
        return x
    return np.asarray(x.array if isinstance(x, Tensor) else x)


def _fraction(hits: np.ndarray) -> float:
    """The fraction of True values (``count_nonzero`` is much cheaper than ``mean`` on booleans)."""
    return np.count_nonzero(hits) / hits.size


def _rows(y_pred: np.ndarray, y_true: np.ndarray, name: str) -> int:
    n = y_pred.shape[0] if y_pred.ndim else 1
    m = y_true.shape[0] if y_true.ndim else 1
    if n != m:
        raise ShapeError(
            f"{name}: {n} predictions (shape {y_pred.shape}) but {m} targets (shape {y_true.shape})"
        )
    if n == 0:
        raise DataError(f"{name}: no samples")
    return n


def _same_shape(y_pred: np.ndarray, y_true: np.ndarray, name: str) -> tuple[np.ndarray, np.ndarray]:
    _rows(y_pred, y_true, name)
    return y_pred, targets.shaped_like(y_true, y_pred.shape, name)


def categorical_accuracy(y_pred: Any, y_true: Any) -> float:
    """Fraction of rows whose largest prediction is the target class.

    ``mean_n [argmax_c y_pred[n, c] == t_n]`` with ``t`` the class indices
    (or the argmax of one-hot target rows). Ties go to the first class.
    """
    y_pred, y_true = _array(y_pred), _array(y_true)
    if y_pred.ndim != 2:
        raise ShapeError(f"categorical_accuracy: predictions must be (N, C), got shape {y_pred.shape}")
    _rows(y_pred, y_true, "categorical_accuracy")
    labels = targets.label_indices(y_true, y_pred.shape[1], "categorical_accuracy")
    return _fraction(np.argmax(y_pred, axis=1) == labels)


def binary_accuracy(y_pred: Any, y_true: Any, threshold: float = 0.5) -> float:
    """Fraction of elements where ``[y_pred > threshold]`` equals the 0/1 target.

    A target counts as 1 when it is ≥ 0.5 (so smoothed labels work).
    """
    y_pred, y_true = _same_shape(_array(y_pred), _array(y_true), "binary_accuracy")
    return _fraction((y_pred > threshold) == (y_true >= 0.5))


def sign_accuracy(y_pred: Any, y_true: Any) -> float:
    """Fraction of elements where ``sign(y_pred) == sign(y_true)``, for ±1 targets (tanh outputs).

    A prediction of exactly 0 matches no ±1 target.
    """
    y_pred, y_true = _same_shape(_array(y_pred), _array(y_true), "sign_accuracy")
    return _fraction(np.sign(y_pred) == np.sign(y_true))


def mean_squared_error(y_pred: Any, y_true: Any) -> float:
    """``(1/(N·C)) Σ (y - t)²``: the mean over every element (Keras' ``mse`` metric).

    The course's MSE loss sums over the outputs instead: it equals ``C`` times this.
    """
    y_pred, y_true = _same_shape(_array(y_pred), _array(y_true), "mean_squared_error")
    diff = y_pred - y_true
    return float(np.vdot(diff, diff) / diff.size)


def mean_absolute_error(y_pred: Any, y_true: Any) -> float:
    """``(1/(N·C)) Σ |y - t|``: the mean over every element."""
    y_pred, y_true = _same_shape(_array(y_pred), _array(y_true), "mean_absolute_error")
    return float(np.mean(np.abs(y_pred - y_true)))


def top_k_accuracy(y_pred: Any, y_true: Any, k: int = 5) -> float:
    """Fraction of rows whose target class is among the ``k`` largest predictions.

    A row counts when fewer than ``k`` classes score strictly higher than the
    target class (ties with the target count in its favour, as ``tf.math.in_top_k``).
    """
    y_pred, y_true = _array(y_pred), _array(y_true)
    if y_pred.ndim != 2:
        raise ShapeError(f"top_k_accuracy: predictions must be (N, C), got shape {y_pred.shape}")
    if int(k) < 1:
        raise ConfigError(f"top_k_accuracy: k must be >= 1, got {k}")
    n = _rows(y_pred, y_true, "top_k_accuracy")
    labels = targets.label_indices(y_true, y_pred.shape[1], "top_k_accuracy")
    target_scores = y_pred[np.arange(n), labels]
    higher = np.count_nonzero(y_pred > target_scores[:, None], axis=1)
    return float(np.mean(higher < int(k)))


def confusion_matrix(y_true: Any, y_pred: Any, num_classes: int | None = None) -> np.ndarray:
    """``M[i, j]`` = number of samples of true class ``i`` predicted as class ``j`` (int64).

    Note the order: targets first (scikit-learn's). Both may be class indices
    or score/one-hot rows (reduced by argmax). ``num_classes`` defaults to the
    number of columns of 2-D predictions, else to the largest label + 1.
    """
    t, p = _array(y_true), _array(y_pred)
    if num_classes is None:
        if p.ndim == 2 and p.shape[1] > 1:
            num_classes = p.shape[1]
        elif t.ndim == 2 and t.shape[1] > 1:
            num_classes = t.shape[1]
    t_idx = _to_indices(t, "confusion_matrix")
    p_idx = _to_indices(p, "confusion_matrix")
    if t_idx.shape != p_idx.shape:
        raise ShapeError(f"confusion_matrix: {t_idx.size} targets but {p_idx.size} predictions")
    if num_classes is None:
        num_classes = int(max(t_idx.max(initial=-1), p_idx.max(initial=-1))) + 1
    c = int(num_classes)
    t_idx = targets.class_labels(t_idx, c, "confusion_matrix")
    p_idx = targets.class_labels(p_idx, c, "confusion_matrix")
    return np.bincount(t_idx * c + p_idx, minlength=c * c).reshape(c, c).astype(np.int64)


def _to_indices(y: np.ndarray, name: str) -> np.ndarray:
    """Score/one-hot rows by argmax, anything else as whole-number labels (their range is checked later)."""
    if y.ndim == 2 and y.shape[1] > 1:
        return np.argmax(y, axis=1)
    return targets.class_labels(targets.numeric(y, name).reshape(-1), None, name)


# ------------------------------------------------------------------ lookup
_BINARY_LOSSES = {"binary_crossentropy", "bce", "binary_cross_entropy"}
_CATEGORICAL_LOSSES = {
    "categorical_crossentropy", "sparse_categorical_crossentropy", "cross_entropy", "cce",
    "multiclass_hinge", "svm",
}


def _outputs(output_shape: Any) -> int | None:
    if output_shape is None:
        return None
    if isinstance(output_shape, (int, np.integer)):
        return int(output_shape)
    shape = tuple(output_shape)
    return int(shape[-1]) if shape and shape[-1] is not None else 1


def _single_output_accuracy(y_pred: Any, y_true: Any) -> float:
    """One output: sign accuracy if any target is negative (±1 targets), else binary at 0.5."""
    t = _array(y_true)
    if t.size and np.min(t) < 0:
        return sign_accuracy(y_pred, t)
    return binary_accuracy(y_pred, t)


def accuracy(y_pred: Any, y_true: Any) -> float:
    """Accuracy of the kind the prediction shape calls for (the rule of :func:`get`, decided per call)."""
    p = _array(y_pred)
    if p.ndim == 2 and p.shape[1] >= 2:
        return categorical_accuracy(p, y_true)
    return _single_output_accuracy(p, y_true)


def top_k_categorical_accuracy(y_pred: Any, y_true: Any) -> float:
    """:func:`top_k_accuracy` with ``k = 5`` (Keras' name)."""
    return top_k_accuracy(y_pred, y_true, k=5)


_BY_NAME: dict[str, Metric] = {
    "categorical_accuracy": categorical_accuracy,
    "sparse_categorical_accuracy": categorical_accuracy,
    "binary_accuracy": binary_accuracy,
    "sign_accuracy": sign_accuracy,
    "mean_squared_error": mean_squared_error,
    "mse": mean_squared_error,
    "mean_absolute_error": mean_absolute_error,
    "mae": mean_absolute_error,
    "top_k_accuracy": top_k_accuracy,
    "top_k_categorical_accuracy": top_k_categorical_accuracy,
}


def get(
    name: Any,
    loss_name: str | None = None,
    output_shape: Any = None,
    y_true: Any = None,
) -> Metric:
    """A metric function ``f(y_pred, y_true) -> float`` from a name or a callable.

    ``"accuracy"`` / ``"acc"`` resolve as follows, first rule that applies:

    1. the loss says it: binary cross-entropy → :func:`binary_accuracy`;
       categorical cross-entropy or the multiclass (SVM) hinge →
       :func:`categorical_accuracy`;
    2. two or more outputs (``output_shape[-1] >= 2``) → :func:`categorical_accuracy`;
    3. one output: :func:`sign_accuracy` when the targets are ±1 (the course's
       tanh networks for XNOR and parity), :func:`binary_accuracy` (threshold
       0.5) otherwise. "±1" means some target is negative: pass ``y_true``
       (e.g. the training targets) to decide once; without it the returned
       function decides on every call from the targets it is given;
    4. output shape unknown: decided on every call from the predictions'
       shape, then as in 2 and 3.

    Other names: ``categorical_accuracy``, ``binary_accuracy``,
    ``sign_accuracy``, ``mse``/``mean_squared_error``,
    ``mae``/``mean_absolute_error``, ``top_k_accuracy``,
    ``top_k_categorical_accuracy`` (k = 5). A callable is returned as it is.
    """
    if callable(name) and not isinstance(name, str):
        return name
    if not isinstance(name, str):
        raise ConfigError(f"a metric must be a name or a callable, got {name!r}")
    key = name.lower()
    if key in ("accuracy", "acc"):
        loss = (loss_name or "").lower()
        if loss in _BINARY_LOSSES:
            return binary_accuracy
        if loss in _CATEGORICAL_LOSSES:
            return categorical_accuracy
        outputs = _outputs(output_shape)
        if outputs is not None and outputs >= 2:
            return categorical_accuracy
        if y_true is not None:
            t = _array(y_true)
            return sign_accuracy if t.size and np.min(t) < 0 else binary_accuracy
        return _single_output_accuracy if outputs == 1 else accuracy
    found = _BY_NAME.get(key)
    if found is None:
        raise ConfigError(f"unknown metric {name!r}; known: {sorted([*_BY_NAME, 'accuracy', 'acc'])}")
    return found


def serialize(metric: Any) -> str:
    """The name of a built-in metric (for saving a compiled model)."""
    if isinstance(metric, str):
        return metric
    for key, fn in _BY_NAME.items():
        if fn is metric:
            return key
    if metric in (accuracy, _single_output_accuracy):
        return "accuracy"
    raise ConfigError(f"cannot save custom metric {metric!r}; pass it again after loading")


__all__ = [
    "accuracy",
    "binary_accuracy",
    "categorical_accuracy",
    "confusion_matrix",
    "get",
    "mean_absolute_error",
    "mean_squared_error",
    "serialize",
    "sign_accuracy",
    "top_k_accuracy",
    "top_k_categorical_accuracy",
]
