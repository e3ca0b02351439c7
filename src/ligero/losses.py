"""Loss functions: ``loss(y_pred: Tensor, y_true) -> scalar Tensor``.

Each states its exact formula. ``N`` is the number of samples (rows) and
``C`` the number of outputs. Targets are NumPy arrays (or Tensors) and get no
gradient. Look a loss up by name with :func:`get`.
"""

from __future__ import annotations

import warnings
from typing import Any

from ligero import ops, targets
from ligero.errors import ConfigError, ShapeError
from ligero.tensor import Tensor, as_tensor, is_probability_output, logits_of


class Loss:
    """Base class: subclasses define ``__call__(y_pred, y_true)`` and ``name``."""

    name = "loss"

    def __call__(self, y_pred: Tensor, y_true: Any) -> Tensor:
        raise NotImplementedError

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name}

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class MeanSquaredError(Loss):
    """Mean squared error.

    ``average="samples"`` (default; the course's MSE):
        ``L = (1/N) Σ_n ||y_n - t_n||²``  (summed over the C outputs).
    ``average="elements"`` (Keras's and PyTorch's ``mse``):
        ``L = (1/(N·C)) Σ_n Σ_c (y_nc - t_nc)²``.
    The two differ by the factor C, and so do their gradients.
    """

    def __init__(self, average: str = "samples") -> None:
        if average not in ("samples", "elements"):
            raise ConfigError(f"MeanSquaredError: average must be 'samples' or 'elements', got {average!r}")
        self.average = average
        self.name = "mse" if average == "samples" else "mse_elements"

    def __call__(self, y_pred: Tensor, y_true: Any) -> Tensor:
        return ops.squared_error(y_pred, y_true, average=self.average)

    def get_config(self) -> dict[str, Any]:
        return {"name": "mse", "average": self.average}


class CategoricalCrossentropy(Loss):
    """Categorical cross-entropy ``L = -(1/N) Σ_n Σ_c t_nc · log p_nc``.

    ``t`` are class indices (N,) or one-hot / probability rows (N, C). What ``p``
    is depends on ``from_logits``:

    - ``None`` (default, automatic): if the predictions came out of a softmax
      over the class axis (the op marks its output with its logits,
      :func:`ligero.tensor.attach_logits`), ``p`` is that softmax, computed from
      its input in one fused, stable step; any other predictions are class *scores* and
      ``p = softmax(y)`` (as PyTorch's ``CrossEntropyLoss`` takes scores). So
      ``Dense(10)`` and ``Dense(10, activation="softmax")`` both train as the
      course's softmax + cross-entropy. (A softmax over another axis is taken
      as probabilities, as with ``False``.)
    - ``True``: the predictions are scores, ``p = softmax(y)``.
    - ``False``: the predictions are probabilities (a softmax output still takes
      the fused path); others are clipped to ``[eps, 1]`` before the log, and
      values outside ``[0, 1]`` give a RuntimeWarning.
    """

    name = "categorical_crossentropy"

    def __init__(self, from_logits: bool | None = None, eps: float = 1e-7) -> None:
        self.from_logits = None if from_logits is None else bool(from_logits)
        self.eps = float(eps)

    def __call__(self, y_pred: Tensor, y_true: Any) -> Tensor:
        y_pred = as_tensor(y_pred)
        if self.from_logits:
            return ops.cross_entropy(y_pred, y_true)
        logits = logits_of(y_pred)
        if logits is not None and y_pred.ndim == 2:
            return ops.cross_entropy(logits, y_true)  # a softmax over the classes: fused, from its input
        if y_pred.ndim != 2:
            raise ShapeError(f"categorical_crossentropy: predictions must be (N, C), got {y_pred.shape}")
        if self.from_logits is None and not is_probability_output(y_pred):
            return ops.cross_entropy(y_pred, y_true)
        _warn_if_not_probabilities(y_pred, self.name)
        dense = targets.dense_class_targets(y_true, y_pred.shape, y_pred.dtype, "categorical_crossentropy")
        log_p = ops.log(ops.clip(y_pred, self.eps, 1.0))
        return -(log_p * dense).sum() / y_pred.shape[0]

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "from_logits": self.from_logits}


class BinaryCrossentropy(Loss):
    """Binary cross-entropy ``L = -(1/(N·C)) Σ [t log p + (1-t) log(1-p)]``, targets in {0, 1}.

    With ``from_logits=True`` (or predictions straight out of a sigmoid, which marks them with its logits),
    it is computed stably from the logits z as ``mean(max(z,0) - z·t + log(1 + e^-|z|))``.
    Other predictions are clipped to ``[eps, 1 - eps]`` (a RuntimeWarning if
    some lie outside ``[0, 1]``: they are not probabilities).
    """

    name = "binary_crossentropy"

    def __init__(self, from_logits: bool = False, eps: float = 1e-7) -> None:
        self.from_logits, self.eps = bool(from_logits), float(eps)

    def __call__(self, y_pred: Tensor, y_true: Any) -> Tensor:
        y_pred = as_tensor(y_pred)
        t = targets.shaped_like(y_true, y_pred.shape, self.name).astype(y_pred.dtype, copy=False)
        z = y_pred if self.from_logits else logits_of(y_pred)  # the scores, or a sigmoid's input
        if z is not None:
            softplus = ops.log(1 + ops.exp(-ops.abs(z)))
            return (ops.relu(z) - z * t + softplus).mean()
        _warn_if_not_probabilities(y_pred, self.name)
        p = ops.clip(y_pred, self.eps, 1 - self.eps)
        return -(t * ops.log(p) + (1 - t) * ops.log(1 - p)).mean()

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "from_logits": self.from_logits}


class MulticlassHinge(Loss):
    """Multiclass SVM (Weston-Watkins / CS231n) hinge loss on class scores ``s``:

    ``L = (1/N) Σ_n Σ_{j ≠ y_n} max(0, s_nj - s_n,y_n + Δ)`` with margin ``Δ`` (default 1).
    Targets are class indices (N,) or one-hot rows.
    """

    name = "multiclass_hinge"

    def __init__(self, margin: float = 1.0) -> None:
        self.margin = float(margin)

    def __call__(self, y_pred: Tensor, y_true: Any) -> Tensor:
        y_pred = as_tensor(y_pred)
        if y_pred.ndim != 2:
            raise ShapeError(f"hinge: scores must be (N, C), got {y_pred.shape}")
        onehot = targets.dense_class_targets(y_true, y_pred.shape, y_pred.dtype, "hinge")
        correct = (y_pred * onehot).sum(axis=1, keepdims=True)
        margins = ops.relu(y_pred - correct + self.margin) * (1 - onehot)
        return margins.sum() / y_pred.shape[0]

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "margin": self.margin}


def _warn_if_not_probabilities(y_pred: Tensor, name: str) -> None:
    data = y_pred.array
    if data.size and (data.min() < -1e-6 or data.max() > 1 + 1e-6):
        warnings.warn(  # one fixed text per loss, so that Python shows it once, not every batch
            f"{name}: the predictions are not probabilities (some lie outside [0, 1]); end the "
            "model with a softmax/sigmoid output, or pass from_logits=True for scores",
            RuntimeWarning,
            stacklevel=3,
        )


_BY_NAME: dict[str, Any] = {
    "mse": lambda **kw: MeanSquaredError(**kw),
    "mean_squared_error": lambda **kw: MeanSquaredError(**kw),
    "mse_elements": lambda **kw: MeanSquaredError(average="elements", **kw),
    "categorical_crossentropy": CategoricalCrossentropy,
    "cce": CategoricalCrossentropy,
    "cross_entropy": lambda **kw: CategoricalCrossentropy(**kw),
    "sparse_categorical_crossentropy": CategoricalCrossentropy,
    "binary_crossentropy": BinaryCrossentropy,
    "bce": BinaryCrossentropy,
    "hinge": MulticlassHinge,
    "multiclass_hinge": MulticlassHinge,
    "svm": MulticlassHinge,
}


def names() -> list[str]:
    return sorted(_BY_NAME)


def get(spec: Any) -> Loss:
    """A loss from a name (``"mse"``, ``"categorical_crossentropy"``, ``"hinge"``...),
    a config dict, a Loss instance, or a callable ``f(y_pred, y_true) -> Tensor``."""
    if isinstance(spec, Loss):
        return spec
    if isinstance(spec, dict):
        spec = dict(spec)
        name = spec.pop("name")
        factory = _BY_NAME.get(str(name).lower())
        if factory is None:
            raise ConfigError(f"unknown loss {name!r}; known losses: {', '.join(names())}")
        return factory(**spec)
    if isinstance(spec, str):
        factory = _BY_NAME.get(spec.lower())
        if factory is None:
            raise ConfigError(f"unknown loss {spec!r}; known losses: {', '.join(names())}")
        return factory()
    if callable(spec):
        return _Custom(spec)
    raise ConfigError(f"a loss must be a name, a Loss or a callable, got {spec!r}")


class _Custom(Loss):
    def __init__(self, fn: Any) -> None:
        self.fn = fn
        self.name = getattr(fn, "__name__", "custom")

    def __call__(self, y_pred: Tensor, y_true: Any) -> Tensor:
        return self.fn(y_pred, y_true)

    def get_config(self) -> dict[str, Any]:
        raise ConfigError(f"cannot save the custom loss {self.name!r}: it is Python code")


__all__ = [
    "BinaryCrossentropy",
    "CategoricalCrossentropy",
    "Loss",
    "MeanSquaredError",
    "MulticlassHinge",
    "get",
    "names",
]
