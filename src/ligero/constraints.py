"""Weight constraints (Keras's ``keras.constraints``): a function applied to a weight after every
optimizer update, ``W ← c(W)`` (``Dense(..., kernel_constraint=MaxNorm(3))``).

A constraint is called on the weight as a Tensor and returns its new value; the optimizer writes it
back in place. With ``n = ‖W‖₂`` taken along ``axis`` (the input axis of a Dense kernel: each unit's
incoming weights) and ε Keras's fuzz factor (``keras.config.epsilon()``):

- ``MaxNorm(m)``: ``W · clip(n, 0, m) / (ε + n)``;
- ``NonNeg()``: ``W · [W ≥ 0]``;
- ``UnitNorm()``: ``W / (ε + n)``;
- ``MinMaxNorm(lo, hi, rate)``: ``W · (rate·clip(n, lo, hi) + (1 - rate)·n) / (ε + n)``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero import losses as _losses
from ligero import ops
from ligero.errors import unknown_name
from ligero.tensor import Tensor, as_tensor


class Constraint:
    """Base class: ``__call__(w)`` returns the constrained weight; ``get_config`` its arguments."""

    def __call__(self, w: Any) -> Any:
        return w

    def get_config(self) -> dict[str, Any]:
        return {}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Constraint:
        return cls(**config)


def _norms(w: Tensor, axis: Any) -> Tensor:
    return ops.sqrt(ops.sum(ops.mul(w, w), axis, True))


class MaxNorm(Constraint):
    """Each slice along ``axis`` keeps an L2 norm of at most ``max_value``."""

    def __init__(self, max_value: float = 2, axis: Any = 0) -> None:
        self.max_value, self.axis = max_value, axis

    def __call__(self, w: Any) -> Tensor:
        w = as_tensor(w)
        norms = _norms(w, self.axis)
        desired = ops.clip(norms, 0, self.max_value)
        return ops.mul(w, ops.div(desired, ops.add(norms, _losses.EPSILON)))

    def get_config(self) -> dict[str, Any]:
        return {"max_value": self.max_value, "axis": self.axis}


class NonNeg(Constraint):
    """Negative weights become zero."""

    def __call__(self, w: Any) -> Tensor:
        w = as_tensor(w)
        return ops.where(w.array >= 0, w, 0.0)


class UnitNorm(Constraint):
    """Each slice along ``axis`` scaled to unit L2 norm."""

    def __init__(self, axis: Any = 0) -> None:
        self.axis = axis

    def __call__(self, w: Any) -> Tensor:
        w = as_tensor(w)
        return ops.div(w, ops.add(_norms(w, self.axis), _losses.EPSILON))

    def get_config(self) -> dict[str, Any]:
        return {"axis": self.axis}


class MinMaxNorm(Constraint):
    """Each slice's L2 norm moved (at ``rate``) into ``[min_value, max_value]``."""

    def __init__(self, min_value: float = 0.0, max_value: float = 1.0, rate: float = 1.0, axis: Any = 0) -> None:
        self.min_value, self.max_value, self.rate, self.axis = min_value, max_value, rate, axis

    def __call__(self, w: Any) -> Tensor:
        w = as_tensor(w)
        norms = _norms(w, self.axis)
        desired = ops.add(ops.mul(ops.clip(norms, self.min_value, self.max_value), self.rate),
                          ops.mul(norms, 1 - self.rate))
        return ops.mul(w, ops.div(desired, ops.add(norms, _losses.EPSILON)))

    def get_config(self) -> dict[str, Any]:
        return {"min_value": self.min_value, "max_value": self.max_value, "rate": self.rate, "axis": self.axis}


max_norm, non_neg, unit_norm, min_max_norm = MaxNorm, NonNeg, UnitNorm, MinMaxNorm

_CLASSES: dict[str, type] = {"MaxNorm": MaxNorm, "NonNeg": NonNeg, "UnitNorm": UnitNorm, "MinMaxNorm": MinMaxNorm,
                             "max_norm": MaxNorm, "non_neg": NonNeg, "unit_norm": UnitNorm,
                             "min_max_norm": MinMaxNorm}


def get(identifier: Any) -> Any:
    """A constraint from a name, a config dict, an instance or a callable (None stays None)."""
    if identifier is None or callable(identifier):
        return identifier
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        if identifier not in _CLASSES:
            raise unknown_name("constraint", identifier, sorted(_CLASSES))
        return _CLASSES[identifier]()
    raise ValueError(f"Could not interpret constraint identifier: {identifier!r}")


def serialize(constraint: Any) -> Any:
    """Keras's form ``{"module", "class_name", "config", "registered_name"}`` (None stays None)."""
    if constraint is None:
        return None
    return {"module": "keras.constraints", "class_name": type(constraint).__name__,
            "config": constraint.get_config(), "registered_name": None}


def deserialize(config: dict[str, Any], custom_objects: dict[str, Any] | None = None) -> Constraint:
    """The constraint a :func:`serialize` dict describes (only the known classes and ``custom_objects``)."""
    known = {**_CLASSES, **(custom_objects or {})}
    name = config.get("class_name")
    if name not in known:
        raise unknown_name("constraint", str(name), sorted(known))
    return known[name].from_config(config.get("config") or {})


def apply_constraint(param: Any) -> None:
    """``param ← constraint(param)`` in place, if the parameter has a constraint (after an update)."""
    constraint = getattr(param, "constraint", None)
    if constraint is not None:
        new = constraint(Tensor(param.array))
        param.array[...] = new.array if isinstance(new, Tensor) else np.asarray(new)


__all__ = ["Constraint", "MaxNorm", "MinMaxNorm", "NonNeg", "UnitNorm", "deserialize", "get", "max_norm",
           "min_max_norm", "non_neg", "serialize", "unit_norm"]
