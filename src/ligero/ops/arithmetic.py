"""Arithmetic with broadcasting: + - * / ** neg, matmul, maximum/minimum, where, clip.

For every binary op ``z = f(a, b)`` broadcast as NumPy does, the gradient of
each operand is summed back to its own shape (see ``unbroadcast``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero import dtypes
from ligero.errors import ShapeError
from ligero.ops._common import broadcast_error, cast, operands, unbroadcast
from ligero.tensor import Tensor, as_tensor, make_result


def _elementwise(op: str, fn: Any, a: Tensor, b: Tensor) -> np.ndarray:
    try:
        return fn(a.array, b.array)
    except ValueError:
        raise broadcast_error(op, a.array.shape, b.array.shape) from None


def _plain(x: Any) -> Any:
    """The array inside a Tensor; anything else as it is."""
    return x.array if isinstance(x, Tensor) else x


def add(a: Any, b: Any) -> Tensor:
    """``a + b``;  dz/da = 1, dz/db = 1."""
    a, b = operands(a, b)
    out = _elementwise("add", np.add, a, b)

    def backward(g: np.ndarray) -> tuple:
        return (
            unbroadcast(g, a.array.shape) if a.requires_grad else None,
            unbroadcast(g, b.array.shape) if b.requires_grad else None,
        )

    return make_result(out, (a, b), backward, "add")


def sub(a: Any, b: Any) -> Tensor:
    """``a - b``;  dz/da = 1, dz/db = -1."""
    a, b = operands(a, b)
    out = _elementwise("sub", np.subtract, a, b)

    def backward(g: np.ndarray) -> tuple:
        return (
            unbroadcast(g, a.array.shape) if a.requires_grad else None,
            -unbroadcast(g, b.array.shape) if b.requires_grad else None,
        )

    return make_result(out, (a, b), backward, "sub")


def mul(a: Any, b: Any) -> Tensor:
    """``a * b``;  dz/da = b, dz/db = a."""
    a, b = operands(a, b)
    out = _elementwise("mul", np.multiply, a, b)

    def backward(g: np.ndarray) -> tuple:
        if out.dtype.kind == "c":  # torch's complex gradient: g times the conjugate of the other factor
            return _conjugated(g, a, b)
        return (
            unbroadcast(g * b.array, a.array.shape) if a.requires_grad else None,
            unbroadcast(g * a.array, b.array.shape) if b.requires_grad else None,
        )

    return make_result(out, (a, b), backward, "mul")


def _conjugated(g: np.ndarray, a: Tensor, b: Tensor) -> tuple:
    """``(g·conj(b), g·conj(a))`` for complex ``a·b``, each back in its operand's dtype (real part if real)."""
    def part(grad: np.ndarray, t: Tensor) -> np.ndarray:
        grad = unbroadcast(grad, t.array.shape)
        return grad if t.array.dtype.kind == "c" else grad.real.astype(t.array.dtype)

    return (part(g * np.conj(b.array), a) if a.requires_grad else None,
            part(g * np.conj(a.array), b) if b.requires_grad else None)


def div(a: Any, b: Any) -> Tensor:
    """``a / b`` (true division: integers give the default float, as in torch);  dz/da = 1/b, dz/db = -a/b²."""
    a, b = operands(a, b)
    if a.array.dtype.kind not in "fc":
        a, b = cast(a, dtypes.DEFAULT_FLOAT.dtype), cast(b, dtypes.DEFAULT_FLOAT.dtype)
    out = _elementwise("div", np.divide, a, b)

    def backward(g: np.ndarray) -> tuple:
        if out.dtype.kind == "c":  # torch's complex gradient: g·conj(dz/da), g·conj(dz/db)
            return (unbroadcast(g / np.conj(b.array), a.array.shape) if a.requires_grad else None,
                    unbroadcast(-g * np.conj(out / b.array), b.array.shape) if b.requires_grad else None)
        ga = unbroadcast(g / b.array, a.array.shape) if a.requires_grad else None
        gb = unbroadcast(-g * out / b.array, b.array.shape) if b.requires_grad else None
        return ga, gb

    return make_result(out, (a, b), backward, "div")


def pow(a: Any, b: Any) -> Tensor:  # noqa: A001 - the operator's name
    """``a ** b``;  dz/da = b·a^(b-1) (0 where b = 0, even at a = 0), dz/db = a^b·ln(a) (0 where a ≤ 0)."""
    a, b = operands(a, b)
    out = _elementwise("pow", np.power, a, b)

    def backward(g: np.ndarray) -> tuple:
        ga = gb = None
        if a.requires_grad:
            with np.errstate(divide="ignore", invalid="ignore"):
                slope = b.array * np.power(a.array, b.array - 1)
            zero_exponent = b.array == 0
            if np.any(zero_exponent):  # a^0 is constant: 0 · 0^-1 must not give nan
                slope = np.where(zero_exponent, 0, slope)
            ga = unbroadcast(g * slope, a.array.shape)
        if b.requires_grad:
            with np.errstate(divide="ignore", invalid="ignore"):
                log_a = np.where(a.array > 0, np.log(np.where(a.array > 0, a.array, 1)), 0)
            gb = unbroadcast(g * out * log_a, b.array.shape)
        return ga, gb

    return make_result(out, (a, b), backward, "pow")


def neg(a: Any) -> Tensor:
    """``-a``;  dz/da = -1."""
    a = as_tensor(a)
    return make_result(-a.array, (a,), lambda g: (-g,), "neg")


def matmul(a: Any, b: Any) -> Tensor:
    """Matrix product ``a @ b`` with NumPy's rules (vectors, matrices, batches).

    For 2-D operands: dL/da = g @ bᵀ, dL/db = aᵀ @ g. A 1-D operand is treated
    as a row (left) or column (right) vector; batch dimensions broadcast.
    """
    a, b = operands(a, b)
    if a.ndim == 0 or b.ndim == 0:
        raise ShapeError(f"matmul: operands must not be scalars, got shapes {a.array.shape} and {b.array.shape}")
    k_a = a.array.shape[-1]
    k_b = b.array.shape[0] if b.ndim == 1 else b.array.shape[-2]
    if k_a != k_b:
        raise ShapeError(
            f"matmul: shapes {a.array.shape} and {b.array.shape} do not align "
            f"({k_a} columns on the left != {k_b} rows on the right)"
        )
    try:
        out = np.matmul(a.array, b.array)
    except ValueError:
        raise broadcast_error("matmul (batch dimensions)", a.array.shape, b.array.shape) from None

    def backward(g: np.ndarray) -> tuple:
        a2 = a.array if a.ndim > 1 else a.array[None, :]
        b2 = b.array if b.ndim > 1 else b.array[:, None]
        g2 = g
        if b.ndim == 1:
            g2 = np.expand_dims(g2, -1)
        if a.ndim == 1:
            g2 = np.expand_dims(g2, -2)
        ga = gb = None
        if a.requires_grad:
            ga = unbroadcast(np.matmul(g2, np.swapaxes(b2, -1, -2)), a2.shape).reshape(a.array.shape)
        if b.requires_grad:
            gb = unbroadcast(np.matmul(np.swapaxes(a2, -1, -2), g2), b2.shape).reshape(b.array.shape)
        return ga, gb

    return make_result(out, (a, b), backward, "matmul")


def _select(op: str, a: Any, b: Any, pick_a: Any) -> Tensor:
    a, b = operands(a, b)
    mask = _elementwise(op, pick_a, a, b)
    out = np.where(mask, a.array, b.array)

    def backward(g: np.ndarray) -> tuple:
        return (
            unbroadcast(np.where(mask, g, 0), a.array.shape) if a.requires_grad else None,
            unbroadcast(np.where(mask, 0, g), b.array.shape) if b.requires_grad else None,
        )

    return make_result(out, (a, b), backward, op)


def maximum(a: Any, b: Any) -> Tensor:
    """Elementwise max; the gradient goes to the larger operand (to ``a`` on ties)."""
    return _select("maximum", a, b, np.greater_equal)


def minimum(a: Any, b: Any) -> Tensor:
    """Elementwise min; the gradient goes to the smaller operand (to ``a`` on ties)."""
    return _select("minimum", a, b, np.less_equal)


def where(condition: Any, a: Any, b: Any) -> Tensor:
    """``a`` where ``condition`` holds, else ``b``; the gradient follows the choice."""
    cond = np.asarray(_plain(condition), dtype=bool)
    a, b = operands(a, b)
    try:
        out = np.where(cond, a.array, b.array)
    except ValueError:
        raise broadcast_error("where", cond.shape, a.array.shape, b.array.shape) from None

    def backward(g: np.ndarray) -> tuple:
        return (
            unbroadcast(np.where(cond, g, 0), a.array.shape) if a.requires_grad else None,
            unbroadcast(np.where(cond, 0, g), b.array.shape) if b.requires_grad else None,
        )

    return make_result(out, (a, b), backward, "where")


def clip(a: Any, low: Any = None, high: Any = None) -> Tensor:
    """``min(max(a, low), high)``; gradient 1 inside [low, high], 0 where clipped.

    The bounds take ``a``'s dtype, so a float32 tensor stays float32.
    """
    a = as_tensor(a)
    low = None if low is None else np.asarray(_plain(low), dtype=a.dtype)
    high = None if high is None else np.asarray(_plain(high), dtype=a.dtype)
    out = np.clip(a.array, low, high)
    inside = np.ones(a.array.shape, dtype=bool)
    if low is not None:
        inside &= a.array >= low
    if high is not None:
        inside &= a.array <= high

    return make_result(out, (a,), lambda g: (np.where(inside, g, 0),), "clip")


def floor_divide(a: Any, b: Any) -> Tensor:
    """``a // b`` rounded down (not differentiable: its derivative is 0 where it exists)."""
    a, b = operands(a, b)
    return Tensor(_elementwise("floor_divide", np.floor_divide, a, b), dtype=a.array.dtype)


def _torch_remainder(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """torch's remainder: C's fmod, moved by ``y`` where its sign differs from ``y``'s (a zero keeps
    ``x``'s sign, as torch's, where NumPy's gives +0; integers alike)."""
    mod = np.fmod(x, y)
    shift = (mod != 0) & ((y < 0) != (mod < 0))
    return np.where(shift, mod + y, mod) if shift.any() else mod


def remainder(a: Any, b: Any) -> Tensor:
    """``a - floor(a / b)·b`` (Python's ``%``, the sign of ``b``);  dz/da = 1, dz/db = -floor(a / b)."""
    return _remainder_of("remainder", a, b, _torch_remainder, np.floor_divide)


def fmod(a: Any, b: Any) -> Tensor:
    """``a - trunc(a / b)·b`` (C's ``fmod``, the sign of ``a``);  dz/da = 1, dz/db = -trunc(a / b)."""
    return _remainder_of("fmod", a, b, np.fmod, lambda x, y: np.trunc(x / y))


def _remainder_of(name: str, a: Any, b: Any, value: Any, quotient: Any) -> Tensor:
    """``a - q(a, b)·b`` computed by ``value``, for a rounded quotient ``q``: dz/da = 1, dz/db = -q."""
    a, b = operands(a, b)
    out = _elementwise(name, value, a, b)

    def backward(g: np.ndarray) -> tuple:
        return (
            unbroadcast(g, a.array.shape) if a.requires_grad else None,
            unbroadcast(-g * quotient(a.array, b.array), b.array.shape) if b.requires_grad else None,
        )

    return make_result(out, (a, b), backward, name)
