"""``keras.ops`` core: conversion, casting, shapes, ``stop_gradient``, ``slice`` and the control flow
(``cond``, ``fori_loop``, ``while_loop``) run eagerly, as Keras's torch backend runs them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ligero import ops as _ops
from ligero.tensor import Tensor

FLOATX = np.float32
_slice = slice


def wrap(array: Any) -> Tensor:
    """A Tensor holding ``array`` with its own dtype (integers and bools stay so)."""
    array = np.asarray(array)
    return Tensor(array, dtype=array.dtype)


def convert_to_tensor(x: Any, dtype: Any = None, sparse: Any = None) -> Tensor:
    """``x`` as a Tensor (floating values float32 unless ``dtype`` says otherwise, as Keras's floatx)."""
    if isinstance(x, Tensor) and dtype is None:
        return x
    value = np.asarray(x.array if isinstance(x, Tensor) else x)
    if dtype is None and not isinstance(x, np.ndarray) and value.dtype in (np.float64, np.int64):
        # Python floats become floatx and Python ints int32; an ndarray keeps its dtype, as in Keras
        dtype = "float32" if value.dtype == np.float64 else "int32"
    if isinstance(x, Tensor):
        return _ops.cast(x, np.dtype(dtype))
    return wrap(value if dtype is None else value.astype(dtype))


def floating(x: Any) -> Tensor:
    """``x`` as a Tensor, an integer or bool one cast to float32 (Keras's rule for ``sin``, ``mean``...)."""
    x = convert_to_tensor(x)
    return x if x.array.dtype.kind == "f" else _ops.cast(x, FLOATX)


def convert_to_numpy(x: Any) -> np.ndarray:
    return np.array(x.array if isinstance(x, Tensor) else x)


def cast(x: Any, dtype: Any) -> Tensor:
    """``x`` as ``dtype`` (the gradient flows between floating dtypes)."""
    return _ops.cast(convert_to_tensor(x), np.dtype(dtype))


def shape(x: Any) -> tuple[int, ...]:
    return tuple(np.shape(x.array if isinstance(x, Tensor) else x))


def is_tensor(x: Any) -> bool:
    return isinstance(x, Tensor)


def stop_gradient(variable: Any) -> Tensor:
    """The value of ``variable`` with no gradient flowing back through it."""
    return convert_to_tensor(variable).detach()


def slice(inputs: Any, start_indices: Any, shape: Any) -> Tensor:  # noqa: A001 - Keras's name
    """``inputs[start_0 : start_0 + shape_0, ...]``: the block of ``shape`` starting at ``start_indices``."""
    x = convert_to_tensor(inputs)
    starts, sizes = [int(s) for s in start_indices], [int(s) for s in shape]
    if len(starts) != x.ndim or len(sizes) != x.ndim:
        raise ValueError(f"slice: start_indices {tuple(starts)} and shape {tuple(sizes)} must both have one "
                         f"entry per axis of the input of shape {tuple(x.shape)}")
    index = tuple(_slice(s, s + (n if n >= 0 else d - s)) for s, n, d in zip(starts, sizes, x.shape))
    return _ops.getitem(x, index)


def cond(pred: Any, true_fn: Callable[[], Any], false_fn: Callable[[], Any]) -> Any:
    """``true_fn()`` when ``pred`` holds, else ``false_fn()`` (only the chosen branch runs)."""
    return true_fn() if bool(convert_to_numpy(pred)) else false_fn()


def fori_loop(lower: int, upper: int, body_fun: Callable[[int, Any], Any], init_val: Any) -> Any:
    """``val = body_fun(i, val)`` for ``i`` in ``range(lower, upper)``, starting from ``init_val``."""
    val = init_val
    for i in range(int(lower), int(upper)):
        val = body_fun(i, val)
    return val


def while_loop(cond: Callable[..., Any], body: Callable[..., Any], loop_vars: Any,
               maximum_iterations: int | None = None) -> Any:
    """``loop_vars = body(*loop_vars)`` while ``cond(*loop_vars)`` (at most ``maximum_iterations`` times).

    A tuple or list of loop variables is unpacked into ``cond`` and ``body``; a single one is passed as is.
    """
    packed = isinstance(loop_vars, (tuple, list))
    state = tuple(loop_vars) if packed else (loop_vars,)
    count = 0
    while (maximum_iterations is None or count < maximum_iterations) and bool(convert_to_numpy(cond(*state))):
        out = body(*state)
        state = tuple(out) if packed else (out,)
        count += 1
    return type(loop_vars)(state) if packed else state[0]


def dtype(x: Any) -> str:
    """The name of ``x``'s dtype (``"float32"``...)."""
    return str(convert_to_tensor(x).array.dtype)


def switch(index: Any, branches: list[Callable[..., Any]], *operands: Any) -> Any:
    """``branches[index](*operands)``, ``index`` clamped to the valid range (only that branch runs)."""
    k = int(np.clip(int(convert_to_numpy(index)), 0, len(branches) - 1))
    return branches[k](*operands)


def map(f: Callable[[Any], Any], xs: Any) -> Any:  # noqa: A001 - Keras's name
    """``f`` applied to each slice ``xs[i]`` along the first axis, the results stacked."""
    xs = convert_to_tensor(xs)
    return _ops.stack([convert_to_tensor(f(x)) for x in _ops.unbind(xs, 0)], 0)


def vectorized_map(function: Callable[[Any], Any], elements: Any) -> Any:
    """As :func:`map` (run slice by slice)."""
    return map(function, elements)


def scan(f: Callable[[Any, Any], tuple[Any, Any]], init: Any, xs: Any = None, length: int | None = None,
         reverse: bool = False, unroll: int = 1) -> tuple[Any, Any]:
    """``carry, y_i = f(carry, xs[i])`` over the first axis of ``xs`` (or ``length`` times with ``None``);
    returns ``(final carry, the y_i stacked)``."""
    items = [None] * int(length) if xs is None else list(_ops.unbind(convert_to_tensor(xs), 0))
    carry, ys = init, []
    for item in (reversed(items) if reverse else items):
        carry, y = f(carry, item)
        ys.append(convert_to_tensor(y))
    if reverse:
        ys.reverse()
    return carry, (_ops.stack(ys, 0) if ys else None)


__all__ = [
    "cast", "cond", "convert_to_numpy", "convert_to_tensor", "dtype", "fori_loop", "is_tensor", "map", "scan",
    "shape", "slice", "stop_gradient", "switch", "vectorized_map", "while_loop",
]
