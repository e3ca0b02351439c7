"""Preparing arrays for training: scaling, flattening, centering, one-hot labels, splits.

Every function returns float32 arrays (except :func:`flatten` and
:func:`train_test_split`, which keep the dtype they are given); statistics are
accumulated in float64 and then cast, so nothing silently becomes float64.
"""

from __future__ import annotations

import math

import numpy as np

from ligero.errors import ConfigError, DataError, ShapeError

_CHUNK = 4096


def scale(x: np.ndarray, maximum: float = 255.0) -> np.ndarray:
    """``x / maximum`` as float32: pixel values 0-255 become 0-1."""
    if not (isinstance(maximum, int | float | np.number) and math.isfinite(maximum) and maximum > 0):
        raise ConfigError(f"scale: maximum must be a positive number, got {maximum!r}")
    return np.divide(_numeric(x, "scale"), np.float32(maximum), dtype=np.float32)


def flatten(x: np.ndarray) -> np.ndarray:
    """Reshape ``(N, ...)`` to ``(N, features)``, one row per sample (a view when possible)."""
    x = np.asarray(x)
    if x.ndim == 0:
        raise ShapeError("flatten: a scalar has no samples to flatten, expected shape (N, ...)")
    return x.reshape(x.shape[0], -1)


def center(x_train: np.ndarray, *others: np.ndarray) -> tuple[np.ndarray, ...]:
    """Subtract the mean training sample from ``x_train`` and from each array in ``others``.

    Returns ``(x_train_centered, *others_centered, mean)``, all float32;
    ``mean`` has the shape of one sample. Only the training data determine
    the mean, so the other sets (validation, test) get the same shift.
    """
    arrays = _float32_copies(x_train, others, "center")
    mean = arrays[0].mean(axis=0, dtype=np.float64).astype(np.float32)
    for a in arrays:
        a -= mean
    return (*arrays, mean)


def standardize(x_train: np.ndarray, *others: np.ndarray, eps: float = 1e-7) -> tuple[np.ndarray, ...]:
    """Subtract the training mean and divide by the training standard deviation, per feature.

    Returns ``(x_train_std, *others_std, mean, std)``, all float32. Features
    whose standard deviation is below ``eps`` (constant ones) are only
    centered (their ``std`` is reported as 1).
    """
    arrays = _float32_copies(x_train, others, "standardize")
    train = arrays[0]
    mean = train.mean(axis=0, dtype=np.float64).astype(np.float32)
    train -= mean
    square_sum = np.zeros(train.shape[1:], dtype=np.float64)
    for start in range(0, len(train), _CHUNK):  # bounded temporaries on large data sets
        square_sum += np.sum(np.square(train[start : start + _CHUNK], dtype=np.float64), axis=0)
    std64 = np.sqrt(square_sum / len(train))
    std = np.where(std64 < eps, 1.0, std64).astype(np.float32)
    for i, a in enumerate(arrays):
        if i:
            a -= mean
        a /= std
    return (*arrays, mean, std)


def one_hot(y: np.ndarray, num_classes: int | None = None) -> np.ndarray:
    """Integer labels ``(N,)`` (or ``(N, 1)``) to a float32 ``(N, num_classes)`` one-hot matrix.

    ``num_classes`` defaults to the largest label + 1. Labels must be
    integers in ``0 .. num_classes - 1``.
    """
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1:
        raise ShapeError(f"one_hot: labels of shape {y.shape}, expected (N,) or (N, 1)")
    if y.dtype.kind not in "iuf" or (y.dtype.kind == "f" and not np.all(y == np.round(y))):
        raise DataError(f"one_hot: labels must be integers, got dtype {y.dtype}")
    labels = y.astype(np.int64)
    if num_classes is None:
        num_classes = int(labels.max()) + 1 if labels.size else 0
    elif isinstance(num_classes, bool) or not isinstance(num_classes, int | np.integer) or num_classes < 1:
        raise ConfigError(f"one_hot: num_classes must be a positive integer, got {num_classes!r}")
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        bad = labels[(labels < 0) | (labels >= num_classes)][0]
        raise DataError(f"one_hot: label {bad} outside 0-{num_classes - 1}")
    out = np.zeros((labels.size, int(num_classes)), dtype=np.float32)
    out[np.arange(labels.size), labels] = 1.0
    return out


to_categorical = one_hot
"""Keras's name for :func:`one_hot`."""


def train_test_split(
    x: np.ndarray,
    y: np.ndarray,
    test_size: float | int = 0.25,
    *,
    seed: int = 0,
    shuffle: bool = True,
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Split samples into ``((x_train, y_train), (x_test, y_test))``, like the loaders return.

    ``test_size`` is a fraction of the samples (a float in (0, 1), rounded
    up) or a number of samples (an int). With ``shuffle`` the samples are
    permuted by a generator seeded with ``seed`` (same seed, same split);
    without it, the last ``test_size`` samples are the test set.
    """
    x, y = np.asarray(x), np.asarray(y)
    if x.ndim == 0 or y.ndim == 0 or len(x) != len(y):
        raise ShapeError(f"train_test_split: x of shape {x.shape} and y of shape {y.shape} differ in samples")
    n = len(x)
    if isinstance(test_size, bool):
        raise ConfigError(f"train_test_split: test_size must be a fraction or a count, got {test_size!r}")
    if isinstance(test_size, int | np.integer):
        n_test = int(test_size)
    elif isinstance(test_size, float) and 0.0 < test_size < 1.0:
        n_test = math.ceil(n * test_size)
    else:
        raise ConfigError(f"train_test_split: test_size {test_size!r} is neither a fraction in (0, 1) nor a count")
    if not 0 < n_test < n:
        raise ConfigError(f"train_test_split: test_size {test_size!r} leaves no train or no test samples of {n}")
    if shuffle:
        order = np.random.default_rng(seed).permutation(n)
        x, y = x[order], y[order]
    cut = n - n_test
    return (x[:cut], y[:cut]), (x[cut:], y[cut:])


def _numeric(x: np.ndarray, who: str) -> np.ndarray:
    """``x`` as an array of numbers (bool, int or float), else DataError naming ``who``."""
    try:
        array = np.asarray(x)
    except (ValueError, TypeError) as exc:
        raise DataError(f"{who}: the data cannot be read as a numeric array ({exc})") from None
    if array.dtype.kind not in "biuf":
        raise DataError(f"{who}: the data must be numbers, got an array of dtype {array.dtype}")
    return array


def _float32_copies(x_train: np.ndarray, others: tuple[np.ndarray, ...], who: str) -> list[np.ndarray]:
    """Fresh float32 copies of the arrays (the callers' arrays are never modified in place),
    checking that all hold samples of the training samples' shape."""
    arrays = [np.array(_numeric(a, who), dtype=np.float32) for a in (x_train, *others)]
    train = arrays[0]
    if train.ndim == 0 or len(train) == 0:
        raise ShapeError(f"{who}: x_train of shape {train.shape} has no samples")
    for a in arrays[1:]:
        if a.ndim == 0 or a.shape[1:] != train.shape[1:]:
            raise ShapeError(f"{who}: samples of shape {a.shape[1:]} do not match x_train's {train.shape[1:]}")
    return arrays
