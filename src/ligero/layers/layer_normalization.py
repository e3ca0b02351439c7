"""Keras's LayerNormalization: each sample normalized over its own ``axis`` (the last by default)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero import initializers, ops
from ligero.errors import ConfigError, ShapeError
from ligero.layers.base import Layer
from ligero.layers.core import _regularizer, _serialize_regularizer
from ligero.ops.layer_norm import normalize_trailing
from ligero.tensor import Tensor

__all__ = ["LayerNormalization"]


class LayerNormalization(Layer):
    """``y = γ ⊙ (x − μ) / √(σ² + ε) + β`` with ``μ`` and the biased ``σ²`` of each sample over
    ``axis`` (an int or a list; -1: the features), ``γ`` and ``β`` of the shape of those axes.

    The normalization is :func:`ligero.ops.layer_norm.normalize_trailing` (the axes moved last
    when they are not); ``γ`` and ``β`` are applied with ordinary ops.
    """

    supports_masking = True  # passes a mask on unchanged, as in Keras

    def __init__(self, axis: Any = -1, epsilon: float = 1e-3, center: bool = True, scale: bool = True,
                 beta_initializer: Any = "zeros", gamma_initializer: Any = "ones", beta_regularizer: Any = None,
                 gamma_regularizer: Any = None, beta_constraint: Any = None, gamma_constraint: Any = None,
                 **kwargs: Any) -> None:
        if kwargs.pop("rms_scaling", False):
            raise ConfigError("LayerNormalization: rms_scaling is not supported by ligero")
        super().__init__(**kwargs)
        axes = list(axis) if isinstance(axis, (list, tuple)) else axis
        listed = axes if isinstance(axes, list) else [axes]
        if not all(isinstance(a, int) and not isinstance(a, bool) for a in listed):
            raise ConfigError(f"LayerNormalization: axis must be an int or a list of ints, got {axis!r}")
        if beta_constraint is not None or gamma_constraint is not None:
            raise ConfigError("LayerNormalization: constraints are not supported by ligero")
        self.axis, self.epsilon = axes, float(epsilon)
        self.center, self.scale = bool(center), bool(scale)
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = _regularizer(beta_regularizer)
        self.gamma_regularizer = _regularizer(gamma_regularizer)
        self.gamma = self.beta = None


    def checked_axes(self) -> tuple[int, ...] | None:
        """The normalized axes (they hold gamma and beta); every axis before the layer is built."""
        axes = getattr(self, "_axes", None)
        return None if axes is None else tuple(a - 1 for a in axes)

    def build(self, input_shape: tuple[int, ...]) -> None:
        rank = len(input_shape) + 1
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        if any(not -rank <= a < rank or a % rank == 0 for a in axes):
            raise ShapeError(f"layer '{self.name}' (LayerNormalization): axis {self.axis} is not a feature axis "
                             f"of inputs of shape {(None, *input_shape)}")
        self.axis = sorted(axes)
        self._axes = sorted(a % rank for a in axes)
        shape = tuple((None, *input_shape)[a] for a in self._axes)
        if self.scale:
            self.gamma = self.add_weight(shape, self.gamma_initializer, regularizer=self.gamma_regularizer,
                                         name="gamma")
        if self.center:
            self.beta = self.add_weight(shape, self.beta_initializer, regularizer=self.beta_regularizer,
                                        name="beta")

    def call(self, x: Tensor) -> Tensor:
        rank, axes = x.ndim, self._axes
        others = [a for a in range(rank) if a not in axes]
        order = others + axes
        moved = order != list(range(rank))
        y = normalize_trailing(ops.permute(x, order) if moved else x, len(axes), self.epsilon)
        if moved:
            y = ops.permute(y, list(np.argsort(order)))
        broadcast = tuple(x.shape[a] if a in axes else 1 for a in range(rank))
        if self.gamma is not None:
            y = ops.mul(y, ops.reshape(self.gamma, broadcast))
        if self.beta is not None:
            y = ops.add(y, ops.reshape(self.beta, broadcast))
        return y

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "axis": self.axis, "epsilon": self.epsilon, "center": self.center,
                "scale": self.scale, "beta_initializer": initializers.serialize(self.beta_initializer),
                "gamma_initializer": initializers.serialize(self.gamma_initializer),
                "beta_regularizer": _serialize_regularizer(self.beta_regularizer),
                "gamma_regularizer": _serialize_regularizer(self.gamma_regularizer),
                "beta_constraint": None, "gamma_constraint": None}
