"""Helpers shared by the op modules: operand conversion and gradient un-broadcasting."""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero import dtypes
from ligero.errors import ShapeError
from ligero.tensor import Tensor, as_tensor, make_result


def operands(a: Any, b: Any) -> tuple[Tensor, Tensor]:
    """Both operands as Tensors of one dtype, promoted as torch does (see :mod:`ligero.dtypes`).

    A plain number of the tensor's category or a lower one takes the tensor's dtype,
    so ``x * 2.0`` stays float32 when ``x`` is float32 and ``i * 2`` stays int32
    when ``i`` is int32; ``i * 2.5`` gives float32.
    """
    if isinstance(a, Tensor):
        if isinstance(b, Tensor):
            if a.array.dtype == b.array.dtype:
                return a, b
            return _promoted(a, b)
        return _with_value(a, b, False)
    if isinstance(b, Tensor):
        return _with_value(b, a, True)
    return _promoted(as_tensor(a), as_tensor(b))


def _with_value(t: Tensor, value: Any, value_first: bool) -> tuple[Tensor, Tensor]:
    """``t`` and a non-Tensor ``value`` (a number, list or array) as two Tensors of one dtype."""
    kind = t.array.dtype.kind
    if isinstance(value, np.ndarray) or isinstance(value, (list, tuple)):
        arr = np.asarray(value)
        if arr.dtype.kind == "f" and not isinstance(value, np.ndarray):  # a list of floats
            arr = arr.astype(t.array.dtype if kind == "f" else dtypes.DEFAULT_FLOAT.dtype)
        elif arr.dtype.kind in "iu" and kind == "f":
            arr = arr.astype(t.array.dtype)
        other = Tensor(arr, dtype=arr.dtype)
        pair = _promoted(t, other)
    elif (isinstance(value, (bool, np.bool_)) or (kind != "b" and isinstance(value, (int, np.integer)))
          or kind == "f"):
        pair = t, Tensor(value, dtype=t.array.dtype)
    else:  # a number of a higher category than the tensor: the category's default dtype
        target = dtypes.result_type((t.array.dtype, 2), (dtypes.scalar_dtype(value), 0))
        pair = cast(t, target), Tensor(value, dtype=target)
    return (pair[1], pair[0]) if value_first else pair


def _common_dtype(a: Tensor, b: Tensor) -> np.dtype:
    return dtypes.result_type((a.array.dtype, 2 if a.array.ndim else 1), (b.array.dtype, 2 if b.array.ndim else 1))


def _promoted(a: Tensor, b: Tensor) -> tuple[Tensor, Tensor]:
    target = _common_dtype(a, b)
    return (a if a.array.dtype == target else cast(a, target),
            b if b.array.dtype == target else cast(b, target))


def cast(a: Tensor, dtype: Any) -> Tensor:
    """``a`` converted to ``dtype``;  dL/da = g converted back (floating dtypes only carry gradients)."""
    target = np.dtype(dtype)
    out = a.array.astype(target)
    if target.kind not in "fc":
        return Tensor(out, dtype=target)
    source = a.array.dtype
    if target.kind == "c" and source.kind != "c":  # a real tensor made complex gets the real part back
        return make_result(out, (a,), lambda g: (g.real.astype(source, copy=False),), "cast")
    return make_result(out, (a,), lambda g: (g.astype(source, copy=False),), "cast")


def unbroadcast(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum ``grad`` over the axes that broadcasting added or stretched, back to ``shape``.

    If ``y = f(x)`` broadcast ``x`` from ``shape`` to ``grad.shape``, then
    ``dL/dx = sum of dL/dy over every broadcast axis``.
    """
    if grad.shape == shape:
        return grad
    extra = grad.ndim - len(shape)
    if extra > 0:
        grad = grad.sum(axis=tuple(range(extra)))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    if stretched:
        grad = grad.sum(axis=stretched, keepdims=True)
    return grad


def broadcast_error(op: str, *shapes: tuple[int, ...]) -> ShapeError:
    listed = " and ".join(str(tuple(s)) for s in shapes)
    return ShapeError(f"{op}: shapes {listed} cannot be broadcast together")


def normalize_axes(axis: Any, ndim: int) -> tuple[int, ...]:
    """``axis`` (None, int or tuple) as a sorted tuple of non-negative axes.

    As in PyTorch, a 0-d tensor accepts axis 0 or -1, which reduces nothing.
    """
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, (int, np.integer)):
        axis = (int(axis),)
    if not isinstance(axis, (tuple, list)) or not all(
        isinstance(ax, (int, np.integer)) and not isinstance(ax, bool) for ax in axis
    ):
        raise ShapeError(f"axis must be None, an integer or a tuple of integers, got {axis!r}")
    out = []
    for ax in axis:
        if not -max(ndim, 1) <= ax < max(ndim, 1):
            raise ShapeError(f"axis {ax} is out of range for a tensor with {ndim} dimensions")
        if ndim:
            out.append(ax % ndim)
    return tuple(sorted(set(out)))

