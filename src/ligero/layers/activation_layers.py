"""Keras 3's activation layers: ReLU, LeakyReLU, ELU, PReLU, Softmax.

Each is a thin layer over the activation function of :mod:`ligero.activations`
(or the op :func:`ligero.ops.prelu.prelu`), whose docstrings give the formula and
the derivative; the arguments, their order, defaults and configs are Keras's.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero import activations, initializers
from ligero.errors import ConfigError, ShapeError
from ligero.layers.base import Layer, _unique_name
from ligero.layers.core import _regularizer, _serialize_regularizer
from ligero.ops.prelu import prelu
from ligero.tensor import Tensor

__all__ = ["ELU", "LeakyReLU", "PReLU", "ReLU", "Softmax"]


def _number(value: Any, what: str, layer: str, minimum: float | None = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
        raise ConfigError(f"{layer}: {what} must be a number, got {value!r}")
    if minimum is not None and value < minimum:
        raise ConfigError(f"{layer}: {what} must be >= {minimum}, got {value!r}")
    return float(value)


def _keras_name(kwargs: dict[str, Any], snake: str) -> dict[str, Any]:
    """``kwargs`` with Keras's default name (``re_lu``, ``leaky_re_lu``, ``p_re_lu``) unless one is given."""
    return {**kwargs, "name": kwargs.get("name") or _unique_name(snake)}


class ReLU(Layer):
    """``f(x) = max_value`` for x ≥ max_value, ``x`` for threshold ≤ x < max_value,
    ``negative_slope·(x − threshold)`` below ``threshold`` (defaults: plain ``max(x, 0)``)."""

    supports_masking = True  # passes a mask on unchanged, as in Keras

    def __init__(self, max_value: float | None = None, negative_slope: float = 0.0, threshold: float = 0.0,
                 **kwargs: Any) -> None:
        super().__init__(**_keras_name(kwargs, "re_lu"))
        self.max_value = None if max_value is None else _number(max_value, "max_value", "ReLU")
        self.negative_slope = _number(negative_slope, "negative_slope", "ReLU")
        self.threshold = _number(threshold, "threshold", "ReLU")

    def call(self, x: Tensor) -> Tensor:
        return activations.relu(x, self.negative_slope, self.max_value, self.threshold)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "max_value": self.max_value, "negative_slope": self.negative_slope,
                "threshold": self.threshold}


class LeakyReLU(Layer):
    """``f(x) = x`` for x > 0, else ``negative_slope·x`` (Keras's layer default 0.3; ``alpha=`` is
    Keras's older name of the slope and is still taken)."""

    supports_masking = True  # passes a mask on unchanged, as in Keras

    def __init__(self, negative_slope: float = 0.3, **kwargs: Any) -> None:
        if "alpha" in kwargs:
            negative_slope = kwargs.pop("alpha")
        super().__init__(**_keras_name(kwargs, "leaky_re_lu"))
        self.negative_slope = _number(negative_slope, "negative_slope", "LeakyReLU")

    def call(self, x: Tensor) -> Tensor:
        return activations.leaky_relu(x, self.negative_slope)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "negative_slope": self.negative_slope}


class ELU(Layer):
    """``f(x) = x`` for x > 0, else ``alpha·(eˣ − 1)``."""

    supports_masking = True  # passes a mask on unchanged, as in Keras

    def __init__(self, alpha: float = 1.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.alpha = _number(alpha, "alpha", "ELU", minimum=None)

    def call(self, x: Tensor) -> Tensor:
        return activations.elu(x, self.alpha)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "alpha": self.alpha}


class PReLU(Layer):
    """``f(x) = max(0, x) + α·min(0, x)`` with a trainable ``alpha`` of the input's shape (batch
    excluded), of size 1 along each of ``shared_axes`` (counted as Keras counts them: axis 0 is the
    batch, so ``shared_axes=[1, 2]`` shares one slope per channel of an (N, H, W, C) image)."""

    supports_masking = True  # passes a mask on unchanged, as in Keras

    def __init__(self, alpha_initializer: Any = "Zeros", alpha_regularizer: Any = None,
                 alpha_constraint: Any = None, shared_axes: Any = None, **kwargs: Any) -> None:
        super().__init__(**_keras_name(kwargs, "p_re_lu"))
        if alpha_constraint is not None:
            raise ConfigError("PReLU: alpha_constraint is not supported by ligero")
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = _regularizer(alpha_regularizer)
        if shared_axes is None:
            self.shared_axes = None
        else:
            axes = [shared_axes] if isinstance(shared_axes, (int, np.integer)) else list(shared_axes)
            if any(isinstance(a, bool) or not isinstance(a, (int, np.integer)) or a < 1 for a in axes):
                raise ConfigError(f"PReLU: shared_axes must be axes >= 1 (axis 0 is the batch), got {shared_axes!r}")
            self.shared_axes = [int(a) for a in axes]
        self.alpha = None


    def checked_axes(self) -> None:
        """Every axis: alpha has one value per position not shared."""
        return None

    def build(self, input_shape: tuple[int, ...]) -> None:
        shape = list(input_shape)
        for axis in self.shared_axes or ():
            if axis > len(shape):
                raise ShapeError(f"layer '{self.name}' (PReLU): shared axis {axis} is out of range for inputs of "
                                 f"shape {(None, *input_shape)}")
            shape[axis - 1] = 1
        self.alpha = self.add_weight(tuple(shape), self.alpha_initializer, regularizer=self.alpha_regularizer,
                                     name="alpha")

    def call(self, x: Tensor) -> Tensor:
        return prelu(x, self.alpha)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "alpha_initializer": initializers.serialize(self.alpha_initializer),
                "alpha_regularizer": _serialize_regularizer(self.alpha_regularizer), "alpha_constraint": None,
                "shared_axes": self.shared_axes}


class Softmax(Layer):
    """``s_i = e^(x_i) / Σ_j e^(x_j)`` along ``axis``. A ``mask`` is refused (ligero propagates no masks)."""

    supports_masking = True  # passes a mask on unchanged, as in Keras

    def __init__(self, axis: int = -1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
            raise ConfigError(f"Softmax: ligero takes one integer axis, got {axis!r}")
        self.axis = int(axis)

    def build(self, input_shape: tuple[int, ...]) -> None:
        rank = len(input_shape) + 1
        if not -rank <= self.axis < rank:
            raise ShapeError(f"layer '{self.name}' (Softmax): axis {self.axis} is out of range for inputs of "
                             f"shape {(None, *input_shape)}")

    def call(self, x: Tensor, mask: Any = None) -> Tensor:
        if mask is not None:
            raise NotImplementedError(f"layer '{self.name}' (Softmax): a mask is not supported by ligero")
        return activations.softmax(x, axis=self.axis)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "axis": self.axis}
