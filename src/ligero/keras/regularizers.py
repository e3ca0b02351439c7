"""``keras.regularizers``: re-exports ligero's one implementation, ``ligero.regularizers``, and adds
Keras's :class:`OrthogonalRegularizer`."""

from typing import Any

import numpy as np

from ligero import ops
from ligero.errors import ConfigError
from ligero.regularizers import *  # noqa: F403 - this module is the public face of ligero.regularizers
from ligero.regularizers import Regularizer, _factor
from ligero.regularizers import __all__ as _ALL
from ligero.tensor import Tensor

_EPSILON = 1e-7  # Keras's backend.epsilon(): normalize() caps 1/‖x‖ at 1/ε


class OrthogonalRegularizer(Regularizer):
    """Keras's OrthogonalRegularizer for a 2-D weight ``W``: with ``X`` the rows (``mode="rows"``)
    or the columns of ``W`` scaled to unit L2 norm and ``P = X·Xᵀ`` (n × n, n of them),
    ``R(W) = factor · ½ · Σ_{i≠j} |P_ij| / (n·(n-1)/2)``: the mean absolute cosine between pairs."""

    def __init__(self, factor: float = 0.01, mode: str = "rows") -> None:
        if mode not in ("rows", "columns"):
            raise ConfigError(f"OrthogonalRegularizer: mode must be 'rows' or 'columns', got {mode!r}")
        self.factor, self.mode = float(np.float32(_factor("factor", factor))), mode  # Keras keeps a float32

    def __call__(self, weight: Any) -> Tensor:
        w = weight if isinstance(weight, Tensor) else Tensor(weight)
        if w.ndim != 2:
            raise ConfigError(f"OrthogonalRegularizer needs a 2-D weight, got shape {tuple(w.shape)}")
        x = w if self.mode == "rows" else ops.transpose(w)
        inv_norm = ops.minimum(ops.rsqrt(ops.sum(ops.mul(x, x), axis=1, keepdims=True)), 1.0 / _EPSILON)
        x = ops.mul(x, inv_norm)
        n = x.shape[0]
        off_diagonal = ops.mul(ops.matmul(x, ops.transpose(x)), Tensor(1.0 - np.eye(n, dtype=x.array.dtype)))
        return ops.mul(ops.sum(ops.abs(off_diagonal)), self.factor * 0.5 / (n * (n - 1.0) / 2.0))

    def get_config(self) -> dict[str, Any]:
        return {"factor": self.factor, "mode": self.mode}


orthogonal_regularizer = OrthogonalRegularizer


def serialize(regularizer: Any) -> Any:
    """Keras's description: ``{"module", "class_name", "config", "registered_name"}`` (None stays None)."""
    from ligero.keras._keras_config import _regularizer

    return _regularizer(regularizer)


def deserialize(config: Any, custom_objects: dict[str, Any] | None = None) -> Any:
    """The regularizer ``config`` describes (Keras's form, ligero's ``{"name": ...}`` form or a name)."""
    from ligero.keras._keras_config import _plain_regularizer

    if isinstance(config, dict) and custom_objects and config.get("class_name") in custom_objects:
        return custom_objects[config["class_name"]].from_config(config.get("config") or {})
    plain = _plain_regularizer(config)
    return plain if isinstance(plain, Regularizer) else get(plain)  # noqa: F405 - ligero.regularizers.get

__all__ = [*_ALL, "OrthogonalRegularizer", "deserialize", "orthogonal_regularizer"]
