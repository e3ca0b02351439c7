"""``keras.ops`` creation functions: new tensors (no gradient), float32 unless ``dtype`` says otherwise,
``arange`` of integers int32, as Keras."""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.keras.ops.core import FLOATX, convert_to_tensor, wrap
from ligero.tensor import Tensor


def _dtype(dtype: Any, default: Any = FLOATX) -> np.dtype:
    return np.dtype(default if dtype is None else dtype)


def _shape(shape: Any) -> tuple[int, ...]:
    return (int(shape),) if np.ndim(shape) == 0 else tuple(int(n) for n in shape)


def arange(start: Any, stop: Any = None, step: Any = None, dtype: Any = None) -> Tensor:
    """``start, start + step, ...`` below ``stop`` (``arange(n)`` is ``0 … n-1``); int32 when all are ints."""
    if stop is None:
        start, stop = 0, start
    step = 1 if step is None else step
    ints = all(isinstance(v, (int, np.integer)) for v in (start, stop, step))
    return wrap(np.arange(start, stop, step, dtype=_dtype(dtype, np.int32 if ints else FLOATX)))


def zeros(shape: Any, dtype: Any = None) -> Tensor:
    return wrap(np.zeros(_shape(shape), _dtype(dtype)))


def ones(shape: Any, dtype: Any = None) -> Tensor:
    return wrap(np.ones(_shape(shape), _dtype(dtype)))


def full(shape: Any, fill_value: Any, dtype: Any = None) -> Tensor:
    """A tensor of ``shape`` filled with ``fill_value`` (float32 unless ``dtype`` says otherwise)."""
    return wrap(np.full(_shape(shape), np.asarray(getattr(fill_value, "array", fill_value)), _dtype(dtype)))


def _like(x: Any, dtype: Any) -> tuple[tuple[int, ...], np.dtype]:
    x = convert_to_tensor(x)
    return tuple(x.shape), _dtype(dtype, x.array.dtype)


def zeros_like(x: Any, dtype: Any = None) -> Tensor:
    shape, dt = _like(x, dtype)
    return wrap(np.zeros(shape, dt))


def ones_like(x: Any, dtype: Any = None) -> Tensor:
    shape, dt = _like(x, dtype)
    return wrap(np.ones(shape, dt))


def full_like(x: Any, fill_value: Any, dtype: Any = None) -> Tensor:
    shape, dt = _like(x, dtype)
    return wrap(np.full(shape, np.asarray(getattr(fill_value, "array", fill_value)), dt))


def eye(N: int, M: int | None = None, k: int = 0, dtype: Any = None) -> Tensor:  # noqa: N803 - Keras's names
    """The ``N × M`` matrix with ones on diagonal ``k`` (``out[i, i + k] = 1``)."""
    return wrap(np.eye(int(N), None if M is None else int(M), int(k), dtype=_dtype(dtype)))


def identity(n: int, dtype: Any = None) -> Tensor:
    return eye(n, dtype=dtype)


def tri(N: int, M: int | None = None, k: int = 0, dtype: Any = None) -> Tensor:  # noqa: N803
    """``out[i, j] = 1`` where ``j ≤ i + k``, else 0."""
    return wrap(np.tri(int(N), None if M is None else int(M), int(k), dtype=_dtype(dtype)))


def linspace(start: Any, stop: Any, num: int = 50, endpoint: bool = True, retstep: bool = False,
             dtype: Any = None, axis: int = 0) -> Any:
    """``num`` evenly spaced values from ``start`` to ``stop`` (``stop`` included when ``endpoint``)."""
    values, step = np.linspace(np.asarray(start), np.asarray(stop), int(num), endpoint=endpoint, retstep=True,
                               axis=axis)
    out = wrap(values.astype(_dtype(dtype)))
    return (out, wrap(np.asarray(step, _dtype(dtype)))) if retstep else out


def empty(shape: Any, dtype: Any = None) -> Tensor:
    """A tensor of ``shape`` (its values are zeros here)."""
    return zeros(shape, dtype)


def empty_like(x: Any, dtype: Any = None) -> Tensor:
    return zeros_like(x, dtype)


def logspace(start: Any, stop: Any, num: int = 50, endpoint: bool = True, base: float = 10, dtype: Any = None,
             axis: int = 0) -> Tensor:
    """``base ** linspace(start, stop, num)``."""
    values = np.logspace(np.asarray(start), np.asarray(stop), int(num), endpoint=endpoint, base=base, axis=axis)
    return wrap(values.astype(_dtype(dtype)))


def array(x: Any, dtype: Any = None) -> Tensor:
    """``x`` as a new tensor (as :func:`convert_to_tensor`)."""
    return convert_to_tensor(x, dtype)


def copy(x: Any) -> Tensor:
    """A copy of ``x`` (the gradient flows back to ``x``)."""
    x = convert_to_tensor(x)
    return x + wrap(np.zeros((), x.array.dtype)) if x.array.dtype.kind == "f" else wrap(x.array.copy())


__all__ = [
    "arange", "array", "copy", "empty", "empty_like", "eye", "full", "full_like", "identity", "linspace",
    "logspace", "ones", "ones_like", "tri", "zeros", "zeros_like",
]
