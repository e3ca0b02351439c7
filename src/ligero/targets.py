"""Targets: reading them and checking class labels, in one place.

Losses, metrics, ``fit`` and the linear classifiers all check their targets
here, so a bad class label reads the same wherever it arrives::

    <where>: class labels must be whole numbers 0..C-1, i.e. integers in [0, C-1] for C outputs; got [...]

Depends only on NumPy and :mod:`ligero.errors`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.errors import DataError, ShapeError


def numeric(target: Any, op: str) -> np.ndarray:
    """``target`` (an array, a Tensor, nested lists) as a NumPy array of numbers (bool, int or float).

    Anything else is a DataError naming ``op``. A Tensor gives its ``.array``, uncopied
    (NumPy's own ``.data``, a memoryview of the buffer, is not taken).
    """
    if type(target) is np.ndarray and target.dtype.kind in "biuf":
        return target
    data = getattr(target, "array", target)
    try:
        t = np.asarray(target if isinstance(data, memoryview) else data)
    except (ValueError, TypeError) as exc:
        raise DataError(f"{op}: targets cannot be read as a numeric array ({exc})") from None
    if t.dtype.kind not in "biuf":
        raise DataError(f"{op}: targets must be numbers, got an array of dtype {t.dtype}")
    return t


def label_error(op: str, rule: str, bad: np.ndarray) -> DataError:
    """The one error for bad class labels: ``"<op>: class labels must be <rule>; got [first five bad]"``."""
    return DataError(f"{op}: class labels must be {rule}; got {np.asarray(bad)[:5].tolist()}")


def _range_rule(num_classes: int) -> str:
    top = num_classes - 1
    return f"whole numbers 0..{top}, i.e. integers in [0, {top}] for {num_classes} outputs"


def labels_in_range(labels: np.ndarray, num_classes: int) -> bool:
    """Whether every integer label lies in ``[0, num_classes)``.

    int64 labels are checked in one comparison: seen as unsigned, a negative
    label is huge, so ``label >= num_classes`` catches both ends (a min and a max
    would be two reductions per batch).
    """
    if not labels.size:
        return True
    if labels.dtype == np.int64:
        return not np.count_nonzero(labels.view(np.uint64) >= num_classes)
    return bool(labels.min() >= 0 and labels.max() < num_classes)


def class_labels(values: np.ndarray, num_classes: int | None, op: str) -> np.ndarray:
    """A 1-D array of numbers as int64 class labels: whole numbers, in ``[0, num_classes)`` when it is given.

    Integer labels cost one comparison (:func:`labels_in_range`); float labels
    must equal their integer part (NaN and ±inf do not).
    """
    if values.dtype.kind in "iu":
        labels, whole = values.astype(np.int64, copy=False), True
    else:
        with np.errstate(invalid="ignore"):  # NaN labels are reported below, not warned about
            labels = values.astype(np.int64)
        whole = np.array_equal(labels, values)
    if num_classes is None:
        if not whole:
            raise label_error(op, "whole numbers, i.e. integers", values[labels != values])
        return labels
    if not whole or not labels_in_range(labels, num_classes):
        bad = values[(labels != values) | (labels < 0) | (labels >= num_classes)]
        raise label_error(op, _range_rule(num_classes), bad)
    return labels


def labels_or_rows(target: Any, shape: tuple[int, ...], op: str) -> tuple[np.ndarray | None, np.ndarray]:
    """Class targets for predictions of ``shape`` (N, C): ``(labels, targets)``.

    Class indices (N,) give validated int64 ``labels``; one-hot or probability
    rows (N, C) give ``labels = None``. ``targets`` is the numeric array as given.
    """
    t = numeric(target, op)
    n, c = shape
    if t.ndim != 1:
        if t.shape != shape:
            raise ShapeError(
                f"{op}: targets of shape {t.shape} do not match predictions of shape {tuple(shape)} "
                "(give class indices of shape (N,) or one-hot rows of shape (N, C))"
            )
        return None, t
    if t.shape[0] != n:
        raise ShapeError(f"{op}: {t.shape[0]} targets for {n} rows of predictions")
    return class_labels(t, c, op), t


def one_hot(labels: np.ndarray, num_classes: int, dtype: Any) -> np.ndarray:
    """Dense rows ``T[n, c] = 1 if c == labels[n] else 0``, shape (N, num_classes)."""
    dense = np.zeros((len(labels), num_classes), dtype=dtype)
    dense[np.arange(len(labels)), labels] = 1
    return dense


def dense_class_targets(target: Any, shape: tuple[int, ...], dtype: Any, op: str) -> np.ndarray:
    """Class targets as a dense (N, C) array of ``dtype``: one-hot rows from indices, or the rows as given."""
    labels, t = labels_or_rows(target, shape, op)
    if labels is None:
        return t.astype(dtype, copy=False)
    return one_hot(labels, shape[1], dtype)


def label_indices(target: Any, num_classes: int | None, op: str) -> np.ndarray:
    """Class indices from one-hot/score rows (N, C) by argmax, or from labels (N,) / (N, 1) as whole numbers.

    With ``num_classes`` the labels must also lie in ``[0, num_classes)``.
    """
    t = numeric(target, op)
    if t.ndim == 2 and num_classes is not None and t.shape[1] == num_classes and num_classes > 1:
        return np.argmax(t, axis=1)
    if t.ndim == 1 or (t.ndim == 2 and t.shape[1] == 1):
        return class_labels(t.reshape(-1), num_classes, op)
    raise ShapeError(
        f"{op}: targets of shape {t.shape} are neither class indices (N,) nor one-hot "
        f"rows (N, {num_classes})"
    )


def indices_among(labels: Any, classes: np.ndarray, op: str) -> np.ndarray:
    """Positions of ``labels`` (any sortable kind) in the sorted ``classes``; a label not among them is an error."""
    labels = np.asarray(labels).reshape(-1)
    idx = np.clip(np.searchsorted(classes, labels), 0, len(classes) - 1)
    if not np.array_equal(classes[idx], labels):
        raise label_error(op, f"among the classes seen in training {classes[:10].tolist()}",
                          np.setdiff1d(labels, classes))
    return idx.astype(np.int64)


def shaped_like(target: Any, shape: tuple[int, ...], op: str, *, column_only: bool = False) -> np.ndarray:
    """``target`` as numbers of the predictions' ``shape``.

    A target of the same size but another shape is reshaped to it; with
    ``column_only``, only a flat (N,) target for (N, 1) predictions is.
    """
    t = numeric(target, op)
    if t.shape == shape:
        return t
    reshapable = not column_only or (len(shape) == 2 and shape[1] == 1)
    if reshapable and t.size == int(np.prod(shape)):
        return t.reshape(shape)
    raise ShapeError(f"{op}: targets of shape {t.shape} do not match predictions of shape {tuple(shape)}")
