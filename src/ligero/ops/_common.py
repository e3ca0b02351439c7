"""Helpers shared by the op modules: operand conversion and gradient un-broadcasting."""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.errors import ShapeError
from ligero.tensor import Tensor


def operands(a: Any, b: Any) -> tuple[Tensor, Tensor]:
    """Both operands as Tensors; a plain number takes the dtype of the tensor beside it.

    This keeps ``x * 2.0`` in float32 when ``x`` is float32 (no silent upcast).
    """
    if isinstance(a, Tensor) and isinstance(b, Tensor):
        return a, b
    if isinstance(a, Tensor):
        return a, Tensor(b, dtype=_scalar_dtype(b, a))
    if isinstance(b, Tensor):
        return Tensor(a, dtype=_scalar_dtype(a, b)), b
    return Tensor(a), Tensor(b)


def _scalar_dtype(value: Any, partner: Tensor) -> Any:
    if isinstance(value, np.ndarray) and np.issubdtype(value.dtype, np.floating):
        return None  # keep a float array's own dtype, as NumPy would
    return partner.dtype


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
    listed = " and ".join(str(s) for s in shapes)
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

