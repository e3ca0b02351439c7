"""``keras.ops``: the differentiable ops that custom losses, metrics and layers are written with,
each one of ligero's ops (``ligero.ops``) under Keras's name."""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero import ops as _ops
from ligero.tensor import Tensor, as_tensor

abs = absolute = _ops.abs  # noqa: A001 - Keras's names
add, subtract, multiply, divide = _ops.add, _ops.sub, _ops.mul, _ops.div
matmul, maximum, minimum, where, clip = _ops.matmul, _ops.maximum, _ops.minimum, _ops.where, _ops.clip
exp, log, sqrt, tanh, sigmoid, relu = _ops.exp, _ops.log, _ops.sqrt, _ops.tanh, _ops.sigmoid, _ops.relu
softmax, log_softmax, reshape, transpose = _ops.softmax, _ops.log_softmax, _ops.reshape, _ops.transpose
concatenate, stack, power = _ops.concatenate, _ops.stack, _ops.pow
sum, mean, max, min = _ops.sum, _ops.mean, _ops.max, _ops.min  # noqa: A001


def square(x: Any) -> Tensor:
    """``x²``."""
    x = as_tensor(x)
    return x * x


def negative(x: Any) -> Tensor:
    return -as_tensor(x)


def convert_to_tensor(x: Any, dtype: Any = None, sparse: Any = None) -> Tensor:
    """``x`` as a Tensor (floating values float32 unless ``dtype`` says otherwise, as Keras's floatx)."""
    value = np.asarray(x.array if isinstance(x, Tensor) else x)
    if dtype is None and value.dtype == np.float64 and not isinstance(x, np.ndarray):
        dtype = "float32"  # Python floats become floatx; a float64 ndarray keeps its dtype, as in Keras
    return Tensor(value if dtype is None else value.astype(dtype))


def convert_to_numpy(x: Any) -> np.ndarray:
    return np.array(x.array if isinstance(x, Tensor) else x)


def cast(x: Any, dtype: Any) -> Tensor:
    return as_tensor(x).astype(dtype)


def shape(x: Any) -> tuple[int, ...]:
    return tuple(np.shape(x.array if isinstance(x, Tensor) else x))


__all__ = [
    "abs", "absolute", "add", "cast", "clip", "concatenate", "convert_to_numpy", "convert_to_tensor", "divide",
    "exp", "log", "log_softmax", "matmul", "max", "maximum", "mean", "min", "minimum", "multiply", "negative",
    "power", "relu", "reshape", "shape", "sigmoid", "softmax", "sqrt", "square", "stack", "subtract", "sum", "tanh",
    "transpose", "where",
]
