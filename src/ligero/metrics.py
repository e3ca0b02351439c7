"""Metrics as Keras 3's: stateful objects and plain functions, targets first.

A :class:`Metric` accumulates over batches: ``update_state(y_true, y_pred, sample_weight=None)``,
``result()`` (a 0-d Tensor), ``reset_state()``, ``name``; calling it updates and returns the
result. ``fit`` and ``evaluate`` reset the compiled metrics at the start of every epoch or
evaluation and report their results, so an epoch's value is the metric over all its samples.

Functions (``binary_accuracy(y_true, y_pred)``, ``categorical_accuracy``...) give one value
per sample; :class:`MeanMetricWrapper` averages them, weighted by ``sample_weight``.

``get(name)`` resolves Keras's names (``"accuracy"`` is resolved by :func:`resolve` from the
target and output shapes, as Keras does); the course's ``"sign_accuracy"`` (±1 targets of tanh
networks) has its own name. :func:`confusion_matrix` counts classes.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero import losses as _losses
from ligero import targets
from ligero.errors import ConfigError, ShapeError, unknown_name
from ligero.masks import get_mask, mask_weights
from ligero.tensor import Tensor, _leaf

EPSILON = 1e-7


def _array(x: Any, dtype: Any = None) -> np.ndarray:
    a = x.array if isinstance(x, Tensor) else np.asarray(x)
    return a if dtype is None else a.astype(dtype, copy=False)


def _same_rank(y_true: np.ndarray, y_pred: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Keras's ``squeeze_or_expand_to_same_rank`` on arrays."""
    if y_true.ndim == y_pred.ndim + 1 and y_true.shape[-1] == 1:
        return (y_true, y_pred[..., None]) if y_pred.ndim == 1 else (y_true[..., 0], y_pred)
    if y_pred.ndim == y_true.ndim + 1 and y_pred.shape[-1] == 1:
        return (y_true[..., None], y_pred) if y_true.ndim == 1 else (y_true, y_pred[..., 0])
    return y_true, y_pred


def _out(values: np.ndarray) -> Tensor:
    return _leaf(np.asarray(values, dtype=np.float64))


# -------------------------------------------------------- metric functions
def accuracy(y_true: Any, y_pred: Any) -> Tensor:
    """``[y_true == y_pred]`` per element (predictions that are already labels)."""
    t, p = _same_rank(_array(y_true), _array(y_pred))
    return _out(t == p)


def binary_accuracy(y_true: Any, y_pred: Any, threshold: float = 0.5) -> Tensor:
    """``[y_true == (y_pred > threshold)]`` per element."""
    t, p = _same_rank(_array(y_true), _array(y_pred))
    return _out(t == (p > threshold).astype(t.dtype))


def sign_accuracy(y_true: Any, y_pred: Any) -> Tensor:
    """The course's accuracy for ±1 targets (tanh outputs): ``[sign(y_pred) == sign(y_true)]`` per element.
    A prediction of exactly 0 matches no ±1 target."""
    t, p = _array(y_true), _array(y_pred)
    if t.shape != p.shape:  # (the common case, one shape, is checked first: fit reads it every batch)
        t, p = _same_rank(t, p)
        if t.shape != p.shape:
            raise ShapeError(f"sign_accuracy: targets of shape {t.shape} do not match predictions of shape "
                             f"{p.shape}")
    return _out(np.sign(p) == np.sign(t))


def categorical_accuracy(y_true: Any, y_pred: Any) -> Tensor:
    """``[argmax y_true == argmax y_pred]`` per sample (one-hot targets)."""
    t, p = _array(y_true), _array(y_pred)
    if t.shape != p.shape:
        raise ShapeError(
            f"categorical_accuracy: one-hot targets of shape {t.shape} do not match predictions of shape "
            f"{p.shape}; for integer labels use sparse_categorical_accuracy"
        )
    return _out(np.argmax(t, axis=-1) == np.argmax(p, axis=-1))


def _labels(y_true: Any, y_pred: np.ndarray, name: str) -> np.ndarray:
    t = _array(y_true)
    if t.ndim == y_pred.ndim and t.shape[-1] == 1:
        t = t[..., 0]
    if t.shape != y_pred.shape[:-1]:
        raise ShapeError(f"{name}: labels of shape {t.shape} do not fit predictions of shape {y_pred.shape}")
    return t


def sparse_categorical_accuracy(y_true: Any, y_pred: Any) -> Tensor:
    """``[y_true == argmax y_pred]`` per sample; labels (N,) or (N, 1)."""
    p = _array(y_pred)
    t = _labels(y_true, p, "sparse_categorical_accuracy")
    return _out(t == np.argmax(p, axis=-1))


def _in_top_k(labels: np.ndarray, scores: np.ndarray, k: int) -> np.ndarray:
    """Whether each label is among the k largest scores (ties in the label's favour, as ``in_top_k``)."""
    scores = scores.reshape(-1, scores.shape[-1])
    labels = labels.reshape(-1).astype(np.int64)
    target = scores[np.arange(len(labels)), labels]
    return np.count_nonzero(scores > target[:, None], axis=1) < int(k)


def top_k_categorical_accuracy(y_true: Any, y_pred: Any, k: int = 5) -> Tensor:
    """Whether the argmax of the one-hot target is among the ``k`` largest predictions, per sample."""
    p = _array(y_pred)
    return _out(_in_top_k(np.argmax(_array(y_true), axis=-1), p, k))


def sparse_top_k_categorical_accuracy(y_true: Any, y_pred: Any, k: int = 5) -> Tensor:
    """Whether the label is among the ``k`` largest predictions, per sample."""
    p = _array(y_pred)
    return _out(_in_top_k(_labels(y_true, p, "sparse_top_k_categorical_accuracy"), p, k))


# ------------------------------------------------------------ base classes
class Metric:
    """Base class: ``update_state``, ``result``, ``reset_state``; ``metric(y_true, y_pred)`` updates and
    returns the result. ``variables`` are the accumulated arrays."""

    def __init__(self, name: str | None = None, dtype: Any = None) -> None:
        self.name = name or _losses.auto_name(type(self).__name__)
        self.dtype = dtype or "float32"
        self._metric_variables: list[Any] = []
        if type(self).reset_state.__module__.startswith("ligero."):
            self.reset_state()  # ligero's metrics set their state there; a user's own make variables after

    def add_variable(self, shape: Any = (), initializer: Any = "zeros", dtype: Any = None,
                     aggregation: str = "sum", name: str | None = None) -> Any:
        """Keras's ``Metric.add_variable``: a non-trainable :class:`ligero.keras.Variable` of ``shape``
        from ``initializer``, which the default :meth:`reset_state` sets back to zeros."""
        from ligero import initializers
        from ligero.keras.variables import Variable

        shape = tuple(shape) if shape is not None else ()
        value = initializers.get(initializer)(shape, dtype=np.dtype(dtype or self.dtype))
        variable = Variable(value, dtype=np.asarray(value).dtype, trainable=False, name=name)
        self._metric_variables.append(variable)
        return variable

    add_weight = add_variable

    def update_state(self, *args: Any, **kwargs: Any) -> None:
        raise NotImplementedError(f"{type(self).__name__} must define update_state()")

    def result(self) -> Tensor:
        raise NotImplementedError(f"{type(self).__name__} must define result()")

    def reset_state(self) -> None:
        """Forget what was accumulated: each :meth:`add_variable` variable back to zeros (ligero's own
        metrics set their state here)."""
        for variable in self.__dict__.get("_metric_variables", ()):
            variable.assign(np.zeros(variable.shape, dtype=variable.array.dtype))

    def __call__(self, *args: Any, **kwargs: Any) -> Tensor:
        self.update_state(*args, **kwargs)
        return self.result()

    @property
    def variables(self) -> list[np.ndarray]:
        own = [np.asarray(v) for k, v in vars(self).items() if k.startswith("_state_")]
        return own + [np.array(v.array) for v in self.__dict__.get("_metric_variables", ())]

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Metric:
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}>"


def _samplewise(values: np.ndarray, sample_weight: Any) -> tuple[np.ndarray, np.ndarray | None]:
    """Keras's ``reduce_to_samplewise_values`` (mean over the axes past the weights')."""
    values = np.asarray(values, dtype=np.float64)
    weights = None
    if sample_weight is not None:
        weights = _array(sample_weight, np.float64)
        values, weights = _same_rank(values, weights)
        if values.ndim > weights.ndim:
            values = values.mean(axis=tuple(range(weights.ndim, values.ndim)))
        weights = np.broadcast_to(weights, values.shape)
        values = values * weights
        if weights.ndim > 1:
            weights = weights.mean(axis=tuple(range(1, weights.ndim)))
    if values.ndim > 1:
        values = _mean_past_first(values)
    return values, weights


def _mean_past_first(values: np.ndarray) -> np.ndarray:
    """The mean over every axis but the first (``np.add.reduce`` over them: ``mean`` without its
    Python wrapper, which a metric update pays every batch)."""
    axes = tuple(range(1, values.ndim))
    return np.add.reduce(values, axis=axes) / (values.size // len(values) if len(values) else 1)


class Mean(Metric):
    """The (weighted) mean of the values given: ``Σ w·v / Σ w``, per-sample values averaged first."""

    def reset_state(self) -> None:
        self._state_total, self._state_count = 0.0, 0.0

    def update_state(self, values: Any, sample_weight: Any = None) -> None:
        if sample_weight is None:  # Σ of the per-sample means = Σ v / (values per sample): one reduction
            values = np.asarray(_array(values), dtype=np.float64)
            samples = len(values) if values.ndim else 1
            if samples:
                self._state_total += float(np.add.reduce(values, axis=None)) / (values.size // samples)
                self._state_count += samples
            return
        values, weights = _samplewise(_array(values), sample_weight)
        self._state_total += float(np.add.reduce(values, axis=None))
        self._state_count += float(np.add.reduce(weights, axis=None)) if weights is not None else (
            len(values) if values.ndim else 1)

    def update_scalar(self, value: float, weight: float = 1.0) -> None:
        """One number with one weight (a batch's loss and its size): ``total += w·v``, ``count += w``;
        what ``update_state(value, sample_weight=[w])`` does, without building arrays (fit calls it
        once a batch)."""
        self._state_total += weight * value
        self._state_count += weight

    def value(self) -> float:
        """The running mean as a plain float (what ``result()`` wraps in a tensor)."""
        return self._state_total / self._state_count if self._state_count else 0.0

    def result(self) -> Tensor:
        return _out(self.value())


class Sum(Metric):
    """The (weighted) sum of the values given."""

    def reset_state(self) -> None:
        self._state_total = 0.0

    def update_state(self, values: Any, sample_weight: Any = None) -> None:
        values = np.asarray(_array(values), dtype=np.float64)
        if sample_weight is not None:
            values, weights = _same_rank(values, _array(sample_weight, np.float64))
            values = values * weights
        self._state_total += float(np.sum(values))

    def result(self) -> Tensor:
        return _out(self._state_total)


class MeanMetricWrapper(Mean):
    """The mean of ``fn(y_true, y_pred, **kwargs)`` over the samples seen (weighted by ``sample_weight``)."""

    def __init__(self, fn: Any, name: str | None = None, dtype: Any = None, **kwargs: Any) -> None:
        super().__init__(name=name or getattr(fn, "__name__", "mean_metric_wrapper"), dtype=dtype)
        self.fn, self.fn_kwargs = fn, kwargs

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        mask = get_mask(y_pred)  # Keras's: the masked time steps are not counted (ligero.masks)
        if mask is not None:
            sample_weight = mask_weights(mask, sample_weight, per_sample_mean=False)
        values = self.fn(y_true, y_pred, **self.fn_kwargs)
        Mean.update_state(self, values.array if type(values) is Tensor else values, sample_weight)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), **self.fn_kwargs}


def _wrapper_class(public: str, fn: Any, default_name: str, doc: str | None,
                   order: tuple[str, ...] = ("name", "dtype"), **defaults: Any) -> type:
    """A MeanMetricWrapper class over ``fn`` with Keras's constructor (positional arguments in ``order``)."""

    def __init__(self: Any, *args: Any, name: str = default_name, dtype: Any = None, **kwargs: Any) -> None:
        options = dict(defaults)
        given = dict(zip(order, args))
        name, dtype = given.pop("name", name), given.pop("dtype", dtype)
        options.update(given)
        options.update(kwargs)
        MeanMetricWrapper.__init__(self, fn, name=name, dtype=dtype, **options)
        for key, value in options.items():
            setattr(self, key, value)

    return type(public, (MeanMetricWrapper,), {"__init__": __init__, "__doc__": doc})


Accuracy = _wrapper_class("Accuracy", accuracy, "accuracy", accuracy.__doc__)
BinaryAccuracy = _wrapper_class("BinaryAccuracy", binary_accuracy, "binary_accuracy", binary_accuracy.__doc__,
                                ("name", "dtype", "threshold"), threshold=0.5)
SignAccuracy = _wrapper_class("SignAccuracy", sign_accuracy, "sign_accuracy", sign_accuracy.__doc__)
CategoricalAccuracy = _wrapper_class("CategoricalAccuracy", categorical_accuracy, "categorical_accuracy",
                                     categorical_accuracy.__doc__)
SparseCategoricalAccuracy = _wrapper_class("SparseCategoricalAccuracy", sparse_categorical_accuracy,
                                           "sparse_categorical_accuracy", sparse_categorical_accuracy.__doc__)
TopKCategoricalAccuracy = _wrapper_class("TopKCategoricalAccuracy", top_k_categorical_accuracy,
                                         "top_k_categorical_accuracy", top_k_categorical_accuracy.__doc__,
                                         ("k", "name", "dtype"), k=5)
SparseTopKCategoricalAccuracy = _wrapper_class(
    "SparseTopKCategoricalAccuracy", sparse_top_k_categorical_accuracy, "sparse_top_k_categorical_accuracy",
    sparse_top_k_categorical_accuracy.__doc__, ("k", "name", "dtype"),
                                         k=5)


def _loss_metric(public: str, fn: Any, default_name: str, sign: float = 1.0, **defaults: Any) -> type:
    """A metric that averages one of the loss functions' per-sample values (times ``sign``), with the
    loss's options (``from_logits``...) as keyword arguments of the metric."""

    def plain(y_true: Any, y_pred: Any, **kwargs: Any) -> np.ndarray:
        values = fn(np.asarray(_array(y_true), dtype=np.float32), Tensor(_array(y_pred, np.float32)), **kwargs).array
        return values if sign == 1.0 else sign * values

    what = "minus the mean" if sign == -1.0 else "the mean"
    return _wrapper_class(public, plain, default_name, f"{what.capitalize()} of :func:`ligero.losses.{fn.__name__}`.",
                          **defaults)


MeanSquaredError = _loss_metric("MeanSquaredError", _losses.mean_squared_error, "mean_squared_error")
MeanAbsoluteError = _loss_metric("MeanAbsoluteError", _losses.mean_absolute_error, "mean_absolute_error")
MeanAbsolutePercentageError = _loss_metric("MeanAbsolutePercentageError", _losses.mean_absolute_percentage_error,
                                           "mean_absolute_percentage_error")
MeanSquaredLogarithmicError = _loss_metric("MeanSquaredLogarithmicError", _losses.mean_squared_logarithmic_error,
                                           "mean_squared_logarithmic_error")

LogCoshError = _loss_metric("LogCoshError", _losses.log_cosh, "logcosh")
KLDivergence = _loss_metric("KLDivergence", _losses.kl_divergence, "kl_divergence")
Poisson = _loss_metric("Poisson", _losses.poisson, "poisson")
CosineSimilarity = _loss_metric("CosineSimilarity", _losses.cosine_similarity, "cosine_similarity", sign=-1.0,
                                axis=-1)
BinaryCrossentropy = _loss_metric("BinaryCrossentropy", _losses.binary_crossentropy, "binary_crossentropy",
                                  from_logits=False, label_smoothing=0.0)
CategoricalCrossentropy = _loss_metric("CategoricalCrossentropy", _losses.categorical_crossentropy,
                                       "categorical_crossentropy", from_logits=False, label_smoothing=0.0, axis=-1)
SparseCategoricalCrossentropy = _loss_metric("SparseCategoricalCrossentropy", _losses.sparse_categorical_crossentropy,
                                             "sparse_categorical_crossentropy", from_logits=False, axis=-1)

Hinge = _loss_metric("Hinge", _losses.hinge, "hinge")
SquaredHinge = _loss_metric("SquaredHinge", _losses.squared_hinge, "squared_hinge")
CategoricalHinge = _loss_metric("CategoricalHinge", _losses.categorical_hinge, "categorical_hinge")

# Keras exports the per-sample loss functions as metric functions too (the same objects)
binary_crossentropy = _losses.binary_crossentropy
binary_focal_crossentropy = _losses.binary_focal_crossentropy
categorical_crossentropy = _losses.categorical_crossentropy
sparse_categorical_crossentropy = _losses.sparse_categorical_crossentropy
hinge, squared_hinge, categorical_hinge = _losses.hinge, _losses.squared_hinge, _losses.categorical_hinge
huber, log_cosh, kl_divergence, poisson = _losses.huber, _losses.log_cosh, _losses.kl_divergence, _losses.poisson
mean_absolute_percentage_error = _losses.mean_absolute_percentage_error
mean_squared_logarithmic_error = _losses.mean_squared_logarithmic_error


class RootMeanSquaredError(Mean):
    """``sqrt(mean((y_true − y_pred)²))`` over every element seen (weighted by ``sample_weight``)."""

    def __init__(self, name: str = "root_mean_squared_error", dtype: Any = None) -> None:
        super().__init__(name=name, dtype=dtype)

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        t, p = _same_rank(_array(y_true, np.float64), _array(y_pred, np.float64))
        super().update_state((p - t) ** 2, sample_weight=sample_weight)

    def result(self) -> Tensor:
        return _out(np.sqrt(float(super().result().array)))


# --------------------------------------------------------- confusion counts
NEG_INF = -1e10
"""Keras's threshold under every prediction (Precision and Recall with ``top_k``)."""


def _keras_thresholds(thresholds: Any, default: float, kind: str) -> list[float]:
    """Keras's ``parse_init_thresholds``: a number or a list, each in [0, 1] (default ``default``)."""
    if thresholds is None:
        return [default]
    values = [float(v) for v in np.atleast_1d(np.asarray(thresholds, dtype=np.float64))]
    wrong = [v for v in values if not 0 <= v <= 1]
    if wrong:
        raise ConfigError(f"{kind}: threshold values must be in [0, 1], got {wrong}")
    return values


def _evenly_spaced(thresholds: np.ndarray) -> bool:
    """Keras's ``is_evenly_distributed_thresholds``: at least 3 thresholds at ``i / (n - 1)``; Keras then
    counts by buckets, with the predictions clipped to [0, 1] first (so 1.5 is not above a threshold 1)."""
    n = len(thresholds)
    return n >= 3 and bool(np.allclose(thresholds, np.arange(n) / (n - 1), atol=EPSILON))


class _Confusion(Metric):
    """True/false positives/negatives at each threshold, Keras's ``update_confusion_matrix_variables``:
    a target counts positive when it is nonzero, a prediction when it is ``> threshold``; each sample adds
    its weight. ``class_id`` keeps one column of (N, classes) predictions; ``top_k`` keeps the ``k``
    largest predictions of each row (the others fall below every threshold); evenly spaced thresholds
    clip the predictions to [0, 1] as Keras does there."""

    def __init__(self, thresholds: Any, name: str | None, dtype: Any, evenly: bool | None = None,
                 class_id: Any = None, top_k: Any = None) -> None:
        self.thresholds = np.atleast_1d(np.asarray(thresholds, dtype=np.float64))
        self._evenly = _evenly_spaced(self.thresholds) if evenly is None else bool(evenly)
        for what, value in (("class_id", class_id), ("top_k", top_k)):
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, np.integer)) or
                                      value < (0 if what == "class_id" else 1)):
                raise ConfigError(f"{type(self).__name__}: {what} must be a non-negative integer (top_k: "
                                  f"positive), got {value!r}")
        self.class_id = None if class_id is None else int(class_id)
        self.top_k = None if top_k is None else int(top_k)
        super().__init__(name=name, dtype=dtype)

    def reset_state(self) -> None:
        n = len(self.thresholds)
        self._state_tp, self._state_fp = np.zeros(n), np.zeros(n)
        self._state_tn, self._state_fn = np.zeros(n), np.zeros(n)

    def _counts(self, y_true: Any, y_pred: Any, sample_weight: Any) -> None:
        t, p = _same_rank(_array(y_true, np.float64), _array(y_pred, np.float64))
        if t.shape != p.shape:
            raise ShapeError(f"{self.name}: targets of shape {t.shape} do not match predictions of shape {p.shape}")
        w = np.ones_like(p)
        if sample_weight is not None:
            sw = _array(sample_weight, np.float64)
            w = w * sw.reshape(sw.shape + (1,) * (p.ndim - sw.ndim))
        if self.top_k is not None:
            p = _keep_top_k(p, self.top_k)
        if self.class_id is not None:
            if p.ndim < 2 or not self.class_id < p.shape[-1]:
                raise ShapeError(f"{self.name}: class_id={self.class_id} needs predictions (N, classes) with more "
                                 f"than {self.class_id} classes, got shape {p.shape}")
            t, p, w = (a[..., self.class_id] for a in (t, p, w))
        if self._evenly:
            p = np.clip(p, 0.0, 1.0)
        pos, w = (t.reshape(-1) != 0), w.reshape(-1)
        above = p.reshape(-1)[None, :] > self.thresholds[:, None]
        self._state_tp += (above & pos) @ w
        self._state_fp += (above & ~pos) @ w
        self._state_fn += (~above & pos) @ w
        self._state_tn += (~above & ~pos) @ w

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        self._counts(y_true, y_pred, sample_weight)


def _keep_top_k(p: np.ndarray, k: int) -> np.ndarray:
    """Keras's ``_filter_top_k``: the ``k`` largest values of each row kept, the others ``NEG_INF``."""
    order = np.argsort(-p, axis=-1, kind="stable")[..., :k]
    keep = np.zeros(p.shape, dtype=bool)
    np.put_along_axis(keep, order, True, axis=-1)
    return np.where(keep, p, NEG_INF)


class _ConditionCount(_Confusion):
    """One confusion count at each of ``thresholds`` (default 0.5): Σ of the weights of the samples in the
    cell ``condition`` names (one value per threshold)."""

    condition = "tp"

    def __init__(self, thresholds: Any = None, name: str | None = None, dtype: Any = None) -> None:
        self.init_thresholds = thresholds
        super().__init__(_keras_thresholds(thresholds, 0.5, type(self).__name__), name, dtype)

    def result(self) -> Tensor:
        return _result(getattr(self, f"_state_{self.condition}").copy())

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "thresholds": self.init_thresholds}


class TruePositives(_ConditionCount):
    """``TP = Σ w·[y ≠ 0]·[ŷ > threshold]``."""

    condition = "tp"


class FalsePositives(_ConditionCount):
    """``FP = Σ w·[y = 0]·[ŷ > threshold]``."""

    condition = "fp"


class TrueNegatives(_ConditionCount):
    """``TN = Σ w·[y = 0]·[ŷ ≤ threshold]``."""

    condition = "tn"


class FalseNegatives(_ConditionCount):
    """``FN = Σ w·[y ≠ 0]·[ŷ ≤ threshold]``."""

    condition = "fn"


class _AtConstraint(_Confusion):
    """Keras's ``SensitivitySpecificityBase``: counts at ``num_thresholds`` thresholds 0, 1/(n−1), ..., 1
    (0.5 alone for n = 1); the result is the largest ``dependent`` rate over the thresholds whose
    ``constrained`` rate is ``≥ value`` (0 if none): ``max(0, max{dependent_i : constrained_i ≥ value})``."""

    constraint = "specificity"  # the constructor's first argument, the constrained rate

    def __init__(self, value: float, num_thresholds: int = 200, class_id: Any = None, name: str | None = None,
                 dtype: Any = None) -> None:
        kind = type(self).__name__
        if isinstance(value, bool) or not isinstance(value, (int, float, np.number)) or not 0 <= value <= 1:
            raise ConfigError(f"{kind}: argument `{self.constraint}` must be in the range [0, 1], got {value!r}")
        if isinstance(num_thresholds, bool) or not isinstance(num_thresholds, (int, np.integer)) or num_thresholds < 1:
            raise ConfigError(f"{kind}: argument `num_thresholds` must be an integer > 0, got {num_thresholds!r}")
        self.value, self.num_thresholds = float(value), int(num_thresholds)
        setattr(self, self.constraint, self.value)
        n = self.num_thresholds
        thresholds = [0.5] if n == 1 else [0.0, *((i + 1) / (n - 1) for i in range(n - 2)), 1.0]
        super().__init__(thresholds, name, dtype, evenly=n > 1, class_id=class_id)

    def _rates(self) -> dict[str, np.ndarray]:
        tp, fp, tn, fn = self._state_tp, self._state_fp, self._state_tn, self._state_fn
        recall = _ratio(tp, tp + fn)
        return {"sensitivity": recall, "recall": recall, "specificity": _ratio(tn, tn + fp),
                "precision": _ratio(tp, tp + fp)}

    def _best(self, constrained: str, dependent: str) -> Tensor:
        rates = self._rates()
        feasible = rates[constrained] >= self.value
        return _out(max(0.0, float(np.max(np.where(feasible, rates[dependent], 0.0)))))

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "class_id": self.class_id, "num_thresholds": self.num_thresholds,
                self.constraint: self.value}


class SensitivityAtSpecificity(_AtConstraint):
    """The best sensitivity ``TP/(TP+FN)`` at a threshold where specificity ``TN/(TN+FP) ≥ specificity``."""

    constraint = "specificity"

    def __init__(self, specificity: float, num_thresholds: int = 200, class_id: Any = None,
                 name: str | None = None, dtype: Any = None) -> None:
        super().__init__(specificity, num_thresholds, class_id, name, dtype)

    def result(self) -> Tensor:
        return self._best("specificity", "sensitivity")


class SpecificityAtSensitivity(_AtConstraint):
    """The best specificity ``TN/(TN+FP)`` at a threshold where sensitivity ``TP/(TP+FN) ≥ sensitivity``."""

    constraint = "sensitivity"

    def __init__(self, sensitivity: float, num_thresholds: int = 200, class_id: Any = None,
                 name: str | None = None, dtype: Any = None) -> None:
        super().__init__(sensitivity, num_thresholds, class_id, name, dtype)

    def result(self) -> Tensor:
        return self._best("sensitivity", "specificity")


class PrecisionAtRecall(_AtConstraint):
    """The best precision ``TP/(TP+FP)`` at a threshold where recall ``TP/(TP+FN) ≥ recall``."""

    constraint = "recall"

    def __init__(self, recall: float, num_thresholds: int = 200, class_id: Any = None, name: str | None = None,
                 dtype: Any = None) -> None:
        super().__init__(recall, num_thresholds, class_id, name, dtype)

    def result(self) -> Tensor:
        return self._best("recall", "precision")


class RecallAtPrecision(_AtConstraint):
    """The best recall ``TP/(TP+FN)`` at a threshold where precision ``TP/(TP+FP) ≥ precision``."""

    constraint = "precision"

    def __init__(self, precision: float, num_thresholds: int = 200, class_id: Any = None,
                 name: str | None = None, dtype: Any = None) -> None:
        super().__init__(precision, num_thresholds, class_id, name, dtype)

    def result(self) -> Tensor:
        return self._best("precision", "recall")


def _ratio(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a / b`` with 0 where ``b`` is 0 (``divide_no_nan``)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(b > 0, a / np.where(b > 0, b, 1), 0.0)


def _result(values: np.ndarray) -> Tensor:
    return _out(values[0] if values.size == 1 else values)


class Precision(_Confusion):
    """``TP / (TP + FP)`` at ``thresholds`` (default 0.5; a list gives one value per threshold)."""

    def __init__(self, thresholds: Any = None, top_k: Any = None, class_id: Any = None, name: str | None = None,
                 dtype: Any = None) -> None:
        self.init_thresholds = thresholds
        parsed = _keras_thresholds(thresholds, 0.5 if top_k is None else NEG_INF, "Precision")
        super().__init__(parsed, name, dtype, class_id=class_id, top_k=top_k)

    def result(self) -> Tensor:
        return _result(_ratio(self._state_tp, self._state_tp + self._state_fp))

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "thresholds": self.init_thresholds, "top_k": self.top_k,
                "class_id": self.class_id}


class Recall(_Confusion):
    """``TP / (TP + FN)`` at ``thresholds`` (default 0.5)."""

    def __init__(self, thresholds: Any = None, top_k: Any = None, class_id: Any = None, name: str | None = None,
                 dtype: Any = None) -> None:
        self.init_thresholds = thresholds
        parsed = _keras_thresholds(thresholds, 0.5 if top_k is None else NEG_INF, "Recall")
        super().__init__(parsed, name, dtype, class_id=class_id, top_k=top_k)

    def result(self) -> Tensor:
        return _result(_ratio(self._state_tp, self._state_tp + self._state_fn))

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "thresholds": self.init_thresholds, "top_k": self.top_k,
                "class_id": self.class_id}


class AUC(_Confusion):
    """Area under the ROC (default) or PR curve from counts at ``num_thresholds`` evenly spaced
    thresholds (plus −ε and 1+ε), summed as Keras does: ROC by the trapezoid rule
    (``summation_method="interpolation"``, or ``"minoring"``/``"majoring"``), PR by Davis & Goadrich's
    interpolation of precision."""

    def __init__(self, num_thresholds: int = 200, curve: str = "ROC", summation_method: str = "interpolation",
                 name: str | None = None, dtype: Any = None, thresholds: Any = None, multi_label: bool = False,
                 num_labels: Any = None, label_weights: Any = None, from_logits: bool = False) -> None:
        if thresholds is None:
            inner = [(i + 1) / (num_thresholds - 1) for i in range(num_thresholds - 2)]
        else:
            inner = sorted(float(v) for v in thresholds)
        self.num_thresholds = len(inner) + 2
        self.curve, self.summation_method = str(curve).upper(), str(summation_method).lower()
        if self.curve not in ("ROC", "PR"):
            raise ConfigError(f"AUC: curve must be 'ROC' or 'PR', got {curve!r}")
        self.from_logits = bool(from_logits)
        super().__init__([0.0 - EPSILON, *inner, 1.0 + EPSILON], name, dtype)

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        p = _array(y_pred, np.float64)
        self._counts(y_true, 1 / (1 + np.exp(-p)) if self.from_logits else p, sample_weight)

    def result(self) -> Tensor:
        tp, fp, tn, fn = self._state_tp, self._state_fp, self._state_tn, self._state_fn
        if self.curve == "PR" and self.summation_method == "interpolation":
            return _out(_interpolated_pr_auc(tp, fp, fn))
        recall = _ratio(tp, tp + fn)
        x, y = (_ratio(fp, fp + tn), recall) if self.curve == "ROC" else (recall, _ratio(tp, tp + fp))
        if self.summation_method == "minoring":
            heights = np.minimum(y[:-1], y[1:])
        elif self.summation_method == "majoring":
            heights = np.maximum(y[:-1], y[1:])
        else:
            heights = (y[:-1] + y[1:]) / 2
        return _out(np.sum((x[:-1] - x[1:]) * heights))


def _interpolated_pr_auc(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> float:
    """Davis & Goadrich (2006): precision interpolated between thresholds, as Keras's ``interpolate_pr_auc``."""
    dtp = tp[:-1] - tp[1:]
    p = tp + fp
    dp = p[:-1] - p[1:]
    slope = _ratio(dtp, np.maximum(dp, 0))
    intercept = tp[1:] - slope * p[1:]
    both = (p[:-1] > 0) & (p[1:] > 0)
    ratio = np.where(both, _ratio(p[:-1], np.maximum(p[1:], 0)), 1.0)
    return float(np.sum(_ratio(slope * (dtp + intercept * np.log(ratio)), np.maximum(tp[1:] + fn[1:], 0))))


# ----------------------------------------------------------------- lookup
def confusion_matrix(y_true: Any, y_pred: Any, num_classes: int | None = None) -> np.ndarray:
    """``M[i, j]`` = number of samples of true class ``i`` predicted as class ``j`` (int64).

    Both may be class indices or score/one-hot rows (reduced by argmax). ``num_classes``
    defaults to the number of columns of 2-D predictions, else to the largest label + 1.
    """
    t, p = _array(y_true), _array(y_pred)
    if num_classes is None:
        if p.ndim == 2 and p.shape[1] > 1:
            num_classes = p.shape[1]
        elif t.ndim == 2 and t.shape[1] > 1:
            num_classes = t.shape[1]
    t_idx, p_idx = _to_indices(t, "confusion_matrix"), _to_indices(p, "confusion_matrix")
    if t_idx.shape != p_idx.shape:
        raise ShapeError(f"confusion_matrix: {t_idx.size} targets but {p_idx.size} predictions")
    if num_classes is None:
        num_classes = int(max(t_idx.max(initial=-1), p_idx.max(initial=-1))) + 1
    c = int(num_classes)
    t_idx = targets.class_labels(t_idx, c, "confusion_matrix")
    p_idx = targets.class_labels(p_idx, c, "confusion_matrix")
    return np.bincount(t_idx * c + p_idx, minlength=c * c).reshape(c, c).astype(np.int64)


def _to_indices(y: np.ndarray, name: str) -> np.ndarray:
    if y.ndim == 2 and y.shape[1] > 1:
        return np.argmax(y, axis=1)
    return targets.class_labels(targets.numeric(y, name).reshape(-1), None, name)


from ligero.metric_scores import F1Score, FBetaScore, R2Score  # noqa: E402  (they build on Metric above)

_CLASSES: dict[str, Any] = {
    "binary_accuracy": BinaryAccuracy, "categorical_accuracy": CategoricalAccuracy,
    "sparse_categorical_accuracy": SparseCategoricalAccuracy, "sign_accuracy": SignAccuracy,
    "top_k_categorical_accuracy": TopKCategoricalAccuracy,
    "sparse_top_k_categorical_accuracy": SparseTopKCategoricalAccuracy,
    "mean_squared_error": MeanSquaredError, "mse": MeanSquaredError,
    "mean_absolute_error": MeanAbsoluteError, "mae": MeanAbsoluteError,
    "mean_absolute_percentage_error": MeanAbsolutePercentageError, "mape": MeanAbsolutePercentageError,
    "mean_squared_logarithmic_error": MeanSquaredLogarithmicError, "msle": MeanSquaredLogarithmicError,
    "root_mean_squared_error": RootMeanSquaredError, "precision": Precision, "recall": Recall, "auc": AUC,
    "true_positives": TruePositives, "false_positives": FalsePositives, "true_negatives": TrueNegatives,
    "false_negatives": FalseNegatives,
    "f1_score": F1Score, "fbeta_score": FBetaScore, "r2_score": R2Score, "log_cosh_error": LogCoshError,
    "logcosh": LogCoshError, "kl_divergence": KLDivergence, "poisson": Poisson, "hinge": Hinge,
    "squared_hinge": SquaredHinge, "categorical_hinge": CategoricalHinge,
    "cosine_similarity": CosineSimilarity, "binary_crossentropy": BinaryCrossentropy, "bce": BinaryCrossentropy,
    "categorical_crossentropy": CategoricalCrossentropy,
    "sparse_categorical_crossentropy": SparseCategoricalCrossentropy,
}
_BY_CLASS_NAME = {cls.__name__: cls for cls in set(_CLASSES.values())} | {
    "Accuracy": Accuracy, "Mean": Mean, "Sum": Sum, "SensitivityAtSpecificity": SensitivityAtSpecificity,
    "SpecificityAtSensitivity": SpecificityAtSensitivity, "PrecisionAtRecall": PrecisionAtRecall,
    "RecallAtPrecision": RecallAtPrecision}


def names() -> list[str]:
    return sorted([*_CLASSES, "accuracy", "acc"])


def get(identifier: Any) -> Any:
    """A Metric from a name (a new object), a Metric (as it is), a class, a config dict, or a callable
    ``fn(y_true, y_pred)`` (returned as it is). ``"accuracy"`` alone means :class:`Accuracy` here;
    in ``compile`` :func:`resolve` picks the kind from the shapes."""
    if isinstance(identifier, Metric) or identifier is None:
        return identifier
    if isinstance(identifier, type) and issubclass(identifier, Metric):
        return identifier()
    if isinstance(identifier, dict):
        cls = _BY_CLASS_NAME.get(identifier.get("class_name", ""))
        if cls is None:
            raise unknown_name("metric", identifier.get("class_name"), _BY_CLASS_NAME)
        return cls.from_config(dict(identifier.get("config") or {}))
    if isinstance(identifier, str):
        key = identifier.lower()
        if key in ("accuracy", "acc"):
            return Accuracy(name=identifier)
        cls = _CLASSES.get(key)
        if cls is None:
            raise unknown_name("metric", identifier, names())
        return cls(name=identifier)
    if callable(identifier):
        return identifier
    raise ConfigError(f"a metric must be a name, a Metric or a callable, got {identifier!r}")


def resolve(identifier: Any, y_true_shape: tuple[int, ...], y_pred_shape: tuple[int, ...]) -> Metric:
    """The Metric object that ``compile(metrics=[identifier])`` tracks, named as Keras names it.

    ``"accuracy"``/``"acc"``: a one-unit output → BinaryAccuracy; targets of lower rank than the
    predictions, or of last dimension 1 with several outputs → SparseCategoricalAccuracy; else
    CategoricalAccuracy (Keras's rule, on the shapes alone). A name keeps the name given (``"mae"``
    logs as ``mae``); a function is wrapped in MeanMetricWrapper under its ``__name__``.
    """
    if isinstance(identifier, str) and identifier.lower() in ("accuracy", "acc"):
        binary = len(y_pred_shape) < 1 or y_pred_shape[-1] == 1
        sparse = len(y_true_shape) < len(y_pred_shape) or (
            len(y_true_shape) >= 1 and y_true_shape[-1] == 1 and y_pred_shape[-1] > 1)
        cls = BinaryAccuracy if binary else SparseCategoricalAccuracy if sparse else CategoricalAccuracy
        return cls(name=identifier)
    metric = get(identifier)
    if not isinstance(metric, Metric):
        metric = MeanMetricWrapper(metric, name=getattr(identifier, "__name__", "metric"))
    return metric


def serialize(metric: Any) -> Any:
    """A metric given by name stays its name; a built-in Metric becomes ``{"class_name", "config"}``."""
    if isinstance(metric, str):
        return metric
    if isinstance(metric, Metric) and type(metric).__name__ in _BY_CLASS_NAME:
        return {"class_name": type(metric).__name__, "config": metric.get_config()}
    raise ConfigError(f"cannot save custom metric {metric!r}; pass it again after loading")


binary_accuracy.__name__ = "binary_accuracy"
mse = MSE = _losses.mean_squared_error
mae = MAE = _losses.mean_absolute_error
mean_squared_error = _losses.mean_squared_error
mean_absolute_error = _losses.mean_absolute_error

__all__ = [
    "BinaryCrossentropy", "CategoricalCrossentropy", "CosineSimilarity", "F1Score", "FBetaScore", "KLDivergence",
    "LogCoshError", "Poisson", "R2Score", "SparseCategoricalCrossentropy",
    "FalseNegatives", "FalsePositives", "PrecisionAtRecall", "RecallAtPrecision", "SensitivityAtSpecificity",
    "SpecificityAtSensitivity", "TrueNegatives", "TruePositives",
    "AUC", "Accuracy", "BinaryAccuracy", "CategoricalAccuracy", "Mean", "MeanAbsoluteError",
    "MeanAbsolutePercentageError", "MeanMetricWrapper", "MeanSquaredError", "MeanSquaredLogarithmicError",
    "Metric", "Precision", "Recall", "RootMeanSquaredError", "SignAccuracy", "SparseCategoricalAccuracy",
    "SparseTopKCategoricalAccuracy", "Sum", "TopKCategoricalAccuracy", "accuracy", "binary_accuracy",
    "categorical_accuracy", "confusion_matrix", "get", "mae", "mean_absolute_error", "mean_squared_error",
    "mse", "names", "resolve", "serialize", "sign_accuracy", "sparse_categorical_accuracy",
    "sparse_top_k_categorical_accuracy", "top_k_categorical_accuracy",
    "Hinge", "SquaredHinge", "CategoricalHinge", "binary_crossentropy", "binary_focal_crossentropy",
    "categorical_crossentropy", "sparse_categorical_crossentropy", "hinge", "squared_hinge", "categorical_hinge",
    "huber", "log_cosh", "kl_divergence", "poisson", "mean_absolute_percentage_error",
    "mean_squared_logarithmic_error",
]
