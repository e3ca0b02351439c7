"""Keras's per-sample normalizations: LayerNormalization (each sample over its own ``axis``, the last by
default), GroupNormalization (each sample's channels in groups), RMSNormalization and UnitNormalization."""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero import constraints, initializers, ops
from ligero.errors import ConfigError, ShapeError
from ligero.layers.base import Layer
from ligero.layers.core import _regularizer, _serialize_regularizer
from ligero.ops.layer_norm import normalize_trailing
from ligero.tensor import Tensor

__all__ = ["GroupNormalization", "LayerNormalization", "RMSNormalization", "UnitNormalization"]


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


class GroupNormalization(Layer):
    """Keras's GroupNormalization: the ``C`` channels on ``axis`` in ``groups`` groups of ``C/groups``; each
    sample's group normalized over its channels and every other non-batch axis, then scaled and shifted
    per channel: ``y = (x − μ_g)·γ/√(σ²_g + ε) + β`` (``σ²`` biased). ``groups=-1`` makes each channel a
    group (instance normalization), ``groups=1`` one group (layer normalization over every feature).

    Computed in Keras's order: ``inv = γ/√(σ² + ε)``, ``y = x·inv + (β − μ·inv)``, from ordinary ops.
    """

    supports_masking = True

    def __init__(self, groups: int = 32, axis: int = -1, epsilon: float = 1e-3, center: bool = True,
                 scale: bool = True, beta_initializer: Any = "zeros", gamma_initializer: Any = "ones",
                 beta_regularizer: Any = None, gamma_regularizer: Any = None, beta_constraint: Any = None,
                 gamma_constraint: Any = None, **kwargs: Any) -> None:
        if isinstance(groups, bool) or not isinstance(groups, int) or (groups <= 0 and groups != -1):
            raise ConfigError("Received an invalid value for argument `groups`, expected a positive integer (or "
                              f"`-1` for instance normalization). Received: groups={groups}")
        if isinstance(axis, bool) or not isinstance(axis, int):
            raise ConfigError(f"GroupNormalization: axis must be an int, got {axis!r}")
        super().__init__(**kwargs)
        self.groups, self.axis, self.epsilon = groups, axis, float(epsilon)
        self.center, self.scale = bool(center), bool(scale)
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = _regularizer(beta_regularizer)
        self.gamma_regularizer = _regularizer(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.gamma = self.beta = None

    def build(self, input_shape: tuple[int, ...]) -> None:
        rank = len(input_shape) + 1
        if not -rank <= self.axis < rank or self.axis % rank == 0:
            raise ShapeError(f"layer '{self.name}' (GroupNormalization): axis {self.axis} is not a feature axis of "
                             f"inputs of shape {(None, *input_shape)}")
        dim = (None, *input_shape)[self.axis]
        if dim is None:
            raise ShapeError(f"Axis {self.axis} of input tensor should have a defined dimension but the layer "
                             f"received an input with shape {(None, *input_shape)}.")
        if self.groups == -1:
            self.groups = dim
        if dim < self.groups:
            raise ConfigError(f"Number of groups ({self.groups}) cannot be more than the number of channels ({dim}).")
        if dim % self.groups:
            raise ConfigError(f"Number of groups ({self.groups}) must be a multiple of the number of channels ({dim}).")
        if self.scale:
            self.gamma = self.add_weight((dim,), self.gamma_initializer, regularizer=self.gamma_regularizer,
                                         constraint=self.gamma_constraint, name="gamma")
        if self.center:
            self.beta = self.add_weight((dim,), self.beta_initializer, regularizer=self.beta_regularizer,
                                        constraint=self.beta_constraint, name="beta")

    def call(self, x: Tensor) -> Tensor:
        shape, axis = list(x.shape), self.axis % x.ndim
        per_group = shape[axis] // self.groups
        grouped = ops.reshape(x, shape[:axis] + [self.groups, per_group] + shape[axis + 1:])
        over = tuple(a for a in range(1, x.ndim + 1) if a != axis)  # all but the batch and the group axes
        mean = ops.mean(grouped, over, keepdims=True)
        centered = grouped - mean
        inv = ops.rsqrt(ops.mean(centered * centered, over, keepdims=True) + self.epsilon)
        broadcast = [1] * (x.ndim + 1)
        broadcast[axis], broadcast[axis + 1] = self.groups, per_group
        if self.gamma is not None:
            inv = inv * ops.reshape(self.gamma, broadcast)
        shift = -mean * inv
        if self.beta is not None:
            shift = shift + ops.reshape(self.beta, broadcast)
        return ops.reshape(grouped * inv + shift, shape)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "groups": self.groups, "axis": self.axis, "epsilon": self.epsilon,
                "center": self.center, "scale": self.scale,
                "beta_initializer": initializers.serialize(self.beta_initializer),
                "gamma_initializer": initializers.serialize(self.gamma_initializer),
                "beta_regularizer": _serialize_regularizer(self.beta_regularizer),
                "gamma_regularizer": _serialize_regularizer(self.gamma_regularizer),
                "beta_constraint": constraints.serialize(self.beta_constraint),
                "gamma_constraint": constraints.serialize(self.gamma_constraint)}


def _trailing_axes(axis: Any, rank: int, where: str) -> list[int]:
    """``axis`` (an int or a list) as the sorted non-negative axes; they must be the last ones (ligero's
    restriction, where Keras's torch backend normalizes the trailing axes too)."""
    axes = sorted(a % rank for a in (axis if isinstance(axis, (list, tuple)) else [axis]))
    if axes != list(range(rank - len(axes), rank)) or 0 in axes:
        raise ShapeError(f"{where}: axis {axis} must be the last axes of inputs of rank {rank} (ligero normalizes "
                         "the trailing axes)")
    return axes


class RMSNormalization(Layer):
    """Keras's RMSNormalization: ``y = x / √(mean(x²) + ε) · scale`` over ``axis`` (the last axes), ``scale`` a
    weight of their shape starting at ones (Zhang & Sennrich's RMS norm, no centring)."""

    supports_masking = True

    def __init__(self, axis: Any = -1, epsilon: float = 1e-6, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.axis, self.epsilon = (list(axis) if isinstance(axis, (list, tuple)) else axis), float(epsilon)
        self.scale = None

    def build(self, input_shape: tuple[int, ...]) -> None:
        full = (None, *input_shape)
        self._axes = _trailing_axes(self.axis, len(full), f"layer '{self.name}' (RMSNormalization)")
        self.axis = sorted(self.axis) if isinstance(self.axis, list) else [self.axis]  # as Keras keeps it
        self.scale = self.add_weight(tuple(full[a] for a in self._axes), "ones", name="scale")

    def call(self, x: Tensor) -> Tensor:
        squares = ops.mean(x * x, tuple(self._axes), keepdims=True)
        return x * ops.rsqrt(squares + self.epsilon) * self.scale

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "axis": self.axis, "epsilon": self.epsilon}


class UnitNormalization(Layer):
    """Keras's UnitNormalization: each sample scaled to unit L2 norm along ``axis``, ``y = x / max(‖x‖₂, 1e-12)``."""

    supports_masking = True

    def __init__(self, axis: Any = -1, **kwargs: Any) -> None:
        if isinstance(axis, (list, tuple)) and len(axis) == 1:
            axis = list(axis)
        elif isinstance(axis, bool) or not isinstance(axis, int):
            raise TypeError("Invalid value for `axis` argument: expected an int or a list/tuple of ints. Received: "
                            f"axis={axis}" + (" (ligero takes one axis)" if isinstance(axis, (list, tuple)) else ""))
        super().__init__(**kwargs)
        self.axis = axis

    def call(self, x: Tensor) -> Tensor:
        axis = self.axis[0] if isinstance(self.axis, list) else self.axis
        norm = ops.sqrt(ops.sum(x * x, axis, keepdims=True))
        return x / ops.maximum(norm, 1e-12)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "axis": self.axis}
