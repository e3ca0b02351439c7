"""Comparisons and logical operations: elementwise, not differentiable, boolean results."""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.errors import ShapeError
from ligero.tensor import Tensor, _leaf


def _array(x: Any) -> Any:
    return x.array if isinstance(x, Tensor) else x


def _compare(fn: Any, name: str) -> Any:
    def op(a: Any, b: Any) -> Tensor:
        x, y = _array(a), _array(b)
        try:
            return _leaf(np.asarray(fn(x, y)))
        except ValueError:
            raise ShapeError(
                f"{name}: shapes {np.shape(x)} and {np.shape(y)} cannot be broadcast together"
            ) from None

    op.__name__ = name
    op.__doc__ = f"``{name}(a, b)`` elementwise, as a bool tensor."
    return op


eq = _compare(np.equal, "eq")
ne = _compare(np.not_equal, "ne")
lt = _compare(np.less, "lt")
le = _compare(np.less_equal, "le")
gt = _compare(np.greater, "gt")
ge = _compare(np.greater_equal, "ge")
logical_and = _compare(np.logical_and, "logical_and")
logical_or = _compare(np.logical_or, "logical_or")
logical_xor = _compare(np.logical_xor, "logical_xor")


def _bitwise(fn: Any, logical: Any, name: str) -> Any:
    """``&``, ``|``, ``^``: logical on bool tensors, bitwise on integers (torch's meaning)."""

    def op(a: Any, b: Any) -> Tensor:
        x, y = np.asarray(_array(a)), np.asarray(_array(b))
        if x.dtype.kind == "f" or y.dtype.kind == "f":
            raise TypeError(f'"{name}" not implemented for floating-point tensors')
        out = logical(x, y) if x.dtype.kind == "b" and y.dtype.kind == "b" else fn(x, y)
        return _leaf(np.asarray(out))

    op.__name__ = name
    return op


bitwise_and = _bitwise(np.bitwise_and, np.logical_and, "bitwise_and")
bitwise_or = _bitwise(np.bitwise_or, np.logical_or, "bitwise_or")
bitwise_xor = _bitwise(np.bitwise_xor, np.logical_xor, "bitwise_xor")


def logical_not(a: Any) -> Tensor:
    """``not a`` elementwise (non-zero is True), as a bool tensor."""
    return _leaf(np.logical_not(_array(a)))


def bitwise_not(a: Any) -> Tensor:
    """``~a``: logical not on bool tensors, bitwise not on integers."""
    x = np.asarray(_array(a))
    if x.dtype.kind == "f":
        raise TypeError('"bitwise_not" not implemented for floating-point tensors')
    return _leaf(np.invert(x))


def isclose(a: Any, b: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> Tensor:
    """``|a - b| <= atol + rtol·|b|`` elementwise."""
    return _leaf(np.asarray(np.isclose(_array(a), _array(b), rtol=rtol, atol=atol, equal_nan=equal_nan)))


def allclose(a: Any, b: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> bool:
    """Whether every element is close (:func:`isclose`)."""
    return bool(np.allclose(_array(a), _array(b), rtol=rtol, atol=atol, equal_nan=equal_nan))


def equal(a: Any, b: Any) -> bool:
    """Whether both have the same shape and the same values."""
    x, y = np.asarray(_array(a)), np.asarray(_array(b))
    return x.shape == y.shape and bool(np.array_equal(x, y))


def isnan(a: Any) -> Tensor:
    return _leaf(np.isnan(_array(a)))


def isinf(a: Any) -> Tensor:
    return _leaf(np.isinf(_array(a)))


def isfinite(a: Any) -> Tensor:
    return _leaf(np.isfinite(_array(a)))
