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


def expand_dims(x: Any, axis: int) -> Tensor:
    """``x`` with a new axis of length 1 at ``axis``."""
    x = as_tensor(x)
    return _ops.unsqueeze(x, axis if axis >= 0 else x.ndim + 1 + axis)


def squeeze(x: Any, axis: Any = None) -> Tensor:
    """``x`` without its axes of length 1 (only ``axis``, when given: Keras refuses one of another length)."""
    x = as_tensor(x)
    if axis is not None and x.shape[axis] != 1:
        raise ValueError(f"squeeze: axis {axis} of a tensor of shape {tuple(x.shape)} has length "
                         f"{x.shape[axis]}, not 1")
    return _ops.squeeze(x, axis)


def _indices(fn: Any, x: Any, axis: Any, keepdims: bool) -> Tensor:
    return Tensor(np.asarray(fn(convert_to_numpy(x), axis=axis, keepdims=keepdims), dtype=np.int32))


def argmax(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    """The index of the largest value along ``axis`` (of the flattened ``x`` when None), int32 as Keras."""
    return _indices(np.argmax, x, axis, keepdims)


def argmin(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    """The index of the smallest value along ``axis`` (of the flattened ``x`` when None), int32 as Keras."""
    return _indices(np.argmin, x, axis, keepdims)


def one_hot(x: Any, num_classes: int, axis: int = -1, dtype: Any = "float32") -> Tensor:
    """``out[..., c] = 1`` where ``x == c``, else 0 (an index outside ``[0, num_classes)`` gives a row of zeros)."""
    labels = convert_to_numpy(x).astype(np.int64)
    out = (labels[..., None] == np.arange(int(num_classes))).astype(dtype)
    return Tensor(np.moveaxis(out, -1, axis))


def norm(x: Any, ord: Any = None, axis: Any = None, keepdims: bool = False) -> Tensor:  # noqa: A002
    """The vector or matrix norm: ``√Σx²`` over every entry when ``ord`` and ``axis`` are None."""
    x = as_tensor(x)
    if ord is None:
        return _ops.sqrt(_ops.sum(_ops.mul(x, x), axis=axis, keepdims=keepdims))
    return Tensor(np.asarray(np.linalg.norm(convert_to_numpy(x), ord=ord, axis=axis, keepdims=keepdims),
                             dtype=x.array.dtype))


def shape(x: Any) -> tuple[int, ...]:
    return tuple(np.shape(x.array if isinstance(x, Tensor) else x))


__all__ = [
    "abs", "absolute", "add", "argmax", "argmin", "cast", "clip", "concatenate", "convert_to_numpy",
    "convert_to_tensor", "divide", "exp", "expand_dims", "log", "log_softmax", "matmul", "max", "maximum", "mean",
    "min", "minimum", "multiply", "negative", "norm", "one_hot", "power", "relu", "reshape", "shape", "sigmoid",
    "softmax", "sqrt", "square", "squeeze", "stack", "subtract", "sum", "tanh", "transpose", "where",
]
