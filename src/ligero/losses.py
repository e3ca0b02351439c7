"""Loss functions as Keras 3's: ``loss(y_true, y_pred, sample_weight=None) -> scalar Tensor``.

Targets come first, predictions second, for the classes, the plain functions
(``mean_squared_error(y_true, y_pred)``, one value per sample) and custom
callables alike. A :class:`Loss` computes one value per sample in
``call(y_true, y_pred)`` (the mean or sum over the last axis), multiplies by
``sample_weight`` if given, and reduces by ``reduction``:

- ``"sum_over_batch_size"`` (default; ``"mean"`` too): ``Σ values / number of values``;
- ``"sum"``: ``Σ values``; ``"mean_with_sample_weight"``: ``Σ values / Σ weights``;
- ``"none"`` or ``None``: the values themselves.

So ``"mse"`` is Keras's: the mean over every element. The course's MSE,
``(1/N) Σ_n ‖y_n − t_n‖²`` (summed over the outputs, averaged over the samples),
has its own name: ``"course_mse"`` / :class:`SumSquaredError`.

Fast paths (same values, fewer nodes): the element mean of MSE and the course
MSE are one fused node; categorical and sparse categorical cross-entropy on a
softmax output (or ``from_logits=True``) and binary cross-entropy on a sigmoid
output go through the logits the activation marked (:func:`ligero.tensor.logits_of`).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ligero import ops, targets
from ligero.errors import ConfigError, ShapeError, unknown_name
from ligero.masks import get_mask, mask_weights
from ligero.tensor import Tensor, as_tensor, logits_of

EPSILON = 1e-7
"""Keras's ``backend.epsilon()``: the clip of probabilities and the floor of divisors."""

_REDUCTIONS = ("sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none", None)


# ---------------------------------------------------------------- helpers
def _pred(y_pred: Any) -> Tensor:
    t = y_pred if type(y_pred) is Tensor else as_tensor(y_pred)
    if t.array.dtype.kind != "f":
        t = as_tensor(t.array.astype(np.float32))
    return t


def _true(y_true: Any, like: Tensor, name: str = "loss") -> np.ndarray:
    """The targets as a plain array of the predictions' dtype (never part of the graph); DataError
    unless they are numbers."""
    t = y_true.array if isinstance(y_true, Tensor) else y_true
    if not (isinstance(t, np.ndarray) and t.dtype.kind in "biuf"):
        t = targets.numeric(t, name)
    return t.astype(like.array.dtype, copy=False)


def same_rank(y_true: np.ndarray, y_pred: Tensor) -> tuple[np.ndarray, Tensor]:
    """Keras's ``squeeze_or_expand_to_same_rank``: a trailing axis of 1 on one side is matched."""
    if y_true.ndim == y_pred.ndim + 1 and y_true.shape[-1] == 1:
        if y_pred.ndim == 1:
            return y_true, ops.reshape(y_pred, (*y_pred.shape, 1))
        return y_true.reshape(y_true.shape[:-1]), y_pred
    if y_pred.ndim == y_true.ndim + 1 and y_pred.shape[-1] == 1:
        if y_true.ndim == 1:
            return y_true.reshape(-1, 1), y_pred
        return y_true, ops.reshape(y_pred, y_pred.shape[:-1])
    return y_true, y_pred


def _check_same_shape(y_true: np.ndarray, y_pred: Tensor, name: str) -> None:
    if y_true.shape != y_pred.shape:
        try:
            np.broadcast_shapes(y_true.shape, y_pred.shape)
        except ValueError:
            raise ShapeError(
                f"{name}: targets of shape {y_true.shape} do not match predictions of shape {y_pred.shape}"
            ) from None


def reduce_values(values: Tensor, sample_weight: Any, reduction: Any) -> Tensor:
    """Weight the per-sample ``values`` by ``sample_weight`` and reduce them (see the module docstring)."""
    values = as_tensor(values)
    weights = None
    if sample_weight is not None:
        weights = np.asarray(getattr(sample_weight, "array", sample_weight), dtype=values.dtype)
        if weights.ndim == values.ndim + 1 and weights.shape[-1] == 1:
            weights = weights.reshape(weights.shape[:-1])
        elif values.ndim == weights.ndim + 1 and values.shape[-1] == 1:
            weights = weights.reshape(*weights.shape, 1)
        values = values * weights
    if reduction in (None, "none") or values.ndim == 0 or values.shape == (0,):
        return values
    total = values.sum()
    if reduction == "sum":
        return total
    if reduction == "mean_with_sample_weight" and weights is not None:
        divisor = float(np.sum(np.broadcast_to(weights, values.shape)))
    else:
        divisor = float(values.array.size)
    return total / divisor if divisor else total * 0.0


# ------------------------------------------------------------------ base
class Loss:
    """Base class, as Keras's: subclasses define ``call(y_true, y_pred)`` returning one value per sample.

    ``__call__(y_true, y_pred, sample_weight=None)`` weights and reduces them by ``reduction``.
    A subclass may also define ``fused(y_true, y_pred)``: the default reduction in fewer nodes
    (or None when it does not apply).
    """

    def __init__(self, name: str | None = None, reduction: Any = "sum_over_batch_size", dtype: Any = None) -> None:
        if reduction not in _REDUCTIONS:
            raise ConfigError(f"{type(self).__name__}: reduction must be one of {_REDUCTIONS}, got {reduction!r}")
        self.name = name or auto_name(type(self).__name__)
        self.reduction = reduction
        self.dtype = dtype

    def __call__(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> Tensor:
        mask = get_mask(y_pred)  # Keras's: the masked time steps weigh nothing (ligero.masks)
        if mask is not None:
            sample_weight = mask_weights(mask, sample_weight, self.reduction in ("sum_over_batch_size", "mean"))
        y_pred = _pred(y_pred)
        if sample_weight is None and self.reduction in ("sum_over_batch_size", "mean"):
            fast = self.fused(y_true, y_pred)
            if fast is not None:
                return fast
        return reduce_values(self.call(y_true, y_pred), sample_weight, self.reduction)

    def call(self, y_true: Any, y_pred: Tensor) -> Tensor:
        raise NotImplementedError(f"{type(self).__name__} must define call(y_true, y_pred)")

    def fused(self, y_true: Any, y_pred: Tensor) -> Tensor | None:
        return None

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "reduction": self.reduction}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Loss:
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}>"


def auto_name(class_name: str) -> str:
    """Keras's automatic name: the class name in snake case, numbered after the first in a session."""
    from ligero.layers.base import _unique_name

    return _unique_name(class_name)


class LossFunctionWrapper(Loss):
    """A loss from a function ``fn(y_true, y_pred, **kwargs)`` giving one value per sample."""

    def __init__(self, fn: Any, reduction: Any = "sum_over_batch_size", name: str | None = None,
                 dtype: Any = None, **kwargs: Any) -> None:
        super().__init__(name=name or getattr(fn, "__name__", "loss"), reduction=reduction, dtype=dtype)
        self.fn, self.fn_kwargs = fn, kwargs

    def call(self, y_true: Any, y_pred: Tensor) -> Tensor:
        return self.fn(y_true, y_pred, **self.fn_kwargs)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), **self.fn_kwargs}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Loss:
        return cls(**config)


# ------------------------------------------------------ the loss functions
def _prepared(y_true: Any, y_pred: Any, name: str) -> tuple[np.ndarray, Tensor]:
    y_pred = _pred(y_pred)
    t, p = same_rank(_true(y_true, y_pred), y_pred)
    _check_same_shape(t, p, name)
    return t, p


def mean_squared_error(y_true: Any, y_pred: Any) -> Tensor:
    """``mean((y_true - y_pred)², axis=-1)``: one value per sample."""
    t, p = _prepared(y_true, y_pred, "mean_squared_error")
    d = p - t
    return (d * d).mean(axis=-1)


def sum_squared_error(y_true: Any, y_pred: Any) -> Tensor:
    """The course's per-sample ``‖y_pred − y_true‖² = Σ_c (y_c − t_c)²`` (sum over the last axis)."""
    t, p = _prepared(y_true, y_pred, "course_mse")
    d = p - t
    return (d * d).sum(axis=-1) if p.ndim >= 1 else d * d


def mean_absolute_error(y_true: Any, y_pred: Any) -> Tensor:
    """``mean(|y_true - y_pred|, axis=-1)``."""
    t, p = _prepared(y_true, y_pred, "mean_absolute_error")
    return ops.abs(p - t).mean(axis=-1)


def mean_absolute_percentage_error(y_true: Any, y_pred: Any) -> Tensor:
    """``100 · mean(|(y_true − y_pred) / max(|y_true|, ε)|, axis=-1)``."""
    t, p = _prepared(y_true, y_pred, "mean_absolute_percentage_error")
    scale = np.maximum(np.abs(t), EPSILON).astype(p.dtype)
    return ops.abs((p - t) / scale).mean(axis=-1) * 100.0


def mean_squared_logarithmic_error(y_true: Any, y_pred: Any) -> Tensor:
    """``mean((log(max(y_pred, ε) + 1) − log(max(y_true, ε) + 1))², axis=-1)``."""
    t, p = _prepared(y_true, y_pred, "mean_squared_logarithmic_error")
    d = ops.log(ops.maximum(p, EPSILON) + 1.0) - np.log(np.maximum(t, EPSILON) + 1.0).astype(p.dtype)
    return (d * d).mean(axis=-1)


def _l2_normalize(x: Any, axis: int) -> Any:
    """``x / sqrt(max(Σ x², 1e-12))`` along ``axis`` (Tensor or array)."""
    if isinstance(x, Tensor):
        return x / ops.sqrt(ops.maximum((x * x).sum(axis=axis, keepdims=True), 1e-12))
    return x / np.sqrt(np.maximum((x * x).sum(axis=axis, keepdims=True), 1e-12))


def cosine_similarity(y_true: Any, y_pred: Any, axis: int = -1) -> Tensor:
    """``−Σ l2_normalize(y_true) · l2_normalize(y_pred)`` along ``axis`` (−1 = same direction)."""
    t, p = _prepared(y_true, y_pred, "cosine_similarity")
    return -(_l2_normalize(p, axis) * _l2_normalize(t, axis)).sum(axis=axis)


def huber(y_true: Any, y_pred: Any, delta: float = 1.0) -> Tensor:
    """``mean(½e² if |e| ≤ δ else δ|e| − ½δ², axis=-1)`` with ``e = y_pred − y_true``."""
    t, p = _prepared(y_true, y_pred, "huber")
    e = p - t
    a = ops.abs(e)
    small = a.array <= delta
    return ops.where(small, e * e * 0.5, a * delta - 0.5 * delta * delta).mean(axis=-1)


def _softplus(z: Tensor) -> Tensor:
    """``log(1 + eᶻ)`` computed stably as ``max(z, 0) + log(1 + e^−|z|)``."""
    return ops.relu(z) + ops.log(ops.exp(-ops.abs(z)) + 1.0)


def log_cosh(y_true: Any, y_pred: Any) -> Tensor:
    """``mean(log(cosh(e)), axis=-1)``, computed as ``e + softplus(−2e) − log 2``."""
    t, p = _prepared(y_true, y_pred, "log_cosh")
    e = p - t
    return (e + _softplus(e * -2.0) - math.log(2.0)).mean(axis=-1)


def kl_divergence(y_true: Any, y_pred: Any) -> Tensor:
    """``Σ t · log(t / p)`` over the last axis, both clipped to ``[ε, 1]``."""
    y_pred = _pred(y_pred)
    t = np.clip(_true(y_true, y_pred), EPSILON, 1).astype(y_pred.dtype)
    _check_same_shape(t, y_pred, "kl_divergence")
    p = ops.clip(y_pred, EPSILON, 1.0)
    return (ops.log(p * (1.0 / t)) * -t).sum(axis=-1)


def poisson(y_true: Any, y_pred: Any) -> Tensor:
    """``mean(y_pred − y_true · log(y_pred + ε), axis=-1)``."""
    y_pred = _pred(y_pred)
    t = _true(y_true, y_pred)
    _check_same_shape(t, y_pred, "poisson")
    return (y_pred - ops.log(y_pred + EPSILON) * t).mean(axis=-1)


def _hinge_labels(t: np.ndarray) -> np.ndarray:
    """0/1 labels become −1/+1 (Keras's rule: only when every label is 0 or 1)."""
    return 2.0 * t - 1.0 if np.all((t == 0) | (t == 1)) else t


def hinge(y_true: Any, y_pred: Any) -> Tensor:
    """``mean(max(1 − t·y, 0), axis=-1)``, t in {−1, +1} (0/1 labels are converted)."""
    t, p = _prepared(y_true, y_pred, "hinge")
    return ops.relu(1.0 - p * _hinge_labels(t).astype(p.dtype)).mean(axis=-1)


def squared_hinge(y_true: Any, y_pred: Any) -> Tensor:
    """``mean(max(1 − t·y, 0)², axis=-1)``, t in {−1, +1} (0/1 labels are converted)."""
    t, p = _prepared(y_true, y_pred, "squared_hinge")
    m = ops.relu(1.0 - p * _hinge_labels(t).astype(p.dtype))
    return (m * m).mean(axis=-1)


def categorical_hinge(y_true: Any, y_pred: Any) -> Tensor:
    """``max(neg − pos + 1, 0)`` with ``pos = Σ t·y``, ``neg = max((1 − t)·y)`` over the last axis."""
    y_pred = _pred(y_pred)
    t = _true(y_true, y_pred)
    _check_same_shape(t, y_pred, "categorical_hinge")
    pos = (y_pred * t).sum(axis=-1)
    neg = ops.max(y_pred * (1.0 - t), axis=-1)
    return ops.relu(neg - pos + 1.0)


def binary_crossentropy(y_true: Any, y_pred: Any, from_logits: bool = False, label_smoothing: float = 0.0,
                        axis: int = -1) -> Tensor:
    """``mean(−[t log p + (1−t) log(1−p)], axis)`` with p clipped to ``[ε, 1−ε]``; labels
    smoothed to ``t(1−s) + s/2``. From logits z: ``max(z, 0) − z·t + log(1 + e^−|z|)``."""
    y_pred = _pred(y_pred)
    t, p = same_rank(_true(y_true, y_pred), y_pred)
    _check_same_shape(t, p, "binary_crossentropy")
    if label_smoothing:
        t = t * (1.0 - label_smoothing) + 0.5 * label_smoothing
    z = p if from_logits else logits_of(p) if p is y_pred else None
    if z is not None:
        return (ops.relu(z) - z * t + ops.log(ops.exp(-ops.abs(z)) + 1.0)).mean(axis=axis)
    q = ops.clip(p, EPSILON, 1 - EPSILON)
    return -(ops.log(q) * t + ops.log(1.0 - q) * (1.0 - t)).mean(axis=axis)


def binary_focal_crossentropy(y_true: Any, y_pred: Any, apply_class_balancing: bool = False, alpha: float = 0.25,
                              gamma: float = 2.0, from_logits: bool = False, label_smoothing: float = 0.0,
                              axis: int = -1) -> Tensor:
    """``mean(w · (1 − p_t)^γ · bce, axis)`` with ``p_t = t·p + (1−t)(1−p)`` and, with class
    balancing, ``w = t·α + (1−t)(1−α)``."""
    y_pred = _pred(y_pred)
    t, p = same_rank(_true(y_true, y_pred), y_pred)
    if label_smoothing:
        t = t * (1.0 - label_smoothing) + 0.5 * label_smoothing
    if from_logits:
        p = ops.sigmoid(p)
    q = ops.clip(p, EPSILON, 1 - EPSILON)
    bce = -(ops.log(q) * t + ops.log(1.0 - q) * (1.0 - t))
    p_t = p * t + (1.0 - p) * (1.0 - t)
    focal = ops.pow(1.0 - p_t, gamma) * bce
    if apply_class_balancing:
        focal = focal * (t * alpha + (1 - t) * (1 - alpha))
    return focal.mean(axis=axis)


def _check_classes(y_pred: Tensor, name: str) -> None:
    if y_pred.ndim < 1 or y_pred.shape[-1] == 1:
        raise ShapeError(
            f"{name}: the predictions have shape {y_pred.shape}, one unit for the classes; use "
            "binary_crossentropy with a sigmoid output for two classes, or Dense(num_classes) with a "
            "softmax for more"
        )


def categorical_crossentropy(y_true: Any, y_pred: Any, from_logits: bool = False, label_smoothing: float = 0.0,
                             axis: int = -1) -> Tensor:
    """``−Σ t · log p`` over ``axis``: p = softmax(y) from logits, else y / Σ y clipped to
    ``[ε, 1−ε]``; labels smoothed to ``t(1−s) + s/C``. Targets are one-hot rows."""
    y_pred = _pred(y_pred)
    t = _true(y_true, y_pred, "categorical_crossentropy")
    _check_classes(y_pred, "categorical_crossentropy")
    if t.shape == y_pred.shape[:-1]:  # integer labels (Keras refuses them; ligero reads them as sparse)
        labels = _sparse_labels(y_true, y_pred, "categorical_crossentropy")
        t = (labels[..., None] == np.arange(y_pred.shape[-1])).astype(y_pred.dtype)
    if t.shape != y_pred.shape:
        raise ShapeError(
            f"categorical_crossentropy: targets of shape {t.shape} do not match predictions of shape "
            f"{y_pred.shape}; give one-hot rows (keras.utils.to_categorical), or use "
            "sparse_categorical_crossentropy for integer labels"
        )
    if label_smoothing:
        t = t * (1.0 - label_smoothing) + label_smoothing / y_pred.shape[axis]
    return -(_log_probabilities(y_pred, from_logits, axis) * t).sum(axis=axis)


def _log_probabilities(y_pred: Tensor, from_logits: bool, axis: int) -> Tensor:
    """``log softmax(y)`` from logits (or from a softmax's marked input), else ``log clip(y / Σ y)``."""
    logits = y_pred if from_logits else logits_of(y_pred)
    if logits is not None:
        return ops.log_softmax(logits, axis=axis)
    p = y_pred / y_pred.sum(axis=axis, keepdims=True)
    return ops.log(ops.clip(p, EPSILON, 1 - EPSILON))


def _sparse_labels(y_true: Any, y_pred: Tensor, name: str) -> np.ndarray:
    t = y_true.array if isinstance(y_true, Tensor) else targets.numeric(y_true, name)
    if t.ndim == y_pred.ndim and t.shape[-1] == 1:
        t = t.reshape(t.shape[:-1])
    if t.shape != y_pred.shape[:-1]:
        raise ShapeError(
            f"{name}: integer labels of shape {t.shape} do not fit predictions of shape {y_pred.shape}; "
            f"give labels of shape {y_pred.shape[:-1]} (or {(*y_pred.shape[:-1], 1)}), or use "
            "categorical_crossentropy for one-hot rows"
        )
    return targets.class_labels(t.reshape(-1), y_pred.shape[-1], name).reshape(t.shape)


def sparse_categorical_crossentropy(y_true: Any, y_pred: Any, from_logits: bool = False,
                                    ignore_class: int | None = None, axis: int = -1) -> Tensor:
    """``−log p[label]``, p as in :func:`categorical_crossentropy`; labels (N,) or (N, 1).
    With ``ignore_class``, samples of that label give 0."""
    y_pred = _pred(y_pred)
    _check_classes(y_pred, "sparse_categorical_crossentropy")
    raw = y_true.array if isinstance(y_true, Tensor) else targets.numeric(y_true, "sparse_categorical_crossentropy")
    keep = None
    if ignore_class is not None:
        keep = raw != ignore_class
        raw = np.where(keep, raw, 0)
    labels = _sparse_labels(raw, y_pred, "sparse_categorical_crossentropy")
    onehot = (labels[..., None] == np.arange(y_pred.shape[-1])).astype(y_pred.dtype)
    values = -(_log_probabilities(y_pred, from_logits, -1) * onehot).sum(axis=-1)
    if keep is not None:
        values = values * keep.reshape(values.shape).astype(y_pred.dtype)
    return values


# ------------------------------------------------------------ the classes
class MeanSquaredError(LossFunctionWrapper):
    """``mean((y_true − y_pred)²)``: over the last axis per sample, then over the batch (Keras's ``"mse"``)."""

    replay_safe = True  # a fixed sequence of ops (see Trainer._loss_replay_safe)

    def __init__(self, reduction: Any = "sum_over_batch_size", name: str = "mean_squared_error",
                 dtype: Any = None) -> None:
        super().__init__(mean_squared_error, reduction=reduction, name=name, dtype=dtype)

    def fused(self, y_true: Any, y_pred: Tensor) -> Tensor | None:
        t, shape = _true(y_true, y_pred), y_pred.array.shape
        if t.shape == shape or (t.ndim == 1 and shape == (len(t), 1)):
            return ops.squared_error(y_pred, t, average="elements")
        return None


class SumSquaredError(LossFunctionWrapper):
    """The course's MSE ``(1/N) Σ_n ‖y_n − t_n‖²``: summed over the outputs, averaged over the
    samples (``"course_mse"``). It is C times Keras's ``"mse"`` for C outputs, and so is its gradient."""

    replay_safe = True

    def __init__(self, reduction: Any = "sum_over_batch_size", name: str = "course_mse", dtype: Any = None) -> None:
        super().__init__(sum_squared_error, reduction=reduction, name=name, dtype=dtype)

    def fused(self, y_true: Any, y_pred: Tensor) -> Tensor | None:
        t, shape = _true(y_true, y_pred), y_pred.array.shape
        if len(shape) == 2 and (t.shape == shape or (t.ndim == 1 and shape == (len(t), 1))):
            return ops.squared_error(y_pred, t, average="samples")
        return None


def _wrapper(fn: Any, default_name: str, doc: str, **defaults: Any) -> type:
    """A LossFunctionWrapper class for ``fn`` whose constructor takes ``defaults`` (Keras's argument order)."""

    def __init__(self: Any, *args: Any, reduction: Any = "sum_over_batch_size", name: str = default_name,
                 dtype: Any = None, **kwargs: Any) -> None:
        options = dict(defaults)
        for key, value in zip(defaults, args):
            options[key] = value
        unknown = set(kwargs) - set(defaults)
        if unknown:
            raise TypeError(f"{cls.__name__}: unexpected arguments {sorted(unknown)}")
        options.update(kwargs)
        LossFunctionWrapper.__init__(self, fn, reduction=reduction, name=name, dtype=dtype, **options)
        for key, value in options.items():
            setattr(self, key, value)

    cls = type(default_name, (LossFunctionWrapper,), {"__init__": __init__, "__doc__": doc})
    return cls


MeanAbsoluteError = _wrapper(mean_absolute_error, "mean_absolute_error", mean_absolute_error.__doc__)
MeanAbsolutePercentageError = _wrapper(mean_absolute_percentage_error, "mean_absolute_percentage_error",
                                       mean_absolute_percentage_error.__doc__)
MeanSquaredLogarithmicError = _wrapper(mean_squared_logarithmic_error, "mean_squared_logarithmic_error",
                                       mean_squared_logarithmic_error.__doc__)
CosineSimilarity = _wrapper(cosine_similarity, "cosine_similarity", cosine_similarity.__doc__, axis=-1)
Huber = _wrapper(huber, "huber_loss", huber.__doc__, delta=1.0)
LogCosh = _wrapper(log_cosh, "log_cosh", log_cosh.__doc__)
KLDivergence = _wrapper(kl_divergence, "kl_divergence", kl_divergence.__doc__)
Poisson = _wrapper(poisson, "poisson", poisson.__doc__)
Hinge = _wrapper(hinge, "hinge", hinge.__doc__)
SquaredHinge = _wrapper(squared_hinge, "squared_hinge", squared_hinge.__doc__)
CategoricalHinge = _wrapper(categorical_hinge, "categorical_hinge", categorical_hinge.__doc__)
BinaryFocalCrossentropy = _wrapper(
    binary_focal_crossentropy, "binary_focal_crossentropy", binary_focal_crossentropy.__doc__,
    apply_class_balancing=False, alpha=0.25, gamma=2.0, from_logits=False, label_smoothing=0.0, axis=-1)
for _cls, _public in [(MeanAbsoluteError, "MeanAbsoluteError"),
                      (MeanAbsolutePercentageError, "MeanAbsolutePercentageError"),
                      (MeanSquaredLogarithmicError, "MeanSquaredLogarithmicError"),
                      (CosineSimilarity, "CosineSimilarity"), (Huber, "Huber"), (LogCosh, "LogCosh"),
                      (KLDivergence, "KLDivergence"), (Poisson, "Poisson"), (Hinge, "Hinge"),
                      (SquaredHinge, "SquaredHinge"), (CategoricalHinge, "CategoricalHinge"),
                      (BinaryFocalCrossentropy, "BinaryFocalCrossentropy")]:
    _cls.__name__ = _cls.__qualname__ = _public


class BinaryCrossentropy(LossFunctionWrapper):
    """Binary cross-entropy (see :func:`binary_crossentropy`): mean over ``axis``, then the batch."""

    def __init__(self, from_logits: bool = False, label_smoothing: float = 0.0, axis: int = -1,
                 reduction: Any = "sum_over_batch_size", name: str = "binary_crossentropy",
                 dtype: Any = None) -> None:
        super().__init__(binary_crossentropy, reduction=reduction, name=name, dtype=dtype,
                         from_logits=bool(from_logits), label_smoothing=float(label_smoothing), axis=axis)
        self.from_logits, self.label_smoothing, self.axis = bool(from_logits), float(label_smoothing), axis


class CategoricalCrossentropy(LossFunctionWrapper):
    """Categorical cross-entropy on one-hot rows (see :func:`categorical_crossentropy`).

    On a softmax output (whose logits the op marked) or with ``from_logits=True`` it is the
    fused, stable softmax + cross-entropy node of :func:`ligero.ops.cross_entropy`.
    """

    def __init__(self, from_logits: bool = False, label_smoothing: float = 0.0, axis: int = -1,
                 reduction: Any = "sum_over_batch_size", name: str = "categorical_crossentropy",
                 dtype: Any = None) -> None:
        super().__init__(categorical_crossentropy, reduction=reduction, name=name, dtype=dtype,
                         from_logits=bool(from_logits), label_smoothing=float(label_smoothing), axis=axis)
        self.from_logits, self.label_smoothing, self.axis = bool(from_logits), float(label_smoothing), axis

    def fused(self, y_true: Any, y_pred: Tensor) -> Tensor | None:
        logits = y_pred if self.from_logits else logits_of(y_pred)
        if logits is None or y_pred.ndim != 2 or self.label_smoothing or self.axis not in (-1, 1):
            return None
        t = _true(y_true, y_pred, "categorical_crossentropy")
        if y_pred.shape[1] == 1 or t.shape not in (y_pred.shape, y_pred.shape[:1]):
            return None  # the general path gives the clear error
        if t.ndim == 1:
            t = _sparse_labels(y_true, y_pred, "categorical_crossentropy")
        return ops.cross_entropy(logits, t)


class SparseCategoricalCrossentropy(LossFunctionWrapper):
    """Cross-entropy on integer labels of shape (N,) or (N, 1) (see :func:`sparse_categorical_crossentropy`);
    fused like :class:`CategoricalCrossentropy` on a softmax output or with ``from_logits=True``."""

    def __init__(self, from_logits: bool = False, ignore_class: int | None = None, axis: int = -1,
                 reduction: Any = "sum_over_batch_size", name: str = "sparse_categorical_crossentropy",
                 dtype: Any = None) -> None:
        super().__init__(sparse_categorical_crossentropy, reduction=reduction, name=name, dtype=dtype,
                         from_logits=bool(from_logits), ignore_class=ignore_class, axis=axis)
        self.from_logits, self.ignore_class, self.axis = bool(from_logits), ignore_class, axis

    def fused(self, y_true: Any, y_pred: Tensor) -> Tensor | None:
        logits = y_pred if self.from_logits else logits_of(y_pred)
        if logits is None or y_pred.ndim != 2 or self.ignore_class is not None:
            return None
        _check_classes(y_pred, "sparse_categorical_crossentropy")
        return ops.cross_entropy(logits, _sparse_labels(y_true, y_pred, "sparse_categorical_crossentropy"))


class MulticlassHinge(Loss):
    """Multiclass SVM (Weston-Watkins / CS231n) hinge loss on class scores ``s`` (the course's; not Keras's
    ``categorical_hinge``): ``L_n = Σ_{j ≠ y_n} max(0, s_nj − s_n,y_n + Δ)``, margin ``Δ`` (default 1),
    averaged over the samples. Targets are class indices (N,) or one-hot rows."""

    def __init__(self, margin: float = 1.0, reduction: Any = "sum_over_batch_size",
                 name: str = "multiclass_hinge", dtype: Any = None) -> None:
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.margin = float(margin)

    def call(self, y_true: Any, y_pred: Tensor) -> Tensor:
        if y_pred.ndim != 2:
            raise ShapeError(f"multiclass_hinge: scores must be (N, C), got {y_pred.shape}")
        onehot = targets.dense_class_targets(y_true, y_pred.shape, y_pred.dtype, "multiclass_hinge")
        correct = (y_pred * onehot).sum(axis=1, keepdims=True)
        return (ops.relu(y_pred - correct + self.margin) * (1 - onehot)).sum(axis=1)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "margin": self.margin}


# ---------------------------------------------------------------- lookup
_CLASSES: dict[str, Any] = {
    "mean_squared_error": MeanSquaredError, "mse": MeanSquaredError,
    "course_mse": SumSquaredError, "sum_squared_error": SumSquaredError,
    "mean_absolute_error": MeanAbsoluteError, "mae": MeanAbsoluteError,
    "mean_absolute_percentage_error": MeanAbsolutePercentageError, "mape": MeanAbsolutePercentageError,
    "mean_squared_logarithmic_error": MeanSquaredLogarithmicError, "msle": MeanSquaredLogarithmicError,
    "cosine_similarity": CosineSimilarity, "huber": Huber, "huber_loss": Huber,
    "log_cosh": LogCosh, "logcosh": LogCosh,
    "kl_divergence": KLDivergence, "kld": KLDivergence, "kullback_leibler_divergence": KLDivergence,
    "poisson": Poisson, "hinge": Hinge, "squared_hinge": SquaredHinge, "categorical_hinge": CategoricalHinge,
    "binary_crossentropy": BinaryCrossentropy, "binary_focal_crossentropy": BinaryFocalCrossentropy,
    "categorical_crossentropy": CategoricalCrossentropy,
    "sparse_categorical_crossentropy": SparseCategoricalCrossentropy,
    "multiclass_hinge": MulticlassHinge, "svm": MulticlassHinge,
}
_BY_CLASS_NAME = {cls.__name__: cls for cls in set(_CLASSES.values())}


def names() -> list[str]:
    return sorted(_CLASSES)


def _unknown(name: Any) -> ConfigError:
    return unknown_name("loss", name, names())


_FUNCTIONS: dict[str, Any] = {}  # filled below: Keras's function names


def get(identifier: Any) -> Any:
    """As Keras's ``losses.get``: a function name (``"mse"``, ``"categorical_crossentropy"``) gives the
    function (one value per sample), a class name (``"MeanSquaredError"``) or a config dict an
    instance, a Loss or a callable is returned as it is."""
    if isinstance(identifier, str):
        if identifier in _FUNCTIONS:
            return _FUNCTIONS[identifier]
        if identifier in _BY_CLASS_NAME:
            return _BY_CLASS_NAME[identifier]()
        return resolve(identifier)
    if isinstance(identifier, dict):
        return _from_dict(dict(identifier))
    if identifier is None or callable(identifier):
        return identifier
    raise ConfigError(f"a loss must be a name, a Loss or a callable, got {identifier!r}")


def resolve(spec: Any) -> Any:
    """The Loss object ``compile`` uses: from a name (``"mse"``, ``"sparse_categorical_crossentropy"``,
    ``"course_mse"``...; named as given), a config dict (``{"class_name": ..., "config": ...}`` or
    ``{"name": ...}``), a Loss, or a callable ``f(y_true, y_pred)`` (wrapped so that its values are
    averaged, as Keras does)."""
    if spec is None or isinstance(spec, Loss):
        return spec
    if isinstance(spec, dict):
        return _from_dict(dict(spec))
    if isinstance(spec, str):
        cls = _CLASSES.get(spec.lower()) or _BY_CLASS_NAME.get(spec)
        if cls is None:
            raise _unknown(spec)
        return cls()
    if isinstance(spec, type) and issubclass(spec, Loss):
        return spec()
    if callable(spec):
        return LossFunctionWrapper(spec)
    raise ConfigError(f"a loss must be a name, a Loss or a callable, got {spec!r}")


def _from_dict(spec: dict[str, Any]) -> Loss:
    """``{"class_name", "config"}`` (what :func:`serialize` writes), or the older ``{"name", ...}``."""
    if "class_name" in spec:
        cls = _BY_CLASS_NAME.get(spec["class_name"]) or _CLASSES.get(str(spec["class_name"]).lower())
        if cls is None:
            raise _unknown(spec["class_name"])
        return cls.from_config(dict(spec.get("config") or {}))
    name = str(spec.pop("name", "")).lower()
    if name == "mse" and spec.pop("average", "samples") == "samples":
        return SumSquaredError()  # files saved before "mse" became Keras's meant the course's MSE
    cls = _CLASSES.get(name)
    if cls is None:
        raise _unknown(name)
    spec.pop("eps", None)
    return cls(**spec)


def serialize(loss: Any) -> dict[str, Any]:
    """A built-in loss as ``{"class_name", "config"}`` data (custom functions cannot be saved)."""
    if type(loss) is LossFunctionWrapper:
        raise ConfigError(f"cannot save the custom loss {loss.name!r}: it is Python code")
    return {"class_name": type(loss).__name__, "config": loss.get_config()}


_FUNCTIONS.update({
    "mean_squared_error": mean_squared_error, "mse": mean_squared_error, "MSE": mean_squared_error,
    "mean_absolute_error": mean_absolute_error, "mae": mean_absolute_error, "MAE": mean_absolute_error,
    "mean_absolute_percentage_error": mean_absolute_percentage_error, "mape": mean_absolute_percentage_error,
    "mean_squared_logarithmic_error": mean_squared_logarithmic_error, "msle": mean_squared_logarithmic_error,
    "cosine_similarity": cosine_similarity, "huber": huber, "log_cosh": log_cosh, "logcosh": log_cosh,
    "kl_divergence": kl_divergence, "kld": kl_divergence, "poisson": poisson, "hinge": hinge,
    "squared_hinge": squared_hinge, "categorical_hinge": categorical_hinge,
    "binary_crossentropy": binary_crossentropy, "binary_focal_crossentropy": binary_focal_crossentropy,
    "categorical_crossentropy": categorical_crossentropy,
    "sparse_categorical_crossentropy": sparse_categorical_crossentropy,
})
mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
kld = KLD = kl_divergence
logcosh = log_cosh

__all__ = [
    "BinaryCrossentropy", "BinaryFocalCrossentropy", "CategoricalCrossentropy", "CategoricalHinge",
    "CosineSimilarity", "Hinge", "Huber", "KLDivergence", "LogCosh", "Loss", "LossFunctionWrapper", "MeanAbsoluteError",
    "MeanAbsolutePercentageError", "MeanSquaredError", "MeanSquaredLogarithmicError", "MulticlassHinge",
    "Poisson", "SparseCategoricalCrossentropy", "SquaredHinge", "SumSquaredError", "binary_crossentropy",
    "binary_focal_crossentropy", "categorical_crossentropy", "categorical_hinge", "cosine_similarity", "get",
    "hinge", "huber", "kl_divergence", "kld", "log_cosh", "logcosh", "mae", "mape", "mean_absolute_error",
    "mean_absolute_percentage_error", "mean_squared_error", "mean_squared_logarithmic_error", "mse", "msle",
    "names", "poisson", "resolve", "serialize", "sparse_categorical_crossentropy", "squared_hinge", "sum_squared_error",
]
